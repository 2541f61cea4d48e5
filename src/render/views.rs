//! Borrowed views of the library, shaped for templates.

use super::cite::{Citations, Reference};
use super::links::Links;
use crate::base::text::push;
use crate::model::{Date, Toll};
use crate::resolve::Library;
use serde::Serialize;
use std::borrow::Cow;

/// A date as templates show it.
#[derive(Serialize)]
pub struct DateView<'a> {
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
    pub fn event(lib: &'a Library, i: usize) -> DateView<'a> {
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
    pub fn source(lib: &'a Library, s: usize) -> Option<DateView<'a>> {
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
    pub fn of(d: &'a Date) -> DateView<'a> {
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
pub struct ActorRef<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Link.
    pub url: String,
}

impl<'a> ActorRef<'a> {
    /// The actor `id`, which the resolver has checked.
    pub fn new(lib: &'a Library, links: Links<'_>, id: &'a str) -> ActorRef<'a> {
        ActorRef {
            id,
            name: lib.actor_name(id),
            url: links.actor(id),
        }
    }

    /// The actor at index `a`.
    pub fn of(lib: &'a Library, links: Links<'_>, a: usize) -> ActorRef<'a> {
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
pub struct SourceRef<'a> {
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Outlet.
    pub outlet: &'a str,
    /// Author.
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
    pub fn new(lib: &'a Library, links: Links<'_>, s: usize) -> SourceRef<'a> {
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
pub struct EventRow<'a> {
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Link.
    pub url: String,
    /// Date.
    pub date: DateView<'a>,
    /// Kind id.
    pub kind: &'a str,
    /// Kind label.
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
    pub fn new(lib: &'a Library, links: Links<'_>, i: usize) -> EventRow<'a> {
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

/// The ladder's label for a level.
pub fn level_label(lib: &Library, level: Option<u8>) -> &str {
    level
        .and_then(|l| lib.config.ladder.get(&l))
        .map_or("", String::as_str)
}

/// The escalation step of a response over its trigger: the response's
/// level minus the trigger's, when both have one.
pub fn escalation_step(lib: &Library, trigger: usize, response: usize) -> Option<i16> {
    Some(i16::from(lib.events[response].escalation?) - i16::from(lib.events[trigger].escalation?))
}

/// An event linked from another, with the escalation step between them.
#[derive(Serialize)]
pub struct LinkedEvent<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Level of the later event minus level of the earlier.
    pub step: Option<i16>,
}

/// An actor's part in an event.
#[derive(Serialize)]
pub struct ParticipationView<'a> {
    /// Actor.
    pub actor: ActorRef<'a>,
    /// Role.
    pub role: &'static str,
    /// Confidence.
    pub confidence: &'static str,
    /// Who attributes it.
    pub by: Option<ActorRef<'a>>,
    /// Citation HTML.
    pub cite: String,
}

/// One source's casualty figures.
#[derive(Serialize)]
pub struct CasualtyView<'a> {
    /// "24", "24–25", "" when not given.
    pub killed: String,
    /// Injured.
    pub injured: String,
    /// "At least".
    pub min_only: bool,
    /// Who.
    pub who: &'a str,
    /// Citation HTML.
    pub cite: String,
}

/// Toll figures as text for templates.
#[derive(Serialize)]
pub struct TollView {
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
pub struct ViaView<'a> {
    /// Name of the actor or outlet.
    pub name: &'a str,
    /// Link.
    pub url: String,
    /// "actor" or "source".
    pub kind: &'static str,
}

/// One link of a claim's reporting chain: an actor, or a source by its
/// outlet.
pub fn via_view<'a>(lib: &'a Library, links: Links<'_>, v: &'a str) -> ViaView<'a> {
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

/// A claim.
#[derive(Serialize)]
pub struct ClaimView<'a> {
    /// Speaker.
    pub by: ActorRef<'a>,
    /// Stance, as written in records (the class name).
    pub stance: &'static str,
    /// Stance as the page words it: "other" reads "states".
    pub stance_label: &'static str,
    /// Text.
    pub text: &'a str,
    /// Reporting chain.
    pub via: Vec<ViaView<'a>>,
    /// Citation HTML.
    pub cite: String,
    /// Anchor (`claim-1`), which the claims ledger links to.
    pub anchor: String,
    /// The editors' rating, if any.
    pub rating: Option<super::claims::RatingView<'a>>,
}

/// Everything an event page shows.
#[derive(Serialize)]
pub struct EventPage<'a> {
    /// The event as in lists.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Where.
    pub location: Option<LocationView<'a>>,
    /// Tags.
    pub tags: &'a [String],
    /// Citation of the record as a whole.
    pub record_cite: String,
    /// Actors by role.
    pub participants: Vec<ParticipationView<'a>>,
    /// Figures per source.
    pub casualties: Vec<CasualtyView<'a>>,
    /// Figures summed, spread kept.
    pub toll: TollView,
    /// Claims.
    pub claims: Vec<ClaimView<'a>>,
    /// Earlier events answered.
    pub responds_to: Vec<LinkedEvent<'a>>,
    /// Later events answering it.
    pub responded_by: Vec<LinkedEvent<'a>>,
    /// Previous event in time.
    pub previous: Option<EventRow<'a>>,
    /// Next event in time.
    pub next: Option<EventRow<'a>>,
    /// Narrative HTML.
    pub body: String,
    /// Reference list.
    pub references: Vec<Reference<'a>>,
    /// The corrections and updates log.
    pub changes: super::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: super::citefiles::CiteThis,
}

/// A location.
#[derive(Serialize)]
pub struct LocationView<'a> {
    /// Place name.
    pub name: &'a str,
    /// Country.
    pub country: &'a str,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Precision word.
    pub precision: &'static str,
}

/// Builds an event page.
pub fn event_page<'a>(lib: &'a Library, links: Links<'a>, i: usize) -> EventPage<'a> {
    let e = &lib.events[i];
    let mut cites = Citations::new(lib, links);
    let record_cite = cites.ids(&e.sources);
    let participants = e
        .actors
        .iter()
        .map(|p| ParticipationView {
            actor: ActorRef::new(lib, links, &p.actor),
            role: p.role.as_str(),
            confidence: p.confidence.map_or("", |c| c.as_str()),
            by: p.by.as_deref().map(|b| ActorRef::new(lib, links, b)),
            cite: cites.ids(&p.sources),
        })
        .collect();
    let casualties = e
        .casualties
        .iter()
        .map(|c| CasualtyView {
            killed: c.killed.map(|f| f.display()).unwrap_or_default(),
            injured: c.injured.map(|f| f.display()).unwrap_or_default(),
            min_only: c.min_only,
            who: &c.who,
            cite: cites.ids(&c.sources),
        })
        .collect();
    let claims = e
        .claims
        .iter()
        .enumerate()
        .map(|(n, c)| ClaimView {
            anchor: super::claims::claim_anchor(n),
            rating: super::claims::rating_view(lib, c),
            by: ActorRef::new(lib, links, &c.by),
            stance: c.stance.as_str(),
            stance_label: stance_label(c.stance),
            text: &c.text,
            via: c
                .via
                .iter()
                .filter(|v| !is_claimant(lib, &c.by, v))
                .map(|v| via_view(lib, links, v))
                .collect(),
            cite: {
                let mut cite = cites.ids(&c.sources);
                // A source the claim passed through cites it too: the
                // source's page links here when nothing else does.
                for s in c.via.iter().filter_map(|v| match lib.actor(v) {
                    Some(_) => None,
                    None => lib.source(v),
                }) {
                    cite.push_str(&cites.mention(s));
                }
                cite
            },
        })
        .collect();
    let mut body = cites.body(&e.body);
    if let Some(linker) = lib.auto_linker() {
        body = linker.link(&body, |a| links.actor(&lib.actors[a].id));
    }
    let responds_to = e
        .responds_to
        .iter()
        .filter_map(|t| lib.event(t))
        .map(|j| LinkedEvent {
            row: EventRow::new(lib, links, j),
            step: escalation_step(lib, j, i),
        })
        .collect();
    let responded_by = lib.responded_by[i]
        .iter()
        .map(|&j| LinkedEvent {
            row: EventRow::new(lib, links, j),
            step: escalation_step(lib, i, j),
        })
        .collect();
    EventPage {
        row: EventRow::new(lib, links, i),
        location: e.location.as_ref().map(|l| LocationView {
            name: &l.name,
            country: &l.country,
            lat: l.coords.map(|c| c.0),
            lon: l.coords.map(|c| c.1),
            precision: l.precision.map_or("", |p| p.as_str()),
        }),
        tags: &e.tags,
        record_cite,
        participants,
        casualties,
        toll: Toll::of(&e.casualties).into(),
        claims,
        responds_to,
        responded_by,
        previous: i.checked_sub(1).map(|j| EventRow::new(lib, links, j)),
        next: (i + 1 < lib.events.len()).then(|| EventRow::new(lib, links, i + 1)),
        body,
        references: cites.references(),
        changes: super::changes::RecordChanges::new(&e.changes, links),
        cite_this: super::citefiles::CiteThis::of(
            lib,
            links.paths,
            super::citefiles::Record::Event(i),
        ),
    }
}

/// How a claim's stance reads on the page: the vocabulary's verbs, except
/// "other", which says nothing to a reader and reads "states".
pub fn stance_label(stance: crate::model::record::Stance) -> &'static str {
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
