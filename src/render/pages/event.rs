//! An event's page: `event.html`.

use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::render::PageRenderer;
use crate::render::chrono_page::ChainView;
use crate::render::cite::{Citations, Reference};
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::jsonld;
use crate::render::links::Links;
use crate::render::views::*;
use crate::resolve::Library;
use serde::Serialize;
use std::fmt::Write;

/// A list of linked events with their steps (`responds_to`, `responded_by`).
fn linked_list(out: &mut String, heading: &str, list: &[LinkedEvent]) {
    if list.is_empty() {
        return;
    }
    out.push_str("<h3>");
    out.push_str(heading);
    out.push_str("</h3>\n<ul>");
    for e in list {
        out.push_str("<li>");
        date(out, &e.row.date);
        out.push_str(": ");
        link(out, &e.row.url, e.row.title);
        out.push(' ');
        step(out, e.step);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// `event.html`; `ld` is the event's JSON-LD and its claims' reviews ("" when
/// none is rated).
fn write(
    frame: Frame,
    event: &EventPage,
    chain_view: Option<&ChainView>,
    ld: [&str; 2],
    map: &str,
) -> Result<(), Diagnostic> {
    let [jsonld, claim_reviews] = ld;
    let site = frame.site;
    frame.out.reserve(16 * 1024 + event.body.len() + map.len());
    let mut description = String::new();
    if event.row.summary.is_empty() {
        esc(&mut description, site.description);
    } else {
        esc(&mut description, event.row.summary);
    }
    let mut head = String::with_capacity(jsonld.len() + claim_reviews.len() + 96);
    push!(
        &mut head,
        "<script type=\"application/ld+json\">",
        jsonld,
        "</script>\n"
    );
    if !claim_reviews.is_empty() {
        push!(
            &mut head,
            "<script type=\"application/ld+json\">",
            claim_reviews,
            "</script>\n"
        );
    }
    let blocks = Blocks {
        description: Some(&description),
        og_type: "article",
        head: &head,
        body_class: "event",
    };
    frame.write(&blocks, |out| event_main(out, event, chain_view, map))
}

fn event_main(out: &mut String, event: &EventPage, chain_view: Option<&ChainView>, map: &str) {
    let row = &event.row;
    out.push_str(
        "\n<article class=\"record\">\n<header class=\"page-header\">\n<p class=\"kicker\">",
    );
    if row.kind_label.is_empty() {
        out.push_str("Event");
    } else {
        esc(out, row.kind_label);
    }
    record_title(out, row.title, &event.record_cite, row.summary);
    corrections(out, &event.changes);
    out.push_str("<dl class=\"facts\">\n<div><dt>Date</dt><dd>");
    date(out, &row.date);
    if row.date.circa {
        out.push_str(" <span class=\"precision-note\">(approximate)</span>");
    }
    out.push_str("</dd></div>\n");
    if let Some(l) = &event.location {
        out.push_str("<div><dt>Location</dt><dd>");
        esc(out, l.name);
        if !l.country.is_empty() {
            out.push_str(", ");
            esc(out, l.country);
        }
        if let Some(lat) = l.lat {
            let _ = write!(out, " <span class=\"coords\">({lat}, ");
            if let Some(lon) = l.lon {
                let _ = write!(out, "{lon}");
            }
            if !l.precision.is_empty() {
                out.push_str("; ");
                out.push_str(l.precision);
            }
            out.push_str(")</span>");
        }
        out.push_str("</dd></div>");
    }
    out.push('\n');
    if row.escalation.is_some() {
        out.push_str("<div><dt>Escalation</dt><dd>");
        escalation(out, row.escalation, row.escalation_label);
        out.push(' ');
        esc(out, row.escalation_label);
        out.push_str("</dd></div>");
    }
    out.push('\n');
    if event.toll.known {
        out.push_str("<div><dt>Reported toll</dt><dd>");
        esc(out, &event.toll.text);
        if event.toll.disputed {
            out.push_str(" <span class=\"disputed\">(sources disagree: see below)</span>");
        }
        out.push_str("</dd></div>");
    }
    out.push('\n');
    if !event.tags.is_empty() {
        out.push_str("<div><dt>Tags</dt><dd>");
        esc(out, &event.tags.join(", "));
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>\n");
    out.push_str(map);
    out.push('\n');
    if !event.participants.is_empty() {
        out.push_str("<section class=\"participants\">\n<h2>Actors</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Role</th><th scope=\"col\">Confidence</th><th scope=\"col\">Attributed by</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
        for p in &event.participants {
            out.push_str("<tr><td>");
            link(out, &p.actor.url, p.actor.name);
            out.push_str("</td><td class=\"role role-");
            out.push_str(p.role);
            out.push_str("\">");
            out.push_str(p.role);
            out.push_str("</td><td class=\"confidence confidence-");
            out.push_str(p.confidence);
            out.push_str("\">");
            out.push_str(p.confidence);
            out.push_str("</td><td>");
            if let Some(by) = &p.by {
                link(out, &by.url, by.name);
            }
            out.push_str("</td><td>");
            out.push_str(&p.cite);
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n</section>");
    }
    out.push_str("\n\n");
    if !event.casualties.is_empty() {
        out.push_str("<section class=\"casualties\">\n<h2>Casualties</h2>\n<p>Figures as each source gives them, side by side; figures for the same group from different sources are summed as a range, never as one number.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Who</th><th scope=\"col\">Killed</th><th scope=\"col\">Injured</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
        for c in &event.casualties {
            out.push_str("<tr><td>");
            esc(out, c.who);
            out.push_str("</td><td>");
            if c.min_only && !c.killed.is_empty() {
                out.push_str("at least ");
            }
            esc(out, &c.killed);
            out.push_str("</td><td>");
            if c.min_only && !c.injured.is_empty() {
                out.push_str("at least ");
            }
            esc(out, &c.injured);
            out.push_str("</td><td>");
            out.push_str(&c.cite);
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n</section>");
    }
    out.push_str("\n\n");
    if !event.claims.is_empty() {
        out.push_str("<section class=\"claims\">\n<h2>Claims</h2>\n<ul class=\"claim-list\">\n");
        for c in &event.claims {
            out.push_str("<li class=\"claim stance-");
            out.push_str(c.stance);
            out.push_str("\" id=\"");
            esc(out, &c.anchor);
            out.push_str("\">");
            link(out, &c.by.url, c.by.name);
            out.push_str(" <span class=\"stance\">");
            out.push_str(c.stance_label);
            out.push_str("</span>: ");
            esc(out, c.text);
            out.push_str(&c.cite);
            if !c.via.is_empty() {
                out.push_str(" <span class=\"via\">Reported via ");
                for (n, via) in c.via.iter().enumerate() {
                    if n > 0 {
                        out.push_str(" → ");
                    }
                    link(out, &via.url, via.name);
                }
                out.push_str("</span>");
            }
            if let Some(r) = &c.rating {
                out.push_str(" <span class=\"rating rating-");
                esc(out, r.id);
                out.push_str("\">Rated: ");
                esc(out, r.label);
                out.push_str("</span>");
                if !r.note.is_empty() {
                    out.push_str(" <span class=\"rating-note\">");
                    esc(out, r.note);
                    out.push_str("</span>");
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>");
    }
    out.push_str("\n\n");
    if !event.body.is_empty() {
        out.push_str("<section class=\"prose narrative\">\n<h2>Narrative</h2>\n");
        out.push_str(&event.body);
        out.push_str("\n</section>");
    }
    out.push_str("\n\n");
    if !event.responds_to.is_empty() || !event.responded_by.is_empty() {
        out.push_str("<section class=\"tit-for-tat\">\n<h2>Tit for tat</h2>\n");
        linked_list(out, "Responds to", &event.responds_to);
        out.push('\n');
        linked_list(out, "Responded to by", &event.responded_by);
        out.push('\n');
        if let Some(c) = chain_view {
            chain(out, c);
            out.push_str("\n<p><a href=\"");
            esc(out, &c.url);
            out.push_str("\">This chain in the chronology →</a></p>");
        }
        out.push_str("\n</section>");
    }
    out.push_str("\n\n");
    updates(out, &event.changes);
    references(out, &event.references);
    cite_this(out, &event.cite_this);
    out.push_str("\n\n<nav class=\"neighbours\" aria-label=\"Neighbouring events\">\n");
    if let Some(p) = &event.previous {
        out.push_str("<a rel=\"prev\" href=\"");
        esc(out, &p.url);
        out.push_str("\">← ");
        esc(out, &p.date.display);
        out.push_str(": ");
        esc(out, p.title);
        out.push_str("</a>");
    }
    out.push('\n');
    if let Some(n) = &event.next {
        out.push_str("<a rel=\"next\" href=\"");
        esc(out, &n.url);
        out.push_str("\">");
        esc(out, &n.date.display);
        out.push_str(": ");
        esc(out, n.title);
        out.push_str(" →</a>");
    }
    out.push_str("\n</nav>\n</article>\n");
}

/// The `n`th event's page.
#[derive(Clone, Copy)]
pub(super) struct Event(pub(super) usize);

impl super::Page for Event {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let e = &r.lib.events[self.0];
        (r.paths.event(&e.id), "event.html", e.title.clone())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let (lib, i) = (r.lib, self.0);
        ctx.insert("event", &event_page(lib, links, i)?);
        ctx.insert("chain", &r.chrono.chain_of(links, i));
        ctx.insert("jsonld", &r.ld.event(lib, r.paths, i));
        ctx.insert("map", &r.chrono.locator(links, i));
        ctx.insert("claim_reviews", &jsonld::claim_reviews(lib, r.paths, i));
        Ok(())
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        let (lib, i) = (r.lib, self.0);
        write(
            frame,
            &event_page(lib, links, i)?,
            r.chrono.chain_of(links, i).as_ref(),
            [
                &r.ld.event(lib, r.paths, i),
                &jsonld::claim_reviews(lib, r.paths, i),
            ],
            &r.chrono.locator(links, i),
        )?;
        Ok(true)
    }
}

/// An event linked from another, with the escalation step between them.
#[derive(Serialize)]
pub(crate) struct LinkedEvent<'a> {
    /// The event.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Level of the later event minus level of the earlier.
    pub step: Option<i16>,
}

/// An actor's part in an event.
#[derive(Serialize)]
pub(crate) struct ParticipationView<'a> {
    pub actor: ActorRef<'a>,
    pub role: &'static str,
    pub confidence: &'static str,
    /// Who attributes it.
    pub by: Option<ActorRef<'a>>,
    /// Citation HTML.
    pub cite: String,
}

/// One source's casualty figures.
#[derive(Serialize)]
pub(crate) struct CasualtyView<'a> {
    /// "24", "24–25", "" when not given.
    pub killed: String,
    pub injured: String,
    /// "At least".
    pub min_only: bool,
    pub who: &'a str,
    /// Citation HTML.
    pub cite: String,
}

#[derive(Serialize)]
pub(crate) struct ClaimView<'a> {
    /// Speaker.
    pub by: ActorRef<'a>,
    /// Stance, as written in records (the class name).
    pub stance: &'static str,
    /// Stance as the page words it: "other" reads "states".
    pub stance_label: &'static str,
    pub text: &'a str,
    /// Reporting chain.
    pub via: Vec<ViaView<'a>>,
    /// Citation HTML.
    pub cite: String,
    /// Anchor (`claim-1`), which the claims ledger links to.
    pub anchor: String,
    /// The editors' rating, if any.
    pub rating: Option<crate::render::claims::RatingView<'a>>,
}

/// Everything an event page shows.
#[derive(Serialize)]
pub(crate) struct EventPage<'a> {
    /// The event as in lists.
    #[serde(flatten)]
    pub row: EventRow<'a>,
    /// Where.
    pub location: Option<LocationView<'a>>,
    pub tags: &'a [String],
    /// Citation of the record as a whole.
    pub record_cite: String,
    /// Actors by role.
    pub participants: Vec<ParticipationView<'a>>,
    /// Figures per source.
    pub casualties: Vec<CasualtyView<'a>>,
    /// Figures summed, spread kept.
    pub toll: TollView,
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
    pub changes: crate::render::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: crate::render::citefiles::CiteThis,
}

#[derive(Serialize)]
pub(crate) struct LocationView<'a> {
    /// Place name.
    pub name: &'a str,
    pub country: &'a str,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Precision word.
    pub precision: &'static str,
}

/// Builds an event page.
pub(crate) fn event_page<'a>(
    lib: &'a Library,
    links: Links<'a>,
    i: usize,
) -> Result<EventPage<'a>, Diagnostic> {
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
            anchor: crate::render::claims::claim_anchor(n),
            rating: crate::render::claims::rating_view(lib, c),
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
    let mut body = cites.body(&e.body)?;
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
    Ok(EventPage {
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
        toll: crate::model::Toll::of(&e.casualties).into(),
        claims,
        responds_to,
        responded_by,
        previous: i.checked_sub(1).map(|j| EventRow::new(lib, links, j)),
        next: (i + 1 < lib.events.len()).then(|| EventRow::new(lib, links, i + 1)),
        body,
        references: cites.references(),
        changes: crate::render::changes::RecordChanges::new(&e.changes, links),
        cite_this: crate::render::citefiles::CiteThis::of(
            lib,
            links.paths,
            crate::render::citefiles::Record::Event(i),
        ),
    })
}
