//! A render's run: every page in parallel, a few at a time, with the
//! exports, the cite files and the search index made beside them; each
//! file written at once or kept, as the [`Mode`] says.

use super::fingerprint::{self, Fingerprint};
use super::pages::Job;
use super::{Mode, PageRenderer, Rendered, cancelled, citefiles, exports, search};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Fill;
use rayon::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a render's run made.
pub(super) struct Made {
    /// The files written in all.
    pub count: usize,
    /// The files as [`Mode`] keeps them: every file with its fingerprint
    /// and changed bytes, or, for a build that keeps no fingerprints, only
    /// the few made whole (the search index, stylesheets), not the pages
    /// nor the streamed exports and cite files.
    pub files: Vec<Rendered>,
}

impl PageRenderer<'_> {
    /// Every file of the site, as `mode` says.
    pub(super) fn all(&self, mode: Mode) -> Result<Made, Diagnostics> {
        let lib = self.lib;
        let paths = self.paths;
        let jobs = self.jobs();
        let tera = self.tera;
        let cancel = match mode {
            Mode::Changed { cancel, .. } => Some(cancel),
            Mode::Write { .. } => None,
        };
        let page = |job: Job| -> Result<Rendered, Diagnostic> {
            if cancelled(cancel) {
                return Ok(Rendered {
                    file: String::new(),
                    fingerprint: Fingerprint::default(),
                    bytes: None,
                });
            }
            let previous = match mode {
                Mode::Write {
                    write,
                    fingerprints,
                    ..
                } => {
                    let fingerprint = if fingerprints {
                        self.fingerprint(job)?.1
                    } else {
                        Fingerprint::default()
                    };
                    let file = with_page_buffer(|page| {
                        let file = self.render_into(job, page)?;
                        write(&file, page.as_bytes())?;
                        Ok::<_, Diagnostic>(file)
                    })?;
                    return Ok(Rendered {
                        file,
                        fingerprint,
                        bytes: None,
                    });
                }
                Mode::Changed { previous, .. } => previous,
            };
            // Fingerprint the context without building it for Tera; build
            // and render it only when it changed.
            let (file, fingerprint) = self.fingerprint(job)?;
            let bytes = if previous.get(&file) == Some(&fingerprint) {
                None
            } else {
                Some(self.render(job)?.1)
            };
            Ok(Rendered {
                file,
                fingerprint,
                bytes,
            })
        };
        // A generated file (an export, the index, a stylesheet), as `mode`
        // says: written at once, or kept when changed.
        let generated = |file: String, bytes: Vec<u8>| -> Result<Rendered, Diagnostic> {
            Ok(match mode {
                Mode::Write {
                    write,
                    fingerprints,
                    ..
                } => {
                    write(&file, &bytes)?;
                    Rendered {
                        fingerprint: if fingerprints {
                            Fingerprint::of_bytes(&bytes)
                        } else {
                            Fingerprint::default()
                        },
                        file,
                        bytes: None,
                    }
                }
                Mode::Changed { previous, .. } => {
                    let fingerprint = Fingerprint::of_bytes(&bytes);
                    let unchanged = previous.get(&file) == Some(&fingerprint);
                    Rendered {
                        file,
                        fingerprint,
                        bytes: (!unchanged).then_some(bytes),
                    }
                }
            })
        };
        // The exports and cite files, as they are made: a build streams
        // each into its file (none is ever whole in memory: at a million
        // events the exports are gigabytes), serve keeps the changed ones.
        //
        // A build that keeps no fingerprints needs of its pages and
        // streamed files only how many were written: at a million events
        // their 4.8 million records took over a gigabyte.
        let keep = !matches!(
            mode,
            Mode::Write {
                fingerprints: false,
                ..
            }
        );
        let unkept_streams = AtomicUsize::new(0);
        let emitted: std::sync::Mutex<Vec<Rendered>> = std::sync::Mutex::default();
        let emit = |file: String, fill: Fill| -> Result<(), Diagnostic> {
            let made = match mode {
                Mode::Write {
                    stream: Some(stream),
                    fingerprints,
                    ..
                } => {
                    let mut hasher = fingerprints.then(xxhash_rust::xxh3::Xxh3::new);
                    stream(&file, &mut |w| match hasher.as_mut() {
                        Some(h) => fill(&mut fingerprint::Tee {
                            inner: w,
                            hasher: h,
                        }),
                        None => fill(w),
                    })?;
                    Rendered {
                        fingerprint: hasher
                            .map_or_else(Fingerprint::default, |h| Fingerprint::of_hasher(&h)),
                        file,
                        bytes: None,
                    }
                }
                _ => {
                    let mut bytes = Vec::new();
                    fill(&mut bytes).map_err(|e| crate::output::cannot_write(&file, &e))?;
                    generated(file, bytes)?
                }
            };
            if keep {
                emitted
                    .lock()
                    .expect("no panic while holding the lock")
                    .push(made);
            } else {
                unkept_streams.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        };
        // Pages, exports and the search index at once: the exports' and the
        // index's serial parts, and their writing, overlap the pages'
        // parallel work. The pages are handed out a few at a time: an actor
        // page or a filtered view costs as much as twenty event pages, and
        // in the larger pieces rayon makes by itself, a thread left with the
        // run of them at the end of the list worked on alone for a third of
        // the build.
        // Errors are kept with their page's place, so that they come in the
        // pages' order.
        let made = AtomicUsize::new(0);
        let failed: Mutex<Vec<(usize, Diagnostic)>> = Mutex::default();
        let (kept, (exported, searched)): (Vec<Rendered>, _) = rayon::join(
            || {
                jobs.par_iter()
                    .enumerate()
                    .with_max_len(PAGES_AT_ONCE)
                    .filter_map(|(k, &job)| match page(job) {
                        Ok(r) => {
                            made.fetch_add(1, Ordering::Relaxed);
                            keep.then_some(r)
                        }
                        Err(d) => {
                            failed
                                .lock()
                                .expect("no panic while holding the lock")
                                .push((k, d));
                            None
                        }
                    })
                    .collect()
            },
            || {
                rayon::join(
                    || {
                        exports::render(lib, paths, cancel, self.previous.as_ref(), &emit)?;
                        citefiles::files(lib, paths, cancel, &emit)
                    },
                    || {
                        let mut files = search::files(lib, paths, tera, cancel, |file, bytes| {
                            generated(file, bytes)
                        })?;
                        files.sort_unstable_by(|a, b| a.file.cmp(&b.file));
                        Ok::<_, Diagnostic>(files)
                    },
                )
            },
        );
        let mut failed = failed
            .into_inner()
            .expect("no panic while holding the lock");
        if !failed.is_empty() {
            failed.sort_by_key(|(k, _)| *k);
            return Err(failed
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
                .into());
        }
        let pages = made.into_inner();
        let unkept = pages - kept.len() + unkept_streams.into_inner();
        let mut files = kept;
        let css = crate::markdown::theme_css().into_bytes();
        files.push(generated("highlight.css".to_string(), css)?);
        if let Some(map) = self.chrono.map {
            let land = map.land_svg().into_bytes();
            files.push(generated("map/land.svg".to_string(), land)?);
        }
        exported?;
        let mut emitted = emitted
            .into_inner()
            .expect("no panic while holding the lock");
        emitted.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        files.extend(emitted);
        files.extend(searched?);
        Ok(Made {
            count: files.len() + unkept,
            files,
        })
    }
}

/// Calls `f` with the thread's page buffer, emptied. The buffer keeps the
/// capacity of the largest page the thread wrote, so that no page grows a
/// buffer of its own, copying itself at each doubling (a fifth of a
/// build's copying, by callgrind). A nested call gets a buffer of its own.
fn with_page_buffer<R>(f: impl FnOnce(&mut String) -> R) -> R {
    thread_local! {
        static PAGE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    PAGE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut page) => {
            page.clear();
            let result = f(&mut page);
            // Not kept: the few pages this large (a whole chronology) would
            // pin their size in every thread of a long `serve`.
            if page.capacity() > PAGE_BUFFER_KEPT {
                *page = String::new();
            }
            result
        }
        Err(_) => f(&mut String::new()),
    })
}

/// The largest page buffer a thread keeps between pages.
const PAGE_BUFFER_KEPT: usize = 4 << 20;

/// Pages a thread takes at once (see [`PageRenderer::all`]).
const PAGES_AT_ONCE: usize = 4;
