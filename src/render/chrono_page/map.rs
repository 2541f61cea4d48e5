//! The maps as pages show them: `/map/` with its list of places, the same
//! map filtered on actor pages and chronology views, and the locator of an
//! event page; each a figure with its caption and legend, written once in
//! Rust for the compiled and the Tera templates alike.

use super::Context;
use crate::base::html::escape_into;
use crate::chronology::Filter;
use crate::model::LocationPrecision;
use crate::render::chart::map::{Map, Style, band};
use crate::render::links::Links;
use crate::render::views::DateView;
use serde::Serialize;
use std::collections::BTreeMap;

/// A place on the map's list: its text equivalent.
#[derive(Serialize)]
pub(crate) struct PlaceRow<'a> {
    /// Place name ("" when the events give none).
    pub name: &'a str,
    pub country: &'a str,
    /// "site", "town"…, or "".
    pub precision: &'static str,
    /// Its events, in time order: all of them, or the first and the last
    /// of a place with many.
    pub events: Vec<PlaceEvent<'a>>,
    /// How many events it has.
    pub count: usize,
}

/// An event at a place.
#[derive(Serialize)]
pub(crate) struct PlaceEvent<'a> {
    pub title: &'a str,
    /// Link.
    pub url: String,
    pub date: DateView<'a>,
}

/// Events a place lists by name on `/map/`; beyond, the count and the
/// first and last.
const PLACE_EVENTS: usize = 12;

impl<'a> Context<'a> {
    /// `/map/`'s figure; "" when the site has no map.
    pub(crate) fn map_page(&self, links: Links<'_>) -> String {
        let Some(base) = self.map else {
            return String::new();
        };
        let all: Vec<usize> = (0..self.lib.events.len()).collect();
        let list = links.section("chronology");
        let svg = Map {
            lib: self.lib,
            chrono: self.chrono,
            base,
            events: &all,
            links,
            list: &list,
            id: "map",
            title: "Map of the events",
            style: Style::Full,
        }
        .draw();
        self.figure(
            &svg,
            "full",
            "Where the events happened. Each mark links to its event; the list of places below gives the same in text.",
            &all,
        )
    }

    /// The map of a filtered view's or an actor's events; "" when none has
    /// coordinates or the site has no map.
    pub(crate) fn filtered_map(&self, links: Links<'_>, filter: Filter, list: &str) -> String {
        let Some(base) = self.map else {
            return String::new();
        };
        let lib = self.lib;
        let events = filter.events(lib, self.chrono);
        if !events.iter().any(|&i| located(lib, i)) {
            return String::new();
        }
        let title = format!("Map: {}", filter.name(lib));
        let svg = Map {
            lib,
            chrono: self.chrono,
            base,
            events: &events,
            links,
            list,
            id: "map",
            title: &title,
            style: Style::Embedded,
        }
        .draw();
        self.figure(
            &svg,
            "embedded",
            "Where these events happened. Each mark links to its event.",
            &events,
        )
    }

    /// An event page's locator: the event among its neighbours in time;
    /// "" when it has no coordinates or the site has no map.
    pub(crate) fn locator(&self, links: Links<'_>, i: usize) -> String {
        let Some(base) = self.map else {
            return String::new();
        };
        // An event outside a configured extent has no locator.
        let seen = self.lib.events[i]
            .location
            .as_ref()
            .and_then(|l| l.coords)
            .is_some_and(|(lat, lon)| {
                let (x, y) = base.proj.xy(lon, lat);
                (0.0..=base.proj.width).contains(&x) && (0.0..=base.proj.height).contains(&y)
            });
        if !seen {
            return String::new();
        }
        let svg = Map {
            lib: self.lib,
            chrono: self.chrono,
            base,
            events: &[i],
            links,
            list: "",
            id: "locator",
            title: "Where it happened",
            style: Style::Locator(i),
        }
        .draw();
        let mut out = String::with_capacity(svg.len() + 400);
        out.push_str("<figure class=\"map-figure map-figure-locator\">\n<div class=\"map-wrap\">");
        out.push_str(&svg);
        out.push_str("</div>\n<figcaption>Where it happened; faint dots are the events just before and after it. <a href=\"");
        escape_into(&mut out, &links.section("map"));
        out.push_str("\">The map of every event →</a></figcaption>\n</figure>");
        out
    }

    /// A map's figure: the SVG, its caption and the legend of the marks
    /// `events` may have.
    fn figure(&self, svg: &str, style: &str, caption: &str, events: &[usize]) -> String {
        let lib = self.lib;
        let mut out = String::with_capacity(svg.len() + 1200);
        out.push_str("<figure class=\"map-figure map-figure-");
        out.push_str(style);
        out.push_str("\">\n<div class=\"map-wrap\">");
        out.push_str(svg);
        out.push_str("</div>\n<figcaption>");
        escape_into(&mut out, caption);
        out.push_str("\n<span class=\"legend\">");
        // The bands of the ladder the events use, with their levels.
        let (lo, hi) = lib.config.ladder_range;
        let mut bands: BTreeMap<u8, (&str, u8, u8)> = BTreeMap::new();
        for level in lo..=hi {
            let b = band(lib, Some(level));
            let order = match b {
                "low" => 0,
                "mid" => 1,
                _ => 2,
            };
            let e = bands.entry(order).or_insert((b, level, level));
            e.2 = level;
        }
        let used = |b: &str| {
            events
                .iter()
                .any(|&i| located(lib, i) && band(lib, lib.events[i].escalation) == b)
        };
        for (name, from, to) in bands.values() {
            if !used(name) {
                continue;
            }
            out.push_str("<span><span class=\"key key-lvl lvl-");
            out.push_str(name);
            crate::base::text::push!(&mut out, "\"></span> levels ", *from, "–", *to, "</span> ");
        }
        if used("none") {
            out.push_str("<span><span class=\"key key-lvl lvl-none\"></span> no level</span> ");
        }
        out.push_str("<span><span class=\"key key-site\"></span> a site</span> <span><span class=\"key key-town\"></span> a town or city</span> <span><span class=\"key key-area\"></span> a region or country</span></span></figcaption>\n</figure>");
        out
    }

    /// The places of the located events, by country and name: `/map/`'s
    /// text equivalent.
    pub(crate) fn places(&self, links: Links<'_>) -> Vec<PlaceRow<'a>> {
        let lib = self.lib;
        let mut places: BTreeMap<(&str, &str, &'static str), Vec<usize>> = BTreeMap::new();
        for (i, e) in lib.events.iter().enumerate() {
            let Some(l) = e.location.as_ref().filter(|l| l.coords.is_some()) else {
                continue;
            };
            let precision = l.precision.map_or("", LocationPrecision::as_str);
            places
                .entry((l.country.as_str(), l.name.as_str(), precision))
                .or_default()
                .push(i);
        }
        places
            .into_iter()
            .map(|((country, name, precision), events)| {
                let n = events.len();
                let shown: Vec<usize> = if n <= PLACE_EVENTS {
                    events
                } else {
                    vec![events[0], events[n - 1]]
                };
                PlaceRow {
                    name,
                    country,
                    precision,
                    events: shown
                        .into_iter()
                        .map(|i| PlaceEvent {
                            title: &lib.events[i].title,
                            url: links.event(&lib.events[i].id),
                            date: DateView::event(lib, i),
                        })
                        .collect(),
                    count: n,
                }
            })
            .collect()
    }
}

/// Whether an event has coordinates.
fn located(lib: &crate::resolve::Library, i: usize) -> bool {
    lib.events[i]
        .location
        .as_ref()
        .is_some_and(|l| l.coords.is_some())
}
