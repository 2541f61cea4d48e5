//! The built-in templates, embedded in the binary, and a dossier's own
//! `templates/NAME` overriding the built-in of the same name.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{read_text, relative};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),+]
    };
}

/// Every built-in template: (name, text).
pub(super) const BUILTIN: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "index.html",
    "events.html",
    "event.html",
    "actors.html",
    "actor.html",
    "sources.html",
    "source.html",
    "capture.html",
    "chronology.html",
    "chronology_filters.html",
    "page.html",
    "search.html",
    "map.html",
    "404.html",
    "atom.xml",
    "changes.html",
    "claims.html",
    "changes_atom.xml",
    "sitemap.xml",
    "sitemap_index.xml",
    // The pages of lists too long for one (`pages/list.rs`).
    "paging.html",
    "list_page.html",
    "events_split.html",
    "chronology_split.html",
    "actor_split.html",
    "claims_split.html",
    "claims_actors.html",
    "sources_split.html",
    "actors_split.html",
    "style.css",
    "dossier.js",
    "search.js",
    "favicon.svg",
);

/// Loads the built-in templates, overridden by `root/templates/*`.
pub(crate) fn load(root: &Path, max_file_size: u64, diags: &mut Diagnostics) -> Option<Tera> {
    let mut sources: BTreeMap<String, (String, String)> = BUILTIN
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                (format!("built-in template {name}"), text.to_string()),
            )
        })
        .collect();
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let name = relative(&dir, entry.path());
            match read_text(root, entry.path(), max_file_size) {
                Ok(text) => {
                    sources.insert(name, (relative(root, entry.path()), text));
                }
                Err(d) => diags.push(d),
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaper also escapes `/`, which bloats every URL.
    tera.set_escape_fn(crate::base::html::escape);
    // Tera's `add_raw_templates`, in steps: recursion among the templates
    // is looked for after parsing and before Tera builds the inheritance
    // chains, which recurses forever on some extends cycles.
    let parsed = (|| -> tera::Result<()> {
        for (name, (_, text)) in &sources {
            let t = tera::Template::new(name, None, text)
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))?;
            tera.templates.insert(name.clone(), t);
        }
        Ok(())
    })();
    if parsed.is_ok()
        && let Some(d) = super::cycles::check(&tera.templates, &sources)
    {
        diags.push(d);
        return None;
    }
    if let Err(e) = parsed
        .and_then(|()| tera.build_inheritance_chains())
        .and_then(|()| tera.check_macro_files())
    {
        let text = chain(&e);
        let file = sources
            .iter()
            .find(|(name, _)| text.contains(&format!("'{name}'")))
            .map_or("templates".to_string(), |(_, (file, _))| file.clone());
        diags.push(
            Diagnostic::error(file, format!("template error: {text}")).hint(
                "fix the template's Tera syntax; delete your copy to use the built-in one again",
            ),
        );
        return None;
    }
    // Mark the dossier's own templates (an override with the built-in's
    // very text is none): `routes` tells the compiled built-ins when they
    // may stand in.
    for (name, (file, text)) in &sources {
        let builtin = BUILTIN.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
        if builtin != Some(text.as_str())
            && let Some(t) = tera.templates.get_mut(name)
        {
            t.path = Some(file.clone());
        }
    }
    Some(tera)
}

/// A render failure, naming the template and the page being written.
pub(super) fn render_error(template: &str, page: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        format!("templates/{template}"),
        format!("rendering {page} failed: {}", chain(e)),
    )
    .hint("check the template against the variables the page provides (see the built-in template of the same name)")
}

/// Tera's error with its causes: the top message rarely says enough.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}
