//! Bibliographies in other tools' formats: CSL-JSON (as Zotero exports
//! it) and BibTeX, mapped onto source records.

use super::{Locator, Raw, Records, read_text, relative};
use crate::base::diagnostics::{Diagnostic, line_col};
use crate::model::{Origin, SourceKind, SourceRecord};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// CSL-JSON (`data/sources.json`, as Zotero exports it) mapped onto source
/// records. CSL fields dossier has no use for are ignored.
pub(super) fn read_csl(root: &Path, path: &Path, max: u64) -> Records<SourceRecord> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    let items: Vec<Value> = serde_json::from_str(&text).map_err(|e| {
        vec![
            Diagnostic::error(&rel, format!("invalid CSL-JSON: {e}"))
                .at((e.line(), e.column()))
                .hint("sources.json holds an array of CSL-JSON items, as Zotero's \"Export → CSL JSON\" writes it"),
        ]
    })?;
    let file_arc: Arc<str> = rel.as_str().into();
    let text_arc: Arc<str> = text.as_str().into();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut locator = Locator::new(&file_arc, &text_arc);
    for (n, item) in items.iter().enumerate() {
        let s = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_string);
        let Some(id) = s("id").or_else(|| {
            item.get("id")
                .and_then(Value::as_i64)
                .map(|i| i.to_string())
        }) else {
            errors.push(Diagnostic::error(
                &rel,
                format!("CSL item {} has no `id`", n + 1),
            ));
            continue;
        };
        let author = item.get("author").and_then(Value::as_array).map(|names| {
            names
                .iter()
                .filter_map(|a| {
                    let lit = a.get("literal").and_then(Value::as_str);
                    let given = a.get("given").and_then(Value::as_str).unwrap_or("");
                    let family = a.get("family").and_then(Value::as_str).unwrap_or("");
                    lit.map(str::to_string).or_else(|| {
                        let full = format!("{given} {family}").trim().to_string();
                        (!full.is_empty()).then_some(full)
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
        let date = item.get("issued").and_then(|i| {
            let parts = i.get("date-parts")?.as_array()?.first()?.as_array()?;
            let nums: Vec<i64> = parts
                .iter()
                .filter_map(|p| p.as_i64().or_else(|| p.as_str()?.parse().ok()))
                .collect();
            Some(match nums.as_slice() {
                [y] => format!("{y:04}"),
                [y, m] => format!("{y:04}-{m:02}"),
                [y, m, d, ..] => format!("{y:04}-{m:02}-{d:02}"),
                [] => return None,
            })
        });
        let kind = match s("type").as_deref() {
            Some("article-newspaper" | "article-magazine" | "broadcast") => Some(SourceKind::News),
            Some("legislation" | "legal_case" | "bill" | "regulation") => {
                Some(SourceKind::Official)
            }
            Some("report") => Some(SourceKind::ThinkTank),
            Some("post" | "post-weblog") => Some(SourceKind::SocialMedia),
            Some(_) => Some(SourceKind::Other),
            None => None,
        };
        let rec = SourceRecord {
            id: Some(id.clone()),
            title: s("title"),
            outlet: s("container-title").or_else(|| s("publisher")),
            author,
            date,
            url: s("URL"),
            kind,
            reliability: s("reliability"),
            credibility: item.get("credibility").and_then(Value::as_i64),
            notes: s("note").or_else(|| s("annote")),
            republishes: None,
            relays: None,
            changes: None,
            capture: None,
        };
        out.push((
            id.clone(),
            Raw {
                rec,
                origin: locator.origin(&id),
                body: None,
            },
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into())
    }
}

/// BibTeX or BibLaTeX (`data/sources.bib`, as Zotero, JabRef or a
/// reference manager exports it) mapped onto source records: the title,
/// the authors, the date, the address, the outlet (journal, booktitle,
/// publisher, organization, institution or howpublished), the note, and the
/// non-standard `reliability`, `credibility` and `kind` fields, which
/// BibTeX tools pass through.
pub(super) fn read_bib(root: &Path, path: &Path, max: u64) -> Records<SourceRecord> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    parse_bib(&rel, &text)
}

/// [`read_bib`] on a text read.
pub(crate) fn parse_bib(rel: &str, text: &str) -> Records<SourceRecord> {
    use biblatex::ChunksExt;
    let syntax = |e: biblatex::ParseError| {
        let what = match &e.kind {
            biblatex::ParseErrorKind::DuplicateKey(key) => {
                format!("BibTeX: the key `{key}` is used twice in this file")
            }
            kind => format!("BibTeX syntax error: {kind}"),
        };
        let at = e.span.start.min(text.len());
        // A brace left open runs to the end of the file: name the entry.
        let entry = text[..at]
            .rfind("\n@")
            .map(|i| i + 1)
            .or_else(|| text.starts_with('@').then_some(0));
        let hint = match (&e.kind, entry) {
            (biblatex::ParseErrorKind::UnexpectedEof, Some(i)) => format!(
                "the entry starting on line {} is not closed: close every brace and the entry's own",
                line_col(text, i).0
            ),
            _ => "an entry is written @type{key, field = {value}, field = \"value\"}, every brace closed".into(),
        };
        vec![
            Diagnostic::error(rel, what)
                .at(line_col(text, at))
                .hint(hint),
        ]
    };
    let raw = biblatex::RawBibliography::parse(text).map_err(syntax)?;
    let starts: std::collections::HashMap<String, usize> = raw
        .entries
        .iter()
        .map(|e| (e.v.key.v.to_string(), e.v.key.span.start))
        .collect();
    let bib = biblatex::Bibliography::from_raw(raw).map_err(syntax)?;
    let file: Arc<str> = rel.into();
    let text_arc: Arc<str> = text.into();
    let mut out = Vec::new();
    for entry in bib.iter() {
        let field = |k: &str| {
            entry
                .get(k)
                .map(|c| c.format_verbatim().trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let author = entry
            .get_as::<Vec<biblatex::Person>>("author")
            .ok()
            .map(|people| {
                people
                    .iter()
                    .map(|p| {
                        let family = [p.prefix.as_str(), p.name.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" ");
                        if p.given_name.is_empty() {
                            family
                        } else {
                            format!("{family}, {}", p.given_name)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .filter(|a| !a.is_empty());
        let date = field("date")
            .map(|d| d.split('/').next().unwrap_or("").trim().to_string())
            .or_else(|| {
                let year = field("year")?;
                let month = field("month").and_then(|m| bib_month(&m));
                let day = field("day").and_then(|d| d.parse::<u32>().ok());
                Some(match (month, day) {
                    (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
                    (Some(m), None) => format!("{year}-{m:02}"),
                    _ => year,
                })
            });
        let kind = match field("kind") {
            Some(k) => serde_json::from_value(Value::String(k)).ok(),
            None => Some(
                match entry.entry_type.to_string().to_ascii_lowercase().as_str() {
                    "article" | "periodical" => SourceKind::News,
                    "report" | "techreport" => SourceKind::ThinkTank,
                    _ => SourceKind::Other,
                },
            ),
        };
        let start = starts.get(&entry.key).copied().unwrap_or(0);
        let (line, _) = line_col(text, start);
        let rec = SourceRecord {
            id: Some(entry.key.clone()),
            title: field("title"),
            outlet: [
                "journaltitle",
                "journal",
                "booktitle",
                "publisher",
                "organization",
                "institution",
                "howpublished",
            ]
            .iter()
            .find_map(|k| field(k)),
            author,
            date,
            url: field("url"),
            kind,
            reliability: field("reliability"),
            credibility: field("credibility").and_then(|c| c.parse().ok()),
            notes: field("note").or_else(|| field("annotation")),
            republishes: None,
            relays: None,
            changes: None,
            capture: None,
        };
        out.push((
            entry.key.clone(),
            Raw {
                rec,
                origin: Origin {
                    file: file.clone(),
                    line,
                    text: Some(text_arc.clone()),
                    text_line: 1,
                    anchor: Some(start),
                    merged: None,
                    reread: None,
                },
                body: None,
            },
        ));
    }
    Ok(out)
}

/// A BibTeX month: "12", "dec", "December".
fn bib_month(m: &str) -> Option<u32> {
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let m = m.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|p| m.starts_with(p))
    .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod bib_tests {
    use super::parse_bib;

    #[test]
    fn bibtex_entries_become_sources() {
        let text = "% a comment\n@article{doe-2019,\n  author = {Doe, Jane and van Roe, John},\n  title = {Militias {warn}},\n  journal = {Reuters},\n  year = 2019, month = dec, day = {30},\n  url = {https://example.org/a}\n}\n";
        let recs = parse_bib("data/sources.bib", text).unwrap_or_else(|_| panic!("parses"));
        let (id, raw) = &recs[0];
        assert_eq!(id, "doe-2019");
        assert_eq!(raw.origin.line, 2);
        assert_eq!(raw.rec.author.as_deref(), Some("Doe, Jane; van Roe, John"));
        assert_eq!(raw.rec.title.as_deref(), Some("Militias warn"));
        assert_eq!(raw.rec.outlet.as_deref(), Some("Reuters"));
        assert_eq!(raw.rec.date.as_deref(), Some("2019-12-30"));
    }

    #[test]
    fn bibtex_syntax_errors_have_their_line() {
        let text = "@article{a,\n  title = {T},\n}\n\n@book{b,\n  title = {Unclosed,\n";
        let Err(errs) = parse_bib("data/sources.bib", text) else {
            panic!("an unclosed entry parsed")
        };
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("BibTeX"), "{}", errs[0].message);
        assert!(errs[0].line >= 5, "line {}", errs[0].line);
    }
}
