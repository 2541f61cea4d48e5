//! The page a server gives for a missing address: `404.html`.

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::links::Links;

#[derive(Clone, Copy)]
pub(super) struct NotFound;

impl Page for NotFound {
    fn frame(self, _: &PageRenderer) -> (String, &'static str, String) {
        ("404.html".into(), "404.html", "Page not found".into())
    }

    /// The 404 page is served at any depth, so it links from the base path.
    fn root(self, r: &PageRenderer, _: &str) -> String {
        r.lib.config.base_path.clone()
    }

    fn vars(self, _: &PageRenderer, _: Links, _: &mut impl VarSink) -> Result<(), Diagnostic> {
        Ok(())
    }
}
