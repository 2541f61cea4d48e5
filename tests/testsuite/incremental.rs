//! The incremental rebuild that `serve` uses must write exactly what a full
//! `dossier build` writes: after every edit of a series, every output file
//! is compared byte for byte with a fresh build of the same state.

use crate::harness::Dossier;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, SystemTime};

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// A running `dossier rebuild-session`, rebuilding once per request.
struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    fn start(d: &Dossier) -> (Session, String) {
        Session::start_with(d, &[])
    }

    /// [`Session::start`] with more arguments.
    fn start_with(d: &Dossier, args: &[&str]) -> (Session, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["rebuild-session", "--base-url", BASE_URL])
            .args(args)
            .arg("--output")
            .arg(d.root.join("served"))
            .arg("--root")
            .arg(&d.root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start rebuild-session");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut s = Session {
            child,
            stdin,
            stdout,
        };
        let first = s.answer();
        (s, first)
    }

    fn answer(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read the answer");
        line.trim().to_string()
    }

    fn rebuild(&mut self) -> String {
        writeln!(self.stdin, "rebuild").unwrap();
        self.stdin.flush().unwrap();
        self.answer()
    }

    /// Only the quick pass for `changed` (paths separated by spaces).
    fn quick(&mut self, changed: &str) -> String {
        writeln!(self.stdin, "quick {changed}").unwrap();
        self.stdin.flush().unwrap();
        self.answer()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh full build of the current state.
fn full_build(d: &Dossier) -> BTreeMap<String, Vec<u8>> {
    let out = d.root.join("full");
    let _ = std::fs::remove_dir_all(&out);
    d.run(&[
        "build",
        "--base-url",
        BASE_URL,
        "--output",
        out.to_str().unwrap(),
    ])
    .expect(0);
    d.snapshot("full")
}

/// Fails with the first files that differ.
fn assert_same(step: &str, served: &BTreeMap<String, Vec<u8>>, full: &BTreeMap<String, Vec<u8>>) {
    let mut problems = Vec::new();
    for (file, bytes) in full {
        match served.get(file) {
            None => problems.push(format!("missing {file}")),
            Some(b) if b != bytes => problems.push(format!("differs: {file}")),
            _ => {}
        }
    }
    for file in served.keys().filter(|f| !full.contains_key(*f)) {
        problems.push(format!("stale: {file}"));
    }
    assert!(
        problems.is_empty(),
        "after {step}, the incremental output is not the full build's:\n{}",
        problems.join("\n")
    );
}

fn edit(d: &Dossier, rel: &str, f: impl FnOnce(String) -> String) {
    let path = d.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

fn rename(d: &Dossier, from: &str, to: &str) {
    std::fs::rename(d.root.join(from), d.root.join(to)).unwrap();
}

fn remove(d: &Dossier, rel: &str) {
    std::fs::remove_file(d.root.join(rel)).unwrap();
}

const NEW_EVENT: &str = r#"+++
title = "Drone attack near Erbil airport"
date = "2020-01-02"
kind = "rocket-attack"
escalation = 5
summary = "A new event, added while serving."
responds_to = ["2019-12-29-us-strikes"]
sources = ["rferl-2021"]

[[actors]]
actor = "kataib-hezbollah"
role = "perpetrator"
confidence = "likely"
+++
Reported by [@zh-2019-12-30]; see [[2019-12-27-k1-attack]].
"#;

/// Sets every file's modification time an hour back, so that serve's cache
/// trusts them (files changed in the last seconds are always read again).
fn backdate(dir: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for path in crate::harness::walk(dir) {
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(past).unwrap();
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let d = Dossier::fixture("full");
    backdate(&d.root);
    // Setting the time changed the inodes: let that age past the cache's
    // two-second window too.
    std::thread::sleep(Duration::from_millis(2100));
    // Keep the outputs out of the dossier's public/ and in one place.
    let (mut s, first) = Session::start(&d);
    assert!(first.starts_with("ok "), "{first}");
    let check = |step: &str, s: &mut Session, expect_ok: bool| {
        let answer = s.rebuild();
        assert_eq!(answer.starts_with("ok "), expect_ok, "{step}: {answer}");
        if expect_ok {
            assert_same(step, &d.snapshot("served"), &full_build(&d));
        }
        answer
    };
    assert_same("the first build", &d.snapshot("served"), &full_build(&d));

    let nothing = check("no change", &mut s, true);
    assert!(nothing.contains("written=0 deleted=0"), "{nothing}");

    d.write("content/events/2020-01-02-erbil.md", NEW_EVENT);
    check("adding an event", &mut s, true);

    edit(&d, "content/events/2020-01-02-erbil.md", |t| {
        t.replace("Drone attack near Erbil airport", "Drone strike near Erbil")
    });
    let title = check("editing an event's title", &mut s, true);
    assert!(!title.contains("written=0"), "{title}");

    edit(&d, "content/events/2020-01-02-erbil.md", |t| {
        t + "\nA new paragraph [@rferl-2021, para. 2].\n"
    });
    check("editing an event's narrative", &mut s, true);

    rename(
        &d,
        "content/events/2020-01-02-erbil.md",
        "content/events/2020-01-02-erbil-drone.md",
    );
    let renamed = check("renaming an event", &mut s, true);
    assert!(!renamed.contains("deleted=0"), "{renamed}");

    edit(&d, "content/events/2020-01-02-erbil-drone.md", |t| {
        t.replace("escalation = 5", "escalation = 5\nescalation = 6")
    });
    let broken = check("a broken edit", &mut s, false);
    assert!(broken.starts_with("failed"), "{broken}");
    edit(&d, "content/events/2020-01-02-erbil-drone.md", |t| {
        t.replace("\nescalation = 6", "")
    });
    check("fixing it", &mut s, true);

    edit(&d, "content/events/2019-12-27-k1-attack.md", |t| {
        t.replace("date = \"2019-12-27\"", "date = \"2019-12\"")
    });
    check("moving an event in time", &mut s, true);

    remove(&d, "content/events/2020-01-02-erbil-drone.md");
    let deleted = check("deleting an event", &mut s, true);
    assert!(!deleted.contains("deleted=0"), "{deleted}");

    // A same-sized edit whose modification time is then set back: the
    // inode's change time still gives it away.
    let path = d.root.join("content/events/2019-12-29-us-strikes.md");
    let old = std::fs::metadata(&path).unwrap().modified().unwrap();
    edit(&d, "content/events/2019-12-29-us-strikes.md", |t| {
        t.replacen("US", "UK", 1)
    });
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let sneaky = check("a same-sized edit with its old time", &mut s, true);
    assert!(!sneaky.contains("written=0"), "{sneaky}");

    edit(&d, "content/actors/iran.md", |t| {
        t.replace("name = \"Iran\"", "name = \"Islamic Republic of Iran\"")
    });
    check("editing an actor", &mut s, true);

    edit(&d, "data/sources.toml", |t| {
        t.replace("outlet = \"RFE/RL\"", "outlet = \"Radio Free Europe\"")
    });
    check("editing sources.toml", &mut s, true);

    edit(&d, "data/incidents/events.csv", |t| {
        t.replace("Iran fires ballistic missiles", "Iran fires missiles")
    });
    check("editing an incident file", &mut s, true);

    edit(&d, "templates/404.html", |t| {
        t.replace("Overridden not-found page", "Nothing here")
    });
    check("editing a template", &mut s, true);

    d.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"own\">{{ title }}</h1>{{ body | safe }}{% endblock main %}",
    );
    check("adding a template", &mut s, true);

    // A template that fails while rendering: the full render it causes is
    // thrown away and the last good site stays.
    let good = std::fs::read_to_string(d.root.join("templates/page.html")).unwrap();
    d.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such_variable }}{% endblock main %}",
    );
    let before = d.snapshot("served");
    check("a template that fails to render", &mut s, false);
    assert_same("a failed full render", &d.snapshot("served"), &before);
    d.write("templates/page.html", good);
    check("fixing the template", &mut s, true);

    edit(&d, "dossier.toml", |t| {
        t.replace("language = \"en\"", "language = \"fr\"")
            .replace("[build]", "[feed]\nlimit = 1\n\n[build]")
    });
    check("editing dossier.toml", &mut s, true);

    // A static file over a generated page is an error, as in `build`: the
    // last good site stays.
    let before = d.snapshot("served");
    d.write("static/events/index.html", "a static file over a page");
    let answer = check("adding a static file over a page", &mut s, false);
    assert!(answer.starts_with("failed errors=1"), "{answer}");
    assert_same("a static file over a page", &d.snapshot("served"), &before);
    remove(&d, "static/events/index.html");
    check("removing it", &mut s, true);

    d.write(
        "content/events/2020-01-05-broken.md",
        "+++\ntitle = \n+++\n",
    );
    let before = d.snapshot("served");
    check("a syntax error", &mut s, false);
    assert_same("a failed rebuild", &d.snapshot("served"), &before);
    remove(&d, "content/events/2020-01-05-broken.md");
    check("fixing it", &mut s, true);
}

#[test]
fn a_session_never_writes_into_the_dossier() {
    let d = Dossier::fixture("minimal");
    let (mut s, first) = Session::start(&d);
    assert!(first.starts_with("ok "), "{first}");
    assert!(s.rebuild().starts_with("ok "));
    assert!(!Path::new(&d.root.join("public")).exists());
}

const K1: &str = "content/events/2019-12-27-k1-attack.md";
const K1_PAGE: &str = "events/2019-12-27-k1-attack/index.html";

/// The inode of a served file: a rewrite (always to a new file, renamed
/// over the old) changes it.
fn inode(d: &Dossier, file: &str) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(d.root.join("served").join(file))
        .unwrap()
        .ino()
}

/// `serve` keeps what every page's render shares between edits, and an
/// edit made while a rebuild runs gives that rebuild up: quick passes then
/// follow each other with no rebuild between them. Each still writes the
/// page the full build writes, a moved place (which changes every map's
/// extent) included.
#[test]
fn quick_passes_in_a_row_write_the_pages_the_full_build_writes() {
    let d = Dossier::fixture("full");
    backdate(&d.root);
    std::thread::sleep(Duration::from_millis(2100));
    let (mut s, first) = Session::start(&d);
    assert!(first.starts_with("ok "), "{first}");
    let steps: [(&str, &str, &str); 4] = [
        (
            "a new title",
            "Rocket attack on K-1 air base, Kirkuk",
            "Rockets on K-1",
        ),
        (
            "a place far from the others",
            "lat = 35.50, lon = 44.28",
            "lat = 5.50, lon = 10.28",
        ),
        ("another title", "Rockets on K-1", "Rockets on K-1 again"),
        (
            "the place back",
            "lat = 5.50, lon = 10.28",
            "lat = 35.50, lon = 44.28",
        ),
    ];
    let mut maps = Vec::new();
    for (step, from, to) in steps {
        edit(&d, K1, |t| {
            assert!(t.contains(from), "{step}: no {from:?}");
            t.replacen(from, to, 1)
        });
        assert_eq!(s.quick(K1), "quick written=1", "{step}");
        let full = full_build(&d);
        let served = d.snapshot("served");
        assert!(
            served[K1_PAGE] == full[K1_PAGE],
            "{step}: the quick page differs from the full build's:\n{}\n---\n{}",
            String::from_utf8_lossy(&served[K1_PAGE]),
            String::from_utf8_lossy(&full[K1_PAGE])
        );
        maps.push(full["map/land.svg"].clone());
    }
    // The far place did move the maps: the test covers what it says.
    assert_ne!(maps[0], maps[1], "the far place changes the maps");
    assert_eq!(maps[0], maps[3], "the place back restores them");
    let answer = s.rebuild();
    assert!(answer.starts_with("ok "), "{answer}");
    assert_same(
        "the rebuild after them",
        &d.snapshot("served"),
        &full_build(&d),
    );
}

#[test]
fn a_quick_pass_writes_the_page_the_full_build_writes() {
    let d = Dossier::fixture("full");
    backdate(&d.root);
    std::thread::sleep(Duration::from_millis(2100));
    let (mut s, first) = Session::start(&d);
    assert!(first.starts_with("ok "), "{first}");

    // Edits the quick pass takes: the event's page alone is written, equal
    // to a full build's, and the rebuild after it leaves it as it is.
    let taken: [(&str, &str, &str); 5] = [
        (
            "a new title",
            "Rocket attack on K-1 air base, Kirkuk",
            "Rockets <hit> K-1 & more",
        ),
        (
            "a new summary",
            "Rockets hit K-1 & killed a US contractor.",
            "A US contractor died.",
        ),
        (
            "prose citing a source already cited",
            "See [[methodology]]",
            "A new sentence [@rferl-2021, p. 2]. See [[methodology]]",
        ),
        (
            "a wiki link to a known record",
            "See [[methodology]]",
            "See [[iran]] and [[methodology]]",
        ),
        ("a new place name", "K-1 Air Base, Kirkuk", "K1 base"),
    ];
    for (step, from, to) in taken {
        edit(&d, K1, |t| {
            assert!(t.contains(from), "{step}: no {from:?}");
            t.replacen(from, to, 1)
        });
        let before = inode(&d, K1_PAGE);
        // An editor's swap file or a tool's scratch file, gone by now,
        // beside it change nothing.
        let answer = s.quick(&format!(
            "{K1} content/events/.2019-12-27-k1-attack.md.swp content/events/sedKq3Hjd"
        ));
        assert_eq!(answer, "quick written=1", "{step}");
        let written = inode(&d, K1_PAGE);
        assert_ne!(before, written, "{step}: the page is written");
        let full = full_build(&d);
        let served = d.snapshot("served");
        assert!(
            served[K1_PAGE] == full[K1_PAGE],
            "{step}: the quick page differs from the full build's:\n{}\n---\n{}",
            String::from_utf8_lossy(&served[K1_PAGE]),
            String::from_utf8_lossy(&full[K1_PAGE])
        );
        let answer = s.rebuild();
        assert!(answer.starts_with("ok "), "{step}: {answer}");
        assert_same(step, &d.snapshot("served"), &full);
        assert_eq!(
            inode(&d, K1_PAGE),
            written,
            "{step}: the rebuild found the page up to date"
        );
    }

    // Edits it leaves to the rebuild: nothing is written before it, and
    // the rebuild makes the full build's site (or fails, keeping it).
    let left: [(&str, &str, &str, bool); 6] = [
        (
            "a new date",
            "date = \"2019-12-27\"",
            "date = \"2019-12-26\"",
            true,
        ),
        (
            "a citation of a source not cited yet",
            "[[methodology]]",
            "[@reuters-2019] [[methodology]]",
            true,
        ),
        (
            "a new actor",
            "actor = \"united-states\"",
            "actor = \"iran\"",
            true,
        ),
        (
            "a wiki link to nothing",
            "[[methodology]]",
            "[[no-such-record]]",
            false,
        ),
        (
            "broken front matter",
            "escalation = 6",
            "escalation = ",
            false,
        ),
        (
            "an unknown kind",
            "kind = \"rocket-attack\"",
            "kind = \"rocket\"",
            false,
        ),
    ];
    for (step, from, to, builds) in left {
        let good = std::fs::read_to_string(d.root.join(K1)).unwrap();
        edit(&d, K1, |t| {
            assert!(t.contains(from), "{step}: no {from:?}");
            t.replacen(from, to, 1)
        });
        let before = d.snapshot("served");
        assert_eq!(s.quick(K1), "quick none", "{step}");
        assert_same(step, &d.snapshot("served"), &before);
        let answer = s.rebuild();
        assert_eq!(answer.starts_with("ok "), builds, "{step}: {answer}");
        if builds {
            assert_same(step, &d.snapshot("served"), &full_build(&d));
        } else {
            // While the dossier does not build, no quick pass either: the
            // site is the last good one.
            d.write(K1, good.replace("Rockets <hit> K-1", "Rockets struck K-1"));
            assert_eq!(s.quick(K1), "quick none", "{step}, then a good edit");
            assert_same(step, &d.snapshot("served"), &before);
        }
        d.write(K1, good);
        assert!(s.rebuild().starts_with("ok "), "{step}: undone");
    }

    // Other files, new files and templates go to the rebuild.
    let actor = "content/actors/iran.md";
    edit(&d, actor, |t| {
        t.replace("name = \"Iran\"", "name = \"Iran (state)\"")
    });
    assert_eq!(s.quick(actor), "quick none", "an actor");
    assert_eq!(s.quick("content/events"), "quick none", "a folder");
    assert_eq!(
        s.quick(&format!("{K1} {actor}")),
        "quick none",
        "an event and an actor"
    );
    d.write("content/events/2020-01-02-erbil.md", NEW_EVENT);
    assert_eq!(
        s.quick("content/events/2020-01-02-erbil.md"),
        "quick none",
        "a new event"
    );
    assert!(s.rebuild().starts_with("ok "));
    edit(&d, K1, |t| t.replace("Kirkuk\"", "Kirkuk province\""));
    d.write("templates/404.html", "{% extends \"base.html\" %}");
    assert_eq!(s.quick(K1), "quick none", "templates changed");
    assert!(s.rebuild().starts_with("ok "));
    assert_same("the end", &d.snapshot("served"), &full_build(&d));
}

#[test]
fn captures_rebuild_as_full_builds_do() {
    let d = Dossier::fixture("evidence");
    backdate(&d.root);
    std::thread::sleep(Duration::from_millis(2100));
    let (mut s, first) = Session::start(&d);
    assert!(first.starts_with("ok "), "{first}");
    const EVENT: &str = "content/events/2019-12-27-depot-fire.md";
    const CAPTURE: &str = "sources/wire-2019-12-28/capture/index.html";

    // Another paragraph cited: the capture page's back-links change, so
    // the quick pass (the event page alone) declines.
    edit(&d, EVENT, |t| t.replacen("para. 3]", "para. 1]", 1));
    assert_eq!(s.quick(EVENT), "quick none");
    assert!(s.rebuild().starts_with("ok "));
    let full = full_build(&d);
    assert_same("a paragraph locator changed", &d.snapshot("served"), &full);
    let page = String::from_utf8(full[CAPTURE].clone()).unwrap();
    let p3 = page
        .split("id=\"p3\"")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(!p3.contains("cited-at"), "{p3}");

    // A copy replaced, with its new hash recorded.
    let copy = d.root.join("captures/wire-depot.txt");
    let mut bytes = std::fs::read(&copy).unwrap();
    bytes.extend_from_slice(b"\nA fourth paragraph.\n");
    std::fs::write(&copy, &bytes).unwrap();
    let hash = dossier::evidence::sha256_hex(&bytes);
    edit(&d, "data/sources.toml", |t| {
        t.replacen(
            "21ae6ba8f7642794b0c3cbd5c085d35a40c59fd93df4462171be4f1f83470d90",
            &hash,
            1,
        )
    });
    assert!(s.rebuild().starts_with("ok "));
    assert_same("a copy replaced", &d.snapshot("served"), &full_build(&d));
    assert_eq!(
        std::fs::read(d.root.join("served/captures/wire-depot.txt")).unwrap(),
        bytes
    );

    // A copy changed behind the record's back: no site, the last good one stays.
    let before = d.snapshot("served");
    std::fs::write(&copy, b"Tampered.\n").unwrap();
    let answer = s.rebuild();
    assert!(!answer.starts_with("ok "), "{answer}");
    assert_same("a tampered copy", &d.snapshot("served"), &before);
}

/// An event read again on its own is the whole dossier's: in an `--as-of`
/// edition, the quick pass would put back what the edition leaves out (here
/// a citation of a later source in the narrative), so it steps aside.
#[test]
fn an_as_of_edition_takes_no_quick_pass() {
    let strikes = "content/events/2019-12-29-strikes.md";
    for (args, quick) in [
        (&[][..], "quick written=1"),
        (&["--as-of", "2019-12-29"][..], "quick none"),
    ] {
        let d = Dossier::fixture("editions");
        let (mut s, first) = Session::start_with(&d, args);
        assert!(first.starts_with("ok "), "{first}");
        let path = d.root.join(strikes);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Strikes on five sites", "Zanzibarquux")).unwrap();
        assert_eq!(s.quick(strikes), quick, "{args:?}");
        assert!(s.rebuild().starts_with("ok "));
        let page =
            std::fs::read_to_string(d.root.join("served/events/2019-12-29-strikes/index.html"))
                .unwrap();
        assert!(page.contains("Zanzibarquux"));
        assert_eq!(
            page.contains("What happened at the base"),
            args.is_empty(),
            "{page}"
        );
    }
}
