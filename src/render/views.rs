//! Borrowed views of the library, shaped for templates.

use super::links::Links;
use crate::base::text::push;
use crate::model::{Date, Toll};
use crate::resolve::Library;
use serde::Serialize;
use std::borrow::Cow;

/// A date as templates show it.
#[derive(Serialize)]
pub(crate) struct DateView<'a> {
    /// "27 December 2019", "c. December 2019", "27–28 December 2019".
    pub display: Cow<'a, str>,
    /// "2019-12-27" for tables and sorting.
    pub short: Cow<'a, str>,
    /// As written (ISO 8601 / RFC 3339), for `<time datetime>`.
    pub iso: &'a str,
    /// year | month | day | time.
    pub precision: &'static str,
    /// The date is approximate.
    pub circa: bool,
    /// The event spans days.
    pub span: bool,
}

impl<'a> DateView<'a> {
    /// Event `i`'s date, with its end and `circa`.
    pub(crate) fn event(lib: &'a Library, i: usize) -> DateView<'a> {
        let e = &lib.events[i];
        let written = &lib.event_dates[i];
        DateView {
            display: Cow::Borrowed(&written.display),
            short: Cow::Borrowed(&written.short),
            iso: &e.date.raw,
            precision: e.date.precision.as_str(),
            circa: e.circa,
            span: e.date_end.is_some(),
        }
    }

    /// Source `s`'s date, if it has one.
    pub(crate) fn source(lib: &'a Library, s: usize) -> Option<DateView<'a>> {
        let d = lib.sources[s].date.as_ref()?;
        let written = lib.source_dates[s].as_ref()?;
        Some(DateView {
            display: Cow::Borrowed(&written.display),
            short: Cow::Borrowed(&written.short),
            iso: &d.raw,
            precision: d.precision.as_str(),
            circa: false,
            span: false,
        })
    }

    /// A plain date.
    pub(crate) fn of(d: &'a Date) -> DateView<'a> {
        DateView {
            display: Cow::Owned(d.display()),
            short: Cow::Owned(d.short()),
            iso: &d.raw,
            precision: d.precision.as_str(),
            circa: false,
            span: false,
        }
    }
}

/// A link to an actor.
#[derive(Serialize)]
pub(crate) struct ActorRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Link.
    pub url: String,
}

impl<'a> ActorRef<'a> {
    /// The actor `id`, which the resolver has checked.
    pub(crate) fn new(lib: &'a Library, links: Links<'_>, id: &'a str) -> ActorRef<'a> {
        ActorRef {
            id,
            name: lib.actor_name(id),
            url: links.actor(id),
        }
    }

    /// The actor at index `a`.
    pub(crate) fn of(lib: &'a Library, links: Links<'_>, a: usize) -> ActorRef<'a> {
        let actor = &lib.actors[a];
        ActorRef {
            id: &actor.id,
            name: &actor.name,
            url: links.actor(&actor.id),
        }
    }
}

/// A link to a source, with what a reference list shows.
#[derive(Serialize)]
pub(crate) struct SourceRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub outlet: &'a str,
    pub author: &'a str,
    /// Publication date.
    pub date: Option<DateView<'a>>,
    /// The source's page.
    pub url: String,
    /// The original's address, if any.
    pub link: &'a str,
    /// Kind of source.
    pub kind: &'static str,
    /// "B2", "C", "" …
    pub grade: String,
}

impl<'a> SourceRef<'a> {
    /// The source at index `s`.
    pub(crate) fn new(lib: &'a Library, links: Links<'_>, s: usize) -> SourceRef<'a> {
        let src = &lib.sources[s];
        SourceRef {
            id: &src.id,
            title: &src.title,
            outlet: &src.outlet,
            author: &src.author,
            date: DateView::source(lib, s),
            url: links.source(&src.id),
            link: &src.url,
            kind: src.kind.as_str(),
            grade: {
                let mut grade = String::new();
                if let Some(r) = src.reliability {
                    grade.push(r);
                }
                if let Some(c) = src.credibility {
                    push!(&mut grade, c);
                }
                grade
            },
        }
    }
}

/// An event in lists and tables.
#[derive(Serialize)]
pub(crate) struct EventRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Link.
    pub url: String,
    pub date: DateView<'a>,
    /// Kind id.
    pub kind: &'a str,
    pub kind_label: &'a str,
    /// Level, if given.
    pub escalation: Option<u8>,
    /// Ladder label of the level.
    pub escalation_label: &'a str,
    /// One line.
    pub summary: &'a str,
    /// Actors named in the event (unique, in record order).
    pub actors: Vec<ActorRef<'a>>,
}

impl<'a> EventRow<'a> {
    /// The event at index `i`.
    pub(crate) fn new(lib: &'a Library, links: Links<'_>, i: usize) -> EventRow<'a> {
        let e = &lib.events[i];
        let actors = lib.event_actors[i]
            .iter()
            .map(|&a| ActorRef::of(lib, links, a))
            .collect();
        EventRow {
            id: &e.id,
            title: &e.title,
            url: links.event(&e.id),
            date: DateView::event(lib, i),
            kind: &e.kind,
            kind_label: lib.config.kind_label(&e.kind),
            escalation: e.escalation,
            escalation_label: level_label(lib, e.escalation),
            summary: &e.summary,
            actors,
        }
    }
}

/// An event in an actor's chronology, with the actor's part in it.
#[derive(Serialize)]
pub(crate) struct ActorEvent<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// The actor's role.
    pub role: &'static str,
    /// Confidence of the role.
    pub confidence: &'static str,
    /// Who attributes it.
    pub by: Option<ActorRef<'a>>,
}

impl<'a> ActorEvent<'a> {
    /// Part `k` of event `i`'s actors, as the actor's page lists it.
    pub(crate) fn of(lib: &'a Library, links: Links<'_>, i: usize, k: usize) -> ActorEvent<'a> {
        let p = &lib.events[i].actors[k];
        ActorEvent {
            row: EventRow::new(lib, links, i),
            role: p.role.as_str(),
            confidence: p.confidence.map_or("", |c| c.as_str()),
            by: p.by.as_deref().map(|b| ActorRef::new(lib, links, b)),
        }
    }
}

/// The ladder's label for a level.
pub(crate) fn level_label(lib: &Library, level: Option<u8>) -> &str {
    level
        .and_then(|l| lib.config.ladder.get(&l))
        .map_or("", String::as_str)
}

/// The escalation step of a response over its trigger: the response's
/// level minus the trigger's, when both have one.
pub(crate) fn escalation_step(lib: &Library, trigger: usize, response: usize) -> Option<i16> {
    Some(i16::from(lib.events[response].escalation?) - i16::from(lib.events[trigger].escalation?))
}

/// Toll figures as text for templates.
#[derive(Serialize)]
pub(crate) struct TollView {
    /// "1", "24–25", "at least 17"; "" when no source gives a number.
    pub killed: String,
    /// Injured, likewise.
    pub injured: String,
    /// "1–2 killed, 4 injured", only the figures given.
    pub text: String,
    /// Sources disagree.
    pub disputed: bool,
    /// Any figure given.
    pub known: bool,
}

impl From<Toll> for TollView {
    fn from(t: Toll) -> Self {
        TollView {
            killed: t.killed(),
            injured: t.injured(),
            text: t.text(),
            disputed: t.disputed,
            known: t.known(),
        }
    }
}

/// A link in a claim's reporting chain.
#[derive(Serialize)]
pub(crate) struct ViaView<'a> {
    /// Name of the actor or outlet.
    pub name: &'a str,
    /// Link.
    pub url: String,
    /// "actor" or "source".
    pub kind: &'static str,
}

/// One link of a claim's reporting chain: an actor, or a source by its
/// outlet.
pub(crate) fn via_view<'a>(lib: &'a Library, links: Links<'_>, v: &'a str) -> ViaView<'a> {
    match lib.actor(v) {
        Some(a) => ViaView {
            name: &lib.actors[a].name,
            url: links.actor(v),
            kind: "actor",
        },
        None => {
            let s = lib.source(v).map(|s| &lib.sources[s]);
            ViaView {
                name: s.map_or(v, |s| {
                    if s.outlet.is_empty() {
                        &s.title
                    } else {
                        &s.outlet
                    }
                }),
                url: links.source(v),
                kind: "source",
            }
        }
    }
}

/// How a claim's stance reads on the page: the vocabulary's verbs, except
/// "other", which says nothing to a reader and reads "states".
pub(crate) fn stance_label(stance: crate::model::record::Stance) -> &'static str {
    use crate::model::record::Stance;
    match stance {
        Stance::Other => "states",
        s => s.as_str(),
    }
}

/// Whether a claim's reporting-chain entry `via` is the claimant itself: the
/// same actor, or a source whose outlet is the claimant under its name, its
/// name without a parenthesis ("US Department of Defense (Pentagon)") or an
/// alias. "Reported via" the speaker would only repeat the speaker.
pub(super) fn is_claimant(lib: &Library, by: &str, via: &str) -> bool {
    if via == by {
        return true;
    }
    let (Some(a), Some(s)) = (lib.actor(by), lib.source(via)) else {
        return false;
    };
    let actor = &lib.actors[a];
    let outlet = lib.sources[s].outlet.trim();
    if outlet.is_empty() {
        return false;
    }
    let bare = actor.name.split(" (").next().unwrap_or(&actor.name);
    std::iter::once(actor.name.as_str())
        .chain(std::iter::once(bare))
        .chain(actor.aliases.iter().map(String::as_str))
        .any(|n| n.trim().eq_ignore_ascii_case(outlet))
}
