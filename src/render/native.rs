//! The built-in templates of the busiest pages, compiled to Rust.
//!
//! A 10k-event dossier renders 10,000 event pages and lists each event on a
//! dozen others. Through Tera, each page meant converting its views into a
//! `serde_json::Value` tree and walking the template with dynamic lookups:
//! more than half a build's CPU time. The functions here write the same
//! bytes straight from the typed views. They are used only while the
//! dossier has not overridden the template (or `base.html` and
//! `macros.html`, which it uses); a dossier with its own `event.html` gets
//! Tera, as before. `tests/testsuite/native.rs` builds every fixture both
//! ways and compares the files byte for byte, so the two cannot drift: a
//! change to one of these templates must be made here too.

use super::PhaseView;
use super::changes::{ChangeView, RecordChanges};
use super::chrono_page::ActorChronology;
use super::chrono_page::{ChainView, ChronoPage, FilterLink, FilterNav, Item, PairView};
use super::cite::Reference;
use super::pages::{ActorPage, CiterView, SourcePage};
use super::views::{ActorRef, DateView, EventPage, EventRow, SourceRef};
use super::{PageVars, SiteView};
use crate::base::text::push;
use std::fmt::Write;

use crate::base::html::escape_into as esc;

/// The blocks a page fills in `base.html`.
struct Blocks<'a> {
    /// `description`, escaped already; `None` for the site's.
    description: Option<&'a str>,
    og_type: &'a str,
    head: &'a str,
    body_class: &'a str,
}

/// `base.html` around `main`.
fn base(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    b: &Blocks,
    main: impl FnOnce(&mut String),
) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    esc(out, site.language);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if !v.title.is_empty() && v.title != site.title {
        esc(out, v.title);
        out.push_str(" · ");
    }
    esc(out, site.title);
    out.push_str("</title>\n<meta name=\"description\" content=\"");
    match b.description {
        Some(d) => out.push_str(d),
        None => esc(out, site.description),
    }
    out.push_str("\">\n<meta name=\"generator\" content=\"");
    esc(out, site.generator);
    out.push_str("\">\n<link rel=\"canonical\" href=\"");
    esc(out, v.canonical);
    out.push_str("\">\n<meta property=\"og:site_name\" content=\"");
    esc(out, site.title);
    out.push_str("\">\n<meta property=\"og:title\" content=\"");
    esc(out, v.title);
    out.push_str("\">\n<meta property=\"og:url\" content=\"");
    esc(out, v.canonical);
    out.push_str("\">\n<meta property=\"og:type\" content=\"");
    out.push_str(b.og_type);
    out.push_str("\">\n<link rel=\"icon\" href=\"");
    esc(out, v.root);
    out.push_str("favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
    esc(out, v.root);
    out.push_str("style.css\">\n<link rel=\"stylesheet\" href=\"");
    esc(out, v.root);
    out.push_str("highlight.css\">\n");
    if site.feed {
        out.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
        esc(out, site.title);
        out.push_str(": latest events\" href=\"");
        esc(out, v.root);
        out.push_str("atom.xml\">\n");
    }
    out.push_str(b.head);
    out.push_str("\n</head>\n<body class=\"");
    out.push_str(b.body_class);
    out.push_str("\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<nav aria-label=\"Main\">\n<a class=\"brand\" href=\"");
    if v.root.is_empty() {
        out.push_str("./");
    } else {
        esc(out, v.root);
    }
    out.push_str("\">");
    esc(out, site.title);
    out.push_str("</a>\n<ul>\n");
    for item in &site.nav {
        out.push_str("<li><a href=\"");
        esc(out, v.root);
        esc(out, &item.path);
        out.push('"');
        if item.path == v.path {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        esc(out, item.title);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n<form class=\"site-search\" role=\"search\" action=\"");
    esc(out, v.root);
    esc(out, &site.sections.search);
    out.push_str("\" method=\"get\"><label class=\"visually-hidden\" for=\"site-q\">Search the dossier</label><input id=\"site-q\" type=\"search\" name=\"q\" placeholder=\"Search\"><button type=\"submit\">Search</button></form>\n</nav>\n</header>\n");
    if let Some(day) = &site.as_of {
        out.push_str(
            "<div class=\"as-of-notice\" role=\"note\"><p><strong>As of <time datetime=\"",
        );
        esc(out, &day.iso);
        out.push_str("\">");
        esc(out, &day.display);
        out.push_str("</time>:</strong> this is the dossier as it could have been written from sources published by then. <a href=\"");
        esc(out, site.base_url);
        out.push_str("\">The current edition →</a></p></div>\n");
    }
    out.push_str("<main id=\"main\">\n");
    main(out);
    out.push_str("\n</main>\n<footer class=\"site-footer\">\n<p>");
    esc(out, site.title);
    out.push_str(". Open data: <a href=\"");
    esc(out, v.root);
    out.push_str("data/dossier.json\">dossier (JSON)</a> · <a href=\"");
    esc(out, v.root);
    out.push_str("data/events.csv\">events (CSV)</a> · <a href=\"");
    esc(out, v.root);
    out.push_str("data/events.geojson\">map (GeoJSON)</a>");
    if site.feed {
        out.push_str(" · <a href=\"");
        esc(out, v.root);
        out.push_str("atom.xml\">feed</a>");
    }
    out.push_str(". <a href=\"");
    esc(out, v.root);
    esc(out, &site.sections.changes);
    out.push_str("\">Corrections and updates</a>.</p>\n<p class=\"generator\">Built with ");
    esc(out, site.generator);
    out.push_str(".</p>\n</footer>\n<script src=\"");
    esc(out, v.root);
    out.push_str("dossier.js\" defer></script>\n\n</body>\n</html>\n");
}

/// `<a href="url">text</a>`, both escaped.
fn link(out: &mut String, url: &str, text: &str) {
    out.push_str("<a href=\"");
    esc(out, url);
    out.push_str("\">");
    esc(out, text);
    out.push_str("</a>");
}

/// `m::actors`: linked names, separated by commas.
fn actors(out: &mut String, list: &[ActorRef]) {
    for (n, a) in list.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        link(out, &a.url, a.name);
    }
}

/// The end of a record's header: its title, its summary as the lede, and
/// the record's own citation on a sources line under them.
fn record_title(out: &mut String, title: &str, cite: &str, summary: &str) {
    out.push_str("</p>\n<h1>");
    esc(out, title);
    out.push_str("</h1>\n");
    if !summary.is_empty() {
        out.push_str("<p class=\"lede\">");
        esc(out, summary);
        out.push_str("</p>");
    }
    // A citation of the record as a whole sits under the title, not in it.
    if !cite.is_empty() {
        out.push_str("\n<p class=\"record-sources\">Sources: ");
        out.push_str(cite);
        out.push_str("</p>");
    }
    out.push_str("\n</header>\n");
}

/// `m::date`.
fn date(out: &mut String, d: &DateView) {
    out.push_str("<time datetime=\"");
    esc(out, d.iso);
    out.push_str("\" class=\"date precision-");
    out.push_str(d.precision);
    if d.circa {
        out.push_str(" circa");
    }
    out.push_str("\">");
    esc(out, &d.display);
    out.push_str("</time>");
    match d.precision {
        "month" => out.push_str(" <span class=\"precision-note\">(day unknown)</span>"),
        "year" => out.push_str(" <span class=\"precision-note\">(month unknown)</span>"),
        _ => {}
    }
}

/// `m::escalation`.
fn escalation(out: &mut String, level: Option<u8>, label: &str) {
    let Some(level) = level else { return };
    push!(
        out,
        "<span class=\"esc esc-",
        level,
        "\" title=\"Escalation level ",
        level
    );
    if !label.is_empty() {
        out.push_str(": ");
        esc(out, label);
    }
    push!(out, "\">", level, "</span>");
}

/// `m::step`.
fn step(out: &mut String, s: Option<i16>) {
    let Some(s) = s else { return };
    out.push_str("<span class=\"step ");
    out.push_str(match s {
        1.. => "up",
        ..0 => "down",
        0 => "level",
    });
    out.push_str("\" title=\"Escalation step over the earlier event\">");
    if s > 0 {
        out.push('+');
    }
    push!(out, s, "</span>");
}

/// `m::filter_data`.
fn filter_data(out: &mut String, row: &EventRow, phases: &[&str]) {
    out.push_str(" data-kind=\"");
    esc(out, row.kind);
    out.push_str("\" data-actors=\"");
    for (n, a) in row.actors.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        esc(out, a.id);
    }
    out.push('"');
    if !phases.is_empty() {
        out.push_str(" data-phases=\"");
        esc(out, &phases.join(" "));
        out.push('"');
    }
}

/// `m::event_item`.
fn event_item(out: &mut String, e: &Item) {
    event_row_item(out, &e.row, &e.phases);
}

/// `m::event_item` of a row and the phases it falls in.
fn event_row_item(out: &mut String, row: &EventRow, phases: &[&str]) {
    out.push_str("<li class=\"event-item kind-");
    esc(out, row.kind);
    out.push('"');
    filter_data(out, row, phases);
    out.push_str(">\n<span class=\"when\">");
    date(out, &row.date);
    out.push_str("</span>\n<a class=\"title\" href=\"");
    esc(out, &row.url);
    out.push_str("\">");
    esc(out, row.title);
    out.push_str("</a>\n<span class=\"meta\">");
    if !row.kind_label.is_empty() {
        out.push_str("<span class=\"kind\">");
        esc(out, row.kind_label);
        out.push_str("</span>");
    }
    out.push(' ');
    escalation(out, row.escalation, row.escalation_label);
    if !row.actors.is_empty() {
        out.push_str(" <span class=\"actors\">");
        actors(out, &row.actors);
        out.push_str("</span>");
    }
    out.push_str("</span>\n");
    if !row.summary.is_empty() {
        out.push_str("<p class=\"summary\">");
        esc(out, row.summary);
        out.push_str("</p>");
    }
    out.push_str("\n</li>");
}

/// Tera's `pluralize` filter with its defaults.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `m::chain`.
fn chain(out: &mut String, c: &ChainView) {
    out.push_str("<section class=\"chain\" id=\"");
    esc(out, &c.anchor);
    out.push_str("\" aria-labelledby=\"");
    esc(out, &c.anchor);
    out.push_str("-heading\">\n<h3 id=\"");
    esc(out, &c.anchor);
    push!(
        out,
        "-heading\"><span class=\"chain-number\">Chain ",
        c.number,
        "</span> ",
        c.size,
        " events, "
    );
    esc(out, &c.first.display);
    out.push_str(" – ");
    esc(out, &c.last.display);
    if let (Some(start), Some(peak)) = (c.start, c.peak) {
        push!(out, "<span class=\"chain-levels\">: level ", start);
        if peak != start {
            push!(out, ", peak ", peak);
        }
        out.push_str("</span>");
    }
    out.push_str("</h3>\n");
    if c.before > 0 {
        let _ = write!(
            out,
            "<p class=\"chain-more\">… and {} earlier event{}: see <a href=\"",
            c.before,
            plural(c.before)
        );
        esc(out, &c.url);
        out.push_str("\">the whole chain</a>.</p>\n");
    }
    out.push_str("<ol class=\"chain-steps\">\n");
    for s in &c.steps {
        let row = &s.item.row;
        push!(out, "<li value=\"", s.position, "\" class=\"chain-step");
        if s.current {
            out.push_str(" current");
        }
        out.push('"');
        filter_data(out, row, &s.item.phases);
        if s.current {
            out.push_str(" aria-current=\"step\"");
        }
        out.push_str("><span class=\"when\">");
        date(out, &row.date);
        out.push_str("</span> ");
        if s.current {
            out.push_str("<strong>");
            esc(out, row.title);
            out.push_str("</strong>");
        } else {
            link(out, &row.url, row.title);
        }
        out.push(' ');
        escalation(out, row.escalation, row.escalation_label);
        if s.answers.is_empty() {
            out.push_str(" <span class=\"answers trigger\">trigger</span>");
        } else {
            out.push_str(" <span class=\"answers\">");
            for a in &s.answers {
                out.push_str("<span class=\"answer\">↳ answers ");
                if a.position > 0 {
                    push!(out, a.position, ". ");
                }
                link(out, &a.url, a.title);
                out.push(' ');
                step(out, a.step);
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    if c.after > 0 {
        let _ = write!(
            out,
            "<p class=\"chain-more\">… and {} later event{}: see <a href=\"",
            c.after,
            plural(c.after)
        );
        esc(out, &c.url);
        out.push_str("\">the whole chain</a>.</p>");
    }
    out.push_str("\n</section>");
}

/// `m::source_line`.
fn source_line(out: &mut String, s: &SourceRef) {
    if !s.author.is_empty() {
        esc(out, s.author);
        out.push_str(", ");
    }
    link(out, &s.url, s.title);
    if !s.outlet.is_empty() {
        out.push_str(", <cite>");
        esc(out, s.outlet);
        out.push_str("</cite>");
    }
    if let Some(d) = &s.date {
        out.push_str(", ");
        esc(out, &d.display);
    }
    if !s.grade.is_empty() {
        out.push_str(
            " <abbr class=\"grade\" title=\"Admiralty grade (reliability, credibility)\">",
        );
        esc(out, &s.grade);
        out.push_str("</abbr>");
    }
    if !s.link.is_empty() {
        out.push_str(" <a class=\"original\" href=\"");
        esc(out, s.link);
        out.push_str("\">");
        esc(out, s.link);
        out.push_str("</a>");
    }
}

/// `m::references`.
fn references(out: &mut String, refs: &[Reference]) {
    if refs.is_empty() {
        return;
    }
    out.push_str("<section class=\"references\" aria-labelledby=\"references-heading\">\n<h2 id=\"references-heading\">References</h2>\n<ol>\n");
    for r in refs {
        push!(out, "<li id=\"ref-", r.n, "\">");
        if r.formatted.is_empty() {
            source_line(out, &r.source);
        } else {
            out.push_str("<span class=\"csl-entry\">");
            out.push_str(r.formatted);
            out.push_str("</span> <a class=\"record\" href=\"");
            esc(out, &r.source.url);
            out.push_str("\">Source record</a>");
            if !r.source.grade.is_empty() {
                out.push_str(
                    " <abbr class=\"grade\" title=\"Admiralty grade (reliability, credibility)\">",
                );
                esc(out, &r.source.grade);
                out.push_str("</abbr>");
            }
        }
        if let [b] = r.backrefs.as_slice() {
            out.push(' ');
            backref(out, b, r.n, "");
        } else {
            push!(
                out,
                " <details class=\"backrefs\"><summary>cited ",
                r.backrefs.len(),
                " times</summary>"
            );
            for (k, b) in r.backrefs.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                backref(out, b, r.n, &b.label);
            }
            out.push_str("</details>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>");
}

/// `m::change`.
fn change(out: &mut String, x: &ChangeView) {
    out.push_str("<li class=\"change change-");
    out.push_str(x.kind);
    out.push_str("\" id=\"");
    esc(out, &x.anchor);
    out.push_str("\"><strong class=\"change-kind\">");
    out.push_str(x.label);
    out.push_str("</strong>, ");
    date(out, &x.date);
    out.push_str(": ");
    esc(out, x.text);
    out.push_str("</li>");
}

/// `m::corrections`: a record's corrections and retractions.
fn corrections(out: &mut String, c: &RecordChanges) {
    if c.top.is_empty() {
        return;
    }
    out.push_str("<aside class=\"corrections\" aria-label=\"Corrections\">\n<ul>\n");
    for x in &c.top {
        change(out, x);
        out.push('\n');
    }
    out.push_str("</ul>\n<p><a href=\"");
    esc(out, &c.log);
    out.push_str("\">Every correction and update to the dossier →</a></p>\n</aside>\n");
}

/// `m::updates`: a record's updates and clarifications.
fn updates(out: &mut String, c: &RecordChanges) {
    if c.rest.is_empty() {
        return;
    }
    out.push_str("<section class=\"changes\" aria-labelledby=\"changes-heading\">\n<h2 id=\"changes-heading\">Updates and clarifications</h2>\n<ul>\n");
    for x in &c.rest {
        change(out, x);
        out.push('\n');
    }
    out.push_str("</ul>\n<p><a href=\"");
    esc(out, &c.log);
    out.push_str("\">Every correction and update to the dossier →</a></p>\n</section>\n\n");
}

/// `m::cite_this`.
fn cite_this(out: &mut String, c: &super::citefiles::CiteThis) {
    out.push_str("\n<section class=\"cite-this\" aria-labelledby=\"cite-this-heading\">\n<h2 id=\"cite-this-heading\">Cite this page</h2>\n<p class=\"citation\">");
    out.push_str(&c.text);
    out.push_str("</p>\n<p class=\"cite-files\">Download the citation: <a href=\"");
    esc(out, &c.bib);
    out.push_str("\" download>BibTeX</a> · <a href=\"");
    esc(out, &c.ris);
    out.push_str("\" download>RIS</a> · <a href=\"");
    esc(out, &c.json);
    out.push_str("\" download>CSL-JSON</a></p>\n</section>");
}

/// `m::backref`.
fn backref(out: &mut String, b: &super::cite::Backref, n: usize, label: &str) {
    out.push_str("<a class=\"backref\" href=\"#");
    esc(out, &b.anchor);
    push!(
        out,
        "\"><span aria-hidden=\"true\">↑</span><span class=\"visually-hidden\">Back to citation ",
        n,
        "</span>"
    );
    if !label.is_empty() {
        out.push_str("<sup>");
        esc(out, label);
        out.push_str("</sup>");
    }
    out.push_str("</a>");
    if !b.locator.is_empty() {
        out.push_str(" <span class=\"locator\">");
        esc(out, &b.locator);
        out.push_str("</span>");
    }
}

/// A list of linked events with their steps (`responds_to`, `responded_by`).
fn linked_list(out: &mut String, heading: &str, list: &[super::views::LinkedEvent]) {
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
pub fn event(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    event: &EventPage,
    chain_view: Option<&ChainView>,
    ld: [&str; 2],
    map: &str,
) {
    let [jsonld, claim_reviews] = ld;
    out.reserve(16 * 1024 + event.body.len() + map.len());
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
    base(out, site, v, &blocks, |out| {
        event_main(out, event, chain_view, map)
    });
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

/// `m::filter_link`.
fn filter_link(out: &mut String, f: &FilterLink) {
    out.push_str("<a href=\"");
    esc(out, &f.url);
    out.push_str("\" data-facet=\"");
    out.push_str(f.facet);
    out.push_str("\" data-value=\"");
    esc(out, f.value);
    out.push('"');
    if f.current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    esc(out, f.name);
    push!(out, "</a> <span class=\"count\">(", f.count, ")</span>");
}

/// `m::filter_nav` (closed).
fn filter_nav(out: &mut String, nav: &FilterNav) {
    out.push_str("<details class=\"chrono-filters\">\n<summary>Filter the chronology: by kind, by phase, by actor</summary>\n<nav aria-label=\"Filtered chronologies\">\n<p class=\"filter-all\"><a href=\"");
    esc(out, &nav.all);
    out.push_str("\">All events</a></p>\n");
    for (facet, list) in [("By kind:", &nav.kinds), ("By phase:", &nav.phases)] {
        if list.is_empty() {
            continue;
        }
        out.push_str("<p><span class=\"facet\">");
        out.push_str(facet);
        out.push_str("</span> ");
        for (n, f) in list.iter().enumerate() {
            if n > 0 {
                out.push_str(" · ");
            }
            filter_link(out, f);
        }
        out.push_str("</p>\n");
    }
    if !nav.actors.is_empty() {
        out.push_str("<p><span class=\"facet\">By actor:</span> ");
        for f in &nav.actors {
            filter_link(out, f);
            out.push_str(" · ");
        }
        out.push_str("<a href=\"");
        esc(out, &nav.actors_index);
        let _ = writeln!(out, "\">all {} actors</a></p>", nav.actors_total);
    }
    out.push_str("</nav>\n</details>");
}

/// `m::chart`.
fn chart_figure(out: &mut String, svg: &str, caption: &str, legend: &str) {
    if svg.is_empty() {
        return;
    }
    out.push_str("<figure class=\"chart-figure\">\n<div class=\"chart-wrap\">");
    out.push_str(svg);
    out.push_str("</div>\n<figcaption>");
    esc(out, caption);
    out.push_str("\n<span class=\"legend\">");
    out.push_str(legend);
    out.push_str("</span></figcaption>\n</figure>");
}

/// `m::pair`.
fn pair(out: &mut String, p: &PairView) {
    out.push_str("<section class=\"pair\">\n<h3>");
    link(out, &p.a.url, p.a.name);
    out.push_str(" ↔ <a href=\"");
    esc(out, &p.b.url);
    out.push_str("\">");
    esc(out, p.b.name);
    out.push_str("</a></h3>\n<div class=\"chart-wrap\">");
    out.push_str(&p.svg);
    let n = p.events.len();
    let _ = write!(
        out,
        "</div>\n<details class=\"pair-events\">\n<summary>{n} event{}; highest index ",
        plural(n)
    );
    esc(out, &p.peak);
    out.push_str(" on ");
    esc(out, &p.peak_date);
    out.push_str("</summary>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Event</th><th scope=\"col\">Level</th><th scope=\"col\">Killed</th><th scope=\"col\">Weight</th></tr></thead>\n<tbody>\n");
    for e in &p.events {
        out.push_str("<tr><td>");
        date(out, &e.row.date);
        out.push_str("</td><td>");
        link(out, &e.row.url, e.row.title);
        out.push_str("</td><td>");
        if let Some(level) = e.row.escalation {
            push!(out, level);
        }
        out.push_str("</td><td>");
        esc(out, &e.killed);
        out.push_str("</td><td>");
        esc(out, &e.weight);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</details>\n</section>");
}

/// `chronology.html`, whole or filtered.
pub fn chronology(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    page: &ChronoPage,
    phases: &[PhaseView],
) {
    out.reserve(64 * 1024 + page.count * 1024);
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
    base(out, site, v, &blocks, |out| {
        chronology_main(out, page, phases)
    });
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

/// Tera's `capitalize` filter: the first character in upper case, the rest
/// in lower case.
fn capitalize(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let mut word: String = first.to_uppercase().collect();
        word.push_str(&chars.as_str().to_lowercase());
        esc(out, &word);
    }
}

/// `actor.html`.
pub fn actor(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    actor: &ActorPage,
    own: &ActorChronology,
) {
    out.reserve(32 * 1024 + actor.body.len() + own.chart.len());
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
    base(out, site, v, &blocks, |out| {
        actor_main(out, site, v, actor, own)
    });
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

/// `source.html`.
pub fn source(out: &mut String, site: &SiteView, v: &PageVars, source: &SourcePage) {
    out.reserve(16 * 1024 + source.body.len() + source.events.len() * 256);
    let blocks = Blocks {
        description: None,
        og_type: "website",
        head: "",
        body_class: "source",
    };
    base(out, site, v, &blocks, |out| source_main(out, source));
}

/// One `<div><dt>…</dt><dd>…</dd></div>` of the facts, when `show`.
fn fact(out: &mut String, show: bool, term: &str, value: impl FnOnce(&mut String)) {
    if show {
        out.push_str("<div><dt>");
        out.push_str(term);
        out.push_str("</dt><dd>");
        value(out);
        out.push_str("</dd></div>");
    }
    out.push('\n');
}

/// A list of what cites a source, under its heading, when not empty.
fn citers(out: &mut String, heading: &str, list: &[CiterView]) {
    if !list.is_empty() {
        out.push_str("<h3>");
        out.push_str(heading);
        out.push_str("</h3>\n<ul>");
        for c in list {
            out.push_str("<li>");
            if let Some(d) = &c.date {
                date(out, d);
                out.push_str(": ");
            }
            link(out, &c.url, c.title);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push('\n');
}

fn source_main(out: &mut String, source: &SourcePage) {
    let s = &source.source;
    out.push_str("\n<article class=\"record\">\n<header class=\"page-header\">\n<p class=\"kicker\">Source · ");
    esc(out, &s.kind.replace('-', " "));
    out.push_str("</p>\n<h1>");
    esc(out, s.title);
    out.push_str("</h1>\n</header>\n");
    corrections(out, &source.changes);
    out.push_str("<dl class=\"facts\">\n");
    fact(out, !s.outlet.is_empty(), "Outlet", |out| {
        esc(out, s.outlet)
    });
    fact(out, !s.author.is_empty(), "Author", |out| {
        esc(out, s.author)
    });
    fact(out, s.date.is_some(), "Published", |out| {
        if let Some(d) = &s.date {
            date(out, d);
        }
    });
    fact(out, !s.grade.is_empty(), "Grade", |out| {
        out.push_str("<abbr class=\"grade\" title=\"Admiralty grade\">");
        esc(out, &s.grade);
        out.push_str("</abbr>");
        if !source.reliability_text.is_empty() {
            out.push_str(": source ");
            esc(out, source.reliability_text);
        }
        if !source.credibility_text.is_empty() {
            out.push_str("; information ");
            esc(out, source.credibility_text);
        }
    });
    fact(out, !s.link.is_empty(), "Address", |out| {
        link(out, s.link, s.link)
    });
    fact(out, !source.notes.is_empty(), "Note", |out| {
        esc(out, source.notes)
    });
    fact(out, source.republishes.is_some(), "Republishes", |out| {
        if let Some(r) = &source.republishes {
            source_line(out, r);
        }
    });
    fact(out, !source.relays.is_empty(), "Relays", |out| {
        out.push_str("<ul>");
        for r in &source.relays {
            out.push_str("<li>");
            source_line(out, r);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    });
    fact(out, !source.relayed_by.is_empty(), "Relayed by", |out| {
        out.push_str("<ul>");
        for r in &source.relayed_by {
            out.push_str("<li>");
            link(out, &r.url, r.title);
            if let Some(d) = &r.date {
                out.push_str(", ");
                esc(out, &d.display);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    });
    out.push_str("</dl>\n");
    captures(out, source);
    if !source.body.is_empty() {
        // A note that opens with its own heading needs no "Editor's note" above it.
        if source.body.starts_with("<h2") {
            out.push_str("<section class=\"prose\">\n");
        } else {
            out.push_str("<section class=\"prose\">\n<h2>Editor's note</h2>\n");
        }
        out.push_str(&source.body);
        out.push_str("\n</section>");
    }
    out.push_str("\n<section class=\"cited-by\">\n<h2>Cited by</h2>\n");
    citers(out, "Events", &source.events);
    citers(out, "Actors", &source.actors);
    citers(out, "Pages", &source.pages);
    if source.events.is_empty() && source.actors.is_empty() && source.pages.is_empty() {
        out.push_str("<p>Nothing in the dossier cites this source directly.</p>");
    }
    out.push_str("\n</section>\n");
    updates(out, &source.changes);
    references(out, &source.references);
    cite_this(out, &source.cite_this);
    out.push_str("\n</article>\n");
}

/// The source page's preserved copies, when it has any.
fn captures(out: &mut String, source: &SourcePage) {
    if source.captures.is_empty() {
        return;
    }
    out.push_str("<section class=\"captures\" aria-labelledby=\"captures-heading\">\n<h2 id=\"captures-heading\">Preserved copies</h2>\n");
    if let Some(page) = &source.capture_page {
        out.push_str("<p>");
        link(
            out,
            page,
            "Read the preserved text, with numbered paragraphs",
        );
        out.push_str("</p>\n");
    }
    out.push_str("<ul>\n");
    for c in &source.captures {
        out.push_str("<li>");
        link(out, &c.href, c.file);
        out.push_str(" (");
        out.push_str(c.format);
        push!(out, ", ", c.size, " bytes), captured <time datetime=\"");
        esc(out, c.captured_at);
        out.push_str("\">");
        esc(out, c.captured_at);
        out.push_str("</time>");
        if !c.tool.is_empty() {
            out.push_str(" with ");
            esc(out, c.tool);
        }
        out.push_str("<br>SHA-256 <code class=\"hash\">");
        esc(out, c.sha256);
        out.push_str("</code>");
        for (label, url) in [("Taken from", c.url), ("Archived copy", c.archive_url)] {
            if !url.is_empty() {
                out.push_str("<br>");
                out.push_str(label);
                out.push_str(" <a href=\"");
                esc(out, url);
                out.push_str("\" rel=\"nofollow\">");
                esc(out, url);
                out.push_str("</a>");
            }
        }
        if !c.note.is_empty() {
            out.push_str("<br>");
            esc(out, c.note);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

/// `events.html`.
pub fn events(out: &mut String, site: &SiteView, v: &PageVars, rows: &[EventRow]) {
    out.reserve(8 * 1024 + rows.len() * 1024);
    let blocks = Blocks {
        description: None,
        og_type: "website",
        head: "",
        body_class: "page",
    };
    base(out, site, v, &blocks, |out| {
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
    });
}
