//! `dossier serve`: build into a temporary folder, serve it on the local
//! machine, rebuild on every change and reload the open pages. A broken edit
//! keeps the last good site and shows the error in the terminal and over
//! every page.

mod http;
mod inject;
mod watch;

/// `eprintln!` that never panics: a closed terminal must not stop the
/// server (or its Ctrl+C handler).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

use super::{Overrides, print_human};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::incremental::{Report, Session};
use std::io::{BufRead, Write};
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// `dossier serve`'s settings.
pub struct Options {
    /// The dossier's folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub interface: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Serve the edition as of this day.
    pub as_of: Option<String>,
}

/// What the pages served are told.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    /// Bumped whenever the site or its error changes: pages served at an
    /// older generation reload.
    pub generation: u64,
    /// Errors of the last rebuild; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// Some rebuild succeeded: there is a last good site to show.
    pub built: bool,
}

/// What one generation of the site changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Touched {
    /// Anything any page may show: every open page reloads.
    All,
    /// These files of the site (relative paths): the pages among them
    /// reload; the other files are data no open page shows as it stands.
    Files(Vec<String>),
}

impl Touched {
    /// `files` written or deleted; a change to what pages load with them
    /// (a stylesheet, script, image, font or media file) concerns every
    /// page.
    pub(crate) fn files(files: Vec<String>) -> Touched {
        let loaded_by_pages = |f: &String| {
            let ext = f.rsplit_once('.').map_or("", |(_, e)| e);
            matches!(
                ext.to_ascii_lowercase().as_str(),
                "css"
                    | "js"
                    | "mjs"
                    | "svg"
                    | "png"
                    | "jpg"
                    | "jpeg"
                    | "gif"
                    | "webp"
                    | "avif"
                    | "ico"
                    | "woff"
                    | "woff2"
                    | "ttf"
                    | "otf"
                    | "mp3"
                    | "mp4"
                    | "webm"
            )
        };
        if files.iter().any(loaded_by_pages) {
            Touched::All
        } else {
            Touched::Files(files)
        }
    }

    fn concerns(&self, page: Option<&str>) -> bool {
        match (self, page) {
            (Touched::Files(files), Some(page)) => files.iter().any(|f| f == page),
            (Touched::Files(files), None) => !files.is_empty(),
            (Touched::All, _) => true,
        }
    }
}

/// Generations remembered with what they changed; a page served before
/// the oldest reloads on the next change.
const LOG: usize = 256;

/// The status, and what the last generations changed.
struct State {
    status: Status,
    log: std::collections::VecDeque<(u64, Touched)>,
}

/// State shared by the rebuild loop and the connections.
pub(crate) struct Shared {
    /// The folder served.
    site: PathBuf,
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn new(site: PathBuf, generation: u64) -> Shared {
        Shared {
            site,
            state: Mutex::new(State {
                status: Status {
                    generation,
                    ..Status::default()
                },
                log: Default::default(),
            }),
            changed: Condvar::new(),
        }
    }

    fn status(&self) -> Status {
        self.state.lock().expect("status lock").status.clone()
    }

    /// Records a rebuild's outcome: its errors (none when it succeeded) and
    /// what it changed in the site.
    fn publish(&self, errors: Vec<Diagnostic>, touched: Touched) {
        let mut s = self.state.lock().expect("status lock");
        let built = s.status.built || errors.is_empty();
        let touched = if s.status.errors != errors || s.status.built != built {
            Touched::All
        } else {
            touched
        };
        if touched == Touched::Files(Vec::new()) {
            return;
        }
        s.status.built = built;
        s.status.generation += 1;
        s.status.errors = errors;
        let generation = s.status.generation;
        s.log.push_back((generation, touched));
        if s.log.len() > LOG {
            s.log.pop_front();
        }
        self.changed.notify_all();
    }

    /// Waits until a generation after `since` changes `page` (a file of the
    /// site; `None`: any change counts), or `timeout`. `Err` with the
    /// newest generation when none did: wait from there next.
    fn wait_reload(&self, since: u64, page: Option<&str>, timeout: Duration) -> Result<(), u64> {
        let s = self.state.lock().expect("status lock");
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.status.generation <= since)
            .expect("status lock");
        let newest = s.status.generation;
        if newest <= since {
            return Err(since);
        }
        let forgotten = s.log.front().is_none_or(|(g, _)| *g > since + 1);
        let concerned = s
            .log
            .iter()
            .filter(|(g, _)| *g > since)
            .any(|(_, t)| t.concerns(page));
        if forgotten || concerned {
            Ok(())
        } else {
            Err(newest)
        }
    }
}

/// Runs the server until interrupted; the process exit status.
pub fn run(opts: Options) -> i32 {
    if !opts.root.is_dir() {
        say!(
            "error: {}: no such folder\n  = hint: pass --root with the dossier's folder (where dossier.toml is)",
            opts.root.display()
        );
        return 1;
    }
    let root = opts.root.canonicalize().unwrap_or(opts.root.clone());
    let listener = match TcpListener::bind((opts.interface, opts.port)) {
        Ok(l) => l,
        Err(e) => {
            say!(
                "error: cannot listen on {}:{}: {e}\n  = hint: choose another port with --port, or stop the program using it",
                opts.interface,
                opts.port
            );
            return 1;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let host = match opts.interface {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = format!("http://{host}:{port}/");
    // A fresh folder with an unpredictable name, made by this process alone
    // (never an existing one, never a link someone planted there).
    let work = match tempfile::Builder::new().prefix("dossier-serve-").tempdir() {
        Ok(dir) => dir.keep(),
        Err(e) => {
            say!(
                "error: cannot make a temporary folder for the site: {e}\n  = hint: check that the temporary folder ({}) exists and is writable, or set TMPDIR",
                std::env::temp_dir().display()
            );
            return 1;
        }
    };
    let site = work.join("site");
    // Changes are collected while a rebuild runs; a rebuild gives up for
    // them (after their quick pass, the full rebuild that follows them
    // covers its own changes too).
    let pending = Arc::new(Pending::default());
    // Held while a rebuild writes, so that Ctrl+C removes a finished site.
    let writing = Arc::new(Mutex::new(()));
    {
        let work = work.clone();
        let writing = writing.clone();
        let pending = pending.clone();
        let _ = ctrlc::set_handler(move || {
            // A rebuild under way gives up rather than finish first.
            pending.cancel.store(true, Ordering::Relaxed);
            let _guard = writing.lock();
            let _ = std::fs::remove_dir_all(&work);
            say!("\nStopped.");
            std::process::exit(0);
        });
    }
    let overrides = Overrides {
        output: None,
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        as_of: opts.as_of.clone(),
        force: false,
        previous: None,
        tera_only: false,
    };
    let mut session = Session::new(&root, overrides, &site);
    // Generations count from the clock, so that a page served by an earlier
    // run of serve, reconnecting to this one, is older and reloads.
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let shared = Arc::new(Shared::new(site, start));
    let watch = match watch::Watch::start(&root) {
        Ok(w) => w,
        Err(e) => {
            say!("error: cannot watch {} for changes: {e}", root.display());
            let _ = std::fs::remove_dir_all(&work);
            return 1;
        }
    };
    {
        let pending = pending.clone();
        let mut watch = watch;
        std::thread::spawn(move || {
            let starting = || pending.starting();
            while let Some(changed) = watch.next_change(&starting) {
                pending.push(changed);
            }
            pending.push_end();
        });
    }
    say!("Building {} ...", root.display());
    rebuild(
        &mut session,
        &shared,
        &writing,
        &[],
        &AtomicBool::new(false),
    );
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Serving {} at {base_url} (press Ctrl+C to stop)",
        root.display()
    );
    let _ = stdout.flush();
    if opts.open {
        open_browser(&base_url);
    }
    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || http::handle(stream, &shared));
            }
        });
    }
    while let Some(changed) = pending.take() {
        rebuild(&mut session, &shared, &writing, &changed, &pending.cancel);
    }
    say!("error: the file watcher stopped");
    let _ = std::fs::remove_dir_all(&work);
    1
}

/// Changed paths not yet rebuilt for.
#[derive(Default)]
struct Pending {
    /// The paths, and whether the watcher stopped.
    changes: Mutex<(Vec<String>, bool)>,
    arrived: Condvar,
    /// Set when changes arrive: a rebuild under way gives up.
    cancel: AtomicBool,
    /// When the first change not yet taken was seen (for the timings).
    seen: Mutex<Option<std::time::Instant>>,
}

impl Pending {
    /// A change is being seen: a rebuild under way gives up now, before
    /// the change is complete.
    fn starting(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        let mut seen = self.seen.lock().expect("pending lock");
        seen.get_or_insert_with(std::time::Instant::now);
    }

    fn push(&self, changed: Vec<String>) {
        let mut c = self.changes.lock().expect("pending lock");
        c.0.extend(changed);
        self.cancel.store(true, Ordering::Relaxed);
        self.arrived.notify_all();
    }

    fn push_end(&self) {
        self.changes.lock().expect("pending lock").1 = true;
        self.arrived.notify_all();
    }

    /// Waits for changes; `None` once the watcher stopped.
    fn take(&self) -> Option<Vec<String>> {
        let c = self.changes.lock().expect("pending lock");
        let mut c = self
            .arrived
            .wait_while(c, |c| c.0.is_empty() && !c.1)
            .expect("pending lock");
        if c.0.is_empty() {
            return None;
        }
        self.cancel.store(false, Ordering::Relaxed);
        if let Some(seen) = self.seen.lock().expect("pending lock").take()
            && std::env::var_os("DOSSIER_TIMINGS").is_some()
        {
            say!("timings: change seen {:?} ago", seen.elapsed());
        }
        let mut changed = std::mem::take(&mut c.0);
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

/// One rebuild: the terminal and the pages are told how it went. A quick
/// pass renders the edited events' pages first when it can; the rebuild
/// gives up when `cancel` is set before it writes.
fn rebuild(
    session: &mut Session,
    shared: &Shared,
    writing: &Mutex<()>,
    changed: &[String],
    cancel: &AtomicBool,
) {
    if !changed.is_empty() {
        let shown: Vec<&str> = changed.iter().take(3).map(String::as_str).collect();
        let more = changed.len().saturating_sub(3);
        say!(
            "Change: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    let started = std::time::Instant::now();
    let quick = {
        let _guard = writing.lock();
        session.quick(changed)
    };
    if let Some(files) = quick.filter(|f| !f.is_empty()) {
        say!(
            "Rendered {} in {} ms; rebuilding the rest ...",
            files.join(", "),
            started.elapsed().as_millis()
        );
        shared.publish(Vec::new(), Touched::files(files));
    }
    let result = {
        let _guard = writing.lock();
        session.rebuild_unless(cancel)
    };
    match result {
        Ok(report) if report.cancelled => {
            say!("More changes: rebuilding again ...");
        }
        Ok(report) => {
            print_report(session.root(), &report);
            let touched = report.touched.clone().map_or(Touched::All, Touched::files);
            shared.publish(Vec::new(), touched);
        }
        Err(diags) => {
            print_human(session.root(), &diags, super::BUILD_WARNINGS_SHOWN);
            say!(
                "Rebuild failed: {} error(s). {}; the errors show on every page until they are fixed.",
                diags.error_count(),
                if shared.status().built {
                    "Still serving the last good site"
                } else {
                    "Nothing to serve yet"
                }
            );
            let errors = diags
                .sorted()
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            shared.publish(errors, Touched::Files(Vec::new()));
        }
    }
}

fn print_report(root: &Path, report: &Report) {
    let warnings = report.warnings.warning_count();
    if (1..=20).contains(&warnings) {
        print_human(root, &report.warnings, super::BUILD_WARNINGS_SHOWN);
    }
    say!(
        "Rebuilt in {} ms: {} file(s) written, {} deleted, {} in the site{}.",
        report.millis,
        report.written,
        report.deleted,
        report.files,
        match warnings {
            0 => String::new(),
            1..=20 => format!(", {warnings} warning(s)"),
            n => format!(", {n} warnings (run `dossier check` to list them)"),
        }
    );
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        say!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}

/// The hidden `rebuild-session` command, for tests: one incremental session
/// writing into `output`, rebuilding once per line read from standard input
/// and answering `ok` or `failed` on a line of standard output. A line
/// `quick PATH…` makes only the quick pass for those changed paths instead,
/// answering `quick written=N` or `quick none`.
pub fn rebuild_session(root: &Path, output: &Path, overrides: Overrides) -> i32 {
    let mut session = Session::new(root, overrides, output);
    let mut out = std::io::stdout();
    let mut answer = |r: Result<Report, Diagnostics>| {
        let line = match r {
            Ok(report) => format!(
                "ok written={} deleted={} files={} ms={}",
                report.written, report.deleted, report.files, report.millis
            ),
            Err(diags) => {
                print_human(root, &diags, super::BUILD_WARNINGS_SHOWN);
                format!("failed errors={}", diags.error_count())
            }
        };
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    answer(session.rebuild());
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if let Some(paths) = line.strip_prefix("quick ") {
            let changed: Vec<String> = paths.split_whitespace().map(String::from).collect();
            let line = match session.quick(&changed) {
                Some(files) => format!("quick written={}", files.len()),
                None => "quick none".to_string(),
            };
            let _ = writeln!(std::io::stdout(), "{line}");
            let _ = std::io::stdout().flush();
            continue;
        }
        answer(session.rebuild());
    }
    0
}
