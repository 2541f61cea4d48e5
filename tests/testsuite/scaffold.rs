//! `dossier new` and `dossier init`: what they write builds, and they never
//! overwrite.

use crate::assert_contains;
use crate::harness::Dossier;
use std::process::Command;

fn dossier(args: &[&str]) -> crate::harness::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier");
    crate::harness::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn new_writes_records_that_check() {
    let d = Dossier::fixture("minimal");
    let run = d
        .run(&[
            "new",
            "event",
            "Rocket attack on \"K-1\", Kirkuk",
            "--date",
            "2019-12-28",
        ])
        .expect(0);
    assert_contains!(
        run.stdout,
        "content/events/2019-12-28-rocket-attack-on-k-1-kirkuk.md"
    );
    let text = std::fs::read_to_string(
        d.root
            .join("content/events/2019-12-28-rocket-attack-on-k-1-kirkuk.md"),
    )
    .unwrap();
    assert_contains!(
        text,
        "date = \"2019-12-28\"",
        "kind = \"rocket-attack\"",
        "K-1"
    );

    let run = d
        .run(&["new", "actor", "Kata'ib Sayyid al-Shuhada"])
        .expect(0);
    assert_contains!(run.stdout, "content/actors/kataib-sayyid-al-shuhada.md");
    let run = d.run(&["new", "page", "Methodology & sources"]).expect(0);
    assert_contains!(run.stdout, "content/pages/methodology-sources.md");
    let run = d
        .run(&[
            "new",
            "source",
            "Militias warn of a strong response",
            "--date",
            "2020-01-01",
        ])
        .expect(0);
    assert_contains!(run.stdout, "data/sources.toml");
    let sources = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    assert_contains!(sources, "id = \"militias-warn-of-a-strong-response\"");
    let run = d
        .run(&["new", "event", "A month-precise event", "--date", "2020-01"])
        .expect(0);
    assert_contains!(
        run.stdout,
        "content/events/2020-01-a-month-precise-event.md"
    );
    let run = d.run(&["new", "event", "Dated today"]).expect(0);
    assert_contains!(run.stdout, "-dated-today.md");

    // Everything written passes check (warnings only: no sources yet) and builds.
    let check = d.run(&["check"]).expect(0);
    assert_contains!(check.stderr, "0 error(s)");
    d.build();
    assert_contains!(
        d.output("events/2019-12-28-rocket-attack-on-k-1-kirkuk/index.html"),
        "Rocket attack on &quot;K-1&quot;, Kirkuk"
    );
}

#[test]
fn new_refuses_to_overwrite_or_duplicate() {
    let d = Dossier::fixture("minimal");
    d.run(&["new", "actor", "Iran"]).expect(0);
    std::fs::write(d.root.join("content/actors/iran.md"), "edited").unwrap();
    let run = d.run(&["new", "actor", "Iran"]).expect(1);
    assert_contains!(run.stderr, "content/actors/iran.md", "already exists");
    assert_eq!(
        std::fs::read_to_string(d.root.join("content/actors/iran.md")).unwrap(),
        "edited"
    );

    d.run(&["new", "source", "A report"]).expect(0);
    let before = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    let run = d.run(&["new", "source", "A report"]).expect(1);
    assert_contains!(run.stderr, "already has a source `a-report`");
    assert_eq!(
        std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap(),
        before
    );

    let run = d.run(&["new", "page", "Events"]).expect(1);
    assert_contains!(run.stderr, "`events` is a section of the site");
    let run = d.run(&["new", "event", "?!"]).expect(1);
    assert_contains!(run.stderr, "gives no id");
    let run = d
        .run(&["new", "event", "X", "--date", "2019-02-30"])
        .expect(1);
    assert_contains!(run.stderr, "--date");
}

#[test]
fn init_writes_a_dossier_that_builds_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-dossier");
    let dir_s = dir.to_str().unwrap();
    let run = dossier(&["init", dir_s]).expect(0);
    assert_contains!(run.stdout, "dossier serve");
    let check = dossier(&["check", "--strict", "--root", dir_s]).expect(0);
    assert_contains!(check.stderr, "0 error(s), 0 warning(s)");
    dossier(&["build", "--root", dir_s]).expect(0);
    let site = dir.join("public");
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    // Every feature shows up somewhere.
    let event = read("events/2024-04-12-fuel-depot-strike/index.html");
    assert_contains!(
        event,
        "class=\"cite\"",                         // citations
        "wiki-actor",                             // wiki links
        "footnote",                               // footnotes
        "2–3",                                    // disputed casualties side by side
        "NCM channel",                            // a claim's reporting chain
        "Fishing boats harassed off Port Calder"  // responds_to
    );
    assert_contains!(
        read("events/2024-03-boat-harassment/index.html"),
        "March 2024"
    );
    assert_contains!(read("actors/vardenia/index.html"), "Northern Coast Militia");
    assert_contains!(
        read("sources/coast-herald-2024-04-14/index.html"),
        "reliable"
    );
    assert_contains!(
        read("events/2024-05-02-port-protest/index.html"),
        "Protest at the port gates"
    );
    assert_contains!(read("methodology/index.html"), "Admiralty");
    assert_contains!(read("robots.txt"), "User-agent");
    assert!(crate::harness::check_links(&site, "/").is_empty());

    // A second init refuses the folder, now not empty.
    let run = dossier(&["init", dir_s]).expect(1);
    assert_contains!(run.stderr, "not empty");
}
