//! The `chronology` fixture: the chart, the chains, the escalation index and
//! the filters. Its events cover every kind of date (day, month, year,
//! circa, several days, a timestamp) and a branching chain of responses:
//!
//! ```text
//! e-kirkuk ─┬─ e-alert                      (27 Dec, 28–30 Dec)
//!           └─ e-strikes ─┬─ e-condemn      (29 Dec, same day)
//!                         └─ e-killing ─┬─ e-calls     (January, circa)
//!                                       └─ e-missiles  (8 Jan, 01:30)
//! e-barrage ── e-reprisal                   (April)
//! e-unrest (2020, no level), e-lull (March)
//! ```

use crate::assert_contains;
use crate::harness::{Dossier, check_links};

fn built() -> Dossier {
    let d = Dossier::fixture("chronology");
    d.build();
    d
}

/// The first `<svg>…</svg>` of a page.
fn svg(html: &str) -> &str {
    let start = html.find("<svg").expect("a chart");
    let end = start + html[start..].find("</svg>").expect("closed") + 6;
    &html[start..end]
}

/// The chart's mark linking to event `id`: `<a …>…</a>`.
fn mark<'a>(svg: &'a str, id: &str) -> &'a str {
    let start = svg
        .find(&format!("<a href=\"../events/{id}/\" class=\"mark"))
        .unwrap_or_else(|| panic!("no mark for {id} in\n{svg}"));
    let end = start + svg[start..].find("</a>").unwrap() + 4;
    &svg[start..end]
}

/// A numeric attribute of the first element carrying it.
fn num(element: &str, attr: &str) -> f64 {
    let key = format!(" {attr}=\"");
    let start = element
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} in {element}"))
        + key.len();
    let end = start + element[start..].find('"').unwrap();
    element[start..end].parse().unwrap()
}

#[test]
fn the_chart_is_an_accessible_labelled_group_with_its_text_equivalent() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    assert_contains!(
        chart,
        "role=\"group\"",
        "aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\"",
        "<title id=\"chart-title\">Escalation over time</title>",
        "<desc id=\"chart-desc\">Escalation level (up, 0 to 10) of 10 events over time (across), from 27 December 2019 to 10 April 2020.",
        "7 arrows lead from an event to the events that respond to it.",
        "1 event without an escalation level is listed but not plotted.",
        "The list of events on this page gives the same information as text.",
        "viewBox=\"0 0 720 ",
        "width=\"100%\""
    );
    // The y axis is the ladder, with its labels.
    assert_contains!(
        chart,
        "text-anchor=\"end\">10</text><text class=\"level-label\" x=\"34\" y=\"32\">War</text>",
        ">Killing of commanders</text>"
    );
    // The x axis is real time, by month.
    assert_contains!(chart, ">Jan 2020</text>", ">Feb</text>", ">Apr</text>");
    // The text equivalent follows: every event, by year and month.
    let list = &page[page.find("id=\"events\"").unwrap()..];
    for id in ["e-kirkuk", "e-unrest", "e-reprisal"] {
        assert_contains!(list, &format!("href=\"../events/{id}/\""));
    }
}

#[test]
fn each_event_is_a_point_linking_to_its_page_with_a_tooltip() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    let kirkuk = mark(chart, "e-kirkuk");
    assert_contains!(
        kirkuk,
        "class=\"mark lvl-mid point precision-day\"",
        "<circle cx=",
        "<title>27 December 2019: Rocket attack on Kirkuk (escalation 6: Lethal attack)</title>"
    );
    // Escaped titles.
    assert_contains!(
        mark(chart, "e-strikes"),
        "<title>29 December 2019: US air strikes on &lt;Kataib Hezbollah&gt; &amp; allies (escalation 7: Air strikes)</title>"
    );
    // Higher levels sit higher; later days further right, in proportion.
    let strikes = mark(chart, "e-strikes");
    assert!(num(strikes, "cy") < num(kirkuk, "cy"));
    let day = num(mark(chart, "e-killing"), "width") / 31.0;
    let apart = (num(strikes, "cx") - num(kirkuk, "cx")) / day;
    assert!((apart - 2.0).abs() < 0.05, "two days apart: {apart}");
    // A timestamp sits at its moment: 01:30 is a sixteenth into its day,
    // a day at its middle.
    let lull = mark(chart, "e-lull");
    let missiles = mark(chart, "e-missiles");
    assert_contains!(missiles, "precision-time", "8 January 2020, 01:30 (+03:30)");
    let from_missiles = (num(lull, "cx") - num(missiles, "cx")) / day;
    assert!(
        (from_missiles - (67.0 + 0.5 - 1.5 / 24.0)).abs() < 0.05,
        "{from_missiles}"
    );
    // An event without a level is not drawn.
    assert!(!chart.contains("events/e-unrest/"));
}

#[test]
fn months_and_multi_day_events_are_spans_and_circa_is_marked() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    let killing = mark(chart, "e-killing");
    assert_contains!(
        killing,
        "class=\"mark lvl-high span coarse precision-month\"",
        "<rect x=",
        "January 2020 (day unknown): Commanders killed in Baghdad"
    );
    let alert = mark(chart, "e-alert");
    assert_contains!(
        alert,
        "span precision-day",
        "<rect x=",
        "28–30 December 2019"
    );
    // January is 31 days wide, 28–30 December three.
    let ratio = num(killing, "width") / num(alert, "width");
    assert!((ratio - 31.0 / 3.0).abs() < 0.1, "{ratio}");
    // January's span starts on the first of the month, where the axis says.
    assert_contains!(
        chart,
        &format!(
            "<text x=\"{}\" y=\"273\" text-anchor=\"middle\">Jan 2020</text>",
            num(killing, "x")
        )
    );
    // The circa month is drawn apart.
    assert_contains!(
        mark(chart, "e-calls"),
        "span circa coarse precision-month",
        "c. January 2020"
    );
    // The list marks month precision and spans as what they are.
    let list = &page[page.find("id=\"events\"").unwrap()..];
    assert_contains!(
        list,
        "<section class=\"month\" id=\"m2020\">\n<h4>2020, month unknown</h4>",
        "<time datetime=\"2020-01\" class=\"date precision-month circa\">c. January 2020</time> <span class=\"precision-note\">(day unknown)</span>",
        "28–30 December 2019"
    );
    // Month- and year-precision events head their month and year.
    let at = |needle: &str| list.find(needle).unwrap();
    assert!(at("events/e-unrest/") < at("events/e-killing/"));
    assert!(at("events/e-killing/") < at("events/e-missiles/"));
}

#[test]
fn responses_are_arrows_between_their_marks() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    assert_eq!(chart.matches("<path class=\"edge\"").count(), 7);
    assert_contains!(
        chart,
        "<marker id=\"chart-arrow\"",
        "marker-end=\"url(#chart-arrow)\""
    );
    // From the Kirkuk attack (mark 0) to the strikes (mark 2).
    assert_contains!(mark(chart, "e-kirkuk"), "data-mark=\"0\"");
    assert_contains!(mark(chart, "e-strikes"), "data-mark=\"2\"");
    assert_contains!(chart, "data-from=\"0\" data-to=\"2\"");
}

#[test]
fn phases_are_shaded_labelled_bands() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    assert_contains!(
        chart,
        "<g class=\"phase phase-0\" data-phase=\"winter-crisis\"><rect x=",
        ">Winter crisis</text><title>Winter crisis: December 2019 – January 2020</title>",
        "<g class=\"phase phase-1\" data-phase=\"spring-calm\"><rect x=",
        ">Spring &amp; &quot;calm&quot;</text>",
        "Shaded bands mark the phases: Winter crisis; Spring &amp; &quot;calm&quot;."
    );
    // The spring band starts on 1 March, and the lull of 15 March is in it.
    let band = &chart[chart.find("data-phase=\"spring-calm\"").unwrap()..];
    assert!(num(band, "x") < num(mark(chart, "e-lull"), "cx"));
}

#[test]
fn chains_are_sequences_with_the_step_of_each_response() {
    let d = built();
    let page = d.output("chronology/index.html");
    let chains =
        &page[page.find("id=\"chains\"").unwrap()..page.find("id=\"escalation-index\"").unwrap()];
    assert_contains!(
        chains,
        "<span class=\"chain-number\">Chain 1</span> 7 events, 27 December 2019 – 8 January 2020, 01:30 (+03:30)<span class=\"chain-levels\">: level 6, peak 8</span>",
        "<span class=\"chain-number\">Chain 2</span> 2 events, 2 April 2020 – 10 April 2020"
    );
    // Each response in order after its trigger, with the step over it.
    let chain1 = &chains[..chains.find("id=\"chain-2\"").unwrap()];
    let steps: Vec<(&str, &str)> = chain1
        .split("<li value=")
        .skip(1)
        .map(|li| {
            // The step's own link comes first, then what it answers.
            let id_start = li.find("events/").unwrap() + 7;
            let id = &li[id_start..id_start + li[id_start..].find('/').unwrap()];
            let needle = "Escalation step over the earlier event\">";
            let step = li.find(needle).map_or("trigger", |i| {
                let s = &li[i + needle.len()..];
                &s[..s.find('<').unwrap()]
            });
            (id, step)
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("e-kirkuk", "trigger"),
            ("e-alert", "-2"),
            ("e-strikes", "+1"),
            ("e-condemn", "-5"),
            ("e-killing", "+1"),
            ("e-calls", "-6"),
            ("e-missiles", "0"),
        ]
    );
    assert_contains!(
        chain1,
        "<a href=\"../events/e-condemn/\">Iran condemns the strikes</a> <span class=\"esc esc-2\" title=\"Escalation level 2: Condemnation\">2</span> <span class=\"answers\"><span class=\"answer\">↳ answers 3. <a href=\"../events/e-strikes/\">"
    );
    assert!(!chains.contains("e-unrest") && !chains.contains("e-lull"));
}

#[test]
fn a_response_on_the_same_day_follows_its_trigger_in_the_list() {
    let d = built();
    let page = d.output("chronology/index.html");
    let list = &page[page.find("id=\"events\"").unwrap()..];
    // "e-condemn" sorts before "e-strikes" by id, but answers it.
    assert!(list.find("events/e-strikes/").unwrap() < list.find("events/e-condemn/").unwrap());
    let strikes = d.output("events/e-strikes/index.html");
    assert_contains!(strikes, "rel=\"next\" href=\"../../events/e-condemn/\"");
}

#[test]
fn every_event_page_of_a_chain_shows_the_chain() {
    let d = built();
    let page = d.output("events/e-killing/index.html");
    assert_contains!(
        page,
        "<section class=\"chain\" id=\"chain-1\"",
        "<li value=\"5\" class=\"chain-step current\"",
        "aria-current=\"step\"><span class=\"when\"><time datetime=\"2020-01\" class=\"date precision-month\">January 2020</time> <span class=\"precision-note\">(day unknown)</span></span> <strong>Commanders killed in Baghdad</strong>",
        "<a href=\"../../events/e-kirkuk/\">Rocket attack on Kirkuk</a>",
        "<a href=\"../../chronology/#chain-1\">This chain in the chronology →</a>"
    );
    for id in ["e-kirkuk", "e-alert", "e-missiles", "e-calls"] {
        assert_contains!(
            d.output(&format!("events/{id}/index.html")),
            "id=\"chain-1\""
        );
    }
    assert_contains!(
        d.output("events/e-reprisal/index.html"),
        "id=\"chain-2\"",
        "+2"
    );
    assert!(
        !d.output("events/e-lull/index.html")
            .contains("class=\"chain\"")
    );
}

#[test]
fn filters_are_pre_rendered_pages_linked_from_every_chronology() {
    let d = built();
    let page = d.output("chronology/index.html");
    assert_contains!(
        page,
        "<a href=\"../chronology/kind/airstrike/\" data-facet=\"kind\" data-value=\"airstrike\">Air strike</a> <span class=\"count\">(3)</span>",
        "<a href=\"../chronology/kind/statement/\" data-facet=\"kind\" data-value=\"statement\">Statement &lt;&amp; threat&gt;</a>",
        "<a href=\"../chronology/phase/spring-calm/\" data-facet=\"phase\" data-value=\"spring-calm\">Spring &amp; &quot;calm&quot;</a> <span class=\"count\">(4)</span>",
        "<a href=\"../chronology/actor/iran/\" data-facet=\"actor\" data-value=\"iran\">Iran</a> <span class=\"count\">(4)</span>",
        "<a href=\"../chronology/actor/\">all 4 actors</a>",
        // What the script filters on.
        "data-kind=\"missile-attack\" data-actors=\"iran united-states\" data-phases=\"winter-crisis\""
    );
    let iran = d.output("chronology/actor/iran/index.html");
    assert_contains!(
        iran,
        "<h1>Iran</h1>",
        "4 events in which Iran takes part",
        "<a href=\"../../../actors/iran/\">the actor's page</a>",
        "aria-current=\"page\">Iran</a>",
        "Escalation over time: Iran"
    );
    let list = &iran[iran.find("id=\"events\"").unwrap()..];
    assert_eq!(list.matches("<li class=\"event-item").count(), 4);
    assert!(!list.contains("e-kirkuk"));
    // Its chart draws only Iran's events, on their own time scale.
    let chart = svg(&iran);
    assert_eq!(chart.matches("class=\"mark ").count(), 4);
    // Links to the chains of Iran's events.
    assert_contains!(
        iran,
        "<li><a href=\"../../../chronology/#chain-1\">Chain 1</a>: 7 events, 27 December 2019 – 8 January 2020, 01:30 (+03:30); level 6, peak 8</li>"
    );
    assert!(!iran.contains("#chain-2"));

    let kind = d.output("chronology/kind/airstrike/index.html");
    assert_eq!(kind.matches("<li class=\"event-item").count(), 3);
    let phase = d.output("chronology/phase/winter-crisis/index.html");
    assert_contains!(
        phase,
        "<h1>Winter crisis</h1>",
        "From the Kirkuk attack to the missiles."
    );
    // The year-precision event may fall in the phase: it is listed, not drawn.
    assert_contains!(phase, "events/e-unrest/", "8 events");
    // The phase's chart spans the phase.
    assert_contains!(svg(&phase), ">Dec 2019</text>", ">Jan 2020</text>");
    assert!(!svg(&phase).contains(">Mar</text>"));
    let spring = d.output("chronology/phase/spring-calm/index.html");
    assert_contains!(spring, "<h1>Spring &amp; &quot;calm&quot;</h1>");
    // The index pages list every view of their facet.
    assert_contains!(
        d.output("chronology/actor/index.html"),
        "<a href=\"../../chronology/actor/iraq/\" data-facet=\"actor\" data-value=\"iraq\">Iraq &amp; &quot;its&quot; &lt;government&gt;</a>"
    );
    assert_contains!(
        d.output("chronology/kind/index.html"),
        "href=\"../../chronology/kind/missile-attack/\""
    );
    assert_contains!(
        d.output("chronology/phase/index.html"),
        "href=\"../../chronology/phase/winter-crisis/\""
    );
    assert_contains!(
        d.output("sitemap.xml"),
        "<loc>https://example.org/chrono/chronology/actor/iran/</loc>"
    );
}

#[test]
fn the_escalation_index_is_drawn_per_pair_with_its_band() {
    let d = built();
    let page = d.output("chronology/index.html");
    let index =
        &page[page.find("id=\"escalation-index\"").unwrap()..page.find("id=\"events\"").unwrap()];
    // The pairs with most events where one acts against the other.
    let us_kh = index
        .find("Escalation index: United States ↔ Kataib Hezbollah")
        .unwrap();
    let us_iran = index
        .find("Escalation index: United States ↔ Iran")
        .unwrap();
    assert!(us_kh < us_iran);
    assert_contains!(
        index,
        "role=\"group\" aria-labelledby=\"pair-1-title\" aria-describedby=\"pair-1-desc\"",
        "from 6 events in which one acts against the other",
        "Each event counts half as much after 20 days.",
        "<path class=\"band\" d=\"M",
        "<polyline class=\"index-line\" points=\"",
        "<g class=\"rug\"><a href=\"../events/e-kirkuk/\">",
        // The text equivalent: the events with their weights.
        "<td><a href=\"../events/e-strikes/\">US air strikes on &lt;Kataib Hezbollah&gt; &amp; allies</a></td><td>7</td><td>24–25</td><td>11.6–11.7</td>"
    );
    assert!(!index.contains("↔ Iraq"), "Iraq acts against no one");
    // Actor pages draw their own pairs and chart.
    let actor = d.output("actors/iran/index.html");
    assert_contains!(
        actor,
        "Escalation over time: Iran",
        "Escalation index: United States ↔ Iran",
        "<a href=\"../../chronology/actor/iran/\">This chronology with its chains of responses and filters →</a>"
    );
}

#[test]
fn the_home_page_shows_the_chart() {
    let d = built();
    let home = d.output("index.html");
    let chart = svg(&home);
    assert_contains!(
        chart,
        "The chronology lists the same events as text.",
        "<a href=\"events/e-kirkuk/\" class=\"mark"
    );
}

#[test]
fn every_link_resolves_and_builds_are_identical() {
    let d = built();
    let broken = check_links(&d.root.join("public"), "/chrono/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let first = d.snapshot("public");
    d.build();
    assert!(first == d.snapshot("public"), "two builds differ");
    // And without pretty URLs.
    d.write(
        "dossier.toml",
        std::fs::read_to_string(d.root.join("dossier.toml")).unwrap()
            + "\n[build]\npretty_urls = false\n",
    );
    d.build();
    assert!(d.root.join("public/chronology/actor/iran.html").is_file());
    let broken = check_links(&d.root.join("public"), "/chrono/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn crowded_charts_group_close_events_into_marks_linking_to_the_list() {
    let d = Dossier::fixture("chronology");
    // 1,600 events over 100 days: more than the chart draws one by one.
    let mut csv = String::from("id,title,date,kind,escalation,actors,sources\n");
    for n in 0..1600 {
        let day = 1 + n % 28;
        let month = 5 + (n / 28) % 3;
        csv.push_str(&format!(
            "bulk-{n},Bulk event {n},2020-{month:02}-{day:02},rocket-attack,{},kataib-hezbollah:perpetrator;united-states:target,wire\n",
            n % 11
        ));
    }
    d.write("data/incidents/bulk.csv", csv);
    d.build();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    let marks = chart.matches("<a href=").count();
    assert!(marks < 1000, "{marks} marks");
    assert_contains!(
        chart,
        "class=\"mark lvl-",
        " group\"",
        "Events at the same level within a few days are drawn as one mark",
        "and responses are not drawn",
        ": see the list</title>",
        "<a href=\"#m2020-05\""
    );
    assert!(!chart.contains("class=\"edge\""));
    let broken = check_links(&d.root.join("public"), "/chrono/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The boxes of a chart's marks: (left, right, top, bottom, the mark's `<a>`).
fn mark_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, &str)> {
    let marks = &svg[svg.find("<g class=\"marks\">").expect("marks")..];
    marks
        .split("<a href=")
        .skip(1)
        .map(|a| {
            if a.contains("<circle") {
                let (x, y, r) = (num(a, "cx"), num(a, "cy"), num(a, "r"));
                (x - r, x + r, y - r, y + r, a)
            } else {
                let (x, y) = (num(a, "x"), num(a, "y"));
                (x, x + num(a, "width"), y, y + num(a, "height"), a)
            }
        })
        .collect()
}

/// The flagship's crisis weeks (27 December 2019 – 8 January 2020) hold
/// most of its events: the chart draws those days wider, says so on the
/// axis, and no two of its marks overlap anywhere.
#[test]
fn the_flagship_chart_gives_its_crowded_weeks_room_and_no_marks_overlap() {
    let d = Dossier::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    d.build();
    let page = d.output("chronology/index.html");
    let chart = svg(&page);
    // The scale changes where the events crowd, and the axis says so.
    assert_contains!(
        chart,
        "<g class=\"scale-break\">",
        "class=\"break-line\"",
        "wider</text>",
        " data-focus=\""
    );
    let boxes = mark_boxes(chart);
    assert!(boxes.len() >= 20, "{}", boxes.len());
    for (n, a) in boxes.iter().enumerate() {
        for b in &boxes[n + 1..] {
            let overlap =
                a.0 < b.1 - 0.05 && b.0 < a.1 - 0.05 && a.2 < b.3 - 0.05 && b.2 < a.3 - 0.05;
            assert!(!overlap, "marks overlap:\n{}\n{}", a.4, b.4);
        }
    }
    // The crisis's day-dated events are spread over far more of the width
    // than their share of the time: 27 December to 8 January is 12 of
    // about 1,060 days, drawn over more than a fifth of the plot.
    let x_of = |id: &str| num(mark(chart, id), "cx");
    let crisis = x_of("2020-01-08-iran-missile-strikes") - x_of("2019-12-27-kirkuk-rocket-attack");
    assert!(crisis > 150.0, "{crisis}");
    // Marks of the same level a day apart are side by side, not on top.
    let strikes = x_of("2019-12-29-us-strikes-kataib-hezbollah");
    assert!(strikes - x_of("2019-12-27-kirkuk-rocket-attack") > 20.0);
    // A year-precision event is a faint range, thinner than a bar over days.
    let year = mark(chart, "2020-irbil-rocket-attack");
    assert_contains!(year, "span coarse precision-year", "height=\"6\"");
    let days = mark(chart, "2019-12-28-us-forces-alert");
    assert_contains!(days, "height=\"8\"");
    assert!(!days.contains("coarse"));
    // The x axis's labels keep clear of each other.
    let axis = &chart[chart.find("x-axis").unwrap()..];
    let xs: Vec<f64> = axis
        .split("<text x=\"")
        .skip(1)
        .map(|t| t[..t.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(xs.len() >= 5, "{xs:?}");
    for w in xs.windows(2) {
        assert!(w[1] - w[0] >= 40.0, "{xs:?}");
    }
    // The legend names each level drawn, by colour, and each kind of mark.
    let figure = &page[page.find("<figure class=\"chart-figure\">").unwrap()..];
    let legend = &figure
        [figure.find("<span class=\"legend\">").unwrap()..figure.find("</figcaption>").unwrap()];
    assert_contains!(
        legend,
        "key-lvl lvl-low\"></span> low escalation: levels 1, 2, 3</span>",
        "key-lvl lvl-mid\"></span> middle escalation: levels 4, 5, 6</span>",
        "key-lvl lvl-high\"></span> high escalation: levels 7, 8</span>",
        "key-point",
        "key-span",
        "key-coarse",
        "key-arrow\">→</span>",
        "key-phase",
        "key-break"
    );
    // A key for what the chart does not draw would mislead: no mark of the
    // flagship's chart stands for several events.
    assert!(!legend.contains("key-group"), "{legend}");
}

/// The level labels of an actor's chart sit where no mark covers them, and
/// the escalation index says what its y axis measures.
#[test]
fn level_labels_keep_clear_of_marks_and_the_index_names_its_axis() {
    let d = Dossier::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    d.build();
    for page in [
        "actors/kataib-hezbollah/index.html",
        "chronology/index.html",
    ] {
        let html = d.output(page);
        let chart = svg(&html);
        let boxes = mark_boxes(chart);
        let labels: Vec<&str> = chart.split("<text class=\"level-label\"").skip(1).collect();
        assert!(labels.len() >= 10, "{page}");
        for l in labels {
            let (x, y) = (num(l, "x"), num(l, "y"));
            let text = &l[l.find('>').unwrap() + 1..l.find("</text>").unwrap()];
            // A shortened label carries its whole text in a tooltip.
            let text = text.split("<title>").next().unwrap();
            let width = text.chars().count() as f64 * 6.6;
            for b in &boxes {
                let covered = b.0 < x + width && x < b.1 && b.2 < y - 1.0 && y - 10.0 < b.3;
                assert!(!covered, "{page}: {text} under\n{}", b.4);
            }
        }
    }
    let html = d.output("chronology/index.html");
    let index = &html[html.find("class=\"chart index\"").expect("an index chart")..];
    assert_contains!(
        index,
        "<text class=\"axis-label\"",
        ">Escalation index (levels and deaths of recent events)</text>"
    );
}
