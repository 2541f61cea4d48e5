//! A rebuild's load, on a thread of its own: the whole dossier loaded and
//! resolved again (re-parsing only what changed, through `load/`'s
//! cache), and the render's shared state prepared. A newer change gives it
//! up at once: the rebuild returns while the thread stops at its next check.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Cache;
use crate::pipeline::{Overrides, load_site_cached};
use crate::render;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How often a rebuild waiting for its load looks whether it is cancelled.
const CANCEL_CHECK: Duration = Duration::from_millis(2);

/// For tests of what happens while a rebuild loads: with
/// `DOSSIER_SERVE_TEST_HOLD` naming a file, a load waits while that file
/// exists (or until it is given up). No effect otherwise.
fn hold_for_tests(stop: &AtomicBool) {
    let Some(hold) = std::env::var_os("DOSSIER_SERVE_TEST_HOLD") else {
        return;
    };
    while Path::new(&hold).exists() && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What became of a load.
pub(super) enum Loading {
    /// Loaded, resolved and prepared (`None` on errors), with the
    /// diagnostics.
    Done(Option<Box<LoadedSite>>, Diagnostics),
    /// Given up for a newer change.
    GivenUp,
}

/// A library, its templates, and its render's shared state.
pub(super) type LoadedSite = (crate::resolve::Library, tera::Tera, render::Prepared);

/// Loads and resolves the dossier, and prepares its render, on a thread
/// of its own: when `cancel` is set meanwhile, this returns at once and
/// the thread stops at its next check, so that the quick pass for the
/// newer change need not wait for it. (The next load waits for the
/// cache the thread holds.)
pub(super) fn load(
    root: &Path,
    overrides: &Overrides,
    cache: &Arc<Mutex<Cache>>,
    templates: Option<(u64, tera::Tera)>,
    cancel: &AtomicBool,
) -> Loading {
    let (tx, rx) = std::sync::mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let work = {
        let (root, overrides) = (root.to_path_buf(), overrides.clone());
        let (cache, stop) = (cache.clone(), stop.clone());
        move || {
            let timings = crate::base::timings::Timings::new();
            let mut diags = Diagnostics::default();
            let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
            timings.lap("load: waited for the cache");
            hold_for_tests(&stop);
            // Given up while it waited for the cache (held by a load given
            // up before it): nothing to do.
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let loaded = load_site_cached(
                &root,
                &overrides,
                &mut diags,
                Some(&mut cache),
                templates,
                &stop,
            );
            drop(cache);
            let prepared =
                loaded
                    .filter(|_| !stop.load(Ordering::Relaxed))
                    .map(|(library, tera)| {
                        let prepared = render::Prepared::of(&library, &tera);
                        timings.lap("load: prepare");
                        Box::new((library, tera, prepared))
                    });
            let _ = tx.send((prepared, diags));
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("dossier-load".into())
        .spawn(work)
    {
        return Loading::Done(
            None,
            Diagnostic::error("serve", format!("cannot start a thread: {e}")).into(),
        );
    }
    loop {
        match rx.recv_timeout(CANCEL_CHECK) {
            Ok((loaded, diags)) => return Loading::Done(loaded, diags),
            Err(RecvTimeoutError::Timeout) if cancel.load(Ordering::Relaxed) => {
                stop.store(true, Ordering::Relaxed);
                return Loading::GivenUp;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Loading::Done(
                    None,
                    Diagnostic::error("serve", "loading the dossier stopped unexpectedly").into(),
                );
            }
        }
    }
}
