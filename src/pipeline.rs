//! The pipeline assembled: configuration, with the command line's overrides,
//! then the content and the templates read side by side, resolved into a
//! [`Library`], reduced to an edition as of a day. Every command, the
//! incremental rebuilds and the tests load a dossier through here.

use crate::base::diagnostics::Diagnostics;
use crate::config::{self, Config};
use crate::resolve::{self, Library};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use tera::Tera;

/// Command-line settings that override `dossier.toml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--as-of`: the day of the edition, as written.
    pub as_of: Option<String>,
    /// `--force`: write into an output folder that holds files dossier did
    /// not write.
    pub force: bool,
    /// `--previous`: the previous edition (a built site or its export).
    pub previous: Option<PathBuf>,
    /// `--tera-only` (hidden): every page through Tera, none through the
    /// compiled built-in templates.
    pub tera_only: bool,
}

/// Loads, validates and resolves the dossier at `root`, with its templates.
/// `None` when an error stops it; the errors are in `diags`.
pub(crate) fn load_site(
    root: &Path,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> Option<(Library, Tera)> {
    load_site_cached(root, overrides, diags, None, None, &AtomicBool::new(false))
}

/// [`load_site`], reusing what `cache` kept from an earlier load, and
/// `templates` (loaded with a `max_file_size` of `.0`) when the caller knows
/// that `templates/` is unchanged since. Given up (`None`, with the
/// diagnostics so far) when `cancel` is set before it is done.
pub(crate) fn load_site_cached(
    root: &Path,
    overrides: &Overrides,
    diags: &mut Diagnostics,
    cache: Option<&mut crate::load::Cache>,
    templates: Option<(u64, Tera)>,
    cancel: &AtomicBool,
) -> Option<(Library, Tera)> {
    let timings = crate::base::timings::Timings::new();
    let mut config: Config = config::load(root, diags)?;
    if let Some(out) = &overrides.output {
        config.output = if out.is_absolute() {
            out.clone()
        } else {
            std::env::current_dir()
                .map(|d| d.join(out))
                .unwrap_or_else(|_| out.clone())
        };
    }
    if let Some(url) = &overrides.base_url
        && let Err(e) = config.set_base_url(url)
    {
        diags.push(crate::base::diagnostics::Diagnostic::error("--base-url", e));
        return None;
    }
    config.drafts |= overrides.drafts;
    let previous = match &overrides.previous {
        Some(path) => match crate::editions::diff::Export::read(path) {
            Ok(export) => Some(export),
            Err(d) => {
                diags.absorb(d);
                return None;
            }
        },
        None => None,
    };
    if overrides.tera_only {
        config.compiled_templates = false;
    }
    if let Some(day) = &overrides.as_of {
        match crate::resolve::as_of::parse(day) {
            Ok(day) => config.as_of = Some(day),
            Err(d) => {
                diags.absorb(d);
                return None;
            }
        }
    }
    if let Err(d) = crate::output::check_output(root, &config.output) {
        diags.absorb(d);
    } else if overrides.output.is_none()
        && let Err(d) = crate::output::check_inside(root, &config.output)
    {
        diags.absorb(d);
    }
    // The templates are parsed while the content is read: a serial 10 ms
    // or more that the content's threads would otherwise wait for.
    let mut template_diags = Diagnostics::default();
    let (tera, loaded) = rayon::join(
        || match templates {
            Some((max, tera)) if max == config.max_file_size => Some(tera),
            _ => crate::render::load_templates(root, config.max_file_size, &mut template_diags),
        },
        || match cache {
            Some(cache) => crate::load::load_cached(root, &config, diags, cache, cancel),
            None => Some(crate::load::load(root, &config, diags)),
        },
    );
    timings.lap("load: read");
    diags.absorb(template_diags);
    let loaded = loaded.filter(|_| !cancel.load(Ordering::Relaxed))?;
    let library = resolve::resolve(config, loaded, diags);
    timings.lap("load: resolve");
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    // The whole dossier is checked; an edition as of a day is made from it.
    let mut library = if diags.has_errors() {
        library
    } else {
        crate::resolve::as_of::reduce(library)
    };
    library.previous = previous;
    timings.lap("load: edition");
    match tera {
        Some(t) if !diags.has_errors() => Some((library, t)),
        _ => None,
    }
}
