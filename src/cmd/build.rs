//! `dossier build`: the whole site, or nothing.

use super::{Overrides, load_site, print_human};
use crate::base::diagnostics::Diagnostics;
use crate::output::Staging;
use std::path::Path;
use std::time::Instant;

/// Builds the site; the process exit status.
pub fn run(root: &Path, overrides: &Overrides) -> i32 {
    let started = Instant::now();
    // Only the warnings drawn are kept; the others are counted.
    let mut diags = Diagnostics::drawing_warnings(super::BUILD_WARNINGS_SHOWN);
    let site = load_site(root, overrides, &mut diags);
    let result = site.and_then(|(library, tera)| {
        let staging = match crate::output::claim(&library.config.output, overrides.force)
            .and_then(|owned| Staging::begin(&library.config.output, owned))
        {
            Ok(s) => s,
            Err(d) => {
                diags.absorb(d);
                return None;
            }
        };
        let mut written = match crate::render::render(&library, &tera, &staging) {
            Ok(summary) => {
                if let Some(note) = summary.slower {
                    eprintln!("{note}");
                }
                summary.files
            }
            Err(errors) => {
                diags.extend(errors);
                return None;
            }
        };
        let static_dir = root.join("static");
        if static_dir.is_dir() {
            let statics = crate::output::static_files(root);
            let generated = staging.written();
            let collisions = crate::output::static_collisions(
                generated.iter().map(String::as_str),
                statics.iter().map(String::as_str),
            );
            if !collisions.is_empty() {
                diags.extend(collisions);
                return None;
            }
            match staging.copy_tree(&static_dir) {
                Ok(n) => written += n,
                Err(d) => {
                    diags.absorb(d);
                    return None;
                }
            }
        }
        if let Err(d) = staging.commit() {
            diags.absorb(d);
            return None;
        }
        Some((library, written))
    });
    print_human(root, &diags, super::BUILD_WARNINGS_SHOWN);
    let status = match result {
        Some((library, written)) => {
            eprintln!(
                "Built {}{} files ({} events, {} actors, {} sources, {} pages) into {} in {:.2} s{}.",
                library
                    .config
                    .as_of
                    .as_ref()
                    .map_or(String::new(), |d| format!("the edition as of {}: ", d.raw)),
                written,
                library.events.len(),
                library.actors.len(),
                library.sources.len(),
                library.pages.len(),
                library.config.output.display(),
                started.elapsed().as_secs_f64(),
                match diags.warning_count() {
                    0 => String::new(),
                    1 => " with 1 warning".into(),
                    n => format!(" with {n} warnings"),
                }
            );
            super::leave(library);
            0
        }
        None => {
            eprintln!(
                "Build failed: {} error{}. Nothing was written; the previous site, if any, is unchanged.",
                diags.error_count().max(1),
                if diags.error_count() == 1 { "" } else { "s" }
            );
            1
        }
    };
    super::leave(diags);
    status
}
