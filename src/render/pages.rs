//! Views for actor, source, list, chronology and home pages.

use super::cite::{Citations, Reference};
use super::links::Links;
use super::views::{ActorRef, DateView, EventRow, SourceRef, TollView};
use crate::model::Toll;
use crate::model::{ActorKind, SourceKind};
use crate::resolve::{Citer, Library};
use serde::Serialize;

/// A relation as one actor's page shows it.
#[derive(Serialize)]
pub struct RelationView<'a> {
    /// "member of", or from the other end "has member".
    pub label: &'static str,
    /// The other actor.
    pub other: ActorRef<'a>,
    /// Since.
    pub from: &'a str,
    /// Until.
    pub until: &'a str,
    /// Citation HTML.
    pub cite: String,
}

/// An event in an actor's chronology, with the actor's part in it.
#[derive(Serialize)]
pub struct ActorEvent<'a> {
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

/// Events grouped under one role.
#[derive(Serialize)]
pub struct RoleGroup<'a> {
    /// Role word.
    pub role: &'static str,
    /// Events in time order.
    pub events: Vec<ActorEvent<'a>>,
}

/// Everything an actor page shows.
#[derive(Serialize)]
pub struct ActorPage<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Kind word.
    pub kind: &'static str,
    /// Spellings other than the name itself.
    pub aliases: Vec<&'a String>,
    /// Country.
    pub country: &'a str,
    /// One line.
    pub summary: &'a str,
    /// Citation of the record.
    pub record_cite: String,
    /// Relations from this actor.
    pub relations_out: Vec<RelationView<'a>>,
    /// Relations pointing at this actor.
    pub relations_in: Vec<RelationView<'a>>,
    /// Events by role.
    pub roles: Vec<RoleGroup<'a>>,
    /// Every event, in time order.
    pub chronology: Vec<ActorEvent<'a>>,
    /// Prose.
    pub body: String,
    /// References.
    pub references: Vec<Reference<'a>>,
    /// The corrections and updates log.
    pub changes: super::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: super::citefiles::CiteThis,
}

/// Builds an actor page.
pub fn actor_page<'a>(lib: &'a Library, links: Links<'a>, a: usize) -> ActorPage<'a> {
    let actor = &lib.actors[a];
    let mut cites = Citations::new(lib, links);
    let record_cite = cites.ids(&actor.sources);
    let relations_out = actor
        .relations
        .iter()
        .map(|r| RelationView {
            label: r.kind.label(),
            other: ActorRef::new(lib, links, &r.to),
            from: &r.from,
            until: &r.until,
            cite: cites.ids(&r.sources),
        })
        .collect();
    let relations_in = lib.relations_in[a]
        .iter()
        .map(|&(b, k)| {
            let r = &lib.actors[b].relations[k];
            RelationView {
                label: r.kind.inverse_label(),
                other: ActorRef::new(lib, links, &lib.actors[b].id),
                from: &r.from,
                until: &r.until,
                cite: cites.ids(&r.sources),
            }
        })
        .collect();
    let body = cites.body(&actor.body);
    let event = |&(i, k): &(usize, usize)| ActorEvent::of(lib, links, i, k);
    let parts = &lib.actor_events[a];
    let mut roles: Vec<RoleGroup> = Vec::new();
    for role in crate::model::Role::ALL {
        let events: Vec<ActorEvent> = parts
            .iter()
            .filter(|(i, k)| lib.events[*i].actors[*k].role == *role)
            .map(event)
            .collect();
        if !events.is_empty() {
            roles.push(RoleGroup {
                role: role.as_str(),
                events,
            });
        }
    }
    ActorPage {
        id: &actor.id,
        name: &actor.name,
        kind: actor.kind.as_str(),
        aliases: actor
            .aliases
            .iter()
            .filter(|a| !a.trim().eq_ignore_ascii_case(actor.name.trim()))
            .collect(),
        country: &actor.country,
        summary: &actor.summary,
        record_cite,
        relations_out,
        relations_in,
        roles,
        chronology: parts.iter().map(event).collect(),
        body,
        references: cites.references(),
        changes: super::changes::RecordChanges::new(&actor.changes, links),
        cite_this: super::citefiles::CiteThis::of(
            lib,
            links.paths,
            super::citefiles::Record::Actor(a),
        ),
    }
}

impl<'a> ActorEvent<'a> {
    /// Part `k` of event `i`'s actors, as the actor's page lists it.
    pub fn of(lib: &'a Library, links: Links<'_>, i: usize, k: usize) -> ActorEvent<'a> {
        let p = &lib.events[i].actors[k];
        ActorEvent {
            row: EventRow::new(lib, links, i),
            role: p.role.as_str(),
            confidence: p.confidence.map_or("", |c| c.as_str()),
            by: p.by.as_deref().map(|b| ActorRef::new(lib, links, b)),
        }
    }
}

/// A link to whatever cites a source.
#[derive(Serialize)]
pub struct CiterView<'a> {
    /// Title or name.
    pub title: &'a str,
    /// Link.
    pub url: String,
    /// Date, for events.
    pub date: Option<DateView<'a>>,
}

/// Everything a source page shows.
#[derive(Serialize)]
pub struct SourcePage<'a> {
    /// The record.
    #[serde(flatten)]
    pub source: SourceRef<'a>,
    /// What the reliability letter means.
    pub reliability_text: &'static str,
    /// What the credibility number means.
    pub credibility_text: &'static str,
    /// Short note.
    pub notes: &'a str,
    /// The original this republishes.
    pub republishes: Option<SourceRef<'a>>,
    /// Secondary reports relayed.
    pub relays: Vec<SourceRef<'a>>,
    /// Sources relaying or republishing this one.
    pub relayed_by: Vec<CiterView<'a>>,
    /// Events citing it.
    pub events: Vec<CiterView<'a>>,
    /// Actors citing it.
    pub actors: Vec<CiterView<'a>>,
    /// Pages citing it.
    pub pages: Vec<CiterView<'a>>,
    /// Preserved copies.
    pub captures: Vec<CaptureView<'a>>,
    /// The readable page of its text or HTML capture.
    pub capture_page: Option<String>,
    /// The editor's note.
    pub body: String,
    /// References of the note.
    pub references: Vec<Reference<'a>>,
    /// The corrections and updates log.
    pub changes: super::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: super::citefiles::CiteThis,
}

/// A preserved copy as pages show it.
#[derive(Serialize)]
pub struct CaptureView<'a> {
    /// Path under `captures/`.
    pub file: &'a str,
    /// Link to the published copy.
    pub href: String,
    /// "text", "HTML", "MHTML", "WARC", "file".
    pub format: &'static str,
    /// Bytes.
    pub size: usize,
    /// When it was taken.
    pub captured_at: &'a str,
    /// What took it.
    pub tool: &'a str,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// Where it was taken from.
    pub url: &'a str,
    /// A public archive's copy.
    pub archive_url: &'a str,
    /// The editor's note.
    pub note: &'a str,
}

impl<'a> CaptureView<'a> {
    /// The view of `c`.
    pub fn new(links: Links<'_>, c: &'a crate::evidence::Capture) -> CaptureView<'a> {
        CaptureView {
            file: &c.file,
            href: links.capture_file(&c.file),
            format: c.format().label(),
            size: c.bytes.0.len(),
            captured_at: &c.captured_at,
            tool: &c.tool,
            sha256: &c.sha256,
            url: &c.url,
            archive_url: &c.archive_url,
            note: &c.note,
        }
    }
}

/// Everything a capture page shows.
#[derive(Serialize)]
pub struct CapturePage<'a> {
    /// The copy.
    #[serde(flatten)]
    pub capture: CaptureView<'a>,
    /// The source's title.
    pub source_title: &'a str,
    /// The source's page.
    pub source_url: String,
    /// Numbered paragraphs.
    pub count: usize,
    /// The text, in pieces.
    pub pieces: Vec<PieceView<'a>>,
}

/// A paragraph, or markup between paragraphs, of a capture page.
#[derive(Serialize)]
pub struct PieceView<'a> {
    /// Sanitised markup written as it is (between paragraphs).
    pub raw: Option<&'a str>,
    /// The paragraph's number, when counted.
    pub number: Option<usize>,
    /// The paragraph's inner HTML (escaped text or sanitised markup).
    pub html: &'a str,
    /// The places citing it, each linking to its first citation of it.
    pub cited: Vec<CiterView<'a>>,
}

/// Builds the readable page of source `s`'s capture; `None` without one.
pub fn capture_page<'a>(lib: &'a Library, links: Links<'a>, s: usize) -> Option<CapturePage<'a>> {
    let src = &lib.sources[s];
    let capture = src.readable()?;
    let readable = capture.readable.as_ref()?;
    let citers = &lib.para_citers[s];
    let pieces = readable
        .pieces
        .iter()
        .map(|p| match p {
            crate::evidence::Piece::Raw(html) => PieceView {
                raw: Some(html),
                number: None,
                html: "",
                cited: Vec::new(),
            },
            crate::evidence::Piece::Para(number, html) => {
                let cited = match number {
                    Some(n) => {
                        let from = citers.partition_point(|c| c.para < *n);
                        citers[from..]
                            .iter()
                            .take_while(|c| c.para == *n)
                            .map(|c| {
                                let mut view = citer_view(lib, links, c.citer);
                                view.url.push('#');
                                view.url
                                    .push_str(&crate::evidence::locator::anchor(c.anchor));
                                view
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                PieceView {
                    raw: None,
                    number: *number,
                    html,
                    cited,
                }
            }
        })
        .collect();
    Some(CapturePage {
        capture: CaptureView::new(links, capture),
        source_title: &src.title,
        source_url: links.source(&src.id),
        count: readable.count,
        pieces,
    })
}

/// A link to a place citing a source.
fn citer_view<'a>(lib: &'a Library, links: Links<'_>, citer: Citer) -> CiterView<'a> {
    match citer {
        Citer::Event(i) => CiterView {
            title: &lib.events[i].title,
            url: links.event(&lib.events[i].id),
            date: Some(DateView::event(lib, i)),
        },
        Citer::Actor(i) => CiterView {
            title: &lib.actors[i].name,
            url: links.actor(&lib.actors[i].id),
            date: None,
        },
        Citer::Source(i) => CiterView {
            title: &lib.sources[i].title,
            url: links.source(&lib.sources[i].id),
            date: lib.sources[i].date.as_ref().map(DateView::of),
        },
        Citer::Page(i) => CiterView {
            title: &lib.pages[i].title,
            url: links.page(&lib.pages[i].slug),
            date: None,
        },
        Citer::Index => CiterView {
            title: "Home",
            url: if links.root.is_empty() {
                "./".into()
            } else {
                links.root.to_string()
            },
            date: None,
        },
    }
}

/// Builds a source page.
pub fn source_page<'a>(lib: &'a Library, links: Links<'a>, s: usize) -> SourcePage<'a> {
    let src = &lib.sources[s];
    let mut cites = Citations::new(lib, links);
    let body = cites.body(&src.body);
    let (mut events, mut actors, mut pages, mut relayed_by) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Each citing page is linked at its first citation of the source.
    let at = |url: String| format!("{url}#{}", super::cite::citation_anchor(&src.id));
    for citer in &lib.cited_by[s] {
        match *citer {
            Citer::Event(i) => events.push(CiterView {
                title: &lib.events[i].title,
                url: at(links.event(&lib.events[i].id)),
                date: Some(DateView::event(lib, i)),
            }),
            Citer::Actor(i) => actors.push(CiterView {
                title: &lib.actors[i].name,
                url: at(links.actor(&lib.actors[i].id)),
                date: None,
            }),
            Citer::Source(i) => relayed_by.push(CiterView {
                title: &lib.sources[i].title,
                url: links.source(&lib.sources[i].id),
                date: lib.sources[i].date.as_ref().map(DateView::of),
            }),
            Citer::Page(i) => pages.push(CiterView {
                title: &lib.pages[i].title,
                url: at(links.page(&lib.pages[i].slug)),
                date: None,
            }),
            Citer::Index => pages.push(CiterView {
                title: "Home",
                url: at(if links.root.is_empty() {
                    "./".into()
                } else {
                    links.root.to_string()
                }),
                date: None,
            }),
        }
    }
    SourcePage {
        source: SourceRef::new(lib, links, s),
        reliability_text: match src.reliability {
            Some('A') => "completely reliable",
            Some('B') => "usually reliable",
            Some('C') => "fairly reliable",
            Some('D') => "not usually reliable",
            Some('E') => "unreliable",
            Some('F') => "reliability cannot be judged",
            _ => "",
        },
        credibility_text: match src.credibility {
            Some(1) => "confirmed by other sources",
            Some(2) => "probably true",
            Some(3) => "possibly true",
            Some(4) => "doubtful",
            Some(5) => "improbable",
            Some(6) => "truth cannot be judged",
            _ => "",
        },
        notes: &src.notes,
        republishes: src
            .republishes
            .as_deref()
            .and_then(|r| lib.source(r))
            .map(|r| SourceRef::new(lib, links, r)),
        relays: src
            .relays
            .iter()
            .filter_map(|r| lib.source(r))
            .map(|r| SourceRef::new(lib, links, r))
            .collect(),
        relayed_by,
        events,
        actors,
        pages,
        captures: src
            .captures
            .iter()
            .map(|c| CaptureView::new(links, c))
            .collect(),
        capture_page: src.readable().map(|_| links.capture(&src.id)),
        body,
        references: cites.references(),
        changes: super::changes::RecordChanges::new(&src.changes, links),
        cite_this: super::citefiles::CiteThis::of(
            lib,
            links.paths,
            super::citefiles::Record::Source(s),
        ),
    }
}

/// A group of actors of one kind.
#[derive(Serialize)]
pub struct ActorGroup<'a> {
    /// Kind word.
    pub kind: &'static str,
    /// Actors by name.
    pub actors: Vec<ActorListItem<'a>>,
}

/// An actor in the list.
#[derive(Serialize)]
pub struct ActorListItem<'a> {
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
pub fn actor_groups<'a>(lib: &'a Library, links: Links<'a>) -> Vec<ActorGroup<'a>> {
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

/// A bibliography entry.
#[derive(Serialize)]
pub struct BibItem<'a> {
    /// The source.
    #[serde(flatten)]
    pub source: SourceRef<'a>,
    /// How many records cite it.
    pub cited: usize,
    /// The dossier holds a preserved copy of it (a primary document, such
    /// as the seed articles), rather than knowing it through others.
    pub held: bool,
    /// Its reliability letter (A–F), "" when ungraded: what the index's
    /// grade filter reads.
    pub reliability: String,
}

/// Sources of one kind.
#[derive(Serialize)]
pub struct BibGroup<'a> {
    /// Kind word.
    pub kind: &'static str,
    /// Entries by outlet, date and title.
    pub sources: Vec<BibItem<'a>>,
}

/// The bibliography, grouped by kind of source.
pub fn bibliography<'a>(lib: &'a Library, links: Links<'a>) -> Vec<BibGroup<'a>> {
    SourceKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut items: Vec<(usize, BibItem)> = lib
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == *kind)
                .map(|(i, _)| {
                    (
                        i,
                        BibItem {
                            source: SourceRef::new(lib, links, i),
                            cited: lib.cited_by[i].len(),
                            held: !lib.sources[i].captures.is_empty(),
                            reliability: lib.sources[i]
                                .reliability
                                .map(String::from)
                                .unwrap_or_default(),
                        },
                    )
                })
                .collect();
            items.sort_by_key(|(i, _)| {
                let s = &lib.sources[*i];
                (
                    s.outlet.to_lowercase(),
                    s.date.as_ref().map(|d| d.sort_key()),
                    s.title.to_lowercase(),
                    s.id.clone(),
                )
            });
            (!items.is_empty()).then(|| BibGroup {
                kind: kind.as_str(),
                sources: items.into_iter().map(|(_, b)| b).collect(),
            })
        })
        .collect()
}

/// The home page's figures.
#[derive(Serialize)]
pub struct KeyFigures<'a> {
    /// Events.
    pub events: usize,
    /// Actors.
    pub actors: usize,
    /// Sources.
    pub sources: usize,
    /// First event's date.
    pub first: Option<DateView<'a>>,
    /// Last event's date.
    pub last: Option<DateView<'a>>,
    /// Reported casualties, summed.
    pub toll: TollView,
    /// Highest escalation level reached.
    pub peak: Option<u8>,
}

/// Figures for the home page.
pub fn key_figures(lib: &Library) -> KeyFigures<'_> {
    let mut toll = Toll::default();
    for e in &lib.events {
        toll.add(Toll::of(&e.casualties));
    }
    KeyFigures {
        events: lib.events.len(),
        actors: lib.actors.len(),
        sources: lib.sources.len(),
        first: lib.events.first().map(|e| DateView::of(&e.date)),
        last: lib.events.last().map(|e| DateView::of(&e.date)),
        toll: toll.into(),
        peak: lib.events.iter().filter_map(|e| e.escalation).max(),
    }
}
