//! `dossier init DIR`: a small dossier that builds without a warning and
//! shows every feature, written into a new or empty folder. The files are
//! embedded in the binary from `starter/`.

use crate::base::diagnostics::Problem;
use std::path::Path;

macro_rules! starter {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("starter/", $name)))),+]
    };
}

/// Every file of the starter dossier: (path, text).
const FILES: &[(&str, &str)] = starter!(
    "content/actors/calder-dockworkers.md",
    "content/actors/ilan-vess.md",
    "content/actors/northern-coast-militia.md",
    "content/actors/republic-of-aster.md",
    "content/events/2024-03-boat-harassment.md",
    "content/events/2024-04-12-fuel-depot-strike.md",
    "content/events/2024-04-20-camp-strike.md",
    "content/index.md",
    "content/pages/about.md",
    "content/pages/methodology.md",
    "content/sources/coast-herald-2024-04-14.md",
    "data/actors.toml",
    "data/incidents/incidents.csv",
    "data/sources.toml",
    "dossier.toml",
    "static/robots.txt",
);

/// Writes the starter dossier into `dir`; the process exit status.
pub fn run(dir: &Path) -> i32 {
    match write(dir) {
        Ok(()) => {
            println!(
                "Created a dossier in {dir}. Next: `dossier serve --root {dir}`, then edit its files.",
                dir = dir.display()
            );
            0
        }
        Err(message) => {
            eprintln!("error: {}: {message}", dir.display());
            1
        }
    }
}

fn write(dir: &Path) -> Result<(), Problem> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder: {e}"))?;
        if entries.next().is_some() {
            return Err(
                "the folder is not empty; nothing was written\n  = hint: choose a new or empty folder".into(),
            );
        }
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    Ok(())
}
