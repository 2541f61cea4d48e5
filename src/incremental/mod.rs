//! Incremental rebuilds for `dossier serve`: the whole model is loaded and
//! resolved again on every change, then only the files whose inputs changed
//! are rendered and written.
//!
//! Why the output equals a full build's: every file goes through
//! [`render::render_files`], the function `dossier build` uses. A page is
//! skipped only when the fingerprint of its template name and template
//! context equals the one of the previous successful rebuild and the
//! templates are unchanged; Tera's output is a function of the templates and
//! the context alone, so the skipped page's bytes on disk are the ones a new
//! render would give. Exports are always computed and compared by their
//! bytes. Files the new build no longer produces are deleted, and `static/`
//! is copied over the generated files as `build` does. A failed rebuild
//! writes nothing, so the output stays the last good site.
//!
//! Before the rebuild, [`Session::quick`] writes the pages of edited events
//! from the last library with those events swapped in, when the edit
//! leaves every other record and index as it was; the rebuild then finds
//! those pages up to date; it renders them from the render's shared state
//! kept from the last rebuild ([`render::Prepared`]), not made again for one
//! page. A rebuild gives up before writing when a newer change comes
//! (`serve` sets the flag it is given): at once while it loads (`loading`:
//! the load runs on a thread of its own), between pages while it renders,
//! so that the newer change's quick pass need not wait for it.

mod loading;
mod swap;

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Stamp;
use crate::output::MANIFEST;
use crate::output::in_place::{remove_file, write_file, write_plain};
use crate::pipeline::Overrides;
use crate::render::{self, Fingerprint};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a failed rebuild waits, before it reports, for the watcher to
/// say that a file changed while it was read (see `Session::failed`).
const SETTLE: Duration = Duration::from_millis(60);

/// A static file as last copied; `None` when its stamp cannot be trusted
/// (it changed in the last seconds), and then it is copied again.
type StaticStamp = Option<Stamp>;

/// The state kept between rebuilds of one dossier into one output folder.
pub(crate) struct Session {
    root: PathBuf,
    overrides: Overrides,
    out: PathBuf,
    /// Fingerprint of `templates/` when `rendered` was made.
    templates: Option<Fingerprint>,
    /// Generated files on disk, with the fingerprint they were made from.
    rendered: HashMap<String, Fingerprint>,
    /// The output folder's content is unknown: empty it before writing.
    wipe: bool,
    /// Files copied from `static/`, which win over generated ones.
    statics: BTreeMap<String, StaticStamp>,
    /// Parsed files and converted records from the last load (held by the
    /// thread loading).
    cache: Arc<Mutex<crate::load::Cache>>,
    /// The templates of the last good rebuild: the fingerprint of
    /// `templates/` they were read from and the `max_file_size` they were
    /// read with.
    tera: Option<(Fingerprint, u64, tera::Tera)>,
    /// The library of the last rebuild, when it succeeded: what the site on
    /// disk was made from, for [`Session::quick`].
    library: Option<crate::resolve::Library>,
    /// What every page's render shares, made from `library` and the
    /// templates in `tera`: the quick pass renders from it, rather than
    /// making it again for one page.
    prepared: Option<render::Prepared>,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Files written.
    pub written: usize,
    /// Files deleted.
    pub deleted: usize,
    /// Files the site has.
    pub files: usize,
    /// Warnings found.
    pub warnings: Diagnostics,
    /// Wall time.
    pub millis: u128,
    /// The site's files written or deleted; `None` when the whole site was
    /// replaced.
    pub touched: Option<Vec<String>>,
    /// Given up for a newer change: nothing was written.
    pub cancelled: bool,
    /// Time from the start of the rebuild to the end of rendering.
    render_done: Option<std::time::Duration>,
    /// When the rebuild started.
    started: Option<Instant>,
}

impl Session {
    /// A session writing into `out` (created if missing). `overrides` should
    /// carry the served `base_url`.
    pub(crate) fn new(root: &Path, overrides: Overrides, out: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            overrides: Overrides {
                output: Some(out.to_path_buf()),
                ..overrides
            },
            out: out.to_path_buf(),
            templates: None,
            rendered: HashMap::new(),
            wipe: true,
            statics: BTreeMap::new(),
            cache: Arc::default(),
            tera: None,
            library: None,
            prepared: None,
        }
    }

    /// The dossier's folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Rebuilds after any change. On error the output is left as it was and
    /// the diagnostics (errors and warnings) are returned.
    pub(crate) fn rebuild(&mut self) -> Result<Report, Diagnostics> {
        self.rebuild_unless(&AtomicBool::new(false))
    }

    /// [`Session::rebuild`], given up when `cancel` is set before it writes
    /// (a newer change will rebuild anyway): then the report says
    /// `cancelled` and nothing changed.
    pub(crate) fn rebuild_unless(&mut self, cancel: &AtomicBool) -> Result<Report, Diagnostics> {
        // Until this rebuild succeeds, the last library may not be what the
        // site on disk was made from.
        let previous = self.library.take();
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        let before = templates_fingerprint(&self.root);
        // Unchanged templates need not be parsed again.
        // A copy: the templates stay for the quick pass should this rebuild
        // be given up.
        let reuse = self
            .tera
            .as_ref()
            .filter(|(fingerprint, ..)| *fingerprint == before)
            .map(|(_, max, tera)| (*max, tera.clone()));
        let loaded = match loading::load(&self.root, &self.overrides, &self.cache, reuse, cancel) {
            loading::Loading::Done(loaded, d) => {
                diags.extend(d);
                loaded
            }
            loading::Loading::GivenUp => {
                if !self.wipe {
                    self.library = previous;
                }
                return Ok(Report {
                    cancelled: true,
                    ..Report::default()
                });
            }
        };
        let Some(loaded) = loaded else {
            return self.failed(diags, previous, cancel);
        };
        let (library, tera, prepared) = *loaded;
        let t_load = started.elapsed();
        // Templates edited while they were being read: no fingerprint can
        // vouch for the set loaded, so render everything, now and next time.
        let templates = Some(before).filter(|&b| b == templates_fingerprint(&self.root));
        let mut report = Report {
            started: Some(started),
            ..Report::default()
        };
        let reuse = !self.wipe && templates.is_some() && self.templates == templates;
        if reuse && cancel.load(Ordering::Relaxed) {
            self.library = previous;
            report.cancelled = true;
            return Ok(report);
        }
        let outcome = if reuse {
            self.update(&library, &tera, &prepared, &mut report, cancel)
        } else {
            self.replace(&library, &tera, &prepared, &mut report)
        };
        if let Err(errors) = outcome {
            diags.extend(errors);
            return self.failed(diags, previous, cancel);
        }
        self.tera = templates.map(|f| (f, library.config.max_file_size, tera));
        if report.cancelled {
            self.library = previous;
            return Ok(report);
        }
        let t_render = report.render_done.unwrap_or_default();
        if std::env::var_os("DOSSIER_TIMINGS").is_some() {
            eprintln!(
                "timings: load {:?}, render {:?}, write {:?}",
                t_load,
                t_render - t_load,
                started.elapsed() - t_render
            );
        }
        self.templates = templates;
        self.library = Some(library);
        self.prepared = Some(prepared);
        report.warnings = diags;
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }

    /// A rebuild's errors, unless `cancel` was set meanwhile: then files
    /// may have been read while being written, and the rebuild for that
    /// newer change will tell. (Nothing was written either way.)
    fn failed(
        &mut self,
        diags: Diagnostics,
        previous: Option<crate::resolve::Library>,
        cancel: &AtomicBool,
    ) -> Result<Report, Diagnostics> {
        // A file saved while this rebuild read it fails it as half-written
        // (an empty front matter: "missing `date`"), and the watcher's word
        // of that save may come a little after the failure: it is waited
        // for before errors no one made are shown.
        if !cancel.load(Ordering::Relaxed) {
            std::thread::sleep(SETTLE);
        }
        if !cancel.load(Ordering::Relaxed) {
            return Err(diags);
        }
        if !self.wipe {
            self.library = previous;
        }
        Ok(Report {
            cancelled: true,
            ..Report::default()
        })
    }

    /// The quick pass `serve` makes before a rebuild when only event files
    /// changed (`changed`: paths relative to the root, as the watcher gives
    /// them): each event is read again and put in the last library in the
    /// place of its old version, and its page alone is rendered and written.
    /// This holds only when the edit left the rest of the library as it was
    /// ([`crate::resolve::Library::swap_event`]): then the page is the one
    /// the full rebuild renders, and that rebuild, which must follow, finds
    /// it up to date. `None` (nothing written) when the change is anything
    /// else: another kind of file, a new, moved or broken event, a changed
    /// date, actor or citation, changed templates, or a last rebuild that
    /// failed. Otherwise the files written, relative to the output.
    pub(crate) fn quick(&mut self, changed: &[String]) -> Option<Vec<String>> {
        if self.wipe || changed.is_empty() {
            return None;
        }
        let library = self.library.as_ref()?;
        // An event read again on its own is the whole dossier's, not the
        // edition's: an edition as of a day takes the full path.
        if library.config.as_of.is_some() {
            return None;
        }
        let mut events = Vec::new();
        for rel in changed {
            match quick_kind(&self.root, library, rel) {
                QuickKind::Ignored => {}
                QuickKind::Event => events.push(rel),
                QuickKind::Other => return None,
            }
        }
        if events.is_empty()
            || self.templates.is_none()
            || self.templates != Some(templates_fingerprint(&self.root))
        {
            return None;
        }
        let (_, _, tera) = self.tera.as_ref()?;
        let library = self.library.as_mut()?;
        let prepared = self.prepared.as_mut()?;
        let timings = crate::base::timings::Timings::new();
        let mut swapped = Vec::new();
        let undo = |library: &mut crate::resolve::Library, swapped: Vec<(usize, _)>| {
            for (i, old) in swapped.into_iter().rev() {
                library.events[i] = old;
            }
        };
        for rel in events {
            let new = crate::load::reread_event(&self.root, &library.config, rel);
            match new.map(|e| library.swap_event(e)) {
                Some(Ok(done)) => swapped.push(done),
                _ => {
                    undo(library, swapped);
                    return None;
                }
            }
        }
        timings.lap("quick: read and swap");
        let coords = |e: &crate::model::Event| e.location.as_ref().and_then(|l| l.coords);
        let moved = swapped
            .iter()
            .any(|(i, old)| coords(old) != coords(&library.events[*i]));
        if moved {
            prepared.event_moved(library);
        }
        let indexes: Vec<usize> = swapped.iter().map(|(i, _)| *i).collect();
        let Ok(pages) = render::render_events(library, tera, prepared, &indexes) else {
            undo(library, swapped);
            if moved {
                prepared.event_moved(library);
            }
            return None;
        };
        timings.lap("quick: render");
        let mut written = Vec::new();
        for page in pages {
            let Some(bytes) = page.bytes else { continue };
            if self.statics.contains_key(&page.file)
                || self.rendered.get(&page.file) == Some(&page.fingerprint)
            {
                continue;
            }
            if write_file(&self.out, &page.file, &bytes).is_err() {
                // The rebuild that follows writes it, or reports why not.
                self.rendered.remove(&page.file);
                continue;
            }
            self.rendered.insert(page.file.clone(), page.fingerprint);
            written.push(page.file);
        }
        timings.lap("quick: write");
        Some(written)
    }

    /// The incremental path: renders the pages whose context changed and
    /// writes them over the last good site.
    fn update(
        &mut self,
        library: &crate::resolve::Library,
        tera: &tera::Tera,
        prepared: &render::Prepared,
        report: &mut Report,
        cancel: &AtomicBool,
    ) -> Result<(), Diagnostics> {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            return Ok(());
        }
        let mode = render::Mode::Changed {
            previous: &self.rendered,
            cancel,
        };
        let files = render::render_files(library, tera, prepared, mode)?;
        report.render_done = report.started.map(|s| s.elapsed());
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            return Ok(());
        }
        let statics = scan_static(&self.root)?;
        let collisions = crate::output::static_collisions(
            files.iter().map(|f| f.file.as_str()),
            statics.keys().map(String::as_str),
        );
        if !collisions.is_empty() {
            return Err(collisions.into());
        }
        if let Err(d) = self.write(files, statics, report) {
            // Some files may be written: start afresh next time.
            self.templates = None;
            self.rendered.clear();
            self.statics.clear();
            self.wipe = true;
            return Err(d);
        }
        Ok(())
    }

    /// The full path (first build, templates changed, or the output's state
    /// unknown): renders every page into a staging folder beside the output,
    /// streaming each to disk, and swaps it in when all went well.
    fn replace(
        &mut self,
        library: &crate::resolve::Library,
        tera: &tera::Tera,
        prepared: &render::Prepared,
        report: &mut Report,
    ) -> Result<(), Diagnostics> {
        let name = self
            .out
            .file_name()
            .map_or("site".into(), |n| n.to_string_lossy().into_owned());
        let staging = self.out.with_file_name(format!(".{name}.dossier-staging"));
        let old = self.out.with_file_name(format!(".{name}.dossier-old"));
        let fail = |path: &Path| {
            let path = path.display().to_string();
            move |e: std::io::Error| {
                Diagnostic::error(path, format!("cannot prepare the output folder: {e}"))
            }
        };
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(fail(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(fail(&staging))?;
        let write = |rel: &str, bytes: &[u8]| write_plain(&staging, rel, bytes);
        let rendered = render::render_files(
            library,
            tera,
            prepared,
            render::Mode::Write {
                write: &write,
                stream: None,
                fingerprints: true,
            },
        );
        report.render_done = report.started.map(|s| s.elapsed());
        let result = rendered.and_then(|files| {
            let statics = scan_static(&self.root)?;
            let collisions = crate::output::static_collisions(
                files.iter().map(|f| f.file.as_str()),
                statics.keys().map(String::as_str),
            );
            if !collisions.is_empty() {
                return Err(collisions.into());
            }
            for rel in statics.keys() {
                let from = self.root.join("static").join(rel);
                let bytes = fs::read(&from).map_err(|e| {
                    Diagnostic::error(format!("static/{rel}"), format!("cannot copy: {e}"))
                })?;
                write_plain(&staging, rel, &bytes)?;
            }
            Ok((files, statics))
        });
        let result = result.and_then(|(files, statics)| {
            let listed = statics
                .keys()
                .chain(files.iter().map(|f| &f.file))
                .map(String::as_str);
            write_plain(
                &staging,
                MANIFEST,
                crate::output::manifest(listed).as_bytes(),
            )?;
            Ok((files, statics))
        });
        let (files, statics) = match result {
            Ok(r) => r,
            Err(errors) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(errors);
            }
        };
        if old.exists() {
            fs::remove_dir_all(&old).map_err(fail(&old))?;
        }
        if self.out.exists() {
            fs::rename(&self.out, &old).map_err(fail(&self.out))?;
        }
        fs::rename(&staging, &self.out).map_err(fail(&self.out))?;
        let _ = fs::remove_dir_all(&old);
        report.written = files.len() + statics.len();
        let mut wanted: BTreeSet<&String> = statics.keys().collect();
        wanted.extend(files.iter().map(|f| &f.file));
        report.files = wanted.len();
        self.rendered = files
            .into_iter()
            .filter(|f| !statics.contains_key(&f.file))
            .map(|f| (f.file, f.fingerprint))
            .collect();
        self.statics = statics;
        self.wipe = false;
        Ok(())
    }

    /// Writes what changed, deletes what is gone, copies `static/`.
    fn write(
        &mut self,
        files: Vec<render::Rendered>,
        statics: BTreeMap<String, StaticStamp>,
        report: &mut Report,
    ) -> Result<(), Diagnostics> {
        let mut rendered = HashMap::with_capacity(files.len());
        let mut touched = Vec::new();
        let mut wanted: BTreeSet<String> = statics.keys().cloned().collect();
        for f in files {
            wanted.insert(f.file.clone());
            if statics.contains_key(&f.file) {
                // Shadowed by a static file: not kept, so that it is
                // rendered again should the static file go away.
                continue;
            }
            // No bytes: the fingerprint matched the file on disk.
            if let Some(bytes) = &f.bytes {
                write_file(&self.out, &f.file, bytes)?;
                report.written += 1;
                touched.push(f.file.clone());
            }
            rendered.insert(f.file, f.fingerprint);
        }
        for (rel, stamp) in &statics {
            if stamp.is_none() || self.statics.get(rel) != Some(stamp) {
                let from = self.root.join("static").join(rel);
                let bytes = fs::read(&from).map_err(|e| {
                    Diagnostic::error(format!("static/{rel}"), format!("cannot copy: {e}"))
                })?;
                write_file(&self.out, rel, &bytes)?;
                report.written += 1;
                touched.push(rel.clone());
            }
        }
        let gone: Vec<&String> = self
            .rendered
            .keys()
            .chain(self.statics.keys())
            .filter(|f| !wanted.contains(*f))
            .collect();
        let listed = !gone.is_empty()
            || wanted
                .iter()
                .any(|f| !self.rendered.contains_key(f) && !self.statics.contains_key(f));
        for f in gone {
            remove_file(&self.out, f)?;
            report.deleted += 1;
            touched.push(f.clone());
        }
        if listed {
            write_file(
                &self.out,
                MANIFEST,
                crate::output::manifest(wanted.iter().map(String::as_str)).as_bytes(),
            )?;
        }
        report.files = wanted.len();
        report.touched = Some(touched);
        self.rendered = rendered;
        self.statics = statics;
        Ok(())
    }
}

/// What a changed path is to [`Session::quick`].
enum QuickKind {
    /// A file under `content/` that loading skips: hidden, an editor's
    /// backup, or not Markdown.
    Ignored,
    /// A Markdown file under `content/events/`.
    Event,
    /// Anything else.
    Other,
}

fn quick_kind(root: &Path, library: &crate::resolve::Library, rel: &str) -> QuickKind {
    let Some(inside) = rel.strip_prefix("content/") else {
        return QuickKind::Other;
    };
    let name = inside.rsplit('/').next().unwrap_or(inside);
    // As `load` skips them (by the file's own name only).
    if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') {
        return QuickKind::Ignored;
    }
    let meta = fs::symlink_metadata(root.join(rel));
    let is_file = meta.as_ref().is_ok_and(|m| m.is_file());
    if !name.ends_with(".md") {
        // A folder may hold records, and a path gone may have been a
        // folder that held some; otherwise, as an editor's or a tool's
        // scratch file, it is nothing to the site.
        let folder = format!("{rel}/");
        let held_records = || {
            let events = library.events.iter().map(|e| &e.origin);
            let actors = library.actors.iter().map(|a| &a.origin);
            let sources = library.sources.iter().map(|s| &s.origin);
            let pages = library.pages.iter().map(|p| &p.origin);
            events
                .chain(actors)
                .chain(sources)
                .chain(pages)
                .any(|o| o.file.starts_with(&folder))
        };
        return match meta {
            Ok(m) if m.is_file() => QuickKind::Ignored,
            Ok(_) => QuickKind::Other,
            Err(_) if held_records() => QuickKind::Other,
            Err(_) => QuickKind::Ignored,
        };
    }
    if inside.starts_with("events/") && is_file {
        QuickKind::Event
    } else {
        QuickKind::Other
    }
}

/// Digest of every file under `templates/` (names and bytes): the template
/// set `render::load_templates` builds is a function of these.
fn templates_fingerprint(root: &Path) -> Fingerprint {
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("templates"))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            all.extend_from_slice(entry.path().to_string_lossy().as_bytes());
            all.push(0);
            all.extend_from_slice(&fs::read(entry.path()).unwrap_or_default());
            all.push(0);
        }
    }
    Fingerprint::of_bytes(&all)
}

/// The files of `static/`, as `Staging::copy_tree` copies them.
fn scan_static(root: &Path) -> Result<BTreeMap<String, StaticStamp>, Diagnostics> {
    let dir = root.join("static");
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Diagnostic::error("static", format!("cannot read: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::load::relative(&dir, entry.path());
        out.insert(rel, Stamp::of(entry.path()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the minimal fixture dossier in `dir`.
    fn minimal(dir: &Path) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let root = dir.join("dossier");
        for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let to = root.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
        root
    }

    #[test]
    fn a_failed_rebuild_given_up_for_a_newer_change_reports_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = minimal(dir.path());
        let rel = "content/events/2019-12-27-attack.md";
        let good = fs::read_to_string(root.join(rel)).unwrap();
        let title = good.lines().find(|l| l.starts_with("title = ")).unwrap();
        let retitled = good.replace(title, "title = \"A new title\"");
        let mut session = Session::new(&root, Overrides::default(), &dir.path().join("site"));
        assert!(session.rebuild().is_ok());

        // A file caught half-written while a newer change is pending: the
        // rebuild gives up without errors and keeps the last good library,
        // so the newer change's quick pass can still be made.
        fs::write(root.join(rel), "+++\ntitle =").unwrap();
        let newer = AtomicBool::new(true);
        let report = session.rebuild_unless(&newer).expect("no errors reported");
        assert!(report.cancelled);
        fs::write(root.join(rel), &retitled).unwrap();
        let quick = session.quick(&[rel.to_string()]).expect("a quick pass");
        assert_eq!(quick.len(), 1, "{quick:?}");

        // The same failure with no newer change: its errors, and no quick
        // pass until a rebuild succeeds.
        fs::write(root.join(rel), "+++\ntitle =").unwrap();
        assert!(session.rebuild_unless(&AtomicBool::new(false)).is_err());
        fs::write(root.join(rel), &good).unwrap();
        assert_eq!(session.quick(&[rel.to_string()]), None);
    }
}
