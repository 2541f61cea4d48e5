//! Reading the dossier's files: UTF-8 text under a size limit, and paths as
//! messages show them.

use super::diagnostics::Diagnostic;
use super::position::line_col;
use std::path::Path;

/// The file name of the configuration.
pub(crate) const CONFIG_FILE: &str = "dossier.toml";

/// Default `[build] max_file_size`: 10 MiB.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Reads a file as UTF-8 text, refusing files over `max` bytes.
pub(crate) fn read_text(root: &Path, path: &Path, max: u64) -> Result<String, Diagnostic> {
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
                "the file is {}, over the limit of {}",
                size_text(meta.len()),
                size_text(max)
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
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A size as people read it: bytes under a MiB, else MiB.
pub(crate) fn size_text(n: u64) -> String {
    if n < 1 << 20 {
        format!("{n} bytes")
    } else {
        format!("{:.1} MiB", n as f64 / 1048576.0)
    }
}
