//! The sitemap: `sitemap.xml`, split into `sitemap-<n>.xml` parts under an
//! index when the site has more URLs than one file may hold.

use super::list::List;
use super::named::Named;
use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::links::Links;
use crate::render::paging::page_path;
use crate::render::{FACETS, PageRenderer, claims};

/// The sitemap protocol's limit of URLs in one file.
pub(crate) const LIMIT: usize = 50_000;

/// `sitemap.xml`: every URL, or the index of the parts.
#[derive(Clone, Copy)]
pub(super) struct Sitemap;

/// `sitemap-<n>.xml`, n from 1.
#[derive(Clone, Copy)]
pub(super) struct SitemapPart(pub(super) usize);

impl Page for Sitemap {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let template = if parts(site_urls(r).len(), LIMIT).len() > 1 {
            "sitemap_index.xml"
        } else {
            "sitemap.xml"
        };
        ("sitemap.xml".into(), template, String::new())
    }

    fn vars(self, r: &PageRenderer, _: Links, ctx: &mut impl VarSink) -> Result<(), Diagnostic> {
        let urls = site_urls(r);
        let parts = parts(urls.len(), LIMIT);
        if parts.len() > 1 {
            let sitemaps: Vec<String> = (1..=parts.len())
                .map(|n| format!("{}sitemap-{n}.xml", r.lib.config.base_url))
                .collect();
            ctx.insert("sitemaps", &sitemaps);
        } else {
            ctx.insert("urls", &urls);
        }
        Ok(())
    }
}

impl Page for SitemapPart {
    fn frame(self, _: &PageRenderer) -> (String, &'static str, String) {
        (
            format!("sitemap-{}.xml", self.0),
            "sitemap.xml",
            String::new(),
        )
    }

    fn vars(self, r: &PageRenderer, _: Links, ctx: &mut impl VarSink) -> Result<(), Diagnostic> {
        let urls = site_urls(r);
        let parts = parts(urls.len(), LIMIT);
        let (from, to) = parts.get(self.0 - 1).copied().unwrap_or((0, 0));
        ctx.insert("urls", &urls[from..to]);
        Ok(())
    }
}

/// How many `sitemap-<n>.xml` parts the site has (none when one file
/// holds every URL).
pub(crate) fn part_count(r: &PageRenderer) -> usize {
    match parts(site_urls(r).len(), LIMIT).len() {
        1 => 0,
        n => n,
    }
}

/// Every page's absolute URL: made once, however many files the sitemap
/// takes.
fn site_urls<'r>(r: &'r PageRenderer) -> &'r [String] {
    r.urls.get_or_init(|| make_site_urls(r))
}

fn make_site_urls(r: &PageRenderer) -> Vec<String> {
    let lib = r.lib;
    let paths = r.paths;
    let mut urls = vec![String::new()];
    for name in [
        "events",
        "actors",
        "sources",
        "chronology",
        "search",
        "changes",
        "claims",
    ] {
        urls.push(paths.section(name));
    }
    if r.chrono.map.is_some() {
        urls.push(paths.section("map"));
    }
    urls.extend(lib.events.iter().map(|e| paths.event(&e.id)));
    urls.extend(lib.actors.iter().map(|a| paths.actor(&a.id)));
    urls.extend(lib.sources.iter().map(|s| paths.source(&s.id)));
    urls.extend(
        lib.sources
            .iter()
            .filter(|s| s.readable().is_some())
            .map(|s| paths.capture(&s.id)),
    );
    urls.extend(lib.pages.iter().map(|p| paths.page(&p.slug)));
    urls.extend(FACETS.iter().map(|f| paths.filters(f)));
    for list in List::every(r) {
        let base = list.base(r);
        urls.extend((1..=list.pages(r)).map(|n| page_path(paths, &base, n)));
    }
    for list in Named::every(r) {
        let base = list.base(r);
        urls.extend((1..=list.pages(r)).map(|n| page_path(paths, &base, n)));
    }
    urls.extend(
        r.chrono
            .filters
            .iter()
            .filter_map(|(f, _)| f.slug(lib).map(|(facet, slug)| paths.filter(facet, slug))),
    );
    // The ledger's pages per actor and per stance (`claims/` is above).
    urls.extend(
        claims::Ledger::every(r)
            .into_iter()
            .filter(|&l| l != claims::Ledger::All)
            .map(|l| l.path(lib, paths)),
    );
    // Every actor's ledger, when the ledger's filter names only some.
    if claims::index(r).compact() {
        urls.push(Named::Claimants.base(r));
    }
    urls.into_iter()
        .map(|p| [lib.config.base_url.as_str(), &p].concat())
        .collect()
}

/// How `count` URLs split into sitemap files of at most `per_file`: one
/// range per file (one file, however few).
fn parts(count: usize, per_file: usize) -> Vec<(usize, usize)> {
    (0..count.div_ceil(per_file).max(1))
        .map(|i| (i * per_file, ((i + 1) * per_file).min(count)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn sitemaps_split_at_the_limit() {
        assert_eq!(parts(0, 3), [(0, 0)]);
        assert_eq!(parts(3, 3), [(0, 3)]);
        assert_eq!(parts(4, 3), [(0, 3), (3, 4)]);
        assert_eq!(parts(9, 3), [(0, 3), (3, 6), (6, 9)]);
    }
}
