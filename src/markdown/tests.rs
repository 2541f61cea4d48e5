//! Unit tests of the Markdown stage.

use super::*;

fn keys(doc: &Doc) -> Vec<String> {
    doc.cited_keys().map(str::to_string).collect()
}

#[test]
fn citations_become_markers_with_positions() {
    let doc = render("First line.\n\nA fact [@nbc-2021, para. 4; @rferl].\n", 5);
    assert_eq!(keys(&doc), ["nbc-2021", "rferl"]);
    assert_eq!((doc.refs[0].line, doc.refs[0].column), (7, 8));
    let html = doc.resolve(|_, out| out.push_str("<sup>1</sup>")).unwrap();
    assert!(html.contains("A fact <sup>1</sup>.</p>"), "{html}");
}

#[test]
fn wiki_links_with_and_without_labels() {
    let doc = render("See [[kataib-hezbollah|KH]] and [[iran]].", 1);
    let kinds: Vec<_> = doc.refs.iter().map(|r| r.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            RefKind::Wiki {
                target: "kataib-hezbollah".into(),
                label: Some("KH".into())
            },
            RefKind::Wiki {
                target: "iran".into(),
                label: None
            }
        ]
    );
}

#[test]
fn links_and_citations_may_wrap_onto_the_next_line() {
    let doc = render(
        "See [[kataib-hezbollah|Kataib\nHezbollah]] and [@nbc,\npara. 2].\nNext line.",
        1,
    );
    assert_eq!(doc.refs.len(), 2, "{:?}", doc.refs);
    assert_eq!(
        doc.refs[0].kind,
        RefKind::Wiki {
            target: "kataib-hezbollah".into(),
            label: Some("Kataib Hezbollah".into())
        }
    );
    let RefKind::Cite(items) = &doc.refs[1].kind else {
        panic!()
    };
    assert_eq!(items[0].locator, "para. 2");
    assert_eq!(
        doc.resolve(|_, out| out.push('X')).unwrap(),
        "<p>See X and X.\nNext line.</p>\n"
    );
}

#[test]
fn refs_can_be_edited_or_replaced() {
    let mut doc = render("A [@a; @b]. B [@b]. See [[x|the x]] and [[y]].", 1);
    doc.edit_refs(|r| match &mut r.kind {
        RefKind::Cite(items) => {
            items.retain(|i| i.key != "b");
            items.is_empty().then(String::new)
        }
        RefKind::Wiki { target, .. } if target == "x" => Some("<em>x</em>".into()),
        RefKind::Wiki { .. } | RefKind::InText { .. } => None,
    });
    assert_eq!(keys(&doc), ["a"]);
    let html = doc.resolve(|r, out| match &r.kind {
        RefKind::Cite(items) => out.push_str(&format!("[{}]", items.len())),
        RefKind::InText { raw, .. } => out.push_str(raw),
        RefKind::Wiki { target, .. } => out.push_str(target),
    });
    assert_eq!(html.unwrap(), "<p>A [1]. B. See <em>x</em> and y.</p>\n");
}

#[test]
fn plain_links_to_records_are_kept_for_checking() {
    let doc = render(
        "See [the strike](/events/a-b/) and\n[KH](../../actors/kh/#x), [x](https://e.org/events/c/), [m](/methodology/), `[c](/events/d/)`.",
        10,
    );
    let found: Vec<_> = doc
        .links
        .iter()
        .map(|l| (l.target.clone(), l.line, l.column, l.length))
        .collect();
    assert_eq!(
        found,
        vec![
            (RecordLink::Event("a-b".into()), 10, 5, 26),
            (RecordLink::Actor("kh".into()), 11, 1, 24),
        ]
    );
    assert_eq!(
        RecordLink::parse("sources/s/index.html"),
        Some(RecordLink::Source("s".into()))
    );
    assert_eq!(RecordLink::parse("/events/a/extra/"), None);
    assert_eq!(RecordLink::parse("/events/"), None);
}

#[test]
fn code_is_left_alone() {
    let doc = render("`[@not-a-cite]`\n\n```\n[[nope]]\n```\n", 1);
    assert!(doc.refs.is_empty());
    assert!(doc.html.contains("[@not-a-cite]"));
}

#[test]
fn headings_get_unique_anchors() {
    let doc = render("## Background\n\n## Background\n", 1);
    assert!(doc.html.contains("<h2 id=\"background\">"));
    assert!(doc.html.contains("<h2 id=\"background-1\">"));
}

#[test]
fn markers_in_input_cannot_inject() {
    let doc = render("a \u{E000}0\u{E001} b", 1);
    assert!(doc.refs.is_empty());
    assert_eq!(
        doc.resolve(|_, _| unreachable!()).unwrap(),
        "<p>a 0 b</p>\n"
    );
}

#[test]
fn tables_footnotes_and_smart_quotes() {
    let doc = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n\"Quote\" here.[^1]\n\n[^1]: Note.\n",
        1,
    );
    assert!(doc.html.contains("<table>"));
    assert!(doc.html.contains("“Quote”"));
    assert!(doc.html.contains("footnote-definition"));
}

#[test]
fn footnotes_become_sidenotes_after_the_block_that_refers_to_them() {
    let doc = render(
        "First[^a] para.\n\nSecond[^b] and again[^a].\n\n[^b]: Note b.\n[^a]: Note a.\n[^c]: Unused.\n",
        1,
    );
    let h = &doc.html;
    let first = h
        .find("<div class=\"has-note\">\n<p>First")
        .expect("first block wrapped");
    let note_a = h.find("id=\"fn-1\"").expect("note a numbered first");
    let second = h.find("<p>Second").expect("second block");
    let note_b = h.find("id=\"fn-2\"").expect("note b");
    assert!(first < note_a && note_a < second && second < note_b, "{h}");
    assert!(h.contains(
        "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"
    ));
    // A second reference links to the note but carries no duplicate id.
    assert!(h.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>"));
    assert!(h.contains("href=\"#fnref-2\""));
    assert_eq!(h.matches("id=\"fn-1\"").count(), 1);
    assert!(h.contains("<section class=\"footnotes\">") && h.contains("Unused."));
}

#[test]
fn safe_html_strips_script_but_keeps_what_dossier_writes() {
    let md = "## Title\n\n<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b> \
              <a href=\"javascript:alert(1)\">link</a> [@src].[^1]\n\n\
              | a | b |\n|--:|---|\n| 1 | 2 |\n\n```json\n{\"a\": 1}\n```\n\n[^1]: Note.\n";
    let kept = render(md, 1);
    assert!(
        kept.html.contains("<script>alert(1)</script>"),
        "raw HTML is kept by default"
    );
    let safe = render_with(md, 1, Options { safe_html: true });
    for gone in ["<script", "alert(1)</", "onclick", "javascript:"] {
        assert!(!safe.html.contains(gone), "{gone} survived: {}", safe.html);
    }
    for kept in [
        "<h2 id=\"title\">",
        "class=\"anchor\" href=\"#title\"",
        "<b>bold</b>",
        "style=\"text-align: right\"",
        "class=\"hl-",
        "footnote-definition",
        "\u{E000}0\u{E001}",
    ] {
        assert!(
            safe.html.contains(kept),
            "{kept} was stripped: {}",
            safe.html
        );
    }
    assert_eq!(safe.refs.len(), 1);
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let doc = render("```json\n{\"a\": 1}\n```\n", 1);
    assert!(doc.html.contains("class=\"hl-"), "{}", doc.html);
}
