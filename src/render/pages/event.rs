//! An event's page: `event.html`.

use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::render::PageRenderer;
use crate::render::chrono_page::ChainView;
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::jsonld;
use crate::render::links::Links;
use crate::render::views::{self, EventPage};
use std::fmt::Write;

/// A list of linked events with their steps (`responds_to`, `responded_by`).
fn linked_list(out: &mut String, heading: &str, list: &[crate::render::views::LinkedEvent]) {
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

    fn vars(self, r: &PageRenderer, links: Links, ctx: &mut impl super::VarSink) {
        let (lib, i) = (r.lib, self.0);
        ctx.insert("event", &views::event_page(lib, links, i));
        ctx.insert("chain", &r.chrono.chain_of(links, i));
        ctx.insert("jsonld", &r.ld.event(lib, r.paths, i));
        ctx.insert("map", &r.chrono.locator(links, i));
        ctx.insert("claim_reviews", &jsonld::claim_reviews(lib, r.paths, i));
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        let (lib, i) = (r.lib, self.0);
        write(
            frame,
            &views::event_page(lib, links, i),
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
