//! The stylesheet, script and icon: templates rendered without context.

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::links::Links;

/// `style.css`, `dossier.js` or `favicon.svg`.
#[derive(Clone, Copy)]
pub(super) struct Asset(pub(super) &'static str);

impl Page for Asset {
    const FRAMED: bool = false;

    fn frame(self, _: &PageRenderer) -> (String, &'static str, String) {
        (self.0.to_string(), self.0, String::new())
    }

    fn vars(self, _: &PageRenderer, _: Links, _: &mut impl VarSink) -> Result<(), Diagnostic> {
        Ok(())
    }
}
