//! A small HTTP/1.1 server for the local site: GET and HEAD of files under
//! the output folder, a server-sent-events stream that tells open pages to
//! reload, and the live-reload script. Bound to the editor's machine only;
//! every response closes its connection.
//!
//! Hand-written on `std::net` rather than a crate: the server needs the raw
//! request target to refuse `..` in every spelling, and a held-open stream
//! for server-sent events, both simplest on a plain socket.

use super::inject::{self, EVENTS_PATH, SCRIPT_PATH};
use super::{Shared, Status};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Longest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// How often an idle event stream sends a comment, so that proxies and the
/// browser keep it open and a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The whole time a client has to send its request head: a client sending
/// a byte now and then is dropped when it is over, not kept forever.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Most event streams (live reload) held open at once; each holds a
/// thread. A browser opens one per tab.
pub(super) const MAX_STREAMS: usize = 64;
/// Event streams open now.
static STREAMS: AtomicUsize = AtomicUsize::new(0);

/// Serves one connection.
pub(super) fn handle(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(reader) = stream.try_clone() else {
        return;
    };
    let reader = Deadline {
        stream: reader,
        until: Instant::now() + HEAD_DEADLINE,
    };
    let (method, target) = match read_head(BufReader::new(reader)) {
        Ok(head) => head,
        Err(Refused::TooLong) => {
            let _ = respond(
                &stream,
                431,
                "text/plain",
                b"request header fields too large\n",
                false,
                &[],
            );
            return drain(&stream);
        }
        Err(Refused::TooSlow) => {
            let _ = respond(&stream, 408, "text/plain", b"request timeout\n", false, &[]);
            return drain(&stream);
        }
        Err(Refused::Bad) => {
            let _ = respond(&stream, 400, "text/plain", b"bad request\n", false, &[]);
            return drain(&stream);
        }
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let _ = respond(
            &stream,
            405,
            "text/plain",
            b"only GET and HEAD\n",
            head_only,
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    if path == EVENTS_PATH {
        // One more stream than allowed is refused; the page's script
        // tries again later.
        let open = STREAMS.fetch_add(1, Ordering::SeqCst);
        let _guard = StreamGuard;
        if open >= MAX_STREAMS {
            let _ = respond(
                &stream,
                503,
                "text/plain",
                b"too many live-reload streams open\n",
                head_only,
                &[("Retry-After", "5")],
            );
            return;
        }
        events(stream, shared, query);
        return;
    }
    if path == SCRIPT_PATH {
        let _ = respond(
            &stream,
            200,
            "text/javascript; charset=utf-8",
            inject::SCRIPT.as_bytes(),
            head_only,
            &[],
        );
        return;
    }
    let status = shared.status();
    match resolve(&shared.site, path) {
        Found::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let ctype = content_type(&file);
                let body = if ctype.starts_with("text/html") {
                    inject::into_page(&bytes, &status)
                } else {
                    bytes
                };
                let _ = respond(&stream, 200, ctype, &body, head_only, &[]);
            }
            Err(_) => not_found(&stream, shared, &status, head_only),
        },
        Found::Redirect(location) => {
            let _ = respond(
                &stream,
                301,
                "text/plain",
                b"moved\n",
                head_only,
                &[("Location", &location)],
            );
        }
        Found::Nothing => not_found(&stream, shared, &status, head_only),
    }
}

/// Counts an event stream as closed when dropped.
struct StreamGuard;

impl Drop for StreamGuard {
    fn drop(&mut self) {
        STREAMS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A socket whose reads fail once `until` has passed, however the bytes
/// trickle in (a read timeout alone restarts with every byte).
struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Why a request head was refused.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// Longer than [`MAX_HEAD`]: 431.
    TooLong,
    /// Not all sent within [`HEAD_DEADLINE`]: 408.
    TooSlow,
    /// Not HTTP/1: 400.
    Bad,
}

/// After an error response, reads (and drops) what the client still sends
/// for a moment before closing: closing a socket with unread bytes resets
/// the connection, and the client would lose the response.
fn drain(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(1);
    let mut buf = [0u8; 8192];
    let mut left = 1 << 20;
    let mut s = stream;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || s.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => left -= n.min(left),
        }
    }
}

/// Reads the request line and headers; (method, target).
fn read_head(mut reader: impl BufRead) -> Result<(String, String), Refused> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = (&mut reader)
            .take((MAX_HEAD - head.len()) as u64)
            .read_until(b'\n', &mut line)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Refused::TooSlow,
                _ => Refused::Bad,
            })?;
        if n == 0 {
            return Err(Refused::Bad);
        }
        if !line.ends_with(b"\n") {
            return Err(if head.len() + line.len() >= MAX_HEAD {
                Refused::TooLong
            } else {
                Refused::Bad
            });
        }
        let blank = line == b"\r\n" || line == b"\n";
        head.extend_from_slice(&line);
        if blank {
            break;
        }
    }
    let head = String::from_utf8(head).map_err(|_| Refused::Bad)?;
    let mut parts = head.lines().next().ok_or(Refused::Bad)?.split(' ');
    let method = parts.next().ok_or(Refused::Bad)?.to_string();
    let target = parts.next().ok_or(Refused::Bad)?.to_string();
    parts
        .next()
        .is_some_and(|v| v.starts_with("HTTP/1."))
        .then_some((method, target))
        .ok_or(Refused::Bad)
}

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// A file to send.
    File(PathBuf),
    /// A folder asked for without its trailing `/`.
    Redirect(String),
    /// Nothing, or something outside the site.
    Nothing,
}

/// Maps a request path onto a file of the site. Percent-escapes are decoded
/// once; a `..` or `.` segment, an empty segment (`//etc`), a backslash, a
/// NUL or a target that is not an absolute path names nothing, and so does
/// anything that, links followed, lies outside `site`.
pub(super) fn resolve(site: &Path, path: &str) -> Found {
    let Some(rest) = path.strip_prefix('/') else {
        return Found::Nothing;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Found::Nothing;
    };
    if decoded.contains(['\\', '\0']) {
        return Found::Nothing;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        if empty_inside || *s == ".." || *s == "." || s.contains(':') {
            return Found::Nothing;
        }
    }
    let mut file = site.to_path_buf();
    for s in segments.iter().filter(|s| !s.is_empty()) {
        file.push(s);
    }
    if file.is_dir() {
        if !decoded.is_empty() && !decoded.ends_with('/') {
            return Found::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    let (Ok(real), Ok(base)) = (file.canonicalize(), site.canonicalize()) else {
        return Found::Nothing;
    };
    if real.starts_with(&base) && real.is_file() {
        Found::File(real)
    } else {
        Found::Nothing
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are
/// not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site's own 404 page with status 404.
fn not_found(stream: &TcpStream, shared: &Shared, status: &Status, head_only: bool) {
    let page = std::fs::read(shared.site.join("404.html"))
        .unwrap_or_else(|_| b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec());
    let body = inject::into_page(&page, status);
    let _ = respond(
        stream,
        404,
        "text/html; charset=utf-8",
        &body,
        head_only,
        &[],
    );
}

fn respond(
    mut stream: &TcpStream,
    code: u16,
    ctype: &str,
    body: &[u8],
    head_only: bool,
    headers: &[(&str, &str)],
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let mut head = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The reload stream: `data: reload` as soon as a generation newer than
/// the one the page was served at (`since=N`) changed the page (`page=`,
/// its path) or what every page shows, comments meanwhile.
fn events(mut stream: TcpStream, shared: &Shared, query: &str) {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let since: u64 = param("since").and_then(|v| v.parse().ok()).unwrap_or(0);
    let page = param("page")
        .and_then(percent_decode)
        .and_then(|path| page_file(&shared.site, &path));
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: dossier live reload\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = since;
    loop {
        let (message, done): (&[u8], bool) =
            match shared.wait_reload(seen, page.as_deref(), KEEP_ALIVE) {
                Ok(()) => (b"data: reload\n\n", true),
                Err(newest) => {
                    seen = newest;
                    (b": keep-alive\n\n", false)
                }
            };
        if stream
            .write_all(message)
            .and_then(|_| stream.flush())
            .is_err()
            || done
        {
            return;
        }
    }
}

/// The file of the site a page's path serves, relative to the site (as
/// rebuilds name them); `None` for a path that serves no file.
fn page_file(site: &Path, path: &str) -> Option<String> {
    let Found::File(file) = resolve(site, path) else {
        return None;
    };
    let base = site.canonicalize().ok()?;
    let rel = file.strip_prefix(&base).ok()?;
    Some(crate::load::relative(Path::new(""), rel))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("events/x")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("events/x/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let file = |p: &str| Found::File(site.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&site, "/"), file("index.html"));
        assert_eq!(resolve(&site, "/events/x/"), file("events/x/index.html"));
        assert_eq!(resolve(&site, "/events/%78/"), file("events/x/index.html"));
        assert_eq!(
            resolve(&site, "/events/x"),
            Found::Redirect("/events/x/".into())
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/events/../../secret.txt",
            "//etc/passwd",
            "/..%5csecret.txt",
            "/%00",
            "/%zz",
            "/%c0%ae%c0%ae/secret.txt",
            "/C:/x",
            "secret.txt",
            "/nothing-here",
        ] {
            assert_eq!(resolve(&site, bad), Found::Nothing, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_site_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
        assert_eq!(resolve(&site, "/link.txt"), Found::Nothing);
    }

    #[test]
    fn reads_a_request_head() {
        let head = b"GET /a%20b?x=1 HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(
            read_head(&head[..]),
            Ok(("GET".into(), "/a%20b?x=1".into()))
        );
        assert_eq!(read_head(&b"GET /\r\n\r\n"[..]), Err(Refused::Bad));
        assert_eq!(
            read_head(&b"GET / HTTP/1.1\r\nHost: x"[..]),
            Err(Refused::Bad)
        );
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read_head(long.as_bytes()), Err(Refused::TooLong));
    }
}
