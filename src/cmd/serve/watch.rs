//! Watching the dossier's inputs: `dossier.toml`, `content/`, `data/`,
//! `templates/` and `static/`, with inotify (or the platform's equivalent)
//! through `notify`, and a short debounce so that an editor's save (often a
//! write, a rename and a metadata change) triggers one rebuild.

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The folders watched, below the root.
pub(super) const FOLDERS: &[&str] = &["content", "data", "templates", "static", "captures"];

/// Quiet time after the last change before rebuilding: long enough for an
/// editor's truncate-then-write to arrive as one change.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// Quiet time after a writer closed its file: the save is complete, so only
/// changes to other files in the same burst are waited for.
const AFTER_CLOSE: Duration = Duration::from_millis(5);
/// Longest wait for quiet while changes keep coming.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// The watcher and its events.
pub(super) struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl Watch {
    /// Starts watching `root`.
    pub(super) fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for name in FOLDERS {
            let dir = root.join(name);
            if dir.is_dir() {
                watcher.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watch {
            root: root.to_path_buf(),
            watcher,
            events,
        })
    }

    /// Blocks until inputs changed and then stayed quiet; the changed paths
    /// (relative to the root, for messages). `None` when the watcher died.
    /// `starting` is called as soon as the first change is seen, before the
    /// quiet time: a rebuild under way may be reading a file being written.
    pub(super) fn next_change(&mut self, starting: &dyn Fn()) -> Option<Vec<String>> {
        let mut changed = Vec::new();
        let mut quiet = DEBOUNCE;
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            quiet = quiet_after(&event);
            self.take(event, &mut changed);
        }
        starting();
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(quiet) {
                Ok(event) => {
                    quiet = quiet_after(&event);
                    self.take(event, &mut changed);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// Keeps the paths of an event that may change the site.
    fn take(&mut self, event: notify::Result<Event>, changed: &mut Vec<String>) {
        let event = match event {
            Ok(e) => e,
            // An overflowed queue loses events: rebuild to be safe.
            Err(_) => {
                changed.push("(unknown: the watcher reported an error)".into());
                return;
            }
        };
        // Reading a file (as a rebuild does) must not trigger a rebuild.
        if let EventKind::Access(kind) = event.kind
            && kind != AccessKind::Close(AccessMode::Write)
        {
            return;
        }
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let mut parts = rel.components();
            let Some(first) = parts.next() else { continue };
            let first = first.as_os_str().to_string_lossy();
            let top_level = parts.next().is_none();
            if top_level && first == crate::config::CONFIG_FILE {
                changed.push(first.into_owned());
            } else if FOLDERS.contains(&first.as_ref()) {
                if top_level && path.is_dir() {
                    // A folder created after serve started.
                    let _ = self.watcher.watch(path, RecursiveMode::Recursive);
                }
                // Editors' swap files trigger a rebuild too: it finds
                // nothing changed and writes nothing.
                changed.push(crate::load::relative(&self.root, path));
            }
        }
    }
}

/// How long to wait for more changes after `event`.
fn quiet_after(event: &notify::Result<Event>) -> Duration {
    match event {
        Ok(e) if e.kind == EventKind::Access(AccessKind::Close(AccessMode::Write)) => AFTER_CLOSE,
        _ => DEBOUNCE,
    }
}
