//! A page of the claims ledger: `claims.html` (its views are
//! `render/claims.rs`, which the event pages share).

use super::{Page, VarSink};
use crate::render::PageRenderer;
use crate::render::claims::{Index, Ledger, page};
use crate::render::links::Links;

#[derive(Clone, Copy)]
pub(super) struct Claims(pub(super) Ledger);

impl Page for Claims {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let lib = r.lib;
        (self.0.path(lib, r.paths), "claims.html", self.0.title(lib))
    }

    fn vars(self, r: &PageRenderer, links: Links, ctx: &mut impl VarSink) {
        let index = r.claims.get_or_init(|| Index::new(r.lib));
        ctx.insert("ledger", &page(r.lib, links, index, self.0));
    }
}
