//! The address and time a web archive file records about itself: an MHTML
//! file's `Snapshot-Content-Location` (or `Content-Location`) and `Date`
//! headers, a WARC file's `WARC-Target-URI` and `WARC-Date` of its first
//! response record.

/// What a capture file says about where and when it was taken.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// The page's address.
    pub url: Option<String>,
    /// When, RFC 3339 in UTC.
    pub captured_at: Option<String>,
}

/// Reads an MHTML file's top-level headers (a MIME message's, before the
/// first blank line; folded lines joined).
pub(crate) fn mhtml(bytes: &[u8]) -> Found {
    let head = header_block(bytes, 0);
    let mut found = Found::default();
    let mut location = None;
    for (name, value) in &head {
        match name.to_ascii_lowercase().as_str() {
            "snapshot-content-location" => found.url = Some(value.clone()),
            "content-location" => location = Some(value.clone()),
            "date" => found.captured_at = rfc2822_to_utc(value),
            _ => {}
        }
    }
    if found.url.is_none() {
        // Some writers put the page's address only on its first part.
        found.url = location.or_else(|| {
            let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]);
            text.lines()
                .find_map(|l| l.strip_prefix("Content-Location:"))
                .map(|v| v.trim().to_string())
        });
    }
    found.url = found.url.filter(|u| !u.is_empty());
    found
}

/// Reads a WARC file's records until its first `response` (or `resource`)
/// record: that record's target and date.
pub(crate) fn warc(bytes: &[u8]) -> Found {
    let mut at = 0;
    let mut first_target = None;
    while at < bytes.len() {
        // Records start with a version line, then headers, a blank line,
        // `Content-Length` bytes of block, and two line breaks.
        let Some(line_end) = find(&bytes[at..], b"\n") else {
            break;
        };
        let version = String::from_utf8_lossy(&bytes[at..at + line_end]);
        if !version.trim().starts_with("WARC/") {
            break;
        }
        let start = at + line_end + 1;
        let head = header_block(bytes, start);
        let get = |name: &str| {
            head.iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let kind = get("WARC-Type").unwrap_or_default();
        let target = get("WARC-Target-URI").map(|t| t.trim_matches(['<', '>']).to_string());
        if matches!(kind.as_str(), "response" | "resource") {
            return Found {
                url: target,
                captured_at: get("WARC-Date").and_then(|d| normalise_rfc3339(&d)),
            };
        }
        if first_target.is_none() {
            first_target = target;
        }
        let Some(body) = find(&bytes[start..], b"\r\n\r\n")
            .map(|i| start + i + 4)
            .or_else(|| find(&bytes[start..], b"\n\n").map(|i| start + i + 2))
        else {
            break;
        };
        let length: usize = get("Content-Length")
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        at = body.saturating_add(length);
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
    }
    Found {
        url: first_target,
        captured_at: None,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The headers from `start` to the first blank line, folded lines joined.
fn header_block(bytes: &[u8], start: usize) -> Vec<(String, String)> {
    let end = bytes.len().min(start + (256 << 10));
    let text = String::from_utf8_lossy(&bytes[start.min(end)..end]);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    out
}

/// An RFC 2822 date ("Fri, 10 Jul 2031 16:02:00 +0200") as RFC 3339 UTC.
fn rfc2822_to_utc(s: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc2822(s.trim()).ok()?;
    Some(t.naive_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// An RFC 3339 time (a WARC-Date), in UTC, seconds kept as written.
fn normalise_rfc3339(s: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(s.trim()).ok()?;
    Some(t.naive_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mhtml_headers() {
        let file = b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a\r\nSubject: A\r\nDate: Thu, 10 Jul 2031 16:02:00 +0200\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"x\"\r\n\r\n--x\r\nContent-Location: https://example.org/other\r\n";
        assert_eq!(
            mhtml(file),
            Found {
                url: Some("https://example.org/a".into()),
                captured_at: Some("2031-07-10T14:02:00Z".into())
            }
        );
        let part_only =
            b"MIME-Version: 1.0\r\n\r\n--x\r\nContent-Location: https://example.org/p\r\n";
        assert_eq!(
            mhtml(part_only).url.as_deref(),
            Some("https://example.org/p")
        );
    }

    #[test]
    fn warc_response_record() {
        let info = "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2031-07-10T14:00:00Z\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
        let resp = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <https://example.org/w>\r\nWARC-Date: 2031-07-10T14:02:03Z\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
        let f = warc(format!("{info}{resp}").as_bytes());
        assert_eq!(f.url.as_deref(), Some("https://example.org/w"));
        assert_eq!(f.captured_at.as_deref(), Some("2031-07-10T14:02:03Z"));
    }
}
