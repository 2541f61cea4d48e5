//! Walking `content/`: index.md, events/, actors/, sources/, pages/.

use super::Cache;
use super::{Body, Raw, read_text, relative, split_front_matter, toml_diagnostic};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config::Config;
use crate::model::{ActorRecord, EventRecord, Origin, PageRecord, SourceRecord};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What `content/` holds, parsed but not validated.
#[derive(Default)]
pub(crate) struct Content {
    pub events: Vec<(String, Raw<EventRecord>)>,
    pub actors: Vec<(String, Raw<ActorRecord>)>,
    pub sources: Vec<(String, Raw<SourceRecord>)>,
    pub pages: Vec<(String, Raw<PageRecord>)>,
    pub index: Option<Raw<PageRecord>>,
    /// Ids (file names) of the events, actors and sources that failed to
    /// parse.
    pub broken: std::collections::BTreeSet<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Index,
    Events,
    Actors,
    Sources,
    Pages,
}

#[derive(Clone)]
pub(crate) enum Parsed {
    Event(String, Raw<EventRecord>),
    Actor(String, Raw<ActorRecord>),
    Source(String, Raw<SourceRecord>),
    Page(String, Raw<PageRecord>),
    Index(Raw<PageRecord>),
}

/// Reads every Markdown file under `content/`, unchanged files from `cache`.
pub(crate) fn read(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    cache: Option<&mut Cache>,
) -> Content {
    let dir = root.join("content");
    let mut content = Content::default();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error("content", "the dossier has no content/ folder").hint(
                "create content/ with index.md and events/, actors/, sources/ or pages/ in it",
            ),
        );
        return content;
    }
    let files = discover(root, &dir, diags);
    let parsed: Vec<Result<Parsed, Diagnostics>> = match cache {
        None => files
            .par_iter()
            .map(|(section, path)| parse_file(root, *section, path, config.max_file_size))
            .collect(),
        Some(cache) => {
            let parsed = cache.content.parse_all(
                &mut cache.versions,
                &files,
                |(_, path)| path.as_path(),
                |(section, path)| parse_file(root, *section, path, config.max_file_size),
            );
            let mut out = Vec::with_capacity(parsed.len());
            for (parsed, version) in parsed {
                if let Ok(p) = &parsed {
                    cache.file_versions.insert(p.file().to_string(), version);
                }
                out.push(parsed);
            }
            out
        }
    };
    for (p, (section, path)) in parsed.into_iter().zip(&files) {
        if p.is_err()
            && matches!(
                section,
                Section::Events | Section::Actors | Section::Sources
            )
            && let Some(stem) = path.file_stem()
        {
            content.broken.insert(stem.to_string_lossy().into_owned());
        }
        match p {
            Ok(Parsed::Event(id, raw)) => content.events.push((id, raw)),
            Ok(Parsed::Actor(id, raw)) => content.actors.push((id, raw)),
            Ok(Parsed::Source(id, raw)) => content.sources.push((id, raw)),
            Ok(Parsed::Page(id, raw)) => content.pages.push((id, raw)),
            Ok(Parsed::Index(raw)) => content.index = Some(raw),
            Err(d) => diags.absorb(d),
        }
    }
    content
}

impl Parsed {
    /// The file the record was read from, relative to the root.
    fn file(&self) -> &str {
        match self {
            Parsed::Event(_, r) => &r.origin.file,
            Parsed::Actor(_, r) => &r.origin.file,
            Parsed::Source(_, r) => &r.origin.file,
            Parsed::Page(_, r) => &r.origin.file,
            Parsed::Index(r) => &r.origin.file,
        }
    }
}

/// The Markdown files to read, by section, in a stable order. Symbolic links
/// are not followed into folders; a linked file is read only when it lies
/// inside the dossier.
fn discover(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(Section, PathBuf)> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = WalkDir::new(dir).follow_links(false).sort_by_file_name();
    for entry in walker.into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e.path().map_or("content".into(), |p| relative(root, p));
                diags.push(Diagnostic::error(rel, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0
            && (name.starts_with('.') || name.ends_with('~') || name.starts_with('#'))
        {
            continue;
        }
        let rel = relative(root, entry.path());
        let mut path = entry.path().to_path_buf();
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if !target.starts_with(&canonical_root) => {
                    diags.push(
                        Diagnostic::error(
                            &rel,
                            format!(
                                "the symbolic link points outside the dossier, to {}",
                                target.display()
                            ),
                        )
                        .hint("copy the file into the dossier instead of linking to it"),
                    );
                    continue;
                }
                Ok(target) if target.is_dir() => {
                    diags.push(
                        Diagnostic::warning(&rel, "symbolic links to folders are not followed")
                            .hint("move the folder into content/ instead of linking to it"),
                    );
                    continue;
                }
                Ok(target) => path = target,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        &rel,
                        format!("the symbolic link cannot be followed: {e}"),
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if !name.ends_with(".md") {
            continue;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        let section = match (parts.get(1).copied(), parts.len()) {
            (Some("index.md"), 2) => Section::Index,
            (Some("events"), n) if n > 2 => Section::Events,
            (Some("actors"), n) if n > 2 => Section::Actors,
            (Some("sources"), n) if n > 2 => Section::Sources,
            (Some("pages"), n) if n > 2 => Section::Pages,
            _ => {
                diags.push(
                    Diagnostic::error(&rel, "this Markdown file is outside the sections dossier reads")
                        .hint("put events in content/events/, actors in content/actors/, source notes in content/sources/ and free pages in content/pages/"),
                );
                continue;
            }
        };
        files.push((section, path));
    }
    files
}

pub(crate) fn parse_file(
    root: &Path,
    section: Section,
    path: &Path,
    max: u64,
) -> Result<Parsed, Diagnostics> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(match section {
        Section::Index => Parsed::Index(parse::<PageRecord>(root, path, max)?),
        Section::Events => {
            let raw = parse::<EventRecord>(root, path, max)?;
            Parsed::Event(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Actors => {
            let raw = parse::<ActorRecord>(root, path, max)?;
            Parsed::Actor(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Sources => {
            let raw = parse::<SourceRecord>(root, path, max)?;
            Parsed::Source(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Pages => Parsed::Page(stem, parse::<PageRecord>(root, path, max)?),
    })
}

/// Reads one Markdown file: front matter into `R`, the rest as its body.
fn parse<R: DeserializeOwned + Default>(
    root: &Path,
    path: &Path,
    max: u64,
) -> Result<Raw<R>, Diagnostics> {
    let rel = relative(root, path);
    let text = read_text(root, path, max)?;
    let split = split_front_matter(&text)
        .map_err(|(msg, line)| Diagnostic::error(&rel, msg).at((line, 1)))?;
    let rec = if split.front.trim().is_empty() {
        R::default()
    } else {
        toml::from_str(split.front)
            .map_err(|e| toml_diagnostic(&rel, split.front, &e, split.front_line))?
    };
    let origin = Origin {
        file: rel.as_str().into(),
        line: 1,
        text: Some(split.front.into()),
        text_line: split.front_line,
        anchor: None,
        merged: None,
    };
    Ok(Raw {
        rec,
        origin,
        body: Some(Body {
            text: split.body.to_string(),
            first_line: split.body_line,
        }),
    })
}
