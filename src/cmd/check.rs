//! `dossier check`: every validation, nothing written.

use super::{Overrides, load_site, print_human};
use crate::base::diagnostics::Diagnostics;
use std::path::Path;

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: numbered, with the source line.
    Human,
    /// For editors' tools and CI.
    Json,
}

/// Checks the dossier; the process exit status.
pub fn run(root: &Path, format: Format, strict: bool, overrides: &Overrides) -> i32 {
    let mut diags = Diagnostics::default();
    let site = load_site(root, overrides, &mut diags);
    // Render every page without writing it: template errors are errors too.
    if let Some((library, tera)) = &site {
        let names = crate::output::Names::default();
        match crate::render::render(library, tera, &names) {
            Err(errors) => diags.extend(errors),
            Ok(_) => {
                let generated = names.0.into_inner().unwrap_or_default();
                let statics = crate::output::static_files(root);
                diags.extend(crate::output::static_collisions(
                    generated.iter().map(String::as_str),
                    statics.iter().map(String::as_str),
                ));
            }
        }
    }
    match format {
        Format::Json => print!("{}", diags.render_json()),
        Format::Human => {
            print_human(root, &diags, usize::MAX);
            if let Some((library, _)) = &site
                && !diags.has_errors()
            {
                eprintln!(
                    "Checked {} events, {} actors, {} sources, {} pages: {} error(s), {} warning(s).",
                    library.events.len(),
                    library.actors.len(),
                    library.sources.len(),
                    library.pages.len(),
                    diags.error_count(),
                    diags.warning_count()
                );
            } else {
                eprintln!(
                    "Check failed: {} error(s), {} warning(s).",
                    diags.error_count(),
                    diags.warning_count()
                );
            }
        }
    }
    let failed = diags.has_errors() || (strict && diags.warning_count() > 0);
    super::leave(site);
    super::leave(diags);
    i32::from(failed)
}
