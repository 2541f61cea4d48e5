//! Views of the chronology: the list by year and month, the chart, the
//! tit-for-tat chains, the escalation index and the filters, for the
//! chronology and its filtered views, the home, actor and event pages.

use super::links::Links;
use super::views::EventRow;
use crate::chronology::{Chronology, Filter};
use crate::render::chart::TimeScale;
use crate::render::chart::timeline::{Drawn, Timeline};
use crate::resolve::Library;

mod chains;
mod filters;
mod map;
mod pairs;

pub(super) use chains::ChainView;
pub(super) use filters::{FilterLink, FilterNav};
pub(super) use pairs::PairView;
use serde::Serialize;
use std::collections::BTreeSet;

/// Events of a chain shown around the focus on pages other than the chronology.
const CHAIN_WINDOW: usize = 41;
/// Actors linked from every chronology page; the rest are on the actor index.
const NAV_ACTORS: usize = 12;
/// Pairs drawn on an actor's page.
const ACTOR_PAIRS: usize = 3;
/// A pair needs this many events for its index to say more than one event does.
const MIN_PAIR_EVENTS: usize = 2;

/// What every chronology page is built from, computed once per build.
pub(super) struct Context<'a> {
    /// The library.
    pub lib: &'a Library,
    /// Its analysis.
    pub chrono: &'a Chronology,
    /// Every filtered view with its number of events.
    pub filters: &'a [(Filter, usize)],
    /// The views linked from every page: kinds, phases and the actors with
    /// most events, found once rather than on each of thousands of pages.
    linked: Vec<(Filter, usize)>,
    /// Actors with a view.
    actors: usize,
    /// What every map shares; `None` when the site has no map.
    pub map: Option<&'a crate::render::chart::map::MapBase>,
}

/// An event in the chronology, with what the page's script filters on.
#[derive(Serialize)]
pub(super) struct Item<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Slugs of the phases it may fall in.
    pub phases: Vec<&'a str>,
}

/// A month of the chronology.
#[derive(Serialize)]
pub(super) struct Month<'a> {
    /// "2019-12", or "2019" for events dated only by year.
    pub key: String,
    /// "December", or "" for year-only events.
    pub name: &'static str,
    /// Events, those dated only by month first.
    pub events: Vec<Item<'a>>,
}

/// A year of the chronology.
#[derive(Serialize)]
pub(super) struct Year<'a> {
    pub year: i32,
    /// Months in order.
    pub months: Vec<Month<'a>>,
}

/// The filter a page shows.
#[derive(Serialize)]
pub(super) struct FilterInfo<'a> {
    /// "actor", "kind" or "phase".
    pub facet: &'static str,
    /// Actor name, kind label or phase name.
    pub name: &'a str,
    /// The actor's own page, for an actor.
    pub record: Option<String>,
    /// The phase's description, for a phase.
    pub description: &'a str,
}

/// What an actor's page adds from the chronology.
pub(super) struct ActorChronology<'a> {
    /// The chart of its events.
    pub chart: String,
    /// The chart's legend (HTML), "" without a chart.
    pub chart_legend: String,
    /// Its pairs' escalation index.
    pub pairs: Vec<PairView<'a>>,
    /// Its filtered chronology, when it has events.
    pub chronology: Option<String>,
    /// The map of its events, "" when none has coordinates.
    pub map: String,
}

/// Everything a chronology page shows.
#[derive(Serialize)]
pub(super) struct ChronoPage<'a> {
    /// The filter, or none for the whole chronology.
    pub filter: Option<FilterInfo<'a>>,
    /// Events listed.
    pub count: usize,
    /// Events listed without a level (not on the chart).
    pub unplotted: usize,
    /// The chart, "" when no event has a level.
    pub chart: String,
    /// The chart's legend (HTML), "" without a chart.
    pub chart_legend: String,
    /// The map of its events, "" when none has coordinates.
    pub map: String,
    /// The filters.
    pub nav: FilterNav<'a>,
    /// Chains with an event in the view: whole on the whole chronology,
    /// without their steps on a filtered view.
    pub chains: Vec<ChainView<'a>>,
    /// Escalation index of the top pairs (whole chronology only).
    pub pairs: Vec<PairView<'a>>,
    /// The list.
    pub years: Vec<Year<'a>>,
}

impl<'a> Context<'a> {
    /// The context of every chronology page of a build.
    pub(super) fn new(
        lib: &'a Library,
        chrono: &'a Chronology,
        filters: &'a [(Filter, usize)],
        map: Option<&'a crate::render::chart::map::MapBase>,
    ) -> Self {
        let mut actors: Vec<(Filter, usize)> = filters
            .iter()
            .copied()
            .filter(|(f, _)| matches!(f, Filter::Actor(_)))
            .collect();
        let count = actors.len();
        actors.sort_by(|(f, n), (g, m)| m.cmp(n).then_with(|| f.name(lib).cmp(g.name(lib))));
        actors.truncate(NAV_ACTORS);
        let mut linked: Vec<(Filter, usize)> = filters
            .iter()
            .copied()
            .filter(|(f, _)| !matches!(f, Filter::Actor(_)))
            .collect();
        linked.extend(actors);
        Context {
            lib,
            chrono,
            filters,
            linked,
            actors: count,
            map,
        }
    }

    /// An event as the chronology lists it.
    pub(super) fn item(&self, links: Links<'_>, i: usize) -> Item<'a> {
        Item {
            row: EventRow::new(self.lib, links, i),
            phases: self
                .chrono
                .phases_of(i)
                .map(|p| self.lib.config.phases[p].slug.as_str())
                .collect(),
        }
    }

    /// The events grouped by year and month.
    pub(super) fn years(&self, links: Links<'_>, events: &[usize]) -> Vec<Year<'a>> {
        let lib = self.lib;
        let mut years: Vec<Year> = Vec::new();
        for &i in events {
            let e = &lib.events[i];
            if years.last().is_none_or(|y| y.year != e.date.year) {
                years.push(Year {
                    year: e.date.year,
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("just pushed");
            let key = e.date.month_key();
            if year.months.last().is_none_or(|m| m.key != key) {
                year.months.push(Month {
                    key,
                    name: e.date.month_name(),
                    events: Vec::new(),
                });
            }
            let month = year.months.last_mut().expect("just pushed");
            month.events.push(self.item(links, i));
        }
        years
    }

    /// The time scale of the charts of a page showing `events`; `None` when
    /// no event has a level.
    pub(super) fn scale(&self, events: &[usize]) -> Option<TimeScale> {
        Timeline::days(self.lib, self.chrono, events)
            .map(|(first, last)| self.dense(crate::render::chart::time_scale(first, last), events))
    }

    /// `scale` with room for the stretches where `events` crowd: the days
    /// of the events dated to a day (or a time) that have a level.
    fn dense(&self, scale: TimeScale, events: &[usize]) -> TimeScale {
        let days: Vec<i64> = events
            .iter()
            .filter(|&&i| {
                let e = &self.lib.events[i];
                e.escalation.is_some() && e.date.precision >= crate::model::date::Precision::Day
            })
            .map(|&i| self.chrono.when[i].first)
            .collect();
        scale.with_density(&days)
    }

    /// The escalation chart of `events` on `scale` (see `Context::scale`);
    /// "" when none has a level. `list` is the page listing them by month,
    /// `equivalent` the sentence naming the chart's text equivalent.
    pub(super) fn chart(
        &self,
        links: Links<'_>,
        events: &[usize],
        scale: Option<TimeScale>,
        list: &str,
        title: &str,
        equivalent: &str,
    ) -> Drawn {
        let Some(scale) = scale else {
            return Drawn {
                svg: String::new(),
                legend: String::new(),
            };
        };
        Timeline {
            lib: self.lib,
            chrono: self.chrono,
            events,
            scale,
            links,
            list,
            id: "chart",
            title,
            equivalent,
        }
        .draw()
    }

    pub(super) fn home_chart(&self, links: Links<'_>) -> Drawn {
        let all: Vec<usize> = (0..self.lib.events.len()).collect();
        self.chart(
            links,
            &all,
            self.scale(&all),
            &links.section("chronology"),
            "Escalation over time",
            "The chronology lists the same events as text.",
        )
    }

    /// An actor page's own chart and escalation index.
    pub(super) fn actor(&self, links: Links<'_>, a: usize) -> ActorChronology<'a> {
        let lib = self.lib;
        let events = Filter::Actor(a).events(lib, self.chrono);
        let list = links.filter("actor", &lib.actors[a].id);
        let scale = self.scale(&events);
        let chart = self.chart(
            links,
            &events,
            scale,
            &list,
            &format!("Escalation over time: {}", lib.actors[a].name),
            "The chronology on this page lists the same events as text.",
        );
        let pairs = match scale {
            Some(scale) => self.actor_pairs(links, a, scale),
            None => Vec::new(),
        };
        let map = self.filtered_map(links, Filter::Actor(a), &list);
        ActorChronology {
            chart: chart.svg,
            chart_legend: chart.legend,
            pairs,
            chronology: (!events.is_empty()).then_some(list),
            map,
        }
    }

    pub(super) fn page(&self, links: Links<'_>, filter: Filter) -> ChronoPage<'a> {
        let lib = self.lib;
        let events = filter.events(lib, self.chrono);
        // A phase's view shows the phase, even when an event known only to
        // its year may fall in it.
        let scale = self.scale(&events).map(|scale| match filter {
            Filter::Phase(p) => {
                let (first, last) = self.chrono.phase_days[p];
                self.dense(crate::render::chart::time_scale(first, last), &events)
            }
            _ => scale,
        });
        let title = match filter {
            Filter::All => "Escalation over time".to_string(),
            f => format!("Escalation over time: {}", f.name(lib)),
        };
        let chart = self.chart(
            links,
            &events,
            scale,
            "",
            &title,
            "The list of events on this page gives the same information as text.",
        );
        let mut chains: BTreeSet<usize> = BTreeSet::new();
        for &i in &events {
            if let Some((c, _)) = self.chrono.chains.of[i] {
                chains.insert(c);
            }
        }
        // The whole chronology shows every chain whole; a filtered view
        // links to the chains of its events, which could otherwise repeat
        // most of the chronology on every actor's view.
        // A view longer than a page has its chains on its pages: the whole
        // chronology's on pages of chains, a filtered view's beside its
        // events (`pages/list.rs`).
        if events.len() > lib.config.page_size {
            chains.clear();
        }
        let chains = chains
            .into_iter()
            .map(|c| match filter {
                Filter::All => self.chain(links, c, None),
                _ => self.chain_summary(links, c),
            })
            .collect();
        let pairs = match (filter, scale) {
            (Filter::All, Some(scale)) => {
                let top: Vec<usize> = (0..self.chrono.pairs.list.len())
                    .filter(|&k| self.chrono.pairs.list[k].events.len() >= MIN_PAIR_EVENTS)
                    .take(lib.config.index_pairs)
                    .collect();
                self.pairs(links, &top, scale)
            }
            _ => Vec::new(),
        };
        let info = filter.slug(lib).map(|(facet, _)| FilterInfo {
            facet,
            name: filter.name(lib),
            record: match filter {
                Filter::Actor(a) => Some(links.actor(&lib.actors[a].id)),
                _ => None,
            },
            description: match filter {
                Filter::Phase(p) => &lib.config.phases[p].description,
                _ => "",
            },
        });
        let map = match filter {
            // The whole chronology's map is `/map/`.
            Filter::All => String::new(),
            f => self.filtered_map(links, f, ""),
        };
        ChronoPage {
            filter: info,
            map,
            count: events.len(),
            unplotted: events
                .iter()
                .filter(|&&i| lib.events[i].escalation.is_none())
                .count(),
            chart: chart.svg,
            chart_legend: chart.legend,
            nav: self.nav(links, filter),
            chains,
            pairs,
            // A view longer than a page lists its events on pages of
            // their own (`pages/list.rs`).
            years: if events.len() > lib.config.page_size {
                Vec::new()
            } else {
                self.years(links, &events)
            },
        }
    }
}
