//! The compiled templates write what Tera writes for generated dossiers,
//! not only for the fixtures: random reporting chains (some longer than
//! the 41 events an event page shows of its chain), random list lengths,
//! optional fields present or absent, and hostile strings (markup, quotes,
//! ampersands, unicode, right-to-left text, long words) in every field.

use crate::harness::Dossier;
use crate::native::assert_same_both_ways;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// A field's text: pieces that try to break out of HTML, attributes or
/// JSON, and text that is merely unusual.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<b>x</b>".to_string()),
        Just("Tom & Jerry's \"quote\"".to_string()),
        Just("</script><script>alert(1)</script>".to_string()),
        Just("&amp; &lt;".to_string()),
        Just("Kataib Hezbollah".to_string()),
        Just("Ḥizb ʾAllāh — ☃ 🚀".to_string()),
        Just("كتائب حزب الله".to_string()),
        Just("\u{202e}reversed\u{202c}".to_string()),
        Just("Donaudampfschifffahrtsgesellschaftskapitänswitwe".repeat(4)),
        Just("{{ site.title }} {% raw %}".to_string()),
        "[a-z]{1,8}",
    ];
    prop::collection::vec(piece, 1..4).prop_map(|p| p.join(" "))
}

/// An optional field: absent, or present with hostile text.
fn maybe() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// A TOML basic string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[derive(Debug, Clone)]
struct Actor {
    name: String,
    kind: &'static str,
    summary: Option<String>,
}

#[derive(Debug, Clone)]
struct Source {
    title: String,
    outlet: Option<String>,
    author: Option<String>,
    dated: bool,
}

#[derive(Debug, Clone)]
struct Event {
    title: String,
    summary: Option<String>,
    escalation: Option<u8>,
    kind: usize,
    /// 0: answers nothing; 1: the event before; 2: the two before.
    answers: u8,
    /// (actor, role) pairs, by index.
    actors: Vec<(usize, usize)>,
    source: usize,
    location: Option<String>,
    killed: Option<(u8, String)>,
    claim: Option<(usize, usize, String)>,
    tags: Vec<String>,
    body: Option<String>,
}

#[derive(Debug, Clone)]
struct Generated {
    title: String,
    description: Option<String>,
    kind_labels: Vec<String>,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    events: Vec<Event>,
}

const ROLES: [&str; 4] = ["perpetrator", "target", "claimed", "victim"];
const STANCES: [&str; 3] = ["asserts", "denies", "threatens"];

fn actor() -> impl Strategy<Value = Actor> {
    (
        text(),
        prop::sample::select(vec!["organization", "state", "person", "front-group"]),
        maybe(),
    )
        .prop_map(|(name, kind, summary)| Actor {
            name,
            kind,
            summary,
        })
}

fn source() -> impl Strategy<Value = Source> {
    (text(), maybe(), maybe(), any::<bool>()).prop_map(|(title, outlet, author, dated)| Source {
        title,
        outlet,
        author,
        dated,
    })
}

fn event(actors: usize, sources: usize) -> impl Strategy<Value = Event> {
    (
        (
            text(),
            maybe(),
            prop::option::of(0u8..=10),
            0usize..3,
            prop::sample::select(vec![0u8, 1, 1, 1, 1, 2]),
        ),
        (
            prop::collection::vec((0..actors, 0..ROLES.len()), 0..4),
            0..sources,
            maybe(),
            prop::option::of((1u8..50, text())),
            prop::option::of((0..actors, 0..STANCES.len(), text())),
            prop::collection::vec("[a-z<&>]{1,6}", 0..3),
            maybe(),
        ),
    )
        .prop_map(
            |(
                (title, summary, escalation, kind, answers),
                (actors, source, location, killed, claim, tags, body),
            )| Event {
                title,
                summary,
                escalation,
                kind,
                answers,
                actors,
                source,
                location,
                killed,
                claim,
                tags,
                body,
            },
        )
}

fn dossier() -> impl Strategy<Value = Generated> {
    (
        text(),
        maybe(),
        prop::collection::vec(text(), 3),
        prop::collection::vec(actor(), 1..5),
        prop::collection::vec(source(), 1..4),
        // Short dossiers, and long ones whose chains outgrow what an event
        // page shows of them.
        prop_oneof![1usize..6, 43usize..56],
    )
        .prop_flat_map(|(title, description, kind_labels, actors, sources, n)| {
            let (a, s) = (actors.len(), sources.len());
            prop::collection::vec(event(a, s), n).prop_map(move |events| Generated {
                title: title.clone(),
                description: description.clone(),
                kind_labels: kind_labels.clone(),
                actors: actors.clone(),
                sources: sources.clone(),
                events,
            })
        })
}

/// Writes `g` over the minimal fixture.
fn write(g: &Generated) -> Dossier {
    let d = Dossier::fixture("minimal");
    std::fs::remove_dir_all(d.root.join("content")).unwrap();
    let mut toml = format!(
        "title = {}\nbase_url = \"https://example.org/gen/\"\n",
        q(&g.title)
    );
    if let Some(desc) = &g.description {
        toml += &format!("description = {}\n", q(desc));
    }
    toml += "\n[kinds]\n";
    for (k, label) in g.kind_labels.iter().enumerate() {
        toml += &format!("kind-{k} = {{ label = {} }}\n", q(label));
    }
    toml += "\n[escalation]\n0 = \"Calm\"\n5 = \"Fire <& smoke>\"\n10 = \"War\"\n";
    d.write("dossier.toml", toml);
    for (i, a) in g.actors.iter().enumerate() {
        let mut text = format!("+++\nname = {}\nkind = \"{}\"\n", q(&a.name), a.kind);
        if let Some(s) = &a.summary {
            text += &format!("summary = {}\n", q(s));
        }
        text += "+++\n";
        d.write(&format!("content/actors/a{i}.md"), text);
    }
    let mut sources = String::new();
    for (i, s) in g.sources.iter().enumerate() {
        sources += &format!(
            "[[source]]\nid = \"s{i}\"\ntitle = {}\nkind = \"news\"\nurl = \"https://example.org/s{i}?a=1&b=<2>\"\n",
            q(&s.title)
        );
        if let Some(o) = &s.outlet {
            sources += &format!("outlet = {}\n", q(o));
        }
        if let Some(a) = &s.author {
            sources += &format!("author = {}\n", q(a));
        }
        if s.dated {
            sources += "date = \"2018-12-31\"\n";
        }
    }
    d.write("data/sources.toml", sources);
    let day = |i: usize| {
        let date =
            chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(i as u64);
        date.format("%Y-%m-%d").to_string()
    };
    let long = g.events.len() > 41;
    for (i, e) in g.events.iter().enumerate() {
        let mut text = format!(
            "+++\ntitle = {}\ndate = \"{}\"\nkind = \"kind-{}\"\nsources = [\"s{}\"]\n",
            q(&e.title),
            day(i),
            e.kind,
            e.source
        );
        if let Some(s) = &e.summary {
            text += &format!("summary = {}\n", q(s));
        }
        if let Some(level) = e.escalation {
            text += &format!("escalation = {level}\n");
        }
        // A long dossier is one chain (each event answers at least the one
        // before), so that event pages show only part of it.
        let answers = if long { e.answers.max(1) } else { e.answers };
        let answers: Vec<String> = (1..=usize::from(answers).min(i))
            .map(|back| format!("\"e{:03}\"", i - back))
            .collect();
        if !answers.is_empty() {
            text += &format!("responds_to = [{}]\n", answers.join(", "));
        }
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|t| q(t)).collect();
            text += &format!("tags = [{}]\n", tags.join(", "));
        }
        if let Some(place) = &e.location {
            text += &format!(
                "location = {{ name = {}, country = {}, lat = 33.3, lon = 44.4 }}\n",
                q(place),
                q(place)
            );
        }
        let mut seen = Vec::new();
        for &(a, role) in &e.actors {
            if seen.contains(&a) {
                continue;
            }
            seen.push(a);
            text += &format!(
                "\n[[actors]]\nactor = \"a{a}\"\nrole = \"{}\"\n",
                ROLES[role]
            );
        }
        if let Some((killed, who)) = &e.killed {
            text += &format!(
                "\n[[casualties]]\nkilled = {killed}\nwho = {}\nsources = [\"s{}\"]\n",
                q(who),
                e.source
            );
        }
        if let Some((by, stance, said)) = &e.claim {
            text += &format!(
                "\n[[claims]]\nby = \"a{by}\"\nstance = \"{}\"\ntext = {}\nsources = [\"s{}\"]\n",
                STANCES[*stance],
                q(said),
                e.source
            );
        }
        text += "+++\n";
        if let Some(body) = &e.body {
            text += &format!(
                "{} [@s{}].\n",
                body.replace(['[', ']', '@', '*', '_', '`'], " "),
                e.source
            );
        }
        d.write(&format!("content/events/e{i:03}.md"), text);
    }
    d
}

proptest! {
    #![proptest_config(Config {
        cases: 16,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn compiled_templates_write_what_tera_writes_for_generated_dossiers(g in dossier()) {
        let d = write(&g);
        assert_same_both_ways(&d, "a generated dossier");
    }
}
