//! The escalation index of pairs of actors as pages show it: the chart and
//! the pair's events with their weights, its text equivalent.

use super::{ACTOR_PAIRS, Context, MIN_PAIR_EVENTS};
use crate::chronology::index::Series;
use crate::model::Toll;
use crate::render::chart::TimeScale;
use crate::render::chart::index::IndexChart;
use crate::render::links::Links;
use crate::render::views::{ActorRef, EventRow};
use serde::Serialize;

/// A pair's escalation index.
#[derive(Serialize)]
pub(crate) struct PairView<'a> {
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
pub(crate) struct PairEvent<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Killed, as reported ("", "2", "24–25").
    pub killed: String,
    /// Weights, "7.6" or "7.6–8.2" over the figures' range.
    pub weight: String,
}

impl<'a> Context<'a> {
    /// on the time scale `scale`.
    pub(crate) fn pairs(
        &self,
        links: Links<'_>,
        pairs: &[usize],
        scale: TimeScale,
    ) -> Vec<PairView<'a>> {
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
                        let num = |k: u64| crate::render::chart::num(w(k));
                        let (lo, hi) = (num(toll.killed_low), num(toll.killed_high));
                        PairEvent {
                            row: EventRow::new(lib, links, i),
                            killed: toll.killed(),
                            weight: if lo == hi {
                                lo.to_string()
                            } else {
                                format!("{lo}–{hi}")
                            },
                        }
                    })
                    .collect();
                PairView {
                    a: ActorRef::new(lib, links, &lib.actors[pair.a].id),
                    b: ActorRef::new(lib, links, &lib.actors[pair.b].id),
                    svg,
                    peak: crate::render::chart::num(peak).to_string(),
                    peak_date: crate::chronology::date_of(day)
                        .format("%-d %B %Y")
                        .to_string(),
                    events,
                }
            })
            .collect()
    }

    /// An actor's pairs with enough events, drawn on its page's scale.
    pub(super) fn actor_pairs(
        &self,
        links: Links<'_>,
        a: usize,
        scale: TimeScale,
    ) -> Vec<PairView<'a>> {
        let mine: Vec<usize> = self.chrono.pairs.of_actor[a]
            .iter()
            .copied()
            .filter(|&k| self.chrono.pairs.list[k].events.len() >= MIN_PAIR_EVENTS)
            .take(ACTOR_PAIRS)
            .collect();
        self.pairs(links, &mine, scale)
    }
}
