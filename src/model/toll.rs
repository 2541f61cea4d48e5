//! Casualties summed over an event's groups, with the spread between
//! sources kept: used by the analysis (the escalation index) and by pages.

use super::{Casualty, Figure};
use crate::base::text::push;
use serde::Serialize;
use std::collections::BTreeMap;

/// Casualties summed over groups, with the spread between sources kept.
#[derive(Serialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Toll {
    /// Lowest total killed.
    pub killed_low: u64,
    /// Highest total killed.
    pub killed_high: u64,
    /// Lowest total injured.
    pub injured_low: u64,
    /// Highest total injured.
    pub injured_high: u64,
    /// Some figure is "at least".
    pub at_least: bool,
    /// Sources disagree on some figure.
    pub disputed: bool,
    /// Some source gives a number killed.
    pub killed_known: bool,
    /// Some source gives a number injured.
    pub injured_known: bool,
}

impl Toll {
    /// Figures for the same group (`who`) from several sources are
    /// alternatives and give a range; different groups add up.
    pub(crate) fn of(casualties: &[Casualty]) -> Toll {
        let mut groups: BTreeMap<String, (Option<Figure>, Option<Figure>, bool)> = BTreeMap::new();
        let widen = |a: Option<Figure>, b: Option<Figure>| match (a, b) {
            (Some(a), Some(b)) => Some(Figure {
                low: a.low.min(b.low),
                high: a.high.max(b.high),
            }),
            (a, b) => a.or(b),
        };
        let mut toll = Toll::default();
        for c in casualties {
            let g = groups.entry(c.who.trim().to_lowercase()).or_default();
            if let (Some(a), Some(b)) = (g.0, c.killed)
                && a != b
            {
                toll.disputed = true;
            }
            if let (Some(a), Some(b)) = (g.1, c.injured)
                && a != b
            {
                toll.disputed = true;
            }
            g.0 = widen(g.0, c.killed);
            g.1 = widen(g.1, c.injured);
            g.2 |= c.min_only;
        }
        for (killed, injured, min_only) in groups.into_values() {
            if let Some(k) = killed {
                toll.killed_low += k.low;
                toll.killed_high += k.high;
                toll.killed_known = true;
            }
            if let Some(i) = injured {
                toll.injured_low += i.low;
                toll.injured_high += i.high;
                toll.injured_known = true;
            }
            toll.at_least |= min_only;
            toll.disputed |=
                killed.is_some_and(|k| k.low != k.high) || injured.is_some_and(|i| i.low != i.high);
        }
        toll
    }

    /// Adds another event's toll.
    pub(crate) fn add(&mut self, other: Toll) {
        self.killed_low += other.killed_low;
        self.killed_high += other.killed_high;
        self.injured_low += other.injured_low;
        self.injured_high += other.injured_high;
        self.at_least |= other.at_least;
        self.disputed |= other.disputed;
        self.killed_known |= other.killed_known;
        self.injured_known |= other.injured_known;
    }

    /// Any figure given.
    pub(crate) fn known(&self) -> bool {
        self.killed_known || self.injured_known
    }

    /// "24–25", "at least 17"; "" when no source gives a number.
    pub(crate) fn killed(&self) -> String {
        if self.killed_known {
            range(self.killed_low, self.killed_high, self.at_least)
        } else {
            String::new()
        }
    }

    /// Injured, likewise.
    pub(crate) fn injured(&self) -> String {
        if self.injured_known {
            range(self.injured_low, self.injured_high, self.at_least)
        } else {
            String::new()
        }
    }

    /// "1–2 killed, 4 injured", naming only the figures some source gives.
    pub(crate) fn text(&self) -> String {
        let mut text = String::new();
        if self.killed_known {
            push_range(&mut text, self.killed_low, self.killed_high, self.at_least);
            text.push_str(" killed");
        }
        if self.injured_known {
            if !text.is_empty() {
                text.push_str(", ");
            }
            push_range(
                &mut text,
                self.injured_low,
                self.injured_high,
                self.at_least,
            );
            text.push_str(" injured");
        }
        text
    }
}

fn range(low: u64, high: u64, at_least: bool) -> String {
    let mut text = String::new();
    push_range(&mut text, low, high, at_least);
    text
}

/// "3", "3–5" or "at least 3".
fn push_range(out: &mut String, low: u64, high: u64, at_least: bool) {
    if at_least {
        out.push_str("at least ");
    }
    push!(out, low);
    if low != high {
        push!(out, '–', high);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cas(who: &str, killed: (u64, u64), min_only: bool) -> Casualty {
        Casualty {
            killed: Some(Figure {
                low: killed.0,
                high: killed.1,
            }),
            injured: None,
            min_only,
            who: who.into(),
            sources: vec![],
        }
    }

    #[test]
    fn same_group_ranges_other_groups_add() {
        let t = Toll::of(&[
            cas("militia", (24, 24), false),
            cas("Militia", (25, 25), false),
            cas("contractor", (1, 1), false),
        ]);
        assert_eq!((t.killed_low, t.killed_high, t.disputed), (25, 26, true));
        assert_eq!(t.killed(), "25–26");
        let t = Toll::of(&[cas("x", (17, 17), true)]);
        assert_eq!(t.killed(), "at least 17");
        assert!(!t.disputed);
        // No injury figure given: none is made up.
        assert_eq!(t.text(), "at least 17 killed");
        assert_eq!(t.injured(), "");
        let mut both = cas("x", (1, 2), false);
        both.injured = Some(Figure { low: 4, high: 4 });
        assert_eq!(Toll::of(&[both]).text(), "1–2 killed, 4 injured");
    }
}
