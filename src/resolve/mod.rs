//! The Library: every record keyed by id, with the reverse indexes pages
//! need (responses, actor → events, incoming relations, cited-by), and the
//! cross-reference checks. Built once, then only read.
//!
//! The lookups and indexes are here; the reference checks (errors) in
//! `checks`, the warnings that need the whole library in `warnings`, the
//! order of events in `order`, an edition as of a day in [`as_of`]. Serve's
//! swap of one edited event is on the incremental side
//! (`crate::incremental`).

pub(crate) mod as_of;
pub(crate) mod autolink;
mod checks;
mod order;
mod warnings;

pub(crate) use checks::Resolver;
pub(crate) use order::after_triggers;

use crate::base::diagnostics::Diagnostics;
use crate::config::Config;
use crate::load::Loaded;
use crate::markdown::{Doc, RefKind};
use crate::model::*;
use checks::response_cycles;
use order::responses_after_triggers_on_ties;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use warnings::warn;

/// What cites a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Citer {
    /// An event (fields, claims' reporting chains or narrative).
    Event(usize),
    Actor(usize),
    /// Another source (relaying or republishing it, or its note).
    Source(usize),
    /// A free page.
    Page(usize),
    /// The home page.
    Index,
}

/// What a wiki link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Event(usize),
    Actor(usize),
    Source(usize),
    /// A free page.
    Page(usize),
}

/// The resolved dossier.
#[derive(Debug)]
pub(crate) struct Library {
    /// Configuration.
    pub config: Config,
    /// Events in chronological order (ties by id).
    pub events: Vec<Event>,
    /// Actors by id.
    pub actors: Vec<Actor>,
    /// Sources by id.
    pub sources: Vec<Source>,
    /// Free pages in navigation order.
    pub pages: Vec<Page>,
    /// The home page's prose.
    pub index: Option<Page>,
    event_ix: HashMap<String, usize>,
    actor_ix: HashMap<String, usize>,
    source_ix: HashMap<String, usize>,
    page_ix: HashMap<String, usize>,
    /// Per event: the later events that respond to it.
    pub responded_by: Vec<Vec<usize>>,
    /// Per actor: (event, participation index), chronological.
    pub actor_events: Vec<Vec<(usize, usize)>>,
    /// Per actor: (other actor, relation index) of relations pointing at it.
    pub relations_in: Vec<Vec<(usize, usize)>>,
    /// Per event: every source it cites, in order of first appearance.
    pub event_sources: Vec<Vec<usize>>,
    /// Per event: the actors it names, unique, in record order.
    pub event_actors: Vec<Vec<usize>>,
    /// Per event: its date as pages write it, made once for the dozen
    /// lists each event is on.
    pub event_dates: Vec<EventDate>,
    /// Per source: its date as pages write it, made once for the citations
    /// and reference lists it is on (a hundred each at 10k events).
    pub source_dates: Vec<Option<EventDate>>,
    /// Per source: everything citing it, sorted, unique.
    pub cited_by: Vec<Vec<Citer>>,
    /// Every source formatted in the configured CSL style, once per build
    /// (`None` for dossier's own style).
    pub styled: Option<crate::csl::Styled>,
    /// Per source with a readable capture: the places citing each of its
    /// paragraphs, sorted by paragraph and place.
    pub para_citers: Vec<Vec<ParaCiter>>,
    /// The previous edition's export (`build --previous`), whose
    /// differences from this one `/changes/` lists.
    pub previous: Option<crate::editions::diff::Export>,
    /// The matcher of actors' names in prose (`[auto_link]`), made on
    /// first use, once per build.
    auto_linker: std::sync::OnceLock<Option<autolink::AutoLinker>>,
}

/// A page citing a paragraph of a source's readable capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ParaCiter {
    /// The paragraph.
    pub para: usize,
    /// The page.
    pub citer: Citer,
    /// The page's first paragraph link to it: (line, column, k) of
    /// [`crate::evidence::locator::anchor`].
    pub anchor: (usize, usize, usize),
}

impl Library {
    /// The `[auto_link]` matcher, `None` when it is off or no actor has a name.
    pub(crate) fn auto_linker(&self) -> Option<&autolink::AutoLinker> {
        self.auto_linker
            .get_or_init(|| {
                self.config
                    .auto_link
                    .then(|| autolink::AutoLinker::new(&self.actors))
                    .flatten()
            })
            .as_ref()
    }

    /// Index of an event id.
    pub(crate) fn event(&self, id: &str) -> Option<usize> {
        self.event_ix.get(id).copied()
    }
    /// Index of an actor id.
    pub(crate) fn actor(&self, id: &str) -> Option<usize> {
        self.actor_ix.get(id).copied()
    }
    /// Index of a source id.
    pub(crate) fn source(&self, id: &str) -> Option<usize> {
        self.source_ix.get(id).copied()
    }
    /// What a wiki-link target names.
    pub(crate) fn target(&self, id: &str) -> Option<Target> {
        self.event(id)
            .map(Target::Event)
            .or_else(|| self.actor(id).map(Target::Actor))
            .or_else(|| self.source(id).map(Target::Source))
            .or_else(|| self.page_ix.get(id).map(|&i| Target::Page(i)))
    }
    /// The records, as [`resolve`] was given them, to be resolved again (as
    /// an `--as-of` edition is).
    pub(crate) fn into_loaded(self) -> (Config, Loaded) {
        let loaded = Loaded {
            events: self.events,
            actors: self.actors,
            sources: self.sources,
            pages: self.pages,
            index: self.index,
            drafts: BTreeSet::new(),
            broken: Default::default(),
        };
        (self.config, loaded)
    }

    /// The actor's display name, or the id when unknown.
    pub(crate) fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actor(id).map_or(id, |i| self.actors[i].name.as_str())
    }

    /// Every source event `e` cites, in order of first appearance: its
    /// fields', then its narrative's.
    pub(crate) fn sources_cited(&self, e: &Event) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        e.sources
            .iter()
            .chain(e.actors.iter().flat_map(|p| &p.sources))
            .chain(e.casualties.iter().flat_map(|c| &c.sources))
            .chain(e.claims.iter().flat_map(|c| &c.sources))
            .map(String::as_str)
            .chain(e.body.cited_keys())
            .filter_map(|k| self.source_ix.get(k).copied())
            .filter(|&s| seen.insert(s))
            .collect()
    }
}

/// A paragraph link of a page: (source, paragraph range, anchor as
/// [`crate::evidence::locator::anchor`] takes it).
pub(crate) type ParaLink = (usize, (usize, usize), (usize, usize, usize));

/// The paragraph links of a document (see
/// [`crate::evidence::locator::bracket_links`]).
pub(crate) fn paragraph_links(lib: &Library, doc: &Doc) -> Vec<ParaLink> {
    let mut out = Vec::new();
    for r in &doc.refs {
        let RefKind::Cite(items) = &r.kind else {
            continue;
        };
        let known = items
            .iter()
            .filter_map(|i| Some((lib.source(&i.key)?, i.locator.as_str())));
        let linked = |s: usize| lib.sources[s].readable().is_some();
        let mut k = 0;
        for (s, ranges) in crate::evidence::locator::bracket_links(known, linked) {
            for range in ranges {
                k += 1;
                out.push((s, range, (r.line, r.column, k)));
            }
        }
    }
    out
}

/// Fills `para_citers`: for each paragraph of each readable capture, the
/// pages citing it and the first link to it on each.
fn fill_paragraph_citers(lib: &mut Library) {
    let mut found: Vec<Vec<ParaCiter>> = vec![Vec::new(); lib.sources.len()];
    if lib.sources.iter().any(|s| s.readable().is_some()) {
        let docs = lib
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (Citer::Event(i), &e.body))
            .chain(
                lib.actors
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (Citer::Actor(i), &a.body)),
            )
            .chain(
                lib.sources
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Citer::Source(i), &s.body)),
            )
            .chain(
                lib.pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (Citer::Page(i), &p.body)),
            )
            .chain(lib.index.iter().map(|p| (Citer::Index, &p.body)));
        for (citer, doc) in docs {
            for (s, (first, last), anchor) in paragraph_links(lib, doc) {
                for para in first..=last {
                    found[s].push(ParaCiter {
                        para,
                        citer,
                        anchor,
                    });
                }
            }
        }
        for list in &mut found {
            list.sort_unstable();
            // The first link of each page to each paragraph.
            list.dedup_by(|b, a| a.para == b.para && a.citer == b.citer);
        }
    }
    lib.para_citers = found;
}

/// An event's date as pages write it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventDate {
    /// "27 December 2019", "c. December 2019", "27–28 December 2019".
    pub display: String,
    /// "2019-12-27".
    pub short: String,
}

impl EventDate {
    pub(crate) fn of(e: &Event) -> EventDate {
        EventDate {
            display: crate::model::date::display_span(&e.date, e.date_end.as_ref(), e.circa),
            short: e.date.short(),
        }
    }

    /// A plain date, as [`crate::model::date::Date::display`] and `short`
    /// write it.
    fn plain(d: &crate::model::date::Date) -> EventDate {
        EventDate {
            display: d.display(),
            short: d.short(),
        }
    }
}

/// Builds the library, checking every cross-reference.
pub(crate) fn resolve(config: Config, loaded: Loaded, diags: &mut Diagnostics) -> Library {
    let Loaded {
        mut events,
        actors,
        sources,
        mut pages,
        index,
        drafts,
        broken,
    } = loaded;
    events.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));
    let events = responses_after_triggers_on_ties(events);
    pages.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    let ix = |ids: Vec<&String>| -> HashMap<String, usize> {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect()
    };
    let mut lib = Library {
        event_ix: ix(events.iter().map(|e| &e.id).collect()),
        actor_ix: ix(actors.iter().map(|a| &a.id).collect()),
        source_ix: ix(sources.iter().map(|s| &s.id).collect()),
        page_ix: ix(pages.iter().map(|p| &p.slug).collect()),
        responded_by: vec![Vec::new(); events.len()],
        actor_events: vec![Vec::new(); actors.len()],
        relations_in: vec![Vec::new(); actors.len()],
        event_sources: Vec::with_capacity(events.len()),
        event_actors: Vec::with_capacity(events.len()),
        event_dates: Vec::with_capacity(events.len()),
        source_dates: sources
            .iter()
            .map(|s| s.date.as_ref().map(EventDate::plain))
            .collect(),
        cited_by: vec![Vec::new(); sources.len()],
        para_citers: Vec::new(),
        previous: None,
        auto_linker: std::sync::OnceLock::new(),
        styled: match &config.citation_style {
            crate::csl::CitationStyle::Csl(style) => Some(crate::csl::format(style, &sources)),
            crate::csl::CitationStyle::Dossier => None,
        },
        config,
        events,
        actors,
        sources,
        pages,
        index,
    };
    let mut r = Resolver {
        lib: &lib,
        drafts: &drafts,
        broken: &broken,
        diags,
        cites: Vec::new(),
    };
    r.check_all();
    response_cycles(&lib, r.diags);
    let Resolver { cites, .. } = r;
    fill_indexes(&mut lib, cites);
    fill_paragraph_citers(&mut lib);
    warn(&lib, &broken, diags);
    lib
}

fn fill_indexes(lib: &mut Library, mut cites: Vec<(usize, Citer)>) {
    use rayon::prelude::*;
    // What each event has of its own, in parallel; then the reverse
    // indexes, in order.
    let own: Vec<(Vec<usize>, Vec<usize>, EventDate)> = lib
        .events
        .par_iter()
        .map(|e| {
            let mut actors = Vec::new();
            for p in &e.actors {
                if let Some(&a) = lib.actor_ix.get(&p.actor)
                    && !actors.contains(&a)
                {
                    actors.push(a);
                }
            }
            (actors, lib.sources_cited(e), EventDate::of(e))
        })
        .collect();
    for (actors, sources, date) in own {
        lib.event_actors.push(actors);
        lib.event_sources.push(sources);
        lib.event_dates.push(date);
    }
    for (i, e) in lib.events.iter().enumerate() {
        for t in &e.responds_to {
            if let Some(j) = lib.event_ix.get(t)
                && *j != i
            {
                lib.responded_by[*j].push(i);
            }
        }
        for (k, p) in e.actors.iter().enumerate() {
            if let Some(&a) = lib.actor_ix.get(&p.actor) {
                lib.actor_events[a].push((i, k));
            }
        }
    }
    for (a, actor) in lib.actors.iter().enumerate() {
        for (k, rel) in actor.relations.iter().enumerate() {
            if let Some(&b) = lib.actor_ix.get(&rel.to) {
                lib.relations_in[b].push((a, k));
            }
        }
    }
    for list in &mut lib.responded_by {
        list.sort_unstable();
        list.dedup();
    }
    cites.sort_unstable();
    cites.dedup();
    for (s, citer) in cites {
        lib.cited_by[s].push(citer);
    }
}
