//! Walking `content/`: index.md, events/, actors/, sources/, pages/.

use super::Cache;
use super::{Body, Raw, Reading, read_text, relative, split_front_matter, toml_diagnostic};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config::Config;
use crate::markdown::{self, Stored};
use crate::model::{ActorRecord, EventRecord, Origin, PageRecord, SourceRecord, Span};
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
            .map(|(section, path)| parse_file(root, *section, path, Reading::of(config, true)))
            .collect(),
        Some(cache) => {
            let parsed = cache.content.parse_all(
                &mut cache.versions,
                &files,
                |(_, path)| path.as_path(),
                |(section, path)| parse_file(root, *section, path, Reading::of(config, false)),
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
    // Room for exactly the events: at a million, a doubling `Vec` of
    // records would hold up to twice their size while `parsed` is alive.
    let events = files.iter().filter(|(s, _)| *s == Section::Events).count();
    content.events.reserve_exact(events);
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
    reading: Reading,
) -> Result<Parsed, Diagnostics> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(match section {
        Section::Index => Parsed::Index(parse::<PageRecord>(root, path, reading)?),
        Section::Events => {
            let raw = parse::<EventRecord>(root, path, reading)?;
            Parsed::Event(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Actors => {
            let raw = parse::<ActorRecord>(root, path, reading)?;
            Parsed::Actor(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Sources => {
            let raw = parse::<SourceRecord>(root, path, reading)?;
            Parsed::Source(raw.rec.id.clone().unwrap_or(stem), raw)
        }
        Section::Pages => Parsed::Page(stem, parse::<PageRecord>(root, path, reading)?),
    })
}

/// Reads one Markdown file: front matter into `R`, the rest as its body.
fn parse<R: DeserializeOwned + Default>(
    root: &Path,
    path: &Path,
    reading: Reading,
) -> Result<Raw<R>, Diagnostics> {
    let rel = relative(root, path);
    let text = read_text(root, path, reading.max)?;
    let split = split_front_matter(&text)
        .map_err(|(msg, line)| Diagnostic::error(&rel, msg).at((line, 1)))?;
    let rec = if split.front.trim().is_empty() {
        R::default()
    } else {
        toml::from_str(split.front)
            .map_err(|e| toml_diagnostic(&rel, split.front, &e, split.front_line))?
    };
    // Where the front matter and the body lie in the file, when they are
    // let go to be read again (`reading.store`).
    let stored_at = |part: &str| {
        let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        (reading.store && !part.is_empty() && start + part.len() <= text.len()).then_some(start)
    };
    let front_at = stored_at(split.front);
    let shared: std::sync::Arc<Path> = path.into();
    let origin = Origin {
        file: rel.as_str().into(),
        line: 1,
        text: front_at.is_none().then(|| split.front.into()),
        text_line: split.front_line,
        anchor: None,
        merged: None,
        reread: front_at.map(|start| {
            Box::new(Span {
                path: shared.clone(),
                start,
                len: split.front.len(),
                hash: markdown::text_hash(split.front),
            })
        }),
    };
    let mut doc = markdown::render_with(split.body, split.body_line, reading.options);
    if let Some(start) = stored_at(split.body) {
        doc.store(Stored {
            path: shared,
            file: origin.file.clone(),
            start,
            len: split.body.len(),
            first_line: split.body_line,
            options: reading.options,
            hash: markdown::text_hash(split.body),
        });
    }
    let blank = split.body.trim().is_empty();
    Ok(Raw {
        rec,
        origin,
        body: Some(Body::Rendered { doc, blank }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Markdown event file in a folder of its own, removed after.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str, text: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("dossier-content-{name}-{}", std::process::id()));
            std::fs::create_dir_all(dir.join("content/events")).unwrap();
            std::fs::write(dir.join("content/events/a.md"), text).unwrap();
            Scratch(dir)
        }

        fn parse(&self, store: bool) -> Doc {
            self.read(store).1
        }

        fn read(&self, store: bool) -> (Origin, Doc) {
            let reading = Reading {
                max: 1 << 20,
                options: markdown::Options::default(),
                store,
            };
            let path = self.0.join("content/events/a.md");
            match parse_file(&self.0, Section::Events, &path, reading) {
                Ok(Parsed::Event(
                    _,
                    Raw {
                        origin,
                        body: Some(Body::Rendered { doc, .. }),
                        ..
                    },
                )) => (origin, doc),
                _ => panic!("an event with a body"),
            }
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    use crate::markdown::Doc;

    const EVENT: &str = "+++\ntitle = \"A\"\n+++\nRockets [@s1, para. 2] hit *the* base [[b|B]].\n";

    fn numbered(doc: &Doc) -> Result<String, crate::base::diagnostics::Diagnostic> {
        doc.resolve(|r, out| out.push_str(&format!("<{}:{}>", r.line, r.column)))
    }

    #[test]
    fn a_stored_body_keeps_no_html_and_renders_as_the_kept_one() {
        let scratch = Scratch::new("same", EVENT);
        let (kept, stored) = (scratch.parse(false), scratch.parse(true));
        assert!(!kept.html.is_empty());
        assert!(stored.html.is_empty(), "{}", stored.html);
        assert_eq!(stored.refs, kept.refs);
        assert_eq!(numbered(&stored).unwrap(), numbered(&kept).unwrap());
        assert!(
            numbered(&kept)
                .unwrap()
                .contains("Rockets <4:9> hit <em>the</em> base <4:39>.")
        );
    }

    #[test]
    fn a_stored_body_whose_file_changed_is_an_error_not_another_text() {
        let scratch = Scratch::new("changed", EVENT);
        let stored = scratch.parse(true);
        // Same length, other words: the hash tells them apart.
        let other = EVENT.replace("Rockets", "Drones!");
        std::fs::write(scratch.0.join("content/events/a.md"), other).unwrap();
        let e = numbered(&stored).unwrap_err();
        assert_eq!(&*e.file, "content/events/a.md");
        assert!(
            e.message.contains("changed while the site was being built"),
            "{}",
            e.message
        );
        std::fs::remove_file(scratch.0.join("content/events/a.md")).unwrap();
        let e = numbered(&stored).unwrap_err();
        assert!(
            e.message.contains("cannot read the file again"),
            "{}",
            e.message
        );
    }

    #[test]
    fn refs_replaced_in_a_stored_body_stay_replaced() {
        let scratch = Scratch::new("replaced", EVENT);
        let mut stored = scratch.parse(true);
        stored.edit_refs(|r| match &r.kind {
            crate::markdown::RefKind::Cite(_) => Some(String::new()),
            _ => None,
        });
        let html = numbered(&stored).unwrap();
        assert!(
            html.contains("Rockets hit <em>the</em> base <4:39>."),
            "{html}"
        );
    }

    #[test]
    fn a_front_matter_let_go_is_read_again_for_positions() {
        let scratch = Scratch::new("front", EVENT);
        let (kept, stored) = (scratch.read(false).0, scratch.read(true).0);
        assert!(kept.text.is_some() && kept.reread.is_none());
        assert!(stored.text.is_none() && stored.reread.is_some());
        let at = |o: &Origin| {
            let p = o.locate_field("title", &["A"]);
            (p.line, p.column, p.length)
        };
        assert_eq!(at(&kept), (2, 10, 1));
        assert_eq!(at(&stored), at(&kept));
        assert_eq!(stored.key("title").map(|p| p.line), Some(2));
        // A file changed since: the record's own line, not a wrong column.
        let other = EVENT.replace("\"A\"", "\"B\"");
        std::fs::write(scratch.0.join("content/events/a.md"), other).unwrap();
        let fresh = std::thread::scope(|s| s.spawn(|| at(&stored)).join().unwrap());
        assert_eq!(fresh, (1, 0, 0));
    }
}
