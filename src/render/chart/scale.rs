//! The time scale shared by a page's charts: real days on the x axis, with
//! ticks at month or year boundaries (days, for short spans). Where events
//! crowd a few days, those days are drawn wider (a zoom) and the rest of
//! the time narrower: the axis marks where its scale changes, and by how
//! much, so a reader is never misled about distances in time.

use crate::chronology::date_of;
use chrono::{Datelike, NaiveDate};

/// Maps days to x coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TimeScale {
    /// The first day shown (its start).
    pub from: i64,
    /// The day after the last day shown.
    pub to: i64,
    /// x of `from`.
    pub left: f64,
    /// x of `to`.
    pub right: f64,
    /// The dense stretches drawn wider, in time order (see `with_density`).
    pub zooms: [Option<Zoom>; MAX_ZOOMS],
}

/// At most this many stretches of a scale are zoomed.
pub(super) const MAX_ZOOMS: usize = 3;
/// Room given to a day of a dense stretch, in chart units, at most.
const ZOOM_DAY: f64 = 16.0;
/// The zooms share at most this part of the width.
const ZOOM_SHARE: f64 = 0.6;
/// A zoom is drawn only where it widens days at least this many times.
const ZOOM_MIN: f64 = 3.0;

/// A stretch of days drawn wider than the rest of the scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Zoom {
    /// Its first day.
    pub from: i64,
    /// The day after its last.
    pub to: i64,
    /// x of `from`.
    pub x0: f64,
    /// x of `to`.
    pub x1: f64,
    /// How many times wider a day is drawn here than outside the zooms.
    pub factor: f64,
    /// How many of the events the scale was fitted to fall in it.
    pub events: usize,
}

/// A labelled tick on the time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tick {
    /// The day it marks the start of.
    pub day: i64,
    /// "Jan 2020", "Feb", "2020", "5 Jan".
    pub label: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Least distance between two labels of a scale with zooms, in chart units.
const TICK_GAP: f64 = 46.0;

/// At most this many labels fit the chart's width.
const MAX_TICKS: usize = 8;

impl TimeScale {
    /// A scale showing the days `first..=last`, padded a little on both
    /// sides and at least a month long, drawn between `left` and `right`.
    pub(crate) fn new(first: i64, last: i64, left: f64, right: f64) -> TimeScale {
        let (first, last) = (first.min(last), first.max(last));
        let short = (30 - (last - first + 1)).max(0);
        let pad = ((last - first + 1) / 40).max(2);
        TimeScale {
            from: first - pad - short / 2,
            to: last + 1 + pad + (short - short / 2),
            left,
            right,
            zooms: [None; MAX_ZOOMS],
        }
    }

    /// The scale with room for its dense stretches: where three or more of
    /// `days` (the days of precisely dated events) follow each other at
    /// short intervals, those days are drawn up to `ZOOM_DAY` units wide
    /// (together at most `ZOOM_SHARE` of the width) and the other days
    /// share the rest evenly. A zoom widening days less than `ZOOM_MIN`
    /// times is not worth a break in the axis: the scale stays linear.
    pub(crate) fn with_density(self, days: &[i64]) -> TimeScale {
        let mut days: Vec<i64> = days
            .iter()
            .copied()
            .filter(|d| (self.from..self.to).contains(d))
            .collect();
        days.sort_unstable();
        let span = self.to - self.from;
        let width = self.right - self.left;
        let gap = (span / 50).max(3);
        // (first day, last day, events)
        let mut runs: Vec<(i64, i64, usize)> = Vec::new();
        for d in days {
            match runs.last_mut() {
                Some(run) if d - run.1 <= gap => {
                    run.1 = d;
                    run.2 += 1;
                }
                _ => runs.push((d, d, 1)),
            }
        }
        runs.retain(|r| r.2 >= 3);
        // The densest stretches, in time order.
        runs.sort_by_key(|r| (std::cmp::Reverse(r.2), r.0));
        runs.truncate(MAX_ZOOMS);
        runs.sort_by_key(|r| r.0);
        let windows: Vec<(i64, i64, usize)> = runs
            .iter()
            .map(|&(a, b, n)| ((a - 1).max(self.from), (b + 2).min(self.to), n))
            .collect();
        let zoomed: i64 = windows.iter().map(|w| w.1 - w.0).sum();
        let rest = span - zoomed;
        if windows.is_empty() || rest <= 0 {
            return self;
        }
        let per_day = ZOOM_DAY.min(ZOOM_SHARE * width / zoomed as f64);
        let base = (width - per_day * zoomed as f64) / rest as f64;
        if per_day < ZOOM_MIN * base {
            return self;
        }
        let mut out = self;
        let (mut day, mut x) = (self.from, self.left);
        for (n, &(from, to, events)) in windows.iter().enumerate() {
            let x0 = x + (from - day) as f64 * base;
            let x1 = x0 + (to - from) as f64 * per_day;
            out.zooms[n] = Some(Zoom {
                from,
                to,
                x0,
                x1,
                factor: per_day / base,
                events,
            });
            (day, x) = (to, x1);
        }
        out
    }

    /// The zooms, in time order.
    pub(crate) fn zooms(&self) -> impl Iterator<Item = &Zoom> {
        self.zooms.iter().flatten()
    }

    /// The zoom holding the most events, if any.
    pub(crate) fn densest(&self) -> Option<&Zoom> {
        self.zooms()
            .max_by_key(|z| (z.events, std::cmp::Reverse(z.from)))
    }

    /// Height of the time axis under a plot: a second row names the zooms.
    pub(crate) fn axis_height(&self) -> f64 {
        if self.zooms[0].is_some() { 40.0 } else { 26.0 }
    }

    /// The x of a moment, in days (day 10.5 is noon of day 10).
    pub(crate) fn x(&self, day: f64) -> f64 {
        let lerp = |d0: f64, x0: f64, d1: f64, x1: f64| {
            if d1 <= d0 {
                x0
            } else {
                x0 + (day - d0) / (d1 - d0) * (x1 - x0)
            }
        };
        let (mut d0, mut x0) = (self.from as f64, self.left);
        for z in self.zooms() {
            if day < z.from as f64 {
                return lerp(d0, x0, z.from as f64, z.x0);
            }
            if day < z.to as f64 {
                return lerp(z.from as f64, z.x0, z.to as f64, z.x1);
            }
            (d0, x0) = (z.to as f64, z.x1);
        }
        lerp(d0, x0, self.to as f64, self.right)
    }

    /// The labelled ticks: the coarsest month step (1, 2, 3, 6 months, 1,
    /// 2, 5, 10 years…) giving at most eight labels; day ticks for spans of
    /// under two months.
    pub(crate) fn ticks(&self) -> Vec<Tick> {
        if self.zooms[0].is_some() {
            return self.zoomed_ticks();
        }
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

    /// The ticks of a scale with zooms: each stretch gets the finest step
    /// (days in a zoom, months or years outside) whose labels fit it, and
    /// a label too close to the previous one is dropped.
    fn zoomed_ticks(&self) -> Vec<Tick> {
        // (from, to, zoomed) for every stretch of the scale.
        let mut stretches = Vec::new();
        let mut day = self.from;
        for z in self.zooms() {
            stretches.push((day, z.from, false));
            stretches.push((z.from, z.to, true));
            day = z.to;
        }
        stretches.push((day, self.to, false));
        // (day, is a day tick, is a year tick)
        let mut candidates: Vec<(i64, bool, bool)> = Vec::new();
        for (from, to, zoomed) in stretches {
            if to <= from {
                continue;
            }
            let per_day = (self.x(to as f64) - self.x(from as f64)) / (to - from) as f64;
            if zoomed {
                let Some(step) = [1i64, 2, 3, 7, 14]
                    .into_iter()
                    .find(|s| *s as f64 * per_day >= TICK_GAP)
                else {
                    continue;
                };
                candidates.extend((from..to).step_by(step as usize).map(|d| (d, true, false)));
            } else {
                let Some(step) = [1u32, 2, 3, 6, 12, 24, 60, 120]
                    .into_iter()
                    .find(|s| f64::from(*s) * 30.4 * per_day >= TICK_GAP + 8.0)
                else {
                    continue;
                };
                let part = TimeScale {
                    from,
                    to,
                    zooms: [None; MAX_ZOOMS],
                    ..*self
                };
                candidates.extend(
                    part.month_ticks(date_of(from), step)
                        .into_iter()
                        .map(|t| (t.day, false, step >= 12)),
                );
            }
        }
        let mut out: Vec<Tick> = Vec::new();
        let mut last_x = f64::NEG_INFINITY;
        let mut last_year = None;
        for (d, is_day, is_year) in candidates {
            let x = self.x(d as f64);
            // A label with a year is wider: keep it clear of the previous one.
            let gap = if is_day && last_year != Some(date_of(d).year()) {
                TICK_GAP + 18.0
            } else {
                TICK_GAP
            };
            if x - last_x < gap {
                continue;
            }
            let date = date_of(d);
            let month = MONTHS[date.month0() as usize];
            let label = if is_day && last_year != Some(date.year()) {
                format!("{} {month} {}", date.day(), date.year())
            } else if is_day {
                format!("{} {month}", date.day())
            } else if is_year {
                date.year().to_string()
            } else if date.month0() == 0 || last_year != Some(date.year()) {
                format!("{month} {}", date.year())
            } else {
                month.to_string()
            };
            last_year = Some(date.year());
            last_x = x;
            out.push(Tick { day: d, label });
        }
        out
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
                crate::base::text::push!(&mut label, MONTHS[mo as usize], ' ', y);
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
            zooms: [None; MAX_ZOOMS],
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

    #[test]
    fn crowded_days_are_drawn_wider_and_the_rest_evenly() {
        let s = TimeScale::new(d("2018-05-08"), d("2021-02-26"), 30.0, 708.0);
        // Six events in twelve days, and a few far apart.
        let days: Vec<i64> = [
            "2018-05-08",
            "2019-08-19",
            "2019-12-27",
            "2019-12-28",
            "2019-12-29",
            "2019-12-29",
            "2020-01-03",
            "2020-01-08",
            "2021-02-26",
        ]
        .iter()
        .map(|x| d(x))
        .collect();
        let z = s.with_density(&days);
        let zooms: Vec<&Zoom> = z.zooms().collect();
        assert_eq!(zooms.len(), 1, "{zooms:?}");
        let zoom = zooms[0];
        assert_eq!((zoom.from, zoom.to), (d("2019-12-26"), d("2020-01-10")));
        assert_eq!(zoom.events, 6);
        assert!(zoom.factor >= ZOOM_MIN, "{}", zoom.factor);
        assert_eq!(z.densest(), Some(zoom));
        // The ends stay put; x grows with time; a zoomed day is `factor`
        // times an ordinary one.
        assert_eq!(z.x(z.from as f64), 30.0);
        assert!((z.x(z.to as f64) - 708.0).abs() < 1e-9);
        let xs: Vec<f64> = (z.from..=z.to).map(|day| z.x(day as f64)).collect();
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
        let wide = z.x(d("2019-12-30") as f64) - z.x(d("2019-12-29") as f64);
        let narrow = z.x(d("2019-06-02") as f64) - z.x(d("2019-06-01") as f64);
        assert!((wide / narrow - zoom.factor).abs() < 1e-6);
        assert!(wide <= ZOOM_DAY + 1e-9);
        // The ticks name days in the zoom and keep apart.
        let ticks = z.ticks();
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        // A day's label gives its year where the year changes.
        assert!(
            labels
                .iter()
                .any(|l| l.ends_with(" Jan 2020") && l.starts_with(|c: char| c.is_ascii_digit())),
            "{labels:?}"
        );
        assert!(labels.contains(&"26 Dec"), "{labels:?}");
        let tx: Vec<f64> = ticks.iter().map(|t| z.x(t.day as f64)).collect();
        assert!(
            tx.windows(2).all(|w| w[1] - w[0] >= TICK_GAP),
            "{labels:?} {tx:?}"
        );
        assert_eq!(z.axis_height(), 40.0);
    }

    #[test]
    fn evenly_spread_events_keep_a_linear_scale() {
        let s = TimeScale::new(d("2019-01-01"), d("2019-12-31"), 30.0, 708.0);
        let days: Vec<i64> = (0..12).map(|m| d("2019-01-15") + m * 30).collect();
        assert_eq!(s.with_density(&days), s);
        // Three events on three days in a month: days are already wide.
        let s = TimeScale::new(d("2019-01-01"), d("2019-01-31"), 30.0, 708.0);
        let days = [d("2019-01-10"), d("2019-01-11"), d("2019-01-12")];
        assert_eq!(s.with_density(&days), s);
        assert_eq!(s.axis_height(), 26.0);
    }
}
