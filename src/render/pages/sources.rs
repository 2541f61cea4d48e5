//! The bibliography: `sources.html`.

use super::named::{Entry, Named, sort};
use crate::base::diagnostics::Diagnostic;
use crate::model::SourceKind;
use crate::render::PageRenderer;
use crate::render::links::Links;
use crate::render::views::SourceRef;
use crate::resolve::Library;
use serde::Serialize;

/// A bibliography entry.
#[derive(Serialize)]
pub(crate) struct BibItem<'a> {
    #[serde(flatten)]
    pub source: SourceRef<'a>,
    /// How many records cite it.
    pub cited: usize,
    /// The dossier holds a preserved copy of it (a primary document, such
    /// as the seed articles), rather than knowing it through others.
    pub held: bool,
    /// Its reliability letter (A–F), "" when ungraded: what the index's
    /// grade filter reads.
    pub reliability: String,
}

/// Sources of one kind.
#[derive(Serialize)]
pub(crate) struct BibGroup<'a> {
    /// Kind word.
    pub kind: &'static str,
    /// Entries by outlet, date and title.
    pub sources: Vec<BibItem<'a>>,
}

/// Source `i`'s entry.
fn bib_item<'a>(lib: &'a Library, links: Links<'_>, i: usize) -> BibItem<'a> {
    BibItem {
        source: SourceRef::new(lib, links, i),
        cited: lib.cited_by[i].len(),
        held: !lib.sources[i].captures.is_empty(),
        reliability: lib.sources[i]
            .reliability
            .map(String::from)
            .unwrap_or_default(),
    }
}

/// The sources as a split bibliography lists them: by kind, then by the
/// initial and name of their outlet (or title), date and title.
fn entries(lib: &Library) -> Vec<Entry> {
    let mut entries: Vec<Entry> = SourceKind::ALL
        .iter()
        .enumerate()
        .flat_map(|(group, kind)| {
            lib.sources
                .iter()
                .enumerate()
                .filter(move |(_, s)| s.kind == *kind)
                .map(move |(i, s)| Entry {
                    item: i,
                    group,
                    key: kind.as_str(),
                    name: if s.outlet.is_empty() {
                        s.title.clone()
                    } else {
                        s.outlet.clone()
                    },
                })
        })
        .collect();
    // Among equal names, by date, title and id.
    entries.sort_by_cached_key(|e| {
        let s = &lib.sources[e.item];
        (
            e.group,
            s.date.as_ref().map(|d| d.sort_key()),
            s.title.to_lowercase(),
            s.id.clone(),
        )
    });
    sort(&mut entries);
    entries
}

/// The bibliography, grouped by kind of source.
pub(crate) fn bibliography<'a>(lib: &'a Library, links: Links<'a>) -> Vec<BibGroup<'a>> {
    SourceKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut items: Vec<(usize, BibItem)> = lib
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == *kind)
                .map(|(i, _)| (i, bib_item(lib, links, i)))
                .collect();
            items.sort_by_key(|(i, _)| {
                let s = &lib.sources[*i];
                (
                    s.outlet.to_lowercase(),
                    s.date.as_ref().map(|d| d.sort_key()),
                    s.title.to_lowercase(),
                    s.id.clone(),
                )
            });
            (!items.is_empty()).then(|| BibGroup {
                kind: kind.as_str(),
                sources: items.into_iter().map(|(_, b)| b).collect(),
            })
        })
        .collect()
}

/// The bibliography.
#[derive(Clone, Copy)]
pub(super) struct Sources;

impl super::Page for Sources {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::Sources.own_frame(r, "sources.html", "sources_split.html")
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        if Named::Sources.split(r) {
            let index = Named::Sources.index(r, links, &entries(r.lib));
            ctx.insert("index", &index);
            return Ok(());
        }
        ctx.insert("groups", &bibliography(r.lib, links));
        Ok(())
    }
}

/// Page `n` (from 1) of a bibliography too long for one page.
#[derive(Clone, Copy)]
pub(super) struct SourcesPage(pub(super) usize);

impl super::Page for SourcesPage {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::Sources.frame(r, self.0)
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let lib = r.lib;
        let entries = entries(lib);
        let view = |i| bib_item(lib, links, i);
        Named::Sources.fill(r, links, self.0, &entries, view, ctx);
        Ok(())
    }
}
