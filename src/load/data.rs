//! Reading `data/`: the bibliography (TOML, CSL-JSON and BibTeX), bulk incidents
//! (CSV, TOML, JSON) and bulk actors.

use super::cache::Cache;
use super::{Body, Raw, hint_for_serde_message, read_text, relative, toml_diagnostic};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity, did_you_mean, line_col};
use crate::config::Config;
use crate::model::{
    ActorRecord, CSV_COLUMNS, CasualtyRecord, Confidence, EventRecord, FigureRecord,
    LocationPrecision, LocationRecord, Origin, ParticipationRecord, Role, SourceKind, SourceRecord,
};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `data/` holds, parsed but not validated.
#[derive(Default)]
pub(crate) struct Data {
    pub sources: Vec<(String, Raw<SourceRecord>)>,
    pub incidents: Vec<(String, Raw<EventRecord>)>,
    pub actors: Vec<(String, Raw<ActorRecord>)>,
    /// Actors and sources that imported files name, for the ids the dossier
    /// has no record of (see `import`).
    pub imported_actors: Vec<(String, Raw<ActorRecord>)>,
    pub imported_sources: Vec<(String, Raw<SourceRecord>)>,
    /// Which kinds of record lost a whole file to an error.
    pub broken: super::Broken,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<SourceRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentsFile {
    #[serde(default)]
    incident: Vec<EventRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorsFile {
    #[serde(default)]
    actor: Vec<ActorRecord>,
}

/// A data file as parsed.
#[derive(Clone)]
pub(crate) enum DataFile {
    Sources(Records<SourceRecord>),
    Actors(Records<ActorRecord>),
    Incidents(Records<EventRecord>),
    Imported(Result<super::import::Imported, Vec<Diagnostic>>),
}

/// Reads every data file, unchanged files from `cache`.
pub(crate) fn read(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    cache: Option<&mut Cache>,
) -> Data {
    let dir = root.join("data");
    let max = config.max_file_size;
    let mut data = Data::default();
    let mut files: Vec<PathBuf> = ["sources.toml", "sources.json", "sources.bib", "actors.toml"]
        .iter()
        .map(|name| dir.join(name))
        // Anything there is read (a pipe or an unreadable file is an error
        // naming it, not taken for a missing file).
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect();
    let incidents = dir.join("incidents");
    if incidents.is_dir() {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&incidents) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "data/incidents",
                    format!("cannot read the folder: {e}"),
                ));
                Vec::new()
            }
        };
        paths.sort();
        paths.retain(|path| {
            path.extension().is_some()
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        });
        files.extend(paths);
    }
    let parse = |path: &PathBuf| -> DataFile {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let in_incidents = path.parent() == Some(incidents.as_path());
        match (in_incidents, name.as_deref()) {
            (false, Some("sources.toml")) => DataFile::Sources(read_toml_records(
                root,
                path,
                max,
                |f: SourcesFile| f.source,
                |r| r.id.clone(),
            )),
            (false, Some("sources.json")) => DataFile::Sources(read_csl(root, path, max)),
            (false, Some("sources.bib")) => DataFile::Sources(read_bib(root, path, max)),
            (false, _) => DataFile::Actors(read_toml_records(
                root,
                path,
                max,
                |f: ActorsFile| f.actor,
                |r| r.id.clone(),
            )),
            (true, Some(name)) if config.imports.contains_key(name) => DataFile::Imported(
                super::import::read(root, path, &config.imports[name], config, max),
            ),
            (true, _) => DataFile::Incidents(
                match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
                    "csv" => read_csv(root, path, max),
                    "toml" => read_toml_records(
                        root,
                        path,
                        max,
                        |f: IncidentsFile| f.incident,
                        |r| r.id.clone(),
                    ),
                    "json" => read_json_incidents(root, path, max),
                    _ => Err(vec![
                        Diagnostic::warning(
                            relative(root, path),
                            "this file in data/incidents/ is not read",
                        )
                        .hint("incident files end in .csv, .toml or .json"),
                    ]),
                },
            ),
        }
    };
    let parsed: Vec<DataFile> = match cache {
        None => files.par_iter().map(parse).collect(),
        Some(cache) => {
            let parsed = cache
                .data
                .parse_all(&mut cache.versions, &files, |p| p.as_path(), parse);
            let mut out = Vec::with_capacity(parsed.len());
            for (path, (file, version)) in files.iter().zip(parsed) {
                cache.file_versions.insert(relative(root, path), version);
                out.push(file);
            }
            out
        }
    };
    for file in parsed {
        match file {
            DataFile::Sources(r) => {
                data.broken.sources |= failed(&r);
                collect(r, &mut data.sources, diags)
            }
            DataFile::Actors(r) => {
                data.broken.actors |= failed(&r);
                collect(r, &mut data.actors, diags)
            }
            DataFile::Incidents(r) => {
                data.broken.events |= failed(&r);
                collect(r, &mut data.incidents, diags)
            }
            DataFile::Imported(Ok(i)) => {
                data.incidents.extend(i.incidents);
                data.imported_actors.extend(i.actors);
                data.imported_sources.extend(i.sources);
            }
            DataFile::Imported(Err(ds)) => {
                // Its events, and the actors and sources it would have
                // named, are missing: references to them are not errors.
                data.broken.events |= ds.iter().any(|d| d.severity == Severity::Error);
                data.broken.actors |= data.broken.events;
                data.broken.sources |= data.broken.events;
                diags.extend(ds)
            }
        }
    }
    data
}

type Records<R> = Result<Vec<(String, Raw<R>)>, Vec<Diagnostic>>;

/// True when a file's records were lost to an error.
fn failed<R>(r: &Records<R>) -> bool {
    match r {
        Ok(_) => false,
        Err(ds) => ds.iter().any(|d| d.severity == Severity::Error),
    }
}

fn collect<R>(result: Records<R>, into: &mut Vec<(String, Raw<R>)>, diags: &mut Diagnostics) {
    match result {
        Ok(v) => into.extend(v),
        Err(ds) => diags.extend(ds),
    }
}

/// Finds the records of a bulk file by their ids, in one pass over its text
/// when they come in the file's order (as they do): each id is looked for
/// after the one before, and its line counted on from there.
struct Locator {
    file: Arc<str>,
    text: Arc<str>,
    /// Where the last record was found, and on which line.
    at: usize,
    line: usize,
}

impl Locator {
    fn new(file: &Arc<str>, text: &Arc<str>) -> Locator {
        Locator {
            file: file.clone(),
            text: text.clone(),
            at: 0,
            line: 1,
        }
    }

    /// The origin of the record `id`: where `"id"` is written (the bare id
    /// when never quoted), after the last record found, else anywhere.
    fn origin(&mut self, id: &str) -> Origin {
        let text = &*self.text;
        let quoted = format!("\"{id}\"");
        let found = text[self.at..]
            .find(&quoted)
            .map(|i| self.at + i)
            .or_else(|| text.find(&quoted))
            .or_else(|| text.find(id).filter(|_| !id.is_empty()));
        let (anchor, line) = match found {
            Some(at) if at >= self.at => {
                let line =
                    self.line + crate::model::bytecount(&text.as_bytes()[self.at..at], b'\n');
                self.at = at;
                self.line = line;
                (at, line)
            }
            Some(at) => (at, crate::base::diagnostics::line_col(text, at).0),
            None => (0, 1),
        };
        Origin {
            file: self.file.clone(),
            line,
            text: Some(self.text.clone()),
            text_line: 1,
            anchor: Some(anchor),
            merged: None,
        }
    }
}

/// A TOML file of `[[name]]` records, each with an `id`.
fn read_toml_records<F, R>(
    root: &Path,
    path: &Path,
    max: u64,
    records: impl Fn(F) -> Vec<R>,
    id: impl Fn(&R) -> Option<String>,
) -> Records<R>
where
    F: serde::de::DeserializeOwned,
    R: HasBody,
{
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    let file: F = toml::from_str(&text).map_err(|e| vec![toml_diagnostic(&rel, &text, &e, 1)])?;
    let file_arc: Arc<str> = rel.as_str().into();
    let text_arc: Arc<str> = text.as_str().into();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut locator = Locator::new(&file_arc, &text_arc);
    for (n, mut rec) in records(file).into_iter().enumerate() {
        let Some(id) = id(&rec) else {
            errors.push(
                Diagnostic::error(&rel, format!("record {} has no `id`", n + 1))
                    .hint("give every record an id of lowercase letters, digits and `-`"),
            );
            continue;
        };
        let origin = locator.origin(&id);
        let body = rec.take_body().map(|text| Body {
            text,
            first_line: origin.line,
        });
        out.push((id, Raw { rec, origin, body }));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Records whose Markdown may be written inline in a data file.
trait HasBody {
    fn take_body(&mut self) -> Option<String>;
}

impl HasBody for EventRecord {
    fn take_body(&mut self) -> Option<String> {
        self.body.take()
    }
}

impl HasBody for ActorRecord {
    fn take_body(&mut self) -> Option<String> {
        self.body.take()
    }
}

impl HasBody for SourceRecord {
    fn take_body(&mut self) -> Option<String> {
        None
    }
}

fn read_json_incidents(root: &Path, path: &Path, max: u64) -> Records<EventRecord> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    let file: IncidentsFile = serde_json::from_str(&text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        let mut d =
            Diagnostic::error(&rel, format!("invalid JSON: {msg}")).at((e.line(), e.column()));
        if let Some(h) = hint_for_serde_message(&msg) {
            d = d.hint(h);
        }
        vec![d]
    })?;
    let file_arc: Arc<str> = rel.as_str().into();
    let text_arc: Arc<str> = text.as_str().into();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut locator = Locator::new(&file_arc, &text_arc);
    for (n, mut rec) in file.incident.into_iter().enumerate() {
        let Some(id) = rec.id.clone() else {
            errors.push(Diagnostic::error(
                &rel,
                format!("incident {} has no `id`", n + 1),
            ));
            continue;
        };
        let origin = locator.origin(&id);
        let body = rec.body.take().map(|text| Body {
            text,
            first_line: origin.line,
        });
        out.push((id, Raw { rec, origin, body }));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The most columns a CSV incident file's header may have: far more than
/// the known ones, so only a broken or foreign file is refused.
const MAX_CSV_COLUMNS: usize = 256;

/// How many unknown columns the error about them names.
const UNKNOWN_COLUMNS_SHOWN: usize = 5;

fn read_csv(root: &Path, path: &Path, max: u64) -> Records<EventRecord> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    parse_csv(&rel, &text)
}

/// Parses a CSV incident file's text (`rel` names it in errors): the
/// records by id, or every error found.
pub fn parse_csv_incidents(
    rel: &str,
    text: &str,
) -> Result<Vec<(String, EventRecord)>, Vec<Diagnostic>> {
    parse_csv(rel, text).map(|v| v.into_iter().map(|(id, raw)| (id, raw.rec)).collect())
}

fn parse_csv(rel: &str, text: &str) -> Records<EventRecord> {
    let rel = rel.to_string();
    let file_arc: Arc<str> = rel.as_str().into();
    if let Some(at) = unclosed_quote(text) {
        return Err(vec![
            Diagnostic::error(&rel, "this quote is never closed")
                .at(line_col(text, at))
                .hint(
                    "end the quoted field with `\"`; write a quote inside a quoted field as `\"\"`",
                ),
        ]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![Diagnostic::error(&rel, format!("cannot read the header row: {e}")).at((1, 1))]
        })?
        .clone();
    let mut errors = Vec::new();
    if headers.len() > MAX_CSV_COLUMNS {
        return Err(vec![
            Diagnostic::error(
                &rel,
                format!(
                    "the header row has {} columns; an incident file has at most {MAX_CSV_COLUMNS}",
                    headers.len()
                ),
            )
            .at((1, 1))
            .hint(format!("the columns are: {}", CSV_COLUMNS.join(", "))),
        ]);
    }
    let columns: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    // The unknown columns with the column (in characters) each starts at,
    // counted in one pass over the header.
    let mut unknown: Vec<(&str, usize)> = Vec::new();
    let mut col = 1;
    for (c, h) in columns.iter().zip(headers.iter()) {
        if !CSV_COLUMNS.contains(&c.as_str()) {
            unknown.push((c, col));
        }
        col += h.chars().count() + 1;
    }
    if let Some(&(first, col)) = unknown.first() {
        let hint = did_you_mean(first, CSV_COLUMNS.iter().copied())
            .unwrap_or_else(|| format!("the columns are: {}", CSV_COLUMNS.join(", ")));
        let message = if unknown.len() == 1 {
            format!("unknown column `{first}`")
        } else {
            let shown: Vec<String> = unknown
                .iter()
                .take(UNKNOWN_COLUMNS_SHOWN)
                .map(|(c, _)| format!("`{c}`"))
                .collect();
            let more = unknown.len().saturating_sub(UNKNOWN_COLUMNS_SHOWN);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{} unknown columns: {}{more}",
                unknown.len(),
                shown.join(", ")
            )
        };
        errors.push(Diagnostic::error(&rel, message).at((1, col)).hint(hint));
    }
    if !columns.iter().any(|c| c == "id") {
        errors.push(Diagnostic::error(&rel, "the header row has no `id` column").at((1, 1)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(
                    Diagnostic::error(&rel, format!("malformed row: {e}"))
                        .at((line, 1))
                        .hint("every row needs as many fields as the header; quote fields that contain commas"),
                );
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let line_text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let at = |value: &str| {
            (
                line,
                line_text
                    .find(value)
                    .map_or(1, |i| line_col(line_text, i).1),
            )
        };
        let mut rec = EventRecord::default();
        let mut row_errors = Vec::new();
        let mut casualty = CasualtyRecord {
            killed: None,
            injured: None,
            min_only: false,
            who: String::new(),
            sources: Vec::new(),
        };
        let mut location = LocationRecord::default();
        for (column, value) in columns.iter().zip(row.iter()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let list = || {
                value
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            };
            let mut bad = |what: &str| {
                row_errors.push(
                    Diagnostic::error(&rel, format!("column `{column}`: `{value}` is not {what}"))
                        .at(at(value)),
                );
            };
            match column.as_str() {
                "id" => rec.id = Some(value.into()),
                "date" => rec.date = Some(value.into()),
                "date_end" => rec.date_end = Some(value.into()),
                "kind" => rec.kind = Some(value.into()),
                "actors" => {
                    let mut parts = Vec::new();
                    for item in list() {
                        match parse_csv_actor(&item) {
                            Ok(p) => parts.push(p),
                            Err(e) => row_errors.push(
                                Diagnostic::error(&rel, format!("column `actors`: {e}"))
                                    .at(at(&item)),
                            ),
                        }
                    }
                    rec.actors = Some(parts);
                }
                "sources" => rec.sources = Some(list()),
                "tags" => rec.tags = Some(list()),
                "killed" | "injured" => {
                    let fig = match value.parse::<i64>() {
                        Ok(n) => FigureRecord::Number(n),
                        Err(_) => FigureRecord::Text(value.to_string()),
                    };
                    if column == "killed" {
                        casualty.killed = Some(fig);
                    } else {
                        casualty.injured = Some(fig);
                    }
                }
                field => {
                    if let Err(what) = common_cell(field, value, &mut rec, &mut location) {
                        bad(&what)
                    }
                }
            }
        }
        if location != LocationRecord::default() {
            rec.location = Some(location);
        }
        if casualty.killed.is_some() || casualty.injured.is_some() {
            casualty.sources = rec.sources.clone().unwrap_or_default();
            rec.casualties = Some(vec![casualty]);
        }
        let Some(id) = rec.id.clone() else {
            row_errors.push(Diagnostic::error(&rel, "the row has no id").at((line, 1)));
            errors.extend(row_errors);
            continue;
        };
        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        let origin = Origin {
            file: file_arc.clone(),
            line,
            text: Some(line_text.into()),
            text_line: line,
            anchor: None,
            merged: None,
        };
        out.push((
            id,
            Raw {
                rec,
                origin,
                body: None,
            },
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The byte offset of a quote that opens a field and is never closed (the
/// CSV reader would take the rest of the file into that field).
fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Some(open),
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
                field_start = false;
            }
            b',' | b'\n' | b'\r' => field_start = true,
            _ => field_start = false,
        }
        i += 1;
    }
    None
}

/// Reads a CSV cell of a field that dossier's own CSV files and imported
/// exports write alike (title, circa, escalation, summary, the location,
/// responds_to); other fields are left to the caller. `Err` says what the
/// value should be.
pub(super) fn common_cell(
    field: &str,
    value: &str,
    rec: &mut EventRecord,
    location: &mut LocationRecord,
) -> Result<(), String> {
    let number = |v: &str| v.parse::<f64>().ok().filter(|n| n.is_finite());
    match field {
        "title" => rec.title = Some(value.into()),
        "circa" => match value {
            "true" | "yes" | "1" => rec.circa = Some(true),
            "false" | "no" | "0" => rec.circa = Some(false),
            _ => return Err("true or false".into()),
        },
        "escalation" => rec.escalation = Some(value.parse().map_err(|_| "a whole number")?),
        "summary" => rec.summary = Some(value.into()),
        "location_name" => location.name = Some(value.into()),
        "country" => location.country = Some(value.into()),
        "lat" => location.lat = Some(number(value).ok_or("a number")?),
        "lon" => location.lon = Some(number(value).ok_or("a number")?),
        "precision" => {
            location.precision = Some(LocationPrecision::parse(value).ok_or_else(|| {
                format!("a location precision ({})", LocationPrecision::expected())
            })?)
        }
        "responds_to" => {
            rec.responds_to = Some(
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            )
        }
        _ => {}
    }
    Ok(())
}

/// `actor:role[:confidence]`.
pub(super) fn parse_csv_actor(item: &str) -> Result<ParticipationRecord, String> {
    let parts: Vec<&str> = item.split(':').map(str::trim).collect();
    if parts.len() < 2 || parts.len() > 3 {
        return Err(format!(
            "`{item}` is not written `actor:role` or `actor:role:confidence`"
        ));
    }
    let role = Role::parse(parts[1])
        .ok_or_else(|| format!("`{}` is not a role ({})", parts[1], Role::expected()))?;
    let confidence = match parts.get(2) {
        Some(c) => Some(
            Confidence::parse(c)
                .ok_or_else(|| format!("`{c}` is not a confidence ({})", Confidence::expected()))?,
        ),
        None => None,
    };
    Ok(ParticipationRecord {
        actor: parts[0].to_string(),
        role,
        confidence,
        by: None,
        sources: Vec::new(),
    })
}

/// CSL-JSON (`data/sources.json`, as Zotero exports it) mapped onto source
/// records. CSL fields dossier has no use for are ignored.
fn read_csl(root: &Path, path: &Path, max: u64) -> Records<SourceRecord> {
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
        Err(errors)
    }
}

/// BibTeX or BibLaTeX (`data/sources.bib`, as Zotero, JabRef or a
/// reference manager exports it) mapped onto source records: the title,
/// the authors, the date, the address, the outlet (journal, booktitle,
/// publisher, organization, institution or howpublished), the note, and the
/// non-standard `reliability`, `credibility` and `kind` fields, which
/// BibTeX tools pass through.
fn read_bib(root: &Path, path: &Path, max: u64) -> Records<SourceRecord> {
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
mod tests {
    use super::parse_csv_actor;
    use crate::model::{Confidence, Role};

    #[test]
    fn csv_actor_cells() {
        let p = parse_csv_actor("kataib-hezbollah:perpetrator:alleged").unwrap();
        assert_eq!(
            (p.role, p.confidence),
            (Role::Perpetrator, Some(Confidence::Alleged))
        );
        assert!(parse_csv_actor("kh").is_err());
        assert!(
            parse_csv_actor("kh:villain")
                .unwrap_err()
                .contains("not a role")
        );
    }
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
