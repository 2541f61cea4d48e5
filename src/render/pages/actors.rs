//! The list of actors: `actors.html`.

use super::named::{Entry, Named, sort};
use crate::base::diagnostics::Diagnostic;
use crate::model::ActorKind;
use crate::render::PageRenderer;
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

/// The actors as a split list has them: by kind, then by initial and name.
fn entries(lib: &Library) -> Vec<Entry> {
    by_kind(lib, (0..lib.actors.len()).map(|a| (a, a)).collect())
}

/// The entries of a split list of actors, by kind, then by initial and
/// name, and by id among equal names: `items` gives each entry's item and
/// its actor.
pub(super) fn by_kind(lib: &Library, mut items: Vec<(usize, usize)>) -> Vec<Entry> {
    items.sort_by(|x, y| lib.actors[x.1].id.cmp(&lib.actors[y.1].id));
    let mut entries: Vec<Entry> = items
        .into_iter()
        .map(|(item, a)| {
            let kind = lib.actors[a].kind;
            Entry {
                item,
                group: ActorKind::ALL.iter().position(|k| *k == kind).unwrap_or(0),
                key: kind.as_str(),
                name: lib.actors[a].name.clone(),
            }
        })
        .collect();
    sort(&mut entries);
    entries
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
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::Actors.own_frame(r, "actors.html", "actors_split.html")
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        if Named::Actors.split(r) {
            let index = Named::Actors.index(r, links, &entries(r.lib));
            ctx.insert("index", &index);
            return Ok(());
        }
        ctx.insert("groups", &actor_groups(r.lib, links));
        Ok(())
    }
}

/// Page `n` (from 1) of a list of actors too long for one page.
#[derive(Clone, Copy)]
pub(super) struct ActorsPage(pub(super) usize);

impl super::Page for ActorsPage {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::Actors.frame(r, self.0)
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let lib = r.lib;
        let entries = entries(lib);
        let counts = events_naming(lib);
        let view = |i: usize| ActorListItem {
            actor: ActorRef::new(lib, links, &lib.actors[i].id),
            summary: &lib.actors[i].summary,
            events: counts[i],
        };
        Named::Actors.fill(r, links, self.0, &entries, view, ctx);
        Ok(())
    }
}
