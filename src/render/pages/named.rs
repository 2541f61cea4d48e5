//! Lists of names split into pages (`[build] page_size`, as the event
//! lists of `list.rs`): the bibliography (`/sources/`), the actors
//! (`/actors/`), every actor's claims ledger (`/claims/actor/`) and every
//! actor's filtered chronology (`/chronology/actor/`). Up to
//! `page_size` entries nothing changes; beyond, the list's own page shows
//! an index (its groups, the kinds, with their initial letters and counts,
//! and its pages) and the entries go to `<list>/page/<n>/`.
//!
//! Here: which lists, where their pages go, their index and how a page's
//! entries are grouped. Each list's entries and their views are in its own
//! page's file (`sources.rs`, `actors.rs`, `claims.rs`).

use super::VarSink;
use super::list::{PageLink, Pager};
use crate::render::PageRenderer;
use crate::render::claims;
use crate::render::links::Links;
use crate::render::paging::page_path;
use serde::Serialize;

/// A list of names that may be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// `/sources/`.
    Sources,
    /// `/actors/`.
    Actors,
    /// `/claims/actor/`: every actor's ledger, when the ledger's filter
    /// names only the busiest.
    Claimants,
    /// `/chronology/actor/`: every actor's filtered chronology.
    ActorViews,
}

/// An entry of a list, in the order of its groups.
pub(crate) struct Entry {
    /// The record (source, actor).
    pub item: usize,
    /// Its group's place among the groups.
    pub group: usize,
    /// Its group's key: a kind word.
    pub key: &'static str,
    /// Its name as sorted and shown in the index ("Al Jazeera").
    pub name: String,
}

/// What an index links to: the groups, their letters and the pages.
#[derive(Serialize)]
pub(crate) struct NamedIndex {
    /// Entries over all pages.
    pub count: usize,
    pub groups: Vec<IndexGroup>,
    /// Every page of the list.
    pub pages: Vec<PageLink>,
}

/// A group of the index (a kind).
#[derive(Serialize)]
pub(crate) struct IndexGroup {
    /// Anchor on the pages: `kind-news`.
    pub anchor: String,
    /// "News".
    pub label: String,
    pub count: usize,
    /// The page of its first entry, at the group.
    pub url: String,
    /// Its initial letters.
    pub letters: Vec<IndexLetter>,
}

/// The entries of a group starting with one letter.
#[derive(Serialize)]
pub(crate) struct IndexLetter {
    /// "A", or "Other" for names starting with neither letter nor digit.
    pub label: String,
    pub count: usize,
    /// The page of its first entry, at the entry.
    pub url: String,
}

/// The entries of one group on a page.
#[derive(Serialize)]
pub(crate) struct PageGroup<T> {
    /// The kind word: the group's anchor is `kind-<kind>`.
    pub kind: &'static str,
    pub label: String,
    pub items: Vec<Item<T>>,
}

/// An entry on a page, with the anchor the index links to when it is the
/// first of its letter.
#[derive(Serialize)]
pub(crate) struct Item<T> {
    pub anchor: Option<String>,
    #[serde(flatten)]
    pub view: T,
}

/// "News" for `news`, "Armed group" for `armed-group`.
pub(crate) fn kind_label(kind: &str) -> String {
    let words = kind.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The initial a name is indexed under: a lowercase letter or digit, or
/// none ("Other").
fn initial(name: &str) -> Option<char> {
    name.chars()
        .next()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
}

/// Sorts `entries` for a split list: by group, initial (others last) and
/// name, keeping the given order among equals.
pub(crate) fn sort(entries: &mut [Entry]) {
    entries.sort_by_cached_key(|e| {
        let first = initial(&e.name);
        (e.group, first.is_none(), first, e.name.to_lowercase())
    });
}

/// The anchor of letter `first` of group `key` on a page.
fn letter_anchor(key: &str, first: Option<char>) -> String {
    match first {
        Some(c) => format!("kind-{key}-{c}"),
        None => format!("kind-{key}-other"),
    }
}

impl Named {
    /// Every such list of the site.
    pub(crate) fn every(r: &PageRenderer) -> Vec<Named> {
        let mut out = vec![Named::Sources, Named::Actors, Named::ActorViews];
        if claims::index(r).compact() {
            out.push(Named::Claimants);
        }
        out
    }

    /// The list's own page.
    pub(crate) fn base(self, r: &PageRenderer) -> String {
        r.paths.section(match self {
            Named::Sources => "sources",
            Named::Actors => "actors",
            Named::Claimants => "claims/actor",
            Named::ActorViews => "chronology/actor",
        })
    }

    /// The list's own page: its path, its template (`whole` for the whole
    /// list, `split` for the index of its pages when it is longer than a
    /// page) and its title.
    pub(crate) fn own_frame(
        self,
        r: &PageRenderer,
        whole: &'static str,
        split: &'static str,
    ) -> (String, &'static str, String) {
        let template = if self.split(r) { split } else { whole };
        (self.base(r), template, self.title().into())
    }

    /// Its title ("Sources").
    pub(crate) fn title(self) -> &'static str {
        match self {
            Named::Sources => "Sources",
            Named::Actors => "Actors",
            Named::Claimants => "Claims ledger: every actor",
            Named::ActorViews => "Chronology by actor",
        }
    }

    fn len(self, r: &PageRenderer) -> usize {
        match self {
            Named::Sources => r.lib.sources.len(),
            Named::Actors => r.lib.actors.len(),
            Named::Claimants => claims::index(r).claimants(r.lib).len(),
            Named::ActorViews => r.chrono.actor_views(),
        }
    }

    /// Its pages beyond its own (0 when it fits on one).
    pub(crate) fn pages(self, r: &PageRenderer) -> usize {
        let n = self.len(r);
        let size = r.lib.config.page_size;
        if n > size { n.div_ceil(size) } else { 0 }
    }

    /// Whether the list is split.
    pub(crate) fn split(self, r: &PageRenderer) -> bool {
        self.pages(r) > 0
    }

    /// The index its own page shows, of `entries` (sorted by [`sort`]).
    pub(crate) fn index(self, r: &PageRenderer, links: Links<'_>, entries: &[Entry]) -> NamedIndex {
        let size = r.lib.config.page_size;
        let base = self.base(r);
        let url = |n: usize| links.file(&page_path(r.paths, &base, n));
        let mut groups: Vec<IndexGroup> = Vec::new();
        let mut last: Option<(usize, Option<char>)> = None;
        for (k, e) in entries.iter().enumerate() {
            let page = url(k / size + 1);
            if groups.is_empty() || last.is_none_or(|(g, _)| g != e.group) {
                groups.push(IndexGroup {
                    anchor: format!("kind-{}", e.key),
                    label: kind_label(e.key),
                    count: 0,
                    url: format!("{page}#kind-{}", e.key),
                    letters: Vec::new(),
                });
                last = None;
            }
            let group = groups.last_mut().expect("just pushed");
            group.count += 1;
            let first = initial(&e.name);
            if last.is_none_or(|(_, f)| f != first) {
                group.letters.push(IndexLetter {
                    label: first.map_or("Other".into(), |c| c.to_ascii_uppercase().to_string()),
                    count: 0,
                    url: format!("{page}#{}", letter_anchor(e.key, first)),
                });
            }
            group.letters.last_mut().expect("just pushed").count += 1;
            last = Some((e.group, first));
        }
        let pages = entries
            .chunks(size)
            .enumerate()
            .map(|(k, chunk)| PageLink {
                number: k + 1,
                url: url(k + 1),
                first: chunk[0].name.clone(),
                last: chunk[chunk.len() - 1].name.clone(),
            })
            .collect();
        NamedIndex {
            count: entries.len(),
            groups,
            pages,
        }
    }

    /// Page `n`'s site path and title.
    pub(crate) fn frame(self, r: &PageRenderer, n: usize) -> (String, &'static str, String) {
        (
            page_path(r.paths, &self.base(r), n),
            "list_page.html",
            format!("{}, page {n} of {}", self.title(), self.pages(r)),
        )
    }

    /// Page `n`'s variables: `kind`, `heading`, `pager` and `groups`, the
    /// entries of `entries` on the page by group, each made by `view`.
    pub(crate) fn fill<T: Serialize>(
        self,
        r: &PageRenderer,
        links: Links<'_>,
        n: usize,
        entries: &[Entry],
        view: impl Fn(usize) -> T,
        ctx: &mut impl VarSink,
    ) {
        let size = r.lib.config.page_size;
        let total = self.pages(r);
        let base = self.base(r);
        let chunk = entries.chunks(size).nth(n - 1).unwrap_or(&[]);
        let name = |e: Option<&Entry>| e.map(|e| e.name.clone()).unwrap_or_default();
        let pager = Pager {
            number: n,
            count: total,
            up: links.file(&base) + "#index",
            previous: (n > 1).then(|| links.file(&page_path(r.paths, &base, n - 1))),
            next: (n < total).then(|| links.file(&page_path(r.paths, &base, n + 1))),
            first: name(chunk.first()),
            last: name(chunk.last()),
        };
        let mut groups: Vec<PageGroup<T>> = Vec::new();
        let mut last: Option<(usize, Option<char>)> = None;
        for e in chunk {
            if groups.is_empty() || last.is_none_or(|(g, _)| g != e.group) {
                groups.push(PageGroup {
                    kind: e.key,
                    label: kind_label(e.key),
                    items: Vec::new(),
                });
                last = None;
            }
            let first = initial(&e.name);
            let anchor = last
                .is_none_or(|(_, f)| f != first)
                .then(|| letter_anchor(e.key, first));
            last = Some((e.group, first));
            let group = groups.last_mut().expect("just pushed");
            group.items.push(Item {
                anchor,
                view: view(e.item),
            });
        }
        let kind = match self {
            Named::Sources => "sources",
            Named::Actors => "actors",
            Named::Claimants => "claimants",
            Named::ActorViews => "actor-views",
        };
        ctx.insert("kind", kind);
        ctx.insert("heading", self.title());
        ctx.insert("pager", &pager);
        ctx.insert("groups", &groups);
    }
}
