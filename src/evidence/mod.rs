//! Preserved copies of sources (`[[source.capture]]`): the Berkeley
//! Protocol's URL, copy, time of capture and hash. Each build reads every
//! copy under `captures/`, hashes it and compares the hash with the record,
//! so a copy changed after it was recorded fails the build.

use crate::base::diagnostics::Problem;
pub(crate) mod headers;
pub(crate) mod locator;
pub(crate) mod paragraphs;

pub(crate) use paragraphs::{Piece, Readable};

use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The folder of preserved copies, below the dossier's root.
pub(crate) const FOLDER: &str = "captures";

/// A preserved copy of a source.
#[derive(Debug, Clone)]
pub(crate) struct Capture {
    /// Path relative to `captures/`, with `/` separators.
    pub file: String,
    /// The address the copy was taken from.
    pub url: String,
    /// When it was taken, as written (RFC 3339, UTC).
    pub captured_at: String,
    /// The day it was taken, for the date checks.
    pub captured_day: Option<chrono::NaiveDate>,
    /// SHA-256 as recorded, lowercase hex.
    pub sha256: String,
    /// What took it.
    pub tool: String,
    /// A public archive's copy.
    pub archive_url: String,
    /// The editor's note.
    pub note: String,
    /// Text copies: every line is a paragraph (else blank lines separate them).
    pub lines: bool,
    /// Text copies: lines shown but not numbered.
    pub unnumbered: Vec<usize>,
    /// Its bytes, read by [`verify`] (empty before).
    pub bytes: Bytes,
    /// A text or HTML copy's paragraphs, made by [`verify`].
    pub readable: Option<Readable>,
}

impl Capture {
    /// What sort of file the copy is, by its name.
    pub(crate) fn format(&self) -> Format {
        Format::of(&self.file)
    }
}

/// A file's bytes, shared; `Debug` shows only their length.
#[derive(Clone, Default)]
pub(crate) struct Bytes(pub Arc<[u8]>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({})", self.0.len())
    }
}

/// The kinds of copy dossier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Plain text (`.txt`, `.text`, `.md`).
    Text,
    /// A web page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A web archive of one page (`.mhtml`, `.mht`).
    Mhtml,
    /// A WARC file (`.warc`).
    Warc,
    /// Anything else (PDF, image ...): published and hashed only.
    Other,
}

impl Format {
    /// By the file name's extension.
    pub(crate) fn of(file: &str) -> Format {
        let ext = file
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" | "md" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "mhtml" | "mht" => Format::Mhtml,
            "warc" => Format::Warc,
            _ => Format::Other,
        }
    }

    /// The word pages show.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Mhtml => "MHTML",
            Format::Warc => "WARC",
            Format::Other => "file",
        }
    }
}

/// Whether `file` is a plain relative path below `captures/`: no `..`, no
/// root, no backslash, no empty or hidden part.
pub(crate) fn check_path(file: &str) -> Result<(), Problem> {
    if file.trim().is_empty() {
        return Err("the capture has no `file`".into());
    }
    if file.starts_with('/') || file.contains('\\') || file.contains(':') {
        return Err(format!(
            "`{file}` is not a path inside captures/: write it relative to the captures/ folder"
        )
        .into());
    }
    for part in file.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.starts_with('.') {
            return Err(format!(
                "`{file}` points outside captures/ or at a hidden file: write a plain path inside the captures/ folder"
            ).into());
        }
        if part.chars().any(char::is_control) {
            return Err(format!("`{file}` has a control character in its name").into());
        }
    }
    Ok(())
}

/// Whether `s` is a SHA-256 in hex.
pub(crate) fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// Parses a `captured_at`: RFC 3339 in UTC.
pub(crate) fn parse_time(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, Problem> {
    let t = chrono::DateTime::parse_from_rfc3339(s.trim())
        .map_err(|_| format!("`{s}` is not an RFC 3339 time: write it as 2031-07-10T14:02:00Z"))?;
    if t.offset().local_minus_utc() != 0 {
        return Err(format!(
            "`{s}` is not in UTC: write the time in UTC, ending in Z (e.g. {})",
            t.naive_utc().format("%Y-%m-%dT%H:%M:%SZ")
        )
        .into());
    }
    Ok(t)
}

pub(crate) use crate::base::files::size_text;

/// Today, UTC, from the system clock: used only for warnings.
pub(crate) fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(secs as i64, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// `file` as a URL path: each part percent-encoded where needed.
pub(crate) fn url_path(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_as_sha256sum_prints_them() {
        assert_eq!(
            sha256_hex(b"test"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        assert!(check_path("a.txt").is_ok());
        assert!(check_path("2021/a b.html").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../a.txt",
            "a/../../b",
            "a\\b",
            ".hidden",
            "a//b",
            "C:x",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_are_utc() {
        assert!(parse_time("2031-07-10T14:02:00Z").is_ok());
        assert!(parse_time("2031-07-10T14:02:00+00:00").is_ok());
        assert!(parse_time("2031-07-10T14:02:00+02:00").is_err());
        assert!(parse_time("2031-07-10").is_err());
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of("a.TXT"), Format::Text);
        assert_eq!(Format::of("a.htm"), Format::Html);
        assert_eq!(Format::of("a.mht"), Format::Mhtml);
        assert_eq!(Format::of("a.warc"), Format::Warc);
        assert_eq!(Format::of("a.pdf"), Format::Other);
        assert_eq!(url_path("a b/é.txt"), "a%20b/%C3%A9.txt");
    }
}
