//! The lists split into pages (`[build] page_size`, see `render/paging.rs`):
//! which lists, their index on their own page, and the pages of their
//! events (`list_page.html`).

use super::VarSink;
use crate::base::diagnostics::Diagnostic;
use crate::chronology::Filter;
use crate::render::PageRenderer;
use crate::render::chrono_page::Year;
use crate::render::claims::{self, Ledger, claim_rows};
use crate::render::links::Links;
use crate::render::paging::{chains_per_page, chronology_split, page_path};
use crate::render::views::{ActorEvent, EventRow};
use crate::resolve::Library;
use serde::Serialize;

/// A list that may be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// The chronology, or one of its filtered views.
    Chronology(Filter),
    /// `/events/`.
    Events,
    /// An actor's events on its page.
    Actor(usize),
    /// The tit-for-tat chains of a split chronology, whole.
    Chains,
    /// A page of the claims ledger: its claims, by their events' dates.
    Ledger(Ledger),
}

/// Beyond this many pages, a list's index does not link each page: a
/// million events make 4,000 pages of the chronology and 3,000 of its
/// chains, whose links alone would weigh 700 kB on one page. Each month
/// then gives the range of pages it is on, linked at both ends, and each
/// page links the pages before and after it.
pub(crate) const LISTED_PAGES: usize = 500;

/// What a list's page links to when split: the index of its pages.
#[derive(Serialize)]
pub(crate) struct ListIndex {
    /// Events listed, over all pages.
    pub count: usize,
    /// Years, with their months.
    pub years: Vec<IndexYear>,
    /// Its pages in all.
    pub page_count: usize,
    /// More pages than [`LISTED_PAGES`]: `pages` is empty and the months
    /// give their ranges of pages.
    pub compact: bool,
    /// Every page of the list, unless `compact`.
    pub pages: Vec<PageLink>,
}

/// A year of a list's index.
#[derive(Serialize)]
pub(crate) struct IndexYear {
    /// Year.
    pub year: i32,
    /// Events in the year.
    pub count: usize,
    /// Months in order.
    pub months: Vec<IndexMonth>,
}

/// A month of a list's index.
#[derive(Serialize)]
pub(crate) struct IndexMonth {
    /// "2019-12", or "2019" for events dated only by year: the anchor of
    /// the month on its page, and of this entry (`m2019-12`) on the index,
    /// which the charts' grouped marks link to.
    pub key: String,
    /// "December 2019", or "2019, month unknown".
    pub label: String,
    /// Events in the month.
    pub count: usize,
    /// The page holding the month's first event, at the month.
    pub url: String,
    /// The pages holding its first and last event (from 1), and their
    /// links without an anchor.
    pub first_page: usize,
    pub last_page: usize,
    pub first_url: String,
    pub last_url: String,
}

/// A page of a list.
#[derive(Serialize)]
pub(crate) struct PageLink {
    /// From 1.
    pub number: usize,
    /// Link.
    pub url: String,
    /// The first event's date ("3 March 2020").
    pub first: String,
    /// The last event's date.
    pub last: String,
}

/// Where a page of a list stands among the others.
#[derive(Serialize)]
pub(crate) struct Pager {
    /// From 1.
    pub number: usize,
    /// Pages in all.
    pub count: usize,
    /// The list's own page.
    pub up: String,
    /// The page before, if any.
    pub previous: Option<String>,
    /// The page after, if any.
    pub next: Option<String>,
    /// The first event's date.
    pub first: String,
    /// The last event's date.
    pub last: String,
}

/// A month of one page's events.
#[derive(Serialize)]
pub(crate) struct MonthGroup<T> {
    /// "2019-12": the anchor.
    pub key: String,
    /// "December 2019".
    pub label: String,
    /// The month's events on this page.
    pub items: Vec<T>,
}

/// "December 2019", or "2019, month unknown".
fn month_label(lib: &Library, i: usize) -> String {
    let d = &lib.events[i].date;
    match d.month_name() {
        "" => format!("{}, month unknown", d.year),
        name => format!("{name} {}", d.year),
    }
}

/// `items` (each with its event) grouped by month, in order.
fn by_month<T>(lib: &Library, items: impl IntoIterator<Item = (usize, T)>) -> Vec<MonthGroup<T>> {
    let mut groups: Vec<MonthGroup<T>> = Vec::new();
    for (i, item) in items {
        let key = lib.events[i].date.month_key();
        if groups.last().is_none_or(|g| g.key != key) {
            groups.push(MonthGroup {
                key,
                label: month_label(lib, i),
                items: Vec::new(),
            });
        }
        groups.last_mut().expect("just pushed").items.push(item);
    }
    groups
}

impl List {
    /// Every list of the site that may be split.
    pub(crate) fn every(r: &PageRenderer) -> Vec<List> {
        let mut lists = vec![List::Events, List::Chronology(Filter::All), List::Chains];
        lists.extend(r.chrono.filters.iter().map(|&(f, _)| List::Chronology(f)));
        lists.extend((0..r.lib.actors.len()).map(List::Actor));
        lists.extend(Ledger::every(r).into_iter().map(List::Ledger));
        lists
    }

    /// The list's own page.
    pub(crate) fn base(self, r: &PageRenderer) -> String {
        let lib = r.lib;
        match self {
            List::Events => r.paths.section("events"),
            List::Chronology(Filter::All) => r.paths.section("chronology"),
            List::Chronology(f) => {
                let (facet, slug) = f.slug(lib).expect("a filtered view has a slug");
                r.paths.filter(facet, slug)
            }
            List::Actor(a) => r.paths.actor(&lib.actors[a].id),
            List::Chains => r.paths.section("chronology/chains"),
            List::Ledger(l) => l.path(lib, r.paths),
        }
    }

    /// Where a page's up link goes: the list's index.
    fn up(self, r: &PageRenderer, links: Links<'_>) -> String {
        match self {
            List::Chains => links.section("chronology") + "#chains",
            _ => links.file(&self.base(r)) + "#index",
        }
    }

    /// The events listed, in order: an actor's list has one entry per part
    /// it takes (event, index in the event's actors).
    fn entries(self, r: &PageRenderer) -> Vec<(usize, usize)> {
        let lib = r.lib;
        match self {
            List::Events => (0..lib.events.len()).map(|i| (i, 0)).collect(),
            List::Chronology(f) => f
                .events(lib, r.chrono.chrono)
                .into_iter()
                .map(|i| (i, 0))
                .collect(),
            List::Actor(a) => lib.actor_events[a].clone(),
            // Each chain by its first event.
            List::Chains => r
                .chrono
                .chrono
                .chains
                .list
                .iter()
                .enumerate()
                .map(|(c, events)| (events[0], c))
                .collect(),
            // Each claim by its event, with its row in the ledger.
            List::Ledger(l) => claims::index(r).entries(l),
        }
    }

    /// Entries in the list, without making them.
    fn len(self, r: &PageRenderer) -> usize {
        let lib = r.lib;
        match self {
            List::Events | List::Chronology(Filter::All) => lib.events.len(),
            List::Chronology(f) => r
                .chrono
                .filters
                .iter()
                .find(|(g, _)| *g == f)
                .map_or(0, |&(_, n)| n),
            List::Actor(a) => lib.actor_events[a].len(),
            List::Chains => r.chrono.chrono.chains.list.len(),
            List::Ledger(l) => claims::index(r).count(l),
        }
    }

    /// Entries on one page.
    fn size(self, lib: &Library) -> usize {
        match self {
            List::Chains => chains_per_page(lib),
            _ => lib.config.page_size,
        }
    }

    /// Its pages beyond its own (0 when it fits on one).
    pub(crate) fn pages(self, r: &PageRenderer) -> usize {
        if self == List::Chains {
            return if chronology_split(r.lib) {
                self.len(r).div_ceil(self.size(r.lib))
            } else {
                0
            };
        }
        let n = self.len(r);
        let size = r.lib.config.page_size;
        if n > size { n.div_ceil(size) } else { 0 }
    }

    /// Whether the list is split.
    pub(crate) fn split(self, r: &PageRenderer) -> bool {
        self.pages(r) > 0
    }

    /// The index its own page shows, linked from there (`links`).
    pub(crate) fn index(self, r: &PageRenderer, links: Links<'_>) -> ListIndex {
        let lib = r.lib;
        let entries = self.entries(r);
        let size = self.size(lib);
        let base = self.base(r);
        let url = |n: usize| links.file(&page_path(r.paths, &base, n));
        let mut years: Vec<IndexYear> = Vec::new();
        for (k, &(i, _)) in entries.iter().enumerate() {
            let date = &lib.events[i].date;
            if years.last().is_none_or(|y| y.year != date.year) {
                years.push(IndexYear {
                    year: date.year,
                    count: 0,
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("just pushed");
            year.count += 1;
            let key = date.month_key();
            let n = k / size + 1;
            if year.months.last().is_none_or(|m| m.key != key) {
                let page = url(n);
                year.months.push(IndexMonth {
                    url: format!("{page}#m{key}"),
                    key,
                    label: month_label(lib, i),
                    count: 0,
                    first_page: n,
                    last_page: n,
                    last_url: page.clone(),
                    first_url: page,
                });
            }
            let month = year.months.last_mut().expect("just pushed");
            month.count += 1;
            if month.last_page != n {
                month.last_page = n;
                month.last_url = url(n);
            }
        }
        let page_count = entries.len().div_ceil(size);
        let compact = page_count > LISTED_PAGES;
        let pages = if compact {
            Vec::new()
        } else {
            entries
                .chunks(size)
                .enumerate()
                .map(|(k, chunk)| PageLink {
                    number: k + 1,
                    url: url(k + 1),
                    first: lib.event_dates[chunk[0].0].display.clone(),
                    last: lib.event_dates[chunk[chunk.len() - 1].0].display.clone(),
                })
                .collect()
        };
        ListIndex {
            count: entries.len(),
            years,
            page_count,
            compact,
            pages,
        }
    }

    /// Page `n`'s site path and title.
    pub(crate) fn frame(self, r: &PageRenderer, n: usize) -> (String, String) {
        let lib = r.lib;
        let name = match self {
            List::Events => "Events".to_string(),
            List::Chronology(Filter::All) => "Chronology".to_string(),
            List::Chronology(f) => format!("Chronology: {}", f.name(lib)),
            List::Actor(a) => format!("{}: events", lib.actors[a].name),
            List::Chains => "Chronology: tit-for-tat chains".to_string(),
            List::Ledger(l) => l.title(lib),
        };
        let total = self.pages(r);
        (
            page_path(r.paths, &self.base(r), n),
            format!("{name}, page {n} of {total}"),
        )
    }

    /// Page `n`'s variables.
    pub(crate) fn fill(self, r: &PageRenderer, links: Links<'_>, n: usize, ctx: &mut impl VarSink) {
        let lib = r.lib;
        let entries = self.entries(r);
        let size = self.size(lib);
        let total = self.pages(r);
        let base = self.base(r);
        let chunk = entries.chunks(size).nth(n - 1).unwrap_or(&[]);
        let date = |k: Option<&(usize, usize)>| {
            k.map(|&(i, _)| lib.event_dates[i].display.clone())
                .unwrap_or_default()
        };
        let pager = Pager {
            number: n,
            count: total,
            up: self.up(r, links),
            previous: (n > 1).then(|| links.file(&page_path(r.paths, &base, n - 1))),
            next: (n < total).then(|| links.file(&page_path(r.paths, &base, n + 1))),
            first: date(chunk.first()),
            last: date(chunk.last()),
        };
        let title = match self {
            List::Ledger(l) => l.title(lib),
            _ => String::new(),
        };
        let (kind, heading) = match self {
            List::Events => ("events", "Events"),
            List::Chronology(Filter::All) => ("chronology", "Chronology"),
            List::Chronology(f) => ("chronology", f.name(lib)),
            List::Actor(a) => ("actor", lib.actors[a].name.as_str()),
            List::Chains => ("chains", "Tit-for-tat chains"),
            List::Ledger(_) => ("claims", &*title),
        };
        ctx.insert("kind", kind);
        ctx.insert("heading", heading);
        ctx.insert("pager", &pager);
        match self {
            List::Chronology(f) => {
                let events: Vec<usize> = chunk.iter().map(|&(i, _)| i).collect();
                let years: Vec<Year> = r.chrono.years(links, &events);
                ctx.insert("years", &years);
                // A filtered view's chains of these events, as lines
                // linking to them (the whole chronology's are on pages of
                // their own).
                let mut chains: Vec<usize> = match f {
                    Filter::All => Vec::new(),
                    _ => events
                        .iter()
                        .filter_map(|&i| r.chrono.chrono.chains.of[i].map(|(c, _)| c))
                        .collect(),
                };
                chains.sort_unstable();
                chains.dedup();
                let chains: Vec<_> = chains
                    .into_iter()
                    .map(|c| r.chrono.chain_summary(links, c))
                    .collect();
                ctx.insert("chains", &chains);
            }
            List::Chains => {
                let chains: Vec<_> = chunk
                    .iter()
                    .map(|&(_, c)| r.chrono.chain(links, c, None))
                    .collect();
                ctx.insert("chains", &chains);
            }
            List::Events => {
                let rows = by_month(
                    lib,
                    chunk
                        .iter()
                        .map(|&(i, _)| (i, EventRow::new(lib, links, i))),
                );
                ctx.insert("months", &rows);
            }
            List::Ledger(_) => {
                let index = claims::index(r);
                let rows = claim_rows(lib, links, index, chunk.iter().map(|&(_, row)| row));
                let rows = by_month(lib, chunk.iter().map(|&(i, _)| i).zip(rows));
                ctx.insert("months", &rows);
            }
            List::Actor(_) => {
                let rows = by_month(
                    lib,
                    chunk
                        .iter()
                        .map(|&(i, k)| (i, ActorEvent::of(lib, links, i, k))),
                );
                ctx.insert("months", &rows);
            }
        }
    }
}

/// The number of an actor's events in each role it takes, for its page
/// when the events themselves are on the pages of its list.
#[derive(Serialize)]
pub(crate) struct RoleCount {
    /// Role.
    pub role: &'static str,
    /// Events.
    pub count: usize,
}

/// Actor `a`'s roles with their counts, in the vocabulary's order.
pub(crate) fn role_counts(lib: &Library, a: usize) -> Vec<RoleCount> {
    crate::model::Role::ALL
        .iter()
        .map(|role| RoleCount {
            role: role.as_str(),
            count: lib.actor_events[a]
                .iter()
                .filter(|&&(i, k)| lib.events[i].actors[k].role == *role)
                .count(),
        })
        .filter(|c| c.count > 0)
        .collect()
}

/// Page `n` (from 1) of a list too long for one page.
#[derive(Clone, Copy)]
pub(super) struct ListPage(pub(super) List, pub(super) usize);

impl super::Page for ListPage {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let (path, title) = self.0.frame(r, self.1);
        (path, "list_page.html", title)
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        self.0.fill(r, links, self.1, ctx);
        Ok(())
    }
}
