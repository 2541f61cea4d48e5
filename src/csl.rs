//! Citation styles. `[citations] style` in dossier.toml names either
//! dossier's own reference line (`"dossier"`, the default: the look the
//! reference lists always had), one of the CSL styles hayagriva bundles
//! (`"apa"`, `"chicago-author-date"`, `"ieee"` …), or a `.csl` file in the
//! dossier. Each source's reference and in-text forms are formatted in it
//! once per build, not once per citation: a source is cited on hundreds of
//! pages in a large dossier.

use crate::base::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::base::html::escape_into;
use crate::model::{Precision, Source, SourceKind};
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{
    CitationFormat, Display, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, Style,
    StyleCategory, StyleClass, TextDecoration, VerticalAlign,
};
use hayagriva::types::{EntryType, FormatString, Person, QualifiedUrl};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    CitePurpose, ElemChild, ElemChildren, Entry, Formatted,
};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The name of dossier's own style.
pub(crate) const DOSSIER_STYLE: &str = "dossier";

/// The configured citation style.
#[derive(Debug, Clone, Default)]
pub(crate) enum CitationStyle {
    /// dossier's own reference line and numbered citations.
    #[default]
    Dossier,
    /// A CSL style.
    Csl(Arc<CslStyle>),
}

/// A parsed CSL style.
#[derive(Debug)]
pub(crate) struct CslStyle {
    pub style: IndependentStyle,
    /// Whether in-text citations are numbers (numeric and note styles:
    /// both become numbers linking to the page's reference list).
    pub numeric: bool,
}

/// Every bundled style name, for "did you mean" and the docs.
pub(crate) fn bundled_names() -> impl Iterator<Item = &'static str> {
    ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
}

/// The style named `name` (`[citations] style`); `at` is where it is written.
pub(crate) fn load_style(
    root: &Path,
    name: &str,
    at: (usize, usize),
) -> Result<CitationStyle, Diagnostics> {
    const CONFIG: &str = crate::base::files::CONFIG_FILE;
    if name == DOSSIER_STYLE {
        return Ok(CitationStyle::Dossier);
    }
    let style = if name.ends_with(".csl") {
        let rel = Path::new(name);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Diagnostic::error(
                CONFIG,
                format!("[citations] style `{name}` is not a path inside the dossier"),
            )
            .at(at)
            .hint("put the .csl file in the dossier's folder and give its path from there, e.g. \"styles/house.csl\"").into());
        }
        let path = root.join(rel);
        if !path.is_file() {
            return Err(Diagnostic::error(
                CONFIG,
                format!("[citations] style `{name}`: no such file in the dossier"),
            )
            .at(at)
            .hint("give the path of a .csl file from the dossier's folder, or a bundled style name such as \"apa\"").into());
        }
        let text =
            crate::base::files::read_text(root, &path, crate::base::files::DEFAULT_MAX_FILE_SIZE)?;
        if let Some((at, e)) = xml_error(&text) {
            return Err(Diagnostic::error(name, format!("malformed CSL style: {e}"))
                .at(crate::base::diagnostics::line_col(&text, at))
                .hint("a .csl file is XML: every element opened must be closed, in order")
                .into());
        }
        match IndependentStyle::from_xml(&text) {
            Ok(s) => s,
            Err(e) => {
                let dependent = text.contains("rel=\"independent-parent\"");
                return Err(Diagnostic::error(
                    name,
                    format!("not a CSL style dossier can use: {e}"),
                )
                .hint(if dependent {
                    "this is a dependent CSL style: use its parent style (the `independent-parent` link) by name or file instead"
                } else {
                    "a .csl file is an independent CSL 1.0 style in XML, as the Zotero style repository gives them"
                }).into());
            }
        }
    } else {
        let Some(archived) = ArchivedStyle::by_name(name) else {
            let mut d = Diagnostic::error(
                CONFIG,
                format!("[citations] style `{name}` is not a bundled CSL style"),
            )
            .at(at);
            d = d.hint(match did_you_mean(name, bundled_names()) {
                Some(m) => format!("{m} Or give the path of a .csl file in the dossier, or \"dossier\" for dossier's own style"),
                None => "use a bundled style such as \"apa\", \"chicago-author-date\", \"ieee\", \"harvard-cite-them-right\" or \"modern-language-association\", a .csl file in the dossier, or \"dossier\"".into(),
            });
            return Err(d.into());
        };
        match archived.get() {
            Style::Independent(s) => s,
            Style::Dependent(_) => {
                return Err(Diagnostic::error(
                    CONFIG,
                    format!("[citations] style `{name}` is a dependent style"),
                )
                .at(at)
                .into());
            }
        }
    };
    let numeric = style.settings.class == StyleClass::Note
        || style.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::Numeric | CitationFormat::Note
                }
            )
        });
    Ok(CitationStyle::Csl(Arc::new(CslStyle { style, numeric })))
}

/// The first XML syntax error of `text`: its byte offset and what it is.
fn xml_error(text: &str) -> Option<(usize, String)> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return None,
            Ok(_) => {}
            Err(e) => return Some((reader.error_position() as usize, e.to_string())),
        }
    }
}

fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// Every source formatted in a CSL style.
#[derive(Debug, Default)]
pub(crate) struct Styled {
    /// Per source: its reference, as HTML.
    pub references: Vec<String>,
    /// Per source: its in-text citation without the style's brackets
    /// ("NBC News 2021"), as plain text.
    pub items: Vec<String>,
    /// Per source: its author-in-text form ("NBC News (2021)").
    pub prose: Vec<String>,
    /// Per source: its date alone, for `[-@key]` ("2021").
    pub years: Vec<String>,
    /// Per source: its reference as plain text (for cite-this).
    pub plain: Vec<String>,
    /// The style's brackets and separator: ("(", ")", "; ").
    pub affixes: (String, String, String),
    /// In-text citations are numbers.
    pub numeric: bool,
    /// Per source: its place in the style's sorted bibliography, when the
    /// style is not numeric and sorts its bibliography (author-date styles
    /// sort by author, date and title); `None` keeps citation order.
    pub rank: Option<Vec<usize>>,
}

/// Formats every source in `style`.
pub(crate) fn format(style: &CslStyle, sources: &[Source]) -> Styled {
    let entries: Vec<Entry> = sources.iter().map(entry).collect();
    let style_ref = &style.style;
    let locales = locales();
    let mut driver = BibliographyDriver::new();
    for e in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(e)],
            style_ref,
            locales,
        ));
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(e).kind(CitePurpose::Prose)],
            style_ref,
            locales,
        ));
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(e).kind(CitePurpose::Year)],
            style_ref,
            locales,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(style_ref, None, locales));
    let layout = &style_ref.citation.layout;
    let prefix = layout.prefix.clone().unwrap_or_default();
    let suffix = layout.suffix.clone().unwrap_or_default();
    let delimiter = layout.delimiter.clone().unwrap_or_else(|| "; ".into());
    let mut styled = Styled {
        references: vec![String::new(); sources.len()],
        plain: vec![String::new(); sources.len()],
        items: Vec::with_capacity(sources.len()),
        prose: Vec::with_capacity(sources.len()),
        years: Vec::with_capacity(sources.len()),
        affixes: (prefix, suffix, delimiter),
        numeric: style.numeric,
        rank: None,
    };
    let sorts = !style.numeric
        && style_ref
            .bibliography
            .as_ref()
            .is_some_and(|b| b.sort.is_some());
    let mut cites = rendered.citations.into_iter();
    for _ in sources {
        let item = cites.next().map(|c| plain(&c.citation)).unwrap_or_default();
        let item = item
            .strip_prefix(styled.affixes.0.as_str())
            .and_then(|i| i.strip_suffix(styled.affixes.1.as_str()))
            .map(str::to_string)
            .unwrap_or(item);
        styled.items.push(item);
        styled
            .prose
            .push(cites.next().map(|c| plain(&c.citation)).unwrap_or_default());
        styled
            .years
            .push(cites.next().map(|c| plain(&c.citation)).unwrap_or_default());
    }
    let index: std::collections::HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    if let Some(bib) = rendered.bibliography {
        let mut rank = vec![usize::MAX; sources.len()];
        for (place, item) in bib.items.into_iter().enumerate() {
            if let Some(&i) = index.get(item.key.as_str()) {
                rank[i] = place;
                let mut html = String::new();
                write_html(&mut html, &item.content);
                styled.references[i] = html.trim().to_string();
                styled.plain[i] = plain(&item.content).trim().to_string();
            }
        }
        if sorts {
            styled.rank = Some(rank);
        }
    }
    // A style without a bibliography (a few note styles): the full citation.
    for (i, e) in entries.iter().enumerate() {
        if styled.references[i].is_empty() {
            let full = hayagriva::standalone_citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(e).kind(CitePurpose::Full)],
                style_ref,
                locales,
            ));
            let mut html = String::new();
            write_html(&mut html, &full);
            styled.references[i] = html.trim().to_string();
            styled.plain[i] = plain(&full).trim().to_string();
        }
    }
    styled
}

fn plain(children: &ElemChildren) -> String {
    let mut s = String::new();
    let _ = children.write_buf(&mut s, BufWriteFormat::Plain);
    s
}

/// A source as a CSL entry (an unsigned one by its outlet): news in its outlet, social-media posts on their
/// platform, anything else a web page of its outlet.
pub(crate) fn entry(s: &Source) -> Entry {
    let (kind, parent_kind) = match s.kind {
        SourceKind::News | SourceKind::StateMedia | SourceKind::Repost => {
            (EntryType::Article, EntryType::Newspaper)
        }
        SourceKind::SocialMedia => (EntryType::Post, EntryType::Web),
        SourceKind::Official | SourceKind::ThinkTank => (EntryType::Report, EntryType::Web),
        SourceKind::Other => (EntryType::Web, EntryType::Web),
    };
    let mut e = Entry::new(&s.id, kind);
    if !s.title.is_empty() {
        e.set_title(FormatString::with_value(s.title.as_str()));
    }
    // An unsigned article is the outlet's, as style guides cite them
    // ("NBC News 2021"), rather than anonymous.
    let mut authors = persons(&s.author);
    if authors.is_empty() && !s.outlet.is_empty() {
        authors = vec![organisation(&s.outlet)];
    }
    if !authors.is_empty() {
        e.set_authors(authors);
    }
    if let Some(d) = &s.date {
        e.set_date(csl_date(d));
    }
    if let Ok(url) = url::Url::parse(&s.url)
        && matches!(url.scheme(), "http" | "https")
    {
        e.set_url(QualifiedUrl::new(url, None));
    }
    if !s.outlet.is_empty() {
        let mut parent = Entry::new(&format!("{}-outlet", s.id), parent_kind);
        parent.set_title(FormatString::with_value(s.outlet.as_str()));
        e.set_parents(vec![parent]);
    }
    e
}

/// A name of an author field: a person's (family and given names) or an
/// organisation's (`given` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    /// Family name, or the organisation's whole name.
    pub family: String,
    /// Given names of a person.
    pub given: Option<String>,
}

/// A date as hayagriva's, its precision kept.
fn csl_date(d: &crate::model::Date) -> hayagriva::types::Date {
    hayagriva::types::Date {
        year: d.year,
        month: (d.precision != Precision::Year).then(|| (d.month.max(1) - 1) as u8),
        day: matches!(d.precision, Precision::Day | Precision::Time)
            .then(|| (d.day.max(1) - 1) as u8),
        approximate: false,
        season: None,
    }
}

/// A page of the dossier (`title`, at `url`, by the dossier `site`, in
/// its edition of `date`) as its reference in `style`, as HTML.
pub(crate) fn format_page(
    style: &CslStyle,
    id: &str,
    title: &str,
    site: &str,
    date: Option<&crate::model::Date>,
    url: &str,
) -> String {
    let mut e = Entry::new(id, EntryType::Web);
    e.set_title(FormatString::with_value(title));
    e.set_authors(vec![organisation(site)]);
    if let Some(d) = date {
        e.set_date(csl_date(d));
    }
    if let Ok(u) = url::Url::parse(url)
        && matches!(u.scheme(), "http" | "https")
    {
        e.set_url(QualifiedUrl::new(u, None));
    }
    // The dossier is the author; as the site too, APA and Chicago would name
    // it twice (and change its case).
    let locales = locales();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        vec![CitationItem::with_entry(&e)],
        &style.style,
        locales,
    ));
    let rendered = driver.finish(BibliographyRequest::new(&style.style, None, locales));
    let content = match rendered
        .bibliography
        .and_then(|b| b.items.into_iter().next())
    {
        Some(item) => item.content,
        None => hayagriva::standalone_citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(&e).kind(CitePurpose::Full)],
            &style.style,
            locales,
        )),
    };
    let mut html = String::new();
    write_html(&mut html, &content);
    html.trim().to_string()
}

/// The names in an author field: "Jane Doe; John Roe", "Doe, Jane",
/// "Jane Doe, John Roe". A name of one word or of four and more is taken
/// as an organisation's ("Reuters", "Human Rights Watch staff").
pub(crate) fn names(author: &str) -> Vec<Name> {
    let author = author.trim();
    if author.is_empty() {
        return Vec::new();
    }
    let parts: Vec<&str> = if author.contains(';') {
        author.split(';').collect()
    } else if author.contains(" and ") {
        author.split(" and ").collect()
    } else if author.contains(',') && author.split(',').all(|n| n.split_whitespace().count() >= 2) {
        author.split(',').collect()
    } else {
        vec![author]
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            if let Some((family, given)) = n.split_once(',') {
                return Name {
                    family: family.trim().to_string(),
                    given: Some(given.trim().to_string()).filter(|g| !g.is_empty()),
                };
            }
            let words: Vec<&str> = n.split_whitespace().collect();
            if (2..=3).contains(&words.len()) {
                let (family, given) = words.split_last().expect("two or more words");
                Name {
                    family: family.to_string(),
                    given: Some(given.join(" ")),
                }
            } else {
                Name {
                    family: n.to_string(),
                    given: None,
                }
            }
        })
        .collect()
}

/// [`names`] as hayagriva's persons.
fn persons(author: &str) -> Vec<Person> {
    names(author)
        .into_iter()
        .filter_map(|n| match n.given {
            Some(g) => Person::from_strings(vec![&n.family, &g]).ok(),
            None => Some(organisation(&n.family)),
        })
        .collect()
}

/// A name taken whole, as an organisation's.
fn organisation(name: &str) -> Person {
    Person {
        name: name.to_string(),
        given_name: None,
        prefix: None,
        suffix: None,
        alias: None,
        comma_suffix: false,
    }
}

/// A formatted CSL element as HTML, every text escaped (hayagriva's own
/// HTML writer does not escape).
fn write_html(out: &mut String, children: &ElemChildren) {
    for c in &children.0 {
        match c {
            ElemChild::Text(f) => formatted(out, f, None),
            ElemChild::Elem(e) => {
                let class = match e.display {
                    Some(Display::Block) => Some("csl-block"),
                    Some(Display::Indent) => Some("csl-indent"),
                    Some(Display::LeftMargin) => Some("csl-left-margin"),
                    Some(Display::RightInline) => Some("csl-right-inline"),
                    None => None,
                };
                if let Some(class) = class {
                    out.push_str("<span class=\"");
                    out.push_str(class);
                    out.push_str("\">");
                }
                write_html(out, &e.children);
                if class.is_some() {
                    out.push_str("</span>");
                }
            }
            ElemChild::Markup(m) => escape_into(out, m),
            ElemChild::Link { text, url } => {
                let safe = url.starts_with("https://") || url.starts_with("http://");
                formatted(out, text, safe.then_some(url.as_str()));
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn formatted(out: &mut String, f: &Formatted, link: Option<&str>) {
    let fm = &f.formatting;
    let mut close: Vec<&str> = Vec::new();
    if let Some(url) = link {
        out.push_str("<a href=\"");
        escape_into(out, url);
        out.push_str("\">");
        close.push("</a>");
    }
    let open = |out: &mut String, close: &mut Vec<&str>, tag: &str, end: &'static str| {
        out.push_str(tag);
        close.push(end);
    };
    if matches!(fm.font_style, FontStyle::Italic) {
        open(out, &mut close, "<i>", "</i>");
    }
    if matches!(fm.font_weight, FontWeight::Bold) {
        open(out, &mut close, "<b>", "</b>");
    }
    if matches!(fm.font_variant, FontVariant::SmallCaps) {
        open(out, &mut close, "<span class=\"csl-sc\">", "</span>");
    }
    if matches!(fm.text_decoration, TextDecoration::Underline) {
        open(out, &mut close, "<u>", "</u>");
    }
    match fm.vertical_align {
        VerticalAlign::Sup => open(out, &mut close, "<sup>", "</sup>"),
        VerticalAlign::Sub => open(out, &mut close, "<sub>", "</sub>"),
        _ => {}
    }
    escape_into(out, &f.text);
    for end in close.into_iter().rev() {
        out.push_str(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_people_or_organisations() {
        let p = persons("Jane Doe; Roe, John");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "Doe");
        assert_eq!(p[0].given_name.as_deref(), Some("Jane"));
        assert_eq!(p[1].name, "Roe");
        let org = persons("Human Rights Watch staff");
        assert_eq!(org[0].name, "Human Rights Watch staff");
        assert!(org[0].given_name.is_none());
        assert_eq!(persons("Jane Doe, John Roe").len(), 2);
    }

    #[test]
    fn unknown_style_suggests_a_bundled_one() {
        let err = load_style(Path::new("."), "chicago-autor-date", (3, 9))
            .unwrap_err()
            .single();
        assert!(
            err.message.contains("not a bundled CSL style"),
            "{}",
            err.message
        );
        let hint = err.hint.unwrap_or_default();
        assert!(
            hint.contains("did you mean `chicago-author-date`"),
            "{hint}"
        );
    }
}
