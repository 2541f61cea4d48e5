//! A record as BibTeX, RIS and CSL-JSON: the bibliography's exports
//! (`/data/sources.bib`, `/data/sources.csl.json`) and every event, actor
//! and source page's cite-this files (`cite.bib`, `cite.ris`, `cite.json`).

use crate::csl::{Name, names};
use crate::model::{Date, Precision, Source, SourceKind};
use serde_json::{Value, json};

/// What sort of work an item is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Work {
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
pub struct Item<'a> {
    /// Citation key.
    pub id: &'a str,
    /// What sort of work.
    pub work: Work,
    /// Title.
    pub title: &'a str,
    /// Authors, people or organisations.
    pub authors: Vec<Name>,
    /// The outlet, platform or site it is part of.
    pub container: &'a str,
    /// Publication (or edition) date.
    pub date: Option<&'a Date>,
    /// Address.
    pub url: &'a str,
    /// A note.
    pub note: &'a str,
}

impl<'a> Item<'a> {
    /// A source of the bibliography.
    pub fn source(s: &'a Source) -> Item<'a> {
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
pub fn bibtex(items: &[Item]) -> String {
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
pub fn ris(items: &[Item]) -> String {
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
pub fn csl_json(it: &Item) -> Value {
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
