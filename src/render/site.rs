//! The site-wide values every page's template gets as `site`.

use super::links::Paths;
use crate::resolve::Library;
use serde::Serialize;

/// The site-wide values every template gets as `site`.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) language: &'a str,
    pub(crate) nav: Vec<NavItem<'a>>,
    pub(crate) sections: Sections,
    pub(crate) kinds: &'a [crate::config::Kind],
    pub(crate) feed: bool,
    pub(crate) generator: &'static str,
    /// The day of an `--as-of` edition.
    pub(crate) as_of: Option<AsOfView>,
}

/// The day of an `--as-of` edition, as the notice on every page gives it.
#[derive(Serialize)]
pub(crate) struct AsOfView {
    /// "2019-12-29".
    pub(crate) iso: String,
    /// "29 December 2019".
    pub(crate) display: String,
}

/// Paths of the section pages, so templates work with either URL scheme.
#[derive(Serialize)]
pub(crate) struct Sections {
    pub(crate) events: String,
    pub(crate) actors: String,
    pub(crate) sources: String,
    pub(crate) chronology: String,
    pub(crate) search: String,
    pub(crate) changes: String,
    pub(crate) map: String,
}

/// An entry of the main navigation.
#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) title: &'a str,
    pub(crate) path: String,
}

impl<'a> SiteView<'a> {
    /// `lib`'s site values; `map` says whether the site has a map page.
    pub(crate) fn of(lib: &'a Library, paths: Paths, map: bool) -> SiteView<'a> {
        let mut nav: Vec<NavItem> = [
            ("Events", paths.section("events")),
            ("Chronology", paths.section("chronology")),
            ("Actors", paths.section("actors")),
            ("Sources", paths.section("sources")),
        ]
        .into_iter()
        .map(|(title, path)| NavItem { title, path })
        .collect();
        if map {
            nav.insert(
                2,
                NavItem {
                    title: "Map",
                    path: paths.section("map"),
                },
            );
        }
        if lib.events.iter().any(|e| !e.claims.is_empty()) {
            nav.push(NavItem {
                title: "Claims",
                path: paths.section("claims"),
            });
        }
        nav.extend(lib.pages.iter().map(|p| NavItem {
            title: p.link_title.as_deref().unwrap_or(&p.title),
            path: paths.page(&p.slug),
        }));
        SiteView {
            title: &lib.config.title,
            description: &lib.config.description,
            base_url: &lib.config.base_url,
            language: &lib.config.language,
            nav,
            sections: Sections {
                events: paths.section("events"),
                actors: paths.section("actors"),
                sources: paths.section("sources"),
                chronology: paths.section("chronology"),
                search: paths.section("search"),
                changes: paths.section("changes"),
                map: paths.section("map"),
            },
            kinds: &lib.config.kinds,
            feed: lib.config.feed_enabled,
            generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
            as_of: lib.config.as_of.as_ref().map(|d| AsOfView {
                iso: d.raw.clone(),
                display: d.display(),
            }),
        }
    }
}
