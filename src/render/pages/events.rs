//! The list of events: `events.html`.

use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::render::PageRenderer;
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::links::Links;
use crate::render::pages::list::List;
use crate::render::views::EventRow;
use crate::resolve::Library;
use std::fmt::Write;

/// `events.html`.
fn write(frame: Frame, rows: &[EventRow]) -> Result<(), Diagnostic> {
    let _site = frame.site;
    frame.out.reserve(8 * 1024 + rows.len() * 1024);
    let blocks = Blocks {
        description: None,
        og_type: "website",
        head: "",
        body_class: "page",
    };
    frame.write(&blocks, |out| {
        let _ = write!(
            out,
            "\n<header class=\"page-header\">\n<h1>Events</h1>\n<p class=\"lede\">{} events in time order. With JavaScript on, click a column heading to sort by it.</p>\n</header>\n",
            rows.len()
        );
        out.push_str("<div class=\"table-wrap\">\n<table class=\"events-table\" data-sortable>\n<thead><tr><th scope=\"col\" data-sort-type=\"text\">Date</th><th scope=\"col\" data-sort-type=\"text\">Event</th><th scope=\"col\" data-sort-type=\"text\">Kind</th><th scope=\"col\" data-sort-type=\"number\">Escalation</th><th scope=\"col\" data-sort-type=\"text\">Actors</th></tr></thead>\n<tbody>\n");
        for e in rows {
            out.push_str("<tr id=\"");
            esc(out, e.id);
            out.push_str("\"><td data-sort=\"");
            esc(out, &e.date.short);
            out.push_str("\">");
            date(out, &e.date);
            out.push_str("</td><td>");
            link(out, &e.url, e.title);
            out.push_str("</td><td>");
            esc(out, e.kind_label);
            out.push_str("</td><td data-sort=\"");
            match e.escalation {
                Some(level) => {
                    push!(out, level);
                }
                None => out.push_str("-1"),
            }
            out.push_str("\">");
            escalation(out, e.escalation, e.escalation_label);
            out.push_str("</td><td>");
            actors(out, &e.actors);
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    })
}

/// The list of events.
#[derive(Clone, Copy)]
pub(super) struct Events;

impl super::Page for Events {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        // Longer than a page, the list is on pages of its own and this
        // page shows their index (`list.rs`).
        let template = if List::Events.split(r) {
            "events_split.html"
        } else {
            "events.html"
        };
        (r.paths.section("events"), template, "Events".into())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        if List::Events.split(r) {
            ctx.insert("index", &List::Events.index(r, links));
            ctx.insert("count", &r.lib.events.len());
            return Ok(());
        }
        ctx.insert("events", &event_rows(r.lib, links));
        Ok(())
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        // A split list's page is `events_split.html`, through Tera.
        if List::Events.split(r) {
            return Ok(false);
        }
        write(frame, &event_rows(r.lib, links))?;
        Ok(true)
    }
}

/// Every event's row, in time order: the events list.
fn event_rows<'a>(lib: &'a Library, links: Links<'_>) -> Vec<EventRow<'a>> {
    (0..lib.events.len())
        .map(|i| EventRow::new(lib, links, i))
        .collect()
}
