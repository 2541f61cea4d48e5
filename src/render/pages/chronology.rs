//! The chronology, whole or filtered by kind, phase or actor:
//! `chronology.html`.

use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::chronology::Filter;
use crate::render::PageRenderer;
use crate::render::chrono_page::ChronoPage;
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::links::Links;
use crate::render::pages::list::List;
use crate::render::views::DateView;
use crate::resolve::Library;
use serde::Serialize;
use std::fmt::Write;

/// `chronology.html`, whole or filtered.
fn write(frame: Frame, page: &ChronoPage, phases: &[PhaseView]) -> Result<(), Diagnostic> {
    let _site = frame.site;
    frame.out.reserve(64 * 1024 + page.count * 1024);
    let description = page.filter.as_ref().map(|f| {
        let mut d = String::from("The chronology of ");
        esc(&mut d, f.name);
        let _ = write!(d, ": {} events.", page.count);
        d
    });
    let blocks = Blocks {
        description: description.as_deref(),
        og_type: "website",
        head: "",
        body_class: if page.filter.is_some() {
            "chronology chronology-filtered"
        } else {
            "chronology"
        },
    };
    frame.write(&blocks, |out| chronology_main(out, page, phases))
}

fn chronology_main(out: &mut String, page: &ChronoPage, phases: &[PhaseView]) {
    out.push_str("\n<header class=\"page-header\">\n");
    match &page.filter {
        Some(f) => {
            out.push_str("<p class=\"kicker\">Chronology by ");
            out.push_str(f.facet);
            out.push_str("</p>\n<h1>");
            esc(out, f.name);
            let _ = write!(
                out,
                "</h1>\n<p class=\"lede\">{} event{}",
                page.count,
                plural(page.count)
            );
            match f.facet {
                "actor" => {
                    out.push_str(" in which ");
                    esc(out, f.name);
                    out.push_str(" takes part");
                }
                "kind" => out.push_str(" of this kind"),
                _ => out.push_str(" that fall, or may fall, in this phase"),
            }
            out.push_str(", in order.");
            if !f.description.is_empty() {
                out.push(' ');
                esc(out, f.description);
            }
            if let Some(record) = &f.record {
                out.push_str(" See also <a href=\"");
                esc(out, record);
                out.push_str("\">the actor's page</a>.");
            }
            out.push_str("</p>\n");
        }
        None => out.push_str("<h1>Chronology</h1>\n<p class=\"lede\">Every event in order, by year and month, with the escalation it marks, the chains of responses it belongs to, and the escalation index of the actors most often opposed.</p>\n"),
    }
    out.push_str("</header>\n<div class=\"filters\" data-chronology-filters>\n");
    filter_nav(out, &page.nav);
    out.push_str("\n</div>\n");
    chart_figure(
        out,
        &page.chart,
        "Escalation level over time. Each mark links to its event; the list below gives the same in text.",
        &page.chart_legend,
    );
    out.push_str(&page.map);
    out.push('\n');
    if page.unplotted > 0 {
        let _ = write!(
            out,
            "<p class=\"unplotted\">{} event{} without an escalation level {} listed below but not drawn.</p>",
            page.unplotted,
            plural(page.unplotted),
            if page.unplotted == 1 { "is" } else { "are" }
        );
    }
    out.push_str("\n<nav class=\"on-this-page\" aria-label=\"On this page\"><ul>\n");
    if !page.chains.is_empty() {
        let _ = write!(
            out,
            "<li><a href=\"#chains\">Tit-for-tat chains ({})</a></li>",
            page.chains.len()
        );
    }
    out.push('\n');
    if !page.pairs.is_empty() {
        out.push_str("<li><a href=\"#escalation-index\">Escalation index</a></li>");
    }
    let _ = write!(
        out,
        "\n<li><a href=\"#events\">Every event ({})</a></li>\n</ul></nav>\n",
        page.count
    );
    if !phases.is_empty() && page.filter.is_none() {
        out.push_str("<section class=\"phases\">\n<h2>Phases</h2>\n<ul>");
        for p in phases {
            out.push_str("<li><a href=\"");
            esc(out, &p.url);
            out.push_str("\"><strong>");
            esc(out, p.name);
            out.push_str("</strong></a> (");
            esc(out, &p.span);
            out.push(')');
            if !p.description.is_empty() {
                out.push_str(": ");
                esc(out, p.description);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>\n</section>");
    }
    out.push('\n');
    if !page.chains.is_empty() {
        out.push_str("<section class=\"chains\" id=\"chains\" aria-labelledby=\"chains-heading\">\n<h2 id=\"chains-heading\">Tit-for-tat chains</h2>\n");
        if page.filter.is_some() {
            out.push_str("<p>The chains of responses these events belong to, on the full chronology.</p>\n<ul class=\"chain-links\">\n");
            for c in &page.chains {
                out.push_str("<li><a href=\"");
                esc(out, &c.url);
                push!(out, "\">Chain ", c.number, "</a>: ", c.size, " events, ");
                esc(out, &c.first.display);
                out.push_str(" – ");
                esc(out, &c.last.display);
                if let (Some(start), Some(peak)) = (c.start, c.peak) {
                    push!(out, "; level ", start);
                    if peak != start {
                        push!(out, ", peak ", peak);
                    }
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        } else {
            out.push_str("<p>Events linked by what responds to what, each chain in order from its trigger. Beside each response, the event it answers and the escalation step over it: the response's level minus the trigger's.</p>\n");
            for c in &page.chains {
                chain(out, c);
                out.push('\n');
            }
        }
        out.push_str("</section>");
    }
    out.push('\n');
    if !page.pairs.is_empty() {
        out.push_str("<section class=\"escalation-index\" id=\"escalation-index\" aria-labelledby=\"index-heading\">\n<h2 id=\"index-heading\">Escalation index</h2>\n<p>For the pairs of actors most often on opposite sides of an event: a running measure of escalation between them, from each event's level and reported deaths, fading with time. The shaded band is what the imprecise dates and disputed figures allow. The methodology page gives the formula.</p>\n");
        for p in &page.pairs {
            pair(out, p);
            out.push('\n');
        }
        out.push_str("</section>");
    }
    out.push_str("\n<section class=\"chronology-list\" id=\"events\" aria-labelledby=\"events-heading\">\n<h2 id=\"events-heading\">Every event</h2>\n<p class=\"filter-status\" aria-live=\"polite\"></p>\n");
    for y in &page.years {
        push!(
            out,
            "<section class=\"year\" id=\"y",
            y.year,
            "\">\n<h3>",
            y.year,
            "</h3>\n"
        );
        for mo in &y.months {
            out.push_str("<section class=\"month\" id=\"m");
            esc(out, &mo.key);
            out.push_str("\">\n");
            if mo.name.is_empty() {
                push!(out, "<h4>", y.year, ", month unknown</h4>");
            } else {
                push!(out, "<h4>", mo.name, ' ', y.year, "</h4>");
            }
            out.push_str("\n<ol class=\"event-list\">\n");
            for e in &mo.events {
                event_item(out, e);
                out.push('\n');
            }
            out.push_str("</ol>\n</section>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// The chronology: whole (`Filter::All`) or one filtered view.
#[derive(Clone, Copy)]
pub(super) struct Chronology(pub(super) Filter);

impl super::Page for Chronology {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let lib = r.lib;
        // Longer than a page, the list of events is on pages of its own
        // and this page shows their index (`list.rs`).
        let template = if List::Chronology(self.0).split(r) {
            "chronology_split.html"
        } else {
            "chronology.html"
        };
        match self.0.slug(lib) {
            Some((facet, slug)) => (
                r.paths.filter(facet, slug),
                template,
                format!("Chronology: {}", self.0.name(lib)),
            ),
            None => (r.paths.section("chronology"), template, "Chronology".into()),
        }
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let list = List::Chronology(self.0);
        if list.split(r) {
            ctx.insert("index", &list.index(r, links));
        }
        // `page` leaves out the list and the chains of a view longer than
        // a page: the whole chronology's chains have pages of their own.
        ctx.insert("page", &r.chrono.page(links, self.0));
        if list.split(r) {
            // The chains' pages, or when they are too many to link each,
            // the months of their first events with the pages they are on.
            let chains = (self.0 == Filter::All).then(|| List::Chains.index(r, links));
            match chains {
                Some(index) if index.compact => ctx.insert("chain_index", &index),
                Some(index) => ctx.insert("chain_pages", &index.pages),
                None => ctx.insert("chain_pages", &Vec::<()>::new()),
            }
            ctx.insert("chain_count", &r.chrono.chrono.chains.list.len());
        }
        ctx.insert("phases", &phases(r.lib, links));
        Ok(())
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        // A split view's page is `chronology_split.html`, through Tera.
        if List::Chronology(self.0).split(r) {
            return Ok(false);
        }
        write(frame, &r.chrono.page(links, self.0), &phases(r.lib, links))?;
        Ok(true)
    }
}

/// A phase of the conflict, as the chronology and the home page give it.
#[derive(Serialize)]
pub(crate) struct PhaseView<'a> {
    name: &'a str,
    /// "July – August 2019", or "February 2021" for a one-month phase.
    span: String,
    url: String,
    from: DateView<'a>,
    until: DateView<'a>,
    description: &'a str,
}

/// The dossier's phases.
pub(super) fn phases<'a>(lib: &'a Library, links: Links<'_>) -> Vec<PhaseView<'a>> {
    lib.config
        .phases
        .iter()
        .map(|p| PhaseView {
            name: &p.name,
            span: if p.from == p.until {
                p.from.display()
            } else {
                format!("{} – {}", p.from.display(), p.until.display())
            },
            url: links.filter("phase", &p.slug),
            from: DateView::of(&p.from),
            until: DateView::of(&p.until),
            description: &p.description,
        })
        .collect()
}
