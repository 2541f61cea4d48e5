//! `dossier capture SOURCE FILE`: preserves a copy of a source. The file is
//! copied into `captures/` (never over another file), hashed, and a
//! `[[source.capture]]` table is added to the source's record in
//! `data/sources.toml`, the rest of the file left as it was written.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config;
use crate::evidence::{self, Format, headers};
use std::path::Path;

/// What to record besides the file.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// `--url`.
    pub url: Option<&'a str>,
    /// `--captured-at`.
    pub captured_at: Option<&'a str>,
    /// `--tool`.
    pub tool: Option<&'a str>,
}

/// Runs the command; the exit status.
pub fn run(root: &Path, source: &str, file: &Path, options: &Options) -> i32 {
    match capture(root, source, file, options) {
        Ok(done) => {
            println!("{done}");
            0
        }
        Err(d) => {
            let mut diags = Diagnostics::default();
            diags.absorb(d);
            super::print_human(root, &diags, 0);
            1
        }
    }
}

fn capture(
    root: &Path,
    source: &str,
    file: &Path,
    options: &Options,
) -> Result<String, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(config) = config::load(root, &mut diags) else {
        return Err(diags
            .sorted()
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                Diagnostic::error(config::CONFIG_FILE, "cannot read the configuration")
            })
            .into());
    };
    let shown = file.display().to_string();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Diagnostic::error(&shown, "FILE names no file"))?;
    evidence::check_path(&name).map_err(|e| {
        Diagnostic::error(&shown, e).hint("rename the file: a plain name, not starting with a dot")
    })?;
    let meta = std::fs::metadata(file)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(&shown, "this is not a file").into());
    }
    if meta.len() > config.max_capture_size {
        return Err(Diagnostic::error(
            &shown,
            format!(
                "the file is {}, over the limit of {} for a capture",
                evidence::size_text(meta.len()),
                evidence::size_text(config.max_capture_size)
            ),
        )
        .hint("raise `max_capture_size` (bytes) under [build] in dossier.toml")
        .into());
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    let sha256 = evidence::sha256_hex(&bytes);

    // What the file says about itself, unless the command line says more.
    let found = match Format::of(&name) {
        Format::Mhtml => headers::mhtml(&bytes),
        Format::Warc => headers::warc(&bytes),
        _ => headers::Found::default(),
    };
    let url = options
        .url
        .map(str::to_string)
        .or(found.url)
        .unwrap_or_default();
    let lower = url.to_ascii_lowercase();
    if !(url.is_empty() || lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(
            Diagnostic::error("--url", format!("`{url}` is not a web address"))
                .hint("write an address starting with https:// or http://")
                .into(),
        );
    }
    let (captured_at, when_from) = match (options.captured_at, found.captured_at) {
        (Some(t), _) => (t.trim().to_string(), "--captured-at"),
        (None, Some(t)) => (t, "the file's own headers"),
        (None, None) => {
            let modified = meta.modified().ok().and_then(|m| {
                let secs = m.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
                chrono::DateTime::from_timestamp(secs as i64, 0)
            });
            let Some(t) = modified else {
                return Err(Diagnostic::error(
                    &shown,
                    "the file does not say when it was captured",
                )
                .hint("pass --captured-at 2031-07-10T14:02:00Z")
                .into());
            };
            (
                t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "the file's modification time (pass --captured-at to set it)",
            )
        }
    };
    evidence::parse_time(&captured_at).map_err(|e| {
        Diagnostic::error("--captured-at", e)
            .hint("write the time in UTC, e.g. 2031-07-10T14:02:00Z")
    })?;

    // Where the record goes, before anything is written.
    let rel = "data/sources.toml";
    let toml_path = root.join(rel);
    let text = if toml_path.is_file() {
        crate::load::read_text(root, &toml_path, config.max_file_size)?
    } else {
        String::new()
    };
    let at = insertion_point(&text, source).ok_or_else(|| {
        Diagnostic::error(
            rel,
            format!(
                "data/sources.toml has no [[source]] with id = \"{source}\"; nothing was written"
            ),
        )
        .hint("add the source first (`dossier new source TITLE`), or correct SOURCE_ID")
    })?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| crate::load::toml_diagnostic(rel, &text, &e, 1))?;
    let already = table
        .get("source")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .filter(|s| s.get("id").and_then(|i| i.as_str()) == Some(source))
        .flat_map(|s| {
            s.get("capture")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
        })
        .any(|c| c.get("file").and_then(|f| f.as_str()) == Some(name.as_str()));
    if already {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the source `{source}` already records the capture `{name}`; nothing was written"
            ),
        )
        .hint("rename the new file to keep both copies")
        .into());
    }
    let mut entry = String::from("\n[[source.capture]]\n");
    let mut field = |key: &str, value: &str| {
        entry.push_str(key);
        entry.push_str(" = ");
        entry.push_str(&toml::Value::String(value.to_string()).to_string());
        entry.push('\n');
    };
    field("file", &name);
    if !url.is_empty() {
        field("url", &url);
    }
    field("captured_at", &captured_at);
    field("sha256", &sha256);
    if let Some(tool) = options.tool.filter(|t| !t.is_empty()) {
        field("tool", tool);
    }
    let mut new_text = String::with_capacity(text.len() + entry.len() + 1);
    new_text.push_str(&text[..at]);
    if !new_text.is_empty() && !new_text.ends_with('\n') {
        new_text.push('\n');
    }
    new_text.push_str(&entry);
    new_text.push_str(&text[at..]);
    // The result must parse, with the new table on the right source.
    let check: toml::Table = toml::from_str(&new_text).map_err(|e| {
        Diagnostic::error(
            rel,
            format!("cannot add the capture here: {}", e.message().trim()),
        )
        .hint("add the [[source.capture]] table by hand under the source's record")
    })?;
    let placed = check
        .get("source")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .find(|s| s.get("id").and_then(|i| i.as_str()) == Some(source))
        .and_then(|s| {
            s.get("capture")?
                .as_array()?
                .last()?
                .get("file")?
                .as_str()
                .map(str::to_string)
        });
    if placed.as_deref() != Some(name.as_str()) {
        return Err(Diagnostic::error(
            rel,
            "cannot tell where this source's record ends; nothing was written",
        )
        .hint("add the [[source.capture]] table by hand under the source's record")
        .into());
    }

    // The copy: never over another file.
    let dir = root.join(evidence::FOLDER);
    let dest = dir.join(&name);
    let dest_shown = format!("{}/{name}", evidence::FOLDER);
    let mut copied = false;
    match std::fs::symlink_metadata(&dest) {
        Ok(_) => {
            let same = std::fs::read(&dest).is_ok_and(|b| b == bytes);
            if !same {
                return Err(Diagnostic::error(
                    &dest_shown,
                    "captures/ already holds a different file of this name; nothing was written",
                )
                .hint("rename the new file (a preserved copy is never replaced)")
                .into());
            }
        }
        Err(_) => {
            let fail =
                |e: std::io::Error| Diagnostic::error(&dest_shown, format!("cannot write: {e}"));
            std::fs::create_dir_all(&dir).map_err(fail)?;
            write_new(&dest, &bytes).map_err(fail)?;
            copied = true;
        }
    }
    let tmp = toml_path.with_extension("toml.capture-tmp");
    let written = std::fs::create_dir_all(root.join("data"))
        .and_then(|()| std::fs::write(&tmp, &new_text))
        .and_then(|()| std::fs::rename(&tmp, &toml_path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        if copied {
            let _ = std::fs::remove_file(&dest);
        }
        return Err(Diagnostic::error(rel, format!("cannot write: {e}")).into());
    }
    Ok(format!(
        "Preserved {dest_shown} ({} bytes, SHA-256 {sha256}) for `{source}`, captured {captured_at} (from {when_from}){}.\nRecorded in {rel}.",
        bytes.len(),
        if url.is_empty() {
            String::new()
        } else {
            format!(" from {url}")
        },
    ))
}

/// Writes a new file, failing if one appeared meanwhile.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The byte offset after the last line of the `[[source]]` table whose id
/// is `id` (its sub-tables included), before the blank lines and comments
/// that lead to the next table; `None` when no such table.
pub(crate) fn insertion_point(text: &str, id: &str) -> Option<usize> {
    let mut offset = 0;
    let mut in_source = false;
    let mut found = false;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let start = offset;
        offset += line.len();
        if t.starts_with('[') {
            let header: String = t
                .split('#')
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if found && header != "[[source.capture]]" {
                return Some(end);
            }
            in_source = header == "[[source]]";
            if found {
                end = offset;
            }
            let _ = start;
            continue;
        }
        if found {
            if !t.is_empty() && !t.starts_with('#') {
                end = offset;
            }
            continue;
        }
        if in_source && let Some(rest) = t.strip_prefix("id") {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.split('#').next().unwrap_or("").trim();
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                if value == id {
                    found = true;
                    end = offset;
                }
            }
        }
    }
    found.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::insertion_point;

    #[test]
    fn after_the_source_and_its_captures() {
        let text = "# head\n[[source]]\nid = \"a\"\ntitle = \"A\"\n\n# next\n[[source]]\nid = \"b\"\n[[source.capture]]\nfile = \"x\"\n\n[[source]]\nid = \"c\"\n";
        let a = insertion_point(text, "a").unwrap();
        assert_eq!(
            &text[..a],
            "# head\n[[source]]\nid = \"a\"\ntitle = \"A\"\n"
        );
        let b = insertion_point(text, "b").unwrap();
        assert!(text[..b].ends_with("file = \"x\"\n"));
        assert_eq!(insertion_point(text, "c"), Some(text.len()));
        assert_eq!(insertion_point(text, "d"), None);
    }
}
