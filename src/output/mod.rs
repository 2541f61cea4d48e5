//! Writing the site: nothing reaches the output folder until the whole
//! build has succeeded (see [`Staging`]). `serve` replaces single files in
//! place ([`in_place`]). Both keep the manifest's rule: only the files
//! dossier wrote are ever replaced or deleted.

pub(crate) mod in_place;
mod staging;

pub(crate) use staging::Staging;

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: the staging folder of a build, or nowhere for
/// `check`, which renders every page to find template errors.
pub(crate) trait Sink: Sync {
    /// Writes `bytes` at the site path `rel` (e.g. `events/x/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Writes at `rel` what `fill` writes, for files too large to hold
    /// whole (the exports at a million events are gigabytes). By default
    /// the bytes are gathered and given to [`Sink::write`].
    fn write_stream(&self, rel: &str, fill: Fill) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| cannot_write(rel, &e))?;
        self.write(rel, &bytes)
    }
}

/// Writes a file's bytes into the writer it is given.
pub(crate) type Fill<'f> = &'f mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// The error of a file that could not be written.
pub(crate) fn cannot_write(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(rel, format!("cannot write the output file: {e}"))
}

/// A sink that keeps only the site paths written, for `check`.
#[derive(Default)]
pub(crate) struct Names(pub Mutex<Vec<String>>);

impl Sink for Names {
    fn write_stream(&self, rel: &str, fill: Fill) -> Result<(), Diagnostic> {
        fill(&mut std::io::sink()).map_err(|e| cannot_write(rel, &e))?;
        self.write(rel, &[])
    }

    fn write(&self, rel: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .expect("no panic while holding the lock")
            .push(rel.to_string());
        Ok(())
    }
}

/// The site paths of the files under `root/static/`, as the build copies
/// them (links are not followed).
pub(crate) fn static_files(root: &Path) -> Vec<String> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| crate::base::files::relative(&dir, e.path()))
        .collect()
}

/// The name of the manifest a build leaves in its output folder: the site
/// paths it wrote, one a line. It marks the folder as dossier's, and only
/// the files it lists are ever deleted by a later build.
pub(crate) const MANIFEST: &str = ".dossier-manifest";

const MANIFEST_HEADER: &str = "# Written by dossier: the files of the site built in this folder. \
A build replaces only a folder that is empty or carries this file, and deletes only the files listed.";

/// What a build may do to the files already in its output folder.
#[derive(Debug, Clone)]
pub(crate) enum Owned {
    /// Nothing is there, or nothing there is the build's: files are written,
    /// none deleted.
    Nothing,
    /// The files listed in the folder's manifest.
    Listed(HashSet<String>),
    /// Everything: an output written by a version of dossier that left no
    /// manifest, recognised by the files every build writes.
    Everything,
}

impl Owned {
    fn owns(&self, rel: &str) -> bool {
        match self {
            Owned::Nothing => false,
            Owned::Listed(files) => files.contains(rel),
            Owned::Everything => true,
        }
    }
}

/// Files every build of earlier versions wrote: a folder without a manifest
/// that holds all of them is taken for an earlier dossier output.
const EARLIER_OUTPUT: [&str; 3] = ["sitemap.xml", "404.html", "data/dossier.json"];

/// Decides whether the build may write into `output`, and what of it is
/// its own. Missing or empty: yes. A manifest: the files it lists. An
/// earlier dossier output without one: all of it. A regular file, or a
/// folder holding anything else: refused, unless `force` (then the site is
/// written into it and nothing already there is deleted).
pub(crate) fn claim(output: &Path, force: bool) -> Result<Owned, Diagnostics> {
    let name = output.display().to_string();
    let meta = match fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Owned::Nothing),
        Err(e) => {
            return Err(
                Diagnostic::error(name, format!("cannot read the output folder: {e}"))
                    .hint("check its permissions, or choose another folder with `--output DIR`")
                    .into(),
            );
        }
    };
    if meta.file_type().is_symlink() {
        // The link itself is replaced by the site's folder; what it points
        // to is never touched.
        return Ok(Owned::Nothing);
    }
    if !meta.is_dir() {
        return Err(Diagnostic::error(
            name,
            "the output path is a file, not a folder: building would replace it",
        )
        .hint("choose another output folder with `--output DIR`, or move the file away")
        .into());
    }
    let manifest = output.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) => {
            let files = text
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter(|l| safe_site_path(l))
                .map(str::to_string)
                .collect();
            return Ok(Owned::Listed(files));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Diagnostic::error(
                manifest.display().to_string(),
                format!("cannot read the output folder's manifest: {e}"),
            )
            .hint("check its permissions, or choose another folder with `--output DIR`")
            .into());
        }
    }
    let empty = fs::read_dir(output)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(Owned::Nothing);
    }
    if EARLIER_OUTPUT
        .iter()
        .all(|f| fs::symlink_metadata(output.join(f)).is_ok_and(|m| m.is_file()))
    {
        return Ok(Owned::Everything);
    }
    if force {
        return Ok(Owned::Nothing);
    }
    Err(Diagnostic::error(
        name,
        "the output folder already holds files that dossier did not write: building would mix the site with them",
    )
    .hint(format!(
        "choose an empty or new folder with `--output DIR`, or pass `--force` to write the site into this one \
         (files already there are kept, those at a page's path are overwritten); dossier recognises its own \
         output by the `{MANIFEST}` file it leaves"
    )).into())
}

/// A manifest line that names a file below the output folder: relative,
/// never climbing out of it.
fn safe_site_path(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The files of `static/` that would replace, or stand in the way of, a
/// file the build generates: one error each, naming both. `generated` and
/// `statics` are site paths (`events/x/index.html`).
pub(crate) fn static_collisions<'a>(
    generated: impl Iterator<Item = &'a str>,
    statics: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let generated: HashSet<&str> = generated.collect();
    let mut folders: HashMap<&str, &str> = HashMap::new();
    for g in &generated {
        let mut dir = *g;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if folders.insert(parent, g).is_some() {
                break;
            }
            dir = parent;
        }
    }
    let mut errors = Vec::new();
    for rel in statics {
        let why = if generated.contains(rel) {
            format!("would replace the file `{rel}` the build generates")
        } else if let Some(example) = folders.get(rel) {
            format!(
                "is a file where the build generates the folder `{rel}/` (with `{example}` and more): it would delete those pages"
            )
        } else if let Some(file) = {
            let mut found = None;
            let mut dir = rel;
            while let Some((parent, _)) = dir.rsplit_once('/') {
                if generated.contains(parent) {
                    found = Some(parent);
                    break;
                }
                dir = parent;
            }
            found
        } {
            format!("needs a folder `{file}/` where the build generates the file `{file}`")
        } else {
            continue;
        };
        errors.push(
            Diagnostic::error(format!("static/{rel}"), format!("this static file {why}")).hint(
                "rename or move the static file; to change a built-in page or asset, put your version in templates/ instead",
            ),
        );
    }
    errors
}

/// The manifest's text: its header, then the site paths sorted.
pub(crate) fn manifest<'a>(files: impl Iterator<Item = &'a str>) -> String {
    let mut files: Vec<&str> = files.filter(|f| *f != MANIFEST).collect();
    files.sort();
    files.dedup();
    let mut text = String::with_capacity(files.len() * 32 + 200);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    text
}

/// Refuses a `[build] output` whose folder, once links are followed, lies
/// outside the dossier's (a link planted in a dossier someone received).
/// The output itself may be a link: the build replaces the link, never
/// what it points to.
pub(crate) fn check_inside(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let parent = output.parent().unwrap_or(output);
    if canonical(parent).starts_with(canonical(root)) {
        return Ok(());
    }
    Err(Diagnostic::error(
        output.display().to_string(),
        "[build] output leads out of the dossier's folder through a link",
    )
    .hint("write a folder inside the dossier in dossier.toml; to build elsewhere, pass `--output DIR`").into())
}

/// `p` with links resolved; a part that does not exist yet is kept as it is,
/// below its nearest existing ancestor.
fn canonical(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while fs::symlink_metadata(&existing).is_err() {
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
}

/// Refuses an output folder that equals or contains the dossier's sources,
/// or lies inside one of its input folders.
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let root = canonical(root);
    let out = canonical(output);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            output.display().to_string(),
            format!("the output folder {why}"),
        )
        .hint("choose another output folder, e.g. `--output public` (the default)")
        .into())
    };
    if out == root {
        return refuse("is the dossier's own folder: building would replace its sources");
    }
    if root.starts_with(&out) {
        return refuse("contains the dossier's sources: building would replace them");
    }
    for input in ["content", "data", "templates", "static", "captures"] {
        if out.starts_with(root.join(input)) {
            return refuse(&format!("lies inside the dossier's {input}/ folder"));
        }
    }
    Ok(())
}
