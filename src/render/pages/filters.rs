//! The list of one facet's filtered chronologies:
//! `chronology_filters.html`.

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::chronology::Filter;
use crate::render::PageRenderer;
use crate::render::links::Links;

/// The facet as it appears in URLs: `actor`, `kind` or `phase`.
#[derive(Clone, Copy)]
pub(super) struct Filters(pub(super) &'static str);

impl Page for Filters {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let facet = self.0;
        (
            r.paths.filters(facet),
            "chronology_filters.html",
            format!(
                "Chronology by {}",
                if facet == "kind" {
                    "kind of event"
                } else {
                    facet
                }
            ),
        )
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        ctx.insert("facet", self.0);
        ctx.insert("filters", &r.chrono.filter_index(links, self.0));
        ctx.insert("nav", &r.chrono.nav(links, Filter::All));
        Ok(())
    }
}
