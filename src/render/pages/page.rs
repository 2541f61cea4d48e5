//! A page of the dossier's own prose (`content/pages/*.md`): `page.html`.

use super::VarSink;
use crate::base::diagnostics::Diagnostic;
use crate::render::links::Links;
use crate::render::{PageRenderer, changes, cite};

/// The `n`th of the dossier's pages.
#[derive(Clone, Copy)]
pub(super) struct Page(pub(super) usize);

impl super::Page for Page {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let p = &r.lib.pages[self.0];
        (r.paths.page(&p.slug), "page.html", p.title.clone())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        let p = &r.lib.pages[self.0];
        let mut cites = cite::Citations::new(r.lib, links);
        ctx.insert("body", &cites.body(&p.body)?);
        ctx.insert("summary", &p.summary);
        ctx.insert("references", &cites.references());
        ctx.insert("changes", &changes::RecordChanges::new(&p.changes, links));
        Ok(())
    }
}
