//! Long lists split into pages (`[build] page_size`), like Zola's and
//! Hugo's pagination: the chronology and its filtered views, the events
//! list and an actor's events. Up to `page_size` events nothing changes;
//! beyond it the list's own page keeps everything but the list, which
//! becomes an index (years, months with their counts, and the pages), and
//! the events go to `<list>/page/<n>/`, each with previous, next and up
//! links. Every page works without JavaScript.
//!
//! Here: where the pages go, which the chronology's chains link to too;
//! the lists themselves and their pages are in `pages/list.rs`.

use super::links::Paths;
use crate::resolve::Library;

/// Chains on one page of chains: a chain averages four events.
pub(super) fn chains_per_page(lib: &Library) -> usize {
    (lib.config.page_size / 4).max(1)
}

/// Whether the whole chronology is split, and its chains with it.
pub(super) fn chronology_split(lib: &Library) -> bool {
    lib.events.len() > lib.config.page_size
}

/// The site path of the page holding chain `c` when the chronology is
/// split: `chronology/chains/page/<n>/`.
pub(super) fn chain_page(lib: &Library, paths: Paths, c: usize) -> Option<String> {
    chronology_split(lib).then(|| {
        page_path(
            paths,
            &paths.section("chronology/chains"),
            c / chains_per_page(lib) + 1,
        )
    })
}

/// The site path of page `n` of the list whose own page is `base`:
/// `chronology/` → `chronology/page/2/`, `actors/x.html` →
/// `actors/x/page/2.html`.
pub(super) fn page_path(paths: Paths, base: &str, n: usize) -> String {
    if paths.pretty {
        format!("{base}page/{n}/")
    } else {
        let stem = base
            .strip_suffix("/index.html")
            .or_else(|| base.strip_suffix(".html"))
            .unwrap_or(base);
        format!("{stem}/page/{n}.html")
    }
}
