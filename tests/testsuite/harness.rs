//! A fixture dossier copied into a temporary folder, and the `dossier` binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of a fixture under `tests/fixtures/`, built in a temporary folder.
pub struct Dossier {
    _dir: tempfile::TempDir,
    /// The dossier's root.
    pub root: PathBuf,
}

/// What a run of the binary did.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails with the output when the run did not exit with `status`.
    pub fn expect(self, status: i32) -> Run {
        assert_eq!(
            self.status, status,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        self
    }
}

impl Dossier {
    /// Copies `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Dossier {
        Dossier::copy(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
        )
    }

    /// Copies the dossier at `from`: its configuration, content, data,
    /// templates and static files.
    pub fn copy(from: &Path) -> Dossier {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("dossier");
        std::fs::create_dir_all(&root).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let name = entry.unwrap().file_name();
            let n = name.to_string_lossy();
            if n == "dossier.toml" {
                std::fs::copy(from.join(&name), root.join(&name)).unwrap();
            } else if ["content", "data", "templates", "static", "captures"].contains(&n.as_ref()) {
                copy_dir(&from.join(&name), &root.join(&name));
            }
        }
        Dossier { _dir: dir, root }
    }

    /// Runs `dossier ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs `dossier ARGS --root ROOT` with environment variables set.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .envs(env.iter().copied())
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("run dossier");
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds into `public/` and expects success.
    pub fn build(&self) -> Run {
        self.run(&["build"]).expect(0)
    }

    /// Writes (or replaces) a file of the dossier.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads a file of the built site.
    pub fn output(&self, rel: &str) -> String {
        let path = self.root.join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every file of the built site, with its bytes.
    pub fn snapshot(&self, out: &str) -> BTreeMap<String, Vec<u8>> {
        let base = self.root.join(out);
        walk(&base)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(&base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    }
}

/// Asserts that `haystack` contains every needle, showing it otherwise.
#[macro_export]
macro_rules! assert_contains {
    ($haystack:expr, $($needle:expr),+ $(,)?) => {{
        let h: &str = &$haystack;
        $(
            assert!(h.contains($needle), "expected to find {:?} in:\n{}", $needle, h);
        )+
    }};
}

/// Every file below `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = rd.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Copies a folder; symbolic links are copied as links, never followed.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let _ = std::fs::remove_file(&target);
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every `href` and `src` of an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Checks that every internal link of every page in `site` resolves to a file
/// the build wrote, and every fragment to an id on the target page.
/// `base_path` is the path part of the base URL (for the 404 page's links).
pub fn check_links(site: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for page in walk(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&page).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let mut target = if path.is_empty() {
                page.clone()
            } else if let Some(abs) = path.strip_prefix(base_path) {
                site.join(abs)
            } else if path.starts_with('/') {
                broken.push(format!(
                    "{}: {link} is outside the base path",
                    page.display()
                ));
                continue;
            } else {
                page.parent().unwrap().join(&path)
            };
            if path.ends_with('/') || path.is_empty() && target.is_dir() || target.is_dir() {
                target = target.join("index.html");
            }
            let Ok(text) = std::fs::read_to_string(&target) else {
                broken.push(format!(
                    "{}: {link} -> {} does not exist",
                    page.display(),
                    target.display()
                ));
                continue;
            };
            if let Some(f) = fragment
                && !f.is_empty()
                && !text.contains(&format!("id=\"{f}\""))
            {
                broken.push(format!("{}: {link}: no id {f}", page.display()));
            }
        }
    }
    broken
}
