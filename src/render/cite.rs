//! Per-page citation numbering: every citation on a page, from the record's
//! fields and from its prose, becomes a numbered link to the page's reference
//! list, and every reference links back to each place that cites it.

use super::links::Links;
use super::views::SourceRef;
use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into;
use crate::base::text::push;
use crate::markdown::{CiteMode, Doc, RefKind};
use crate::resolve::{Library, Target};
use serde::Serialize;
use std::collections::HashMap;

/// One source cited: (source, prefix, locator, form).
pub(crate) type Cited<'a> = (usize, &'a str, &'a str, CiteMode);

/// One entry of a page's reference list.
#[derive(Serialize)]
pub(crate) struct Reference<'a> {
    /// Citation number.
    pub n: usize,
    pub source: SourceRef<'a>,
    /// The reference in the configured CSL style, as HTML ("" in dossier's
    /// own style, whose reference line the template writes).
    pub formatted: &'a str,
    /// Links back to every citing place.
    pub backrefs: Vec<Backref>,
}

/// A link from a reference back to one citation of it.
#[derive(Serialize)]
pub(crate) struct Backref {
    /// Anchor id of the citation.
    pub anchor: String,
    /// "a", "b", ...
    pub label: String,
    /// Locator given at that place ("para. 4").
    pub locator: String,
}

/// The id of the first citation of the source `id` on any page that cites
/// it (ids are lowercase letters, digits and `-`: no escaping needed).
pub(crate) fn citation_anchor(id: &str) -> String {
    format!("cites-{id}")
}

/// The citations of one page.
pub(crate) struct Citations<'l> {
    lib: &'l Library,
    links: Links<'l>,
    order: Vec<usize>,
    number: HashMap<usize, usize>,
    uses: Vec<Vec<(String, String)>>,
    next_anchor: usize,
    /// The sources whose `cites-<id>` anchor is written.
    anchored: std::collections::HashSet<usize>,
}

impl<'l> Citations<'l> {
    /// An empty registry for a page whose links use `links`.
    pub(crate) fn new(lib: &'l Library, links: Links<'l>) -> Self {
        Citations {
            lib,
            links,
            order: Vec::new(),
            number: HashMap::new(),
            uses: Vec::new(),
            next_anchor: 0,
            anchored: std::collections::HashSet::new(),
        }
    }

    /// The stable anchor of the first place on the page citing `source`,
    /// onto `out` unless written already.
    fn first_anchor(&mut self, out: &mut String, source: usize) {
        if self.anchored.insert(source) {
            out.push_str("<span id=\"");
            out.push_str(&citation_anchor(&self.lib.sources[source].id));
            out.push_str("\"></span>");
        }
    }

    /// The anchor of a place naming `source` without a numbered citation
    /// (a claim reported via it), "" when the page has one already.
    pub(crate) fn mention(&mut self, source: usize) -> String {
        let mut out = String::new();
        self.first_anchor(&mut out, source);
        out
    }

    /// A citation of `ids` (with no locator), as HTML; "" for none.
    pub(crate) fn ids(&mut self, ids: &[String]) -> String {
        let items: Vec<Cited> = ids
            .iter()
            .filter_map(|id| self.lib.source(id))
            .map(|s| (s, "", "", CiteMode::Normal))
            .collect();
        self.cite(&items)
    }

    /// A citation bracket, as HTML: `<sup class="cite">[1, 2]</sup>` in a
    /// numbered style, `<span class="cite">(Doe 2021; Roe 2020)</span>` in
    /// an author-date one.
    pub(crate) fn cite(&mut self, items: &[Cited]) -> String {
        let mut out = String::new();
        self.cite_into(&mut out, items);
        out
    }

    /// The number of `source` on this page (given now if it has none) and
    /// a new anchor for one citation of it.
    fn number(&mut self, source: usize) -> (usize, String) {
        let n = *self.number.entry(source).or_insert_with(|| {
            self.order.push(source);
            self.uses.push(Vec::new());
            self.order.len()
        });
        self.next_anchor += 1;
        let mut anchor = String::with_capacity(8);
        push!(&mut anchor, "cite-", self.next_anchor);
        (n, anchor)
    }

    /// An author-in-text citation (`@key [p. 33]`): "Doe (2021, p. 33)"
    /// in an author-date style, the bracketed number in a numbered one.
    fn in_text(&mut self, out: &mut String, source: usize, locator: &str) {
        let Some(styled) = self.lib.styled.as_ref().filter(|s| !s.numeric) else {
            self.cite_into(out, &[(source, "", locator, CiteMode::AuthorInText)]);
            return;
        };
        self.first_anchor(out, source);
        let (n, anchor) = self.number(source);
        push!(
            out,
            "<span class=\"cite cite-in-text\"><a id=\"",
            &anchor,
            "\" href=\"#ref-",
            n,
            "\">"
        );
        let prose = styled.prose[source].as_str();
        match (locator.is_empty(), prose.strip_suffix(')')) {
            (true, _) => escape_into(out, prose),
            (false, Some(open)) => {
                escape_into(out, open);
                out.push_str(", ");
                escape_into(out, locator);
                out.push(')');
            }
            (false, None) => {
                escape_into(out, prose);
                out.push_str(" (");
                escape_into(out, locator);
                out.push(')');
            }
        }
        out.push_str("</a></span>");
        self.uses[n - 1].push((anchor, locator.to_string()));
    }

    /// [`Citations::cite`], appended to `out`.
    fn cite_into(&mut self, out: &mut String, items: &[Cited]) {
        self.cite_at(out, items, None);
    }

    /// [`Citations::cite`] of the citation written at `at` (line, column)
    /// of the page's Markdown: a paragraph locator of a source with a
    /// readable capture also links to the paragraphs (`¶ 4`), with an id
    /// the capture page's back-links point at.
    fn cite_at(&mut self, out: &mut String, items: &[Cited], at: Option<(usize, usize)>) {
        if items.is_empty() {
            return;
        }
        let lib = self.lib;
        let paras = match at {
            Some(_) => crate::evidence::locator::bracket_links(
                items.iter().map(|&(s, _, l, _)| (s, l)),
                |s| lib.sources[s].readable().is_some(),
            ),
            None => Vec::new(),
        };
        let mut links = 0;
        // One source cited twice in a bracket is one link with both locators.
        let mut merged: Vec<(usize, &str, String, CiteMode)> = Vec::with_capacity(items.len());
        for &(source, prefix, locator, mode) in items {
            match merged.iter_mut().find(|m| m.0 == source) {
                Some(m) if !locator.is_empty() => {
                    if !m.2.is_empty() {
                        m.2.push_str("; ");
                    }
                    m.2.push_str(locator);
                }
                Some(_) => {}
                None => merged.push((source, prefix, locator.to_string(), mode)),
            }
        }
        let lib = self.lib;
        // The first citation of a source on the page carries a stable
        // anchor, `cites-<source id>`, that the source's page links to
        // (the numbers of `cite-N` change with every edit of the page).
        for m in &merged {
            self.first_anchor(out, m.0);
        }
        let author_date = lib.styled.as_ref().filter(|s| !s.numeric);
        // Written straight into the bracket, each piece escaped (escaping
        // a concatenation is concatenating the escaped pieces).
        match author_date {
            Some(styled) => {
                out.push_str("<span class=\"cite\">");
                escape_into(out, &styled.affixes.0);
            }
            None => out.push_str("<sup class=\"cite\">["),
        }
        for (k, (source, prefix, locator, mode)) in merged.into_iter().enumerate() {
            let (n, anchor) = self.number(source);
            if k > 0 {
                match author_date {
                    Some(styled) => escape_into(out, &styled.affixes.2),
                    None => out.push_str(", "),
                }
            }
            if !prefix.is_empty() {
                escape_into(out, prefix);
                out.push(' ');
            }
            push!(out, "<a id=\"", &anchor, "\" href=\"#ref-", n, "\"");
            match (author_date, &lib.styled) {
                (Some(styled), _) => {
                    out.push('>');
                    let text = match mode {
                        CiteMode::SuppressAuthor => &styled.years[source],
                        _ => &styled.items[source],
                    };
                    escape_into(out, text);
                    if !locator.is_empty() {
                        out.push_str(", ");
                        escape_into(out, &locator);
                    }
                    out.push_str("</a>");
                }
                (None, Some(styled)) => {
                    out.push_str(" title=\"");
                    escape_into(out, &styled.plain[source]);
                    if !locator.is_empty() {
                        out.push_str(", ");
                        escape_into(out, &locator);
                    }
                    push!(out, "\">", n, "</a>");
                }
                (None, None) => {
                    out.push_str(" title=\"");
                    escape_into(out, &lib.sources[source].outlet);
                    if let Some(d) = &lib.source_dates[source] {
                        out.push_str(", ");
                        escape_into(out, &d.display);
                    }
                    if !locator.is_empty() {
                        out.push_str(", ");
                        escape_into(out, &locator);
                    }
                    push!(out, "\">", n, "</a>");
                }
            }
            if let (Some((line, column)), Some((_, ranges))) =
                (at, paras.iter().find(|(s, _)| *s == source))
            {
                let page = self.links.capture(&lib.sources[source].id);
                for &(first, last) in ranges {
                    links += 1;
                    let id = crate::evidence::locator::anchor((line, column, links));
                    push!(out, " <a class=\"para\" id=\"", &id, "\" href=\"");
                    escape_into(out, &page);
                    push!(out, "#p", first, "\" title=\"");
                    if first == last {
                        push!(out, "Paragraph ", first);
                    } else {
                        push!(out, "Paragraphs ", first, "–", last);
                    }
                    out.push_str(" of the preserved copy\">¶\u{a0}");
                    if first == last {
                        push!(out, first);
                    } else {
                        push!(out, first, "–", last);
                    }
                    out.push_str("</a>");
                }
            }
            self.uses[n - 1].push((anchor, locator));
        }
        match author_date {
            Some(styled) => {
                escape_into(out, &styled.affixes.1);
                out.push_str("</span>");
            }
            None => out.push_str("]</sup>"),
        }
    }

    /// The prose of `doc` with its citations numbered on this page and its
    /// wiki links pointing at their pages.
    pub(crate) fn body(&mut self, doc: &Doc) -> Result<String, Diagnostic> {
        let lib = self.lib;
        let links = self.links;
        doc.resolve(|r, out| match &r.kind {
            RefKind::Cite(items) => {
                let items: Vec<Cited> = items
                    .iter()
                    .filter_map(|i| {
                        Some((
                            lib.source(&i.key)?,
                            i.prefix.as_str(),
                            i.locator.as_str(),
                            i.mode,
                        ))
                    })
                    .collect();
                self.cite_at(out, &items, Some((r.line, r.column)));
            }
            RefKind::InText { item, raw } => match lib.source(&item.key) {
                Some(s) => self.in_text(out, s, &item.locator),
                None => escape_into(out, raw),
            },
            RefKind::Wiki { target, label } => {
                let Some(t) = lib.target(target) else {
                    escape_into(out, label.as_deref().unwrap_or(target));
                    return;
                };
                let (class, title, path) = match t {
                    Target::Event(i) => (
                        "event",
                        lib.events[i].title.as_str(),
                        links.event(&lib.events[i].id),
                    ),
                    Target::Actor(i) => (
                        "actor",
                        lib.actors[i].name.as_str(),
                        links.actor(&lib.actors[i].id),
                    ),
                    Target::Source(i) => (
                        "source",
                        lib.sources[i].title.as_str(),
                        links.source(&lib.sources[i].id),
                    ),
                    Target::Page(i) => (
                        "page",
                        lib.pages[i].title.as_str(),
                        links.page(&lib.pages[i].slug),
                    ),
                };
                let text = label.as_deref().unwrap_or(title);
                push!(out, "<a class=\"wiki wiki-", class, "\" href=\"");
                escape_into(out, &path);
                out.push_str("\" title=\"");
                escape_into(out, title);
                out.push_str("\">");
                escape_into(out, text);
                out.push_str("</a>");
            }
        })
    }

    /// The reference list: in citation order, or in the order of the
    /// style's sorted bibliography (author-date styles: by author, date,
    /// title). Each reference keeps its number, which its anchor carries.
    pub(crate) fn references(self) -> Vec<Reference<'l>> {
        let lib = self.lib;
        let links = self.links;
        let mut refs: Vec<(usize, usize, _)> = self
            .order
            .iter()
            .zip(self.uses)
            .enumerate()
            .map(|(i, (&s, uses))| (i + 1, s, uses))
            .collect();
        if let Some(rank) = lib.styled.as_ref().and_then(|st| st.rank.as_ref()) {
            refs.sort_by_key(|&(n, s, _)| (rank[s], n));
        }
        refs.into_iter()
            .map(|(n, s, uses)| Reference {
                n,
                source: SourceRef::new(lib, links, s),
                formatted: lib
                    .styled
                    .as_ref()
                    .map_or("", |st| st.references[s].as_str()),
                backrefs: uses
                    .into_iter()
                    .enumerate()
                    .map(|(k, (anchor, locator))| Backref {
                        anchor,
                        label: backref_label(k),
                        locator,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// "a".."z", then "aa", "ab", ...
fn backref_label(k: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if k < 26 {
        (letters[k] as char).to_string()
    } else {
        format!("{}{}", backref_label(k / 26 - 1), letters[k % 26] as char)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backref_labels() {
        assert_eq!(super::backref_label(0), "a");
        assert_eq!(super::backref_label(25), "z");
        assert_eq!(super::backref_label(26), "aa");
    }
}
