//! Reading `data/`: the bibliography (TOML, CSL-JSON and BibTeX), bulk incidents
//! (CSV, TOML, JSON) and bulk actors.

use super::Cache;
use super::bib::{read_bib, read_csl};
use super::csv::read_csv;
use super::{
    Body, Locator, Raw, Records, hint_for_serde_message, read_text, relative, toml_diagnostic,
};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::config::Config;
use crate::model::{ActorRecord, EventRecord, SourceRecord};
use rayon::prelude::*;
use serde::Deserialize;
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
    Imported(Result<super::import::Imported, Diagnostics>),
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
                    ]
                    .into()),
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
        let body = rec.take_body().map(|text| Body::Text {
            text,
            first_line: origin.line,
        });
        out.push((id, Raw { rec, origin, body }));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into())
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
        let body = rec.body.take().map(|text| Body::Text {
            text,
            first_line: origin.line,
        });
        out.push((id, Raw { rec, origin, body }));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into())
    }
}
