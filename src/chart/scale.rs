//! The time scale shared by a page's charts: real days on the x axis, with
//! ticks at month or year boundaries (days, for short spans).

use crate::chronology::date_of;
use chrono::{Datelike, NaiveDate};

/// Maps days to x coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale {
    /// The first day shown (its start).
    pub from: i64,
    /// The day after the last day shown.
    pub to: i64,
    /// x of `from`.
    pub left: f64,
    /// x of `to`.
    pub right: f64,
}

/// A labelled tick on the time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// The day it marks the start of.
    pub day: i64,
    /// "Jan 2020", "Feb", "2020", "5 Jan".
    pub label: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// At most this many labels fit the chart's width.
const MAX_TICKS: usize = 8;

impl TimeScale {
    /// A scale showing the days `first..=last`, padded a little on both
    /// sides and at least a month long, drawn between `left` and `right`.
    pub fn new(first: i64, last: i64, left: f64, right: f64) -> TimeScale {
        let (first, last) = (first.min(last), first.max(last));
        let short = (30 - (last - first + 1)).max(0);
        let pad = ((last - first + 1) / 40).max(2);
        TimeScale {
            from: first - pad - short / 2,
            to: last + 1 + pad + (short - short / 2),
            left,
            right,
        }
    }

    /// The x of a moment, in days (day 10.5 is noon of day 10).
    pub fn x(&self, day: f64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        self.left + (day - self.from as f64) / span * (self.right - self.left)
    }

    /// The labelled ticks: the coarsest month step (1, 2, 3, 6 months, 1,
    /// 2, 5, 10 years…) giving at most eight labels; day ticks for spans of
    /// under two months.
    pub fn ticks(&self) -> Vec<Tick> {
        let first = date_of(self.from);
        // Up to a thousand years a tick: a year 0000 written by mistake
        // spans two millennia, and must not fall through to day ticks.
        for step in [
            1u32, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000,
        ] {
            let ticks = self.month_ticks(first, step);
            if ticks.len() <= MAX_TICKS {
                if ticks.len() >= 2 || step > 1 {
                    return ticks;
                }
                break;
            }
        }
        for step in [1i64, 2, 7, 14] {
            // Day ticks are for spans of weeks, never counted over years.
            if (self.to - self.from) / step > MAX_TICKS as i64 {
                continue;
            }
            let ticks: Vec<Tick> = (self.from..self.to)
                .filter(|d| (d - self.from) % step == 0)
                .map(|d| {
                    let date = date_of(d);
                    Tick {
                        day: d,
                        label: format!("{} {}", date.day(), MONTHS[date.month0() as usize]),
                    }
                })
                .collect();
            if ticks.len() <= MAX_TICKS {
                return ticks;
            }
        }
        Vec::new()
    }

    /// Ticks at the first of every `step`-th month within the scale.
    fn month_ticks(&self, first: NaiveDate, step: u32) -> Vec<Tick> {
        let mut out = Vec::new();
        // Months since year 0, so steps line up with calendar years.
        let mut m = first.year() as i64 * 12 + i64::from(first.month0());
        if first.day() != 1 {
            m += 1;
        }
        let step = i64::from(step);
        m += (step - m.rem_euclid(step)) % step;
        loop {
            let (y, mo) = (m.div_euclid(12), m.rem_euclid(12));
            let Some(date) = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, mo as u32 + 1, 1))
            else {
                break;
            };
            let d = crate::chronology::day(date);
            if d >= self.to {
                break;
            }
            let label = if step >= 12 {
                y.to_string()
            } else if mo == 0 || out.is_empty() {
                let mut label = String::with_capacity(14);
                crate::text::push!(&mut label, MONTHS[mo as usize], ' ', y);
                label
            } else {
                MONTHS[mo as usize].to_string()
            };
            out.push(Tick { day: d, label });
            m += step;
            if out.len() > MAX_TICKS {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::day;

    fn d(s: &str) -> i64 {
        day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn labels(s: &TimeScale) -> Vec<String> {
        s.ticks().into_iter().map(|t| t.label).collect()
    }

    #[test]
    fn days_map_linearly_onto_the_width() {
        let s = TimeScale {
            from: 100,
            to: 200,
            left: 0.0,
            right: 700.0,
        };
        assert_eq!(s.x(100.0), 0.0);
        assert_eq!(s.x(150.0), 350.0);
        assert_eq!(s.x(200.0), 700.0);
    }

    #[test]
    fn a_span_of_millennia_has_century_ticks() {
        // A year 0000 written by mistake: ticks every 500 years, not
        // hundreds of thousands of day ticks counted and thrown away.
        let s = TimeScale::new(d("0000-01-01"), d("2021-06-30"), 30.0, 700.0);
        assert_eq!(labels(&s), ["0", "500", "1000", "1500", "2000"]);
    }

    #[test]
    fn ticks_fit_the_span() {
        // Three years, padded: every six months.
        let s = TimeScale::new(d("2019-01-01"), d("2021-12-31"), 30.0, 700.0);
        assert_eq!(
            labels(&s),
            [
                "Jan 2019", "Jul", "Jan 2020", "Jul", "Jan 2021", "Jul", "Jan 2022"
            ]
        );
        // Two months and a half: monthly.
        let s = TimeScale::new(d("2019-12-05"), d("2020-02-20"), 30.0, 700.0);
        assert_eq!(labels(&s), ["Jan 2020", "Feb"]);
        // Ten days: padded to a month, with weekly day ticks.
        let s = TimeScale::new(d("2021-02-15"), d("2021-02-25"), 30.0, 700.0);
        assert!(s.to - s.from >= 30);
        let l = labels(&s);
        assert!(l.len() >= 3 && l.len() <= 8, "{l:?}");
        assert!(
            l.iter()
                .all(|x| x.ends_with("Feb") || x.ends_with("Jan") || x.ends_with("Mar"))
        );
        // Thirty years: by five years.
        let s = TimeScale::new(d("1990-01-01"), d("2020-01-01"), 30.0, 700.0);
        assert_eq!(
            labels(&s),
            ["1990", "1995", "2000", "2005", "2010", "2015", "2020"]
        );
    }
}
