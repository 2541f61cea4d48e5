//! The site's pages, one kind of page per file: where it goes, its
//! template, the variables the template gets and, for the busiest pages,
//! the compiled writer that stands in for the built-in template.
//!
//! Adding a field to a page touches its file here and its template only.

pub(super) mod actor;
mod actors;
mod asset;
mod capture;
mod changes;
pub(super) mod chronology;
mod claims;
pub(super) mod event;
pub(super) mod events;
mod feed;
mod filters;
mod home;
pub(super) mod list;
mod map;
pub(super) mod named;
mod not_found;
mod page;
mod search;
pub(super) mod sitemap;
pub(super) mod source;
mod sources;

use super::PageRenderer;
use super::compiled::frame::Frame;
use super::fingerprint::ContextHasher;
use crate::base::diagnostics::Diagnostic;
use crate::chronology::Filter;
use crate::render::links::{Links, root_prefix};
use serde::Serialize;
use serde_json::Value;

/// The built-in templates with a compiled writer (see `render/compiled/`).
pub(super) const COMPILED: [&str; 5] = [
    "events.html",
    "event.html",
    "actor.html",
    "source.html",
    "chronology.html",
];

/// One kind of page.
pub(super) trait Page: Copy {
    /// Whether the page is a page of the site, with `base.html`'s
    /// variables; an asset is a template rendered without them.
    const FRAMED: bool = true;

    /// The page's site path, its template and its title.
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String);

    /// The prefix of the page's relative links.
    fn root(self, r: &PageRenderer, path: &str) -> String {
        let _ = r;
        root_prefix(path)
    }

    /// The template's variables besides the frame's (`site`, `root`,
    /// `path`, `title`, `canonical`).
    fn vars(self, r: &PageRenderer, links: Links, ctx: &mut impl VarSink)
    -> Result<(), Diagnostic>;

    /// Writes the page through its compiled template into `frame`; false
    /// when the page has none.
    fn compiled(self, r: &PageRenderer, links: Links, frame: Frame) -> Result<bool, Diagnostic> {
        let _ = (r, links, frame);
        Ok(false)
    }
}

/// One page to write.
#[derive(Clone, Copy)]
pub(super) enum Job {
    Home,
    Events,
    Event(usize),
    Actors,
    Actor(usize),
    Sources,
    Source(usize),
    /// The readable page of a source's capture.
    Capture(usize),
    /// The chronology, whole (`Filter::All`) or a filtered view of it.
    Chronology(Filter),
    /// The list of one facet's filtered views.
    Filters(&'static str),
    Page(usize),
    /// The search page.
    Search,
    /// A page of the claims ledger.
    Claims(crate::render::claims::Ledger),
    /// The corrections and updates log.
    Changes,
    /// The log as a feed.
    ChangesFeed,
    /// The map of every event.
    Map,
    NotFound,
    Feed,
    /// `sitemap.xml`: every URL, or the index of the parts when there are
    /// more than [`sitemap::LIMIT`].
    Sitemap,
    /// `sitemap-<n>.xml`, n from 1: one part of a large site's URLs.
    SitemapPart(usize),
    /// A stylesheet, script or icon: a template rendered without context.
    Asset(&'static str),
    /// Page n (from 1) of a list too long for one page (`list.rs`).
    ListPage(list::List, usize),
    /// `/claims/actor/`: every actor's ledger.
    ClaimActors,
    /// Page n (from 1) of a list of names too long for one page
    /// (`named.rs`).
    NamedPage(named::Named, usize),
}

/// Something done with a page, whatever its kind.
pub(super) trait Visit {
    type Out;
    fn page<P: Page>(self, page: P) -> Self::Out;
}

impl Job {
    /// Does `v` with the job's page.
    pub(super) fn visit<V: Visit>(self, v: V) -> V::Out {
        match self {
            Job::Home => v.page(home::Home),
            Job::Events => v.page(events::Events),
            Job::Event(i) => v.page(event::Event(i)),
            Job::Actors => v.page(actors::Actors),
            Job::Actor(a) => v.page(actor::Actor(a)),
            Job::Sources => v.page(sources::Sources),
            Job::Source(s) => v.page(source::Source(s)),
            Job::Capture(s) => v.page(capture::Capture(s)),
            Job::Chronology(f) => v.page(chronology::Chronology(f)),
            Job::Filters(facet) => v.page(filters::Filters(facet)),
            Job::Page(i) => v.page(page::Page(i)),
            Job::Search => v.page(search::Search),
            Job::Claims(l) => v.page(claims::Claims(l)),
            Job::Changes => v.page(changes::Changes),
            Job::ChangesFeed => v.page(changes::ChangesFeed),
            Job::Map => v.page(map::Map),
            Job::NotFound => v.page(not_found::NotFound),
            Job::Feed => v.page(feed::Feed),
            Job::Sitemap => v.page(sitemap::Sitemap),
            Job::SitemapPart(n) => v.page(sitemap::SitemapPart(n)),
            Job::Asset(name) => v.page(asset::Asset(name)),
            Job::ListPage(l, n) => v.page(list::ListPage(l, n)),
            Job::ClaimActors => v.page(claims::ClaimActors),
            Job::NamedPage(named::Named::Sources, n) => v.page(sources::SourcesPage(n)),
            Job::NamedPage(named::Named::Actors, n) => v.page(actors::ActorsPage(n)),
            Job::NamedPage(named::Named::Claimants, n) => v.page(claims::ClaimantsPage(n)),
            Job::NamedPage(named::Named::ActorViews, n) => v.page(filters::ActorViewsPage(n)),
        }
    }
}

/// The variables `base.html` reads besides `site`, defined beside the
/// compiled frame that reads them.
pub(crate) use super::compiled::frame::PageVars;

/// Where a page's template variables go: into a JSON object for Tera, or
/// straight into a fingerprint.
pub(super) trait VarSink {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T);
}

/// Template variables as the JSON object Tera's context is made from.
#[derive(Default)]
pub(super) struct Vars(pub(super) serde_json::Map<String, Value>);

impl VarSink for Vars {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let value = serde_json::to_value(value).expect("a view serialises");
        self.0.insert(key.to_string(), value);
    }
}

impl VarSink for ContextHasher {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.var(key, value);
    }
}
