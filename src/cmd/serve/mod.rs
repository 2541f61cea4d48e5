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
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::incremental::{Report, Session};
use std::io::{BufRead, Write};
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
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
}

/// What the pages served are told.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Bumped whenever the site or its error changes: pages served at an
    /// older generation reload.
    pub generation: u64,
    /// Errors of the last rebuild; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// Some rebuild succeeded: there is a last good site to show.
    pub built: bool,
}

/// State shared by the rebuild loop and the connections.
pub struct Shared {
    /// The folder served.
    site: PathBuf,
    status: Mutex<Status>,
    changed: Condvar,
}

impl Shared {
    fn status(&self) -> Status {
        self.status.lock().expect("status lock").clone()
    }

    fn publish(&self, errors: Vec<Diagnostic>, site_changed: bool) {
        let mut s = self.status.lock().expect("status lock");
        let built = s.built || errors.is_empty();
        if site_changed || s.errors != errors || s.built != built {
            s.built = built;
            s.generation += 1;
            s.errors = errors;
            self.changed.notify_all();
        }
    }

    /// Waits until the generation passes `since`, or `timeout`; the
    /// generation.
    fn wait_newer(&self, since: u64, timeout: Duration) -> u64 {
        let s = self.status.lock().expect("status lock");
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.generation <= since)
            .expect("status lock");
        s.generation
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
    let work = std::env::temp_dir().join(format!("dossier-serve-{}", std::process::id()));
    let site = work.join("site");
    // Held while a rebuild writes, so that Ctrl+C removes a finished site.
    let writing = Arc::new(Mutex::new(()));
    {
        let work = work.clone();
        let writing = writing.clone();
        let _ = ctrlc::set_handler(move || {
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
    };
    let mut session = Session::new(&root, overrides, &site);
    // Generations count from the clock, so that a page served by an earlier
    // run of serve, reconnecting to this one, is older and reloads.
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let shared = Arc::new(Shared {
        site,
        status: Mutex::new(Status {
            generation: start,
            ..Status::default()
        }),
        changed: Condvar::new(),
    });
    let mut watch = match watch::Watch::start(&root) {
        Ok(w) => w,
        Err(e) => {
            say!("error: cannot watch {} for changes: {e}", root.display());
            let _ = std::fs::remove_dir_all(&work);
            return 1;
        }
    };
    say!("Building {} ...", root.display());
    rebuild(&mut session, &shared, &writing, &[]);
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
    while let Some(changed) = watch.next_change() {
        rebuild(&mut session, &shared, &writing, &changed);
    }
    say!("error: the file watcher stopped");
    let _ = std::fs::remove_dir_all(&work);
    1
}

/// One rebuild: the terminal and the pages are told how it went.
fn rebuild(session: &mut Session, shared: &Shared, writing: &Mutex<()>, changed: &[String]) {
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
    let result = {
        let _guard = writing.lock();
        session.rebuild()
    };
    match result {
        Ok(report) => {
            print_report(session.root(), &report);
            shared.publish(Vec::new(), report.written + report.deleted > 0);
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
            shared.publish(errors, false);
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
/// and answering `ok` or `failed` on a line of standard output.
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
        if line.is_err() {
            break;
        }
        answer(session.rebuild());
    }
    0
}
