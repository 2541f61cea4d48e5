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
