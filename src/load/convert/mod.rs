//! From records as written to validated model types: merging Markdown over
//! data rows, checking every field, rendering the Markdown.

mod records;

pub(super) use records::event;
use records::{actor, page, source};

use super::cache::MemoKey;
use super::content::Content;
use super::data::Data;
use super::{Body, Group, Loaded, Raw, by_id};
use super::{Cache, Memo};
use crate::base::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::config::Config;
use crate::markdown::{self, Doc};
use crate::model::*;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Slugs a free page cannot take: the site's own sections and files.
pub(crate) const RESERVED_SLUGS: &[&str] = &[
    "events",
    "actors",
    "sources",
    "chronology",
    "search",
    "map",
    "data",
    "static",
    "404",
    "atom",
    "sitemap",
    "changes",
    "captures",
];

pub(crate) fn convert(
    content: Content,
    data: Data,
    config: &Config,
    diags: &mut Diagnostics,
    mut cache: Option<&mut Cache>,
) -> Loaded {
    let mut loaded = Loaded {
        broken: data.broken.clone(),
        ..Default::default()
    };
    loaded.broken.ids.extend(content.broken.iter().cloned());
    let mut data = data;
    add_imported(
        &content.actors,
        &mut data.actors,
        data.imported_actors.split_off(0),
    );
    add_imported(
        &content.sources,
        &mut data.sources,
        data.imported_sources.split_off(0),
    );
    let options = markdown::Options {
        safe_html: config.safe_html,
    };
    let events = merge_all(
        "event",
        content.events,
        data.incidents,
        diags,
        EventRecord::merged_over,
    );
    let actors = merge_all(
        "actor",
        content.actors,
        data.actors,
        diags,
        ActorRecord::merged_over,
    );
    let sources = merge_all(
        "source",
        content.sources,
        data.sources,
        diags,
        SourceRecord::merged_over,
    );

    // A data file that could not be read (too large, broken TOML) leaves
    // unknown the fields its records would have given the Markdown ones:
    // a Markdown record missing them then is not a mistake of its own (the
    // file's error says what is wrong), and is left out, as the file's own
    // records are, rather than reported once per record.
    let events = incomplete(events, loaded.broken.events, &mut loaded.broken, |r| {
        r.title.is_some() && r.date.is_some()
    });
    let actors = incomplete(actors, loaded.broken.actors, &mut loaded.broken, |r| {
        r.name.is_some()
    });
    let sources = incomplete(sources, loaded.broken.sources, &mut loaded.broken, |r| {
        r.title.as_deref().is_some_and(|t| !t.trim().is_empty())
    });

    let drafts = |draft: Option<bool>| draft.unwrap_or(false) && !config.drafts;
    for (id, raw) in &events {
        if drafts(raw.rec.draft) {
            loaded.drafts.insert(id.clone());
        }
    }
    for (id, raw) in &actors {
        if drafts(raw.rec.draft) {
            loaded.drafts.insert(id.clone());
        }
    }
    let events: Vec<_> = events
        .into_iter()
        .filter(|(_, raw)| !drafts(raw.rec.draft))
        .collect();
    let ids: Vec<String> = events.iter().map(|(id, _)| id.clone()).collect();
    let results = memoised(
        events,
        cache.as_deref_mut(),
        |c| &mut c.events,
        |id, raw| event(id, raw, config),
    );
    note_broken(&ids, &results, &mut loaded.broken);
    loaded.events = gather(results, diags);
    let actors: Vec<_> = actors
        .into_iter()
        .filter(|(_, raw)| !drafts(raw.rec.draft))
        .collect();
    let ids: Vec<String> = actors.iter().map(|(id, _)| id.clone()).collect();
    let results = memoised(
        actors,
        cache.as_deref_mut(),
        |c| &mut c.actors,
        |id, raw| actor(id, raw, options),
    );
    note_broken(&ids, &results, &mut loaded.broken);
    loaded.actors = gather(results, diags);
    let ids: Vec<String> = sources.iter().map(|(id, _)| id.clone()).collect();
    let results = memoised(
        sources,
        cache.as_deref_mut(),
        |c| &mut c.sources,
        |id, raw| source(id, raw, options),
    );
    note_broken(&ids, &results, &mut loaded.broken);
    loaded.sources = gather(results, diags);

    let mut pages: BTreeMap<String, Raw<PageRecord>> = BTreeMap::new();
    for (slug, raw) in content.pages {
        if let Some(first) = pages.get(&slug) {
            diags.push(
                Diagnostic::error_at(
                    &raw.origin.place(),
                    format!("a second page with the slug `{slug}`"),
                )
                .hint(format!("{} has it too: rename one file", first.origin.file)),
            );
            continue;
        }
        pages.insert(slug, raw);
    }
    // The home page is memoised with the pages, under "" (no page has it).
    let mut pages: Vec<_> = pages
        .into_iter()
        .filter(|(_, raw)| !drafts(raw.rec.draft))
        .collect();
    let has_index = content.index.is_some();
    pages.extend(content.index.map(|raw| (String::new(), raw)));
    let mut results = memoised(
        pages,
        cache,
        |c| &mut c.pages,
        |slug, raw| page(slug, raw, options),
    );
    if has_index {
        let (p, errors) = results.pop().expect("the home page");
        loaded.index = p;
        diags.extend(errors);
    }
    loaded.pages = gather(results, diags);
    loaded
}

/// `records`, less those that are not `complete` when their data file
/// `failed` (their ids go to `broken`).
fn incomplete<R>(
    records: Vec<(String, Raw<R>)>,
    failed: bool,
    broken: &mut super::Broken,
    complete: impl Fn(&R) -> bool,
) -> Vec<(String, Raw<R>)> {
    if !failed {
        return records;
    }
    records
        .into_iter()
        .filter(|(id, raw)| {
            let keep = complete(&raw.rec);
            if !keep {
                broken.ids.insert(id.clone());
            }
            keep
        })
        .collect()
}

/// Converts every record, taking from the cache's memo those whose files
/// are unchanged since they were converted, and remembering the others.
fn memoised<R: Send, T: Clone + Send>(
    items: Vec<(String, Raw<R>)>,
    cache: Option<&mut Cache>,
    memo: impl Fn(&mut Cache) -> &mut Memo<T>,
    convert: impl Fn(String, Raw<R>) -> Converted<T> + Sync + Send,
) -> Vec<Converted<T>> {
    let Some(cache) = cache else {
        return items
            .into_par_iter()
            .map(|(id, raw)| convert(id, raw))
            .collect();
    };
    let keys: Vec<Option<MemoKey>> = items
        .iter()
        .map(|(_, raw)| cache.key(&raw.origin))
        .collect();
    let mut old = std::mem::take(memo(cache));
    // Entries whose key still matches move to the new memo as they are.
    let mut new = Memo::with_capacity(items.len());
    let hits: Vec<Option<Converted<T>>> = items
        .iter()
        .zip(&keys)
        .map(|((id, _), key)| {
            let key = key.as_ref()?;
            let entry = old.remove(id).filter(|(k, _)| k == key)?;
            let result = entry.1.clone();
            new.insert(id.clone(), entry);
            Some(result)
        })
        .collect();
    let ids: Vec<String> = items.iter().map(|(id, _)| id.clone()).collect();
    let is_hit: Vec<bool> = hits.iter().map(Option::is_some).collect();
    let fresh: Vec<Option<Converted<T>>> = items
        .into_par_iter()
        .zip(is_hit.par_iter())
        .map(|((id, raw), hit)| (!hit).then(|| convert(id, raw)))
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for (((id, key), hit), fresh) in ids.into_iter().zip(keys).zip(hits).zip(fresh) {
        let result = match (hit, fresh) {
            (Some(r), _) => r,
            (None, Some(r)) => {
                if let Some(key) = key {
                    new.insert(id, (key, r.clone()));
                }
                r
            }
            (None, None) => unreachable!("converted when not memoised"),
        };
        out.push(result);
    }
    *memo(cache) = new;
    out
}

/// A converted record and the errors found in it. A record with errors is
/// still kept when it can be, so that its references are checked too and one
/// run reports everything; the errors stop the build all the same.
pub(crate) type Converted<T> = (Option<T>, Vec<Diagnostic>);

/// Adds the ids of the records that could not be kept to `broken`.
fn note_broken<T>(ids: &[String], results: &[Converted<T>], broken: &mut super::Broken) {
    for (id, (value, _)) in ids.iter().zip(results) {
        if value.is_none() {
            broken.ids.insert(id.clone());
        }
    }
}

fn gather<T>(results: Vec<Converted<T>>, diags: &mut Diagnostics) -> Vec<T> {
    let mut out = Vec::with_capacity(results.len());
    for (value, errors) in results {
        out.extend(value);
        diags.extend(errors);
    }
    out
}

/// Merges Markdown records (`md`) over data records (`rows`) of the same id.
/// Two records of the same id on the same side are an error.
/// Adds the records an import made for the ids that have none of their own
/// (a Markdown file or a data record of the id wins); the first of an id.
fn add_imported<R>(
    content: &[(String, Raw<R>)],
    rows: &mut Vec<(String, Raw<R>)>,
    imported: Vec<(String, Raw<R>)>,
) {
    if imported.is_empty() {
        return;
    }
    let mut known: std::collections::HashSet<String> = content
        .iter()
        .chain(rows.iter())
        .map(|(id, _)| id.clone())
        .collect();
    for (id, raw) in imported {
        if known.insert(id.clone()) {
            rows.push((id, raw));
        }
    }
}

fn merge_all<R>(
    what: &str,
    md: Vec<(String, Raw<R>)>,
    rows: Vec<(String, Raw<R>)>,
    diags: &mut Diagnostics,
    merge: fn(R, R) -> R,
) -> Vec<(String, Raw<R>)> {
    let mut md = by_id(md);
    let first_only = |id: &str, group: Group<R>, diags: &mut Diagnostics| -> Raw<R> {
        let first = group.first;
        for dup in group.more {
            diags.push(
                Diagnostic::error_at(
                    &dup.origin.locate(id),
                    format!("duplicate {what} id `{id}`"),
                )
                .hint(format!(
                    "{}:{} has the same id: ids must be unique",
                    first.origin.file, first.origin.line
                )),
            );
        }
        first
    };
    let mut out = Vec::with_capacity(md.len() + rows.len());
    for (id, group) in by_id(rows) {
        let row = first_only(&id, group, diags);
        match md.remove(&id).map(|group| first_only(&id, group, diags)) {
            Some(m) => {
                let mut origin = m.origin;
                origin.merged = Some(Box::new(row.origin));
                let body = match m.body {
                    Some(b) if !b.is_blank() => Some(b),
                    _ => row.body,
                };
                out.push((
                    id,
                    Raw {
                        rec: merge(row.rec, m.rec),
                        origin,
                        body,
                    },
                ));
            }
            None => out.push((id, row)),
        }
    }
    for (id, group) in md {
        let m = first_only(&id, group, diags);
        out.push((id, m));
    }
    // Ids are unique here: an unstable sort gives the one order, without
    // the scratch copy a stable sort of a million records makes.
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

fn render(body: Option<Body>, options: markdown::Options) -> Doc {
    match body {
        Some(Body::Text { text, first_line }) => markdown::render_with(&text, first_line, options),
        Some(Body::Rendered { doc, .. }) => doc,
        None => Doc::default(),
    }
}

/// Collects errors for one record.
struct Check<'a> {
    origin: &'a Origin,
    errors: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    fn new(origin: &'a Origin) -> Self {
        Check {
            origin,
            errors: Vec::new(),
        }
    }

    fn error(&mut self, needle: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.errors
            .push(Diagnostic::error_at(&self.origin.locate(needle), message));
        self.errors.last_mut().expect("just pushed")
    }

    /// An error about the field `key`, whose value is written as one of
    /// `needles`.
    fn field_error(
        &mut self,
        key: &str,
        needles: &[&str],
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let place = self.origin.locate_field(key, needles);
        self.errors.push(Diagnostic::error_at(&place, message));
        self.errors.last_mut().expect("just pushed")
    }

    fn id(&mut self, id: &str) {
        if let Err(e) = check_id(id) {
            self.error(id, e)
                .hint = Some("rename the file (or its `id`) with lowercase letters, digits and `-`, e.g. `2019-12-27-k1-rocket-attack`".into());
        }
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Date> {
        match Date::parse(value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(value, format!("`{field}`: {e}"));
                None
            }
        }
    }

    /// The corrections and updates log: each entry's date must be a real
    /// date and its text not empty. A date after today is only a warning:
    /// the site built never depends on the clock.
    fn changes(&mut self, list: Option<Vec<ChangeRecord>>) -> Vec<Change> {
        let mut out = Vec::new();
        for rec in list.unwrap_or_default() {
            let date = if rec.date.trim().is_empty() {
                let p = self.origin.place();
                self.errors.push(
                    Diagnostic::error_at(&p, "a `[[changes]]` entry has no `date`")
                        .hint("write the day the change was made: date = \"2026-12-03\""),
                );
                None
            } else {
                self.date("changes.date", &rec.date)
            };
            if rec.text.trim().is_empty() {
                let needle = format!("text = {:?}", rec.text);
                self.error(&needle, "a `[[changes]]` entry has no `text`")
                    .hint =
                    Some("say what was changed and why, for readers: text = \"...\"".into());
            }
            let Some(date) = date else { continue };
            if date.earliest() > crate::model::date::today_utc() {
                let place = self.origin.locate(&date.raw);
                self.errors.push(
                    Diagnostic::warning_at(
                        &place,
                        format!("the change is dated {}, after today", date.raw),
                    )
                    .hint("check the date: a change is logged on the day it is made"),
                );
            }
            out.push(Change {
                date,
                kind: rec.kind,
                text: rec.text.trim().to_string(),
            });
        }
        out
    }

    fn required(&mut self, field: &str, value: Option<String>) -> String {
        match value {
            Some(v) if !v.trim().is_empty() => v,
            _ => {
                let p = self.origin.place();
                self.errors.push(
                    Diagnostic::error_at(&p, format!("missing `{field}`"))
                        .hint(format!("add `{field} = \"...\"` to the front matter")),
                );
                String::new()
            }
        }
    }

    fn finish<T>(self, value: Option<T>) -> Converted<T> {
        (value, self.errors)
    }
}
