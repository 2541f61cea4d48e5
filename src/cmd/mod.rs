//! The subcommands: each loads the dossier through the same pipeline.

pub mod build;
pub mod capture;
pub mod check;
pub mod diff;
pub mod init;
pub mod new;
pub mod serve;

pub use crate::pipeline::Overrides;
pub(crate) use crate::pipeline::load_site;

use crate::base::diagnostics::Diagnostics;
use std::path::Path;

/// Prints the diagnostics for a person, with the offending source lines;
/// `max_warnings` caps the warnings drawn in full (errors are all drawn).
pub(crate) fn print_human(root: &Path, diags: &Diagnostics, max_warnings: usize) {
    let report = diags.render_human_limited(
        |file| std::fs::read_to_string(root.join(file)).ok(),
        max_warnings,
    );
    // A closed terminal is no reason to panic: the report is then lost.
    use std::io::Write as _;
    let _ = std::io::stderr().write_all(report.as_bytes());
}

/// Leaves `value` to the end of the process instead of dropping it, for
/// what a command holds when it is about to exit: freeing a 10k-event
/// library and its diagnostics piece by piece took 35 ms, and the
/// operating system takes the memory back at once.
pub(crate) fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// Warnings `build` draws in full; `check` draws them all.
pub(crate) const BUILD_WARNINGS_SHOWN: usize = 50;
