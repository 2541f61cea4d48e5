//! The built-in templates compiled to Rust (src/render/compiled/ and the
//! page files of src/render/pages/) write the same bytes as Tera does from
//! the same templates, and step aside when a dossier overrides one.

use crate::assert_contains;
use crate::harness::Dossier;
use std::path::Path;

/// Builds `d` with and without the compiled templates and compares every
/// file of the two sites.
pub fn assert_same_both_ways(d: &Dossier, what: &str) {
    assert_same_both_ways_with(d, what, &[]);
}

/// [`assert_same_both_ways`], building with `args` too.
pub fn assert_same_both_ways_with(d: &Dossier, what: &str, args: &[&str]) {
    let _ = std::fs::remove_dir_all(d.root.join("native"));
    let _ = std::fs::remove_dir_all(d.root.join("tera"));
    let native = d.root.join("native");
    let tera = d.root.join("tera");
    d.run(&[&["build", "--output", native.to_str().unwrap()], args].concat())
        .expect(0);
    d.run(
        &[
            &["build", "--tera-only", "--output", tera.to_str().unwrap()],
            args,
        ]
        .concat(),
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

/// The built-in `base.html` with a one-word change in the footer.
fn own_base() -> String {
    include_str!("../../templates/base.html").replace("Open data:", "Open (own) data:")
}

#[test]
fn a_dossier_with_its_own_frame_gets_it_around_the_compiled_pages() {
    // The body stays compiled and the frame is the dossier's: the same
    // bytes as Tera's render of the whole page, and no note.
    for fixture in ["full", "chronology", "editions"] {
        let d = Dossier::fixture(fixture);
        d.write("templates/base.html", own_base());
        assert_same_both_ways(&d, &format!("{fixture} with its own base.html"));
        let run = d.build();
        assert!(!run.stderr.contains("Note:"), "{}", run.stderr);
        assert_contains!(d.output("events/index.html"), "Open (own) data:");
    }
    let hostile = Dossier::fixture("minimal");
    crate::build::write_hostile(&hostile);
    // A frame with blocks of its own and a loop, reading only the site's
    // variables.
    hostile.write(
        "templates/base.html",
        own_base().replace(
            "<main id=\"main\">",
            "{% block banner %}<p>{% for n in site.nav %}{{ loop.index }}{{ n.title | upper }}{% endfor %}</p>{% endblock banner %}<main id=\"main\">",
        ),
    );
    assert_same_both_ways(&hostile, "hostile fields with their own base.html");
}

#[test]
fn a_frame_reading_a_page_variable_sends_the_pages_through_tera() {
    let d = Dossier::fixture("minimal");
    d.write(
        "templates/base.html",
        own_base().replace(
            "<main id=\"main\">",
            "{% if event %}<p class=\"own-kicker\">{{ event.title }}</p>{% endif %}<main id=\"main\">",
        ),
    );
    assert_same_both_ways(&d, "a frame reading `event`");
    let run = d.build();
    assert_contains!(
        d.output("events/2019-12-27-attack/index.html"),
        "<p class=\"own-kicker\">"
    );
    assert_contains!(run.stderr, "Note: templates/base.html makes");
    assert_contains!(run.stderr, "render through Tera");
}

#[test]
fn build_says_which_overrides_send_how_many_pages_through_tera() {
    let d = Dossier::fixture("full");
    let run = d.build();
    assert!(!run.stderr.contains("Note:"), "{}", run.stderr);
    let events = d
        .snapshot("public")
        .keys()
        .filter(|k| {
            k.starts_with("events/") && k.ends_with("/index.html") && *k != "events/index.html"
        })
        .count();
    assert!(events > 1);
    d.write(
        "templates/event.html",
        include_str!("../../templates/event.html").replace("<h2>Narrative</h2>", "<h2>Story</h2>"),
    );
    let run = d.build();
    assert_contains!(
        run.stderr,
        &format!(
            "Note: templates/event.html makes {events} pages (event.html) render through Tera, several times slower than the compiled built-in templates."
        )
    );
    assert_eq!(run.stderr.matches("Note:").count(), 1, "{}", run.stderr);
}

#[test]
fn overriding_one_macro_costs_only_the_pages_calling_it() {
    // `pair` is called by the actor and chronology pages only: the event,
    // events and source pages stay compiled.
    let d = Dossier::fixture("chronology");
    d.write(
        "templates/macros.html",
        include_str!("../../templates/macros.html")
            .replace("<section class=\"pair\">", "<section class=\"pair own\">"),
    );
    let run = d.build();
    assert_contains!(run.stderr, "Note: templates/macros.html (macro pair) makes");
    assert_contains!(run.stderr, "(actor.html, chronology.html)");
    assert_contains!(
        d.output("chronology/index.html"),
        "<section class=\"pair own\">"
    );
    assert_same_both_ways(&d, "an own `pair` macro");
    // `date`, called through `chain` and `event_item` too, reaches every
    // compiled page.
    d.write(
        "templates/macros.html",
        include_str!("../../templates/macros.html")
            .replace("<time datetime", "<time data-own=\"1\" datetime"),
    );
    let run = d.build();
    assert_contains!(
        run.stderr,
        "(events.html, event.html, actor.html, source.html, chronology.html)"
    );
    assert_contains!(run.stderr, "templates/macros.html (macro date)");
}
