//! Views of the chronology: the list by year and month, the chart, the
//! tit-for-tat chains, the escalation index and the filters, for the
//! chronology and its filtered views, the home, actor and event pages.

use super::links::Links;
use super::views::{ActorRef, DateView, EventRow, Toll, escalation_step};
use crate::chart::TimeScale;
use crate::chart::index::IndexChart;
use crate::chart::timeline::Timeline;
use crate::chronology::index::Series;
use crate::chronology::{Chronology, Filter};
use crate::resolve::Library;
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
pub struct Context<'a> {
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
}

/// An event in the chronology, with what the page's script filters on.
#[derive(Serialize)]
pub struct Item<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Slugs of the phases it may fall in.
    pub phases: Vec<&'a str>,
}

/// A month of the chronology.
#[derive(Serialize)]
pub struct Month<'a> {
    /// "2019-12", or "2019" for events dated only by year.
    pub key: String,
    /// "December", or "" for year-only events.
    pub name: &'static str,
    /// Events, those dated only by month first.
    pub events: Vec<Item<'a>>,
}

/// A year of the chronology.
#[derive(Serialize)]
pub struct Year<'a> {
    /// Year.
    pub year: i32,
    /// Months in order.
    pub months: Vec<Month<'a>>,
}

/// One event of a chain.
#[derive(Serialize)]
pub struct Step<'a> {
    /// The event.
    #[serde(flatten)]
    pub item: Item<'a>,
    /// Its place in the chain, from 1.
    pub position: usize,
    /// The page being shown is this event's.
    pub current: bool,
    /// The earlier events of the chain it responds to.
    pub answers: Vec<Answer<'a>>,
}

/// A trigger a step responds to.
#[derive(Serialize)]
pub struct Answer<'a> {
    /// The trigger's place in the chain.
    pub position: usize,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// The response's level minus the trigger's.
    pub step: Option<i16>,
}

/// A tit-for-tat chain.
#[derive(Serialize)]
pub struct ChainView<'a> {
    /// Number, from 1, in the order of the chains' first events.
    pub number: usize,
    /// Its id on the chronology page.
    pub anchor: String,
    /// The chain on the chronology page.
    pub url: String,
    /// Events in the chain.
    pub size: usize,
    /// The earliest event's date.
    pub first: DateView,
    /// The latest event's date (its end, for a span).
    pub last: DateView,
    /// The trigger's level.
    pub start: Option<u8>,
    /// Highest level.
    pub peak: Option<u8>,
    /// The events shown, in order.
    pub steps: Vec<Step<'a>>,
    /// Events left out before the steps shown.
    pub before: usize,
    /// Events left out after.
    pub after: usize,
}

/// A pair's escalation index.
#[derive(Serialize)]
pub struct PairView<'a> {
    /// The actor with more events.
    pub a: ActorRef<'a>,
    /// The other.
    pub b: ActorRef<'a>,
    /// The chart.
    pub svg: String,
    /// Highest central value.
    pub peak: String,
    /// Its day.
    pub peak_date: String,
    /// The pair's events with their weights: the chart's text equivalent.
    pub events: Vec<PairEvent<'a>>,
}

/// An event of a pair, with its weight in the index.
#[derive(Serialize)]
pub struct PairEvent<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Killed, as reported ("", "2", "24–25").
    pub killed: String,
    /// Weights, "7.6" or "7.6–8.2" over the figures' range.
    pub weight: String,
}

/// A link to a filtered view.
#[derive(Serialize)]
pub struct FilterLink<'a> {
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
pub struct FilterNav<'a> {
    /// The whole chronology.
    pub all: String,
    /// Kinds with events.
    pub kinds: Vec<FilterLink<'a>>,
    /// Phases.
    pub phases: Vec<FilterLink<'a>>,
    /// The actors with most events.
    pub actors: Vec<FilterLink<'a>>,
    /// Actors with events.
    pub actors_total: usize,
    /// The page listing every actor's view.
    pub actors_index: String,
}

/// The filter a page shows.
#[derive(Serialize)]
pub struct FilterInfo<'a> {
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
pub struct ActorChronology<'a> {
    /// The chart of its events.
    pub chart: String,
    /// Its pairs' escalation index.
    pub pairs: Vec<PairView<'a>>,
    /// Its filtered chronology, when it has events.
    pub chronology: Option<String>,
}

/// Everything a chronology page shows.
#[derive(Serialize)]
pub struct ChronoPage<'a> {
    /// The filter, or none for the whole chronology.
    pub filter: Option<FilterInfo<'a>>,
    /// Events listed.
    pub count: usize,
    /// Events listed without a level (not on the chart).
    pub unplotted: usize,
    /// The chart, "" when no event has a level.
    pub chart: String,
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
    pub fn new(lib: &'a Library, chrono: &'a Chronology, filters: &'a [(Filter, usize)]) -> Self {
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
        }
    }

    /// An event as the chronology lists it.
    pub fn item(&self, links: Links<'_>, i: usize) -> Item<'a> {
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
    pub fn years(&self, links: Links<'_>, events: &[usize]) -> Vec<Year<'a>> {
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
    pub fn scale(&self, events: &[usize]) -> Option<TimeScale> {
        Timeline::days(self.lib, self.chrono, events)
            .map(|(first, last)| crate::chart::time_scale(first, last))
    }

    /// The escalation chart of `events` on `scale` (see `Context::scale`);
    /// "" when none has a level. `list` is the page listing them by month,
    /// `equivalent` the sentence naming the chart's text equivalent.
    pub fn chart(
        &self,
        links: Links<'_>,
        events: &[usize],
        scale: Option<TimeScale>,
        list: &str,
        title: &str,
        equivalent: &str,
    ) -> String {
        let Some(scale) = scale else {
            return String::new();
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

    /// Chain `c`, whole, or when `focus` is given at most `CHAIN_WINDOW`
    /// events around it.
    pub fn chain(&self, links: Links<'_>, c: usize, focus: Option<usize>) -> ChainView<'a> {
        let len = self.chrono.chains.list[c].len();
        let shown = match focus.and_then(|i| self.chrono.chains.of[i]) {
            Some((_, pos)) if len > CHAIN_WINDOW => {
                let start = pos.saturating_sub(CHAIN_WINDOW / 2).min(len - CHAIN_WINDOW);
                start..start + CHAIN_WINDOW
            }
            _ => 0..len,
        };
        self.chain_in(links, c, shown, focus)
    }

    /// Chain `c` without its steps: a line linking to it.
    pub fn chain_summary(&self, links: Links<'_>, c: usize) -> ChainView<'a> {
        self.chain_in(links, c, 0..0, None)
    }

    /// Chain `c` with the steps at positions `shown`.
    fn chain_in(
        &self,
        links: Links<'_>,
        c: usize,
        shown: std::ops::Range<usize>,
        focus: Option<usize>,
    ) -> ChainView<'a> {
        let lib = self.lib;
        let events = &self.chrono.chains.list[c];
        let (start, end) = (shown.start, shown.end);
        let level = |i: usize| lib.events[i].escalation;
        let steps = events[start..end]
            .iter()
            .enumerate()
            .map(|(n, &i)| Step {
                item: self.item(links, i),
                position: start + n + 1,
                current: focus == Some(i),
                answers: lib.events[i]
                    .responds_to
                    .iter()
                    .filter_map(|t| lib.event(t))
                    .map(|j| Answer {
                        position: self.chrono.chains.of[j].map_or(0, |(_, p)| p + 1),
                        title: &lib.events[j].title,
                        url: links.event(&lib.events[j].id),
                        step: escalation_step(lib, j, i),
                    })
                    .collect(),
            })
            .collect();
        // The chain's time: from its earliest event to its latest.
        let first = *events.iter().min().expect("a chain has events");
        let last = *events.iter().max().expect("a chain has events");
        let last_date = lib.events[last]
            .date_end
            .as_ref()
            .unwrap_or(&lib.events[last].date);
        ChainView {
            number: c + 1,
            anchor: format!("chain-{}", c + 1),
            url: format!("{}#chain-{}", links.section("chronology"), c + 1),
            size: events.len(),
            first: DateView::of(&lib.events[first].date),
            last: DateView::of(last_date),
            start: level(events[0]),
            peak: events.iter().filter_map(|&i| level(i)).max(),
            steps,
            before: start,
            after: events.len() - end,
        }
    }

    /// The chain of event `i`, around it; `None` when it is in none.
    pub fn chain_of(&self, links: Links<'_>, i: usize) -> Option<ChainView<'a>> {
        let (c, _) = self.chrono.chains.of[i]?;
        Some(self.chain(links, c, Some(i)))
    }

    /// The escalation index of pairs `pairs` (indices into the pair list)
    /// on the time scale `scale`.
    pub fn pairs(&self, links: Links<'_>, pairs: &[usize], scale: TimeScale) -> Vec<PairView<'a>> {
        let lib = self.lib;
        pairs
            .iter()
            .enumerate()
            .map(|(n, &k)| {
                let pair = &self.chrono.pairs.list[k];
                let series = Series::of_pair(
                    lib,
                    &self.chrono.when,
                    pair,
                    lib.config.index_half_life,
                    scale.from,
                    scale.to - 1,
                );
                let svg = IndexChart {
                    lib,
                    chrono: self.chrono,
                    links,
                    pair,
                    series: &series,
                    scale,
                    id: &format!("pair-{}", n + 1),
                }
                .draw();
                let (peak, day) = series.peak();
                let events = pair
                    .events
                    .iter()
                    .map(|&i| {
                        let e = &lib.events[i];
                        let toll = Toll::of(&e.casualties);
                        let level = f64::from(e.escalation.unwrap_or_default());
                        let w = |k: u64| crate::chronology::index::weight(level, k as f64);
                        let (lo, hi) = (w(toll.killed_low), w(toll.killed_high));
                        PairEvent {
                            row: EventRow::new(lib, links, i),
                            killed: if toll.known {
                                toll.killed()
                            } else {
                                String::new()
                            },
                            weight: if crate::chart::num(lo) == crate::chart::num(hi) {
                                crate::chart::num(lo)
                            } else {
                                format!("{}–{}", crate::chart::num(lo), crate::chart::num(hi))
                            },
                        }
                    })
                    .collect();
                PairView {
                    a: ActorRef::new(lib, links, &lib.actors[pair.a].id),
                    b: ActorRef::new(lib, links, &lib.actors[pair.b].id),
                    svg,
                    peak: crate::chart::num(peak),
                    peak_date: crate::chronology::date_of(day)
                        .format("%-d %B %Y")
                        .to_string(),
                    events,
                }
            })
            .collect()
    }

    /// The home page's chart: every event.
    pub fn home_chart(&self, links: Links<'_>) -> String {
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
    pub fn actor(&self, links: Links<'_>, a: usize) -> ActorChronology<'a> {
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
        ActorChronology {
            chart,
            pairs,
            chronology: (!events.is_empty()).then_some(list),
        }
    }

    /// An actor's pairs with enough events, drawn on its page's scale.
    fn actor_pairs(&self, links: Links<'_>, a: usize, scale: TimeScale) -> Vec<PairView<'a>> {
        let mine: Vec<usize> = self.chrono.pairs.of_actor[a]
            .iter()
            .copied()
            .filter(|&k| self.chrono.pairs.list[k].events.len() >= MIN_PAIR_EVENTS)
            .take(ACTOR_PAIRS)
            .collect();
        self.pairs(links, &mine, scale)
    }

    /// The filter links, `current` marked.
    pub fn nav(&self, links: Links<'_>, current: Filter) -> FilterNav<'a> {
        let lib = self.lib;
        let link = |f: Filter, count: usize| {
            let (facet, value) = f.slug(lib).expect("a filter has a slug");
            FilterLink {
                facet,
                value,
                name: f.name(lib),
                url: links.filter(facet, value),
                count,
                current: f == current,
            }
        };
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

    /// The chronology, whole or filtered.
    pub fn page(&self, links: Links<'_>, filter: Filter) -> ChronoPage<'a> {
        let lib = self.lib;
        let events = filter.events(lib, self.chrono);
        // A phase's view shows the phase, even when an event known only to
        // its year may fall in it.
        let scale = self.scale(&events).map(|scale| match filter {
            Filter::Phase(p) => {
                let (first, last) = self.chrono.phase_days[p];
                crate::chart::time_scale(first, last)
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
        ChronoPage {
            filter: info,
            count: events.len(),
            unplotted: events
                .iter()
                .filter(|&&i| lib.events[i].escalation.is_none())
                .count(),
            chart,
            nav: self.nav(links, filter),
            chains,
            pairs,
            years: self.years(links, &events),
        }
    }

    /// The list of one facet's views.
    pub fn filter_index(&self, links: Links<'_>, facet: &str) -> Vec<FilterLink<'a>> {
        let lib = self.lib;
        let mut out: Vec<FilterLink> = self
            .filters
            .iter()
            .filter(|(f, _)| f.slug(lib).is_some_and(|(x, _)| x == facet))
            .map(|&(f, count)| {
                let (facet, value) = f.slug(lib).expect("filtered above");
                FilterLink {
                    facet,
                    value,
                    name: f.name(lib),
                    url: links.filter(facet, value),
                    count,
                    current: false,
                }
            })
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
