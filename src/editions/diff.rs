//! What changed between two editions: `dossier diff OLD NEW` and `dossier
//! build --previous PATH`. Each edition is read from its export,
//! `data/dossier.json` (a built site's folder or the file itself, such as
//! an older edition's export saved from the live site), and their records
//! are compared by kind and id, field by field.

use crate::base::diagnostics::{Diagnostic, Diagnostics, line_col};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Version of the exports' shape (`data/dossier.json`), which this program
/// writes and reads; bump on any incompatible change.
pub(crate) const EXPORT_SCHEMA_VERSION: u32 = 1;

/// The newest shape of the exports this program reads.
pub(crate) const SCHEMA_VERSION: u64 = EXPORT_SCHEMA_VERSION as u64;

/// The largest export read, in bytes.
const MAX_EXPORT: u64 = 1 << 30;

/// The kinds of records an export holds, in the order they are compared:
/// (the export's key, the kind's name, the field that titles a record).
const KINDS: [(&str, &str, &str); 3] = [
    ("events", "event", "title"),
    ("actors", "actor", "name"),
    ("sources", "source", "title"),
];

/// Fields derived from other records (what responds to an event, where a
/// source is cited, an actor's events) or from the site's address: a
/// change elsewhere or a new `base_url` changes them, not the record.
const DERIVED: [&str; 6] = [
    "responded_by",
    "url",
    "events",
    "relations_in",
    "cited_by",
    "page",
];

/// One edition, as its export gives it.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    /// The dossier's title.
    pub title: String,
    /// The day of an `--as-of` edition.
    pub as_of: Option<String>,
    /// Records by kind and id, in the export's order.
    records: Vec<Record>,
}

#[derive(Debug, Clone)]
struct Record {
    kind: &'static str,
    id: String,
    title: String,
    fields: Map<String, Value>,
}

impl Export {
    /// Reads the export of a built site (`path/data/dossier.json`) or the
    /// export file at `path`. The error names the file and says what it is
    /// not.
    pub(crate) fn read(path: &Path) -> Result<Export, Diagnostics> {
        let file = if path.is_dir() {
            let file = path.join("data").join("dossier.json");
            if !file.is_file() {
                return Err(Diagnostic::error(
                    path.display().to_string(),
                    "this folder is not a built dossier: it has no data/dossier.json",
                )
                .hint("give the folder `dossier build` wrote (public/), or a dossier.json")
                .into());
            }
            file
        } else {
            path.to_path_buf()
        };
        let name = file.display().to_string();
        let text =
            crate::load::read_text(Path::new(""), &file, MAX_EXPORT).map_err(|d| Diagnostic {
                file: name.clone(),
                ..d
            })?;
        Export::parse(&name, &text)
    }

    /// Parses the text of an export; `name` is its file, for errors.
    pub(crate) fn parse(name: &str, text: &str) -> Result<Export, Diagnostics> {
        let not_export = |what: String| {
            Diagnostic::error(name, format!("this is not a dossier export: {what}"))
                .hint("give a site built by `dossier build`, or its data/dossier.json")
        };
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let mut d = not_export(format!("it is not JSON ({e})"));
            if e.line() > 0 {
                d = d.at((e.line(), e.column()));
            }
            d
        })?;
        let Some(object) = value.as_object() else {
            return Err(not_export("it is not a JSON object".into()).into());
        };
        let version = match object.get("schema_version") {
            Some(v) => v.as_u64().ok_or_else(|| {
                not_export(format!("its schema_version, {v}, is not a version number"))
            })?,
            None => return Err(not_export("it has no schema_version".into()).into()),
        };
        if version > SCHEMA_VERSION {
            let at = text.find("\"schema_version\"").map(|i| line_col(text, i));
            let mut d = Diagnostic::error(
                name,
                format!(
                    "this export has schema_version {version}, newer than this dossier reads ({SCHEMA_VERSION})"
                ),
            )
            .hint("a newer dossier wrote it: compare it with that version of dossier");
            if let Some(at) = at {
                d = d.at(at);
            }
            return Err(d.into());
        }
        let mut records = Vec::new();
        let mut seen = BTreeSet::new();
        for (key, kind, title) in KINDS {
            let Some(list) = object.get(key).and_then(Value::as_array) else {
                return Err(not_export(format!("it has no list of {key}")).into());
            };
            for (n, item) in list.iter().enumerate() {
                let fields = item
                    .as_object()
                    .ok_or_else(|| not_export(format!("{key}[{n}] is not a record")))?;
                let id = fields
                    .get("id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| not_export(format!("{key}[{n}] has no id")))?;
                if !seen.insert((kind, id.to_string())) {
                    return Err(not_export(format!("two {key} have the id `{id}`")).into());
                }
                records.push(Record {
                    kind,
                    id: id.to_string(),
                    title: fields
                        .get(title)
                        .and_then(Value::as_str)
                        .unwrap_or(id)
                        .to_string(),
                    fields: fields
                        .iter()
                        .filter(|(k, _)| !DERIVED.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                });
            }
        }
        Ok(Export {
            title: object
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            as_of: object
                .get("as_of")
                .and_then(Value::as_str)
                .map(str::to_string),
            records,
        })
    }
}

/// A record added or removed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Entry {
    /// event | actor | source
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    /// Its title or name.
    pub title: String,
}

/// One field of a record that changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Field {
    /// The field's name.
    pub field: String,
    /// Its old value (`null` when it had none).
    pub old: Value,
    /// Its new value (`null` when it has none).
    pub new: Value,
}

/// A record present in both editions whose fields differ.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Changed {
    #[serde(flatten)]
    pub record: Entry,
    /// What changed, by field name.
    pub fields: Vec<Field>,
}

/// An edition as a diff names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Side {
    /// The dossier's title.
    pub title: String,
    /// The day of an `--as-of` edition.
    pub as_of: Option<String>,
}

/// What changed from one edition to the next.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Diff {
    /// The older edition.
    pub old: Side,
    /// The newer edition.
    pub new: Side,
    /// Records only in the newer edition, in its order.
    pub added: Vec<Entry>,
    /// Records only in the older edition, in its order.
    pub removed: Vec<Entry>,
    /// Records in both that differ, in the newer edition's order.
    pub changed: Vec<Changed>,
}

impl Diff {
    /// Whether the two editions hold the same records.
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The diff as JSON for tools, with a `schema_version`.
    pub(crate) fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'a> {
            schema_version: u64,
            #[serde(flatten)]
            diff: &'a Diff,
        }
        let mut out = serde_json::to_string_pretty(&Doc {
            schema_version: SCHEMA_VERSION,
            diff: self,
        })
        .expect("a diff serialises");
        out.push('\n');
        out
    }

    /// The diff for a person: counts, then each record, each changed field
    /// with its old and new values.
    pub(crate) fn to_human(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!(
            "{} → {}: {} added, {} removed, {} changed.\n",
            old_name,
            new_name,
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        if self.is_empty() {
            out.push_str("No record was added, removed or changed.\n");
            return out;
        }
        let line = |out: &mut String, e: &Entry| {
            out.push_str(&format!("  {} {}: {}\n", e.kind, e.id, e.title));
        };
        if !self.added.is_empty() {
            out.push_str("\nAdded:\n");
            self.added.iter().for_each(|e| line(&mut out, e));
        }
        if !self.removed.is_empty() {
            out.push_str("\nRemoved:\n");
            self.removed.iter().for_each(|e| line(&mut out, e));
        }
        if !self.changed.is_empty() {
            out.push_str("\nChanged:\n");
            for c in &self.changed {
                line(&mut out, &c.record);
                for f in &c.fields {
                    out.push_str(&format!(
                        "    {}: {} → {}\n",
                        f.field,
                        short(&f.old),
                        short(&f.new)
                    ));
                }
            }
        }
        out
    }
}

/// A value as one short line: compact JSON, cut at 120 characters.
pub(crate) fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= 120 {
        text
    } else {
        let cut: String = text.chars().take(119).collect();
        format!("{cut}…")
    }
}

/// What changed from `old` to `new`.
pub(crate) fn compare(old: &Export, new: &Export) -> Diff {
    let key = |r: &Record| (r.kind, r.id.clone());
    let before: BTreeMap<(&str, String), &Record> =
        old.records.iter().map(|r| (key(r), r)).collect();
    let after: BTreeSet<(&str, String)> = new.records.iter().map(key).collect();
    let entry = |r: &Record| Entry {
        kind: r.kind,
        id: r.id.clone(),
        title: r.title.clone(),
    };
    let mut diff = Diff {
        old: Side {
            title: old.title.clone(),
            as_of: old.as_of.clone(),
        },
        new: Side {
            title: new.title.clone(),
            as_of: new.as_of.clone(),
        },
        added: Vec::new(),
        removed: old
            .records
            .iter()
            .filter(|r| !after.contains(&key(r)))
            .map(entry)
            .collect(),
        changed: Vec::new(),
    };
    for r in &new.records {
        let Some(was) = before.get(&key(r)) else {
            diff.added.push(entry(r));
            continue;
        };
        let names: BTreeSet<&String> = was.fields.keys().chain(r.fields.keys()).collect();
        let fields: Vec<Field> = names
            .into_iter()
            .filter_map(|name| {
                let (a, b) = (was.fields.get(name), r.fields.get(name));
                (a != b).then(|| Field {
                    field: name.clone(),
                    old: a.cloned().unwrap_or(Value::Null),
                    new: b.cloned().unwrap_or(Value::Null),
                })
            })
            .collect();
        if !fields.is_empty() {
            diff.changed.push(Changed {
                record: entry(r),
                fields,
            });
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(events: &str) -> Export {
        Export::parse(
            "x.json",
            &format!(
                r#"{{"schema_version":1,"title":"T","events":{events},"actors":[],"sources":[]}}"#
            ),
        )
        .unwrap()
    }

    #[test]
    fn records_are_compared_field_by_field_without_derived_fields() {
        let old = export(
            r#"[{"id":"a","title":"A","escalation":5,"url":"https://old/a/","responded_by":[]},
                {"id":"b","title":"B"}]"#,
        );
        let new = export(
            r#"[{"id":"a","title":"A","escalation":6,"url":"https://new/a/","responded_by":["c"],"tags":["x"]},
                {"id":"c","title":"C"}]"#,
        );
        let d = compare(&old, &new);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].id, "c");
        assert_eq!(d.removed[0].id, "b");
        let fields: Vec<(&str, String, String)> = d.changed[0]
            .fields
            .iter()
            .map(|f| (f.field.as_str(), short(&f.old), short(&f.new)))
            .collect();
        assert_eq!(
            fields,
            [
                ("escalation", "5".into(), "6".into()),
                ("tags", "null".into(), "[\"x\"]".into())
            ]
        );
        assert!(compare(&old, &old).is_empty());
    }

    #[test]
    fn what_is_not_an_export_is_refused() {
        for (text, says) in [
            ("{", "not JSON"),
            ("[]", "not a JSON object"),
            ("{\"events\":[]}", "no schema_version"),
            ("{\"schema_version\":1,\"events\":[]}", "no list of actors"),
            (
                "{\"schema_version\":1,\"events\":[{\"title\":\"x\"}],\"actors\":[],\"sources\":[]}",
                "events[0] has no id",
            ),
            ("{\"schema_version\":2}", "newer than this dossier reads"),
        ] {
            let e = Export::parse("x.json", text).unwrap_err().single();
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
    }

    #[test]
    fn long_values_are_cut() {
        let v = Value::String("x".repeat(300));
        assert_eq!(short(&v).chars().count(), 120);
        assert!(short(&v).ends_with('…'));
    }
}
