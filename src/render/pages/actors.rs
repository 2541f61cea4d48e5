//! The list of actors: `actors.html`.

use crate::model::ActorKind;
use crate::render::links::Links;
use crate::render::views::ActorRef;
use crate::resolve::Library;
use serde::Serialize;

/// A group of actors of one kind.
#[derive(Serialize)]
pub(crate) struct ActorGroup<'a> {
    /// Kind word.
    pub kind: &'static str,
    /// Actors by name.
    pub actors: Vec<ActorListItem<'a>>,
}

/// An actor in the list.
#[derive(Serialize)]
pub(crate) struct ActorListItem<'a> {
    /// Link.
    #[serde(flatten)]
    pub actor: ActorRef<'a>,
    /// One line.
    pub summary: &'a str,
    /// Number of events it appears in, in any role: taking part, making a
    /// claim, attributing a role, or passing a claim on.
    pub events: usize,
}

/// Per actor, the number of events naming it in any role. An actor that
/// only speaks (a ministry's statement) or attributes is in those events
/// too, and "0 events" would tell a reader it is in none.
fn events_naming(lib: &Library) -> Vec<usize> {
    let mut counts = vec![0; lib.actors.len()];
    let mut named: Vec<usize> = Vec::new();
    for e in &lib.events {
        named.clear();
        let ids = e
            .actors
            .iter()
            .flat_map(|p| std::iter::once(&p.actor).chain(p.by.as_ref()))
            .chain(
                e.claims
                    .iter()
                    .flat_map(|c| std::iter::once(&c.by).chain(&c.via)),
            );
        for id in ids {
            if let Some(a) = lib.actor(id)
                && !named.contains(&a)
            {
                named.push(a);
                counts[a] += 1;
            }
        }
    }
    counts
}

/// All actors grouped by kind, by name within a kind.
pub(crate) fn actor_groups<'a>(lib: &'a Library, links: Links<'a>) -> Vec<ActorGroup<'a>> {
    let counts = events_naming(lib);
    ActorKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut actors: Vec<ActorListItem> = lib
                .actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.kind == *kind)
                .map(|(i, a)| ActorListItem {
                    actor: ActorRef::new(lib, links, &a.id),
                    summary: &a.summary,
                    events: counts[i],
                })
                .collect();
            actors.sort_by(|a, b| {
                (a.actor.name.to_lowercase(), a.actor.id)
                    .cmp(&(b.actor.name.to_lowercase(), b.actor.id))
            });
            (!actors.is_empty()).then_some(ActorGroup {
                kind: kind.as_str(),
                actors,
            })
        })
        .collect()
}

/// The list of actors.
#[derive(Clone, Copy)]
pub(super) struct Actors;

impl super::Page for Actors {
    fn frame(self, r: &crate::render::PageRenderer) -> (String, &'static str, String) {
        (r.paths.section("actors"), "actors.html", "Actors".into())
    }

    fn vars(self, r: &crate::render::PageRenderer, links: Links, ctx: &mut impl super::VarSink) {
        ctx.insert("groups", &actor_groups(r.lib, links));
    }
}
