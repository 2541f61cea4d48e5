//! A record as BibTeX, RIS and CSL-JSON: the bibliography's exports
//! (`/data/sources.bib`, `/data/sources.csl.json`) and every event, actor
//! and source page's cite-this files (`cite.bib`, `cite.ris`, `cite.json`).

use super::links::{Links, Paths};
use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into;
use crate::csl::{Name, names};
use crate::model::{Change, Date, Precision, Source, SourceKind};
use crate::resolve::Library;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::atomic::AtomicBool;

/// What sort of work an item is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    /// A news article in its outlet.
    News,
    /// A report of an organisation.
    Report,
    /// A post on a platform.
    Post,
    /// A web page (a dossier's own pages, and every other source).
    Page,
}

/// One thing to cite.
pub(crate) struct Item<'a> {
    /// Citation key.
    pub id: &'a str,
    /// What sort of work.
    pub work: Work,
    pub title: &'a str,
    /// Authors, people or organisations.
    pub authors: Vec<Name>,
    /// The outlet, platform or site it is part of.
    pub container: &'a str,
    /// Publication (or edition) date.
    pub date: Option<&'a Date>,
    /// Address.
    pub url: &'a str,
    pub note: &'a str,
}

impl<'a> Item<'a> {
    /// A source of the bibliography.
    pub(crate) fn source(s: &'a Source) -> Item<'a> {
        Item {
            id: &s.id,
            work: match s.kind {
                SourceKind::News | SourceKind::StateMedia | SourceKind::Repost => Work::News,
                SourceKind::Official | SourceKind::ThinkTank => Work::Report,
                SourceKind::SocialMedia => Work::Post,
                SourceKind::Other => Work::Page,
            },
            title: &s.title,
            authors: names(&s.author),
            container: &s.outlet,
            date: s.date.as_ref(),
            url: &s.url,
            note: &s.notes,
        }
    }
}

/// `items` as a BibTeX file.
pub(crate) fn bibtex(items: &[Item]) -> String {
    let mut out = String::new();
    for (n, it) in items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let (kind, container_field) = match it.work {
            Work::News => ("article", "journal"),
            Work::Report => ("techreport", "institution"),
            Work::Post | Work::Page => ("misc", "howpublished"),
        };
        out.push('@');
        out.push_str(kind);
        out.push('{');
        out.push_str(&bib_key(it.id));
        out.push_str(",\n");
        let mut field = |name: &str, value: &str| {
            if !value.is_empty() {
                out.push_str("  ");
                out.push_str(name);
                out.push_str(" = {");
                out.push_str(value);
                out.push_str("},\n");
            }
        };
        let authors: Vec<String> = it
            .authors
            .iter()
            .map(|a| match &a.given {
                Some(g) => format!("{}, {}", tex(&a.family), tex(g)),
                // An organisation in braces, so BibTeX does not split it.
                None => format!("{{{}}}", tex(&a.family)),
            })
            .collect();
        field("author", &authors.join(" and "));
        field("title", &tex(it.title));
        field(container_field, &tex(it.container));
        if let Some(d) = it.date {
            field("date", &iso(d));
            field("year", &d.year.to_string());
            if d.precision != Precision::Year {
                field("month", &d.month.to_string());
            }
        }
        field("url", &it.url.replace(['{', '}'], ""));
        field("note", &tex(it.note));
        out.push_str("}\n");
    }
    out
}

/// A key BibTeX accepts: no spaces, commas or braces.
fn bib_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '{' | '}' | '"' | '#' | '%'))
        .collect()
}

/// A value with TeX's special characters escaped.
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// "2021-02-26", "2021-02" or "2021".
fn iso(d: &Date) -> String {
    match d.precision {
        Precision::Year => format!("{:04}", d.year),
        Precision::Month => format!("{:04}-{:02}", d.year, d.month),
        Precision::Day | Precision::Time => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
    }
}

/// `items` as an RIS file (lines end in CR LF, as the format has it).
pub(crate) fn ris(items: &[Item]) -> String {
    let mut out = String::new();
    for it in items {
        let mut tag = |t: &str, v: &str| {
            let v = v.replace(['\n', '\r'], " ");
            if !v.is_empty() {
                out.push_str(t);
                out.push_str("  - ");
                out.push_str(&v);
                out.push_str("\r\n");
            }
        };
        tag(
            "TY",
            match it.work {
                Work::News => "NEWS",
                Work::Report => "RPRT",
                Work::Post => "BLOG",
                Work::Page => "ELEC",
            },
        );
        tag("ID", it.id);
        for a in &it.authors {
            match &a.given {
                Some(g) => tag("AU", &format!("{}, {}", a.family, g)),
                None => tag("AU", &a.family),
            }
        }
        tag("TI", it.title);
        tag("T2", it.container);
        if let Some(d) = it.date {
            tag("PY", &format!("{:04}", d.year));
            tag(
                "DA",
                &match d.precision {
                    Precision::Year => format!("{:04}///", d.year),
                    Precision::Month => format!("{:04}/{:02}//", d.year, d.month),
                    _ => format!("{:04}/{:02}/{:02}/", d.year, d.month, d.day),
                },
            );
        }
        tag("UR", it.url);
        tag("N1", it.note);
        out.push_str("ER  - \r\n");
    }
    out
}

/// One item as a CSL-JSON object.
pub(crate) fn csl_json(it: &Item) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("id".into(), json!(it.id));
    o.insert(
        "type".into(),
        json!(match it.work {
            Work::News => "article-newspaper",
            Work::Report => "report",
            Work::Post => "post",
            Work::Page => "webpage",
        }),
    );
    if !it.title.is_empty() {
        o.insert("title".into(), json!(it.title));
    }
    if !it.authors.is_empty() {
        let authors: Vec<Value> = it
            .authors
            .iter()
            .map(|a| match &a.given {
                Some(g) => json!({ "family": a.family, "given": g }),
                None => json!({ "literal": a.family }),
            })
            .collect();
        o.insert("author".into(), Value::Array(authors));
    }
    if !it.container.is_empty() {
        o.insert("container-title".into(), json!(it.container));
    }
    if let Some(d) = it.date {
        let parts: Vec<i64> = match d.precision {
            Precision::Year => vec![d.year.into()],
            Precision::Month => vec![d.year.into(), d.month.into()],
            _ => vec![d.year.into(), d.month.into(), d.day.into()],
        };
        o.insert("issued".into(), json!({ "date-parts": [parts] }));
    }
    if !it.url.is_empty() {
        o.insert("URL".into(), json!(it.url));
    }
    if !it.note.is_empty() {
        o.insert("note".into(), json!(it.note));
    }
    Value::Object(o)
}

/// The edition of a record's page, as its citation gives it: the day of
/// an `--as-of` edition; else the newest date in the record's corrections
/// log; else the newest publication date of the sources it rests on. Never
/// the clock: the same dossier gives the same date on every build.
pub(crate) fn edition<'a>(
    lib: &'a Library,
    changes: &'a [Change],
    sources: impl IntoIterator<Item = usize>,
) -> Option<&'a Date> {
    lib.config.as_of.as_ref().or_else(|| {
        changes
            .iter()
            .map(|c| &c.date)
            .max_by_key(|d| d.sort_key())
            .or_else(|| {
                sources
                    .into_iter()
                    .filter_map(|s| lib.sources[s].date.as_ref())
                    .max_by_key(|d| d.sort_key())
            })
    })
}

/// A record whose page can be cited.
#[derive(Clone, Copy)]
pub(crate) enum Record {
    Event(usize),
    Actor(usize),
    Source(usize),
}

/// A dossier page to cite.
pub(crate) struct PageCite<'a> {
    /// The record's id.
    pub id: &'a str,
    /// `events`, `actors` or `sources`.
    pub section: &'static str,
    /// The page's title.
    pub title: &'a str,
    /// The page's absolute address.
    pub url: String,
    pub edition: Option<&'a Date>,
    /// The dossier's title: its editors and the site the page is part of.
    pub site: &'a str,
}

impl<'a> PageCite<'a> {
    /// The page of `record`.
    pub(crate) fn of(lib: &'a Library, paths: Paths, record: Record) -> PageCite<'a> {
        let url = Links::absolute(&lib.config.base_url, paths);
        let (id, section, title, url, edition) = match record {
            Record::Event(i) => {
                let e = &lib.events[i];
                let edition = edition(lib, &e.changes, lib.event_sources[i].iter().copied());
                (&e.id, "events", &e.title, url.event(&e.id), edition)
            }
            Record::Actor(a) => {
                let actor = &lib.actors[a];
                let sources = actor.sources.iter().filter_map(|s| lib.source(s));
                let edition = edition(lib, &actor.changes, sources);
                (
                    &actor.id,
                    "actors",
                    &actor.name,
                    url.actor(&actor.id),
                    edition,
                )
            }
            Record::Source(s) => {
                let src = &lib.sources[s];
                let edition = edition(lib, &src.changes, [s]);
                (&src.id, "sources", &src.title, url.source(&src.id), edition)
            }
        };
        PageCite {
            id: id.as_str(),
            section,
            title: title.as_str(),
            url,
            edition,
            site: &lib.config.title,
        }
    }

    /// As an item to export.
    pub(crate) fn item(&self) -> Item<'_> {
        Item {
            id: self.id,
            work: Work::Page,
            title: self.title,
            authors: vec![Name {
                family: self.site.to_string(),
                given: None,
            }],
            container: self.site,
            date: self.edition,
            url: &self.url,
            note: "",
        }
    }

    /// The folder of its cite-this files: `events/<id>/`.
    pub(crate) fn folder(&self) -> String {
        format!("{}/{}/", self.section, self.id)
    }

    /// Its citation as the page shows it, in the dossier's style, as HTML.
    pub(crate) fn html(&self, lib: &Library) -> String {
        if let crate::csl::CitationStyle::Csl(style) = &lib.config.citation_style {
            return crate::csl::format_page(
                style,
                self.id,
                self.title,
                self.site,
                self.edition,
                &self.url,
            );
        }
        let mut out = String::new();
        out.push('“');
        escape_into(&mut out, self.title);
        out.push_str(".” <cite>");
        escape_into(&mut out, self.site);
        out.push_str("</cite>");
        if let Some(d) = self.edition {
            out.push_str(", edition of ");
            escape_into(&mut out, &d.display());
        }
        out.push_str(". <a href=\"");
        escape_into(&mut out, &self.url);
        out.push_str("\">");
        escape_into(&mut out, &self.url);
        out.push_str("</a>");
        out
    }
}

/// Every event, actor and source page's `cite.bib`, `cite.ris` and
/// `cite.json`.
pub(crate) fn files(
    lib: &Library,
    paths: Paths,
    cancel: Option<&AtomicBool>,
    emit: super::Emit,
) -> Result<(), Diagnostic> {
    if super::cancelled(cancel) {
        return Ok(());
    }
    let records: Vec<Record> = (0..lib.events.len())
        .map(Record::Event)
        .chain((0..lib.actors.len()).map(Record::Actor))
        .chain((0..lib.sources.len()).map(Record::Source))
        .collect();
    records.par_iter().try_for_each(|&r| {
        if super::cancelled(cancel) {
            return Ok(());
        }
        let page = PageCite::of(lib, paths, r);
        let item = page.item();
        let folder = page.folder();
        let mut json = serde_json::to_vec_pretty(&[csl_json(&item)]).expect("CSL-JSON serialises");
        json.push(b'\n');
        let bib = bibtex(std::slice::from_ref(&item));
        let ris = ris(std::slice::from_ref(&item));
        emit(format!("{folder}cite.bib"), &mut |w| {
            w.write_all(bib.as_bytes())
        })?;
        emit(format!("{folder}cite.ris"), &mut |w| {
            w.write_all(ris.as_bytes())
        })?;
        emit(format!("{folder}cite.json"), &mut |w| w.write_all(&json))
    })
}

/// What a page shows to cite it.
#[derive(Serialize)]
pub(crate) struct CiteThis {
    /// The citation, as HTML.
    pub text: String,
    /// Link to `cite.bib`.
    pub bib: String,
    /// Link to `cite.ris`.
    pub ris: String,
    /// Link to `cite.json`.
    pub json: String,
}

impl CiteThis {
    /// The cite-this block of `record`'s page.
    pub(crate) fn of(lib: &Library, paths: Paths, record: Record) -> CiteThis {
        let page = PageCite::of(lib, paths, record);
        // From the page: `cite.bib` beside `events/<id>/index.html`, or
        // `<id>/cite.bib` from `events/<id>.html`.
        let dir = if paths.pretty {
            String::new()
        } else {
            format!("{}/", page.id)
        };
        CiteThis {
            text: page.html(lib),
            bib: format!("{dir}cite.bib"),
            ris: format!("{dir}cite.ris"),
            json: format!("{dir}cite.json"),
        }
    }
}
