//! Bad input: every case ends with a message naming the file, line and
//! column and what to do, exit status 1, no panic, and the previous site
//! untouched.

use crate::assert_contains;
use crate::harness::{Dossier, copy_dir};
use std::path::Path;

const EVENT: &str = "content/events/2019-12-27-attack.md";

/// Runs one case of `tests/fixtures/bad/`: the minimal fixture is built,
/// the case's files are laid over it, and both `check` and `build` (given
/// the words of the case's `args` file, if it has one) must fail with every
/// line of the case's `expected` file while the previous site stays as it
/// was. A case with a `count` file must give exactly that many diagnostics
/// (errors and warnings): one mistake, one error, no cascade.
fn run_bad_case(case: &Path) -> Result<(), String> {
    let expected = std::fs::read_to_string(case.join("expected"))
        .map_err(|_| format!("{}: no `expected` file", case.display()))?;
    let d = Dossier::fixture("minimal");
    d.build();
    let before = d.snapshot("public");
    copy_dir(case, &d.root);
    std::fs::remove_file(d.root.join("expected")).unwrap();
    let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
    let _ = std::fs::remove_file(d.root.join("args"));
    let count = std::fs::read_to_string(case.join("count")).ok();
    let _ = std::fs::remove_file(d.root.join("count"));
    let args: Vec<&str> = args.split_whitespace().collect();
    let check = d.run(&[&["check"], &args[..]].concat());
    let build = d.run(&[&["build"], &args[..]].concat());
    let name = case.file_name().unwrap().to_string_lossy();
    for (what, run) in [("check", &check), ("build", &build)] {
        if run.status != 1 {
            return Err(format!(
                "{name}: {what} exited {}\n{}",
                run.status, run.stderr
            ));
        }
        if run.stderr.contains("panicked") {
            return Err(format!("{name}: {what} panicked\n{}", run.stderr));
        }
        for line in expected.lines().filter(|l| !l.is_empty()) {
            if !run.stderr.contains(line) {
                return Err(format!(
                    "{name}: {what} does not say {line:?}:\n{}",
                    run.stderr
                ));
            }
        }
    }
    if let Some(count) = count {
        let want: u64 = count.trim().parse().expect("a number in `count`");
        let json = d.run(&[&["check", "--format", "json"], &args[..]].concat());
        let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let got = v["errors"].as_u64().unwrap() + v["warnings"].as_u64().unwrap();
        if got != want {
            return Err(format!(
                "{name}: {got} diagnostics instead of {want}:\n{}",
                json.stdout
            ));
        }
    }
    if !build.stderr.contains("previous site") {
        return Err(format!(
            "{name}: build does not say the previous site was kept"
        ));
    }
    if before != d.snapshot("public") {
        return Err(format!("{name}: the previous site changed"));
    }
    Ok(())
}

#[test]
fn every_bad_input_fixture_fails_clearly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the suite lost cases: {}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_bad_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_minimal_fixture_is_valid() {
    let d = Dossier::fixture("minimal");
    d.run(&["check", "--strict"]).expect(0);
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

/// The minimal fixture's event with `front` as its front matter.
fn event(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}\n")
}

#[test]
fn errors_are_all_collected_and_numbered() {
    let d = Dossier::fixture("minimal");
    let front =
        "title = \"An attack\"\ndate = \"2019-13-01\"\nkind = \"rocket-attack\"\nescalation = 42";
    let text = event(front, "[@nope] [[nowhere]]");
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

/// `build` draws the first warnings only (it keeps no others, counting
/// them): what it draws, their numbers and the totals are those `check`
/// gives, with warnings reported in another order than drawn.
#[test]
fn build_draws_the_first_warnings_as_check_does_and_counts_the_rest() {
    let d = Dossier::fixture("minimal");
    // 1,200 sources nobody cites (in data/, drawn last), then 60 shared
    // aliases (in content/actors/, reported last and drawn first).
    let mut sources = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    for i in 0..1200 {
        sources.push_str(&format!(
            "\n[[source]]\nid = \"unused-{i:04}\"\ntitle = \"Nobody cites me\"\n"
        ));
    }
    d.write("data/sources.toml", sources);
    for i in 0..60 {
        for side in ["a", "b"] {
            d.write(
                &format!("content/actors/alias-{i:02}-{side}.md"),
                format!("+++\nname = \"Actor {side}{i}\"\naliases = [\"Shared {i}\"]\n+++\n"),
            );
        }
    }
    let check = d.run(&["check"]).expect(0);
    let total = 1260;
    assert_contains!(check.stderr, &format!("0 error(s), {total} warning(s)."));
    let build = d.build();
    let (drawn, rest) = build
        .stderr
        .split_once("… and ")
        .expect("build says that more warnings were not drawn");
    let (first, _) = check.stderr.split_once("warning[51]").unwrap();
    assert_eq!(drawn, first);
    assert_contains!(drawn, "warning[50]", "share the alias `shared 8`");
    assert!(!drawn.contains("nothing cites"), "{drawn}");
    assert!(
        rest.starts_with(&format!(
            "{} more warnings: `dossier check` lists them all.",
            total - 50
        )),
        "{rest}"
    );
    assert_contains!(rest, &format!(" with {total} warnings."));
}

/// A `data/sources.toml` that is a named pipe or a folder is an error
/// naming it (not taken for a missing file, which made every citation an
/// "unknown source"), and nothing else is reported.
#[cfg(unix)]
#[test]
fn a_sources_toml_that_is_not_a_file_is_named() {
    for make in ["pipe", "folder"] {
        let d = Dossier::fixture("minimal");
        let path = d.root.join("data/sources.toml");
        std::fs::remove_file(&path).unwrap();
        if make == "pipe" {
            let ok = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap();
            assert!(ok.success());
        } else {
            std::fs::create_dir(&path).unwrap();
        }
        let run = d.run(&["check"]).expect(1);
        assert_contains!(
            run.stderr,
            "data/sources.toml: this is not a regular file",
            "Check failed: 1 error(s), 0 warning(s)."
        );
    }
}

/// "Cites no source" points at the `sources` line when there is one.
#[test]
fn the_no_source_warning_points_at_the_sources_line() {
    let d = Dossier::fixture("minimal");
    let front =
        "title = \"An attack\"\ndate = \"2019-12-27\"\nkind = \"rocket-attack\"\nsources = []";
    d.write(EVENT, event(front, "No citation."));
    let run = d.run(&["check"]).expect(0);
    assert_contains!(
        run.stderr,
        "cites no source",
        "content/events/2019-12-27-attack.md:5:1"
    );
}

/// Citations never closed or naming no source, footnotes never defined or
/// defined twice are left as text, with a warning at each.
#[test]
fn citations_and_footnotes_left_as_text_are_warned() {
    let d = Dossier::fixture("minimal");
    let front = "title = \"An attack\"\ndate = \"2019-12-27\"\nkind = \"rocket-attack\"\nsources = [\"nbc-2020\"]";
    let body = "See [@nbc-2020, p. 3 here.\n\nAnd [@, p. 2] too.\n\nA note[^nope] and[^d].\n\n[^d]: One.\n\n[^d]: Two.\n\nEnd [@";
    d.write(EVENT, format!("+++\n{front}\n+++\n{body}"));
    let run = d.run(&["check"]).expect(0);
    assert_contains!(
        run.stderr,
        "this citation is never closed",
        "content/events/2019-12-27-attack.md:7:5",
        "`[@, p. 2]` is not a citation",
        "content/events/2019-12-27-attack.md:9:5",
        "the footnote `[^nope]` is never defined",
        "content/events/2019-12-27-attack.md:11:7",
        "a second footnote `[^d]`",
        "content/events/2019-12-27-attack.md:15:1",
        "content/events/2019-12-27-attack.md:17:5",
        "5 warning(s)"
    );
    d.run(&["check", "--strict"]).expect(1);
}

/// A `--base-url` with a backslash or a user name before `@` would send
/// every link of the site to another host: refused, the site kept.
#[test]
fn a_base_url_leading_elsewhere_is_refused() {
    let d = Dossier::fixture("minimal");
    d.build();
    let before = d.snapshot("public");
    for (url, says) in [
        ("https://evil.org\\@good.org/", "contains a backslash"),
        (
            "https://user:pw@good.org/",
            "has a user name or password before `@`",
        ),
    ] {
        let run = d.run(&["build", "--base-url", url]).expect(1);
        assert_contains!(run.stderr, "--base-url", says, "previous site");
        assert!(!run.stderr.contains("panicked"));
    }
    assert!(before == d.snapshot("public"));
}
