//! The escalation index of a pair of actors as a line over time, inside the
//! band of values the records' uncertainty allows, with the pair's events
//! as linked ticks along the bottom.

use super::{TimeScale, num, open, same_num, tenths, time_axis};
use crate::base::html::escape_into;
use crate::base::text::push;
use crate::chronology::index::{Pair, Series};
use crate::chronology::{Chronology, date_of};
use crate::render::links::Links;
use crate::resolve::Library;
use std::fmt::Write;

/// At most this many points per line.
const POINTS: usize = 360;
/// Height of the plot.
const PLOT: f64 = 120.0;
/// Room above the plot, for the y axis's label.
const TOP: f64 = 24.0;

/// One pair's chart.
pub(crate) struct IndexChart<'a> {
    /// The library.
    pub lib: &'a Library,
    /// Its analysis.
    pub chrono: &'a Chronology,
    /// Links as seen from the page.
    pub links: Links<'a>,
    pub pair: &'a Pair,
    /// Its index over the scale's days.
    pub series: &'a Series,
    /// The page's time scale, shared with its other charts.
    pub scale: TimeScale,
    /// A prefix for the ids inside the SVG, unique on the page.
    pub id: &'a str,
}

impl IndexChart<'_> {
    /// The chart as an SVG string.
    pub(crate) fn draw(&self) -> String {
        let lib = self.lib;
        let s = self.series;
        let scale = self.scale;
        let bottom = TOP + PLOT;
        let max = s.high.iter().copied().fold(0.0, f64::max);
        let top_value = nice_ceiling(max);
        let y = |v: f64| bottom - v / top_value * PLOT;
        let (a, b) = (&lib.actors[self.pair.a].name, &lib.actors[self.pair.b].name);
        let mut out = open(
            "index",
            self.id,
            bottom + scale.axis_height(),
            &format!("Escalation index: {a} ↔ {b}"),
            &self.describe(a, b),
        );
        // The y axis's label, above its numbers: what the line measures.
        push!(
            &mut out,
            "<g class=\"axis y-axis\"><text class=\"axis-label\" x=\"",
            num(scale.left - 24.0),
            "\" y=\"12\">Escalation index (levels and deaths of recent events)</text>"
        );
        for v in [0.0, top_value / 2.0, top_value] {
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/><text class=\"level\" x=\"{nx}\" y=\"{ny}\" text-anchor=\"end\">{v}</text>",
                l = num(scale.left),
                r = num(scale.right),
                y = num(y(v)),
                nx = num(scale.left - 6.0),
                ny = num(y(v) + 4.0),
                v = num(v),
            );
        }
        out.push_str("</g>");
        time_axis(&mut out, &scale, TOP, bottom);

        let points = downsample(s, &scale);
        // Each line's points, the inner points of its flat runs dropped:
        // a quiet pair's lines are mostly flat, and a point is written only
        // when it is kept.
        let line = |pick: fn(&Sample) -> f64| -> Vec<(usize, f64)> {
            let ys: Vec<f64> = points.iter().map(|p| y(pick(p))).collect();
            kept(&ys).into_iter().map(|n| (n, ys[n])).collect()
        };
        let high = line(|p| p.high);
        let low = line(|p| p.low);
        let write_points =
            |out: &mut String, list: &mut dyn Iterator<Item = &(usize, f64)>, sep: char| {
                for (n, &(i, y)) in list.enumerate() {
                    if n > 0 {
                        out.push(sep);
                    }
                    out.push_str(num(points[i].x).as_str());
                    out.push(',');
                    out.push_str(num(y).as_str());
                }
            };
        out.push_str("<path class=\"band\" d=\"M");
        write_points(&mut out, &mut high.iter().chain(low.iter().rev()), 'L');
        out.push_str("Z\"/><polyline class=\"index-line\" points=\"");
        write_points(&mut out, &mut line(|p| p.mid).iter(), ' ');
        out.push_str("\"/>");
        out.push_str("<g class=\"rug\">");
        for &i in &self.pair.events {
            let w = self.chrono.when[i];
            let x0 = scale.x(w.first as f64);
            let x1 = scale.x((w.last + 1) as f64);
            let width = (x1 - x0).max(2.0);
            let e = &lib.events[i];
            out.push_str("<a href=\"");
            escape_into(&mut out, &self.links.event(&e.id));
            push!(
                &mut out,
                "\"><rect x=\"",
                num((x0 + x1) / 2.0 - width / 2.0),
                "\" y=\"",
                num(bottom - 8.0),
                "\" width=\"",
                num(width),
                "\" height=\"8\"/><title>"
            );
            // Escaping a concatenation is concatenating the escaped pieces.
            escape_into(&mut out, &lib.event_dates[i].display);
            out.push_str(": ");
            escape_into(&mut out, &e.title);
            push!(
                &mut out,
                " (escalation ",
                e.escalation.unwrap_or_default(),
                ")</title></a>"
            );
        }
        out.push_str("</g></svg>");
        out
    }

    fn describe(&self, a: &str, b: &str) -> String {
        let s = self.series;
        let (peak, day) = s.peak();
        let n = self.pair.events.len();
        format!(
            "The escalation index of {a} and {b} over time, from {n} event{} in which one acts against the other. \
             The line is the central estimate, highest at {} on {}; the shaded band runs from the lowest to the highest value \
             that the events' date precision and disputed casualty figures allow. Each event counts half as much after {} days. \
             The pair's events are marked along the bottom and listed with the chart.",
            if n == 1 { "" } else { "s" },
            num(peak),
            date_of(day).format("%-d %B %Y"),
            self.lib.config.index_half_life,
        )
    }
}

/// A point of the drawn lines.
struct Sample {
    x: f64,
    low: f64,
    mid: f64,
    high: f64,
}

/// About `POINTS` samples across the width: over each stretch of days
/// about two units wide (fewer days where the scale zooms), the highest
/// central and upper values and the lowest lower value, so no peak is lost.
fn downsample(s: &Series, scale: &TimeScale) -> Vec<Sample> {
    let days = s.mid.len();
    let unit = (scale.right - scale.left) / POINTS as f64;
    let mut out = Vec::new();
    let mut start = 0;
    while start < days {
        let x0 = scale.x((s.from + start as i64) as f64);
        let mut end = start + 1;
        while end < days && scale.x((s.from + end as i64) as f64) - x0 < unit {
            end += 1;
        }
        let max = |v: &[f64]| v[start..end].iter().copied().fold(0.0, f64::max);
        let min = s.low[start..end]
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        out.push(Sample {
            x: scale.x((s.from + start as i64) as f64 + (end - start) as f64 / 2.0),
            low: min,
            mid: max(&s.mid),
            high: max(&s.high),
        });
        start = end;
    }
    out
}

/// The indexes of the values to draw: the inner points of flat runs (equal
/// as written) draw nothing.
fn kept(ys: &[f64]) -> Vec<usize> {
    let ys: Vec<(f64, Option<i64>)> = ys.iter().map(|&y| (y, tenths(y))).collect();
    (0..ys.len())
        .filter(|&n| {
            let flat = n > 0
                && n + 1 < ys.len()
                && same_num(ys[n - 1], ys[n])
                && same_num(ys[n + 1], ys[n]);
            !flat
        })
        .collect()
}

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `v`
/// (1 for nothing).
pub(crate) fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let base = 10f64.powf(v.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|&c| c >= v - 1e-9)
        .unwrap_or(10.0 * base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.3), 8.0);
        assert_eq!(nice_ceiling(11.0), 15.0);
        assert_eq!(nice_ceiling(21.0), 25.0);
        assert_eq!(nice_ceiling(27.0), 30.0);
        assert_eq!(nice_ceiling(40.0), 40.0);
        assert_eq!(nice_ceiling(81.0), 100.0);
    }

    #[test]
    fn flat_runs_keep_their_ends() {
        assert_eq!(kept(&[5.0, 5.0, 5.0, 4.0, 4.0]), [0, 2, 3, 4]);
        // Flat as written: 5.01 and 4.99 are both "5"; 0.25 is a tie that
        // `format!` writes "0.2", like 0.2.
        assert_eq!(kept(&[5.01, 4.99, 5.0, 0.25, 0.2, 0.2]), [0, 2, 3, 5]);
        assert_eq!(kept(&[1.0, 2.0]), [0, 1]);
        assert!(kept(&[]).is_empty());
    }

    #[test]
    fn downsampling_keeps_the_peak() {
        let mut s = Series {
            from: 0,
            low: vec![0.0; 1000],
            mid: vec![0.0; 1000],
            high: vec![0.0; 1000],
        };
        s.mid[501] = 9.0;
        s.high[501] = 10.0;
        let scale = TimeScale {
            from: 0,
            to: 1000,
            left: 0.0,
            right: 700.0,
            zooms: Default::default(),
        };
        let d = downsample(&s, &scale);
        assert!(d.len() <= POINTS);
        assert_eq!(d.iter().map(|p| p.mid).fold(0.0, f64::max), 9.0);
        assert_eq!(d.iter().map(|p| p.high).fold(0.0, f64::max), 10.0);
    }
}
