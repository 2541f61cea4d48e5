//! The built-in templates compiled to Rust (src/render/native.rs) write the
//! same bytes as Tera does from the same templates, and step aside when a
//! dossier overrides one.

use crate::assert_contains;
use crate::harness::Dossier;
use std::path::Path;

/// Builds `d` with and without the compiled templates and compares every
/// file of the two sites.
fn assert_same_both_ways(d: &Dossier, what: &str) {
    assert_same_both_ways_with(d, what, &[]);
}

/// [`assert_same_both_ways`], building with `args` too.
fn assert_same_both_ways_with(d: &Dossier, what: &str, args: &[&str]) {
    let _ = std::fs::remove_dir_all(d.root.join("native"));
    let _ = std::fs::remove_dir_all(d.root.join("tera"));
    let native = d.root.join("native");
    let tera = d.root.join("tera");
    d.run(&[&["build", "--output", native.to_str().unwrap()], args].concat())
        .expect(0);
    d.run_env(
        &[&["build", "--output", tera.to_str().unwrap()], args].concat(),
        &[("DOSSIER_NATIVE", "0")],
    )
    .expect(0);
    let (a, b) = (d.snapshot("native"), d.snapshot("tera"));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    let mut pages = 0;
    for (name, bytes) in &a {
        if bytes != &b[name] {
            let (x, y) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[name]),
            );
            let at = x
                .char_indices()
                .zip(y.chars())
                .find(|((_, p), q)| p != q)
                .map_or(x.len().min(y.len()), |((i, _), _)| i);
            let from = x.floor_char_boundary(at.saturating_sub(80));
            panic!(
                "{what}: {name} differs at byte {at}\ncompiled: {:?}\ntera:     {:?}",
                &x[from..x.ceil_char_boundary((at + 80).min(x.len()))],
                &y[from.min(y.len())..y.ceil_char_boundary((at + 80).min(y.len()))]
            );
        }
        pages += usize::from(name.starts_with("events/") && name.ends_with("/index.html"));
    }
    assert!(pages > 1, "{what}: no event pages compared");
}

#[test]
fn compiled_templates_write_what_tera_writes_for_every_fixture() {
    for fixture in ["full", "minimal", "chronology", "editions"] {
        assert_same_both_ways(&Dossier::fixture(fixture), fixture);
    }
    let editions = Dossier::fixture("editions");
    assert_same_both_ways_with(&editions, "an --as-of edition", &["--as-of", "2019-12-29"]);
    for style in ["apa", "ieee"] {
        assert_same_both_ways(&crate::citations::with_style(style), style);
    }
    let hostile = Dossier::fixture("minimal");
    crate::build::write_hostile(&hostile);
    assert_same_both_ways(&hostile, "hostile fields");
}

#[test]
fn compiled_templates_write_what_tera_writes_for_the_flagship() {
    let d = Dossier::copy(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_same_both_ways(&d, "flagship");
}

#[test]
fn a_dossier_overriding_a_compiled_template_gets_its_own() {
    let event = include_str!("../../templates/event.html");
    let actor = include_str!("../../templates/actor.html");
    for name in ["event.html", "actor.html", "base.html", "macros.html"] {
        let d = Dossier::fixture("minimal");
        let text = match name {
            "event.html" => event.replace("<h2>Narrative</h2>", "<h2>Story (own template)</h2>"),
            "actor.html" => {
                actor.replace("<h2>Events by role</h2>", "<h2>Roles (own template)</h2>")
            }
            "base.html" => include_str!("../../templates/base.html")
                .replace("Skip to content", "Skip (own template)"),
            _ => include_str!("../../templates/macros.html")
                .replace("(day unknown)", "(day unknown, own template)")
                .replace("<time datetime", "<time data-own=\"1\" datetime"),
        };
        d.write(&format!("templates/{name}"), text);
        d.build();
        let (page, own) = match name {
            "event.html" => (
                "events/2019-12-27-attack/index.html",
                "Story (own template)",
            ),
            "actor.html" => ("actors/kataib-hezbollah/index.html", "Roles (own template)"),
            "base.html" => ("events/2019-12-27-attack/index.html", "Skip (own template)"),
            _ => ("events/2019-12-27-attack/index.html", "data-own=\"1\""),
        };
        assert_contains!(d.output(page), own);
        if name == "base.html" || name == "macros.html" {
            // The actor page, compiled too, gets the overridden parts.
            assert_contains!(d.output("actors/kataib-hezbollah/index.html"), own);
        }
    }
}
