//! An actor's page: `actor.html`.

use super::PageVars;
use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::render::PageRenderer;
use crate::render::chrono_page::ActorChronology;
use crate::render::cite::{Citations, Reference};
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::links::Links;
use crate::render::pages::list::{List, role_counts};
use crate::render::site::SiteView;
use crate::render::views::{ActorEvent, ActorRef};
use crate::resolve::Library;
use serde::Serialize;

/// A relation as one actor's page shows it.
#[derive(Serialize)]
pub(crate) struct RelationView<'a> {
    /// "member of", or from the other end "has member".
    pub label: &'static str,
    /// The other actor.
    pub other: ActorRef<'a>,
    /// Since.
    pub from: &'a str,
    pub until: &'a str,
    /// Citation HTML.
    pub cite: String,
}

/// Events grouped under one role.
#[derive(Serialize)]
pub(crate) struct RoleGroup<'a> {
    /// Role word.
    pub role: &'static str,
    /// Events in time order.
    pub events: Vec<ActorEvent<'a>>,
}

/// Everything an actor page shows.
#[derive(Serialize)]
pub(crate) struct ActorPage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Kind word.
    pub kind: &'static str,
    /// Spellings other than the name itself.
    pub aliases: Vec<&'a String>,
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
    pub references: Vec<Reference<'a>>,
    /// The corrections and updates log.
    pub changes: crate::render::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: crate::render::citefiles::CiteThis,
}

/// Builds an actor page.
pub(crate) fn actor_page<'a>(
    lib: &'a Library,
    links: Links<'a>,
    a: usize,
) -> Result<ActorPage<'a>, Diagnostic> {
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
    let body = cites.body(&actor.body)?;
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
    Ok(ActorPage {
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
        changes: crate::render::changes::RecordChanges::new(&actor.changes, links),
        cite_this: crate::render::citefiles::CiteThis::of(
            lib,
            links.paths,
            crate::render::citefiles::Record::Actor(a),
        ),
    })
}

/// `actor.html`.
fn write(frame: Frame, actor: &ActorPage, own: &ActorChronology) -> Result<(), Diagnostic> {
    let site = frame.site;
    let v = frame.vars;
    frame
        .out
        .reserve(32 * 1024 + actor.body.len() + own.chart.len());
    let description = (!actor.summary.is_empty()).then(|| {
        let mut d = String::new();
        esc(&mut d, actor.summary);
        d
    });
    let blocks = Blocks {
        description: description.as_deref(),
        og_type: "website",
        head: "",
        body_class: "actor",
    };
    frame.write(&blocks, |out| actor_main(out, site, &v, actor, own))
}

fn actor_main(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    actor: &ActorPage,
    own: &ActorChronology,
) {
    out.push_str(
        "\n<article class=\"record\">\n<header class=\"page-header\">\n<p class=\"kicker\">",
    );
    capitalize(out, &actor.kind.replace('-', " "));
    if !actor.country.is_empty() {
        out.push_str(" · ");
        esc(out, actor.country);
    }
    record_title(out, actor.name, &actor.record_cite, actor.summary);
    corrections(out, &actor.changes);
    if !actor.aliases.is_empty() {
        out.push_str("<dl class=\"facts\"><div><dt>Also written</dt><dd><ul class=\"aliases\">");
        for a in &actor.aliases {
            out.push_str("<li>");
            esc(out, a);
            out.push_str("</li>");
        }
        out.push_str("</ul></dd></div></dl>");
    }
    out.push_str("\n\n");
    if !actor.relations_out.is_empty() || !actor.relations_in.is_empty() {
        out.push_str("<section class=\"relations\">\n<h2>Relations</h2>\n<ul>\n");
        for r in actor.relations_out.iter().chain(&actor.relations_in) {
            out.push_str("<li>");
            capitalize(out, r.label);
            out.push(' ');
            link(out, &r.other.url, r.other.name);
            if !r.from.is_empty() || !r.until.is_empty() {
                out.push_str(" <span class=\"period\">(");
                if !r.from.is_empty() {
                    out.push_str("from ");
                    esc(out, r.from);
                }
                if !r.from.is_empty() && !r.until.is_empty() {
                    out.push(' ');
                }
                if !r.until.is_empty() {
                    out.push_str("until ");
                    esc(out, r.until);
                }
                out.push_str(")</span>");
            }
            out.push_str(&r.cite);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>");
    }
    out.push_str("\n\n");
    if !actor.body.is_empty() {
        out.push_str("<section class=\"prose\">\n");
        out.push_str(&actor.body);
        out.push_str("\n</section>");
    }
    out.push_str("\n\n");
    if !actor.roles.is_empty() {
        out.push_str("<section class=\"roles\">\n<h2>Events by role</h2>\n");
        for g in &actor.roles {
            out.push_str("<h3>");
            capitalize(out, g.role);
            out.push_str("</h3>\n<ul>");
            for e in &g.events {
                out.push_str("<li>");
                date(out, &e.row.date);
                out.push_str(": ");
                link(out, &e.row.url, e.row.title);
                if !e.confidence.is_empty() {
                    out.push_str(" <span class=\"confidence confidence-");
                    esc(out, e.confidence);
                    out.push_str("\">");
                    esc(out, e.confidence);
                    out.push_str("</span>");
                }
                if let Some(by) = &e.by {
                    out.push_str(" <span class=\"by\">according to ");
                    link(out, &by.url, by.name);
                    out.push_str("</span>");
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n\n<section class=\"actor-chronology\">\n<h2>Chronology</h2>\n");
        let caption = format!(
            "Escalation level of the events {} takes part in. Each mark links to its event; the list below gives the same in text.",
            actor.name
        );
        chart_figure(out, &own.chart, &caption, &own.chart_legend);
        out.push_str(&own.map);
        out.push('\n');
        if let Some(url) = &own.chronology {
            out.push_str("<p><a href=\"");
            esc(out, url);
            out.push_str("\">This chronology with its chains of responses and filters →</a></p>");
        }
        out.push('\n');
        if !own.pairs.is_empty() {
            out.push_str("<section class=\"escalation-index\">\n<h3>Escalation index</h3>\n<p>A running measure of escalation between ");
            esc(out, actor.name);
            out.push_str(
                " and the actors most often on the other side of its events; the <a href=\"",
            );
            esc(out, v.root);
            esc(out, &site.sections.chronology);
            out.push_str("#escalation-index\">chronology</a> explains it.</p>\n");
            for p in &own.pairs {
                pair(out, p);
                out.push('\n');
            }
            out.push_str("</section>");
        }
        out.push_str("\n<ol class=\"event-list\">\n");
        for e in &actor.chronology {
            event_row_item(out, &e.row, &[]);
            out.push('\n');
        }
        out.push_str("</ol>\n</section>");
    }
    out.push_str("\n\n");
    updates(out, &actor.changes);
    references(out, &actor.references);
    cite_this(out, &actor.cite_this);
    out.push_str("\n</article>\n");
}

/// The `n`th actor's page.
#[derive(Clone, Copy)]
pub(super) struct Actor(pub(super) usize);

impl super::Page for Actor {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let a = &r.lib.actors[self.0];
        // Longer than a page, the actor's events are on pages of their own
        // and this page shows their index (`list.rs`).
        let template = if List::Actor(self.0).split(r) {
            "actor_split.html"
        } else {
            "actor.html"
        };
        (r.paths.actor(&a.id), template, a.name.clone())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let list = List::Actor(self.0);
        if list.split(r) {
            ctx.insert("index", &list.index(r, links));
            let mut actor = actor_page(r.lib, links, self.0)?;
            actor.chronology.clear();
            for g in &mut actor.roles {
                g.events.clear();
            }
            ctx.insert("actor", &actor);
            ctx.insert("roles", &role_counts(r.lib, self.0));
        } else {
            ctx.insert("actor", &actor_page(r.lib, links, self.0)?);
        }
        let own = r.chrono.actor(links, self.0);
        ctx.insert("chart", &own.chart);
        ctx.insert("chart_legend", &own.chart_legend);
        ctx.insert("pairs", &own.pairs);
        ctx.insert("chronology_url", &own.chronology);
        ctx.insert("map", &own.map);
        Ok(())
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        // A split actor's page is `actor_split.html`, through Tera.
        if List::Actor(self.0).split(r) {
            return Ok(false);
        }
        let own = r.chrono.actor(links, self.0);
        write(frame, &actor_page(r.lib, links, self.0)?, &own)?;
        Ok(true)
    }
}
