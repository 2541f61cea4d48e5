//! `serve`'s writes: one file of the live site replaced or deleted at a
//! time, each atomically, under the same manifest as a build's.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use std::fs;
use std::path::Path;

/// Replaces one file of the site: written beside it, then renamed over it,
/// so that a request never sees half a page.
pub(crate) fn write_file(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = out.join(rel);
    let tmp = path.with_file_name(format!(
        ".{}.dossier-tmp",
        path.file_name()
            .map_or("file".into(), |n| n.to_string_lossy())
    ));
    write_plain(
        out,
        &tmp.strip_prefix(out).unwrap_or(&tmp).to_string_lossy(),
        bytes,
    )?;
    fs::rename(&tmp, &path).map_err(|e| {
        Diagnostic::error(
            path.display().to_string(),
            format!("cannot write the output file: {e}"),
        )
    })
}

/// Writes one file into a folder nothing serves yet.
pub(crate) fn write_plain(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = dir.join(rel);
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            path.display().to_string(),
            format!("cannot write the output file: {e}"),
        )
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    fs::write(&path, bytes).map_err(fail)
}

/// Deletes one file of the site and the folders it leaves empty.
pub(crate) fn remove_file(out: &Path, rel: &str) -> Result<(), Diagnostics> {
    let path = out.join(rel);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Diagnostic::error(
                path.display().to_string(),
                format!("cannot delete the output file: {e}"),
            )
            .into());
        }
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}
