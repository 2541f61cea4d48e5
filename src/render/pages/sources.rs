//! The bibliography: `sources.html`.

use crate::model::SourceKind;
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
                .map(|(i, _)| {
                    (
                        i,
                        BibItem {
                            source: SourceRef::new(lib, links, i),
                            cited: lib.cited_by[i].len(),
                            held: !lib.sources[i].captures.is_empty(),
                            reliability: lib.sources[i]
                                .reliability
                                .map(String::from)
                                .unwrap_or_default(),
                        },
                    )
                })
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
    fn frame(self, r: &crate::render::PageRenderer) -> (String, &'static str, String) {
        (r.paths.section("sources"), "sources.html", "Sources".into())
    }

    fn vars(self, r: &crate::render::PageRenderer, links: Links, ctx: &mut impl super::VarSink) {
        ctx.insert("groups", &bibliography(r.lib, links));
    }
}
