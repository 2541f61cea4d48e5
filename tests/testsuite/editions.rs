//! Editions: the corrections and updates log (`[[changes]]`), `--as-of`
//! builds and `dossier diff`, on the `editions` fixture.

use crate::assert_contains;
use crate::harness::Dossier;
use serde_json::Value;

const ATTACK: &str = "events/2019-12-27-rocket-attack/index.html";

/// The position of `needle` in `haystack`, failing when it is not there.
fn at(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("expected to find {needle:?} in:\n{haystack}"))
}

#[test]
fn corrections_head_their_record_and_updates_close_it() {
    let d = Dossier::fixture("editions");
    d.build();
    let page = d.output(ATTACK);
    // The correction stands between the title and the facts; the update
    // after the narrative, before the references.
    let header = at(&page, "</header>");
    let correction = at(
        &page,
        "<aside class=\"corrections\" aria-label=\"Corrections\">\n<ul>\n<li class=\"change change-correction\" id=\"change-2\"><strong class=\"change-kind\">Correction</strong>, <time datetime=\"2026-12-01\" class=\"date precision-day\">1 December 2026</time>: Iran&#39;s role was graded &quot;likely&quot;; the source supports &quot;alleged&quot;.</li>",
    );
    let facts = at(&page, "<dl class=\"facts\">");
    let narrative = at(&page, "<h2>Narrative</h2>");
    let update = at(
        &page,
        "<h2 id=\"changes-heading\">Updates and clarifications</h2>\n<ul>\n<li class=\"change change-update\" id=\"change-1\"><strong class=\"change-kind\">Update</strong>",
    );
    let references = at(&page, "id=\"references-heading\"");
    assert!(header < correction && correction < facts, "{page}");
    assert!(narrative < update && update < references, "{page}");
    assert_eq!(page.matches("class=\"change ").count(), 2, "{page}");
    assert_contains!(
        page,
        "<a href=\"../../changes/\">Every correction and update"
    );

    // A retraction is prominent too; clarifications are not.
    let actor = d.output("actors/kataib-hezbollah/index.html");
    assert_contains!(
        actor,
        "<aside class=\"corrections\"",
        "<strong class=\"change-kind\">Retraction</strong>"
    );
    let source = d.output("sources/paper-2019-12/index.html");
    assert!(!source.contains("<aside class=\"corrections\""), "{source}");
    assert_contains!(
        source,
        "<li class=\"change change-clarification\" id=\"change-1\">",
        "The record now says the review is monthly."
    );
    let about = d.output("about/index.html");
    assert_contains!(about, "The page now says where the figures come from.");
    let home = d.output("index.html");
    assert_contains!(
        home,
        "<aside class=\"corrections\"",
        "The home page no longer sums the figures."
    );
    // Every page links to the log.
    assert_contains!(
        d.output("events/index.html"),
        "<a href=\"../changes/\">Corrections and updates</a>"
    );
    // A record without changes shows none.
    let strikes = d.output("events/2019-12-29-strikes/index.html");
    assert!(!strikes.contains("class=\"change "), "{strikes}");
}

#[test]
fn the_log_lists_every_change_newest_first() {
    let d = Dossier::fixture("editions");
    d.build();
    let log = d.output("changes/index.html");
    let order = [
        "id=\"event-2019-12-27-rocket-attack-change-2\"",
        "id=\"home-change-1\"",
        "id=\"event-2019-12-27-rocket-attack-change-1\"",
        "id=\"source-paper-2019-12-change-1\"",
        "id=\"actor-kataib-hezbollah-change-1\"",
        "id=\"page-about-change-1\"",
    ];
    let places: Vec<usize> = order.iter().map(|n| at(&log, n)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{log}");
    assert_contains!(
        log,
        "<a href=\"../events/2019-12-27-rocket-attack/#change-2\">Rocket attack on the base</a> <span class=\"record-type\">(event)</span>",
        "<a href=\"../#change-1\">Home</a>",
        "<a href=\"../changes/atom.xml\">a feed</a>",
        "<link rel=\"alternate\" type=\"application/atom+xml\""
    );
    assert!(
        d.output("sitemap.xml")
            .contains("https://example.org/ed/changes/")
    );
    // The links from the log reach the entries on the records' pages.
    let broken = crate::harness::check_links(&d.root.join("public"), "/ed/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_changes_feed_and_json_parse() {
    let d = Dossier::fixture("editions");
    d.build();
    let atom = d.output("changes/atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("the feed is XML");
    let ns = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ns, "feed")));
    let text = |node: roxmltree::Node, tag: &str| -> String {
        node.children()
            .find(|c| c.has_tag_name((ns, tag)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(text(feed, "updated"), "2026-12-01T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ns, "entry")))
        .collect();
    assert_eq!(entries.len(), 6);
    assert_eq!(
        text(entries[0], "title"),
        "Correction: Rocket attack on the base"
    );
    assert_eq!(
        text(entries[0], "summary"),
        "Iran's role was graded \"likely\"; the source supports \"alleged\"."
    );
    assert_eq!(
        text(entries[0], "id"),
        "https://example.org/ed/events/2019-12-27-rocket-attack/#change-2"
    );
    let mut ids: Vec<String> = entries.iter().map(|e| text(*e, "id")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "entry ids are unique");

    let json: Value = serde_json::from_str(&d.output("data/changes.json")).unwrap();
    assert_eq!(json["schema_version"], 1);
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 6);
    let dates: Vec<&str> = changes
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(changes[4]["kind"], "retraction");
    assert_eq!(changes[4]["record"]["type"], "actor");
    assert_eq!(changes[4]["record"]["id"], "kataib-hezbollah");
    assert_eq!(
        changes[4]["record"]["url"],
        "https://example.org/ed/actors/kataib-hezbollah/#change-1"
    );
    // The records carry their own log in the dossier export.
    let dossier: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let attack = dossier["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2019-12-27-rocket-attack")
        .unwrap();
    assert_eq!(attack["changes"][1]["kind"], "correction");
    assert_eq!(attack["changes"][1]["date"], "2026-12-01");
    let paper = dossier["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "paper-2019-12")
        .unwrap();
    assert_eq!(paper["changes"][0]["kind"], "clarification");
}

#[test]
fn an_empty_log_says_so_and_its_feed_still_parses() {
    let d = Dossier::fixture("minimal");
    d.build();
    assert_contains!(
        d.output("changes/index.html"),
        "No correction or update has been logged yet."
    );
    let atom = d.output("changes/atom.xml");
    roxmltree::Document::parse(&atom).expect("the feed is XML");
    let json: Value = serde_json::from_str(&d.output("data/changes.json")).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn a_change_dated_after_today_is_only_a_warning() {
    let d = Dossier::fixture("minimal");
    d.write(
        "content/actors/kataib-hezbollah.md",
        "+++\nname = \"Kataib Hezbollah\"\nkind = \"organization\"\n\n[[changes]]\ndate = \"2999-01-01\"\nkind = \"update\"\ntext = \"From the future.\"\n+++\n",
    );
    let run = d.build();
    assert_contains!(
        run.stderr,
        "the change is dated 2999-01-01, after today",
        "content/actors/kataib-hezbollah.md:6:9"
    );
    assert_contains!(
        d.output("actors/kataib-hezbollah/index.html"),
        "From the future."
    );
    d.run(&["check", "--strict"]).expect(1);
}

/// Every file of a built site, as text.
fn site_texts(d: &Dossier) -> Vec<(String, String)> {
    d.snapshot("public")
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// The ids of the records of one kind in `dossier.json`.
fn ids(dossier: &Value, kind: &str) -> Vec<String> {
    dossier[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_as_of_build_keeps_only_what_was_published_by_then() {
    let d = Dossier::fixture("editions");
    let run = d.run(&["build", "--as-of", "2019-12-29"]).expect(0);
    assert_contains!(run.stderr, "Built the edition as of 2019-12-29");
    let dossier: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    assert_eq!(dossier["as_of"], "2019-12-29");
    // Left out: an event after the day, one known only from a source dated
    // to the month (published, surely, only by its last day), one known only
    // from an undated source.
    assert_eq!(
        ids(&dossier, "events"),
        ["2019-12-27-rocket-attack", "2019-12-29-strikes"]
    );
    // A source dated with a time on the day counts; later and undated ones
    // do not.
    assert_eq!(
        ids(&dossier, "sources"),
        ["wire-2019-12-28", "wire-2019-12-29"]
    );
    // Iran was named only on a later source's word.
    assert_eq!(
        ids(&dossier, "actors"),
        ["kataib-hezbollah", "pmf", "united-states"]
    );
    let attack = &dossier["events"][0];
    assert_eq!(attack["actors"].as_array().unwrap().len(), 2);
    assert_eq!(attack["casualties"].as_array().unwrap().len(), 1);
    assert_eq!(attack["casualties"][0]["killed"], 1);
    assert_eq!(attack["claims"].as_array().unwrap().len(), 1);
    assert_eq!(attack["claims"][0]["stance"], "denies");
    assert_eq!(attack["sources"], serde_json::json!(["wire-2019-12-28"]));
    assert_eq!(attack["changes"].as_array().unwrap().len(), 0);
    assert_eq!(
        attack["responded_by"],
        serde_json::json!(["2019-12-29-strikes"])
    );

    let page = d.output(ATTACK);
    assert_contains!(
        page,
        "<p>Rockets hit the base at night <sup class=\"cite\">",
        // A paragraph resting on a later source keeps its text, not its citation.
        "<p>A later review gave the number of rockets.</p>",
        // A bracket citing an early and a later source keeps the early one.
        "<p>Both reports name the base <sup class=\"cite\">[<a id=\"cite-6\" href=\"#ref-1\"",
        // A wiki link to an event left out is plain text.
        "and later\nwith another strike.</p>",
        "<td>contractor</td><td>1</td>",
        "<div><dt>Reported toll</dt><dd>1 killed</dd></div>"
    );
    for gone in [
        "contractor and soldiers",
        "Officials blamed",
        "actors/iran/",
        "2020-01-03-strike",
        "id=\"ref-2\"",
        "class=\"change ",
    ] {
        assert!(!page.contains(gone), "{gone} is still on the page:\n{page}");
    }
    let kh = d.output("actors/kataib-hezbollah/index.html");
    assert_contains!(
        kh,
        "Member of <a href=\"../../actors/pmf/\">Popular Mobilization Forces</a>",
        "later described as a proxy.</p>"
    );
    assert!(!kh.contains("Backed by"), "{kh}");
    assert!(!kh.contains("Retraction"), "{kh}");

    // Nothing of what was published later is anywhere: pages, chart,
    // chains, search index, exports.
    for (name, text) in site_texts(&d) {
        for gone in [
            "report-2020-01-05",
            "review-2021",
            "paper-2019-12",
            "undated-post",
            "Another strike",
            "A protest known",
        ] {
            assert!(!text.contains(gone), "{name} still has {gone}");
        }
        if name.ends_with(".html") {
            assert_contains!(
                text,
                "<div class=\"as-of-notice\" role=\"note\"><p><strong>As of <time datetime=\"2019-12-29\">29 December 2019</time>:</strong> this is the dossier as it could have been written from sources published by then. <a href=\"https://example.org/ed/\">The current edition →</a></p></div>"
            );
        }
    }
    let chronology = d.output("chronology/index.html");
    assert_contains!(chronology, "Chain 1</span> 2 events");
    for export in [
        "data/events.json",
        "data/events.geojson",
        "data/changes.json",
    ] {
        let json: Value = serde_json::from_str(&d.output(export)).unwrap();
        assert_eq!(json["as_of"], "2019-12-29", "{export}");
    }
    let changes: Value = serde_json::from_str(&d.output("data/changes.json")).unwrap();
    assert_eq!(changes["changes"].as_array().unwrap().len(), 0);
    let broken = crate::harness::check_links(&d.root.join("public"), "/ed/");
    assert!(broken.is_empty(), "{broken:#?}");

    // Deterministic, as any build; and the current edition has no notice.
    let first = d.snapshot("public");
    d.run(&["build", "--as-of", "2019-12-29"]).expect(0);
    assert!(first == d.snapshot("public"), "a second build differs");
    d.build();
    let current: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    assert_eq!(current["as_of"], Value::Null);
    assert_eq!(current["events"].as_array().unwrap().len(), 5);
    assert!(!d.output("index.html").contains("as-of-notice"));
}

#[test]
fn check_and_an_early_day_work_as_of_too() {
    let d = Dossier::fixture("editions");
    let run = d
        .run(&["check", "--as-of", "2019-12-29", "--strict"])
        .expect(0);
    assert_contains!(run.stderr, "Checked 2 events, 3 actors, 2 sources");
    // Before anything was published: an empty dossier, still a site.
    d.run(&["build", "--as-of", "2019-01-01"]).expect(0);
    let dossier: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    assert_eq!(dossier["events"].as_array().unwrap().len(), 0);
    assert_eq!(dossier["sources"].as_array().unwrap().len(), 0);
    assert_contains!(d.output("index.html"), "as-of-notice");
}

/// The flagship's methodology page gives its `--as-of` builds as examples;
/// they must stay true of the flagship.
#[test]
fn the_flagship_methodology_tells_its_as_of_builds_truly() {
    let d = Dossier::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let methodology = std::fs::read_to_string(d.root.join("content/pages/methodology.md")).unwrap();
    assert_contains!(
        methodology,
        "`dossier build --as-of 2019-12-29`",
        "the dossier has five events, all from May to August 2019",
        "Built as of 30 December 2019, it has thirteen",
        "without Iraq among its victims"
    );
    d.run(&["build", "--as-of", "2019-12-29"]).expect(0);
    let dossier: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let events = dossier["events"].as_array().unwrap();
    assert_eq!(events.len(), 5);
    for e in events {
        let date = e["date"].as_str().unwrap();
        assert!(("2019-05".."2019-09").contains(&date), "{date}");
    }
    assert!(
        ids(&dossier, "sources")
            .iter()
            .any(|s| s == "bi-repost-2019-08")
    );
    d.run(&["build", "--as-of", "2019-12-30"]).expect(0);
    let dossier: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    assert_eq!(dossier["events"].as_array().unwrap().len(), 13);
    let kirkuk = dossier["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2019-12-27-kirkuk-rocket-attack")
        .expect("the Kirkuk attack is known on 30 December");
    let part = |actor: &str| {
        kirkuk["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["actor"] == actor)
            .map(|p| (p["role"].as_str().unwrap().to_string(), p["by"].clone()))
    };
    assert_eq!(
        part("kataib-hezbollah"),
        Some(("attributed".into(), "united-states".into()))
    );
    assert_eq!(
        part("iran"),
        Some(("attributed".into(), "united-states".into()))
    );
    assert_eq!(part("iraq"), None);
    d.build();
    let full: Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let kirkuk = full["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2019-12-27-kirkuk-rocket-attack")
        .unwrap();
    assert!(
        kirkuk["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["actor"] == "iraq"
                && p["role"] == "victim"
                && p["sources"] == serde_json::json!(["rferl-2021-02-26"])),
        "Iraq is a victim on RFE/RL's word alone"
    );
}

/// Runs `dossier ARGS` (no `--root`).
fn dossier(args: &[&str]) -> crate::harness::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier");
    crate::harness::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The editions fixture built into `old/`, then edited: an event removed,
/// one added, one changed. Returns the dossier and the old site's folder.
fn two_editions() -> (Dossier, String) {
    let d = Dossier::fixture("editions");
    let old = d.root.join("old");
    d.run(&["build", "--output", old.to_str().unwrap()])
        .expect(0);
    std::fs::remove_file(d.root.join("content/events/2019-12-20-protest.md")).unwrap();
    let strikes = d.root.join("content/events/2019-12-29-strikes.md");
    let text = std::fs::read_to_string(&strikes).unwrap();
    std::fs::write(
        &strikes,
        text.replace("escalation = 8", "escalation = 7")
            .replace("Five facilities struck", "Five sites struck"),
    )
    .unwrap();
    d.write(
        "content/events/2019-12-31-embassy.md",
        "+++\ntitle = \"Embassy stormed\"\ndate = \"2019-12-31\"\nkind = \"protest\"\nescalation = 4\nsources = [\"report-2020-01-05\"]\n+++\nCrowds broke in [@report-2020-01-05].\n",
    );
    (d, old.to_str().unwrap().to_string())
}

#[test]
fn diff_lists_added_removed_and_changed_records() {
    let (d, old) = two_editions();
    d.build();
    let new = d.root.join("public/data/dossier.json");
    let new = new.to_str().unwrap();
    let human = dossier(&["diff", &old, new]).expect(0);
    assert_contains!(
        human.stdout,
        ": 1 added, 1 removed, 1 changed.",
        "Added:\n  event 2019-12-31-embassy: Embassy stormed\n",
        "Removed:\n  event 2019-12-20-protest: A protest known from an undated post\n",
        "Changed:\n  event 2019-12-29-strikes: Strikes on five sites\n    escalation: 8 → 7\n    summary: \"Five facilities struck in response.\" → \"Five sites struck in response.\"\n"
    );
    // Derived fields (what responds to an event, where a source is cited)
    // change with the records around them, not with the record.
    assert!(!human.stdout.contains("responded_by"), "{}", human.stdout);
    assert!(!human.stdout.contains("cited_by"), "{}", human.stdout);
    let json = dossier(&["diff", &old, new, "--format", "json"]).expect(0);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["added"][0]["id"], "2019-12-31-embassy");
    assert_eq!(json["added"][0]["type"], "event");
    assert_eq!(json["removed"][0]["id"], "2019-12-20-protest");
    let changed = json["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["id"], "2019-12-29-strikes");
    assert_eq!(
        changed[0]["fields"],
        serde_json::json!([
            {"field": "escalation", "old": 8, "new": 7},
            {"field": "summary", "old": "Five facilities struck in response.", "new": "Five sites struck in response."}
        ])
    );
    // An edition compared with itself.
    let same = dossier(&["diff", &old, &old]).expect(0);
    assert_contains!(same.stdout, "No record was added, removed or changed.");
}

#[test]
fn build_previous_puts_the_differences_on_the_changes_page() {
    let (d, old) = two_editions();
    d.run(&["build", "--previous", &old]).expect(0);
    let page = d.output("changes/index.html");
    assert_contains!(
        page,
        "<h2 id=\"since-heading\">Since the previous edition</h2>\n<p>Compared with the previous edition: 1 record added, 1 removed, 1 changed.</p>",
        "<li><a href=\"../events/2019-12-31-embassy/\">Embassy stormed</a> <span class=\"record-type\">(event)</span></li>",
        "<li>A protest known from an undated post <span class=\"record-type\">(event <code>2019-12-20-protest</code>)</span></li>",
        "<a href=\"../events/2019-12-29-strikes/\">Strikes on five sites</a> <span class=\"record-type\">(event)</span>: escalation, summary",
        "<tr><td>escalation</td><td><code>8</code></td><td><code>7</code></td></tr>"
    );
    // The log of corrections is still there below it.
    assert!(at(&page, "since-heading") < at(&page, "log-heading"));
    let json: Value = serde_json::from_str(&d.output("data/changes.json")).unwrap();
    assert_eq!(json["previous"]["added"][0]["id"], "2019-12-31-embassy");
    assert_eq!(
        json["previous"]["changed"][0]["fields"][0]["field"],
        "escalation"
    );
    let broken = crate::harness::check_links(&d.root.join("public"), "/ed/");
    assert!(broken.is_empty(), "{broken:#?}");
    // Without --previous, no such section.
    d.build();
    assert!(!d.output("changes/index.html").contains("since-heading"));
    let json: Value = serde_json::from_str(&d.output("data/changes.json")).unwrap();
    assert_eq!(json["previous"], Value::Null);
}

#[test]
fn what_is_not_an_export_is_refused_clearly() {
    let d = Dossier::fixture("editions");
    d.build();
    let site = d.root.join("public");
    let site = site.to_str().unwrap();
    let case = |name: &str, text: &str| {
        let path = d.root.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let cases = [
        (
            case("notes.json", "{\"notes\": []}\n"),
            "this is not a dossier export: it has no schema_version",
        ),
        (
            case(
                "broken.json",
                "{\n  \"schema_version\": 1,\n  \"events\": [\n}\n",
            ),
            "broken.json:4:1",
        ),
        (
            case(
                "newer.json",
                "{\n  \"schema_version\": 99,\n  \"events\": []\n}\n",
            ),
            "this export has schema_version 99, newer than this dossier reads (1)",
        ),
        (
            d.root.join("content").to_str().unwrap().to_string(),
            "this folder is not a built dossier: it has no data/dossier.json",
        ),
    ];
    for (bad, says) in &cases {
        let run = dossier(&["diff", bad, site]).expect(1);
        assert_contains!(run.stderr, says);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        // As the previous edition of a build: the build fails and the
        // site stays as it was.
        let before = d.snapshot("public");
        let run = d.run(&["build", "--previous", bad]).expect(1);
        assert_contains!(run.stderr, says, "the previous site, if any, is unchanged");
        assert!(before == d.snapshot("public"), "{bad}: the site changed");
    }
    let newer = dossier(&["diff", site, &cases[2].0]).expect(1);
    assert_contains!(newer.stderr, "newer.json:2:3", "a newer dossier wrote it");
}
