//! `dossier diff OLD NEW`: which records two editions add, remove and
//! change, field by field, for people or as JSON.

use super::print_human;
use crate::base::diagnostics::Diagnostics;
use crate::editions::diff::{Export, compare};
use std::path::Path;

/// How `diff` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: counts, then each record and field.
    Human,
    /// For tools, with a `schema_version`.
    Json,
}

/// Compares two editions; the process exit status (0 whether or not they
/// differ, 1 when either cannot be read as an export).
pub fn run(old: &Path, new: &Path, format: Format) -> i32 {
    let mut diags = Diagnostics::default();
    let mut read = |path: &Path| match Export::read(path) {
        Ok(e) => Some(e),
        Err(d) => {
            diags.absorb(d);
            None
        }
    };
    let (before, after) = (read(old), read(new));
    let (Some(before), Some(after)) = (before, after) else {
        print_human(Path::new(""), &diags, usize::MAX);
        eprintln!(
            "Diff failed: {} error{}.",
            diags.error_count(),
            if diags.error_count() == 1 { "" } else { "s" }
        );
        return 1;
    };
    let diff = compare(&before, &after);
    let text = match format {
        Format::Json => diff.to_json(),
        Format::Human => diff.to_human(&old.display().to_string(), &new.display().to_string()),
    };
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(text.as_bytes());
    0
}
