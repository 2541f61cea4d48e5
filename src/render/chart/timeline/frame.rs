//! What frames the timeline's marks: its description, the phases as
//! shaded bands with their labels, and the ladder on the y axis.

use super::{Mark, ROW, Timeline};
use crate::base::html::escape;
use crate::render::chart::{TimeScale, num};
use std::fmt::Write;

/// A phase's band and the row of its label.
pub(super) struct PhaseBand {
    /// Index of the phase.
    phase: usize,
    /// Where the band starts.
    x0: f64,
    /// Where it ends.
    x1: f64,
    /// The row of its label, from 0.
    pub(super) row: usize,
    /// The label ends at the band's end rather than starting at its start.
    end_anchor: bool,
}

impl Timeline<'_> {
    /// The chart's `<desc>`: what it shows, in words.
    pub(super) fn describe(
        &self,
        plotted: usize,
        marks: &[Mark],
        edges: usize,
        phases: &[PhaseBand],
    ) -> String {
        let lib = self.lib;
        let first = self
            .events
            .iter()
            .find(|&&i| lib.events[i].escalation.is_some());
        let last = self
            .events
            .iter()
            .rev()
            .find(|&&i| lib.events[i].escalation.is_some());
        let (lo, hi) = lib.config.ladder_range;
        let mut d = format!(
            "Escalation level (up, {lo} to {hi}) of {plotted} event{} over time (across)",
            if plotted == 1 { "" } else { "s" }
        );
        if let (Some(&a), Some(&b)) = (first, last) {
            let _ = write!(
                d,
                ", from {} to {}",
                lib.events[a].date.display(),
                lib.events[b].date.display()
            );
        }
        d.push_str(". Each event is a point, or a bar over the days it may fall in when it is dated only to a month or a year or spans days; hollow marks have approximate (circa) dates.");
        if marks.len() < plotted {
            let _ = write!(
                d,
                " Events at the same level within a few days are drawn as one mark ({} marks) that links to the list, and responses are not drawn: the tit-for-tat chains list them.",
                marks.len()
            );
        }
        if edges > 0 {
            let _ = write!(
                d,
                " {edges} arrow{} lead from an event to the events that respond to it.",
                if edges == 1 { "" } else { "s" }
            );
        }
        if !phases.is_empty() {
            let names: Vec<&str> = phases
                .iter()
                .map(|p| lib.config.phases[p.phase].name.as_str())
                .collect();
            let _ = write!(d, " Shaded bands mark the phases: {}.", names.join("; "));
        }
        let unplotted = self.events.len() - plotted;
        if unplotted > 0 {
            let _ = write!(
                d,
                " {unplotted} event{} without an escalation level {} listed but not plotted.",
                if unplotted == 1 { "" } else { "s" },
                if unplotted == 1 { "is" } else { "are" }
            );
        }
        if !self.equivalent.is_empty() {
            d.push(' ');
            d.push_str(self.equivalent);
        }
        d
    }

    /// The phases overlapping the chart, each given a row for its label so
    /// that labels do not overlap.
    pub(super) fn phase_rows(&self, scale: &TimeScale) -> Vec<PhaseBand> {
        let mut ends = [f64::NEG_INFINITY; 2];
        let mut out = Vec::new();
        for (p, &(first, last)) in self.chrono.phase_days.iter().enumerate() {
            if last < scale.from || first >= scale.to {
                continue;
            }
            let x0 = scale.x(first.max(scale.from) as f64);
            let x1 = scale.x((last + 1).min(scale.to) as f64);
            let name = &self.lib.config.phases[p].name;
            // About 7 units a character at the largest size the stylesheet uses.
            let width = name.chars().count() as f64 * 7.0 + 4.0;
            // Left-aligned at the band's start, or right-aligned at its end
            // when it would run off the chart.
            let (lx0, lx1) = if x0 + width > scale.right {
                (x1 - width, x1)
            } else {
                (x0, x0 + width)
            };
            let row = if lx0 >= ends[0] {
                0
            } else if lx0 >= ends[1] {
                1
            } else if ends[0] <= ends[1] {
                0
            } else {
                1
            };
            ends[row] = lx1 + 6.0;
            out.push(PhaseBand {
                phase: p,
                x0,
                x1,
                row,
                end_anchor: lx1 == x1 && x0 + width > scale.right,
            });
        }
        out
    }

    /// The phases' bands, each with its label and a tooltip.
    pub(super) fn draw_phases(
        &self,
        out: &mut String,
        phases: &[PhaseBand],
        top: f64,
        bottom: f64,
    ) {
        out.push_str("<g class=\"phases\">");
        for b in phases {
            let p = &self.lib.config.phases[b.phase];
            let label_y = 8.0 + b.row as f64 * ROW + 11.0;
            let (lx, anchor) = if b.end_anchor {
                (b.x1 - 2.0, "end")
            } else {
                (b.x0 + 2.0, "start")
            };
            let _ = write!(
                out,
                "<g class=\"phase phase-{n}\" data-phase=\"{slug}\"><rect x=\"{x}\" y=\"{t}\" width=\"{w}\" height=\"{h}\"/><line x1=\"{x}\" y1=\"{ly}\" x2=\"{x}\" y2=\"{b}\"/><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"{anchor}\">{name}</text><title>{name}: {from} – {until}</title></g>",
                n = b.phase % 2,
                slug = escape(&p.slug),
                x = num(b.x0),
                t = num(top),
                w = num((b.x1 - b.x0).max(1.0)),
                h = num(bottom - top),
                ly = num(label_y - 10.0),
                b = num(bottom),
                lx = num(lx),
                ty = num(label_y),
                name = escape(&p.name),
                from = escape(&p.from.display()),
                until = escape(&p.until.display()),
            );
        }
        out.push_str("</g>");
    }

    /// The ladder on the y axis: each labelled level's number in the margin
    /// and its label along its gridline, at the left or, where marks would
    /// cover it there, at the right (`marks`: the marks' boxes).
    pub(super) fn draw_ladder(
        &self,
        out: &mut String,
        scale: &TimeScale,
        y: &dyn Fn(u8) -> f64,
        marks: &[(f64, f64, f64, f64)],
    ) {
        let ladder = &self.lib.config.ladder;
        // With a long ladder, label every few levels only.
        let every = ladder.len().div_ceil(12).max(1);
        out.push_str("<g class=\"axis y-axis\">");
        for (n, (level, label)) in ladder.iter().enumerate() {
            if n % every != 0 {
                continue;
            }
            let yy = y(*level);
            // About 6.6 units a character at the largest size the label takes.
            let width = label.chars().count() as f64 * 6.6;
            // The stretches of the label's row that no mark covers.
            let mut row: Vec<(f64, f64)> = marks
                .iter()
                .filter(|b| b.2 < yy - 1.0 && yy - 13.0 < b.3)
                .map(|b| (b.0, b.1))
                .collect();
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut gaps = Vec::new();
            let mut cursor = scale.left + 4.0;
            for (a, b) in row {
                if a > cursor {
                    gaps.push((cursor, a));
                }
                cursor = cursor.max(b + 4.0);
            }
            if scale.right - 4.0 > cursor {
                gaps.push((cursor, scale.right - 4.0));
            }
            // The first gap the label fits, else the widest, the label
            // shortened to fit it (in full in its tooltip).
            let (lx, shown) = match gaps.iter().find(|g| g.1 - g.0 >= width) {
                Some(g) => (g.0, None),
                None => match gaps
                    .iter()
                    .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
                {
                    Some(g) => {
                        let fit = (((g.1 - g.0) / 6.6) as usize).saturating_sub(1).max(1);
                        let short: String = label.chars().take(fit).collect();
                        (g.0, Some(format!("{}…", short.trim_end())))
                    }
                    None => (scale.left + 4.0, None),
                },
            };
            let text = match &shown {
                Some(short) => format!("{}<title>{}</title>", escape(short), escape(label)),
                None => escape(label).to_string(),
            };
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/><text class=\"level\" x=\"{nx}\" y=\"{ny}\" text-anchor=\"end\">{level}</text><text class=\"level-label\" x=\"{lx}\" y=\"{ly}\">{label}</text>",
                l = num(scale.left),
                r = num(scale.right),
                y = num(yy),
                nx = num(scale.left - 6.0),
                ny = num(yy + 4.0),
                lx = num(lx),
                ly = num(yy - 3.0),
                label = text,
            );
        }
        out.push_str("</g>");
    }

    /// The legend: every colour and kind of mark the chart uses, each a
    /// `<span>` with its key, the levels of each colour named.
    pub(super) fn legend(
        &self,
        marks: &[Mark],
        edges: usize,
        phases: &[PhaseBand],
        scale: &TimeScale,
    ) -> String {
        let lib = self.lib;
        let mut out = String::new();
        let item = |out: &mut String, key: &str, text: &str| {
            if !out.is_empty() {
                out.push(' ');
            }
            // The arrow's key is a character; the others are drawn by CSS.
            let glyph = if key == "key-arrow" { "→" } else { "" };
            let _ = write!(
                out,
                "<span><span class=\"key {key}\">{glyph}</span> {}</span>",
                escape(text)
            );
        };
        for (band, name) in [("low", "low"), ("mid", "middle"), ("high", "high")] {
            let mut levels: Vec<u8> = marks
                .iter()
                .filter(|m| super::band(lib, m.level) == band)
                .map(|m| m.level)
                .collect();
            levels.sort_unstable();
            levels.dedup();
            if levels.is_empty() {
                continue;
            }
            let list: Vec<String> = levels.iter().map(u8::to_string).collect();
            let text = format!(
                "{name} escalation: level{} {}",
                if levels.len() == 1 { "" } else { "s" },
                list.join(", ")
            );
            item(&mut out, &format!("key-lvl lvl-{band}"), &text);
        }
        let single = |m: &&Mark| m.members.len() == 1;
        let has = |f: &dyn Fn(&Mark) -> bool| marks.iter().filter(single).any(f);
        if has(&|m| !m.span) {
            item(&mut out, "key-point", "an event dated to the day");
        }
        if has(&|m| m.span && !m.coarse) {
            item(&mut out, "key-span", "an event over several days");
        }
        if has(&|m| m.coarse) {
            item(
                &mut out,
                "key-coarse",
                "faint: an event known only to its month or year, over the whole of it",
            );
        }
        if marks
            .iter()
            .any(|m| m.members.iter().any(|&i| lib.events[i].circa))
        {
            item(&mut out, "key-circa", "hollow: an approximate date");
        }
        if marks.iter().any(|m| m.members.len() > 1) {
            item(
                &mut out,
                "key-group",
                "several events at one level, a few days apart (links to the list)",
            );
        }
        if edges > 0 {
            item(&mut out, "key-arrow", "a response to an earlier event");
        }
        if !phases.is_empty() {
            item(&mut out, "key-phase", "a phase");
        }
        if scale.zooms[0].is_some() {
            item(
                &mut out,
                "key-break",
                "the time scale changes: crowded days are drawn wider, by the factor under the axis",
            );
        }
        out
    }
}
