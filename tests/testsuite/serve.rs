//! `dossier serve` as an editor uses it: the real binary on a free port,
//! edits on disk, plain HTTP requests to 127.0.0.1.

use crate::assert_contains;
use crate::harness::Dossier;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest wait for the server or a rebuild.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts serve on a free port; `tmp` is its temporary folder.
    fn start(d: &Dossier, tmp: &Path) -> Server {
        Server::start_with(d, tmp, &[])
    }

    /// [`Server::start`] with more arguments.
    fn start_with(d: &Dossier, tmp: &Path, args: &[&str]) -> Server {
        Server::spawn(d, tmp, args, &[])
    }

    /// [`Server::start_with`] with environment variables set.
    fn spawn(d: &Dossier, tmp: &Path, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .envs(env.iter().copied())
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(&d.root)
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server { child, port: 0 };
        let line = rx
            .recv_timeout(PATIENCE)
            .expect("serve prints where it serves");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        server
    }

    /// GET `target` exactly as written; (status, body).
    fn get(&self, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = Vec::new();
        s.read_to_end(&mut response).expect("read the response");
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("a response head");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    /// Polls `target` until its body satisfies `ok`; the body.
    fn wait_for(&self, target: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(target);
            if ok(&body) {
                return body;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "waited in vain for {what} at {target}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server as Ctrl+C would.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const EVENT: &str = "content/events/2019-12-27-k1-attack.md";
const PAGE: &str = "/events/2019-12-27-k1-attack/";

fn edit(d: &Dossier, rel: &str, from: &str, to: &str) {
    let path = d.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The generation a page was served at, from its live-reload script.
fn generation(page: &str) -> u64 {
    let at = page.find("live.js?since=").expect("the live-reload script") + 14;
    page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// Opens the reload stream at `since`; a receiver of what it sends.
fn listen(port: u16, since: u64) -> mpsc::Receiver<String> {
    listen_query(port, &format!("since={since}"))
}

/// Opens the reload stream of the page at `path`, served at `since`.
fn listen_page(port: u16, since: u64, path: &str) -> mpsc::Receiver<String> {
    listen_query(
        port,
        &format!("since={since}&page={}", path.replace('/', "%2F")),
    )
}

fn listen_query(port: u16, query: &str) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET /__dossier/events?{query} HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn serve_rebuilds_on_edits_and_overlays_errors() {
    let d = Dossier::fixture("full");
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::start(&d, tmp.path());

    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200);
    assert_contains!(
        page,
        "Rocket attack on K-1 air base, Kirkuk",
        "<script src=\"/__dossier/live.js?since=",
        &format!(
            "http://127.0.0.1:{}/events/2019-12-27-k1-attack/",
            server.port
        )
    );
    assert!(
        !page.contains("example.org"),
        "the served site uses the local address"
    );
    assert!(!page.contains("dossier-error-overlay"));
    let (status, script) = server.get("/__dossier/live.js");
    assert_eq!(status, 200);
    assert_contains!(script, "EventSource", "location.reload()");

    // A page served by an earlier run of serve reloads as soon as it
    // reconnects.
    let stale = listen(server.port, 1);
    assert!(
        std::iter::from_fn(|| stale.recv_timeout(PATIENCE).ok()).any(|l| l == "data: reload"),
        "a stale page is told to reload"
    );

    // An edit: the page changes, and open pages are told to reload.
    let reload = listen(server.port, generation(&page));
    edit(
        &d,
        EVENT,
        "Rocket attack on K-1 air base, Kirkuk",
        "Rockets hit K-1",
    );
    server.wait_for(PAGE, "the new title", |b| b.contains("Rockets hit K-1"));
    let started = Instant::now();
    loop {
        let line = reload
            .recv_timeout(PATIENCE)
            .expect("the reload stream speaks");
        if line == "data: reload" {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "no reload event");
    }

    // A broken edit: the last good site, with the error over every page.
    edit(&d, EVENT, "date = \"2019-12-27\"", "date = \"2019-13-27\"");
    // (A rebuild that read the file half-saved may show other errors for
    // a moment: the overlay of this error is waited for.)
    let broken = server.wait_for(PAGE, "the error overlay", |b| {
        b.contains("dossier-error-overlay") && b.contains("month 13")
    });
    assert_contains!(
        broken,
        "Rockets hit K-1",
        "content/events/2019-12-27-k1-attack.md:3:9",
        "month 13"
    );
    let (_, home) = server.get("/");
    assert_contains!(home, "dossier-error-overlay", "k1-attack.md:3:9");
    let (status, missing) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert_contains!(
        missing,
        "Overridden not-found page",
        "dossier-error-overlay"
    );
    let (_, css) = server.get("/style.css");
    assert!(
        !css.contains("dossier-error-overlay"),
        "only HTML is touched"
    );

    // Fixed: the overlay goes, the edit shows.
    edit(&d, EVENT, "date = \"2019-13-27\"", "date = \"2019-12-27\"");
    let fixed = server.wait_for(PAGE, "the overlay to go", |b| {
        !b.contains("dossier-error-overlay")
    });
    assert_contains!(fixed, "Rockets hit K-1");

    // A new file shows up; a deleted one goes.
    d.write(
        "content/pages/new-page.md",
        "+++\ntitle = \"A new page\"\n+++\nFresh [@rferl-2021].\n",
    );
    server.wait_for("/new-page/", "the new page", |b| b.contains("A new page"));
    std::fs::remove_file(d.root.join("content/pages/new-page.md")).unwrap();
    server.wait_for("/new-page/", "the page to go", |b| {
        b.contains("Overridden not-found page")
    });

    // The dossier's own public/ is never touched.
    assert!(!d.root.join("public").exists());

    // Ctrl+C removes the temporary site.
    server.stop();
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "serve left {left:?} behind");
}

/// Whether `stream` says `data: reload` within `wait`.
fn reloads(stream: &mpsc::Receiver<String>, wait: Duration) -> bool {
    let started = Instant::now();
    while let Some(left) = wait.checked_sub(started.elapsed()) {
        match stream.recv_timeout(left) {
            Ok(line) if line == "data: reload" => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[test]
fn serve_reloads_only_the_pages_an_edit_changed() {
    let d = Dossier::fixture("full");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    let (_, event) = server.get(PAGE);
    let (_, about) = server.get("/about/");
    let event_stream = listen_page(server.port, generation(&event), PAGE);
    let about_stream = listen_page(server.port, generation(&about), "/about/");

    // The event's title: its page reloads (after the quick pass), and the
    // rebuild after it changes the lists of events but not the about page.
    edit(
        &d,
        EVENT,
        "Rocket attack on K-1 air base, Kirkuk",
        "Zanzibarquux attack",
    );
    server.wait_for(PAGE, "the new title", |b| b.contains("Zanzibarquux"));
    assert!(reloads(&event_stream, PATIENCE), "the edited page reloads");
    server.wait_for("/events/", "the rebuilt list", |b| {
        b.contains("Zanzibarquux")
    });
    assert!(
        !reloads(&about_stream, Duration::from_millis(1500)),
        "a page the edit did not change stays as it is"
    );

    // The about page's own edit reloads it.
    edit(
        &d,
        "content/pages/about.md",
        "About this fixture",
        "Zanzibarquux. About this fixture",
    );
    assert!(
        reloads(&about_stream, PATIENCE),
        "the about page reloads after its own edit"
    );
}

/// An edit made while the rebuild for the one before is still loading the
/// dossier is served at once, not after that rebuild: the rebuild gives up.
/// The test holds every load after the first build while a file exists
/// (`DOSSIER_SERVE_TEST_HOLD`), as a dossier of 100,000 events takes
/// seconds to load.
#[test]
fn serve_shows_an_edit_made_while_a_rebuild_loads_without_waiting_for_it() {
    let d = Dossier::fixture("full");
    let tmp = tempfile::tempdir().unwrap();
    let hold = tmp.path().join("hold");
    let server = Server::spawn(&d, tmp.path(), &[], &[("DOSSIER_SERVE_TEST_HOLD", &hold)]);
    std::fs::write(&hold, "").unwrap();

    // The first edit's page, from its quick pass; its rebuild then loads,
    // held.
    edit(
        &d,
        EVENT,
        "Rocket attack on K-1 air base, Kirkuk",
        "Zanzibarquux attack",
    );
    server.wait_for(PAGE, "the first edit", |b| b.contains("Zanzibarquux"));
    // The second edit, while that rebuild still loads: served all the same.
    edit(&d, EVENT, "Zanzibarquux attack", "Quuxzanzibar attack");
    server.wait_for(PAGE, "the edit made while a rebuild loads", |b| {
        b.contains("Quuxzanzibar")
    });
    // Neither rebuild has finished: the list of events, which only a
    // rebuild writes, still has the old title.
    let (_, events) = server.get("/events/");
    assert_contains!(events, "Rocket attack on K-1 air base, Kirkuk");
    assert!(!events.contains("Quuxzanzibar"), "{events}");

    // Let loads go on: the rebuild after the second edit writes the rest.
    std::fs::remove_file(&hold).unwrap();
    server.wait_for("/events/", "the rebuilt list", |b| {
        b.contains("Quuxzanzibar")
    });
    let (_, page) = server.get(PAGE);
    assert!(!page.contains("Zanzibarquux"), "{page}");
}

#[test]
fn serve_refuses_paths_outside_the_site() {
    let d = Dossier::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    // Something worth stealing beside the served folder.
    std::fs::write(tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(&d, tmp.path());
    assert_eq!(server.get("/").0, 200);
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/events/../../secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/%00",
        "http://127.0.0.1/../secret.txt",
    ] {
        let (status, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target}"
        );
    }
}

#[test]
fn serve_answers_only_get_and_head() {
    let d = Dossier::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    let raw = |request: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    let head = raw("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
    let post = raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    let garbage = raw("hello\r\n\r\n");
    assert!(garbage.starts_with("HTTP/1.1 400"), "{garbage}");
    let (status, _) = server.get("/data/events.json");
    assert_eq!(status, 200);
}

#[test]
fn serve_reports_a_busy_port_or_a_missing_folder() {
    let d = Dossier::fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = d.run(&["serve", "--port", &port]).expect(1);
    assert_contains!(run.stderr, "cannot listen on 127.0.0.1:", "--port");

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(d.root.join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_contains!(String::from_utf8_lossy(&out.stderr), "no such folder");
}

#[test]
fn serve_starts_on_a_broken_dossier_and_recovers() {
    let d = Dossier::fixture("full");
    edit(&d, EVENT, "date = \"2019-12-27\"", "date = \"2019-12-99\"");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    let (status, page) = server.get("/");
    assert_eq!(status, 404);
    assert_contains!(
        page,
        "dossier-error-overlay",
        "does not build yet",
        "content/events/2019-12-27-k1-attack.md:3:9"
    );
    edit(&d, EVENT, "date = \"2019-12-99\"", "date = \"2019-12-27\"");
    server.wait_for("/", "the site", |b| !b.contains("dossier-error-overlay"));
    assert_eq!(server.get(PAGE).0, 200);
}

#[test]
fn serve_as_of_a_day_keeps_the_edition_through_edits() {
    let d = Dossier::fixture("editions");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_with(&d, tmp.path(), &["--as-of", "2019-12-29"]);
    let page = "/events/2019-12-27-rocket-attack/";
    let (status, body) = server.get(page);
    assert_eq!(status, 200);
    assert_contains!(body, "<div class=\"as-of-notice\" role=\"note\">");
    assert!(!body.contains("Officials blamed"), "{body}");
    // An edit of the title alone would take the quick path of a normal
    // serve, which reads the event whole: the edition must stay reduced.
    edit(
        &d,
        "content/events/2019-12-27-rocket-attack.md",
        "Rocket attack on the base",
        "Zanzibarquux attack",
    );
    let body = server.wait_for(page, "the new title", |b| b.contains("Zanzibarquux"));
    assert_contains!(body, "as-of-notice");
    assert!(!body.contains("Officials blamed"), "{body}");
    assert!(!body.contains("contractor and soldiers"), "{body}");
    let (status, _) = server.get("/events/2020-01-03-strike/");
    assert_eq!(status, 404);
}

/// Sends `bytes` on a new connection and reads the whole answer; the
/// answer and how long it took. A reset connection fails the test.
fn exchange(port: u16, bytes: &[u8]) -> (String, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s.write_all(bytes).unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response)
        .expect("an answer, not a reset connection");
    (
        String::from_utf8_lossy(&response).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn serve_answers_over_long_requests_with_431() {
    let d = Dossier::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(40_000));
    let (answer, _) = exchange(server.port, long_line.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(40_000)
    );
    let (answer, _) = exchange(server.port, long_header.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    assert_eq!(server.get("/").0, 200);
}

/// A client sending a byte every two seconds is dropped when the whole
/// request's deadline (10 s) is over, not kept as long as it trickles.
#[test]
fn serve_drops_a_client_that_trickles_its_request() {
    let d = Dossier::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut answer = Vec::new();
    let mut closed = false;
    for b in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa"
        .iter()
        .cycle()
    {
        if s.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        // Two seconds between bytes, watching for the server's answer.
        let wait = Instant::now();
        while wait.elapsed() < Duration::from_secs(2) {
            let mut buf = [0u8; 512];
            match s.read(&mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(n) => answer.extend_from_slice(&buf[..n]),
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => {
                    closed = true;
                    break;
                }
            }
        }
        if closed || started.elapsed() > Duration::from_secs(30) {
            break;
        }
    }
    assert!(closed, "still connected after {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(16),
        "dropped only after {:?}",
        started.elapsed()
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// Live-reload streams are capped: the one over the limit gets a 503
/// with Retry-After, and closing one lets another in.
#[test]
fn serve_caps_the_live_reload_streams() {
    let d = Dossier::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    // Streams from the current generation stay open, waiting for a change.
    let since = generation(&server.get("/").1);
    let open = |port: u16| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET /__dossier/events?since={since} HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        let mut first = String::new();
        BufReader::new(s.try_clone().unwrap())
            .read_line(&mut first)
            .unwrap();
        (s, first)
    };
    let mut streams = Vec::new();
    for _ in 0..64 {
        let (s, first) = open(server.port);
        assert!(first.starts_with("HTTP/1.1 200"), "{first}");
        streams.push(s);
    }
    let (_, first) = open(server.port);
    assert!(first.starts_with("HTTP/1.1 503"), "{first}");
    // Pages are still served.
    assert_eq!(server.get("/").0, 200);
    drop(streams.pop());
    let started = Instant::now();
    loop {
        let (_, first) = open(server.port);
        if first.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "a closed stream was never freed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A template that includes itself is an error in the overlay; the last
/// good site is still served and the server lives on.
#[test]
fn serve_overlays_a_recursive_template_and_keeps_the_last_site() {
    let d = Dossier::fixture("full");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&d, tmp.path());
    assert_eq!(server.get(PAGE).0, 200);
    d.write(
        "templates/event.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% include \"event.html\" %}\n{% endblock content %}\n",
    );
    let page = server.wait_for(PAGE, "the error overlay", |b| {
        b.contains("dossier-error-overlay")
    });
    assert_contains!(page, "templates/event.html", "includes `event.html`");
    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200, "the last good page is still served");
    assert_contains!(page, "2019-12-27");
}
