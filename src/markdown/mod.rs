//! Markdown to HTML with Pandoc citations, wiki links, footnotes, heading
//! anchors and highlighted code.
//!
//! Rendering happens at load time and in parallel, before every id is
//! known. Citations and wiki links are therefore left in the HTML as markers
//! (a private-use character pair around an index into [`Doc::refs`]); the
//! page renderer replaces them once the library is complete, numbering
//! citations per page. A one-off build lets the HTML of a Markdown file go
//! ([`Doc::store`]) and renders it again from the file when its page is made,
//! so that a large dossier's prose is not all held at once.

mod footnotes;
mod highlight;
mod refs;
mod sanitize;

pub(crate) use highlight::theme_css;
pub use refs::{CiteMode, RefKind, scan as scan_refs};

use crate::base::diagnostics::{Diagnostic, line_col};
use crate::base::html::{escape, escape_into};
use crate::base::slug::slugify;
use crate::base::text::push;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;

/// Where a citation or wiki link stands in a [`Doc`]'s HTML: its index
/// between these two private-use characters.
pub(crate) const MARK_OPEN: char = '\u{E000}';
pub(crate) const MARK_CLOSE: char = '\u{E001}';
/// The markers' UTF-8 bytes, for byte searches (memchr, memmem).
pub(crate) const MARK_OPEN_UTF8: [u8; 3] = utf8(MARK_OPEN);
pub(crate) const MARK_CLOSE_UTF8: [u8; 3] = utf8(MARK_CLOSE);

/// The UTF-8 bytes of a character from U+0800 to U+FFFF.
const fn utf8(c: char) -> [u8; 3] {
    let mut bytes = [0; 4];
    assert!(c.encode_utf8(&mut bytes).len() == 3);
    [bytes[0], bytes[1], bytes[2]]
}

/// A citation or wiki link found in a document, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    /// What it is.
    pub kind: RefKind,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Length of the written reference in characters.
    pub length: usize,
}

/// A rendered Markdown document whose citations and wiki links await
/// resolution.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// HTML with markers; empty when [`Doc::stored`] says where to render
    /// it from again.
    pub html: String,
    /// Citations and wiki links, in order of appearance.
    pub refs: Vec<Ref>,
    /// Plain Markdown links to a record's page (`[x](/events/id/)`), to
    /// be checked like wiki links: what the address names, and where.
    pub(crate) links: Vec<LinkRef>,
    /// Writing left as text that was surely meant as more: an unclosed
    /// citation, a footnote never defined or defined twice.
    pub(crate) problems: Vec<Problem>,
    /// Refs replaced by literal HTML ([`Doc::edit_refs`]), by index.
    replaced: Vec<(usize, String)>,
    /// Where the Markdown was read from, when its HTML is not kept: a
    /// build of a large dossier renders a body again when its page is
    /// made rather than hold every page's HTML from load to render.
    stored: Option<Box<Stored>>,
}

/// The Markdown body of a file, as [`Doc::store`] found it.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    /// The file, as it is opened.
    pub path: std::sync::Arc<std::path::Path>,
    /// The file as messages name it.
    pub file: std::sync::Arc<str>,
    /// The body's byte offset in the file.
    pub start: usize,
    /// The body's length in bytes.
    pub len: usize,
    /// The body's first line in the file.
    pub first_line: usize,
    /// How it was rendered.
    pub options: Options,
    /// The body's hash: a file changed since it was read is not rendered
    /// with the citations of its old text.
    pub hash: u64,
}

/// A hash of a body's text, the same in every run.
pub(crate) fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Something in Markdown that renders as literal text though it was
/// meant as a citation or a footnote: reported as a warning.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Length in characters.
    pub length: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// A plain Markdown link to a record's page, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkRef {
    /// The record its address names.
    pub target: RecordLink,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Length of the written link in characters.
    pub length: usize,
}

/// What a plain Markdown link to the dossier's own pages names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RecordLink {
    /// `/events/<id>/`
    Event(String),
    /// `/actors/<id>/`
    Actor(String),
    /// `/sources/<id>/`
    Source(String),
}

impl RecordLink {
    /// The record a link's address points at, if it is one of the
    /// dossier's event, actor or source pages: `/events/id/`,
    /// `events/id/index.html`, `../../actors/id/#x`. Other addresses (other
    /// sites, sections, files) are not records.
    pub(crate) fn parse(dest: &str) -> Option<RecordLink> {
        if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
            return None;
        }
        let path = dest.split(['#', '?']).next().unwrap_or("");
        let mut parts = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != "." && *p != "..");
        let section = parts.next()?;
        let id = parts.next()?;
        match parts.next() {
            None | Some("index.html") if parts.next().is_none() => {}
            _ => return None,
        }
        let id = id.to_string();
        match section {
            "events" => Some(RecordLink::Event(id)),
            "actors" => Some(RecordLink::Actor(id)),
            "sources" => Some(RecordLink::Source(id)),
            _ => None,
        }
    }
}

impl Doc {
    /// Forgets the HTML, to render it again from `stored` when it is
    /// needed ([`Doc::html`]).
    pub(crate) fn store(&mut self, stored: Stored) {
        self.html = String::new();
        self.stored = Some(Box::new(stored));
    }

    /// The HTML with markers: kept, or rendered again from the file it was
    /// read from. An error when that file changed since it was read.
    pub(crate) fn html(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let Some(stored) = &self.stored else {
            return Ok(Cow::Borrowed(&self.html));
        };
        let changed = || {
            Diagnostic::error(
                &*stored.file,
                "the file changed while the site was being built",
            )
            .hint("build again: the site was left as it was")
        };
        let bytes = std::fs::read(&stored.path).map_err(|e| {
            Diagnostic::error(&*stored.file, format!("cannot read the file again: {e}"))
                .hint("build again: the site was left as it was")
        })?;
        let body = bytes
            .get(stored.start..stored.start + stored.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .filter(|b| text_hash(b) == stored.hash)
            .ok_or_else(changed)?;
        let doc = render_with(body, stored.first_line, stored.options);
        if doc.refs.len() != self.refs.len() {
            return Err(changed());
        }
        Ok(Cow::Owned(doc.html))
    }

    /// The HTML with every marker replaced by what `resolve` makes of its
    /// ref (or by what [`Doc::edit_refs`] replaced it with).
    pub(crate) fn resolve(
        &self,
        mut resolve: impl FnMut(&Ref, &mut String),
    ) -> Result<String, Diagnostic> {
        let html = self.html()?;
        if self.refs.is_empty() {
            return Ok(html.into_owned());
        }
        let mut out = String::with_capacity(html.len() + self.refs.len() * 160);
        let mut rest = &*html;
        while let Some(start) = memchr::memmem::find(rest.as_bytes(), &MARK_OPEN_UTF8) {
            out.push_str(&rest[..start]);
            let after = &rest[start + MARK_OPEN_UTF8.len()..];
            let end = memchr::memmem::find(after.as_bytes(), &MARK_CLOSE_UTF8)
                .expect("markers come in pairs");
            let index: usize = after[..end].parse().expect("marker holds an index");
            match self.replaced.binary_search_by_key(&index, |(i, _)| *i) {
                Ok(at) => {
                    let html = &self.replaced[at].1;
                    // A ref replaced by nothing takes the spaces before it
                    // along: "attacked [@x]." becomes "attacked.".
                    if html.is_empty() {
                        out.truncate(out.trim_end_matches(' ').len());
                    }
                    out.push_str(html);
                }
                Err(_) => resolve(&self.refs[index], &mut out),
            }
            rest = &after[end + MARK_CLOSE_UTF8.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// [`Doc::resolve`] of a document that keeps its HTML, as [`render`]
    /// makes it (the fuzz targets').
    pub fn resolve_rendered(&self, resolve: impl FnMut(&Ref, &mut String)) -> String {
        assert!(self.stored.is_none(), "a rendered document keeps its HTML");
        self.resolve(resolve)
            .expect("a document that keeps its HTML resolves")
    }

    /// Lets `edit` change each citation and wiki link in place, or replace
    /// it by literal HTML, which it returns (the ref is then emptied, so
    /// that nothing checks or counts it). A ref replaced by nothing takes
    /// the spaces before it along: "attacked [@x]." becomes "attacked.".
    pub fn edit_refs(&mut self, mut edit: impl FnMut(&mut Ref) -> Option<String>) {
        for (index, r) in self.refs.iter_mut().enumerate() {
            if self.replaced.iter().any(|(i, _)| *i == index) {
                continue;
            }
            if let Some(html) = edit(r) {
                r.kind = RefKind::Cite(Vec::new());
                self.replaced.push((index, html));
            }
        }
        self.replaced.sort_by_key(|(i, _)| *i);
    }

    /// Every citation key, in order of appearance (with repeats).
    pub fn cited_keys(&self) -> impl Iterator<Item = &str> {
        self.refs.iter().flat_map(|r| match &r.kind {
            RefKind::Cite(items) => items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            RefKind::InText { item, .. } => vec![item.key.as_str()],
            RefKind::Wiki { .. } => Vec::new(),
        })
    }
}

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Strip raw HTML that could run script (`[build] safe_html`).
    pub safe_html: bool,
}

/// Renders `text` (the Markdown part of a file whose first line is
/// `first_line`).
pub fn render(text: &str, first_line: usize) -> Doc {
    render_with(text, first_line, Options::default())
}

/// Renders `text` with `options`.
pub(crate) fn render_with(text: &str, first_line: usize, options: Options) -> Doc {
    // The markers must be ours alone.
    let cleaned;
    // memmem's vector search: `str::contains` of chars goes a character at
    // a time, and every body is searched.
    let text = if [MARK_OPEN_UTF8, MARK_CLOSE_UTF8]
        .iter()
        .any(|mark| memchr::memmem::find(text.as_bytes(), mark).is_some())
    {
        cleaned = text.replace([MARK_OPEN, MARK_CLOSE], "");
        cleaned.as_str()
    } else {
        text
    };
    let mut r = Renderer {
        text,
        first_line,
        refs: Vec::new(),
        links: Vec::new(),
        out: Vec::new(),
        heading: None,
        code: None,
        pending: String::new(),
        pieces: Vec::new(),
        heading_ids: HashSet::new(),
        footnotes: HashSet::new(),
        problems: Vec::new(),
    };
    use pulldown_cmark::Options as O;
    let opts = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_SMART_PUNCTUATION
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        r.handle(event, range.start);
    }
    r.flush_text();
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, footnotes::place(r.out).into_iter());
    if options.safe_html {
        html = sanitize::clean(&html);
    }
    // Kept for the whole build: without the room reserved for growth.
    html.shrink_to_fit();
    r.refs.shrink_to_fit();
    r.links.shrink_to_fit();
    r.problems.shrink_to_fit();
    Doc {
        html,
        refs: r.refs,
        links: r.links,
        problems: r.problems,
        replaced: Vec::new(),
        stored: None,
    }
}

/// A heading being collected: level, explicit id, classes, inner events.
type OpenHeading<'a> = (u8, Option<String>, Vec<String>, Vec<Event<'a>>);

struct Renderer<'a> {
    text: &'a str,
    first_line: usize,
    refs: Vec<Ref>,
    links: Vec<LinkRef>,
    out: Vec<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    code: Option<(String, String)>,
    /// Consecutive text, merged so that `[@key]` split by the parser is whole.
    pending: String,
    /// (offset in `pending`, offset in `text`) of each merged piece.
    pieces: Vec<(usize, usize)>,
    heading_ids: HashSet<String>,
    /// Footnote labels defined so far.
    footnotes: HashSet<String>,
    problems: Vec<Problem>,
}

impl<'a> Renderer<'a> {
    fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match &mut self.heading {
            Some((.., events)) => events,
            None => &mut self.out,
        }
    }

    fn handle(&mut self, event: Event<'a>, offset: usize) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().expect("in a code block");
                    let html = highlight::highlight(&code, &lang);
                    self.out.push(Event::Html(CowStr::from(html)));
                }
                _ => {}
            }
            return;
        }
        if let Event::Text(t) = &event {
            self.pieces.push((self.pending.len(), offset));
            self.pending.push_str(t);
            return;
        }
        // A line break inside a run of text stays in the run, so that a wiki
        // link or citation wrapped onto the next line is still found.
        if matches!(event, Event::SoftBreak) && !self.pending.is_empty() {
            self.pieces.push((self.pending.len(), offset));
            self.pending.push('\n');
            return;
        }
        self.flush_text();
        if let Event::Start(Tag::Link { dest_url, .. }) = &event
            && let Some(target) = RecordLink::parse(dest_url)
        {
            let (line, column) = line_col(self.text, offset);
            let length = self.text[offset..]
                .find(')')
                .map_or(1, |end| self.text[offset..offset + end + 1].chars().count());
            self.links.push(LinkRef {
                target,
                line: line + self.first_line - 1,
                column,
                length,
            });
        }
        if let Event::Start(Tag::FootnoteDefinition(label)) = &event
            && !self.footnotes.insert(label.to_string())
        {
            let (line, column) = line_col(self.text, offset);
            self.problems.push(Problem {
                line: line + self.first_line - 1,
                column,
                length: label.chars().count() + 4,
                message: format!("a second footnote `[^{label}]`"),
                hint: "each footnote is defined once: give this one its own label".into(),
            });
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, id, classes, inner) = self.heading.take().expect("in a heading");
                let plain: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = self.unique_heading_id(id.unwrap_or_else(|| slugify(&plain)));
                let mut inner_html = String::new();
                pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                let id = escape(&id);
                let mut html = String::with_capacity(112 + 2 * id.len() + inner_html.len());
                push!(&mut html, "<h", level, " id=\"", &id, "\"");
                if !classes.is_empty() {
                    html.push_str(" class=\"");
                    escape_into(&mut html, &classes.join(" "));
                    html.push('"');
                }
                push!(
                    &mut html,
                    ">",
                    &inner_html,
                    " <a class=\"anchor\" href=\"#",
                    &id,
                    "\" aria-label=\"Link to this section\">#</a></h",
                    level,
                    ">\n"
                );
                self.out.push(Event::Html(CowStr::from(html)));
            }
            other => self.sink().push(other),
        }
    }

    fn unique_heading_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.heading_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Line and column in the file of byte `at` of the merged text.
    fn place_of(&self, pieces: &[(usize, usize)], at: usize) -> (usize, usize) {
        let piece = pieces
            .iter()
            .rev()
            .find(|(p, _)| *p <= at)
            .copied()
            .unwrap_or((0, 0));
        let (line, column) = line_col(self.text, piece.1 + (at - piece.0));
        (line + self.first_line - 1, column)
    }

    /// `[@…` and `[^…]` left as text: a citation never closed or naming no
    /// source, a footnote never defined.
    fn literal_problems(
        &mut self,
        pending: &str,
        pieces: &[(usize, usize)],
        found: &[(usize, usize, refs::RefKind)],
    ) {
        let mut covered = found.iter().map(|(s, e, _)| (*s, *e)).peekable();
        let bytes = pending.as_bytes();
        let mut i = 0;
        while let Some(rel) = memchr::memchr(b'[', &bytes[i..]) {
            let at = i + rel;
            i = at + 1;
            while covered.peek().is_some_and(|&(_, e)| e <= at) {
                covered.next();
            }
            if covered.peek().is_some_and(|&(s, _)| s <= at) {
                continue;
            }
            let rest = &pending[at..];
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let problem = match bytes.get(at + 1) {
                Some(b'@') => match rest[..line_end].find(']') {
                    None => Some((
                        line_end,
                        "this citation is never closed".to_string(),
                        "end it with `]` on the same line: [@source-id, p. 3]".to_string(),
                    )),
                    Some(close) => Some((
                        close + 1,
                        format!("`{}` is not a citation", &rest[..close + 1]),
                        "a citation is written [@source-id] or [@source-id, p. 3]; several are separated by `;`".to_string(),
                    )),
                },
                Some(b'^') => rest[..line_end].find(']').and_then(|close| {
                    let label = &rest[2..close];
                    (!label.is_empty() && !label.contains(char::is_whitespace)).then(|| {
                        (
                            close + 1,
                            format!("the footnote `[^{label}]` is never defined"),
                            format!("add `[^{label}]: the note` on a line of its own, or remove the reference"),
                        )
                    })
                }),
                _ => None,
            };
            if let Some((len, message, hint)) = problem {
                let (line, column) = self.place_of(pieces, at);
                self.problems.push(Problem {
                    line,
                    column,
                    length: rest[..len].chars().count(),
                    message,
                    hint,
                });
            }
        }
    }

    /// Turns the merged text into text and marker events.
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // Most runs cite nothing: every reference opens with `[` or `@`.
        if memchr::memchr2(b'[', b'@', self.pending.as_bytes()).is_none() {
            let text = std::mem::take(&mut self.pending);
            self.pieces.clear();
            self.sink().push(Event::Text(CowStr::from(text)));
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let pieces = std::mem::take(&mut self.pieces);
        let mut plain_start = 0;
        let mut events = Vec::new();
        let found = refs::scan(&pending);
        self.literal_problems(&pending, &pieces, &found);
        for (start, end, kind) in found {
            if start > plain_start {
                events.push(Event::Text(CowStr::from(
                    pending[plain_start..start].to_string(),
                )));
            }
            let piece = pieces
                .iter()
                .rev()
                .find(|(p, _)| *p <= start)
                .copied()
                .unwrap_or((0, 0));
            let (line, column) = line_col(self.text, piece.1 + (start - piece.0));
            let index = self.refs.len();
            self.refs.push(Ref {
                kind,
                line: line + self.first_line - 1,
                column,
                length: pending[start..end].chars().count(),
            });
            let mut marker = String::with_capacity(12);
            push!(&mut marker, MARK_OPEN, index, MARK_CLOSE);
            events.push(Event::InlineHtml(CowStr::from(marker)));
            plain_start = end;
        }
        if plain_start < pending.len() {
            events.push(Event::Text(CowStr::from(
                pending[plain_start..].to_string(),
            )));
        }
        self.sink().extend(events);
    }
}

#[cfg(test)]
mod tests;
