//! The warnings that need the whole library (DESIGN.md §4).

use super::Library;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Broken;
use crate::model::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The warnings of DESIGN.md §4 that need the whole library.
pub(super) fn warn(lib: &Library, broken: &Broken, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    // Per event in parallel (a large dossier has tens of thousands of
    // warnings), in the events' order, a block of events at a time: a
    // build keeps only the warnings it shows, and a block's are all that
    // is held before they are counted.
    const BLOCK: usize = 4096;
    for start in (0..lib.events.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(lib.events.len());
        let per_event: Vec<Vec<Diagnostic>> = (start..end)
            .into_par_iter()
            .map(|i| event_warnings(lib, broken, i, &lib.events[i]))
            .collect();
        diags.extend(per_event.into_iter().flatten());
    }
    // A record that failed to load may have been what cited a source.
    for (s, src) in lib.sources.iter().enumerate() {
        if lib.cited_by[s].is_empty() && broken.is_empty() {
            diags.push(
                Diagnostic::warning_at(
                    &src.origin.place(),
                    format!("nothing cites the source `{}`", src.id),
                )
                .hint("cite it somewhere with [@id], or remove the record"),
            );
        }
    }
    let mut aliases: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (a, actor) in lib.actors.iter().enumerate() {
        let mut own = BTreeSet::new();
        for alias in std::iter::once(&actor.name).chain(&actor.aliases) {
            let key = alias.trim().to_lowercase();
            if !key.is_empty() && own.insert(key.clone()) {
                aliases.entry(key).or_default().push(a);
            }
        }
    }
    for (alias, owners) in aliases {
        if owners.len() > 1 {
            let names: Vec<&str> = owners.iter().map(|&a| lib.actors[a].id.as_str()).collect();
            let a = &lib.actors[owners[1]];
            diags.push(
                Diagnostic::warning_at(
                    &a.origin.locate(&alias),
                    format!("actors {} share the alias `{alias}`", names.join(" and ")),
                )
                .hint("an alias should name one actor: remove it from all but one"),
            );
        }
    }
}

/// The warnings of DESIGN.md §4 about event `e`, at index `i`.
fn event_warnings(lib: &Library, broken: &Broken, i: usize, e: &Event) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Sources it names may be among those that failed to load.
    let names_sources = !e.sources.is_empty() || e.body.cited_keys().next().is_some();
    if lib.event_sources[i].is_empty() && (broken.is_empty() || !names_sources) {
        out.push(
            Diagnostic::warning_at(
                &e.origin.key("sources").unwrap_or_else(|| e.origin.place()),
                format!("the event `{}` cites no source", e.id),
            )
            .hint("add `sources = [\"...\"]` or cite in the text with [@source-id]"),
        );
    }
    for &s in &lib.event_sources[i] {
        let src = &lib.sources[s];
        if let Some(d) = &src.date
            && d.surely_cmp(&e.date) == Ordering::Less
        {
            out.push(
                Diagnostic::warning_at(
                    &e.origin.locate(&src.id),
                    format!(
                        "`{}` was published ({}) before this event ({}) happened",
                        src.id, d.raw, e.date.raw
                    ),
                )
                .hint("check the event's date and the source's date, or cite a later source"),
            );
        }
    }
    if let Some(level) = e.escalation
        && !lib.config.ladder.is_empty()
        && !lib.config.ladder.contains_key(&level)
    {
        out.push(
            Diagnostic::warning_at(
                &e.origin.locate(&format!("escalation = {level}")),
                format!("escalation level {level} has no label on the ladder"),
            )
            .hint(format!(
                "add `{level} = \"...\"` under [escalation] in dossier.toml"
            )),
        );
    }
    out
}
