//! The filter links of the chronology pages, and the lists of filtered views.

use super::Context;
use crate::chronology::Filter;
use crate::render::links::Links;
use serde::Serialize;

/// A link to a filtered view.
#[derive(Serialize)]
pub(crate) struct FilterLink<'a> {
    /// "actor", "kind" or "phase".
    pub facet: &'static str,
    /// Actor id, kind id or phase slug.
    pub value: &'a str,
    /// Name shown.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Events in it.
    pub count: usize,
    /// It is the page being shown.
    pub current: bool,
}

/// The filter links of every chronology page (the no-JavaScript filters).
#[derive(Serialize)]
pub(crate) struct FilterNav<'a> {
    /// The whole chronology.
    pub all: String,
    /// Kinds with events.
    pub kinds: Vec<FilterLink<'a>>,
    pub phases: Vec<FilterLink<'a>>,
    /// The actors with most events.
    pub actors: Vec<FilterLink<'a>>,
    /// Actors with events.
    pub actors_total: usize,
    /// The page listing every actor's view.
    pub actors_index: String,
}

impl<'a> Context<'a> {
    /// The filter links, `current` marked.
    pub(crate) fn nav(&self, links: Links<'_>, current: Filter) -> FilterNav<'a> {
        let lib = self.lib;
        let link = |f: Filter, count: usize| self.link(links, f, count, f == current);
        let (mut kinds, mut phases, mut top) = (Vec::new(), Vec::new(), Vec::new());
        for &(f, n) in &self.linked {
            match f {
                Filter::Kind(_) => kinds.push(link(f, n)),
                Filter::Phase(_) => phases.push(link(f, n)),
                Filter::Actor(_) => top.push(link(f, n)),
                Filter::All => {}
            }
        }
        // An actor's own view links to it even when it is not among the top.
        if let Filter::Actor(_) = current
            && !top.iter().any(|l| l.current)
        {
            top.push(link(current, current.events(lib, self.chrono).len()));
        }
        top.sort_by(|x, y| x.name.cmp(y.name));
        FilterNav {
            all: links.section("chronology"),
            kinds,
            phases,
            actors: top,
            actors_total: self.actors,
            actors_index: links.filters("actor"),
        }
    }

    /// The link to one filtered view.
    fn link(&self, links: Links<'_>, f: Filter, count: usize, current: bool) -> FilterLink<'a> {
        let (facet, value) = f.slug(self.lib).expect("a filter has a slug");
        FilterLink {
            facet,
            value,
            name: f.name(self.lib),
            url: links.filter(facet, value),
            count,
            current,
        }
    }

    /// The number of actors with a view of their own.
    pub(crate) fn actor_views(&self) -> usize {
        self.actors
    }

    /// The link to view `k` of [`Context::filters`].
    pub(crate) fn view_link(&self, links: Links<'_>, k: usize) -> FilterLink<'a> {
        let (f, count) = self.filters[k];
        self.link(links, f, count, false)
    }

    /// The list of one facet's views.
    pub(crate) fn filter_index(&self, links: Links<'_>, facet: &str) -> Vec<FilterLink<'a>> {
        let lib = self.lib;
        let mut out: Vec<FilterLink> = self
            .filters
            .iter()
            .filter(|(f, _)| f.slug(lib).is_some_and(|(x, _)| x == facet))
            .map(|&(f, count)| self.link(links, f, count, false))
            .collect();
        if facet == "actor" {
            out.sort_by(|x, y| {
                x.name
                    .to_lowercase()
                    .cmp(&y.name.to_lowercase())
                    .then(x.value.cmp(y.value))
            });
        }
        out
    }
}
