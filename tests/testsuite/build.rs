//! Building the `full` fixture: every page, export and feature of a dossier.

use crate::assert_contains;
use crate::harness::{Dossier, check_links};
use serde_json::Value;

fn built() -> Dossier {
    let d = Dossier::fixture("full");
    d.build();
    d
}

#[test]
fn writes_every_page_and_export() {
    let d = built();
    for f in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "style.css",
        "highlight.css",
        "dossier.js",
        "robots.txt",
        "events/index.html",
        "events/2019-12-27-k1-attack/index.html",
        "events/2019-12-29-us-strikes/index.html",
        "events/2020-01-03-baghdad-strike/index.html",
        "events/2020-01-iran-missiles/index.html",
        "events/2021-02-15-irbil-rockets/index.html",
        "events/2021-02-25-syria-strikes/index.html",
        "actors/index.html",
        "actors/kataib-hezbollah/index.html",
        "actors/popular-mobilization-forces/index.html",
        "actors/saraya-awliya-al-dam/index.html",
        "sources/index.html",
        "sources/rferl-2021/index.html",
        "sources/reuters-2019/index.html",
        "chronology/index.html",
        "methodology/index.html",
        "about/index.html",
        "data/dossier.json",
        "data/events.json",
        "data/events.csv",
        "data/events.geojson",
    ] {
        assert!(d.root.join("public").join(f).is_file(), "missing {f}");
    }
}

#[test]
fn every_internal_link_resolves_under_the_base_path() {
    let d = built();
    let broken = check_links(&d.root.join("public"), "/sub/dossier/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Absolute URLs carry the sub-path.
    assert_contains!(
        d.output("events/2019-12-27-k1-attack/index.html"),
        "<link rel=\"canonical\" href=\"https://example.org/sub/dossier/events/2019-12-27-k1-attack/\">",
        "href=\"../../actors/kataib-hezbollah/\""
    );
    assert_contains!(
        d.output("404.html"),
        "href=\"/sub/dossier/style.css\"",
        "Overridden not-found page"
    );
    assert_contains!(
        d.output("sitemap.xml"),
        "<loc>https://example.org/sub/dossier/events/2021-02-25-syria-strikes/</loc>",
        "<loc>https://example.org/sub/dossier/search/</loc>"
    );
    assert_contains!(
        d.output("atom.xml"),
        "<id>https://example.org/sub/dossier/events/2021-02-25-syria-strikes/</id>"
    );
}

#[test]
fn html_special_characters_are_escaped_everywhere() {
    let d = built();
    let page = d.output("events/2019-12-29-us-strikes/index.html");
    assert_contains!(
        page,
        "US strikes on &quot;KH&quot; sites &lt;Iraq &amp; Syria&gt;"
    );
    assert_contains!(
        d.output("index.html"),
        "<title>Tests &amp; &lt;Trials&gt; &quot;dossier&quot;</title>"
    );
    for f in [
        "events/index.html",
        "chronology/index.html",
        "actors/kataib-hezbollah/index.html",
        "atom.xml",
    ] {
        let text = d.output(f);
        assert!(!text.contains("<Iraq"), "{f} has unescaped markup");
        assert!(!text.contains("<Trials>"), "{f} has unescaped markup");
    }
    // Raw HTML in Markdown is the editor's and is kept.
    assert_contains!(page, "<b>Raw HTML</b> is kept.");
    // JSON keeps the text as written.
    let json: Value = serde_json::from_str(&d.output("data/events.json")).unwrap();
    assert!(
        json["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == "US strikes on \"KH\" sites <Iraq & Syria>")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let d = built();
    assert!(!d.root.join("public/events/2020-02-draft-event").exists());
    assert!(!d.output("data/dossier.json").contains("draft-event"));
    assert!(!d.output("events/index.html").contains("draft"));
    d.run(&["build", "--drafts"]).expect(0);
    assert_contains!(
        d.output("events/2020-02-draft-event/index.html"),
        "Secret draft text."
    );
}

#[test]
fn markdown_wins_over_a_data_row_field_by_field() {
    let d = built();
    let page = d.output("events/2020-01-03-baghdad-strike/index.html");
    // Title from the Markdown, date, level and location from the CSV row, body from the Markdown.
    assert_contains!(
        page,
        "<h1>Drone strike at Baghdad airport",
        "3 January 2020",
        "Baghdad International Airport",
        "Strike on an official",
        "whose data row sits in"
    );
    assert!(!page.contains("Row title that the Markdown overrides"));
}

#[test]
fn dates_keep_their_precision() {
    let d = built();
    let json: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let by_id = |id: &str| {
        json["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id("2020-01-iran-missiles")["date_precision"], "month");
    assert_eq!(by_id("2021-02-15-irbil-rockets")["date_precision"], "time");
    assert_eq!(by_id("2021-02-25-syria-strikes")["date_end"], "2021-02-26");
    assert_eq!(by_id("2021-02-25-syria-strikes")["circa"], true);
    let chron = d.output("chronology/index.html");
    assert_contains!(
        chron,
        "January 2020</time> <span class=\"precision-note\">(day unknown)</span>",
        "c. 25–26 February 2021",
        "15 February 2021, 21:30 (+03:00)"
    );
    // A month-precision event heads its month in the list.
    let list = &chron[chron.find("id=\"events\"").unwrap()..];
    let month = list.find("Iran fires ballistic missiles").unwrap();
    let day = list.find("Drone strike at Baghdad airport").unwrap();
    assert!(month < day);
}

#[test]
fn citations_are_numbered_with_a_reference_list_and_back_links() {
    let d = built();
    let page = d.output("events/2019-12-27-k1-attack/index.html");
    // Record-level citation first: RFE/RL is [1]; the aggregator [2].
    assert_contains!(
        page,
        "<a id=\"cite-1\" href=\"#ref-1\" title=\"RFE/RL, 26 February 2021\">1</a>",
        "<li id=\"ref-1\">",
        "<li id=\"ref-2\">",
        "title=\"Aggregator, 30 December 2019, para. 7\">2</a>",
        "<span class=\"locator\">para. 7</span>",
        "href=\"#cite-1\""
    );
    // A source cited several times gets lettered back-links.
    assert_contains!(
        page,
        "<span class=\"visually-hidden\">Back to citation 1</span><sup>b</sup>"
    );
    // Footnotes are the editor's annotations; wiki links resolve to every kind.
    assert_contains!(
        page,
        "footnote-definition",
        "class=\"wiki wiki-actor\" href=\"../../actors/kataib-hezbollah/\"",
        ">air strikes</a>",
        "class=\"wiki wiki-page\" href=\"../../methodology/\"",
        "class=\"wiki wiki-source\" href=\"../../sources/rferl-2021/\"",
        "class=\"hl-"
    );
}

#[test]
fn event_pages_show_every_part_of_the_record() {
    let d = built();
    let page = d.output("events/2019-12-27-k1-attack/index.html");
    assert_contains!(
        page,
        "K-1 Air Base, Kirkuk, Iraq",
        "(35.5, 44.28; site)",
        "Rocket attack",
        "Indirect fire, casualties",
        "role-perpetrator",
        "confidence-alleged",
        "<a href=\"../../actors/united-states/\">United States</a></td><td>",
        // Casualties side by side and the spread kept.
        "US contractor and soldiers</td><td>1</td><td>4</td>",
        "US contractor and soldiers</td><td>1–2</td>",
        "1–2 killed, 4 injured",
        "sources disagree",
        // Claims with the reporting chain.
        "stance-denies",
        "Reported via <a href=\"../../sources/reuters-2019/\">Reuters</a>",
        // Responses, with the escalation step.
        "Responded to by",
        "US strikes on &quot;KH&quot;",
        "<span class=\"step up\" title=\"Escalation step over the earlier event\">+2</span>",
        "rel=\"next\""
    );
    let strikes = d.output("events/2019-12-29-us-strikes/index.html");
    assert_contains!(strikes, "Responds to", "at least 24", "rel=\"prev\"");
    // A figure no source gives is never shown as 0.
    let syria = d.output("events/2021-02-25-syria-strikes/index.html");
    assert_contains!(syria, "<dd>17 killed</dd>");
    assert!(!syria.contains("injured</dd>"));
}

#[test]
fn actor_pages_show_relations_both_ways_and_events_by_role() {
    let d = built();
    let kh = d.output("actors/kataib-hezbollah/index.html");
    assert_contains!(
        kh,
        "Kaitib Hizballah",
        "Member of <a href=\"../../actors/popular-mobilization-forces/\">",
        "Uses as front <a href=\"../../actors/saraya-awliya-al-dam/\">",
        "Backed by <a href=\"../../actors/iran/\">",
        "<h3>Perpetrator</h3>",
        "<h3>Target</h3>",
        "according to <a href=\"../../actors/united-states/\">United States</a>",
        "Chronology"
    );
    assert_contains!(
        d.output("actors/popular-mobilization-forces/index.html"),
        "Has member <a href=\"../../actors/kataib-hezbollah/\">"
    );
    assert_contains!(
        d.output("actors/iran/index.html"),
        "Backs <a href=\"../../actors/kataib-hezbollah/\">"
    );
    let list = d.output("actors/index.html");
    assert_contains!(list, "Front group", "Coalition", "Organization", "State");
}

#[test]
fn source_pages_list_everything_citing_them() {
    let d = built();
    let rferl = d.output("sources/rferl-2021/index.html");
    assert_contains!(
        rferl,
        "B2</abbr>: source usually reliable; information probably true",
        "Editor's note",
        "Rocket attack on K-1 air base, Kirkuk</a>",
        "<a href=\"../../actors/kataib-hezbollah/#cites-rferl-2021\">Kataib Hezbollah</a>",
        "<a href=\"../../methodology/#cites-rferl-2021\">Methodology</a>",
        "<a href=\"../../#cites-rferl-2021\">Home</a>"
    );
    let reuters = d.output("sources/reuters-2019/index.html");
    assert_contains!(
        reuters,
        "Jane Doe",
        "Relayed by",
        "U.S. Bombs Iran-Backed Militias",
        "https://example.com/reuters?a=1&amp;b=2"
    );
    let json: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let src = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "reuters-2019")
        .unwrap();
    assert!(
        src["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "2019-12-27-k1-attack")
    );
}

#[test]
fn exports_follow_the_design() {
    let d = built();
    let json: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    assert_eq!(json["schema_version"], 1);
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 6);
    let k1 = events
        .iter()
        .find(|e| e["id"] == "2019-12-27-k1-attack")
        .unwrap();
    for key in [
        "id",
        "title",
        "date",
        "date_precision",
        "date_end",
        "circa",
        "kind",
        "escalation",
        "summary",
        "location",
        "actors",
        "casualties",
        "claims",
        "responds_to",
        "responded_by",
        "sources",
        "url",
    ] {
        assert!(k1.get(key).is_some(), "event lacks {key}");
    }
    // Every key cited anywhere in the record, body included.
    assert_eq!(
        k1["sources"],
        serde_json::json!(["rferl-2021", "zh-2019-12-30"])
    );
    assert_eq!(
        k1["responded_by"],
        serde_json::json!(["2019-12-29-us-strikes"])
    );
    assert_eq!(k1["casualties"][1]["killed"], "1-2");
    assert_eq!(
        k1["url"],
        "https://example.org/sub/dossier/events/2019-12-27-k1-attack/"
    );
    let kh = json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "kataib-hezbollah")
        .unwrap();
    for key in [
        "id",
        "name",
        "kind",
        "aliases",
        "relations",
        "events",
        "url",
    ] {
        assert!(kh.get(key).is_some(), "actor lacks {key}");
    }
    let events_json: Value = serde_json::from_str(&d.output("data/events.json")).unwrap();
    assert_eq!(events_json["schema_version"], 1);
    assert_eq!(events_json["events"].as_array().unwrap().len(), 6);
    let geo: Value = serde_json::from_str(&d.output("data/events.geojson")).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    // Only events with coordinates are mapped; GeoJSON is [lon, lat].
    assert_eq!(geo["features"].as_array().unwrap().len(), 3);
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"],
        serde_json::json!([44.28, 35.5])
    );
    let csv_text = d.output("data/events.csv");
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(csv.headers().unwrap().iter().next(), Some("id"));
    assert_eq!(csv.records().count(), 6);
}

#[test]
fn two_builds_are_identical_byte_for_byte() {
    let d = built();
    let first = d.snapshot("public");
    let other = d.root.join("second");
    let out = d
        .run(&["build", "--output", other.to_str().unwrap()])
        .expect(0);
    assert!(out.stderr.contains("Built"));
    let second = d.snapshot("second");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between builds");
    }
}

#[test]
fn check_writes_nothing() {
    let d = Dossier::fixture("full");
    let run = d.run(&["check", "--strict"]).expect(0);
    assert_contains!(run.stderr, "0 error(s), 0 warning(s)");
    assert!(!d.root.join("public").exists());
    let json = d.run(&["check", "--format", "json"]).expect(0);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["errors"], 0);
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let d = built();
    let before = d.snapshot("public");
    d.write(
        "content/events/2019-12-27-k1-attack.md",
        "+++\ntitle = \"Broken\"\ndate = \"2019-13-45\"\n+++\n",
    );
    let run = d.run(&["build"]).expect(1);
    assert_contains!(
        run.stderr,
        "content/events/2019-12-27-k1-attack.md:3:",
        "previous site"
    );
    assert_eq!(before, d.snapshot("public"));
    let leftovers: Vec<_> = std::fs::read_dir(&d.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("dossier-staging")),
        "{leftovers:?}"
    );
}

#[test]
fn a_rebuild_updates_the_site_in_place_and_matches_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let d = Dossier::fixture("full");
    d.run(&["build", "--drafts"]).expect(0);
    let public = d.root.join("public");
    let draft = public.join("events/2020-02-draft-event/index.html");
    assert!(draft.is_file());
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).unwrap().ino();
    let untouched = "methodology/index.html";
    let before = inode(untouched);
    let edited = "events/2019-12-27-k1-attack/index.html";
    let edited_before = inode(edited);
    // The exports are streamed into their files, and compared with the
    // output's after: the same rule.
    let (export_untouched, export_edited) = ("data/sources.csl.json", "data/events.json");
    let (export_untouched_before, export_edited_before) =
        (inode(export_untouched), inode(export_edited));
    // Files of an earlier build the build no longer makes (one a file
    // where the build now needs a folder), listed in its manifest; and a
    // file someone else put in the output, which is not the build's.
    d.write("public/stray.txt", "someone's notes");
    d.write("public/old/section/index.html", "left over");
    std::fs::remove_dir_all(public.join("about")).unwrap();
    d.write("public/about", "a file in the way");
    let manifest = public.join(".dossier-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!("{listed}old/section/index.html\nabout\n"),
    )
    .unwrap();
    let path = d.root.join("content/events/2019-12-27-k1-attack.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "killed a US contractor.",
        "killed a US contractor (rebuilt).",
    );
    std::fs::write(&path, format!("{text}\nA sentence added on rebuild.\n")).unwrap();

    d.build();
    assert_contains!(d.output(edited), "A sentence added on rebuild.");
    assert_contains!(d.output(export_edited), "killed a US contractor (rebuilt).");
    // An unchanged file is not rewritten; a changed one is replaced whole.
    assert_eq!(inode(untouched), before);
    assert_ne!(inode(edited), edited_before);
    assert_eq!(inode(export_untouched), export_untouched_before);
    assert_ne!(inode(export_edited), export_edited_before);
    assert!(!draft.exists() && !public.join("events/2020-02-draft-event").exists());
    assert!(!public.join("old").exists());
    assert!(public.join("about/index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(public.join("stray.txt")).unwrap(),
        "someone's notes"
    );
    std::fs::remove_file(public.join("stray.txt")).unwrap();
    // The updated site is the site a fresh build makes, file for file.
    let fresh = d.root.join("fresh");
    d.run(&["build", "--output", fresh.to_str().unwrap()])
        .expect(0);
    assert_eq!(d.snapshot("public"), d.snapshot("fresh"));
    let leftovers: Vec<_> = std::fs::read_dir(&d.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("dossier-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn pretty_urls_can_be_turned_off() {
    let d = Dossier::fixture("full");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        toml.replace("[build]\n", "[build]\npretty_urls = false\n"),
    );
    d.build();
    assert!(
        d.root
            .join("public/events/2019-12-27-k1-attack.html")
            .is_file()
    );
    let broken = check_links(&d.root.join("public"), "/sub/dossier/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn base_url_can_be_given_on_the_command_line() {
    let d = Dossier::fixture("full");
    d.run(&["build", "--base-url", "https://news.example.com/files/"])
        .expect(0);
    assert_contains!(
        d.output("index.html"),
        "href=\"https://news.example.com/files/\""
    );
    assert_contains!(d.output("404.html"), "href=\"/files/style.css\"");
}

#[test]
fn safe_html_strips_script_from_markdown() {
    let d = Dossier::fixture("full");
    d.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\n<script>alert(1)</script>\n\n<b onclick=\"steal()\">Bold</b> [[2020-01-iran-missiles]].\n",
    );
    d.build();
    assert_contains!(
        d.output("about/index.html"),
        "<script>alert(1)</script>",
        "onclick"
    );
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        toml.replace("[build]\n", "[build]\nsafe_html = true\n"),
    );
    d.build();
    let page = d.output("about/index.html");
    assert!(
        !page.contains("alert(1)") && !page.contains("onclick"),
        "{page}"
    );
    assert_contains!(page, "<b>Bold</b>", "class=\"wiki wiki-event\"");
}

/// Hostile text in every data field reaches no output unescaped. (Raw HTML
/// written in Markdown prose is the editor's and is kept unless safe_html.)
/// Writes into the `minimal` fixture an event, actor and source whose
/// every field tries to break out of HTML, XML, JSON or CSV; the text used.
pub fn write_hostile(d: &Dossier) -> &'static str {
    let evil = r#"</title><script>alert("x")</script>]]>&amp;'"#;
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    d.write(
        "content/events/2019-12-27-attack.md",
        format!(
            "+++\ntitle = \"{t}\"\ndate = \"2019-12-27\"\nkind = \"rocket-attack\"\nescalation = 5\n\
             summary = \"=HYPERLINK(\\\"http://evil.example\\\") {t}\"\nsources = [\"nbc-2020\"]\ntags = [\"{t}\"]\n\
             location = {{ name = \"\\\"><img src=x onerror=alert(1)>\", country = \"{t}\", lat = 1.0, lon = 2.0 }}\n\
             [[actors]]\nactor = \"kataib-hezbollah\"\nrole = \"perpetrator\"\n\
             [[casualties]]\nkilled = 1\nwho = \"{t}\"\nsources = [\"nbc-2020\"]\n\
             [[claims]]\nby = \"kataib-hezbollah\"\nstance = \"denies\"\ntext = \"{t}\"\nsources = [\"nbc-2020\"]\n+++\nBody [@nbc-2020, para. 1].\n",
            t = q(evil)
        ),
    );
    d.write(
        "content/actors/kataib-hezbollah.md",
        format!(
            "+++\nname = \"KH {t}\"\naliases = [\"{t}\"]\nsummary = \"{t}\"\n+++\n",
            t = q(evil)
        ),
    );
    d.write(
        "data/sources.toml",
        format!("[[source]]\nid = \"nbc-2020\"\ntitle = \"{t}\"\noutlet = \"{t}\"\nauthor = \"{t}\"\ndate = \"2020-01-02\"\nurl = \"https://example.org/?q=\\\"><script>alert(1)</script>\"\nnotes = \"{t}\"\n", t = q(evil)),
    );
    evil
}

#[test]
fn hostile_fields_are_escaped_in_every_output() {
    let d = Dossier::fixture("minimal");
    let evil = write_hostile(&d);
    d.build();
    let site = d.root.join("public");
    for path in crate::harness::walk(&site) {
        let name = path
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.ends_with(".html") || name.ends_with(".xml") {
            assert!(
                !text.contains("<script>alert"),
                "{name} lets a script tag through"
            );
            assert!(
                !text.contains("<img src=x"),
                "{name} lets an element through"
            );
            assert!(
                !text.contains("</title><script"),
                "{name} lets markup through"
            );
            assert!(
                !text.contains("href=\"javascript:"),
                "{name} links to javascript:"
            );
        }
        if name.starts_with("events/")
            && name.ends_with("/index.html")
            && name.matches('/').count() == 2
        {
            let ld = crate::search::json_ld(&text)
                .unwrap_or_else(|| panic!("{name} has no JSON-LD, or a string closed its script"));
            assert_eq!(
                ld["name"], evil,
                "{name}: the JSON-LD keeps the title as written"
            );
            let start = text.find("application/ld+json").unwrap();
            let script = &text[start..start + text[start..].find("</script>").unwrap()];
            assert!(!script.contains('<'), "{name}: a raw < in the JSON-LD");
        }
        if name.ends_with(".xml") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        }
        if name.ends_with(".json") || name.ends_with(".geojson") {
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name == "data/events.json" {
                assert_eq!(v["events"][0]["title"], evil);
            }
        }
    }
    let csv_text = d.output("data/events.csv");
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[1], evil, "titles are kept as written");
    assert!(
        row[7].starts_with("'=HYPERLINK"),
        "a formula-like cell is defused: {}",
        &row[7]
    );
}

#[test]
fn control_characters_written_as_escapes_leave_every_xml_output_well_formed() {
    let d = Dossier::fixture("minimal");
    let path = d.root.join("content/events/2019-12-27-attack.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "title = \"An attack\"",
            "title = \"An\\u0001 at\\u0008tack\\u001f\"",
        ),
    )
    .unwrap();
    d.build();
    let site = d.root.join("public");
    let mut xml = 0;
    for path in crate::harness::walk(&site) {
        if path.extension().is_some_and(|e| e == "xml") {
            let text = std::fs::read_to_string(&path).unwrap();
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", path.display()));
            xml += 1;
        }
    }
    assert!(xml >= 2, "the feed and the sitemap at least");
    assert_contains!(d.output("atom.xml"), "An attack");
}
