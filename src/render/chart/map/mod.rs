//! The map of the incidents, drawn at build time as inline SVG with no tile
//! server and no request leaving the site: land and borders from Natural
//! Earth embedded in the binary (`world.rs`), a projection fitted to the
//! events' extent (`projection.rs`), and each located event a link to its
//! page, its mark showing how precisely its place is known and its colour
//! its escalation level, as on the chronology's chart.

mod land;
pub(crate) mod projection;
mod world;

use super::{num, open};
use crate::base::html::escape_into;
use crate::base::text::push;
use crate::chronology::Chronology;
use crate::config::MapDetail;
use crate::model::LocationPrecision;
use crate::render::links::Links;
use crate::resolve::Library;
use land::{Boxed, inside, overlaps, text_width};
pub use projection::Projection;
use std::collections::BTreeMap;

/// Up to this many located events, every event is its own mark (the
/// chronology's chart has the same threshold); beyond it, nearby events at
/// the same band of the ladder share one mark, linking to the list.
pub(crate) const MAX_MARKS: usize = 600;

/// A fitted map is at least this many degrees across each way, so that a
/// dossier of one city still shows its country and neighbours.
const MIN_SPAN: f64 = 10.0;

/// What every map of a build shares: the projection, the land and the
/// countries' names, computed once.
pub(crate) struct MapBase {
    /// The projection.
    pub proj: Projection,
    /// The land's `<path>`s.
    pub land: String,
    /// The countries' labels.
    labels: String,
    /// Their boxes, which places' labels avoid.
    placed: Vec<Boxed>,
}

/// How a map is drawn on its page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Style {
    /// `/map/`: the land inline, places named.
    Full,
    /// An actor page or a filtered chronology: the land from `map/land.svg`.
    Embedded,
    /// An event's locator: small, the event among its neighbours in time.
    Locator(usize),
}

impl MapBase {
    /// The base of the maps of `lib`, or `None` when maps are off or no
    /// event has coordinates (and no extent is configured).
    pub(crate) fn of(lib: &Library) -> Option<MapBase> {
        if !map_enabled(lib) {
            return None;
        }
        let extent = match lib.config.map.extent {
            Some(e) => e,
            None => projection::extent_of(lib.events.iter().filter_map(coords_of), MIN_SPAN)?,
        };
        let proj = Projection::fit(extent);
        let tolerance = match lib.config.map.detail {
            MapDetail::Low => 1.6,
            MapDetail::Medium => 0.8,
            MapDetail::High => 0.35,
        };
        let land = land::paths(&proj, tolerance);
        let mut placed = Vec::new();
        let labels = land::labels(&proj, &mut placed);
        Some(MapBase {
            proj,
            land,
            labels,
            placed,
        })
    }

    /// `map/land.svg`: the land alone, which the maps other than `/map/`
    /// show as an image, so that thousands of pages do not each carry it.
    pub(crate) fn land_svg(&self) -> String {
        let mut out = String::with_capacity(self.land.len() + 600);
        push!(
            &mut out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
            num(self.proj.width),
            ' ',
            num(self.proj.height),
            "\"><style>.sea{fill:#e2e9ed}.land{fill:#fdfcfa;stroke:#b9b3a7;stroke-width:.7;stroke-linejoin:round}@media (prefers-color-scheme:dark){.sea{fill:#1c2226}.land{fill:#2a2c2f;stroke:#4a4d52}}@media print{.sea{fill:#fff}.land{fill:#f2f2f2;stroke:#777}}</style><rect class=\"sea\" width=\"100%\" height=\"100%\"/><g class=\"land\">",
            self.land.as_str(),
            "</g></svg>\n"
        );
        out
    }
}

/// Whether the build draws maps: `[map] enabled`, by default when an event
/// has coordinates.
pub(crate) fn map_enabled(lib: &Library) -> bool {
    lib.config
        .map
        .enabled
        .unwrap_or_else(|| lib.events.iter().any(|e| coords_of(e).is_some()))
}

/// An event's (lon, lat), when it has them.
fn coords_of(e: &crate::model::Event) -> Option<(f64, f64)> {
    let (lat, lon) = e.location.as_ref()?.coords?;
    Some((lon, lat))
}

/// What to draw, and how it links.
pub(crate) struct Map<'a> {
    /// The library.
    pub lib: &'a Library,
    /// Its analysis.
    pub chrono: &'a Chronology,
    /// What every map shares.
    pub base: &'a MapBase,
    /// The events to draw, in chronological order (those without
    /// coordinates are counted, not drawn).
    pub events: &'a [usize],
    /// Links as seen from the page.
    pub links: Links<'a>,
    /// The page listing these events by month (`#m2019-12`), where a
    /// grouped mark links.
    pub list: &'a str,
    /// A prefix for ids inside the SVG, unique on the page.
    pub id: &'a str,
    pub title: &'a str,
    /// How it is drawn.
    pub style: Style,
}

/// One mark: an event, or several nearby at the same band of the ladder.
struct Mark {
    members: Vec<usize>,
    x: f64,
    y: f64,
    r: f64,
    shape: &'static str,
    band: &'static str,
}

impl Map<'_> {
    /// The map as an SVG string.
    pub(crate) fn draw(&self) -> String {
        let lib = self.lib;
        let proj = &self.base.proj;
        let view = [0.0, 0.0, proj.width, proj.height];
        let located: Vec<usize> = self
            .events
            .iter()
            .copied()
            .filter(|&i| {
                coords_of(&lib.events[i]).is_some_and(|(lon, lat)| {
                    let (x, y) = proj.xy(lon, lat);
                    inside(&view, x, y, 0.0)
                })
            })
            .collect();
        let (focus, neighbours) = match self.style {
            Style::Locator(f) => (Some(f), self.neighbours(f)),
            _ => (None, Vec::new()),
        };
        let marks = match self.style {
            Style::Locator(_) => Vec::new(),
            _ => self.marks(&located),
        };
        let mut out = open(
            match self.style {
                Style::Full => "map map-full",
                Style::Embedded => "map map-embedded",
                Style::Locator(_) => "map map-locator",
            },
            self.id,
            proj.height,
            self.title,
            &self.describe(&located, &marks, focus),
        );
        out.push_str("<g class=\"map-view\">");
        match self.style {
            Style::Full => {
                out.push_str(
                    "<rect class=\"sea\" width=\"100%\" height=\"100%\"/><g class=\"land\">",
                );
                out.push_str(&self.base.land);
                out.push_str("</g>");
            }
            _ => {
                out.push_str("<image href=\"");
                escape_into(&mut out, &self.links.file("map/land.svg"));
                push!(
                    &mut out,
                    "\" x=\"0\" y=\"0\" width=\"",
                    num(proj.width),
                    "\" height=\"",
                    num(proj.height),
                    "\"/>"
                );
            }
        }
        out.push_str("<g class=\"countries\">");
        if focus.is_none() {
            out.push_str(&self.base.labels);
        }
        out.push_str("</g>");
        let mut placed = self.base.placed.clone();
        match focus {
            Some(f) => {
                out.push_str("<g class=\"marks\">");
                for &i in neighbours.iter().filter(|&&i| i != f) {
                    let (lon, lat) = coords_of(&lib.events[i]).expect("located");
                    let (x, y) = proj.xy(lon, lat);
                    let m = Mark {
                        members: vec![i],
                        x,
                        y,
                        r: 5.0,
                        shape: "neighbour",
                        band: band(lib, lib.events[i].escalation),
                    };
                    self.draw_mark(&mut out, &m);
                }
                if let Some((lon, lat)) = coords_of(&lib.events[f]) {
                    let (x, y) = proj.xy(lon, lat);
                    let (r, shape) = self.shape(f);
                    // Drawn at half size or less: the point of a site
                    // must still show.
                    let r = if shape == "area" {
                        r
                    } else {
                        (r * 1.8).max(8.0)
                    };
                    let m = Mark {
                        members: vec![f],
                        x,
                        y,
                        r,
                        shape,
                        band: band(lib, lib.events[f].escalation),
                    };
                    self.draw_mark(&mut out, &m);
                }
                out.push_str("</g>");
            }
            None => {
                out.push_str("<g class=\"marks\">");
                for m in &marks {
                    self.draw_mark(&mut out, m);
                }
                out.push_str("</g>");
                if self.style == Style::Full {
                    out.push_str(&self.place_labels(&located, &mut placed));
                }
            }
        }
        out.push_str("</g>");
        self.scale_bar(&mut out);
        out.push_str("</svg>");
        out
    }

    /// The events drawn faint around an event on its locator: the ten
    /// located events before it and after it in time.
    fn neighbours(&self, f: usize) -> Vec<usize> {
        let lib = self.lib;
        let located = |i: &usize| coords_of(&lib.events[*i]).is_some();
        let before: Vec<usize> = (0..f).rev().filter(located).take(10).collect();
        let after = (f + 1..lib.events.len()).filter(located).take(10);
        before.into_iter().rev().chain(after).collect()
    }

    /// The radius and class of an event's mark, by how precisely its place
    /// is known: a site is a point, a town or city a small disc, "near" a
    /// larger one, a region or a country a wide translucent area.
    fn shape(&self, i: usize) -> (f64, &'static str) {
        let per_km = self.base.proj.per_km();
        let precision = self.lib.events[i]
            .location
            .as_ref()
            .and_then(|l| l.precision);
        match precision {
            Some(LocationPrecision::Site) => (3.5, "site"),
            Some(LocationPrecision::Near) => (8.0, "near"),
            Some(LocationPrecision::Region) => ((60.0 * per_km).clamp(12.0, 60.0), "area"),
            Some(LocationPrecision::Country) => ((150.0 * per_km).clamp(16.0, 70.0), "area"),
            _ => (5.5, "town"),
        }
    }

    /// The marks: one per event up to `MAX_MARKS`, events at the same spot
    /// set around it in a small spiral; beyond, one per cell and band, the
    /// cells as large as needed to keep under `MAX_MARKS` marks.
    fn marks(&self, located: &[usize]) -> Vec<Mark> {
        let lib = self.lib;
        let proj = &self.base.proj;
        let xy = |i: usize| {
            let (lon, lat) = coords_of(&lib.events[i]).expect("located");
            proj.xy(lon, lat)
        };
        let mut marks = Vec::new();
        if located.len() <= MAX_MARKS {
            let mut at: BTreeMap<(i64, i64), usize> = BTreeMap::new();
            for &i in located {
                let (x, y) = xy(i);
                let (r, shape) = self.shape(i);
                let (mut x, mut y) = (x, y);
                if shape != "area" {
                    let n = at
                        .entry(((x / 4.0).floor() as i64, (y / 4.0).floor() as i64))
                        .or_default();
                    if *n > 0 {
                        let k = *n as f64;
                        let (a, d) = (k * 2.39996, 5.0 * k.sqrt());
                        x += d * a.cos();
                        y += d * a.sin();
                    }
                    *n += 1;
                }
                marks.push(Mark {
                    members: vec![i],
                    x,
                    y,
                    r,
                    shape,
                    band: band(lib, lib.events[i].escalation),
                });
            }
            // Wide areas under discs, discs under points, so that the small
            // marks stay on top where a pointer finds them.
            let order = |s: &str| match s {
                "area" => 0,
                "near" => 1,
                "town" => 2,
                _ => 3,
            };
            marks.sort_by_key(|m| order(m.shape));
            return marks;
        }
        for cell in [10.0, 16.0, 24.0, 36.0, 54.0, 80.0] {
            let mut cells: BTreeMap<(i64, i64, &'static str), Vec<usize>> = BTreeMap::new();
            for &i in located {
                let (x, y) = xy(i);
                let key = (
                    (x / cell).floor() as i64,
                    (y / cell).floor() as i64,
                    band(lib, lib.events[i].escalation),
                );
                cells.entry(key).or_default().push(i);
            }
            if cells.len() > MAX_MARKS && cell < 80.0 {
                continue;
            }
            for ((_, _, band), members) in cells {
                let n = members.len() as f64;
                let (sx, sy) = members.iter().fold((0.0, 0.0), |(a, b), &i| {
                    let (x, y) = xy(i);
                    (a + x, b + y)
                });
                marks.push(Mark {
                    x: sx / n,
                    y: sy / n,
                    r: if members.len() == 1 {
                        4.0
                    } else {
                        (3.0 + 1.5 * n.sqrt()).min(cell * 0.6)
                    },
                    shape: if members.len() == 1 { "town" } else { "group" },
                    band,
                    members,
                });
            }
            break;
        }
        // The biggest groups underneath.
        marks.sort_by_key(|m| std::cmp::Reverse(m.members.len()));
        marks
    }

    fn draw_mark(&self, out: &mut String, m: &Mark) {
        let lib = self.lib;
        let first = &lib.events[m.members[0]];
        out.push_str("<a href=\"");
        super::mark_href(out, self.links, self.list, first, m.members.len());
        push!(out, "\" class=\"mark lvl-", m.band, " prec-", m.shape);
        if matches!(self.style, Style::Locator(f) if f == m.members[0]) && m.shape != "neighbour" {
            out.push_str(" focus");
        }
        if m.members.len() > 1 {
            out.push_str(" group");
        }
        out.push('"');
        // What the time slider and the filters read; a locator has neither.
        if !matches!(self.style, Style::Locator(_)) {
            let (from, to) = m.members.iter().fold((i64::MAX, i64::MIN), |(a, b), &i| {
                let w = self.chrono.when[i];
                (a.min(w.first), b.max(w.last))
            });
            push!(out, " data-from=\"", from, "\" data-to=\"", to, "\"");
            crate::render::chart::timeline::filter_data(lib, self.chrono, out, &m.members);
        }
        out.push_str("><circle cx=\"");
        push!(
            out,
            num(m.x),
            "\" cy=\"",
            num(m.y),
            "\" r=\"",
            num(m.r),
            "\"/><title>"
        );
        if let [i] = m.members[..] {
            escape_into(out, &lib.event_dates[i].display);
            out.push_str(": ");
            escape_into(out, &first.title);
            if let Some(l) = &first.location
                && !l.name.is_empty()
            {
                out.push_str(" (");
                escape_into(out, &l.name);
                out.push(')');
            }
        } else {
            let last = &lib.events[*m.members.last().expect("a mark has members")];
            push!(out, m.members.len(), " events near here, ");
            escape_into(out, &first.date.display());
            out.push_str(" to ");
            escape_into(out, &last.date.display());
            out.push_str(": see the list");
        }
        out.push_str("</title></a>");
    }

    /// The names of the places with most events, where they fit.
    fn place_labels(&self, located: &[usize], placed: &mut Vec<Boxed>) -> String {
        let lib = self.lib;
        let proj = &self.base.proj;
        let mut places: BTreeMap<&str, (usize, f64, f64)> = BTreeMap::new();
        for &i in located {
            let e = &lib.events[i];
            let Some(l) = &e.location else { continue };
            let Some((lat, lon)) = l.coords else { continue };
            if l.name.is_empty()
                || matches!(
                    l.precision,
                    Some(LocationPrecision::Region | LocationPrecision::Country)
                )
            {
                continue;
            }
            let p = places.entry(l.name.as_str()).or_insert((0, lon, lat));
            p.0 += 1;
        }
        let mut places: Vec<(&str, (usize, f64, f64))> = places.into_iter().collect();
        places.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
        let mut out = String::from("<g class=\"places\">");
        let mut shown = 0;
        for (name, (_, lon, lat)) in places {
            if shown == 12 {
                break;
            }
            let (x, y) = proj.xy(lon, lat);
            let w = text_width(name, 10.0);
            let (bx, anchor) = if x + 8.0 + w < proj.width {
                (x + 8.0, "start")
            } else {
                (x - 8.0 - w, "end")
            };
            let b = [bx, y - 5.0, bx + w, y + 6.0];
            if b[0] < 0.0
                || b[1] < 0.0
                || b[3] > proj.height
                || placed.iter().any(|p| overlaps(p, &b))
            {
                continue;
            }
            placed.push(b);
            shown += 1;
            let tx = if anchor == "start" { x + 8.0 } else { x - 8.0 };
            push!(
                &mut out,
                "<text class=\"place\" x=\"",
                num(tx),
                "\" y=\"",
                num(y + 3.5),
                "\" text-anchor=\"",
                anchor,
                "\">"
            );
            escape_into(&mut out, name);
            out.push_str("</text>");
        }
        out.push_str("</g>");
        out
    }

    /// A scale bar in the lower left corner: a round number of kilometres.
    fn scale_bar(&self, out: &mut String) {
        let proj = &self.base.proj;
        let per_km = proj.per_km();
        let mut km = 1.0;
        for step in (0..6).flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e))) {
            if step * per_km <= 110.0 {
                km = step;
            }
        }
        let (x0, y) = (12.0, proj.height - 12.0);
        let x1 = x0 + km * per_km;
        push!(
            out,
            "<g class=\"scale-bar\"><path d=\"M",
            num(x0),
            ' ',
            num(y - 4.0),
            "V",
            num(y),
            "H",
            num(x1),
            "V",
            num(y - 4.0),
            "\"/><text x=\"",
            num((x0 + x1) / 2.0),
            "\" y=\"",
            num(y - 6.0),
            "\" text-anchor=\"middle\">",
            km as u64,
            " km</text></g>"
        );
    }

    /// The map's `<desc>`: what it shows, in words.
    fn describe(&self, located: &[usize], marks: &[Mark], focus: Option<usize>) -> String {
        let lib = self.lib;
        let mut d = String::new();
        if let Some(f) = focus {
            let e = &lib.events[f];
            d.push_str("Where this event happened");
            if let Some(l) = &e.location
                && !l.name.is_empty()
            {
                d.push_str(": ");
                d.push_str(&l.name);
            }
            d.push_str(", with the events just before and after it, faint.");
            return d;
        }
        let n = located.len();
        push!(
            &mut d,
            "A map of ",
            n,
            if n == 1 {
                " located event"
            } else {
                " located events"
            }
        );
        d.push_str(". A site is a point, a town or city a small disc, a region or country a wide translucent area; colours are the bands of the escalation ladder.");
        if marks.len() < n {
            push!(
                &mut d,
                " Nearby events at the same band are drawn as one mark (",
                marks.len(),
                " marks) that links to the list."
            );
        }
        let unlocated = self.events.len() - n;
        if unlocated > 0 {
            push!(
                &mut d,
                " ",
                unlocated,
                if unlocated == 1 {
                    " event has"
                } else {
                    " events have"
                },
                " no coordinates on this map and ",
                if unlocated == 1 { "is" } else { "are" },
                " not drawn."
            );
        }
        d
    }
}

/// The band of the ladder a level falls in, as the chart colours it.
pub(crate) fn band(lib: &Library, level: Option<u8>) -> &'static str {
    let Some(level) = level else { return "none" };
    let (lo, hi) = lib.config.ladder_range;
    match (f64::from(level) - f64::from(lo)) / f64::from(hi.max(lo + 1) - lo) {
        f if f < 0.35 => "low",
        f if f < 0.65 => "mid",
        _ => "high",
    }
}
