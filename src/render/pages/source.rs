//! A source's page: `source.html`.

use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::base::text::push;
use crate::render::PageRenderer;
use crate::render::cite::{Citations, Reference};
use crate::render::compiled::frame::{Blocks, Frame};
use crate::render::compiled::macros::*;
use crate::render::links::Links;
use crate::render::views::{DateView, SourceRef};
use crate::resolve::{Citer, Library};
use serde::Serialize;

/// A preserved copy as pages show it.
#[derive(Serialize)]
pub(crate) struct CaptureView<'a> {
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
    pub(crate) fn new(links: Links<'_>, c: &'a crate::evidence::Capture) -> CaptureView<'a> {
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

/// A link to whatever cites a source.
#[derive(Serialize)]
pub(crate) struct CiterView<'a> {
    /// Title or name.
    pub title: &'a str,
    /// Link.
    pub url: String,
    /// Date, for events.
    pub date: Option<DateView<'a>>,
}

/// Everything a source page shows.
#[derive(Serialize)]
pub(crate) struct SourcePage<'a> {
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
    pub changes: crate::render::changes::RecordChanges<'a>,
    /// How to cite the page.
    pub cite_this: crate::render::citefiles::CiteThis,
}

/// A link to a place citing a source.
pub(super) fn citer_view<'a>(lib: &'a Library, links: Links<'_>, citer: Citer) -> CiterView<'a> {
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
pub(crate) fn source_page<'a>(
    lib: &'a Library,
    links: Links<'a>,
    s: usize,
) -> Result<SourcePage<'a>, Diagnostic> {
    let src = &lib.sources[s];
    let mut cites = Citations::new(lib, links);
    let body = cites.body(&src.body)?;
    let (mut events, mut actors, mut pages, mut relayed_by) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Each citing page is linked at its first citation of the source.
    let at = |url: String| format!("{url}#{}", crate::render::cite::citation_anchor(&src.id));
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
    Ok(SourcePage {
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
        changes: crate::render::changes::RecordChanges::new(&src.changes, links),
        cite_this: crate::render::citefiles::CiteThis::of(
            lib,
            links.paths,
            crate::render::citefiles::Record::Source(s),
        ),
    })
}

/// `source.html`.
fn write(frame: Frame, source: &SourcePage) -> Result<(), Diagnostic> {
    let _site = frame.site;
    frame
        .out
        .reserve(16 * 1024 + source.body.len() + source.events.len() * 256);
    let blocks = Blocks {
        description: None,
        og_type: "website",
        head: "",
        body_class: "source",
    };
    frame.write(&blocks, |out| source_main(out, source))
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

/// The `n`th source's page.
#[derive(Clone, Copy)]
pub(super) struct Source(pub(super) usize);

impl super::Page for Source {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let s = &r.lib.sources[self.0];
        (r.paths.source(&s.id), "source.html", s.title.clone())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        ctx.insert("source", &source_page(r.lib, links, self.0)?);
        Ok(())
    }

    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        write(frame, &source_page(r.lib, links, self.0)?)?;
        Ok(true)
    }
}
