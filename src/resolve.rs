//! The Library: every record keyed by id, with the reverse indexes pages
//! need (responses, actor → events, incoming relations, cited-by), and the
//! cross-reference checks. Built once, then only read.

use crate::base::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::config::Config;
use crate::load::{Broken, Loaded};
use crate::markdown::{Doc, RecordLink, RefKind};
use crate::model::*;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// What cites a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Citer {
    /// An event (fields, claims' reporting chains or narrative).
    Event(usize),
    /// An actor.
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
pub enum Target {
    /// An event.
    Event(usize),
    /// An actor.
    Actor(usize),
    /// A source.
    Source(usize),
    /// A free page.
    Page(usize),
}

/// The resolved dossier.
#[derive(Debug)]
pub struct Library {
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
    auto_linker: std::sync::OnceLock<Option<crate::render::autolink::AutoLinker>>,
}

/// A page citing a paragraph of a source's readable capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParaCiter {
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
    pub fn auto_linker(&self) -> Option<&crate::render::autolink::AutoLinker> {
        self.auto_linker
            .get_or_init(|| {
                self.config
                    .auto_link
                    .then(|| crate::render::autolink::AutoLinker::new(&self.actors))
                    .flatten()
            })
            .as_ref()
    }

    /// Index of an event id.
    pub fn event(&self, id: &str) -> Option<usize> {
        self.event_ix.get(id).copied()
    }
    /// Index of an actor id.
    pub fn actor(&self, id: &str) -> Option<usize> {
        self.actor_ix.get(id).copied()
    }
    /// Index of a source id.
    pub fn source(&self, id: &str) -> Option<usize> {
        self.source_ix.get(id).copied()
    }
    /// What a wiki-link target names.
    pub fn target(&self, id: &str) -> Option<Target> {
        self.event(id)
            .map(Target::Event)
            .or_else(|| self.actor(id).map(Target::Actor))
            .or_else(|| self.source(id).map(Target::Source))
            .or_else(|| self.page_ix.get(id).map(|&i| Target::Page(i)))
    }
    /// The records, as [`resolve`] was given them, to be resolved again (as
    /// an `--as-of` edition is).
    pub fn into_loaded(self) -> (Config, Loaded) {
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
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actor(id).map_or(id, |i| self.actors[i].name.as_str())
    }

    /// Every source event `e` cites, in order of first appearance: its
    /// fields', then its narrative's.
    fn sources_cited(&self, e: &Event) -> Vec<usize> {
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

    /// Puts `new` in the place of the event with its id, read again from
    /// the same file, when that leaves every other record and index as
    /// resolving the whole dossier again would: only its title, summary,
    /// place and narrative changed, its narrative cites the same sources in
    /// the same order, links to the same paragraphs of preserved copies from
    /// the same places, and refers to nothing unknown. Then the library is
    /// the one a full load of the dossier would give, save for warnings.
    /// Returns the event's index and the event replaced, or gives `new`
    /// back when it differs in more.
    pub fn swap_event(&mut self, new: Event) -> Result<(usize, Event), Box<Event>> {
        let Some(i) = self.event(&new.id) else {
            return Err(Box::new(new));
        };
        let old = &self.events[i];
        let same_place = old.origin.file == new.origin.file
            && old.origin.merged.is_none()
            && new.origin.merged.is_none();
        if !same_place
            || skeleton(old) != skeleton(&new)
            || self.sources_cited(&new) != self.event_sources[i]
            || paragraph_links(self, &old.body) != paragraph_links(self, &new.body)
        {
            return Err(Box::new(new));
        }
        let mut diags = Diagnostics::default();
        let drafts = BTreeSet::new();
        let broken = Broken::default();
        let mut r = Resolver {
            lib: self,
            drafts: &drafts,
            broken: &broken,
            diags: &mut diags,
            cites: Vec::new(),
        };
        r.event(i, &new);
        if diags.has_errors() {
            return Err(Box::new(new));
        }
        // Its date and actors are part of the skeleton: `event_dates` and
        // `event_actors` hold as they are.
        debug_assert!(self.event_dates[i] == EventDate::of(&new));
        Ok((i, std::mem::replace(&mut self.events[i], new)))
    }
}

/// A paragraph link of a page: (source, paragraph range, anchor as
/// [`crate::evidence::locator::anchor`] takes it).
pub type ParaLink = (usize, (usize, usize), (usize, usize, usize));

/// The paragraph links of a document (see
/// [`crate::evidence::locator::bracket_links`]).
pub fn paragraph_links(lib: &Library, doc: &Doc) -> Vec<ParaLink> {
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
pub struct EventDate {
    /// "27 December 2019", "c. December 2019", "27–28 December 2019".
    pub display: String,
    /// "2019-12-27".
    pub short: String,
}

impl EventDate {
    fn of(e: &Event) -> EventDate {
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

/// What of an event other records, indexes and the chronology depend on:
/// every field but the title, summary, place, narrative and origin. (A new
/// field of `Event` must be placed on one side or the other.)
fn skeleton(e: &Event) -> String {
    let Event {
        id,
        title: _,
        date,
        date_end,
        circa,
        kind,
        escalation,
        summary: _,
        location: _,
        responds_to,
        sources,
        tags,
        actors,
        casualties,
        claims,
        body: _,
        changes,
        origin: _,
    } = e;
    format!(
        "{:?}",
        (
            id,
            date,
            date_end,
            circa,
            kind,
            escalation,
            responds_to,
            sources,
            tags,
            actors,
            casualties,
            (claims, changes)
        )
    )
}

/// Builds the library, checking every cross-reference.
pub fn resolve(config: Config, loaded: Loaded, diags: &mut Diagnostics) -> Library {
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

/// Reports each cycle of `responds_to` links (a → b → a), whatever the
/// dates' precision lets through: one error per cycle, at the link of its
/// first event that points on along it.
fn response_cycles(lib: &Library, diags: &mut Diagnostics) {
    let edges: Vec<Vec<(usize, &str)>> = lib
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            e.responds_to
                .iter()
                .filter_map(|t| {
                    lib.event_ix
                        .get(t)
                        .filter(|&&j| j != i)
                        .map(|&j| (j, t.as_str()))
                })
                .collect()
        })
        .collect();
    // Iterative depth-first search: 0 unseen, 1 on the path, 2 done.
    let mut state = vec![0u8; edges.len()];
    let mut reported = vec![false; edges.len()];
    for start in 0..edges.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            let Some(&(to, _)) = edges[node].get(*next) else {
                state[node] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                1 => {
                    let from = path
                        .iter()
                        .position(|(n, _)| *n == to)
                        .expect("on the path");
                    let cycle: Vec<(usize, usize)> = path[from..].to_vec();
                    if cycle.iter().any(|(n, _)| reported[*n]) {
                        continue;
                    }
                    for (n, _) in &cycle {
                        reported[*n] = true;
                    }
                    let (first, k) = cycle[0];
                    let e = &lib.events[first];
                    let mut names: Vec<String> = cycle
                        .iter()
                        .map(|(n, _)| format!("`{}`", lib.events[*n].id))
                        .collect();
                    names.push(format!("`{}`", e.id));
                    let link = edges[first][k - 1].1;
                    diags.push(
                        Diagnostic::error_at(
                            &e.origin.locate(link),
                            format!(
                                "`responds_to` goes round in a circle: {}; each event would respond to one that responds to it",
                                names.join(" → ")
                            ),
                        )
                        .hint("an event responds only to earlier events: remove the link that points back"),
                    );
                }
                _ => {}
            }
        }
    }
}

/// Among events of the same date, puts every response after the events it
/// responds to; otherwise keeps the order (by id).
fn responses_after_triggers_on_ties(events: Vec<Event>) -> Vec<Event> {
    let mut order = Vec::with_capacity(events.len());
    let mut start = 0;
    while start < events.len() {
        let key = events[start].date.sort_key();
        let end = start
            + events[start..]
                .iter()
                .take_while(|e| e.date.sort_key() == key)
                .count();
        let run: Vec<usize> = (start..end).collect();
        if run.len() == 1 {
            order.push(start);
        } else {
            let at: HashMap<&str, usize> =
                run.iter().map(|&i| (events[i].id.as_str(), i)).collect();
            order.extend(after_triggers(&run, |i| {
                events[i]
                    .responds_to
                    .iter()
                    .filter_map(|t| at.get(t.as_str()).copied())
                    .collect()
            }));
        }
        start = end;
    }
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each event once"))
        .collect()
}

/// Orders `items` (given in order of preference) so that each comes after
/// its `triggers` among them, keeping the given order where it can; items in
/// a cycle keep the given order. `O(n log n)` in items and edges.
pub fn after_triggers(items: &[usize], triggers: impl Fn(usize) -> Vec<usize>) -> Vec<usize> {
    let pos: HashMap<usize, usize> = items.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut waiting = vec![0usize; items.len()];
    let mut responses: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (p, &i) in items.iter().enumerate() {
        let mut ts: Vec<usize> = triggers(i)
            .iter()
            .filter_map(|t| pos.get(t).copied())
            .collect();
        ts.sort_unstable();
        ts.dedup();
        for t in ts.into_iter().filter(|&t| t != p) {
            waiting[p] += 1;
            responses[t].push(p);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..items.len())
        .filter(|&p| waiting[p] == 0)
        .map(Reverse)
        .collect();
    let mut done = vec![false; items.len()];
    let mut out = Vec::with_capacity(items.len());
    let mut next_undone = 0;
    while out.len() < items.len() {
        let p = match ready.pop() {
            Some(Reverse(p)) if done[p] => continue,
            Some(Reverse(p)) => p,
            None => {
                // A cycle: release the earliest item left.
                while done[next_undone] {
                    next_undone += 1;
                }
                next_undone
            }
        };
        done[p] = true;
        out.push(items[p]);
        for &r in &responses[p] {
            waiting[r] = waiting[r].saturating_sub(1);
            if waiting[r] == 0 && !done[r] {
                ready.push(Reverse(r));
            }
        }
    }
    out
}

struct Resolver<'a> {
    lib: &'a Library,
    drafts: &'a BTreeSet<String>,
    /// What failed to load: references to it are not reported again.
    broken: &'a Broken,
    diags: &'a mut Diagnostics,
    /// (source, citer) pairs found.
    cites: Vec<(usize, Citer)>,
}

#[derive(Clone, Copy)]
enum IdKind {
    Event,
    Actor,
    Source,
    ActorOrSource,
}

impl Resolver<'_> {
    /// Checks the references of event `e`, standing at index `i`.
    fn event(&mut self, i: usize, e: &Event) {
        let lib = self.lib;
        let o = &e.origin;
        let me = Citer::Event(i);
        for t in &e.responds_to {
            if let Some(j) = self.id(o, t, IdKind::Event, "responds_to") {
                if j == i {
                    self.diags.push(Diagnostic::error_at(
                        &o.locate(t),
                        "the event responds to itself",
                    ));
                } else if lib.events[j].date.surely_cmp(&e.date) == Ordering::Greater {
                    self.diags.push(
                        Diagnostic::warning_at(&o.locate(t), format!("`responds_to` points forward in time: `{t}` is dated {}, after this event ({})", lib.events[j].date.raw, e.date.raw))
                            .hint("an event can only respond to an earlier one; check both dates"),
                    );
                }
            }
        }
        self.sources(o, &e.sources, me, "sources");
        for p in &e.actors {
            self.id(o, &p.actor, IdKind::Actor, "actors");
            if let Some(by) = &p.by {
                self.id(o, by, IdKind::Actor, "by");
            }
            self.sources(o, &p.sources, me, "sources");
        }
        for c in &e.casualties {
            self.sources(o, &c.sources, me, "sources");
        }
        for c in &e.claims {
            self.id(o, &c.by, IdKind::Actor, "claims.by");
            if let Some(r) = &c.rating
                && !lib.config.ratings.iter().any(|x| &x.id == r)
            {
                let ids: Vec<&str> = lib.config.ratings.iter().map(|x| x.id.as_str()).collect();
                let hint = match did_you_mean(r, ids.iter().copied()) {
                    Some(m) => m,
                    None if ids.is_empty() => "declare the editors' ratings in dossier.toml, e.g. [ratings] unsupported = { label = \"Unsupported\", value = 2 }".into(),
                    None => format!("the ratings of dossier.toml are: {}", ids.join(", ")),
                };
                self.diags.push(
                    Diagnostic::error_at(
                        &o.locate(r),
                        format!("claims.rating `{r}` is not in the [ratings] of dossier.toml"),
                    )
                    .hint(hint),
                );
            }
            for v in &c.via {
                if let Some(s) = self.id(o, v, IdKind::ActorOrSource, "via")
                    && lib.actor(v).is_none()
                {
                    self.cites.push((s, me));
                }
            }
            self.sources(o, &c.sources, me, "sources");
        }
        self.doc(o, &e.body, me);
    }

    fn check_all(&mut self) {
        use rayon::prelude::*;
        let lib = self.lib;
        let drafts = self.drafts;
        let broken = self.broken;
        // The events, most of the work, each on its own and in parallel;
        // what each finds is gathered in their order.
        let per_event: Vec<(Diagnostics, Vec<(usize, Citer)>)> = lib
            .events
            .par_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut diags = Diagnostics::default();
                let mut r = Resolver {
                    lib,
                    drafts,
                    broken,
                    diags: &mut diags,
                    cites: Vec::new(),
                };
                r.event(i, e);
                let cites = r.cites;
                (diags, cites)
            })
            .collect();
        for (diags, cites) in per_event {
            self.diags.absorb(diags);
            self.cites.extend(cites);
        }
        for (i, a) in lib.actors.iter().enumerate() {
            let o = &a.origin;
            let me = Citer::Actor(i);
            self.sources(o, &a.sources, me, "sources");
            for rel in &a.relations {
                if self.id(o, &rel.to, IdKind::Actor, "relations.to") == Some(i) {
                    self.diags.push(Diagnostic::error_at(
                        &o.locate(&rel.to),
                        "the actor is related to itself",
                    ));
                }
                self.sources(o, &rel.sources, me, "sources");
            }
            self.doc(o, &a.body, me);
        }
        for (i, s) in lib.sources.iter().enumerate() {
            let o = &s.origin;
            let me = Citer::Source(i);
            if let Some(orig) = &s.republishes {
                self.sources(o, std::slice::from_ref(orig), me, "republishes");
            }
            self.sources(o, &s.relays, me, "relays");
            self.doc(o, &s.body, me);
        }
        for (i, p) in lib.pages.iter().enumerate() {
            self.doc(&p.origin, &p.body, Citer::Page(i));
        }
        if let Some(p) = &lib.index {
            self.doc(&p.origin, &p.body, Citer::Index);
        }
    }

    fn sources(&mut self, o: &Origin, ids: &[String], me: Citer, field: &str) {
        for id in ids {
            if let Some(s) = self.id(o, id, IdKind::Source, field) {
                if me == Citer::Source(s) {
                    self.diags.push(Diagnostic::error_at(
                        &o.locate(id),
                        "the source refers to itself",
                    ));
                    continue;
                }
                self.cites.push((s, me));
            }
        }
    }

    /// Checks one id reference; the index of what it names.
    fn id(&mut self, o: &Origin, id: &str, kind: IdKind, field: &str) -> Option<usize> {
        let lib = self.lib;
        let found = match kind {
            IdKind::Event => lib.event(id),
            IdKind::Actor => lib.actor(id),
            IdKind::Source => lib.source(id),
            IdKind::ActorOrSource => lib.actor(id).or_else(|| lib.source(id)),
        };
        if found.is_none() && !self.is_broken(id, kind) {
            let d = self.unknown(id, kind, field);
            self.diags.push(Diagnostic { ..d }.at_place(&o.locate(id)));
        }
        found
    }

    /// True when `id` may name a record that failed to load (and was
    /// reported where it stands).
    fn is_broken(&self, id: &str, kind: IdKind) -> bool {
        let b = self.broken;
        b.ids.contains(id)
            || match kind {
                IdKind::Event => b.events,
                IdKind::Actor => b.actors,
                IdKind::Source => b.sources,
                IdKind::ActorOrSource => b.actors || b.sources,
            }
    }

    fn unknown(&self, id: &str, kind: IdKind, field: &str) -> Diagnostic {
        let lib = self.lib;
        let (what, candidates, folder): (&str, Vec<&str>, &str) = match kind {
            IdKind::Event => (
                "event",
                lib.events.iter().map(|e| e.id.as_str()).collect(),
                "content/events/",
            ),
            IdKind::Actor => (
                "actor",
                lib.actors.iter().map(|a| a.id.as_str()).collect(),
                "content/actors/",
            ),
            IdKind::Source => (
                "source",
                lib.sources.iter().map(|s| s.id.as_str()).collect(),
                "data/sources.toml",
            ),
            IdKind::ActorOrSource => (
                "actor or source",
                lib.actors
                    .iter()
                    .map(|a| a.id.as_str())
                    .chain(lib.sources.iter().map(|s| s.id.as_str()))
                    .collect(),
                "content/actors/ or data/sources.toml",
            ),
        };
        let message = match field {
            "citation" => format!("citation of unknown {what} `{id}`"),
            "link" => format!("link to unknown {what} `{id}`"),
            _ => format!("`{field}`: unknown {what} `{id}`"),
        };
        let d = Diagnostic::error("", message);
        if self.drafts.contains(id) {
            return d.hint(format!(
                "`{id}` is a draft: publish it (draft = false) or build with --drafts"
            ));
        }
        if id.chars().any(crate::base::diagnostics::is_invisible) {
            let clean: String = id
                .chars()
                .filter(|&c| !crate::base::diagnostics::is_invisible(c))
                .collect();
            return d.hint(format!(
                "the id contains an invisible character (shown as \\u{{…}}): delete it, to write `{clean}`"
            ));
        }
        d.hint(did_you_mean(id, candidates).unwrap_or_else(|| {
            format!("no {what} has this id: add it to {folder} or correct the id")
        }))
    }

    /// A paragraph locator citing a source with a readable capture must
    /// name paragraphs the capture has: the citation links to them.
    fn paragraphs_exist(&mut self, s: usize, locator: &str, place: &Place) {
        let src = &self.lib.sources[s];
        let Some(capture) = src.readable() else {
            return;
        };
        let count = capture.readable.as_ref().map_or(0, |r| r.count);
        for (first, last) in crate::evidence::locator::paragraphs(locator) {
            if first == 0 || last > count {
                let which = if first == last {
                    format!("paragraph {first}")
                } else {
                    format!("paragraphs {first}–{last}")
                };
                self.diags.push(
                    Diagnostic::error_at(
                        place,
                        format!(
                            "the citation of `{}` points at {which}, and its preserved copy captures/{} has {count}",
                            src.id, capture.file
                        ),
                    )
                    .hint(format!(
                        "correct the locator: see the numbered paragraphs at /sources/{}/capture/ (a text copy's headlines and captions may be left unnumbered with `unnumbered`)",
                        src.id
                    )),
                );
                return;
            }
        }
    }

    fn doc(&mut self, o: &Origin, doc: &Doc, me: Citer) {
        let lib = self.lib;
        for p in &doc.problems {
            let place = Place {
                file: o.file.clone(),
                line: p.line,
                column: p.column,
                length: p.length,
            };
            self.diags
                .push(Diagnostic::warning_at(&place, &p.message).hint(&p.hint));
        }
        for link in &doc.links {
            let (id, kind, found) = match &link.target {
                RecordLink::Event(id) => (id, IdKind::Event, lib.event(id).is_some()),
                RecordLink::Actor(id) => (id, IdKind::Actor, lib.actor(id).is_some()),
                RecordLink::Source(id) => (id, IdKind::Source, lib.source(id).is_some()),
            };
            if !found && !self.is_broken(id, kind) {
                let place = Place {
                    file: o.file.clone(),
                    line: link.line,
                    column: link.column,
                    length: link.length,
                };
                let d = self.unknown(id, kind, "link");
                self.diags.push(d.at_place(&place));
            }
        }
        for r in &doc.refs {
            let place = Place {
                file: o.file.clone(),
                line: r.line,
                column: r.column,
                length: r.length,
            };
            match &r.kind {
                RefKind::Cite(items) => {
                    for item in items {
                        if let Some(s) = lib.source(&item.key) {
                            self.paragraphs_exist(s, &item.locator, &place);
                        }
                        match lib.source(&item.key) {
                            Some(s) if me != Citer::Source(s) => self.cites.push((s, me)),
                            Some(_) => {}
                            None if self.is_broken(&item.key, IdKind::Source) => {}
                            None => {
                                let d = self.unknown(&item.key, IdKind::Source, "citation");
                                self.diags.push(d.at_place(&place));
                            }
                        }
                    }
                }
                // `@word` naming no source is text (a handle, say); a near
                // miss of a source id is worth a warning.
                RefKind::InText { item, .. } => match lib.source(&item.key) {
                    Some(s) if me != Citer::Source(s) => self.cites.push((s, me)),
                    Some(_) => {}
                    None => {
                        let ids = lib.sources.iter().map(|s| s.id.as_str());
                        if let Some(m) = did_you_mean(&item.key, ids) {
                            self.diags.push(
                                Diagnostic::warning(
                                    o.file.to_string(),
                                    format!("`@{}` names no source and is left as text", item.key),
                                )
                                .at_place(&place)
                                .hint(format!(
                                    "{m} An author-in-text citation is written @source-id"
                                )),
                            );
                        }
                    }
                },
                RefKind::Wiki { target, .. } => {
                    let hits = [
                        lib.event(target).is_some(),
                        lib.actor(target).is_some(),
                        lib.source(target).is_some(),
                        lib.page_ix.contains_key(target.as_str()),
                    ];
                    let broken = self.broken;
                    let may_be_broken = broken.ids.contains(target.as_str())
                        || broken.events
                        || broken.actors
                        || broken.sources;
                    match hits.iter().filter(|h| **h).count() {
                        1 => {}
                        0 if may_be_broken => {}
                        0 => {
                            let all = lib
                                .events
                                .iter()
                                .map(|e| e.id.as_str())
                                .chain(lib.actors.iter().map(|a| a.id.as_str()))
                                .chain(lib.sources.iter().map(|s| s.id.as_str()))
                                .chain(lib.pages.iter().map(|p| p.slug.as_str()));
                            let hint = if self.drafts.contains(target) {
                                format!("`{target}` is a draft: publish it (draft = false) or build with --drafts")
                            } else {
                                did_you_mean(target, all).unwrap_or_else(|| {
                                    "wiki links name an event, actor or source id, or a page's slug".into()
                                })
                            };
                            self.diags.push(
                                Diagnostic::error("", format!("wiki link to unknown id `{target}`"))
                                    .hint(hint)
                                    .at_place(&place),
                            );
                        }
                        _ => self.diags.push(
                            Diagnostic::error("", format!("wiki link `{target}` is ambiguous: several records have this id"))
                                .hint("give the event, actor, source or page distinct ids")
                                .at_place(&place),
                        ),
                    }
                }
            }
        }
    }
}

impl Diagnostic {
    /// Moves the diagnostic to `place`.
    fn at_place(mut self, place: &Place) -> Diagnostic {
        self.file = place.file.to_string();
        self.line = place.line;
        self.column = place.column;
        self.length = place.length;
        self
    }
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

/// The warnings of DESIGN.md §4 that need the whole library.
fn warn(lib: &Library, broken: &Broken, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    // Per event in parallel (a large dossier has tens of thousands of
    // warnings), in the events' order.
    let per_event: Vec<Vec<Diagnostic>> = lib
        .events
        .par_iter()
        .enumerate()
        .map(|(i, e)| event_warnings(lib, broken, i, e))
        .collect();
    diags.extend(per_event.into_iter().flatten());
    // A record that failed to load may have been what cited a source.
    for (s, src) in lib.sources.iter().enumerate() {
        if lib.cited_by[s].is_empty() && broken.is_empty() {
            diags.push(
                Diagnostic::warning_at(
                    &src.origin.place(),
                    format!("nothing cites the source `{}`", src.id),
                )
                .hint("cite it somewhere with [@id], or remove the record"),
            );
        }
    }
    let mut aliases: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (a, actor) in lib.actors.iter().enumerate() {
        let mut own = BTreeSet::new();
        for alias in std::iter::once(&actor.name).chain(&actor.aliases) {
            let key = alias.trim().to_lowercase();
            if !key.is_empty() && own.insert(key.clone()) {
                aliases.entry(key).or_default().push(a);
            }
        }
    }
    for (alias, owners) in aliases {
        if owners.len() > 1 {
            let names: Vec<&str> = owners.iter().map(|&a| lib.actors[a].id.as_str()).collect();
            let a = &lib.actors[owners[1]];
            diags.push(
                Diagnostic::warning_at(
                    &a.origin.locate(&alias),
                    format!("actors {} share the alias `{alias}`", names.join(" and ")),
                )
                .hint("an alias should name one actor: remove it from all but one"),
            );
        }
    }
}

/// The warnings of DESIGN.md §4 about event `e`, at index `i`.
fn event_warnings(lib: &Library, broken: &Broken, i: usize, e: &Event) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Sources it names may be among those that failed to load.
    let names_sources = !e.sources.is_empty() || e.body.cited_keys().next().is_some();
    if lib.event_sources[i].is_empty() && (broken.is_empty() || !names_sources) {
        out.push(
            Diagnostic::warning_at(
                &e.origin.key("sources").unwrap_or_else(|| e.origin.place()),
                format!("the event `{}` cites no source", e.id),
            )
            .hint("add `sources = [\"...\"]` or cite in the text with [@source-id]"),
        );
    }
    for &s in &lib.event_sources[i] {
        let src = &lib.sources[s];
        if let Some(d) = &src.date
            && d.surely_cmp(&e.date) == Ordering::Less
        {
            out.push(
                Diagnostic::warning_at(
                    &e.origin.locate(&src.id),
                    format!(
                        "`{}` was published ({}) before this event ({}) happened",
                        src.id, d.raw, e.date.raw
                    ),
                )
                .hint("check the event's date and the source's date, or cite a later source"),
            );
        }
    }
    if let Some(level) = e.escalation
        && !lib.config.ladder.is_empty()
        && !lib.config.ladder.contains_key(&level)
    {
        out.push(
            Diagnostic::warning_at(
                &e.origin.locate(&format!("escalation = {level}")),
                format!("escalation level {level} has no label on the ladder"),
            )
            .hint(format!(
                "add `{level} = \"...\"` under [escalation] in dossier.toml"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Doc;

    fn event(id: &str, date: &str, responds_to: &[&str]) -> Event {
        Event {
            id: id.into(),
            title: id.into(),
            date: Date::parse(date).unwrap(),
            date_end: None,
            circa: false,
            kind: String::new(),
            escalation: None,
            summary: String::new(),
            location: None,
            responds_to: responds_to.iter().map(|s| s.to_string()).collect(),
            sources: vec![],
            tags: vec![],
            actors: vec![],
            casualties: vec![],
            claims: vec![],
            body: Doc::default(),
            changes: vec![],
            origin: Origin::file("x.md", None),
        }
    }

    #[test]
    fn same_day_responses_follow_their_triggers() {
        let mut events = vec![
            event("a-condemnation", "2019-12-29", &["z-strike"]),
            event("z-strike", "2019-12-29", &["k1"]),
            event("k1", "2019-12-27", &[]),
            event("b-statement", "2019-12-29", &[]),
            event("month", "2019-12", &[]),
            event("c-cycle", "2020-01-01", &["d-cycle"]),
            event("d-cycle", "2020-01-01", &["c-cycle"]),
        ];
        events.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));
        let events = responses_after_triggers_on_ties(events);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "month",
                "k1",
                "b-statement",
                "z-strike",
                "a-condemnation",
                "c-cycle",
                "d-cycle"
            ]
        );
    }
}
