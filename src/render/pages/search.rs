//! The search page: `search.html` (the index is `render/search.rs`).

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::links::Links;

#[derive(Clone, Copy)]
pub(super) struct Search;

impl Page for Search {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        (r.paths.section("search"), "search.html", "Search".into())
    }

    fn vars(self, _: &PageRenderer, _: Links, _: &mut impl VarSink) -> Result<(), Diagnostic> {
        Ok(())
    }
}
