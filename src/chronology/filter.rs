//! Filtered views of the chronology: by actor, by kind, by phase. Each is
//! pre-rendered as its own page, so filters work on any static host.

use super::Chronology;
use crate::resolve::Library;

/// One view of the chronology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// Every event.
    All,
    /// The events an actor takes part in (actor index).
    Actor(usize),
    /// The events of one kind (index into `config.kinds`).
    Kind(usize),
    /// The events that may fall in a phase (index into `config.phases`).
    Phase(usize),
}

impl Filter {
    /// The events the view shows, in chronological order.
    pub(crate) fn events(self, lib: &Library, chrono: &Chronology) -> Vec<usize> {
        match self {
            Filter::All => (0..lib.events.len()).collect(),
            Filter::Actor(a) => {
                let mut v: Vec<usize> = lib.actor_events[a].iter().map(|&(i, _)| i).collect();
                v.dedup();
                v
            }
            Filter::Kind(k) => {
                let id = &lib.config.kinds[k].id;
                (0..lib.events.len())
                    .filter(|&i| lib.events[i].kind == *id)
                    .collect()
            }
            Filter::Phase(p) => {
                let (first, last) = chrono.phase_days[p];
                (0..lib.events.len())
                    .filter(|&i| chrono.when[i].overlaps(first, last))
                    .collect()
            }
        }
    }

    /// The facet's word and the value's slug in the view's URL
    /// (`chronology/<facet>/<slug>/`); `None` for the whole chronology.
    pub(crate) fn slug(self, lib: &Library) -> Option<(&'static str, &str)> {
        match self {
            Filter::All => None,
            Filter::Actor(a) => Some(("actor", &lib.actors[a].id)),
            Filter::Kind(k) => Some(("kind", &lib.config.kinds[k].id)),
            Filter::Phase(p) => Some(("phase", &lib.config.phases[p].slug)),
        }
    }

    /// What the view shows, for headings: the actor's name, the kind's
    /// label, the phase's name.
    pub(crate) fn name(self, lib: &Library) -> &str {
        match self {
            Filter::All => "",
            Filter::Actor(a) => &lib.actors[a].name,
            Filter::Kind(k) => &lib.config.kinds[k].label,
            Filter::Phase(p) => &lib.config.phases[p].name,
        }
    }

    /// Every filtered view worth a page, with its number of events: actors
    /// and kinds with events, and every phase.
    pub(crate) fn every(lib: &Library, chrono: &Chronology) -> Vec<(Filter, usize)> {
        let mut out = Vec::new();
        for a in 0..lib.actors.len() {
            let n = Filter::Actor(a).events(lib, chrono).len();
            if n > 0 {
                out.push((Filter::Actor(a), n));
            }
        }
        let mut per_kind = vec![0usize; lib.config.kinds.len()];
        for e in &lib.events {
            if let Some(k) = lib.config.kinds.iter().position(|k| k.id == e.kind) {
                per_kind[k] += 1;
            }
        }
        for (k, n) in per_kind.into_iter().enumerate() {
            if n > 0 {
                out.push((Filter::Kind(k), n));
            }
        }
        for (p, &(first, last)) in chrono.phase_days.iter().enumerate() {
            let n = chrono
                .when
                .iter()
                .filter(|w| w.overlaps(first, last))
                .count();
            out.push((Filter::Phase(p), n));
        }
        out
    }
}
