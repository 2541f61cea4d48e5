//! Bad input: every case ends with a message naming the file, line and
//! column and what to do, exit status 1, no panic, and the previous site
//! untouched.

use crate::assert_contains;
use crate::harness::Dossier;

const EVENT: &str = "content/events/2019-12-27-attack.md";

/// The minimal fixture's event with `front` as its front matter.
fn event(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}\n")
}

const GOOD_FRONT: &str = "title = \"An attack\"\ndate = \"2019-12-27\"\nkind = \"rocket-attack\"\nescalation = 5\nsources = [\"nbc-2020\"]";

/// Builds the minimal fixture, breaks it with `files`, and checks that both
/// `check` and `build` fail with every expected piece of text while the
/// previous site stays as it was.
fn fails(files: &[(&str, &[u8])], expected: &[&str]) {
    let d = Dossier::fixture("minimal");
    d.build();
    let before = d.snapshot("public");
    for (path, text) in files {
        d.write(path, text);
    }
    let check = d.run(&["check"]).expect(1);
    for e in expected {
        assert_contains!(check.stderr, e);
    }
    let build = d.run(&["build"]).expect(1);
    for e in expected {
        assert_contains!(build.stderr, e);
    }
    assert_contains!(build.stderr, "previous site");
    assert_eq!(before, d.snapshot("public"), "the previous site changed");
}

#[test]
fn the_minimal_fixture_is_valid() {
    let d = Dossier::fixture("minimal");
    d.run(&["check", "--strict"]).expect(0);
}

#[test]
fn broken_toml_front_matter() {
    let text = event("title = \"An attack\ndate = \"2019-12-27\"", "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[&format!("{EVENT}:2:"), "invalid TOML"],
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let text = event(&GOOD_FRONT.replace("title", "titel"), "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:2:1"),
            "unknown field `titel`",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn unknown_actor_reference() {
    let text = event(
        &format!("{GOOD_FRONT}\n[[actors]]\nactor = \"kataib-hezbolah\"\nrole = \"perpetrator\""),
        "",
    );
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:8:10"),
            "unknown actor `kataib-hezbolah`",
            "did you mean `kataib-hezbollah`?",
        ],
    );
}

#[test]
fn unknown_citation_key_in_prose() {
    let text = event(GOOD_FRONT, "Line one.\n\nA claim [@nbc-2021].");
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:10:9"),
            "unknown source `nbc-2021`",
            "did you mean `nbc-2020`?",
        ],
    );
}

#[test]
fn unknown_wiki_link() {
    let text = event(GOOD_FRONT, "See [[kataib]].");
    fails(
        &[(EVENT, text.as_bytes())],
        &[&format!("{EVENT}:8:5"), "wiki link to unknown id `kataib`"],
    );
}

#[test]
fn impossible_date() {
    let text = event(&GOOD_FRONT.replace("2019-12-27", "2019-02-30"), "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:3:"),
            "impossible date",
            "February 2019 has no day 30",
        ],
    );
}

#[test]
fn date_end_before_date() {
    let text = event(&format!("{GOOD_FRONT}\ndate_end = \"2019-12-01\""), "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:7:"),
            "`date_end` (2019-12-01) is before `date` (2019-12-27)",
        ],
    );
}

#[test]
fn escalation_outside_the_ladder() {
    let text = event(&GOOD_FRONT.replace("escalation = 5", "escalation = 11"), "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:5:1"),
            "escalation 11 is outside the ladder (0 to 10)",
        ],
    );
}

#[test]
fn unknown_kind() {
    let text = event(
        &GOOD_FRONT.replace("\"rocket-attack\"", "\"rocket-atack\""),
        "",
    );
    fails(
        &[(EVENT, text.as_bytes())],
        &[
            &format!("{EVENT}:4:"),
            "unknown kind `rocket-atack`",
            "did you mean `rocket-attack`?",
        ],
    );
}

#[test]
fn coordinates_out_of_range() {
    let text = event(
        &format!("{GOOD_FRONT}\nlocation = {{ name = \"X\", lat = 95.0, lon = 44.0 }}"),
        "",
    );
    fails(
        &[(EVENT, text.as_bytes())],
        &[&format!("{EVENT}:7:"), "latitude 95 is out of range"],
    );
}

#[test]
fn path_like_and_uppercase_ids() {
    let text = event(&format!("id = \"../../etc/passwd\"\n{GOOD_FRONT}"), "");
    fails(
        &[(EVENT, text.as_bytes())],
        &[&format!("{EVENT}:2:"), "contains `.`"],
    );
    fails(
        &[("content/actors/Bad_Actor.md", b"+++\nname = \"X\"\n+++\n")],
        &["content/actors/Bad_Actor.md", "contains `B`"],
    );
}

#[test]
fn duplicate_ids() {
    let text = event(&format!("id = \"2019-12-27-attack\"\n{GOOD_FRONT}"), "");
    fails(
        &[("content/events/copy.md", text.as_bytes())],
        &["duplicate event id `2019-12-27-attack`"],
    );
}

#[test]
fn non_utf8_file() {
    fails(
        &[(EVENT, b"+++\ntitle = \"caf\xe9\"\n+++\n")],
        &[&format!("{EVENT}:2:13"), "not valid UTF-8"],
    );
}

#[test]
fn oversized_file() {
    let toml = "title = \"Minimal\"\n[build]\nmax_file_size = 100\n[kinds]\nrocket-attack = { label = \"R\" }\n";
    let big = event(GOOD_FRONT, &"x".repeat(200));
    fails(
        &[("dossier.toml", toml.as_bytes()), (EVENT, big.as_bytes())],
        &[EVENT, "over the limit", "max_file_size"],
    );
}

#[test]
fn unclosed_front_matter() {
    fails(
        &[(EVENT, b"+++\ntitle = \"x\"\n")],
        &[&format!("{EVENT}:1:1"), "never closed"],
    );
}

#[test]
fn broken_dossier_toml() {
    fails(
        &[("dossier.toml", b"title = \"x\"\n[kinds\n")],
        &["dossier.toml:2:", "invalid TOML"],
    );
}

#[test]
fn malformed_csv_rows() {
    let csv = "id,title,date,escalation\n2020-01-01-a,A,2020-01-01,5\n2020-01-02-b,B,2020-01-02,high\n2020-01-03-c,C\n";
    fails(
        &[("data/incidents/rows.csv", csv.as_bytes())],
        &[
            "data/incidents/rows.csv:3:27",
            "column `escalation`: `high` is not a whole number",
            "data/incidents/rows.csv:4:",
        ],
    );
    fails(
        &[("data/incidents/rows.csv", b"id,titel\n")],
        &[
            "data/incidents/rows.csv:1:4",
            "unknown column `titel`",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn an_output_folder_over_the_sources_is_refused() {
    let d = Dossier::fixture("minimal");
    for out in [".", "..", "content", "data/site"] {
        let run = d
            .run(&["build", "--output", d.root.join(out).to_str().unwrap()])
            .expect(1);
        assert_contains!(run.stderr, "the output folder");
    }
    assert!(d.root.join("content/events/2019-12-27-attack.md").is_file());
}

#[test]
fn a_missing_dossier_toml_is_explained() {
    let d = Dossier::fixture("minimal");
    std::fs::remove_file(d.root.join("dossier.toml")).unwrap();
    let run = d.run(&["build"]).expect(1);
    assert_contains!(run.stderr, "no dossier.toml", "dossier init");
}

#[test]
fn errors_are_all_collected_and_numbered() {
    let d = Dossier::fixture("minimal");
    let text = event(
        &GOOD_FRONT
            .replace("2019-12-27", "2019-13-01")
            .replace("escalation = 5", "escalation = 42"),
        "[@nope] [[nowhere]]",
    );
    d.write(EVENT, text);
    let run = d.run(&["check"]).expect(1);
    assert_contains!(run.stderr, "error[1]:", "error[2]:", "= hint:");
    let json = d.run(&["check", "--format", "json"]).expect(1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 2, "{}", json.stdout);
    assert_eq!(v["diagnostics"][0]["file"], EVENT);
}

#[test]
fn warnings_are_reported_and_strict_fails_on_them() {
    let d = Dossier::fixture("minimal");
    d.write(
        "data/sources.toml",
        "[[source]]\nid = \"nbc-2020\"\ntitle = \"A report\"\ndate = \"2019-01-01\"\n\n[[source]]\nid = \"unused\"\ntitle = \"Nobody cites me\"\n",
    );
    d.write(
        "content/actors/kh-copy.md",
        "+++\nname = \"KH copy\"\naliases = [\"Kataib Hezbollah\"]\n+++\n",
    );
    let run = d.run(&["check"]).expect(0);
    assert_contains!(
        run.stderr,
        "nothing cites the source `unused`",
        "`nbc-2020` was published (2019-01-01) before this event (2019-12-27) happened",
        "share the alias `kataib hezbollah`"
    );
    d.run(&["check", "--strict"]).expect(1);
}

#[test]
fn a_zero_half_life_for_the_escalation_index() {
    let config = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/minimal/dossier.toml"),
    )
    .unwrap()
        + "\n[chronology]\nindex_half_life = 0\n";
    fails(
        &[("dossier.toml", config.as_bytes())],
        &["dossier.toml:", "index_half_life is 0", "1 or more"],
    );
}
