//! Reading `[[source.capture]]` records and verifying the preserved copies
//! they name under `captures/` (see [`crate::evidence`]).

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config::Config;
use crate::evidence::{
    Bytes, Capture, FOLDER, Format, check_path, is_sha256, paragraphs, parse_time, sha256_hex,
    size_text,
};
use crate::model::{CaptureRecord, Origin, Source};
use rayon::prelude::*;
use std::path::Path;

/// Checks a source's `[[source.capture]]` records field by field; the
/// captures and the errors found. `error` reports a problem at where a
/// value is written.
pub(super) fn convert_records(
    records: Vec<CaptureRecord>,
    mut error: impl FnMut(&str, String, &str),
) -> Vec<Capture> {
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let file = r.file.unwrap_or_default();
        if let Err(e) = check_path(&file) {
            error(
                &file,
                e.0,
                "`file` names a file in the dossier's captures/ folder, e.g. file = \"wire-2031-07-10.txt\"",
            );
            continue;
        }
        let sha256 = r.sha256.unwrap_or_default().to_ascii_lowercase();
        if !is_sha256(&sha256) {
            let shown = if sha256.is_empty() { &file } else { &sha256 };
            error(
                shown,
                format!("the capture `{file}` has no valid `sha256`"),
                "write the file's SHA-256 as 64 hex digits (`sha256sum captures/FILE` prints it; `dossier capture` writes it for you)",
            );
            continue;
        }
        let captured_at = r.captured_at.unwrap_or_default();
        let captured_day = if captured_at.is_empty() {
            error(
                &file,
                format!("the capture `{file}` has no `captured_at`"),
                "write when the copy was taken, in UTC: captured_at = \"2031-07-10T14:02:00Z\"",
            );
            None
        } else {
            match parse_time(&captured_at) {
                Ok(t) => Some(t.date_naive()),
                Err(e) => {
                    error(
                        &captured_at,
                        e.0,
                        "captured_at is RFC 3339 in UTC, e.g. \"2031-07-10T14:02:00Z\"",
                    );
                    None
                }
            }
        };
        for (field, value) in [("url", &r.url), ("archive_url", &r.archive_url)] {
            let v = value.as_deref().unwrap_or("");
            let lower = v.trim().to_ascii_lowercase();
            if !(v.is_empty() || lower.starts_with("https://") || lower.starts_with("http://")) {
                error(
                    v,
                    format!("the capture's {field} `{v}` is not a web address"),
                    "write an address starting with https:// or http://, or leave it empty",
                );
            }
        }
        let text = Format::of(&file) == Format::Text;
        let lines = match r.paragraphs.as_deref() {
            None | Some("blocks") => false,
            Some("lines") => true,
            Some(other) => {
                error(
                    other,
                    format!("paragraphs = \"{other}\" is not a way of counting paragraphs"),
                    "write paragraphs = \"blocks\" (separated by blank lines) or \"lines\" (every line one paragraph)",
                );
                false
            }
        };
        let mut unnumbered = Vec::new();
        for n in r.unnumbered.unwrap_or_default() {
            if n < 1 {
                error(
                    &format!("{n}"),
                    format!("`unnumbered` lists line {n}: lines are counted from 1"),
                    "list the line numbers of the file that are not body text",
                );
            } else {
                unnumbered.push(n as usize);
            }
        }
        if !text && (r.paragraphs.is_some() || !unnumbered.is_empty()) {
            error(
                &file,
                format!(
                    "`paragraphs` and `unnumbered` apply to text captures only, and `{file}` is not one"
                ),
                "remove them: an HTML copy's paragraphs are its <p> elements",
            );
        }
        unnumbered.sort_unstable();
        unnumbered.dedup();
        out.push(Capture {
            file,
            url: r.url.unwrap_or_default(),
            captured_at,
            captured_day,
            sha256,
            tool: r.tool.unwrap_or_default(),
            archive_url: r.archive_url.unwrap_or_default(),
            note: r.note.unwrap_or_default(),
            lines,
            unnumbered,
            bytes: Bytes::default(),
            readable: None,
        });
    }
    out
}

/// Reads every capture of every source, checks where it is, its size and
/// its hash, and makes the paragraphs of text and HTML copies. Errors: a
/// missing file, a file outside `captures/`, one over the size limit, a
/// hash that differs. Warnings: a capture dated after `today` (the build's
/// day) or before the source's publication.
pub(super) fn verify(
    root: &Path,
    config: &Config,
    sources: &mut [Source],
    today: chrono::NaiveDate,
    diags: &mut Diagnostics,
) {
    let dir = root.join(FOLDER);
    let found: Vec<Vec<Diagnostic>> = sources
        .par_iter_mut()
        .map(|s| {
            let mut found = Vec::new();
            for c in &mut s.captures {
                verify_one(
                    &dir,
                    config,
                    &s.origin,
                    s.date.as_ref(),
                    c,
                    today,
                    &mut found,
                );
            }
            found
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

fn verify_one(
    dir: &Path,
    config: &Config,
    origin: &Origin,
    published: Option<&crate::model::Date>,
    c: &mut Capture,
    today: chrono::NaiveDate,
    found: &mut Vec<Diagnostic>,
) {
    let at = origin.locate(&c.file);
    let shown = format!("{FOLDER}/{}", c.file);
    if let Some(day) = c.captured_day {
        let place = origin.locate(&c.captured_at);
        if day > today {
            found.push(
                Diagnostic::warning_at(
                    &place,
                    format!("the capture `{}` is dated {}, after today ({today})", c.file, c.captured_at),
                )
                .hint("check captured_at: a copy cannot be taken in the future (a dossier about a scenario may say so in `note`)"),
            );
        }
        if let Some(p) = published
            && day < p.earliest()
        {
            found.push(
                Diagnostic::warning_at(
                    &place,
                    format!(
                        "the capture `{}` is dated {}, before the source was published ({})",
                        c.file,
                        c.captured_at,
                        p.display()
                    ),
                )
                .hint("check captured_at and the source's date: a copy is taken after publication"),
            );
        }
    }
    let path = dir.join(&c.file);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(_) => {
            found.push(
                Diagnostic::error_at(&at, format!("the preserved copy {shown} does not exist"))
                    .hint("put the file in the captures/ folder (`dossier capture SOURCE FILE` copies and records it), or correct `file`"),
            );
            return;
        }
    };
    // A link could lead anywhere: only plain files inside the folder count.
    let inside = !meta.file_type().is_symlink()
        && match (path.canonicalize(), dir.canonicalize()) {
            (Ok(p), Ok(d)) => p.starts_with(d),
            _ => false,
        };
    if !inside {
        found.push(
            Diagnostic::error_at(
                &at,
                format!("the preserved copy {shown} lies outside captures/"),
            )
            .hint("copy the file itself into the captures/ folder: a link is not a preserved copy"),
        );
        return;
    }
    if !meta.is_file() {
        found.push(
            Diagnostic::error_at(&at, format!("{shown} is not a file"))
                .hint("name a file in the captures/ folder"),
        );
        return;
    }
    if meta.len() > config.max_capture_size {
        found.push(
            Diagnostic::error_at(
                &at,
                format!(
                    "the preserved copy {shown} is {}, over the limit of {}",
                    size_text(meta.len()),
                    size_text(config.max_capture_size)
                ),
            )
            .hint("raise `max_capture_size` (bytes) under [build] in dossier.toml, or keep the large copy in a public archive (archive_url)"),
        );
        return;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            found.push(Diagnostic::error_at(
                &at,
                format!("cannot read the preserved copy {shown}: {e}"),
            ));
            return;
        }
    };
    let actual = sha256_hex(&bytes);
    if actual != c.sha256 {
        let place = origin.locate(&c.sha256);
        found.push(
            Diagnostic::error_at(
                &place,
                format!(
                    "the preserved copy {shown} does not match its hash: expected {}, actual {actual}",
                    c.sha256
                ),
            )
            .hint("the file changed after it was recorded: restore the original copy; only if this file is the right copy, record its hash"),
        );
        return;
    }
    c.readable = match c.format() {
        Format::Text => Some(paragraphs::text(
            &String::from_utf8_lossy(&bytes),
            c.lines,
            &c.unnumbered,
        )),
        Format::Html => Some(paragraphs::html(&String::from_utf8_lossy(&bytes))),
        _ => None,
    };
    c.bytes = Bytes(bytes.into());
}
