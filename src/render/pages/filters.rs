//! The list of one facet's filtered chronologies:
//! `chronology_filters.html`. The actors' list is split into pages as
//! `/actors/` is when it is longer than `[build] page_size`
//! (`named.rs`): at a million events it names 50,000 actors.

use super::actors::by_kind;
use super::named::{Entry, Named};
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
        if self.0 == "actor" && Named::ActorViews.split(r) {
            let index = Named::ActorViews.index(r, links, &entries(r));
            ctx.insert("index", &index);
        } else {
            ctx.insert("filters", &r.chrono.filter_index(links, self.0));
        }
        ctx.insert("nav", &r.chrono.nav(links, Filter::All));
        Ok(())
    }
}

/// The actors' views as the split list has them (as `/actors/`): an
/// entry's `item` is the view's place in the chronology's filters.
fn entries(r: &PageRenderer) -> Vec<Entry> {
    let views = r.chrono.filters.iter().enumerate();
    let items = views
        .filter_map(|(k, (f, _))| match *f {
            Filter::Actor(a) => Some((k, a)),
            _ => None,
        })
        .collect();
    by_kind(r.lib, items)
}

/// Page `n` (from 1) of the actors' views, when they are too many for one.
#[derive(Clone, Copy)]
pub(super) struct ActorViewsPage(pub(super) usize);

impl Page for ActorViewsPage {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::ActorViews.frame(r, self.0)
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        let entries = entries(r);
        let view = |k: usize| r.chrono.view_link(links, k);
        Named::ActorViews.fill(r, links, self.0, &entries, view, ctx);
        Ok(())
    }
}
