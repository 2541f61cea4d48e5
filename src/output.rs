//! Writing the site atomically: into a staging folder beside the output,
//! swapped in only when the whole build succeeded.

use crate::diagnostics::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};

/// Where rendered files go: the staging folder of a build, or nowhere for
/// `check`, which renders every page to find template errors.
pub trait Sink: Sync {
    /// Writes `bytes` at the site path `rel` (e.g. `events/x/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

/// A sink that keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, rel, bytes)
    }
}

/// A build's output under construction.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder for `target`.
    pub fn begin(target: &Path) -> Result<Staging, Diagnostic> {
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
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Writes `bytes` at the site path `rel` (e.g. `events/x/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        let fail = |e: std::io::Error| {
            Diagnostic::error(rel, format!("cannot write the output file: {e}"))
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail)?;
        }
        fs::write(&path, bytes).map_err(fail)
    }

    /// Copies `static/` (or any folder) into the site as it is.
    pub fn copy_tree(&self, from: &Path) -> Result<usize, Diagnostic> {
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
            let to = self.dir.join(rel);
            let fail = |e: std::io::Error| {
                Diagnostic::error(
                    format!("static/{}", rel.display()),
                    format!("cannot copy: {e}"),
                )
            };
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            fs::copy(entry.path(), &to).map_err(fail)?;
            n += 1;
        }
        Ok(n)
    }

    /// Swaps the staging folder in for the output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::error(
                self.target.display().to_string(),
                format!("cannot replace the output folder: {e}"),
            )
        };
        let old = self.dir.with_file_name(format!(
            ".{}.dossier-old",
            self.target
                .file_name()
                .map_or("public".into(), |n| n.to_string_lossy())
        ));
        if old.exists() {
            fs::remove_dir_all(&old).map_err(fail)?;
        }
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(fail)?;
        }
        fs::rename(&self.dir, &self.target).map_err(fail)?;
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(fail)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses an output folder that equals or contains the dossier's sources,
/// or lies inside one of its input folders.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let canon = |p: &Path| -> PathBuf {
        // The output may not exist yet: canonicalise its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        for part in rest.into_iter().rev() {
            c.push(part);
        }
        c
    };
    let root = canon(root);
    let out = canon(output);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            output.display().to_string(),
            format!("the output folder {why}"),
        )
        .hint("choose another output folder, e.g. `--output public` (the default)"))
    };
    if out == root {
        return refuse("is the dossier's own folder: building would replace its sources");
    }
    if root.starts_with(&out) {
        return refuse("contains the dossier's sources: building would replace them");
    }
    for input in ["content", "data", "templates", "static"] {
        if out.starts_with(root.join(input)) {
            return refuse(&format!("lies inside the dossier's {input}/ folder"));
        }
    }
    Ok(())
}
