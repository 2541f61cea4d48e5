//! The corrections and updates log, as a page (`changes.html`) and as a
//! feed (`changes_atom.xml`).

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::changes::{DiffView, log};
use crate::render::links::Links;

#[derive(Clone, Copy)]
pub(super) struct Changes;

impl Page for Changes {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        (
            r.paths.section("changes"),
            "changes.html",
            "Corrections and updates".into(),
        )
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        ctx.insert("entries", &log(r.lib, links));
        let since = r.previous.as_ref().map(|d| DiffView::new(d, links));
        ctx.insert("previous", &since);
        Ok(())
    }
}

#[derive(Clone, Copy)]
pub(super) struct ChangesFeed;

impl Page for ChangesFeed {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        (
            "changes/atom.xml".into(),
            "changes_atom.xml",
            format!("{}: corrections and updates", r.lib.config.title),
        )
    }

    fn vars(self, r: &PageRenderer, _: Links, ctx: &mut impl VarSink) -> Result<(), Diagnostic> {
        let lib = r.lib;
        let entries = log(lib, Links::absolute(&lib.config.base_url, r.paths));
        // Newest first: the feed was updated by its first entry.
        let updated = entries
            .first()
            .map_or("1970-01-01T00:00:00Z", |e| e.updated.as_str())
            .to_string();
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        Ok(())
    }
}
