//! `macros.html`, compiled: the macros the compiled pages call, each
//! writing what Tera writes for the macro of the same name.

use super::super::changes::{ChangeView, RecordChanges};
use super::super::chrono_page::{ChainView, FilterLink, FilterNav, Item, PairView};
use super::super::views::{ActorRef, DateView, EventRow, SourceRef};
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::render::cite::Reference;
use std::fmt::Write;

/// `<a href="url">text</a>`, both escaped.
pub(crate) fn link(out: &mut String, url: &str, text: &str) {
    out.push_str("<a href=\"");
    esc(out, url);
    out.push_str("\">");
    esc(out, text);
    out.push_str("</a>");
}

/// `m::actors`: linked names, separated by commas.
pub(crate) fn actors(out: &mut String, list: &[ActorRef]) {
    for (n, a) in list.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        link(out, &a.url, a.name);
    }
}

/// The end of a record's header: its title, its summary as the lede, and
/// the record's own citation on a sources line under them.
pub(crate) fn record_title(out: &mut String, title: &str, cite: &str, summary: &str) {
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
pub(crate) fn date(out: &mut String, d: &DateView) {
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
pub(crate) fn escalation(out: &mut String, level: Option<u8>, label: &str) {
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
pub(crate) fn step(out: &mut String, s: Option<i16>) {
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
pub(crate) fn filter_data(out: &mut String, row: &EventRow, phases: &[&str]) {
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
pub(crate) fn event_item(out: &mut String, e: &Item) {
    event_row_item(out, &e.row, &e.phases);
}

/// `m::event_item` of a row and the phases it falls in.
pub(crate) fn event_row_item(out: &mut String, row: &EventRow, phases: &[&str]) {
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
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `m::chain`.
pub(crate) fn chain(out: &mut String, c: &ChainView) {
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
pub(crate) fn source_line(out: &mut String, s: &SourceRef) {
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
pub(crate) fn references(out: &mut String, refs: &[Reference]) {
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
pub(crate) fn change(out: &mut String, x: &ChangeView) {
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
pub(crate) fn corrections(out: &mut String, c: &RecordChanges) {
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
pub(crate) fn updates(out: &mut String, c: &RecordChanges) {
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
pub(crate) fn cite_this(out: &mut String, c: &crate::render::citefiles::CiteThis) {
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
pub(crate) fn backref(out: &mut String, b: &crate::render::cite::Backref, n: usize, label: &str) {
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

/// `m::filter_link`.
pub(crate) fn filter_link(out: &mut String, f: &FilterLink) {
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
pub(crate) fn filter_nav(out: &mut String, nav: &FilterNav) {
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
pub(crate) fn chart_figure(out: &mut String, svg: &str, caption: &str, legend: &str) {
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
pub(crate) fn pair(out: &mut String, p: &PairView) {
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

/// Tera's `capitalize` filter: the first character in upper case, the rest
/// in lower case.
pub(crate) fn capitalize(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let mut word: String = first.to_uppercase().collect();
        word.push_str(&chars.as_str().to_lowercase());
        esc(out, &word);
    }
}
