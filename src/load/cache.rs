//! What `serve` keeps between loads: every input file as parsed, keyed by
//! its path and stamp (size, times, inode), and every record as converted,
//! keyed by the versions of the files it was read from.
//!
//! A file is parsed again when its stamp changed. A stamp can only hide a
//! change made within the file system's timestamp granularity of the moment
//! it was read (two same-sized writes within a few milliseconds), so a file
//! modified less than [`RACY`] before it was read is never trusted from the
//! cache: it is read again on every load until it has been quiet that long
//! (as Git treats "racily clean" files). Conversion is a function of the
//! record as read and of the configuration; a record's file versions fix the
//! former, and the memo is emptied whenever the configuration differs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Files modified more recently than this before being read are not cached.
const RACY: Duration = Duration::from_secs(2);

/// A file's identity and state as far as its metadata tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: SystemTime,
    #[cfg(unix)]
    ctime: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    /// The stamp of `path` (links followed), or `None` when it cannot be
    /// trusted: unreadable metadata, no modification time, or too recent.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let read_at = SystemTime::now();
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        // The inode's change time moves on every write, even when the
        // modification time is set back: it counts for recency too.
        #[cfg(unix)]
        let changed = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(
                u64::try_from(meta.ctime()).ok()?,
                u32::try_from(meta.ctime_nsec()).ok()?,
            ))?
            .max(modified);
        #[cfg(not(unix))]
        let changed = modified;
        if read_at
            .duration_since(changed)
            .map_or(true, |age| age < RACY)
        {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified,
            #[cfg(unix)]
            ctime: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        })
    }
}

/// A parsed file.
pub(crate) struct Cached<T> {
    stamp: Stamp,
    version: u64,
    value: T,
}

/// A map of parsed files of one kind, rebuilt on every load so that files
/// gone from the dossier leave it.
pub(crate) struct Files<T> {
    old: HashMap<PathBuf, Cached<T>>,
    new: HashMap<PathBuf, Cached<T>>,
}

impl<T> Default for Files<T> {
    fn default() -> Self {
        Files {
            old: HashMap::new(),
            new: HashMap::new(),
        }
    }
}

impl<T: Clone + Send> Files<T> {
    /// Every file's value with its version: unchanged files from the cache,
    /// the others parsed in parallel and remembered.
    pub(crate) fn parse_all<F: Sync>(
        &mut self,
        versions: &mut u64,
        files: &[F],
        path: impl Fn(&F) -> &Path + Sync,
        parse: impl Fn(&F) -> T + Sync,
    ) -> Vec<(T, u64)> {
        use rayon::prelude::*;
        let stamps: Vec<Option<Stamp>> = files.par_iter().map(|f| Stamp::of(path(f))).collect();
        let hits: Vec<Option<(T, u64)>> = files
            .iter()
            .zip(&stamps)
            .map(|(f, s)| self.hit(path(f), *s))
            .collect();
        let missed: Vec<bool> = hits.iter().map(Option::is_none).collect();
        let fresh: Vec<Option<T>> = files
            .par_iter()
            .zip(&missed)
            .map(|(f, missed)| missed.then(|| parse(f)))
            .collect();
        files
            .iter()
            .zip(stamps)
            .zip(hits.into_iter().zip(fresh))
            .map(|((f, stamp), (hit, fresh))| match (hit, fresh) {
                (Some(hit), _) => hit,
                (None, Some(value)) => {
                    let v = self.store(versions, path(f), stamp, &value);
                    (value, v)
                }
                (None, None) => unreachable!("parsed when not cached"),
            })
            .collect()
    }

    /// The cached value of `path` if its stamp is unchanged: (value, version).
    pub(crate) fn hit(&mut self, path: &Path, stamp: Option<Stamp>) -> Option<(T, u64)> {
        let stamp = stamp?;
        let entry = self.old.remove(path).filter(|c| c.stamp == stamp)?;
        let out = (entry.value.clone(), entry.version);
        self.new.insert(path.to_path_buf(), entry);
        Some(out)
    }

    /// Records a freshly parsed value; its version.
    pub(crate) fn store(
        &mut self,
        versions: &mut u64,
        path: &Path,
        stamp: Option<Stamp>,
        value: &T,
    ) -> u64 {
        *versions += 1;
        if let Some(stamp) = stamp {
            self.new.insert(
                path.to_path_buf(),
                Cached {
                    stamp,
                    version: *versions,
                    value: value.clone(),
                },
            );
        }
        *versions
    }

    /// Ends a load: files not seen in it are forgotten.
    pub(crate) fn finish(&mut self) {
        self.old = std::mem::take(&mut self.new);
    }

    /// Ends a load given up before it saw every file: what it saw, parsed
    /// again or not, joins what it did not.
    pub(crate) fn abandon(&mut self) {
        let seen = std::mem::take(&mut self.new);
        self.old.extend(seen);
    }
}

/// A conversion remembered: the versions of the files the record came from
/// (its own, and the data row it was merged over), and the result.
pub(crate) type MemoKey = (Option<(Arc<str>, u64)>, Option<(Arc<str>, u64)>);
