//! The citation apparatus: reference lists and in-text citations in the
//! configured CSL style, back-links folded, and dossier's own style by
//! default.

use crate::assert_contains;
use crate::harness::Dossier;

const K1: &str = "events/2019-12-27-k1-attack/index.html";

/// The full fixture with `[citations] style = STYLE` added, built.
pub fn with_style(style: &str) -> Dossier {
    let d = Dossier::fixture("full");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[citations]\nstyle = \"{style}\"\n"),
    );
    d.build();
    d
}

#[test]
fn the_default_style_keeps_the_reference_line_and_folds_back_links() {
    let d = Dossier::fixture("full");
    d.build();
    let page = d.output(K1);
    // The reference first, then its back-links, folded when there are several.
    assert_contains!(
        page,
        "<li id=\"ref-1\"><a href=\"../../sources/rferl-2021/\">U.S. Bombs Iran-Backed Militias Blamed For Rocket Attacks In Iraq</a>, <cite>RFE/RL</cite>, 26 February 2021 <abbr class=\"grade\"",
        "</abbr> <details class=\"backrefs\"><summary>cited 4 times</summary><a class=\"backref\" href=\"#cite-1\">",
        "<sup class=\"cite\">[<a id=\"cite-1\" href=\"#ref-1\" title=\"RFE/RL, 26 February 2021\">1</a>]</sup>"
    );
    // A source cited once has its one back-link, unfolded.
    let source = d.output("sources/rferl-2021/index.html");
    assert!(!source.contains("<details class=\"backrefs\">"), "{source}");
}

#[test]
fn apa_formats_references_and_author_date_citations() {
    let d = with_style("apa");
    let page = d.output(K1);
    assert_contains!(
        page,
        "<li id=\"ref-1\"><span class=\"csl-entry\">RFE/RL. (2021, February 26). U.S. Bombs Iran-Backed Militias Blamed For Rocket Attacks In Iraq. <i>RFE/RL</i>.</span> <a class=\"record\" href=\"../../sources/rferl-2021/\">Source record</a>",
        "Aggregator. (2019, December 30). Iraqi militias warn of &quot;strong response&quot; &lt;after&gt; US strikes. <i>Aggregator</i>.",
        "<span class=\"cite\">(<a id=\"cite-2\" href=\"#ref-2\">Aggregator, 2019</a>)</span>"
    );
    // A CSL-JSON author is a person, family name first; the address is a
    // link, escaped.
    let relaying = d.output("sources/rferl-2021/index.html");
    assert_contains!(
        relaying,
        "Doe, J. (2019, December 30). Iraq militia leader threatens response. <i>Reuters</i>. <a href=\"https://example.com/reuters?a=1&amp;b=2\">"
    );
}

#[test]
fn chicago_author_date_formats_references_and_citations() {
    let page = with_style("chicago-author-date").output(K1);
    assert_contains!(
        page,
        "<span class=\"csl-entry\">RFE/RL. 2021. “U.S. Bombs Iran-Backed Militias Blamed for Rocket Attacks in Iraq.” <i>RFE/RL</i>, February 26.</span>",
        "<span class=\"cite\">(<a id=\"cite-1\" href=\"#ref-1\">RFE/RL 2021</a>)</span>"
    );
}

#[test]
fn numeric_styles_keep_numbers_in_the_text() {
    let page = with_style("ieee").output(K1);
    assert_contains!(
        page,
        "<span class=\"csl-entry\">RFE/RL, “U.S. Bombs Iran-Backed Militias Blamed For Rocket Attacks In Iraq,” <i>RFE/RL</i>, Feb. 26, 2021.</span>",
        "<sup class=\"cite\">[<a id=\"cite-1\" href=\"#ref-1\" title=\"RFE/RL, “U.S. Bombs Iran-Backed Militias Blamed For Rocket Attacks In Iraq,” RFE/RL, Feb. 26, 2021.\">1</a>]</sup>"
    );
    let mla = with_style("modern-language-association").output(K1);
    assert_contains!(
        mla,
        "RFE/RL. “U.S. Bombs Iran-Backed Militias Blamed for Rocket Attacks in Iraq.” <i>RFE/RL</i>, 26 Feb. 2021."
    );
}

#[test]
fn a_csl_file_in_the_dossier_is_a_style() {
    let d = Dossier::fixture("full");
    d.write(
        "styles/house.csl",
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>House</title><id>house</id><updated>2024-01-01T00:00:00+00:00</updated><category citation-format="numeric"/></info>
  <citation><layout prefix="[" suffix="]" delimiter=", "><text variable="citation-number"/></layout></citation>
  <bibliography><layout suffix="."><text variable="title" font-style="italic"/><text prefix=" from " variable="container-title"/></layout></bibliography>
</style>
"#,
    );
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[citations]\nstyle = \"styles/house.csl\"\n"),
    );
    d.build();
    assert_contains!(
        d.output(K1),
        "<span class=\"csl-entry\"><i>U.S. Bombs Iran-Backed Militias Blamed For Rocket Attacks In Iraq</i> from RFE/RL.</span>"
    );
}

#[test]
fn a_bibtex_source_is_cited_and_the_bibliography_exported() {
    let d = Dossier::fixture("full");
    d.write(
        "data/sources.bib",
        "% exported by a reference manager\n@article{smith-2020,\n  author = {Smith, Anna and {Airwars}},\n  title = {Strikes in {Iraq} & Syria},\n  journal = {Airwars},\n  date = {2020-01-05},\n  url = {https://example.org/airwars},\n}\n",
    );
    let event = "content/events/2019-12-27-k1-attack.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    d.write(
        event,
        format!("{text}\nA later count [@smith-2020, p. 2].\n"),
    );
    d.build();
    assert_contains!(
        d.output(K1),
        "<a href=\"../../sources/smith-2020/\">Strikes in Iraq &amp; Syria</a>",
        "title=\"Airwars, 5 January 2020, p. 2\""
    );
    let bib = d.output("data/sources.bib");
    assert_contains!(
        bib,
        "@article{smith-2020,\n  author = {Smith, Anna and {Airwars}},\n  title = {Strikes in Iraq \\& Syria},\n  journal = {Airwars},\n  date = {2020-01-05},\n  year = {2020},\n  month = {1},\n  url = {https://example.org/airwars},\n}\n",
        "@article{rferl-2021,"
    );
    let csl: serde_json::Value = serde_json::from_str(&d.output("data/sources.csl.json")).unwrap();
    let smith = csl
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "smith-2020")
        .expect("the .bib source in the CSL-JSON export");
    assert_eq!(smith["author"][0]["family"], "Smith");
    assert_eq!(smith["author"][1]["literal"], "Airwars");
    assert_eq!(smith["issued"]["date-parts"][0][2], 5);
    // The export reads back: a dossier whose sources.bib is the export
    // checks without an error.
    let other = Dossier::fixture("minimal");
    other.write("data/sources.toml", "");
    other.write("data/sources.bib", &bib);
    let text =
        std::fs::read_to_string(other.root.join("content/events/2019-12-27-attack.md")).unwrap();
    other.write(
        "content/events/2019-12-27-attack.md",
        text.replace("nbc-2020", "rferl-2021"),
    );
    other.run(&["check"]).expect(0);
}

/// The full fixture with Pandoc's other citation forms in the K-1 event.
fn with_pandoc_forms(style: Option<&str>) -> Dossier {
    let d = Dossier::fixture("full");
    let event = "content/events/2019-12-27-k1-attack.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    d.write(
        event,
        format!(
            "{text}\n@rferl-2021 [para. 3] reported it first; the aggregator followed [-@zh-2019-12-30]. Write to desk@rferl-2021.org or @nobody.\n"
        ),
    );
    if let Some(style) = style {
        let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
        d.write(
            "dossier.toml",
            format!("{toml}\n[citations]\nstyle = \"{style}\"\n"),
        );
    }
    d.build();
    d
}

#[test]
fn author_in_text_and_suppress_author_citations_follow_the_style() {
    // Author-date: the author in the sentence, the year alone when the
    // author is suppressed.
    let page = with_pandoc_forms(Some("apa")).output(K1);
    assert_contains!(
        page,
        "<span class=\"cite cite-in-text\"><a id=\"cite-9\" href=\"#ref-1\">RFE/RL (2021, para. 3)</a></span> reported it first; the aggregator followed <span class=\"cite\">(<a id=\"cite-10\" href=\"#ref-2\">2019</a>)</span>.",
        // Neither an e-mail address nor a handle naming no source is a citation.
        "Write to desk@rferl-2021.org or @nobody.</p>"
    );
    // Numbered: the number, in both forms.
    let page = with_pandoc_forms(None).output(K1);
    assert_contains!(
        page,
        "<sup class=\"cite\">[<a id=\"cite-9\" href=\"#ref-1\" title=\"RFE/RL, 26 February 2021, para. 3\">1</a>]</sup> reported it first; the aggregator followed <sup class=\"cite\">[<a id=\"cite-10\" href=\"#ref-2\" title=\"Aggregator, 30 December 2019\">2</a>]</sup>."
    );
}

#[test]
fn a_near_miss_in_text_key_is_a_warning_and_stays_text() {
    let d = Dossier::fixture("full");
    let event = "content/events/2019-12-27-k1-attack.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    d.write(event, format!("{text}\nAs @rferl-2012 said.\n"));
    let run = d.run(&["build"]).expect(0);
    assert_contains!(
        run.stderr,
        "`@rferl-2012` names no source and is left as text",
        "did you mean `rferl-2021`?"
    );
    assert_contains!(d.output(K1), "As @rferl-2012 said.");
}

#[test]
fn author_date_reference_lists_are_sorted_as_the_style_sorts_them() {
    // K-1 cites RFE/RL first (reference 1), the aggregator second (2).
    let position = |page: &str, n: usize| {
        page.find(&format!("<li id=\"ref-{n}\">"))
            .unwrap_or_else(|| panic!("no ref-{n}"))
    };
    // APA sorts by author: "Aggregator" before "RFE/RL", numbers kept.
    let apa = with_style("apa").output(K1);
    assert!(position(&apa, 2) < position(&apa, 1), "{apa}");
    assert_contains!(
        apa,
        "<li id=\"ref-2\"><span class=\"csl-entry\">Aggregator. (2019, December 30)."
    );
    // A numeric style keeps citation order, and so does the default.
    let ieee = with_style("ieee").output(K1);
    assert!(position(&ieee, 1) < position(&ieee, 2), "{ieee}");
    let d = Dossier::fixture("full");
    d.build();
    let default = d.output(K1);
    assert!(position(&default, 1) < position(&default, 2), "{default}");
}
