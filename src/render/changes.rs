//! The corrections and updates log: each record's `[[changes]]` on its own
//! page (corrections and retractions at the top, where a reader cannot miss
//! them), and every entry of the dossier on `/changes/`, in
//! `/changes/atom.xml` and in `/data/changes.json`.

use super::links::{Links, Paths};
use super::views::DateView;
use crate::editions::diff::{self, Diff};
use crate::model::Change;
use crate::resolve::Library;
use serde::Serialize;
use std::cmp::Reverse;

/// One entry of a record's log, as its page shows it.
#[derive(Serialize)]
pub(crate) struct ChangeView<'a> {
    /// `change-N`, N its place in the record's list as written (stable
    /// while entries are appended).
    pub anchor: String,
    /// correction | update | clarification | retraction
    pub kind: &'static str,
    /// "Correction".
    pub label: &'static str,
    /// When.
    pub date: DateView<'a>,
    /// What changed and why.
    pub text: &'a str,
}

/// A record's log, split as its page shows it.
#[derive(Serialize)]
pub(crate) struct RecordChanges<'a> {
    /// Corrections and retractions, newest first: at the top of the page.
    pub top: Vec<ChangeView<'a>>,
    /// Updates and clarifications, newest first: at the foot of the page.
    pub rest: Vec<ChangeView<'a>>,
    /// The dossier's whole log (`/changes/`).
    pub log: String,
}

impl<'a> RecordChanges<'a> {
    /// The log `changes` of one record, seen from a page with `links`.
    pub(crate) fn new(changes: &'a [Change], links: Links<'_>) -> RecordChanges<'a> {
        let mut top = Vec::new();
        let mut rest = Vec::new();
        for n in newest_first(changes) {
            let c = &changes[n];
            let view = ChangeView {
                anchor: anchor(n),
                kind: c.kind.as_str(),
                label: c.kind.label(),
                date: DateView::of(&c.date),
                text: &c.text,
            };
            if c.kind.prominent() {
                top.push(view);
            } else {
                rest.push(view);
            }
        }
        RecordChanges {
            top,
            rest,
            log: links.section("changes"),
        }
    }
}

/// The anchor of entry `n` (0-based) on its record's page.
fn anchor(n: usize) -> String {
    format!("change-{}", n + 1)
}

/// Indexes of `changes`, newest first; entries of the same date keep the
/// order they are written in.
fn newest_first(changes: &[Change]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|&n| Reverse(changes[n].date.sort_key()));
    order
}

/// The record an entry of the log belongs to.
#[derive(Serialize)]
pub(crate) struct RecordLink<'a> {
    /// event | actor | source | page (the home page is the page "").
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its id, or a page's slug.
    pub id: &'a str,
    /// Its title or name.
    pub title: &'a str,
    /// The entry on the record's page.
    pub url: String,
}

/// One entry of the dossier's log.
#[derive(Serialize)]
pub(crate) struct LogEntry<'a> {
    /// Its id on `/changes/`: `event-<id>-change-N`.
    pub anchor: String,
    /// correction | update | clarification | retraction
    pub kind: &'static str,
    /// "Correction".
    pub label: &'static str,
    /// When.
    pub date: DateView<'a>,
    /// What changed and why.
    pub text: &'a str,
    /// The record changed.
    pub record: RecordLink<'a>,
    /// The date as RFC 3339, for the feed.
    pub updated: String,
    /// The date's chronological key.
    #[serde(skip)]
    key: (i32, u32, u32, u32),
}

/// Every entry of every record's log, newest first (entries of the same
/// date: events, actors, sources, pages, the home page, each in the
/// library's order), with links from a page with `links`.
pub(crate) fn log<'a>(lib: &'a Library, links: Links<'_>) -> Vec<LogEntry<'a>> {
    let home = if links.root.is_empty() {
        "./".to_string()
    } else {
        links.root.to_string()
    };
    let mut records: Vec<(&'static str, &'a str, &'a str, String, &'a [Change])> = Vec::new();
    for e in &lib.events {
        records.push(("event", &e.id, &e.title, links.event(&e.id), &e.changes));
    }
    for a in &lib.actors {
        records.push(("actor", &a.id, &a.name, links.actor(&a.id), &a.changes));
    }
    for s in &lib.sources {
        records.push(("source", &s.id, &s.title, links.source(&s.id), &s.changes));
    }
    for p in &lib.pages {
        records.push(("page", &p.slug, &p.title, links.page(&p.slug), &p.changes));
    }
    if let Some(p) = &lib.index {
        records.push(("page", "", "Home", home, &p.changes));
    }
    let mut entries = Vec::new();
    for (kind, id, title, url, changes) in records {
        for (n, c) in changes.iter().enumerate() {
            let here = anchor(n);
            let prefix = if id.is_empty() { "home" } else { kind };
            entries.push(LogEntry {
                anchor: if id.is_empty() {
                    format!("{prefix}-{here}")
                } else {
                    format!("{prefix}-{id}-{here}")
                },
                kind: c.kind.as_str(),
                label: c.kind.label(),
                date: DateView::of(&c.date),
                text: &c.text,
                record: RecordLink {
                    kind,
                    id,
                    title,
                    url: format!("{url}#{here}"),
                },
                updated: c.date.rfc3339(),
                key: c.date.sort_key(),
            });
        }
    }
    // Stable: the order above stands among entries of the same date.
    entries.sort_by_key(|e| Reverse(e.key));
    entries
}

/// `/data/changes.json`: every entry, newest first, with absolute links.
#[derive(Serialize)]
struct ChangesJson<'a> {
    as_of: Option<&'a str>,
    changes: Vec<EntryJson<'a>>,
    previous: Option<&'a Diff>,
    schema_version: u32,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    date: &'a str,
    kind: &'static str,
    record: &'a RecordLink<'a>,
    text: &'a str,
}

/// The bytes of `/data/changes.json`, with what changed since the previous
/// edition when the build was given one.
pub(crate) fn json(lib: &Library, paths: Paths, previous: Option<&Diff>) -> Vec<u8> {
    let entries = log(lib, Links::absolute(&lib.config.base_url, paths));
    let doc = ChangesJson {
        as_of: lib.config.as_of.as_ref().map(|d| d.raw.as_str()),
        changes: entries
            .iter()
            .map(|e| EntryJson {
                date: e.date.iso,
                kind: e.kind,
                record: &e.record,
                text: e.text,
            })
            .collect(),
        previous,
        schema_version: diff::EXPORT_SCHEMA_VERSION,
    };
    let mut out = serde_json::to_vec(&doc).expect("the changes serialise");
    out.push(b'\n');
    out
}

/// A record of the diff, as `/changes/` lists it.
#[derive(Serialize)]
pub(crate) struct DiffRecord<'a> {
    /// event | actor | source
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: &'a str,
    /// Its title or name.
    pub title: &'a str,
    /// Its page, when this edition has it.
    pub url: Option<String>,
    /// The fields that changed, with short old and new values.
    pub fields: Vec<FieldView<'a>>,
}

/// A changed field, its values as one short line each.
#[derive(Serialize)]
pub(crate) struct FieldView<'a> {
    /// The field's name.
    pub field: &'a str,
    /// Before.
    pub old: String,
    /// Now.
    pub new: String,
}

/// What changed since the previous edition, as `/changes/` shows it.
#[derive(Serialize)]
pub(crate) struct DiffView<'a> {
    /// The previous edition's day, when it was an `--as-of` edition.
    pub as_of: Option<&'a str>,
    /// Records added.
    pub added: Vec<DiffRecord<'a>>,
    /// Records removed (no page to link to).
    pub removed: Vec<DiffRecord<'a>>,
    /// Records changed.
    pub changed: Vec<DiffRecord<'a>>,
}

impl<'a> DiffView<'a> {
    /// The view of `d` from a page with `links`.
    pub(crate) fn new(d: &'a Diff, links: Links<'_>) -> DiffView<'a> {
        let record = |e: &'a diff::Entry, linked: bool, fields: &'a [diff::Field]| DiffRecord {
            kind: e.kind,
            id: &e.id,
            title: &e.title,
            url: linked.then(|| match e.kind {
                "event" => links.event(&e.id),
                "actor" => links.actor(&e.id),
                _ => links.source(&e.id),
            }),
            fields: fields
                .iter()
                .map(|f| FieldView {
                    field: &f.field,
                    old: diff::short(&f.old),
                    new: diff::short(&f.new),
                })
                .collect(),
        };
        DiffView {
            as_of: d.old.as_of.as_deref(),
            added: d.added.iter().map(|e| record(e, true, &[])).collect(),
            removed: d.removed.iter().map(|e| record(e, false, &[])).collect(),
            changed: d
                .changed
                .iter()
                .map(|c| record(&c.record, true, &c.fields))
                .collect(),
        }
    }
}
