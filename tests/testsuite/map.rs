//! The map: `/map/`, the maps of actor pages and filtered chronologies, and
//! event pages' locators, built from the `full` fixture, whose located
//! events are K-1 Air Base (a site), Al-Qaim (a town) and Baghdad
//! International Airport (a site); its Iranian missiles have no coordinates.

use crate::assert_contains;
use crate::harness::{Dossier, check_links};
use dossier::render::chart::map::Projection;

/// The flagship's region, configured so that the test knows the projection.
const EXTENT: [f64; 4] = [36.0, 28.0, 56.0, 40.0];

fn built(extra_config: &str) -> Dossier {
    let d = Dossier::fixture("full");
    let config = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write("dossier.toml", format!("{config}\n{extra_config}"));
    d.build();
    d
}

/// The first `<svg …class="chart map…">…</svg>` of a page.
fn map_svg(html: &str) -> &str {
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart map")
        .expect("a map");
    let end = start + html[start..].find("</svg>").expect("closed") + 6;
    &html[start..end]
}

/// The map's mark linking to event `id`.
fn mark<'a>(svg: &'a str, href: &str) -> &'a str {
    let start = svg
        .find(&format!("<a href=\"{href}\" class=\"mark"))
        .unwrap_or_else(|| panic!("no mark for {href} in\n{svg}"));
    let end = start + svg[start..].find("</a>").unwrap() + 4;
    &svg[start..end]
}

/// A numeric attribute of the first element carrying it.
fn num(element: &str, attr: &str) -> f64 {
    let key = format!(" {attr}=\"");
    let at = element
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} in {element}"))
        + key.len();
    let end = at + element[at..].find('"').unwrap();
    element[at..end].parse().unwrap()
}

#[test]
fn events_are_drawn_at_their_places() {
    let d = built("[map]\nextent = [36.0, 28.0, 56.0, 40.0]\n");
    let html = d.output("map/index.html");
    let svg = map_svg(&html);
    let proj = Projection::fit(EXTENT);
    let places = [
        ("2019-12-27-k1-attack", 35.50, 44.28, "prec-site"),
        ("2019-12-29-us-strikes", 34.37, 41.09, "prec-town"),
        ("2020-01-03-baghdad-strike", 33.26, 44.23, "prec-site"),
    ];
    let mut at = Vec::new();
    for (id, lat, lon, class) in places {
        let m = mark(svg, &format!("../events/{id}/"));
        assert_contains!(m, class, "<title>");
        let (x, y) = (num(m, "cx"), num(m, "cy"));
        let (ex, ey) = proj.xy(lon, lat);
        assert!(
            (x - ex).abs() <= 0.051 && (y - ey).abs() <= 0.051,
            "{id}: {x},{y} vs {ex},{ey}"
        );
        at.push((x, y));
    }
    // North is up and east is right: K-1 (Kirkuk) is north of Baghdad's
    // airport, Al-Qaim far to the west of both.
    assert!(at[0].1 < at[2].1 && at[1].0 < at[0].0 - 100.0 && at[1].0 < at[2].0 - 100.0);
    // Distances agree with the scale bar: K-1 to the airport is about 249 km.
    let bar = &svg[svg.find("<g class=\"scale-bar\">").unwrap()..];
    let d_attr = &bar[bar.find(" d=\"M").unwrap() + 5..];
    let coords: Vec<f64> = d_attr[..d_attr.find('"').unwrap()]
        .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    // "M x0 y V y H x1 V y": the bar runs from x0 to x1.
    let (x0, x1) = (coords[0], coords[3]);
    let label = &bar[bar.find("middle\">").unwrap() + 8..bar.find(" km</text>").unwrap()];
    let km_per_unit: f64 = label.parse::<f64>().unwrap() / (x1 - x0);
    let km = (at[0].0 - at[2].0).hypot(at[0].1 - at[2].1) * km_per_unit;
    assert!((240.0..258.0).contains(&km), "{km} km");
    // Sites are points, towns small discs.
    assert!(
        num(mark(svg, "../events/2019-12-27-k1-attack/"), "r")
            < num(mark(svg, "../events/2019-12-29-us-strikes/"), "r")
    );
    // Level 9 of 0–10 is the chart's high band; tooltips give date and title.
    let strike = mark(svg, "../events/2020-01-03-baghdad-strike/");
    assert_contains!(strike, "lvl-high", "<title>3 January 2020: ");
    // The event without coordinates is said, not drawn.
    assert!(!svg.contains("2020-01-iran-missiles"));
    assert_contains!(svg, "have no coordinates on this map and are not drawn");
    // Countries are named; the legend and the places' list are there.
    assert_contains!(svg, ">Iraq</text>", ">Iran</text>", ">Syria</text>");
    assert_contains!(
        html,
        "key-lvl lvl-high",
        "<h2 id=\"places-heading\">Places</h2>",
        "K-1 Air Base, Kirkuk"
    );
    // The land is inline here, with no image and no address elsewhere.
    assert_contains!(svg, "<g class=\"land\"><path d=\"M");
    assert!(!svg.contains("<image"));
    assert!(
        !svg.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .contains("http")
    );
    assert_eq!(
        check_links(&d.root.join("public"), "/sub/dossier/"),
        Vec::<String>::new()
    );
}

#[test]
fn actor_event_and_filter_pages_have_their_maps() {
    let d = built("");
    // Every page's navigation leads to the map.
    assert_contains!(d.output("index.html"), "href=\"map/\"");
    let land = d.output("map/land.svg");
    assert_contains!(
        land,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 ",
        "<path d=\"M"
    );
    // An actor's map: its located events only, the land from the shared file.
    let iran = d.output("actors/iran/index.html");
    let svg = map_svg(&iran);
    assert_contains!(
        svg,
        "<image href=\"../../map/land.svg\"",
        "../../events/2020-01-03-baghdad-strike/"
    );
    assert!(
        !svg.contains("2019-12-29-us-strikes"),
        "the US strikes do not involve Iran"
    );
    // A filtered chronology's map.
    let strikes = d.output("chronology/kind/airstrike/index.html");
    let svg = map_svg(&strikes);
    assert_contains!(
        svg,
        "../../../events/2019-12-29-us-strikes/",
        "../../../map/land.svg"
    );
    assert!(!svg.contains("k1-attack"));
    // An event's locator: the event in focus, its neighbours faint.
    let k1 = d.output("events/2019-12-27-k1-attack/index.html");
    let svg = map_svg(&k1);
    assert_contains!(mark(svg, "../../events/2019-12-27-k1-attack/"), "focus");
    assert_contains!(
        mark(svg, "../../events/2019-12-29-us-strikes/"),
        "prec-neighbour"
    );
    assert_contains!(k1, "The map of every event");
    // No coordinates, no locator.
    assert!(
        !d.output("events/2020-01-iran-missiles/index.html")
            .contains("map-figure")
    );
    assert_eq!(
        check_links(&d.root.join("public"), "/sub/dossier/"),
        Vec::<String>::new()
    );
}

#[test]
fn no_map_when_disabled_or_nothing_is_located() {
    let d = built("[map]\nenabled = false\n");
    assert!(!d.root.join("public/map").exists());
    assert!(!d.output("index.html").contains("href=\"map/\""));
    assert!(!d.output("actors/iran/index.html").contains("map-figure"));
    assert!(!d.output("sitemap.xml").contains("/map/"));
    // The minimal fixture's event has no coordinates.
    let m = Dossier::fixture("minimal");
    m.build();
    assert!(!m.root.join("public/map").exists());
}

#[test]
fn many_events_share_marks_and_the_map_stays_small() {
    let d = Dossier::fixture("full");
    let mut csv = String::from(
        "id,title,date,kind,escalation,location_name,country,lat,lon,precision,sources\n",
    );
    for n in 0..1600 {
        // Twenty places around the region, each with its events scattered.
        let (lat, lon) = (
            30.0 + f64::from(n % 20) * 0.4,
            40.0 + f64::from(n % 17) * 0.6,
        );
        csv.push_str(&format!(
            "gen-{n},Generated event {n},2020-{:02}-{:02},rocket-attack,{},Place {},Iraq,{:.3},{:.3},town,rferl-2021\n",
            n % 12 + 1,
            n % 28 + 1,
            n % 11,
            n % 20,
            lat + f64::from(n % 7) * 0.01,
            lon - f64::from(n % 5) * 0.01,
        ));
    }
    d.write("data/incidents/generated.csv", csv);
    d.build();
    let html = d.output("map/index.html");
    let svg = map_svg(&html);
    let marks = svg.matches("class=\"mark ").count();
    assert!(marks > 20 && marks <= 1500, "{marks} marks");
    assert_contains!(
        svg,
        " group\"",
        "events near here",
        "that links to the list"
    );
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    // Grouped marks link to their month in the chronology's list.
    assert_contains!(svg, "href=\"../chronology/#m2020-");
    assert_eq!(
        check_links(&d.root.join("public"), "/sub/dossier/"),
        Vec::<String>::new()
    );
}
