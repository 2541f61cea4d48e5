//! The chronology's analysis, computed once per build from the frozen
//! library: when each event may have happened (in days), the tit-for-tat
//! chains `responds_to` forms, the actor pairs of the escalation index, and
//! which events each filtered view shows. Pages only read it.

mod chains;
mod filter;
pub(crate) mod index;
#[cfg(test)]
pub(crate) mod testing;

pub(crate) use chains::Chains;
pub(crate) use filter::Filter;
pub(crate) use index::Pairs;

use crate::model::{Event, date::Precision};
use crate::resolve::Library;
use chrono::{Datelike, NaiveDate};

/// A day as a number: days since 1 January of year 1 (CE).
pub(crate) fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The calendar date of a day number.
pub(crate) fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// When an event may have happened, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct When {
    /// The first day it can mean.
    pub first: i64,
    /// The last day it can mean (its `date_end`, if any).
    pub last: i64,
    /// A stretch of time (a month, a year, several days), not one day.
    pub span: bool,
    /// Where a point is drawn, in days: the middle of its day, or the
    /// moment itself for a timestamp.
    pub at: f64,
}

impl When {
    /// When `e` may have happened.
    pub(crate) fn of(e: &Event) -> When {
        let first = day(e.date.earliest());
        let last = day(e.date_end.as_ref().unwrap_or(&e.date).latest()).max(first);
        let at = match e.date.precision {
            Precision::Time => first as f64 + f64::from(e.date.seconds) / 86_400.0,
            _ => first as f64 + 0.5,
        };
        When {
            first,
            last,
            span: last > first,
            at,
        }
    }

    /// Whether the event may fall within the days `first..=last`.
    pub(crate) fn overlaps(&self, first: i64, last: i64) -> bool {
        self.first <= last && self.last >= first
    }
}

/// Everything the chronology pages need beyond the library.
#[derive(Debug)]
pub(crate) struct Chronology {
    /// Per event: when it may have happened.
    pub when: Vec<When>,
    /// Per phase: its first and last day.
    pub phase_days: Vec<(i64, i64)>,
    /// The connected chains of `responds_to`.
    pub chains: Chains,
    /// Actor pairs that act against each other, most events first.
    pub pairs: Pairs,
}

impl Chronology {
    /// Analyses the library; linear in events, participations and edges.
    pub(crate) fn of(lib: &Library) -> Chronology {
        let when: Vec<When> = lib.events.iter().map(When::of).collect();
        let phase_days = lib
            .config
            .phases
            .iter()
            .map(|p| (day(p.from.earliest()), day(p.until.latest())))
            .collect();
        Chronology {
            chains: Chains::of(lib),
            pairs: Pairs::of(lib),
            when,
            phase_days,
        }
    }

    /// The phases event `i` falls in (may fall in), by index.
    pub(crate) fn phases_of(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let w = self.when[i];
        self.phase_days
            .iter()
            .enumerate()
            .filter(move |(_, (a, b))| w.overlaps(*a, *b))
            .map(|(p, _)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_a_span_of_its_days_and_a_day_is_a_point() {
        let lib = testing::library(
            "m,M,2020-01,,,strike,5,,,\n\
             d,D,2019-12-27,,,strike,5,,,\n\
             t,T,2019-12-27T18:00:00+03:00,,,strike,5,,,\n\
             s,S,2019-12-28,2019-12-30,,strike,5,,,",
        );
        let when = |id: &str| When::of(&lib.events[lib.event(id).unwrap()]);
        let m = when("m");
        assert_eq!(
            (m.span, m.last - m.first),
            (true, 30),
            "January has 31 days"
        );
        assert_eq!(date_of(m.first).to_string(), "2020-01-01");
        let d = when("d");
        assert!(!d.span);
        assert_eq!(d.at, d.first as f64 + 0.5);
        let t = when("t");
        assert_eq!(t.at, t.first as f64 + 0.75);
        let s = when("s");
        assert_eq!((s.span, s.last - s.first), (true, 2));
        assert!(s.overlaps(d.first + 3, d.first + 10));
        assert!(!s.overlaps(d.first + 4, d.first + 10));
        let chrono = Chronology::of(&lib);
        let crisis: Vec<&str> = (0..lib.events.len())
            .filter(|&i| chrono.phases_of(i).next().is_some())
            .map(|i| lib.events[i].id.as_str())
            .collect();
        assert_eq!(crisis, ["m"]);
    }
}
