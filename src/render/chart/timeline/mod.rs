//! The escalation chart: real time across, the ladder up, phases as shaded
//! bands, each event a point (a bar when its date is a month, a year or a
//! span of days) linking to its page, `responds_to` edges as arrows.

use super::{TimeScale, num, open, time_axis};
use crate::base::html::{escape, escape_into};
use crate::base::text::push;
use crate::chronology::{Chronology, When};
use crate::render::links::Links;
use crate::resolve::Library;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

mod frame;

/// Up to this many events, every event is its own mark; beyond it, events
/// at the same level within a few days share one mark that links to the list.
pub(crate) const MAX_MARKS: usize = 600;
/// The most actors a mark's `data-actors` names (see `filter_data`).
pub(crate) const MARK_ACTORS: usize = 16;
/// Width of the cells events are grouped in, in chart units.
const CELL: f64 = 4.0;
/// Width of the cells of a chart whose events are grouped (more than
/// `MAX_MARKS`): a few hundred marks at most, a chart of about 200 KB
/// however many events.
const GROUP_CELL: f64 = 20.0;
/// Height of a phase label's row.
const ROW: f64 = 15.0;

/// What to draw, and how it links.
pub(crate) struct Timeline<'a> {
    /// The library.
    pub lib: &'a Library,
    /// Its analysis.
    pub chrono: &'a Chronology,
    /// The events to draw, in chronological order.
    pub events: &'a [usize],
    /// The time scale (see `Timeline::days`).
    pub scale: TimeScale,
    /// Links as seen from the page.
    pub links: Links<'a>,
    /// The page holding the list of these events, whose months have ids
    /// `m2019-12` (a grouped mark links there): "" for this page.
    pub list: &'a str,
    /// A prefix for the ids inside the SVG, unique on the page.
    pub id: &'a str,
    pub title: &'a str,
    /// The sentence of the description that names the text equivalent.
    pub equivalent: &'a str,
}

/// A drawn chart: the SVG, and the legend of what it uses (HTML).
pub(crate) struct Drawn {
    /// The `<svg>` element.
    pub svg: String,
    /// The legend's items, each a `<span>`, naming every colour and kind
    /// of mark the chart uses and nothing else.
    pub legend: String,
}

/// One mark: an event, or several at the same level close in time.
struct Mark {
    members: Vec<usize>,
    level: u8,
    x0: f64,
    x1: f64,
    span: bool,
    /// Dated only to a month or a year: drawn as a faint range.
    coarse: bool,
    dodge: f64,
}

impl Mark {
    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// The box the mark covers when its level's line is at `y`:
    /// (left, right, top, bottom).
    fn bounds(&self, y: f64) -> (f64, f64, f64, f64) {
        let y = y + self.dodge;
        if self.span {
            let w = (self.x1 - self.x0).max(5.0);
            let h = if self.coarse { 3.0 } else { 4.0 };
            let x = self.centre() - w / 2.0;
            (x, x + w, y - h, y + h)
        } else {
            let r = self.radius() + 0.6;
            (self.x0 - r, self.x0 + r, y - r, y + r)
        }
    }

    fn radius(&self) -> f64 {
        if self.members.len() > 1 { 6.0 } else { 4.5 }
    }
}

/// Whether two boxes as `Mark::bounds` gives them overlap.
fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3
}

/// How far a mark may be moved off its level's line, in order of preference.
const DODGE: [f64; 7] = [0.0, -9.0, 9.0, -18.0, 18.0, -27.0, 27.0];

impl Timeline<'_> {
    /// The days the plotted events may fall in; `None` when no event has a level.
    pub(crate) fn days(lib: &Library, chrono: &Chronology, events: &[usize]) -> Option<(i64, i64)> {
        let mut plotted = events
            .iter()
            .filter(|&&i| lib.events[i].escalation.is_some());
        let first = *plotted.next()?;
        let (mut lo, mut hi) = (chrono.when[first].first, chrono.when[first].last);
        for &i in plotted {
            lo = lo.min(chrono.when[i].first);
            hi = hi.max(chrono.when[i].last);
        }
        Some((lo, hi))
    }

    /// The chart as an SVG string, and its legend.
    pub(crate) fn draw(&self) -> Drawn {
        let lib = self.lib;
        let scale = self.scale;
        let (lo, hi) = lib.config.ladder_range;
        let (lo, hi) = (f64::from(lo), f64::from(hi.max(lo + 1)));
        let phases = self.phase_rows(&scale);
        let rows = phases.iter().map(|p| p.row + 1).max().unwrap_or(0);
        // Room for the phases' labels, and for the top level's label above its line.
        let top = 8.0 + rows as f64 * ROW + 12.0;
        let plot = ((hi - lo) * 22.0).clamp(120.0, 240.0);
        let bottom = top + plot;
        let y = |level: u8| bottom - (f64::from(level) - lo) / (hi - lo) * plot;

        let marks = self.marks(&scale, &y);
        let plotted: usize = marks.iter().map(|m| m.members.len()).sum();
        let mut at: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, m) in marks.iter().enumerate() {
            for &i in &m.members {
                at.insert(i, k);
            }
        }
        // Grouped marks stand for many events: arrows between them would
        // only blacken the chart, so the chains alone show the responses.
        let grouped = marks.len() < plotted;
        let mut edges = BTreeSet::new();
        for (&i, &k) in at.iter().filter(|_| !grouped) {
            for t in &lib.events[i].responds_to {
                if let Some(&j) = lib.event(t).and_then(|j| at.get(&j))
                    && j != k
                {
                    edges.insert((j, k));
                }
            }
        }

        let mut out = open(
            "timeline",
            self.id,
            bottom + scale.axis_height(),
            self.title,
            &self.describe(plotted, &marks, edges.len(), &phases),
        );
        let _ = write!(
            out,
            "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0L8,4L0,8z\"/></marker></defs>",
            id = escape(self.id)
        );
        if let Some(z) = scale.densest() {
            // Where a phone's scrolled chart opens (see dossier.js): the
            // middle of the densest stretch, as a share of the width.
            let focus = (z.x0 + z.x1) / 2.0 / super::WIDTH;
            out.insert_str(4, &format!(" data-focus=\"{:.3}\"", focus.clamp(0.0, 1.0)));
        }
        self.draw_phases(&mut out, &phases, top, bottom);
        let boxes: Vec<_> = marks.iter().map(|m| m.bounds(y(m.level))).collect();
        self.draw_ladder(&mut out, &scale, &y, &boxes);
        time_axis(&mut out, &scale, top, bottom);
        out.push_str("<g class=\"edges\">");
        for &(j, k) in &edges {
            let (a, b) = (&marks[j], &marks[k]);
            arrow(
                &mut out,
                self.id,
                (a.centre(), y(a.level) + a.dodge),
                (b.centre(), y(b.level) + b.dodge),
                (j, k),
            );
        }
        out.push_str("</g><g class=\"marks\">");
        for (k, m) in marks.iter().enumerate() {
            self.draw_mark(&mut out, k, m, y(m.level) + m.dodge);
        }
        out.push_str("</g></svg>");
        let legend = self.legend(&marks, edges.len(), &phases, &scale);
        Drawn { svg: out, legend }
    }

    /// Groups the events into marks: one per event up to `MAX_MARKS`, with
    /// events in the same cell nudged apart; beyond, one per cell.
    /// The events drawn: those with a level.
    fn plotted(&self) -> usize {
        self.events
            .iter()
            .filter(|&&i| self.lib.events[i].escalation.is_some())
            .count()
    }

    fn marks(&self, scale: &TimeScale, y: &dyn Fn(u8) -> f64) -> Vec<Mark> {
        let lib = self.lib;
        let mut cells: BTreeMap<(i64, i64, u8, bool), Vec<usize>> = BTreeMap::new();
        let mut count = 0;
        // Grouped marks share wider cells: a chart of a large dossier
        // stays a few hundred marks, not thousands.
        let width = if self.plotted() > MAX_MARKS {
            GROUP_CELL
        } else {
            CELL
        };
        let cell = |x: f64| (x / width).floor() as i64;
        for &i in self.events {
            let Some(level) = lib.events[i].escalation else {
                continue;
            };
            let (x0, x1, span) = extent(scale, self.chrono.when[i]);
            cells
                .entry((cell(x0), cell(x1), level, span))
                .or_default()
                .push(i);
            count += 1;
        }
        let group = count > MAX_MARKS;
        let coarse = |i: usize| {
            use crate::model::date::Precision;
            matches!(
                lib.events[i].date.precision,
                Precision::Month | Precision::Year
            )
        };
        let mut marks = Vec::new();
        for ((_, _, level, span), members) in cells {
            let extents: Vec<(f64, f64, bool)> = members
                .iter()
                .map(|&i| extent(scale, self.chrono.when[i]))
                .collect();
            if group {
                marks.push(Mark {
                    level,
                    x0: extents.iter().map(|e| e.0).fold(f64::INFINITY, f64::min),
                    x1: extents
                        .iter()
                        .map(|e| e.1)
                        .fold(f64::NEG_INFINITY, f64::max),
                    span,
                    coarse: members.iter().all(|&i| coarse(i)),
                    dodge: 0.0,
                    members,
                });
                continue;
            }
            for (&i, &(x0, x1, span)) in members.iter().zip(&extents) {
                marks.push(Mark {
                    members: vec![i],
                    level,
                    x0,
                    x1,
                    span,
                    coarse: span && coarse(i),
                    dodge: 0.0,
                });
            }
        }
        // Draw in time order, so later marks sit on earlier ones.
        marks.sort_by_key(|m| m.members[0]);
        if !group {
            place(&mut marks, y);
        }
        marks
    }

    fn draw_mark(&self, out: &mut String, k: usize, m: &Mark, y: f64) {
        let lib = self.lib;
        let first = &lib.events[m.members[0]];
        let band = band(lib, m.level);
        let circa = m.members.iter().any(|&i| lib.events[i].circa);
        // Written piece by piece, each escaped (escaping a concatenation
        // is concatenating the escaped pieces).
        out.push_str("<a href=\"");
        super::mark_href(out, self.links, self.list, first, m.members.len());
        out.push_str("\" class=\"mark lvl-");
        out.push_str(band);
        for (cond, word) in [
            (m.span, " span"),
            (!m.span, " point"),
            (circa, " circa"),
            (m.members.len() > 1, " group"),
            (m.coarse, " coarse"),
        ] {
            if cond {
                out.push_str(word);
            }
        }
        if let [i] = m.members[..] {
            out.push_str(" precision-");
            out.push_str(lib.events[i].date.precision.as_str());
        }
        push!(out, "\" data-mark=\"", k, "\"");
        filter_data(lib, self.chrono, out, &m.members);
        out.push('>');
        // Tens of thousands of marks a build: pieces pushed as they are,
        // without the formatter.
        let attrs = |out: &mut String, pairs: [(&str, f64); 3]| {
            for (name, v) in pairs {
                out.push(' ');
                out.push_str(name);
                out.push_str("=\"");
                out.push_str(num(v).as_str());
                out.push('"');
            }
        };
        if m.span {
            let (x0, x1, top, bottom) = m.bounds(y - m.dodge);
            out.push_str("<rect");
            attrs(out, [("x", x0), ("y", top), ("width", x1 - x0)]);
            out.push_str(if m.coarse {
                " height=\"6\" rx=\"2\"/>"
            } else {
                " height=\"8\" rx=\"3\"/>"
            });
            debug_assert!((bottom - top - if m.coarse { 6.0 } else { 8.0 }).abs() < 1e-9);
        } else {
            out.push_str("<circle");
            attrs(out, [("cx", m.centre()), ("cy", y), ("r", m.radius())]);
            out.push_str("/>");
        }
        out.push_str("<title>");
        if let [i] = m.members[..] {
            self.event_title(out, i);
        } else {
            let last = &lib.events[*m.members.last().expect("a mark has members")];
            // Numbers need no escaping.
            push!(out, m.members.len(), " events at level ", m.level, ", ");
            escape_into(out, &first.date.display());
            out.push_str(" to ");
            escape_into(out, &last.date.display());
            out.push_str(": see the list");
        }
        out.push_str("</title></a>");
    }

    /// "27 December 2019: Rocket attack on K-1 — level 6, Lethal attack",
    /// escaped, onto `out`.
    fn event_title(&self, out: &mut String, i: usize) {
        let e = &self.lib.events[i];
        escape_into(out, &self.lib.event_dates[i].display);
        out.push_str(match e.date.precision {
            crate::model::date::Precision::Month => " (day unknown)",
            crate::model::date::Precision::Year => " (month unknown)",
            _ => "",
        });
        out.push_str(": ");
        escape_into(out, &e.title);
        let level = e.escalation.unwrap_or_default();
        push!(out, " (escalation ", level);
        let label = crate::render::views::level_label(self.lib, e.escalation);
        if !label.is_empty() {
            out.push_str(": ");
            escape_into(out, label);
        }
        out.push(')');
    }
}

/// The attributes the chronology's filters read (on the chart and the
/// map): a mark's kinds, actors and phases, each sorted and unique.
pub(crate) fn filter_data(lib: &Library, chrono: &Chronology, out: &mut String, members: &[usize]) {
    let (mut kinds, mut actors, mut phases) = (Vec::new(), Vec::new(), Vec::new());
    for &i in members {
        let e = &lib.events[i];
        kinds.push(e.kind.as_str());
        actors.extend(e.actors.iter().map(|p| p.actor.as_str()));
        phases.extend(
            chrono
                .phases_of(i)
                .map(|p| lib.config.phases[p].slug.as_str()),
        );
    }
    for (name, mut values) in [("kind", kinds), ("actors", actors), ("phases", phases)] {
        values.sort_unstable();
        values.dedup();
        // A mark of many events would carry most of the actors of a large
        // dossier, on each of a chart's thousands of marks: past a few it
        // names none, and the scripts' actor filters leave it shown.
        if name == "actors" && values.len() > MARK_ACTORS {
            continue;
        }
        out.push_str(" data-");
        out.push_str(name);
        out.push_str("=\"");
        for (n, v) in values.iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            escape_into(out, v);
        }
        out.push('"');
    }
}

/// The colour of a level: "low", "mid" or "high" on the ladder.
fn band(lib: &Library, level: u8) -> &'static str {
    let (lo, hi) = lib.config.ladder_range;
    match (f64::from(level) - f64::from(lo)) / f64::from(hi.max(lo + 1) - lo) {
        f if f < 0.35 => "low",
        f if f < 0.65 => "mid",
        _ => "high",
    }
}

/// Moves marks off their level's line, as little as it takes, until no two
/// overlap: points dated to a day first (they keep their place), then bars
/// over several days, then the faint ranges of coarse dates.
fn place(marks: &mut [Mark], y: &dyn Fn(u8) -> f64) {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&k| (u8::from(marks[k].span) + u8::from(marks[k].coarse), k));
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::with_capacity(marks.len());
    for k in order {
        let line = y(marks[k].level);
        let mut best = (usize::MAX, 0.0);
        for dodge in DODGE {
            marks[k].dodge = dodge;
            let b = marks[k].bounds(line);
            let hits = placed.iter().filter(|p| overlap(**p, b)).count();
            if hits < best.0 {
                best = (hits, dodge);
            }
            if hits == 0 {
                break;
            }
        }
        marks[k].dodge = best.1;
        placed.push(marks[k].bounds(line));
    }
}

/// Where an event is drawn: (start x, end x, is a bar), within the scale.
fn extent(scale: &TimeScale, w: When) -> (f64, f64, bool) {
    let x = |day: f64| scale.x(day).clamp(scale.left, scale.right);
    if w.span {
        (x(w.first as f64), x((w.last + 1) as f64), true)
    } else {
        (x(w.at), x(w.at), false)
    }
}

/// A curved arrow from one mark to another, stopping short of both.
fn arrow(out: &mut String, id: &str, from: (f64, f64), to: (f64, f64), marks: (usize, usize)) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 12.0 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (x1, y1) = (from.0 + ux * 6.0, from.1 + uy * 6.0);
    let (x2, y2) = (to.0 - ux * 7.0, to.1 - uy * 7.0);
    // Bow the arrow upwards a little, so parallel arrows stay apart.
    let bow = (len * 0.15).min(24.0);
    let (cx, cy) = ((x1 + x2) / 2.0 + uy * bow, (y1 + y2) / 2.0 - ux * bow);
    let _ = write!(
        out,
        "<path class=\"edge\" d=\"M{},{}Q{},{} {},{}\" marker-end=\"url(#{}-arrow)\" data-from=\"{}\" data-to=\"{}\"/>",
        num(x1),
        num(y1),
        num(cx),
        num(cy),
        num(x2),
        num(y2),
        escape(id),
        marks.0,
        marks.1
    );
}
