//! The editor's footnote annotations as sidenotes: each definition is moved
//! (not copied) to just after the block that first refers to it, wrapped
//! with that block, so that wide screens can set it in the margin beside
//! the block and narrow screens and print read it after the paragraph.
//! References and notes link both ways; notes are numbered in order of
//! first reference; a note nothing refers to goes to the end.

use crate::base::html::escape;
use crate::base::text::push;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

/// Rewrites an event stream's footnotes.
pub(super) fn place(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // Take the definitions out, by label.
    let mut definitions: HashMap<String, Vec<Event>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut body = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Event>)> = None;
    for e in events {
        match (&mut current, e) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                current = Some((label.to_string(), Vec::new()));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                let (label, inner) = current.take().expect("in a definition");
                order.push(label.clone());
                definitions.entry(label).or_insert(inner);
            }
            (Some((_, inner)), e) => inner.push(e),
            (None, e) => body.push(e),
        }
    }
    if definitions.is_empty()
        && !body
            .iter()
            .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        return body;
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(body.len() + definitions.len() * 4);
    let mut block: Vec<Event> = Vec::new();
    let mut depth = 0usize;
    let mut pending: Vec<String> = Vec::new();
    for e in body {
        match &e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let e = match e {
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let next = numbers.len() + 1;
                let first = !numbers.contains_key(&label);
                let n = *numbers.entry(label.clone()).or_insert(next);
                if first && definitions.contains_key(&label) {
                    pending.push(label);
                }
                let mut html = String::with_capacity(80);
                html.push_str("<sup class=\"footnote-reference\"");
                if first {
                    push!(&mut html, " id=\"fnref-", n, "\"");
                }
                push!(&mut html, "><a href=\"#fn-", n, "\">", n, "</a></sup>");
                Event::InlineHtml(CowStr::from(html))
            }
            e => e,
        };
        block.push(e);
        if depth == 0 {
            if pending.is_empty() {
                out.append(&mut block);
            } else {
                out.push(Event::Html(CowStr::from("<div class=\"has-note\">\n")));
                out.append(&mut block);
                for label in pending.drain(..) {
                    let inner = definitions.remove(&label).unwrap_or_default();
                    out.push(Event::Html(CowStr::from(note(numbers[&label], inner))));
                }
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
        }
    }
    out.append(&mut block);
    // Notes nothing refers to, in the order they were written.
    let orphans: Vec<String> = order
        .into_iter()
        .filter(|l| definitions.contains_key(l))
        .collect();
    if !orphans.is_empty() {
        out.push(Event::Html(CowStr::from("<section class=\"footnotes\">\n")));
        for label in orphans {
            let inner = definitions.remove(&label).unwrap_or_default();
            let next = numbers.len() + 1;
            let n = *numbers.entry(label).or_insert(next);
            out.push(Event::Html(CowStr::from(note(n, inner))));
        }
        out.push(Event::Html(CowStr::from("</section>\n")));
    }
    out
}

/// One note as HTML: its number, its text, a link back to the reference.
fn note(n: usize, inner: Vec<Event<'_>>) -> String {
    // References inside a note are numbered in the note's own order.
    let inner = inner.into_iter().map(|e| match e {
        Event::FootnoteReference(label) => {
            Event::Text(CowStr::from(format!("[{}]", escape(&label))))
        }
        e => e,
    });
    let mut html = String::with_capacity(512);
    push!(
        &mut html,
        "<aside class=\"footnote-definition sidenote\" id=\"fn-",
        n,
        "\" role=\"note\"><span class=\"footnote-definition-label\">",
        n,
        "</span>\n"
    );
    pulldown_cmark::html::push_html(&mut html, inner);
    push!(
        &mut html,
        "<a class=\"footnote-backref\" href=\"#fnref-",
        n,
        "\"><span aria-hidden=\"true\">↩</span><span class=\"visually-hidden\">Back to the text of note ",
        n,
        "</span></a></aside>\n"
    );
    html
}
