//! Preserved captures: the `evidence` fixture has a text, an HTML, an MHTML
//! and a WARC copy of two sources; builds publish them byte for byte, with
//! readable pages whose paragraphs citations link to and back.

use crate::assert_contains;
use crate::harness::Dossier;
use std::path::Path;

const EVENT: &str = "events/2019-12-27-depot-fire/index.html";
const WIRE: &str = "sources/wire-2019-12-28/capture/index.html";
const GAZETTE: &str = "sources/gazette-2019-12-28/capture/index.html";

fn sha256(bytes: &[u8]) -> String {
    dossier::evidence::sha256_hex(bytes)
}

#[test]
fn copies_are_published_byte_for_byte_with_a_manifest() {
    let d = Dossier::fixture("evidence");
    d.build();
    let files = [
        "wire-depot.txt",
        "wire-depot.warc",
        "gazette-depot.html",
        "gazette-depot.mhtml",
    ];
    for f in files {
        let original = std::fs::read(d.root.join("captures").join(f)).unwrap();
        let published = std::fs::read(d.root.join("public/captures").join(f)).unwrap();
        assert_eq!(original, published, "{f} is not published as it is");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&d.output("data/provenance.json")).unwrap();
    assert_eq!(manifest["schema_version"], 1);
    let captures = manifest["captures"].as_array().unwrap();
    assert_eq!(captures.len(), 4);
    for c in captures {
        let file = c["file"].as_str().unwrap();
        let bytes = std::fs::read(d.root.join("public").join(file)).unwrap();
        assert_eq!(c["sha256"].as_str().unwrap(), sha256(&bytes), "{file}");
        assert_eq!(c["size"].as_u64().unwrap(), bytes.len() as u64);
        assert!(
            c["copy"]
                .as_str()
                .unwrap()
                .starts_with("https://example.org/captures/")
        );
    }
    let text = captures
        .iter()
        .find(|c| c["file"] == "captures/wire-depot.txt")
        .unwrap();
    assert_eq!(
        text["page"],
        "https://example.org/sources/wire-2019-12-28/capture/"
    );
    assert_eq!(text["paragraphs"], 3);
    assert_eq!(text["captured_at"], "2019-12-28T10:05:00Z");
    // dossier.json carries each source's copies with its record.
    let all: serde_json::Value = serde_json::from_str(&d.output("data/dossier.json")).unwrap();
    let wire = all["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "wire-2019-12-28")
        .unwrap();
    assert_eq!(wire["captures"][0]["file"], "wire-depot.txt");
    assert_eq!(wire["captures"][0]["sha256"], text["sha256"]);
    assert_eq!(wire["captures"][1]["url"], "https://wire.example.net/depot");
    // The sha256sum manifest: "<hash>  <path>" per copy, paths from the site's root.
    let sums = d.output("data/provenance.sha256");
    assert_eq!(sums.lines().count(), 4);
    for line in sums.lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(d.root.join("public").join(path)).unwrap();
        assert_eq!(hash, sha256(&bytes), "{path}");
    }
}

#[test]
fn a_paragraph_citation_links_to_the_paragraph_and_back() {
    let d = Dossier::fixture("evidence");
    d.build();
    let event = d.output(EVENT);
    // `para. 2` of the wire, and `¶ 3` of the gazette in the same bracket.
    assert_contains!(
        event,
        "<a class=\"para\" id=\"cp-14-1-1\" href=\"../../sources/wire-2019-12-28/capture/#p2\" title=\"Paragraph 2 of the preserved copy\">¶\u{a0}2</a>",
        "id=\"cp-14-1-2\" href=\"../../sources/gazette-2019-12-28/capture/#p3\"",
        "href=\"../../sources/gazette-2019-12-28/capture/#p1\" title=\"Paragraphs 1–2 of the preserved copy\">¶\u{a0}1–2</a>"
    );
    // A locator that names no paragraph gets no paragraph link.
    assert!(!event.contains("title=\"Unknown"));
    let wire = d.output(WIRE);
    // The headline is shown but not counted: the first paragraph is the body's.
    assert_contains!(
        wire,
        "<p class=\"unnumbered\">Depot fire in Kirkuk: militia blamed</p>",
        "<p id=\"p1\" class=\"para\"><a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a> A fire broke out",
        "<p id=\"p2\" class=\"para\"><a class=\"pn\" href=\"#p2\" aria-label=\"Paragraph 2\">2</a> Police said a rocket"
    );
    // Paragraph 2 links back to both places citing it, at their citations.
    let p2 = wire
        .split("id=\"p2\"")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert_contains!(
        p2,
        "<a href=\"../../../events/2019-12-27-depot-fire/#cp-14-1-1\">Fire at a weapons depot near Kirkuk</a>",
        "<a href=\"../../../notes/#cp-4-46-1\">Notes</a>"
    );
    assert_contains!(d.output("notes/index.html"), "id=\"cp-4-46-1\"");
    // Paragraph 2 of the gazette is cited through the range 1–2.
    let gazette = d.output(GAZETTE);
    let g2 = gazette
        .split("id=\"p2\"")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert_contains!(g2, "#cp-15-11-1\"");
    let g4 = gazette
        .split("id=\"p4\"")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(!g4.contains("cited-at"), "nothing cites paragraph 4: {g4}");
}

#[test]
fn captured_html_is_shown_sanitised() {
    let d = Dossier::fixture("evidence");
    d.build();
    let page = d.output(GAZETTE);
    let text = page
        .split("<section class=\"capture-text\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    for banned in [
        "<script",
        "tracker.example.net",
        "<img",
        "<iframe",
        "ads.example.net",
        "onclick",
        "onload",
        "<style",
        "stylesheet",
        "example.net/more",
        "class=\"headline\"",
    ] {
        assert!(!text.contains(banned), "{banned} survived:\n{text}");
    }
    assert_contains!(
        text,
        "<h1>The depot fire, seen from the street</h1>",
        "<blockquote>\n<p id=\"p3\" class=\"para\">",
        "<p id=\"p4\" class=\"para\"><a class=\"pn\" href=\"#p4\" aria-label=\"Paragraph 4\">4</a> The gazette could not confirm who fired it.</p>"
    );
    // The MHTML and WARC copies are published, not shown as pages.
    assert!(
        !d.root
            .join("public/sources/gazette-2019-12-28/capture/gazette-depot.mhtml")
            .exists()
    );
}

#[test]
fn the_source_page_lists_every_copy_with_its_hash() {
    let d = Dossier::fixture("evidence");
    d.build();
    let page = d.output("sources/gazette-2019-12-28/index.html");
    assert_contains!(
        page,
        "<h2 id=\"captures-heading\">Preserved copies</h2>",
        "<a href=\"../../sources/gazette-2019-12-28/capture/\">Read the preserved text, with numbered paragraphs</a>",
        "<a href=\"../../captures/gazette-depot.html\">gazette-depot.html</a> (HTML, 970 bytes), captured <time datetime=\"2019-12-28T08:20:00Z\">2019-12-28T08:20:00Z</time> with browser",
        "SHA-256 <code class=\"hash\">02935b3a4787bfa78431fad7aed6b94254f1784d73d2d4d936e89d004d3dede5</code>",
        "Archived copy <a href=\"https://web.archive.org/web/20191228082000/https://gazette.example.net/depot\" rel=\"nofollow\">",
        "<a href=\"../../captures/gazette-depot.mhtml\">gazette-depot.mhtml</a> (MHTML,"
    );
    let sitemap = d.output("sitemap.xml");
    assert_contains!(
        sitemap,
        "https://example.org/sources/wire-2019-12-28/capture/"
    );
}

#[test]
fn a_tampered_capture_fails_check_with_both_hashes() {
    let d = Dossier::fixture("evidence");
    d.run(&["check", "--strict"]).expect(0);
    let path = d.root.join("captures/wire-depot.txt");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"One more sentence, added later.\n");
    std::fs::write(&path, &bytes).unwrap();
    let run = d.run(&["check"]).expect(1);
    assert_contains!(
        run.stderr,
        "the preserved copy captures/wire-depot.txt does not match its hash",
        "expected 21ae6ba8f7642794b0c3cbd5c085d35a40c59fd93df4462171be4f1f83470d90",
        &format!("actual {}", sha256(&bytes)),
        "data/sources.toml:16:11"
    );
    d.run(&["build"]).expect(1);
}

#[test]
fn capture_dates_after_today_or_before_publication_are_warnings() {
    let d = Dossier::fixture("evidence");
    let toml = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    let toml = toml
        .replace("2019-12-28T10:05:00Z", "2999-01-01T00:00:00Z")
        .replace("2019-12-28T08:20:00Z", "2019-12-27T08:20:00Z");
    d.write("data/sources.toml", toml);
    let run = d.run(&["check"]).expect(0);
    assert_contains!(
        run.stderr,
        "the capture `wire-depot.txt` is dated 2999-01-01T00:00:00Z, after today",
        "the capture `gazette-depot.html` is dated 2019-12-27T08:20:00Z, before the source was published (28 December 2019)"
    );
    d.run(&["check", "--strict"]).expect(1);
    d.build();
}

/// A scratch dossier: the minimal fixture with a comment in its bibliography.
fn scratch() -> Dossier {
    let d = Dossier::fixture("minimal");
    let toml = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    d.write(
        "data/sources.toml",
        format!("# The bibliography.\n{toml}\n# A second source, kept as written.\n[[source]]\nid = \"later\"  # a comment\ntitle = \"Later\"\n"),
    );
    d
}

#[test]
fn the_capture_command_copies_hashes_and_records() {
    let d = scratch();
    let file = d.root.join("../report.txt");
    std::fs::write(&file, "A report.\n\nIts second paragraph.\n").unwrap();
    let run = d
        .run(&[
            "capture",
            "nbc-2020",
            file.to_str().unwrap(),
            "--url",
            "https://example.org/report",
            "--captured-at",
            "2020-01-03T09:30:00Z",
            "--tool",
            "wget",
        ])
        .expect(0);
    let hash = sha256(b"A report.\n\nIts second paragraph.\n");
    assert_contains!(run.stdout, "captures/report.txt", &hash);
    assert_eq!(
        std::fs::read(d.root.join("captures/report.txt")).unwrap(),
        std::fs::read(&file).unwrap()
    );
    let toml = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    let entry = format!(
        "kind = \"news\"\n\n[[source.capture]]\nfile = \"report.txt\"\nurl = \"https://example.org/report\"\ncaptured_at = \"2020-01-03T09:30:00Z\"\nsha256 = \"{hash}\"\ntool = \"wget\"\n\n# A second source, kept as written.\n[[source]]\nid = \"later\"  # a comment\n"
    );
    assert_contains!(toml, "# The bibliography.\n", &entry);
    d.run(&["check"]).expect(0);
    d.build();
    assert_contains!(
        d.output("sources/nbc-2020/capture/index.html"),
        "<p id=\"p2\" class=\"para\">"
    );

    // Never over another file: the same name with other bytes is refused,
    // and nothing is written.
    std::fs::write(&file, "Another report.\n").unwrap();
    let run = d
        .run(&["capture", "later", file.to_str().unwrap()])
        .expect(1);
    assert_contains!(
        run.stderr,
        "captures/ already holds a different file of this name; nothing was written"
    );
    assert_eq!(
        std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap(),
        toml
    );
    // An unknown source is refused.
    let run = d
        .run(&["capture", "nope", file.to_str().unwrap()])
        .expect(1);
    assert_contains!(run.stderr, "no [[source]] with id = \"nope\"");
}

#[test]
fn the_capture_command_reads_mhtml_and_warc_headers() {
    let d = scratch();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence/captures");
    for (source, file) in [
        ("nbc-2020", "gazette-depot.mhtml"),
        ("later", "wire-depot.warc"),
    ] {
        let path = fixture.join(file);
        d.run(&[
            "capture",
            source,
            path.to_str().unwrap(),
            "--tool",
            "hunchly",
        ])
        .expect(0);
    }
    let toml = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    assert_contains!(
        toml,
        "file = \"gazette-depot.mhtml\"\nurl = \"https://gazette.example.net/depot\"\ncaptured_at = \"2019-12-28T08:15:00Z\"\n",
        "file = \"wire-depot.warc\"\nurl = \"https://wire.example.net/depot\"\ncaptured_at = \"2019-12-28T10:00:02Z\"\n"
    );
    // The same file again is already recorded.
    let again = fixture.join("wire-depot.warc");
    let run = d
        .run(&["capture", "later", again.to_str().unwrap()])
        .expect(1);
    assert_contains!(run.stderr, "already records the capture `wire-depot.warc`");
    // Captured before the source's publication date: a warning, not an error.
    let run = d.run(&["check"]).expect(0);
    assert_contains!(run.stderr, "before the source was published");
}

#[test]
fn the_flagship_numbers_paragraphs_as_its_citations_count_them() {
    let d = Dossier::copy(Path::new(env!("CARGO_MANIFEST_DIR")));
    d.build();
    // Seed 003 has no blank lines: each of its 14 lines is a paragraph;
    // para. 4 is the line introducing the quotation (methodology).
    let aggregator = d.output("sources/aggregator-2019-12-30/capture/index.html");
    assert_eq!(aggregator.matches("class=\"para\"").count(), 14);
    assert_contains!(
        aggregator,
        "aria-label=\"Paragraph 4\">4</a> He threatened, according to Reuters:"
    );
    // Seed 004: furniture, headline and caption are not counted.
    let rferl = d.output("sources/rferl-2021-02-26/capture/index.html");
    assert_eq!(rferl.matches("class=\"para\"").count(), 17);
    assert_contains!(
        rferl,
        "aria-label=\"Paragraph 1\">1</a> Tehran has called on the West",
        "aria-label=\"Paragraph 17\">17</a> A rocket attack blamed on Kaitib Hizballah",
        "<p class=\"unnumbered\">Accessibility links</p>"
    );
    // The published seeds are the seeds.
    for entry in std::fs::read_dir(d.root.join("captures")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(d.root.join("public/captures").join(name)).unwrap()
        );
    }
}
