//! A build's output under construction: staged beside the output, swapped
//! in whole at the end.

use super::{Fill, MANIFEST, Owned, Sink, cannot_write, manifest};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, rel, bytes)
    }

    fn write_stream(&self, rel: &str, fill: Fill) -> Result<(), Diagnostic> {
        Staging::write_stream(self, rel, fill)
    }
}

/// A build's output under construction.
///
/// A first build writes the whole site into a staging folder beside the
/// output and renames it into place. Later builds update the output in
/// place: a file whose bytes are already there is left alone (so its inode
/// and modification time stay, and an unchanged rebuild writes nothing);
/// a new or changed file is written into the staging folder and moved over
/// the old one only at [`Staging::commit`], after every page has rendered;
/// files the build no longer makes are removed then. Either way a failed
/// build leaves the previous output exactly as it was.
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// `None` for a first build; for an update, each site path written so
    /// far and the staged file holding its new bytes (`None`: unchanged).
    update: Option<Mutex<HashMap<String, Option<PathBuf>>>>,
    /// For an update: what the output holds, listed while the site renders
    /// (site path, is a folder), folders after their contents.
    listing: Option<std::thread::JoinHandle<Listing>>,
    staged: AtomicUsize,
    committed: bool,
    /// For a first build: each site path written, one a line. One string
    /// rather than a `String` each: a million events write 4.8 million
    /// files, and their paths alone took 400 MB as strings of their own.
    written: Mutex<String>,
    /// What of the output folder is the build's to replace or delete.
    owned: Owned,
}

impl Staging {
    /// Creates an empty staging folder for `target`.
    pub(crate) fn begin(target: &Path, owned: Owned) -> Result<Staging, Diagnostics> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.dossier-staging"));
        let fail = |e: std::io::Error| {
            Diagnostic::error(
                dir.display().to_string(),
                format!("cannot prepare the output: {e}"),
            )
            .hint("check that the output's parent folder exists and is writable")
        };
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(fail)?;
        }
        fs::create_dir_all(&dir).map_err(fail)?;
        let update = fs::symlink_metadata(target)
            .is_ok_and(|m| m.is_dir())
            .then(|| Mutex::new(HashMap::new()));
        let listing = update.is_some().then(|| {
            let target = target.to_path_buf();
            std::thread::spawn(move || list(&target))
        });
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            update,
            listing,
            staged: AtomicUsize::new(0),
            committed: false,
            written: Mutex::new(String::new()),
            owned,
        })
    }

    /// Writes `bytes` at the site path `rel` (e.g. `events/x/index.html`).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::error(rel, format!("cannot write the output file: {e}"))
        };
        let Some(update) = &self.update else {
            let path = self.dir.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            fs::write(&path, bytes).map_err(fail)?;
            self.wrote(rel);
            return Ok(());
        };
        let unchanged = holds(&self.target.join(rel), bytes);
        self.stage(update, rel.to_string(), unchanged, |to| {
            fs::write(to, bytes)
        })
        .map_err(fail)
    }

    /// Writes at the site path `rel` what `fill` writes, through a buffer:
    /// the file is never whole in memory. In an update, it is staged and
    /// then compared with the output's file, as [`Staging::write`] compares
    /// bytes.
    pub(crate) fn write_stream(&self, rel: &str, fill: Fill) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| cannot_write(rel, &e);
        let mut to_file = |path: &Path| -> std::io::Result<()> {
            let mut w = std::io::BufWriter::with_capacity(256 * 1024, fs::File::create(path)?);
            fill(&mut w)?;
            w.into_inner().map_err(|e| e.into_error())?;
            Ok(())
        };
        let Some(update) = &self.update else {
            let path = self.dir.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            to_file(&path).map_err(fail)?;
            self.wrote(rel);
            return Ok(());
        };
        let n = self.staged.fetch_add(1, Ordering::Relaxed);
        let staged = self.dir.join(n.to_string());
        to_file(&staged).map_err(fail)?;
        let unchanged = same_contents(&staged, &self.target.join(rel));
        if unchanged {
            fs::remove_file(&staged).map_err(fail)?;
        }
        update
            .lock()
            .expect("no panic while holding the lock")
            .insert(rel.to_string(), (!unchanged).then_some(staged));
        Ok(())
    }

    /// Records the site path `rel` of an update: unchanged, or with its new
    /// bytes written by `fill` to a fresh file of the staging folder.
    fn stage(
        &self,
        update: &Mutex<HashMap<String, Option<PathBuf>>>,
        rel: String,
        unchanged: bool,
        fill: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let staged = if unchanged {
            None
        } else {
            let n = self.staged.fetch_add(1, Ordering::Relaxed);
            let path = self.dir.join(n.to_string());
            fill(&path)?;
            Some(path)
        };
        update
            .lock()
            .expect("no panic while holding the lock")
            .insert(rel, staged);
        Ok(())
    }

    /// The site paths written so far.
    pub(crate) fn written(&self) -> Vec<String> {
        match &self.update {
            Some(update) => update
                .lock()
                .expect("no panic while holding the lock")
                .keys()
                .cloned()
                .collect(),
            None => self
                .written
                .lock()
                .expect("no panic while holding the lock")
                .lines()
                .map(str::to_string)
                .collect(),
        }
    }

    /// Notes that a first build wrote the site path `rel`.
    fn wrote(&self, rel: &str) {
        let mut written = self
            .written
            .lock()
            .expect("no panic while holding the lock");
        written.push_str(rel);
        written.push('\n');
    }

    /// Copies `static/` (or any folder) into the site as it is.
    pub(crate) fn copy_tree(&self, from: &Path) -> Result<usize, Diagnostics> {
        let mut n = 0;
        for entry in walkdir::WalkDir::new(from)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry =
                entry.map_err(|e| Diagnostic::error("static", format!("cannot read: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(from).expect("walked below from");
            let fail = |e: std::io::Error| {
                Diagnostic::error(
                    format!("static/{}", rel.display()),
                    format!("cannot copy: {e}"),
                )
            };
            match &self.update {
                None => {
                    let to = self.dir.join(rel);
                    if let Some(parent) = to.parent() {
                        fs::create_dir_all(parent).map_err(fail)?;
                    }
                    fs::copy(entry.path(), &to).map_err(fail)?;
                    self.wrote(&crate::base::files::relative(from, entry.path()));
                }
                Some(update) => {
                    let unchanged = same_contents(entry.path(), &self.target.join(rel));
                    self.stage(
                        update,
                        crate::base::files::relative(from, entry.path()),
                        unchanged,
                        |to| fs::copy(entry.path(), to).map(drop),
                    )
                    .map_err(fail)?;
                }
            }
            n += 1;
        }
        Ok(n)
    }

    /// Puts the new site in place of the old one.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostics> {
        let fail = |e: std::io::Error| {
            Diagnostic::error(
                self.target.display().to_string(),
                format!("cannot replace the output folder: {e}"),
            )
        };
        let Some(update) = self.update.take() else {
            let written = std::mem::take(
                &mut *self
                    .written
                    .lock()
                    .expect("no panic while holding the lock"),
            );
            fs::write(self.dir.join(MANIFEST), manifest(written.lines())).map_err(fail)?;
            // Not a folder, if anything: a link in the way (`claim`
            // refuses a file). The link goes, never what it points to.
            if fs::symlink_metadata(&self.target).is_ok_and(|m| m.file_type().is_symlink()) {
                fs::remove_file(&self.target).map_err(fail)?;
            }
            fs::rename(&self.dir, &self.target).map_err(fail)?;
            self.committed = true;
            return Ok(());
        };
        let mut files = update
            .into_inner()
            .expect("no panic while holding the lock");
        {
            let n = self.staged.fetch_add(1, Ordering::Relaxed);
            let path = self.dir.join(n.to_string());
            let text = manifest(files.keys().map(String::as_str));
            let unchanged = holds(&self.target.join(MANIFEST), text.as_bytes());
            if !unchanged {
                fs::write(&path, text).map_err(fail)?;
            }
            files.insert(MANIFEST.to_string(), (!unchanged).then_some(path));
        }
        // What the build no longer makes goes first, then folders left
        // empty: only what the previous build wrote (its manifest), never a
        // file someone else put in the folder. Folders holding a file of the
        // site are not even tried.
        let mut kept: HashSet<&str> = HashSet::new();
        for rel in files.keys() {
            let mut dir = rel.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                if !kept.insert(parent) {
                    break;
                }
                dir = parent;
            }
        }
        let listing = match self.listing.take().map(std::thread::JoinHandle::join) {
            Some(Ok(listing)) => listing,
            _ => list(&self.target),
        }
        .map_err(|e| fail(e.into()))?;
        let mut owned_dirs: HashSet<&str> = HashSet::new();
        for (rel, is_dir) in &listing {
            if *is_dir || !self.owned.owns(rel) {
                continue;
            }
            let mut dir = rel.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                if !owned_dirs.insert(parent) {
                    break;
                }
                dir = parent;
            }
        }
        for (rel, is_dir) in &listing {
            let path = self.target.join(rel);
            if *is_dir {
                if !kept.contains(rel.as_str()) && owned_dirs.contains(rel.as_str()) {
                    // Fails, as it should, while the folder holds anything.
                    let _ = fs::remove_dir(&path);
                }
            } else if !files.contains_key(rel) && self.owned.owns(rel) {
                match fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(fail(e).into());
                    }
                    _ => {}
                }
            }
        }
        let mut changed: Vec<(&String, &PathBuf)> = files
            .iter()
            .filter_map(|(rel, staged)| staged.as_ref().map(|s| (rel, s)))
            .collect();
        changed.sort();
        let mut made: HashSet<PathBuf> = HashSet::new();
        for (rel, staged) in changed {
            let to = self.target.join(rel);
            if let Some(parent) = to.parent()
                && made.insert(parent.to_path_buf())
            {
                make_dirs(&self.target, parent).map_err(fail)?;
            }
            if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                // Emptied above when it was the previous build's; a folder
                // holding someone else's files is not replaced.
                fs::remove_dir(&to).map_err(|e| {
                    Diagnostic::error(
                        to.display().to_string(),
                        format!("cannot replace this folder with a file of the site: {e}"),
                    )
                    .hint("it holds files dossier did not write: move them away, or choose another output folder")
                })?;
            }
            fs::rename(staged, &to).map_err(fail)?;
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

/// What a folder holds: (site path, is a folder), folders after their
/// contents.
type Listing = walkdir::Result<Vec<(String, bool)>>;

/// Everything under `target`.
fn list(target: &Path) -> Listing {
    walkdir::WalkDir::new(target)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true)
        .into_iter()
        .map(|entry| {
            let entry = entry?;
            let rel = crate::base::files::relative(target, entry.path());
            Ok((rel, entry.file_type().is_dir()))
        })
        .collect()
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    // Opened without following a symbolic link (a link is never "the
    // file"), then sized through the open file: one path lookup, and no
    // read past the size the file was found to have.
    let Ok(mut file) = open_no_follow(path) else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    // Compared a block at a time through the thread's buffer: no
    // allocation, nothing to zero (64 KiB on the stack, zeroed for every
    // page, cost more than the comparison), and no more read than up to
    // the first difference.
    thread_local! {
        static BUF: std::cell::RefCell<Box<[u8]>> =
            std::cell::RefCell::new(vec![0; 64 * 1024].into_boxed_slice());
    }
    BUF.with_borrow_mut(|buf| {
        let mut rest = bytes;
        while !rest.is_empty() {
            let want = rest.len().min(buf.len());
            let n = match file.read(&mut buf[..want]) {
                Ok(0) => return false,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            };
            if buf[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
        }
        true
    })
}

/// Opens `path` for reading, failing on a symbolic link.
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    #[cfg(not(unix))]
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    Ok(file)
}

/// Whether the regular file `to` has the same bytes as the file `from`,
/// compared a block at a time (static files may be large).
fn same_contents(from: &Path, to: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::metadata(from), fs::symlink_metadata(to)) else {
        return false;
    };
    if !b.is_file() || a.len() != b.len() {
        return false;
    }
    let (Ok(a), Ok(b)) = (fs::File::open(from), fs::File::open(to)) else {
        return false;
    };
    let (mut a, mut b) = (std::io::BufReader::new(a), std::io::BufReader::new(b));
    loop {
        let (Ok(x), Ok(y)) = (a.fill_buf(), b.fill_buf()) else {
            return false;
        };
        if x.is_empty() || y.is_empty() {
            return x.is_empty() && y.is_empty();
        }
        let n = x.len().min(y.len());
        if x[..n] != y[..n] {
            return false;
        }
        a.consume(n);
        b.consume(n);
    }
}

/// `fs::create_dir_all(dir)` below `root`.
fn make_dirs(root: &Path, dir: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    if let Some(parent) = dir.parent()
        && parent.starts_with(root)
        && parent != root
    {
        make_dirs(root, parent)?;
    }
    // A file of the previous build in the way is gone already; anything
    // else standing there makes this fail rather than be deleted.
    fs::create_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::holds;
    use std::fs;

    #[test]
    fn a_file_holds_its_exact_bytes_and_a_link_never_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.html");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&file, &big).unwrap();
        assert!(holds(&file, &big));
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        assert!(!holds(&file, &changed), "a difference past the first block");
        assert!(!holds(&file, &big[..big.len() - 1]), "shorter");
        assert!(!holds(&file, &[big.as_slice(), b"x"].concat()), "longer");
        assert!(!holds(&dir.path().join("missing.html"), b""));
        assert!(!holds(dir.path(), b""), "a folder");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.html");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(!holds(&link, &big), "a link to the same bytes");
        }
        let empty = dir.path().join("empty.html");
        fs::write(&empty, b"").unwrap();
        assert!(holds(&empty, b""));
    }
}
