//! Reading a dossier: `content/` (walkdir) and `data/`, into validated
//! records. Files are read and parsed in parallel; every problem is collected.

mod bib;
mod cache;
mod captures;
mod content;
mod convert;
mod csv;
mod data;
mod frontmatter;
mod import;

pub(crate) use crate::base::files::{read_text, relative};
pub(crate) use crate::base::toml_errors::{hint_for_serde_message, toml_diagnostic};
pub(crate) use cache::Stamp;
use cache::{Files, MemoKey};
pub(crate) use convert::RESERVED_SLUGS;
pub use csv::parse_csv_incidents;
pub use frontmatter::split_front_matter;

use crate::base::diagnostics::Diagnostics;
use crate::config::Config;
use crate::markdown::{self, Doc};
use crate::model::{Actor, Event, Origin, Page, Source};
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything read from disk, validated field by field but not yet
/// cross-referenced.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// Events from Markdown and data rows, merged.
    pub events: Vec<Event>,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    /// Free pages.
    pub pages: Vec<Page>,
    /// `content/index.md`.
    pub index: Option<Page>,
    /// Ids of records left out as drafts, to explain references to them.
    pub drafts: BTreeSet<String>,
    /// What failed to load, already reported: references to it are not
    /// reported again.
    pub broken: Broken,
}

/// Records that failed to load (their error is reported where it stands),
/// so that one mistake gives one error: references to them, and the
/// warnings that need every record, are left out.
#[derive(Debug, Default, Clone)]
pub(crate) struct Broken {
    /// Ids of records that failed to parse or validate.
    pub ids: BTreeSet<String>,
    /// A whole file of events (a CSV or data file) failed.
    pub events: bool,
    /// A whole file of actors failed.
    pub actors: bool,
    /// A whole file of sources failed.
    pub sources: bool,
}

impl Broken {
    /// True when nothing failed to load.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.events && !self.actors && !self.sources
    }
}

/// A record's Markdown.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Written in a data file's `body` field, rendered when the record is
    /// converted.
    Text { text: String, first_line: usize },
    /// A Markdown file's body, rendered as the file was read (its text is
    /// not kept). `blank` when it is only white space.
    Rendered { doc: Doc, blank: bool },
}

impl Body {
    /// True when the body is only white space: a Markdown file that adds
    /// fields to a data row keeps the row's body.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Body::Text { text, .. } => text.trim().is_empty(),
            Body::Rendered { blank, .. } => *blank,
        }
    }
}

/// How Markdown files are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// `[build] max_file_size`.
    pub max: u64,
    /// How bodies are rendered.
    pub options: markdown::Options,
    /// Whether a body's HTML is let go, to be rendered again from its file
    /// when its page is made ([`Doc::store`]): a one-off build of a large
    /// dossier would otherwise hold every page's prose at once. `serve`
    /// keeps it, as its files change while it runs.
    pub store: bool,
}

impl Reading {
    pub(crate) fn of(config: &Config, store: bool) -> Reading {
        Reading {
            max: config.max_file_size,
            options: markdown::Options {
                safe_html: config.safe_html,
            },
            store,
        }
    }
}

/// A record as read, with where it came from and its Markdown.
#[derive(Debug, Clone)]
pub(crate) struct Raw<R> {
    pub rec: R,
    pub origin: Origin,
    pub body: Option<Body>,
}

/// Reads the whole dossier under `root`.
pub(crate) fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Loaded {
    let content = content::read(root, config, diags, None);
    let data = data::read(root, config, diags, None);
    let mut loaded = convert::convert(content, data, config, diags, None);
    verify_captures(root, config, &mut loaded, diags);
    loaded
}

/// Reads and hashes the preserved copies: never memoised, so that a copy
/// changed on disk is caught by the next build or rebuild.
fn verify_captures(root: &Path, config: &Config, loaded: &mut Loaded, diags: &mut Diagnostics) {
    let today = crate::evidence::today();
    captures::verify(root, config, &mut loaded.sources, today, diags);
}

/// Reads the whole dossier under `root` as [`load`] does, parsing and
/// converting again only what changed since the last call with `cache`.
/// Given up (`None`) when `cancel` is set before it is done: the cache
/// then keeps what it held and what this load parsed.
pub(crate) fn load_cached(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    cache: &mut Cache,
    cancel: &AtomicBool,
) -> Option<Loaded> {
    let timings = crate::base::timings::Timings::new();
    let cancelled = |cache: &mut Cache| {
        let stop = cancel.load(Ordering::Relaxed);
        if stop {
            cache.abandon();
        }
        stop
    };
    cache.begin(format!("{config:?}"));
    let content = content::read(root, config, diags, Some(cache));
    timings.lap("load: content");
    if cancelled(cache) {
        return None;
    }
    let data = data::read(root, config, diags, Some(cache));
    timings.lap("load: data");
    if cancelled(cache) {
        return None;
    }
    let mut loaded = convert::convert(content, data, config, diags, Some(cache));
    timings.lap("load: convert");
    cache.finish();
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    verify_captures(root, config, &mut loaded, diags);
    timings.lap("load: captures");
    Some(loaded)
}

/// Reads the event file `rel` (under `content/events/`) again on its own:
/// the event as a full load converts it, or `None` when the file is not a
/// plain file, is a draft left out, or has an error. (Whether the event can
/// stand in the last library is [`crate::resolve::Library::swap_event`]'s
/// question.)
pub(crate) fn reread_event(root: &Path, config: &Config, rel: &str) -> Option<Event> {
    let path = root.join(rel);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let section = content::Section::Events;
    let reading = Reading::of(config, false);
    let parsed = content::parse_file(root, section, &path, reading).ok()?;
    let content::Parsed::Event(id, raw) = parsed else {
        return None;
    };
    if raw.rec.draft.unwrap_or(false) && !config.drafts {
        return None;
    }
    let (event, diags) = convert::event(id, raw, config);
    if diags
        .iter()
        .any(|d| d.severity == crate::base::diagnostics::Severity::Error)
    {
        return None;
    }
    event
}

/// Finds the records of a bulk file by their ids, in one pass over its text
/// when they come in the file's order (as they do): each id is looked for
/// after the one before, and its line counted on from there.
pub(crate) struct Locator {
    file: Arc<str>,
    text: Arc<str>,
    /// Where the last record was found, and on which line.
    at: usize,
    line: usize,
}

impl Locator {
    pub(crate) fn new(file: &Arc<str>, text: &Arc<str>) -> Locator {
        Locator {
            file: file.clone(),
            text: text.clone(),
            at: 0,
            line: 1,
        }
    }

    /// The origin of the record `id`: where `"id"` is written (the bare id
    /// when never quoted), after the last record found, else anywhere.
    pub(crate) fn origin(&mut self, id: &str) -> Origin {
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
            reread: None,
        }
    }
}

/// A file's records by id, or the errors that lost them.
type Records<R> = Result<Vec<(String, Raw<R>)>, Diagnostics>;

/// The records read under one id: the first, and any more in the order
/// they were read (an error each).
pub(crate) struct Group<R> {
    pub first: Raw<R>,
    pub more: Vec<Raw<R>>,
}

/// Groups records by id, keeping the order they were read in. Ids are
/// nearly always unique: a group holds its first record inline rather
/// than in a `Vec` of its own, which at a million events took 2.6 kB an
/// event (a `Vec`'s first allocation has room for four records).
pub(crate) fn by_id<R>(items: Vec<(String, Raw<R>)>) -> BTreeMap<String, Group<R>> {
    let mut map: BTreeMap<String, Group<R>> = BTreeMap::new();
    for (id, raw) in items {
        match map.entry(id) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(Group {
                    first: raw,
                    more: Vec::new(),
                });
            }
            std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().more.push(raw),
        }
    }
    map
}

/// Converted records of one kind by id.
pub(crate) type Memo<T> = HashMap<String, (MemoKey, convert::Converted<T>)>;

/// Everything kept between loads.
#[derive(Default)]
pub(crate) struct Cache {
    /// Last version handed out.
    pub(crate) versions: u64,
    /// Version of each file read in the current load, by relative path.
    pub(crate) file_versions: HashMap<String, u64>,
    /// `content/` files.
    pub(crate) content: Files<Result<content::Parsed, Diagnostics>>,
    /// `data/` files.
    pub(crate) data: Files<data::DataFile>,
    /// The configuration the memos were made with (its debug form).
    pub(crate) config: String,
    /// Converted events.
    pub(crate) events: Memo<crate::model::Event>,
    /// Converted actors.
    pub(crate) actors: Memo<crate::model::Actor>,
    /// Converted sources.
    pub(crate) sources: Memo<crate::model::Source>,
    /// Converted pages (the home page under "").
    pub(crate) pages: Memo<crate::model::Page>,
}

impl Cache {
    /// The memo key of a record read from `origin`; `None` when a file it
    /// came from has no version (then it is not memoised).
    pub(crate) fn key(&self, origin: &crate::model::Origin) -> Option<MemoKey> {
        let version = |file: &Arc<str>| self.file_versions.get(&**file).map(|v| (file.clone(), *v));
        let merged = match &origin.merged {
            Some(m) => Some(version(&m.file)?),
            None => None,
        };
        Some((version(&origin.file), merged))
    }

    /// Starts a load with the configuration `config` (its debug form).
    pub(crate) fn begin(&mut self, config: String) {
        self.file_versions.clear();
        if self.config != config {
            self.events.clear();
            self.actors.clear();
            self.sources.clear();
            self.pages.clear();
            self.config = config;
        }
    }

    /// Ends a load.
    pub(crate) fn finish(&mut self) {
        self.content.finish();
        self.data.finish();
    }

    /// Ends a load given up: nothing is forgotten, and what it parsed is
    /// kept for the next.
    pub(crate) fn abandon(&mut self) {
        self.content.abandon();
        self.data.abandon();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A load given up keeps every parsed file in the cache: the next load
    /// parses nothing again.
    #[test]
    fn a_load_given_up_keeps_the_cache() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
        let mut diags = Diagnostics::default();
        let config = crate::config::load(&root, &mut diags).expect("the fixture's configuration");
        let mut cache = Cache::default();
        let go = AtomicBool::new(false);
        assert!(load_cached(&root, &config, &mut diags, &mut cache, &go).is_some());
        let parsed = cache.versions;
        assert!(parsed > 10, "the fixture's files are parsed: {parsed}");

        let stop = AtomicBool::new(true);
        assert!(load_cached(&root, &config, &mut diags, &mut cache, &stop).is_none());
        assert!(load_cached(&root, &config, &mut diags, &mut cache, &go).is_some());
        assert_eq!(cache.versions, parsed, "nothing parsed again");
    }
}
