//! The cross-reference checks: every id a record names must exist, every
//! paragraph link must point at a paragraph, `responds_to` must not loop.
//! Each problem is one error at its place.

use super::{Citer, Library};
use crate::base::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::Broken;
use crate::markdown::{Doc, RecordLink, RefKind};
use crate::model::*;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Walks the records, checking every reference and gathering what cites
/// each source.
pub(crate) struct Resolver<'a> {
    pub(crate) lib: &'a Library,
    pub(crate) drafts: &'a BTreeSet<String>,
    /// What failed to load: references to it are not reported again.
    pub(crate) broken: &'a Broken,
    pub(crate) diags: &'a mut Diagnostics,
    /// (source, citer) pairs found.
    pub(crate) cites: Vec<(usize, Citer)>,
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
    pub(crate) fn event(&mut self, i: usize, e: &Event) {
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

    pub(crate) fn check_all(&mut self) {
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

/// Reports each cycle of `responds_to` links (a → b → a), whatever the
/// dates' precision lets through: one error per cycle, at the link of its
/// first event that points on along it.
pub(super) fn response_cycles(lib: &Library, diags: &mut Diagnostics) {
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
