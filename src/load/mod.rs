//! Reading a dossier: `content/` (walkdir) and `data/`, into validated
//! records. Files are read and parsed in parallel; every problem is collected.

mod cache;
mod content;
mod convert;
mod data;
mod frontmatter;
mod import;

pub use cache::{Cache, Stamp};
pub use convert::RESERVED_SLUGS;
pub use data::{CSV_COLUMNS, parse_csv_incidents};
pub use frontmatter::split_front_matter;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::model::{Actor, Event, Origin, Page, Source};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Everything read from disk, validated field by field but not yet
/// cross-referenced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Events from Markdown and data rows, merged.
    pub events: Vec<Event>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Sources.
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
pub struct Broken {
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
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.events && !self.actors && !self.sources
    }
}

/// A Markdown body waiting to be rendered.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub text: String,
    pub first_line: usize,
}

/// A record as read, with where it came from and its Markdown.
#[derive(Debug, Clone)]
pub(crate) struct Raw<R> {
    pub rec: R,
    pub origin: Origin,
    pub body: Option<Body>,
}

/// Reads the whole dossier under `root`.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Loaded {
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
    crate::evidence::verify(root, config, &mut loaded.sources, today, diags);
}

/// Reads the whole dossier under `root` as [`load`] does, parsing and
/// converting again only what changed since the last call with `cache`.
pub fn load_cached(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    cache: &mut Cache,
) -> Loaded {
    cache.begin(format!("{config:?}"));
    let content = content::read(root, config, diags, Some(cache));
    let data = data::read(root, config, diags, Some(cache));
    let mut loaded = convert::convert(content, data, config, diags, Some(cache));
    cache.finish();
    verify_captures(root, config, &mut loaded, diags);
    loaded
}

/// Reads the event file `rel` (under `content/events/`) again on its own:
/// the event as a full load converts it, or `None` when the file is not a
/// plain file, is a draft left out, or has an error. (Whether the event can
/// stand in the last library is [`crate::resolve::Library::swap_event`]'s
/// question.)
pub fn reread_event(root: &Path, config: &Config, rel: &str) -> Option<Event> {
    let path = root.join(rel);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let section = content::Section::Events;
    let parsed = content::parse_file(root, section, &path, config.max_file_size).ok()?;
    let content::Parsed::Event(id, raw) = parsed else {
        return None;
    };
    if raw.rec.draft.unwrap_or(false) && !config.drafts {
        return None;
    }
    let (event, diags) = convert::event(id, raw, config);
    if diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        return None;
    }
    event
}

/// Reads a file as UTF-8 text, refusing files over `max` bytes.
pub fn read_text(root: &Path, path: &Path, max: u64) -> Result<String, Diagnostic> {
    let rel = relative(root, path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&rel, format!("cannot read the file: {e}")))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            &rel,
            "this is not a regular file (a folder, a named pipe or a device), so it cannot be read",
        )
        .hint("replace it with a plain text file, or remove it"));
    }
    if meta.len() > max {
        return Err(Diagnostic::error(
            &rel,
            format!(
                "the file is {:.1} MiB, over the limit of {:.1} MiB",
                meta.len() as f64 / 1048576.0,
                max as f64 / 1048576.0
            ),
        )
        .hint("split it into smaller files, or raise `max_file_size` (bytes) under [build] in dossier.toml"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&rel, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        Diagnostic::error(&rel, "the file is not valid UTF-8")
            .at(line_col(&text, good))
            .hint("save the file as UTF-8 in your editor (most editors offer it under \"Save with encoding\")")
    })?;
    // Control characters are invisible in an editor and ill-formed in the
    // site's XML (the feed, the sitemap): refused where they stand.
    if let Some(at) = text
        .bytes()
        .position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
    {
        return Err(Diagnostic::error(
            &rel,
            format!(
                "the file contains the invisible control character U+{:04X}",
                text.as_bytes()[at]
            ),
        )
        .at(line_col(&text, at))
        .hint("delete it (it often comes from copying text out of a PDF or a word processor); to keep a tab or a line break, type it again"));
    }
    Ok(text)
}

/// `path` relative to `root`, with `/` separators, for messages.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A TOML syntax or schema error, positioned in the file (`first_line` is the
/// line of the TOML text's first line in the file).
pub fn toml_diagnostic(
    file: &str,
    text: &str,
    err: &toml::de::Error,
    first_line: usize,
) -> Diagnostic {
    let (line, column) = err.span().map_or((0, 0), |s| line_col(text, s.start));
    let message = err.message().trim().to_string();
    let spanned = err.span().and_then(|s| text.get(s)).unwrap_or("");
    // A date written bare is a TOML date, which serde sees as a table.
    if message.contains("invalid type: map") && looks_like_toml_date(spanned) {
        let mut d = Diagnostic::error(
            file,
            format!("invalid TOML: the date {} is not in quotes", spanned.trim()),
        )
        .hint(format!(
            "write the date in quotes: \"{}\" (dossier's dates may be partial, like \"2019-12\", so they are text)",
            spanned.trim()
        ))
        .at((line + first_line - 1, column));
        d.length = spanned.trim_end().chars().count();
        return d;
    }
    // An inline table left open: the parser stumbles on the next line.
    if message.contains("inline table")
        && let Some(open) = unclosed_inline_table(text, err.span().map_or(0, |s| s.start))
    {
        let (l, c) = line_col(text, open);
        return Diagnostic::error(file, "invalid TOML: this `{` is never closed")
            .at((l + first_line - 1, c))
            .hint("end the inline table with `}` on the same line: an inline table is written on one line");
    }
    let mut d = Diagnostic::error(file, format!("invalid TOML: {message}"));
    if line > 0 {
        d = d.at((line + first_line - 1, column));
        d.length = err
            .span()
            .map_or(0, |s| text.get(s).map_or(0, |t| t.chars().count()));
    }
    if let Some(hint) = hint_for_serde_message(&message) {
        d = d.hint(hint);
    }
    d
}

/// True for TOML's bare dates and times (`2019-12-27`, `2019-12-27T10:00:00Z`).
fn looks_like_toml_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The offset of a `{` left open on the error's line (before the error) or
/// on the last line written before it: an inline table cannot go on to the
/// next line, so the parser stumbles there.
fn unclosed_inline_table(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at.min(text.len()))?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut lines = vec![(line_start, &before[line_start..])];
    let mut end = line_start.saturating_sub(1);
    if line_start > 0 {
        loop {
            let start = before[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = &before[start..end];
            if !line.trim().is_empty() {
                lines.push((start, line));
                break;
            }
            if start == 0 {
                break;
            }
            end = start - 1;
        }
    }
    for (start, line) in lines {
        let mut depth: i32 = 0;
        let mut last_open = None;
        let mut in_string = false;
        for (i, ch) in line.char_indices() {
            match ch {
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                '{' if !in_string => {
                    depth += 1;
                    last_open = Some(start + i);
                }
                '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return last_open;
        }
    }
    None
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a
/// "did you mean", and says what a variant list means.
pub fn hint_for_serde_message(message: &str) -> Option<String> {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let (wrong, expected) = names.split_first()?;
        return crate::diagnostics::did_you_mean(wrong, expected.iter().map(String::as_str))
            .or_else(|| {
                Some(format!(
                    "the fields allowed here are: {}",
                    expected.join(", ")
                ))
            });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        let (wrong, expected) = names.split_first()?;
        return crate::diagnostics::did_you_mean(wrong, expected.iter().map(String::as_str))
            .or_else(|| Some(format!("write one of: {}", expected.join(" | "))));
    }
    None
}

/// Groups records by id, keeping the order they were read in.
pub(crate) fn by_id<R>(items: Vec<(String, Raw<R>)>) -> BTreeMap<String, Vec<Raw<R>>> {
    let mut map: BTreeMap<String, Vec<Raw<R>>> = BTreeMap::new();
    for (id, raw) in items {
        map.entry(id).or_default().push(raw);
    }
    map
}
