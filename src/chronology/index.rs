//! The escalation index of a pair of actors: how hot their confrontation
//! runs, day by day, with the uncertainty that imprecise dates and
//! disagreeing casualty figures carry.
//!
//! An event counts for the pair {A, B} when one of them acts (perpetrator,
//! claimed, attributed, responded) and the other receives (target, victim),
//! and the event has a level. Its weight is `w = level + log2(1 + killed)`,
//! and on day t it contributes `w · 2^(−(t − t_e) / h)` once it has
//! happened (t ≥ t_e): `h` is the half-life in days. The index is the sum
//! over the pair's events. Three values are computed:
//! - central: killed is the middle of the reported range, `t_e` the middle
//!   day of the event's dates;
//! - low: the lowest figure, and the event counted only from its last
//!   possible day, decayed as from its first;
//! - high: the highest figure, and the event counted in full from its first
//!   possible day to its last.
//!
//! A `circa` date is widened by its own length, and at least a week, on
//! either side. These are the bounds over every date and figure the record
//! allows, so `low ≤ central ≤ high` on every day.

use super::When;
use crate::model::Toll;
use crate::model::{Event, Role};
use crate::resolve::Library;
use std::collections::HashMap;

/// Two actors that act against each other, with the events where they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    /// The actor with more events overall (actor index).
    pub a: usize,
    /// The other actor.
    pub b: usize,
    /// The pair's events with a level, in chronological order.
    pub events: Vec<usize>,
}

/// Every pair, most shared events first.
#[derive(Debug, Default)]
pub(crate) struct Pairs {
    /// The pairs in rank order.
    pub list: Vec<Pair>,
    /// Per actor: its pairs (indices into `list`), in rank order.
    pub of_actor: Vec<Vec<usize>>,
}

/// Which side of an event a role puts an actor on.
fn acts(role: Role) -> Option<bool> {
    match role {
        Role::Perpetrator | Role::Claimed | Role::Attributed | Role::Responded => Some(true),
        Role::Target | Role::Victim => Some(false),
        Role::Denied | Role::Mediator | Role::Other => None,
    }
}

impl Pairs {
    /// Finds the pairs: linear in the events' acting × receiving actors.
    pub(crate) fn of(lib: &Library) -> Pairs {
        let mut found: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (i, e) in lib.events.iter().enumerate() {
            if e.escalation.is_none() {
                continue;
            }
            let (mut acting, mut receiving) = (Vec::new(), Vec::new());
            for p in &e.actors {
                let (Some(a), Some(side)) = (lib.actor(&p.actor), acts(p.role)) else {
                    continue;
                };
                if side { &mut acting } else { &mut receiving }.push(a);
            }
            for &x in &acting {
                for &y in &receiving {
                    if x != y {
                        let events = found.entry((x.min(y), x.max(y))).or_default();
                        if events.last() != Some(&i) {
                            events.push(i);
                        }
                    }
                }
            }
        }
        let weight = |a: usize| lib.actor_events[a].len();
        let mut list: Vec<Pair> = found
            .into_iter()
            .map(|((x, y), events)| {
                let rank = |a: usize| (std::cmp::Reverse(weight(a)), &lib.actors[a].id);
                let (a, b) = if rank(x) <= rank(y) { (x, y) } else { (y, x) };
                Pair { a, b, events }
            })
            .collect();
        list.sort_by(|p, q| {
            (q.events.len(), &lib.actors[p.a].id, &lib.actors[p.b].id).cmp(&(
                p.events.len(),
                &lib.actors[q.a].id,
                &lib.actors[q.b].id,
            ))
        });
        let mut of_actor = vec![Vec::new(); lib.actors.len()];
        for (k, p) in list.iter().enumerate() {
            of_actor[p.a].push(k);
            of_actor[p.b].push(k);
        }
        Pairs { list, of_actor }
    }
}

/// One event's part in an index: its possible days and weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    /// First possible day.
    pub first: i64,
    /// Last possible day.
    pub last: i64,
    /// Weight with the lowest casualty figure.
    pub low: f64,
    /// Weight with the middle of the figures.
    pub mid: f64,
    /// Weight with the highest figure.
    pub high: f64,
}

impl Term {
    /// The term of an event with a level; `None` without one.
    pub(crate) fn of(e: &Event, when: When) -> Option<Term> {
        let level = f64::from(e.escalation?);
        let toll = Toll::of(&e.casualties);
        let (k_lo, k_hi) = (toll.killed_low as f64, toll.killed_high as f64);
        let (mut first, mut last) = (when.first, when.last);
        if e.circa {
            let widen = (last - first + 1).max(7);
            first -= widen;
            last += widen;
        }
        Some(Term {
            first,
            last,
            low: weight(level, k_lo),
            mid: weight(level, (k_lo + k_hi) / 2.0),
            high: weight(level, k_hi),
        })
    }
}

/// An event's weight: its level plus the base-2 logarithm of one more than
/// the people killed, so the first deaths count most.
pub(crate) fn weight(level: f64, killed: f64) -> f64 {
    level + (1.0 + killed).log2()
}

/// The index day by day over `from..=to`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    /// The first day.
    pub from: i64,
    /// Lower bound per day.
    pub low: Vec<f64>,
    /// Central value per day.
    pub mid: Vec<f64>,
    /// Upper bound per day.
    pub high: Vec<f64>,
}

impl Series {
    /// Computes the index of `terms` with half-life `half_life` days, in one
    /// pass over the days: `O(days + terms)`.
    pub(crate) fn new(terms: &[Term], half_life: f64, from: i64, to: i64) -> Series {
        let days = usize::try_from(to - from + 1).unwrap_or(0);
        let decay = |d: i64| (-(d as f64) / half_life).exp2();
        let r = decay(1);
        // Impulses added on a day (as offsets from `from`), and for the high
        // bound a plateau held from the first possible day to the last.
        let mut add = [vec![0.0; days], vec![0.0; days], vec![0.0; days]];
        let mut plateau = vec![0.0; days + 1];
        let mut start = [0.0f64; 3];
        let mut impulse = |k: usize, day: i64, w: f64, start: &mut [f64; 3]| {
            if day < from {
                start[k] += w * decay(from - day);
            } else if day <= to {
                add[k][(day - from) as usize] += w;
            }
        };
        for t in terms {
            let mid_day = (t.first + t.last).div_euclid(2);
            impulse(0, t.last, t.low * decay(t.last - t.first), &mut start);
            impulse(1, mid_day, t.mid, &mut start);
            impulse(2, t.last, t.high, &mut start);
            let (a, b) = ((t.first - from).max(0), (t.last - from).min(days as i64));
            if a < b {
                plateau[a as usize] += t.high;
                plateau[b as usize] -= t.high;
            }
        }
        let mut out = [
            Vec::with_capacity(days),
            Vec::with_capacity(days),
            Vec::with_capacity(days),
        ];
        let mut acc = start;
        let mut held = 0.0;
        for d in 0..days {
            held += plateau[d];
            for k in 0..3 {
                acc[k] = if d == 0 { acc[k] } else { acc[k] * r } + add[k][d];
            }
            out[0].push(acc[0]);
            out[1].push(acc[1]);
            out[2].push(acc[2] + held.max(0.0));
        }
        let [low, mid, high] = out;
        Series {
            from,
            low,
            mid,
            high,
        }
    }

    /// The pair's index over `from..=to`.
    pub(crate) fn of_pair(
        lib: &Library,
        when: &[When],
        pair: &Pair,
        half_life: u32,
        from: i64,
        to: i64,
    ) -> Series {
        let terms: Vec<Term> = pair
            .events
            .iter()
            .filter_map(|&i| Term::of(&lib.events[i], when[i]))
            .collect();
        Series::new(&terms, f64::from(half_life), from, to)
    }

    /// The highest central value and its day.
    pub(crate) fn peak(&self) -> (f64, i64) {
        let mut best = (0.0, self.from);
        for (d, &v) in self.mid.iter().enumerate() {
            if v > best.0 {
                best = (v, self.from + d as i64);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::testing::library;

    fn term(first: i64, last: i64, w: f64) -> Term {
        Term {
            first,
            last,
            low: w,
            mid: w,
            high: w,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn an_event_halves_every_half_life() {
        let s = Series::new(&[term(10, 10, 8.0)], 30.0, 0, 100);
        assert_eq!(s.mid[9], 0.0, "nothing before the event");
        assert!(close(s.mid[10], 8.0));
        assert!(close(s.mid[40], 4.0));
        assert!(close(s.mid[70], 2.0));
        assert_eq!((s.low[40], s.high[40]), (s.mid[40], s.mid[40]));
        assert_eq!(s.peak(), (8.0, 10));
    }

    #[test]
    fn events_before_the_window_still_count() {
        let s = Series::new(&[term(-20, -20, 8.0)], 10.0, 0, 10);
        assert!(close(s.mid[0], 2.0));
        assert!(close(s.mid[10], 1.0));
    }

    #[test]
    fn an_uncertain_date_makes_a_band_around_the_middle() {
        // A month: days 0..=30.
        let s = Series::new(&[term(0, 30, 6.0)], 30.0, 0, 120);
        // Low: nothing until the last possible day, then decayed from the first.
        assert_eq!(s.low[29], 0.0);
        assert!(close(s.low[30], 3.0));
        // High: in full over the whole month, decaying after it.
        assert!(close(s.high[0], 6.0) && close(s.high[30], 6.0));
        assert!(close(s.high[60], 3.0));
        // Central: from the middle day.
        assert_eq!(s.mid[14], 0.0);
        assert!(close(s.mid[15], 6.0));
        for d in 0..s.mid.len() {
            assert!(s.low[d] <= s.mid[d] + 1e-12 && s.mid[d] <= s.high[d] + 1e-12);
        }
    }

    #[test]
    fn weights_grow_with_level_and_the_log_of_deaths() {
        assert_eq!(weight(6.0, 0.0), 6.0);
        assert_eq!(weight(6.0, 1.0), 7.0);
        assert_eq!(weight(7.0, 15.0), 11.0);
    }

    #[test]
    fn pairs_join_who_acts_and_who_receives() {
        let lib = library(
            "e1,E1,2020-01-01,,,strike,6,a:perpetrator;b:target;c:mediator,,1\n\
             e2,E2,2020-01-05,,,strike,7,b:claimed;a:victim;d:perpetrator,,\n\
             e3,E3,2020-01-09,,,threat,3,c:perpetrator;d:target,,\n\
             e4,E4,2020-01-10,,,threat,,a:perpetrator;b:target,,\n\
             e5,E5,2020-01-11,,true,strike,5,a:perpetrator;b:victim,,2-4",
        );
        let pairs = Pairs::of(&lib);
        let show: Vec<(String, String, usize)> = pairs
            .list
            .iter()
            .map(|p| {
                (
                    lib.actors[p.a].id.clone(),
                    lib.actors[p.b].id.clone(),
                    p.events.len(),
                )
            })
            .collect();
        // a–b: e1, e2, e5 (e4 has no level); c is a mediator in e1.
        assert_eq!(
            show,
            [
                ("a".into(), "b".into(), 3),
                ("a".into(), "d".into(), 1),
                ("c".into(), "d".into(), 1),
            ]
        );
        let a = lib.actor("a").unwrap();
        assert_eq!(pairs.of_actor[a], [0, 1]);
        let e5 = lib.event("e5").unwrap();
        let t = Term::of(&lib.events[e5], When::of(&lib.events[e5])).unwrap();
        assert_eq!(
            t.last - t.first,
            14,
            "circa widens a day by a week each side"
        );
        assert!(close(t.low, weight(5.0, 2.0)) && close(t.high, weight(5.0, 4.0)));
        assert!(close(t.mid, weight(5.0, 3.0)));
    }
}
