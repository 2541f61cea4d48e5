//! The search page's data: every event, actor (with its aliases), source
//! and free page as a [`search::Doc`], the index files, and `search.js`
//! with the folding rules it mirrors.

use super::links::Paths;
use super::templates::render_error;
use crate::base::diagnostics::Diagnostic;
use crate::resolve::Library;
use crate::search::{self, Doc, fold};
use std::sync::atomic::AtomicBool;
use tera::{Context, Tera};

/// Characters of a snippet.
const SNIPPET: usize = 180;

/// Every record as a searchable document, by number: actors first (a
/// name is what readers search most), then pages, events in order, and
/// sources. The index makes them a block at a time and keeps only what it
/// needs of each.
fn doc(lib: &Library, paths: Paths, mut n: usize, failed: &Failed) -> Doc {
    if let Some(a) = lib.actors.get(n) {
        return actor(a, paths, failed);
    }
    n -= lib.actors.len();
    if let Some(p) = lib.pages.get(n) {
        let body = plain_text(&p.body, failed);
        return Doc {
            kind: "page",
            label: "Page".into(),
            title: p.title.clone(),
            date: String::new(),
            path: paths.page(&p.slug),
            snippet: summary_or(&p.summary, &body),
            fields: vec![(3, p.title.clone()), (2, p.summary.clone()), (1, body)],
        };
    }
    n -= lib.pages.len();
    if n < lib.events.len() {
        return event(lib, paths, n, failed);
    }
    n -= lib.events.len();
    source(lib, paths, n, failed)
}

/// The first body that could not be read again, if one could not.
type Failed = std::sync::Mutex<Option<Diagnostic>>;

/// The text of a record's prose; empty, and its error kept in `failed`,
/// when its file changed since it was read (the index is then not written).
fn plain_text(doc: &crate::markdown::Doc, failed: &Failed) -> String {
    match doc.html() {
        Ok(html) => search::plain_text(&html),
        Err(d) => {
            let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
            failed.get_or_insert(d);
            String::new()
        }
    }
}

/// The number of records [`doc`] gives.
fn doc_count(lib: &Library) -> usize {
    lib.actors.len() + lib.pages.len() + lib.events.len() + lib.sources.len()
}

fn actor(a: &crate::model::Actor, paths: Paths, failed: &Failed) -> Doc {
    let body = plain_text(&a.body, failed);
    let mut fields = vec![(3, a.name.clone()), (3, a.id.replace('-', " "))];
    fields.extend(a.aliases.iter().map(|s| (3, s.clone())));
    fields.push((2, a.summary.clone()));
    fields.push((2, a.country.clone()));
    fields.push((1, body));
    // The other spellings, not the name again ("Syria. Also: Syria.").
    let other: Vec<&str> = a
        .aliases
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.eq_ignore_ascii_case(a.name.trim()))
        .collect();
    let snippet = if other.is_empty() {
        a.summary.clone()
    } else {
        format!("Also: {}. {}", other.join(", "), a.summary)
    };
    Doc {
        kind: "actor",
        label: capitalize(a.kind.as_str()),
        title: a.name.clone(),
        date: String::new(),
        path: paths.actor(&a.id),
        snippet: search::snippet(snippet.trim(), SNIPPET),
        fields,
    }
}

/// The event numbered `i`.
fn event(lib: &Library, paths: Paths, i: usize, failed: &Failed) -> Doc {
    let e = &lib.events[i];
    let body = plain_text(&e.body, failed);
    let mut fields = vec![(3, e.title.clone()), (2, e.summary.clone())];
    if let Some(l) = &e.location {
        fields.push((2, format!("{} {}", l.name, l.country)));
    }
    fields.push((2, e.tags.join(" ")));
    fields.extend(e.claims.iter().map(|c| (1, c.text.clone())));
    let snippet = summary_or(&e.summary, &body);
    fields.push((1, body));
    Doc {
        kind: "event",
        label: lib.config.kind_label(&e.kind).to_string(),
        title: e.title.clone(),
        date: lib.event_dates[i].display.clone(),
        path: paths.event(&e.id),
        snippet,
        fields,
    }
}

/// The source numbered `i`.
fn source(lib: &Library, paths: Paths, i: usize, failed: &Failed) -> Doc {
    let s = &lib.sources[i];
    let body = plain_text(&s.body, failed);
    let snippet = [s.outlet.as_str(), s.author.as_str(), s.notes.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    Doc {
        kind: "source",
        label: capitalize(s.kind.as_str()),
        title: s.title.clone(),
        date: lib.source_dates[i]
            .as_ref()
            .map(|d| d.display.clone())
            .unwrap_or_default(),
        path: paths.source(&s.id),
        snippet: search::snippet(&snippet, SNIPPET),
        fields: vec![
            (3, s.title.clone()),
            (2, format!("{} {} {}", s.outlet, s.author, s.notes)),
            (1, body),
        ],
    }
}

/// Makes the index and `search.js`, handing each file to `out` as it is
/// made (see [`search::build_into`]); what `out` gave for each, sorted.
pub(super) fn files<T>(
    lib: &Library,
    paths: Paths,
    tera: &Tera,
    cancel: Option<&AtomicBool>,
    out: impl Fn(String, Vec<u8>) -> Result<T, Diagnostic>,
) -> Result<Vec<T>, Diagnostic> {
    let failed = Failed::default();
    let unless = || super::cancelled(cancel) || failed_yet(&failed);
    let mut files = Vec::new();
    search::build_into(
        doc_count(lib),
        &|n| doc(lib, paths, n, &failed),
        &unless,
        &mut |path, text| {
            files.push(out(path, text.into_bytes())?);
            Ok(())
        },
    )?;
    if let Some(d) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(d);
    }
    let mut ctx = Context::new();
    ctx.insert("rules", &search::to_json(&fold::RULES));
    ctx.insert("chunk", &search::CHUNK);
    ctx.insert("cap", &search::MAX_POSTINGS);
    let js = tera
        .render("search.js", &ctx)
        .map_err(|e| render_error("search.js", "search.js", &e))?;
    files.push(out("search.js".into(), js.into_bytes())?);
    Ok(files)
}

fn failed_yet(failed: &Failed) -> bool {
    failed.lock().map_or(true, |f| f.is_some())
}

/// The snippet of a record: its summary, else the start of its prose.
fn summary_or(summary: &str, body: &str) -> String {
    let text = if summary.is_empty() { body } else { summary };
    search::snippet(text, SNIPPET)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.map(|c| if c == '-' { ' ' } else { c }))
                .collect()
        })
        .unwrap_or_default()
}
