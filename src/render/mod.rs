//! Rendering the site: every page in parallel, through Tera or the compiled
//! built-in template that writes the same bytes (`native.rs`), with the
//! exports and the search index beside them.

pub mod changes;
pub mod chart;
mod chrono_page;
pub mod cite;
pub mod citefiles;
mod claims;
mod cycles;
mod exports;
mod fingerprint;
mod jsonld;
pub mod links;
mod native;
mod pages;
mod paging;
mod search;
mod templates;
pub mod views;

pub use exports::SCHEMA_VERSION;
use fingerprint::ContextHasher;
pub use fingerprint::Fingerprint;
pub use templates::load as load_templates;

use crate::base::diagnostics::Diagnostic;
use crate::chronology::{Chronology, Filter};
use crate::output::Sink;
use crate::resolve::Library;
pub use crate::resolve::autolink;
use links::{Links, Paths, file_for, root_prefix};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use tera::{Context, Tera};
use views::EventRow;

/// The site-wide values every template gets as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    nav: Vec<NavItem<'a>>,
    sections: Sections,
    kinds: &'a [crate::config::Kind],
    feed: bool,
    generator: &'static str,
    /// The day of an `--as-of` edition.
    as_of: Option<AsOfView>,
}

/// The day of an `--as-of` edition, as the notice on every page gives it.
#[derive(Serialize)]
struct AsOfView {
    /// "2019-12-29".
    iso: String,
    /// "29 December 2019".
    display: String,
}

/// Paths of the section pages, so templates work with either URL scheme.
#[derive(Serialize)]
struct Sections {
    events: String,
    actors: String,
    sources: String,
    chronology: String,
    search: String,
    changes: String,
    map: String,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    path: String,
}

/// One page to write.
#[derive(Clone, Copy)]
enum Job {
    Home,
    Events,
    Event(usize),
    Actors,
    Actor(usize),
    Sources,
    Source(usize),
    /// The readable page of a source's capture.
    Capture(usize),
    Chronology,
    /// A filtered view of the chronology.
    Filtered(Filter),
    /// The list of one facet's filtered views.
    Filters(&'static str),
    Page(usize),
    /// The search page.
    Search,
    /// A page of the claims ledger.
    Claims(claims::Ledger),
    /// The corrections and updates log.
    Changes,
    /// The log as a feed.
    ChangesFeed,
    /// The map of every event.
    Map,
    NotFound,
    Feed,
    /// `sitemap.xml`: every URL, or the index of the parts when there are
    /// more than [`SITEMAP_LIMIT`].
    Sitemap,
    /// `sitemap-<n>.xml`, n from 1: one part of a large site's URLs.
    SitemapPart(usize),
    /// A stylesheet, script or icon: a template rendered without context.
    Asset(&'static str),
    /// Page n (from 1) of a list too long for one page (`paging.rs`).
    ListPage(paging::List, usize),
}

/// One file of the site as a render produced it.
pub struct Rendered {
    /// Site path, e.g. `events/x/index.html`.
    pub file: String,
    /// Fingerprint of everything the file is made from (template name and
    /// context, or the bytes themselves): equal fingerprints, equal bytes.
    pub fingerprint: Fingerprint,
    /// The bytes, or `None` when the fingerprint matched the previous one
    /// given and rendering was skipped.
    pub bytes: Option<Vec<u8>>,
}

/// Renders every page and export into `out`; the number of files written.
pub fn render<S: Sink>(lib: &Library, tera: &Tera, out: &S) -> Result<usize, Vec<Diagnostic>> {
    let write = |rel: &str, bytes: &[u8]| out.write(rel, bytes);
    let files = render_files(
        lib,
        tera,
        Mode::Write {
            write: &write,
            fingerprints: false,
        },
    )?;
    Ok(files.len())
}

/// A function that writes one file of the site.
pub type WriteFn<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync);

/// What [`render_files`] does with each file.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// Writes every file as soon as it is rendered (a full build, made
    /// atomic by its staging folder); no bytes are kept. With
    /// `fingerprints`, each file's fingerprint is computed too, for later
    /// `Changed` renders.
    Write {
        /// Where the files go.
        write: WriteFn<'a>,
        /// Compute fingerprints.
        fingerprints: bool,
    },
    /// Keeps in memory the files whose fingerprint differs from the one
    /// given (file → fingerprint of an earlier render made with the same
    /// templates), and does not render the pages whose context is
    /// unchanged: Tera's output depends only on the templates and the
    /// context, so their bytes would be the same.
    Changed {
        /// File → fingerprint of the earlier render.
        previous: &'a HashMap<String, Fingerprint>,
        /// Set to give up: what is left is skipped and the result is
        /// meaningless (the caller throws it away).
        cancel: &'a AtomicBool,
    },
}

/// Whether `cancel` was set.
fn cancelled(cancel: Option<&AtomicBool>) -> bool {
    cancel.is_some_and(|c| c.load(Ordering::Relaxed))
}

/// Renders every file of the site. This is the one path for full and
/// incremental builds alike; `mode` says what becomes of the bytes.
pub fn render_files(
    lib: &Library,
    tera: &Tera,
    mode: Mode,
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    with_renderer(lib, tera, |renderer| renderer.all(mode))
}

/// Renders the pages of the events `events`, with their fingerprints and
/// bytes, as [`render_files`] renders them.
pub fn render_events(
    lib: &Library,
    tera: &Tera,
    events: &[usize],
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    with_renderer(lib, tera, |renderer| {
        events
            .iter()
            .map(|&i| {
                let job = Job::Event(i);
                let (file, fingerprint) = renderer.fingerprint(job);
                let (_, bytes) = renderer.render(job).map_err(|d| vec![d])?;
                Ok(Rendered {
                    file,
                    fingerprint,
                    bytes: Some(bytes),
                })
            })
            .collect()
    })
}

/// Calls `f` with the renderer of `lib`'s pages.
fn with_renderer<R>(lib: &Library, tera: &Tera, f: impl FnOnce(&PageRenderer) -> R) -> R {
    let paths = Paths {
        pretty: lib.config.pretty_urls,
    };
    let mut nav: Vec<NavItem> = [
        ("Events", paths.section("events")),
        ("Chronology", paths.section("chronology")),
        ("Actors", paths.section("actors")),
        ("Sources", paths.section("sources")),
    ]
    .into_iter()
    .map(|(title, path)| NavItem { title, path })
    .collect();
    // The chronology's analysis and the maps' base, once for every page.
    let chronology = Chronology::of(lib);
    let filters = Filter::every(lib, &chronology);
    let map = crate::render::chart::map::MapBase::of(lib);
    if map.is_some() {
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
    let site = SiteView {
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
    };
    let site_value = tera::to_value(&site).expect("site view serialises");
    let renderer = PageRenderer {
        lib,
        tera,
        site: site_value,
        site_view: site,
        paths,
        chrono: chrono_page::Context::new(lib, &chronology, &filters, map.as_ref()),
        native: native_templates(tera),
        ld: jsonld::Records::new(lib),
        previous: lib
            .previous
            .as_ref()
            .map(|old| changes::since(old, lib, paths)),
        urls: std::sync::OnceLock::new(),
        claims: std::sync::OnceLock::new(),
    };
    f(&renderer)
}

impl PageRenderer<'_> {
    /// Every file of the site, as `mode` says.
    fn all(&self, mode: Mode) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
        let lib = self.lib;
        let paths = self.paths;
        let mut jobs = vec![
            Job::Home,
            Job::Events,
            Job::Actors,
            Job::Sources,
            Job::Chronology,
            Job::NotFound,
            Job::Sitemap,
            Job::Search,
            Job::Changes,
            Job::ChangesFeed,
        ];
        if lib.config.feed_enabled {
            jobs.push(Job::Feed);
        }
        let parts = sitemap_parts(self.site_urls().len(), SITEMAP_LIMIT);
        if parts.len() > 1 {
            jobs.extend((1..=parts.len()).map(Job::SitemapPart));
        }
        if self.chrono.map.is_some() {
            jobs.push(Job::Map);
        }
        jobs.extend((0..lib.events.len()).map(Job::Event));
        jobs.extend((0..lib.actors.len()).map(Job::Actor));
        jobs.extend((0..lib.sources.len()).map(Job::Source));
        jobs.extend(
            (0..lib.sources.len())
                .filter(|&s| lib.sources[s].readable().is_some())
                .map(Job::Capture),
        );
        jobs.extend((0..lib.pages.len()).map(Job::Page));
        jobs.extend(FACETS.iter().map(|&f| Job::Filters(f)));
        jobs.extend(claims::Ledger::every(lib).into_iter().map(Job::Claims));
        jobs.extend(self.chrono.filters.iter().map(|&(f, _)| Job::Filtered(f)));
        // The pages of the lists too long for one (see `paging.rs`).
        for list in paging::List::every(self) {
            jobs.extend((1..=list.pages(self)).map(|n| Job::ListPage(list, n)));
        }
        jobs.extend(
            ["style.css", "dossier.js", "favicon.svg"]
                .into_iter()
                .map(Job::Asset),
        );
        let tera = self.tera;
        let cancel = match mode {
            Mode::Changed { cancel, .. } => Some(cancel),
            Mode::Write { .. } => None,
        };
        let page = |job: Job| -> Result<Rendered, Diagnostic> {
            if cancelled(cancel) {
                return Ok(Rendered {
                    file: String::new(),
                    fingerprint: Fingerprint::default(),
                    bytes: None,
                });
            }
            let previous = match mode {
                Mode::Write {
                    write,
                    fingerprints,
                } => {
                    let fingerprint = if fingerprints {
                        self.fingerprint(job).1
                    } else {
                        Fingerprint::default()
                    };
                    let file = with_page_buffer(|page| {
                        let file = self.render_into(job, page)?;
                        write(&file, page.as_bytes())?;
                        Ok::<_, Diagnostic>(file)
                    })?;
                    return Ok(Rendered {
                        file,
                        fingerprint,
                        bytes: None,
                    });
                }
                Mode::Changed { previous, .. } => previous,
            };
            // Fingerprint the context without building it for Tera; build
            // and render it only when it changed.
            let (file, fingerprint) = self.fingerprint(job);
            let bytes = if previous.get(&file) == Some(&fingerprint) {
                None
            } else {
                Some(self.render(job)?.1)
            };
            Ok(Rendered {
                file,
                fingerprint,
                bytes,
            })
        };
        // A generated file (an export, the index, a stylesheet), as `mode`
        // says: written at once, or kept when changed.
        let generated = |file: String, bytes: Vec<u8>| -> Result<Rendered, Diagnostic> {
            Ok(match mode {
                Mode::Write {
                    write,
                    fingerprints,
                } => {
                    write(&file, &bytes)?;
                    Rendered {
                        fingerprint: if fingerprints {
                            Fingerprint::of_bytes(&bytes)
                        } else {
                            Fingerprint::default()
                        },
                        file,
                        bytes: None,
                    }
                }
                Mode::Changed { previous, .. } => {
                    let fingerprint = Fingerprint::of_bytes(&bytes);
                    let unchanged = previous.get(&file) == Some(&fingerprint);
                    Rendered {
                        file,
                        fingerprint,
                        bytes: (!unchanged).then_some(bytes),
                    }
                }
            })
        };
        let all_generated = |made: Result<Vec<(String, Vec<u8>)>, Diagnostic>| {
            made?
                .into_iter()
                .map(|(file, bytes)| generated(file, bytes))
                .collect::<Result<Vec<Rendered>, Diagnostic>>()
        };
        // Pages, exports and the search index at once: the exports' and the
        // index's serial parts, and their writing, overlap the pages'
        // parallel work. The pages are handed out a few at a time: an actor
        // page or a filtered view costs as much as twenty event pages, and
        // in the larger pieces rayon makes by itself, a thread left with the
        // run of them at the end of the list worked on alone for a third of
        // the build.
        let (results, (exported, searched)): (Vec<Result<Rendered, Diagnostic>>, _) = rayon::join(
            || {
                jobs.par_iter()
                    .with_max_len(PAGES_AT_ONCE)
                    .map(|&job| page(job))
                    .collect()
            },
            || {
                rayon::join(
                    || {
                        let mut made = exports::render(lib, paths, cancel, self.previous.as_ref())?;
                        made.extend(citefiles::files(lib, paths, cancel)?);
                        all_generated(Ok(made))
                    },
                    || all_generated(search::files(lib, paths, tera, cancel)),
                )
            },
        );
        let mut files = Vec::with_capacity(results.len() + 400);
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let css = crate::markdown::theme_css().into_bytes();
        files.push(generated("highlight.css".to_string(), css).map_err(|e| vec![e])?);
        if let Some(map) = self.chrono.map {
            let land = map.land_svg().into_bytes();
            files.push(generated("map/land.svg".to_string(), land).map_err(|e| vec![e])?);
        }
        files.extend(exported.map_err(|e| vec![e])?);
        files.extend(searched.map_err(|e| vec![e])?);
        Ok(files)
    }
}

/// Calls `f` with the thread's page buffer, emptied. The buffer keeps the
/// capacity of the largest page the thread wrote, so that no page grows a
/// buffer of its own, copying itself at each doubling (a fifth of a
/// build's copying, by callgrind). A nested call gets a buffer of its own.
fn with_page_buffer<R>(f: impl FnOnce(&mut String) -> R) -> R {
    thread_local! {
        static PAGE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    PAGE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut page) => {
            page.clear();
            let result = f(&mut page);
            // Not kept: the few pages this large (a whole chronology) would
            // pin their size in every thread of a long `serve`.
            if page.capacity() > PAGE_BUFFER_KEPT {
                *page = String::new();
            }
            result
        }
        Err(_) => f(&mut String::new()),
    })
}

/// The largest page buffer a thread keeps between pages.
const PAGE_BUFFER_KEPT: usize = 4 << 20;

/// Pages a thread takes at once (see [`PageRenderer::all`]).
const PAGES_AT_ONCE: usize = 4;

/// The facets of the chronology's filters, as they appear in URLs.
const FACETS: [&str; 3] = ["actor", "kind", "phase"];

/// Whether XML 1.0 allows `c` in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

struct PageRenderer<'a> {
    lib: &'a Library,
    tera: &'a Tera,
    site: tera::Value,
    site_view: SiteView<'a>,
    paths: Paths,
    chrono: chrono_page::Context<'a>,
    /// The pages rendered by compiled templates.
    native: Vec<&'static str>,
    /// The JSON-LD of the records events cite.
    ld: jsonld::Records,
    /// What changed since the previous edition (`build --previous`).
    previous: Option<crate::editions::diff::Diff>,
    /// Every page's absolute URL, made once for the sitemap's files.
    urls: std::sync::OnceLock<Vec<String>>,
    /// The claims ledger's index, made once for its pages.
    claims: std::sync::OnceLock<claims::Index>,
}

impl PageRenderer<'_> {
    /// A job's file and its bytes.
    fn render(&self, job: Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let mut text = String::new();
        let file = self.render_into(job, &mut text)?;
        Ok((file, text.into_bytes()))
    }

    /// Appends a job's page to `out`; its file.
    fn render_into(&self, job: Job, out: &mut String) -> Result<String, Diagnostic> {
        if let Some(file) = self.native(job, &self.native, out) {
            return Ok(file);
        }
        let mut vars = Vars::default();
        let (file, template) = self.plan(job, &mut vars);
        let ctx = Context::from_value(Value::Object(vars.0)).expect("an object");
        let text = self
            .tera
            .render(template, &ctx)
            .map_err(|e| templates::render_error(template, &file, &e))?;
        if file.ends_with(".xml") {
            // Characters XML 1.0 forbids (a TOML or JSON escape such as
            // "\u0001" reaches a title as it is) would make the feed or
            // sitemap ill-formed: they are left out.
            out.extend(text.chars().filter(|&c| xml_char(c)));
        } else {
            out.push_str(&text);
        }
        Ok(file)
    }

    /// A job's file and the fingerprint of its template and context.
    fn fingerprint(&self, job: Job) -> (String, Fingerprint) {
        let mut hasher = ContextHasher::default();
        let (file, template) = self.plan(job, &mut hasher);
        (file, hasher.finish(template))
    }

    /// A page's site path, template, title and link prefix.
    fn frame(&self, job: Job) -> (String, &'static str, String, String) {
        let lib = self.lib;
        let paths = self.paths;
        let (path, template, title) = match job {
            Job::Home => (String::new(), "index.html", lib.config.title.clone()),
            Job::Events => (paths.section("events"), "events.html", "Events".into()),
            Job::Event(i) => (
                paths.event(&lib.events[i].id),
                "event.html",
                lib.events[i].title.clone(),
            ),
            Job::Actors => (paths.section("actors"), "actors.html", "Actors".into()),
            Job::Actor(i) => (
                paths.actor(&lib.actors[i].id),
                "actor.html",
                lib.actors[i].name.clone(),
            ),
            Job::Sources => (paths.section("sources"), "sources.html", "Sources".into()),
            Job::Source(i) => (
                paths.source(&lib.sources[i].id),
                "source.html",
                lib.sources[i].title.clone(),
            ),
            Job::Capture(i) => (
                paths.capture(&lib.sources[i].id),
                "capture.html",
                format!("Preserved copy: {}", lib.sources[i].title),
            ),
            Job::Chronology => (
                paths.section("chronology"),
                "chronology.html",
                "Chronology".into(),
            ),
            Job::Filtered(f) => {
                let (facet, slug) = f.slug(lib).expect("a filtered view has a slug");
                (
                    paths.filter(facet, slug),
                    "chronology.html",
                    format!("Chronology: {}", f.name(lib)),
                )
            }
            Job::Filters(facet) => (
                paths.filters(facet),
                "chronology_filters.html",
                format!(
                    "Chronology by {}",
                    if facet == "kind" {
                        "kind of event"
                    } else {
                        facet
                    }
                ),
            ),
            Job::Page(i) => (
                paths.page(&lib.pages[i].slug),
                "page.html",
                lib.pages[i].title.clone(),
            ),
            Job::Search => (paths.section("search"), "search.html", "Search".into()),
            Job::Claims(ledger) => (ledger.path(lib, paths), "claims.html", ledger.title(lib)),
            Job::Changes => (
                paths.section("changes"),
                "changes.html",
                "Corrections and updates".into(),
            ),
            Job::ChangesFeed => (
                "changes/atom.xml".into(),
                "changes_atom.xml",
                format!("{}: corrections and updates", lib.config.title),
            ),
            Job::Map => (paths.section("map"), "map.html", "Map".into()),
            Job::NotFound => ("404.html".into(), "404.html", "Page not found".into()),
            Job::Feed => ("atom.xml".into(), "atom.xml", lib.config.title.clone()),
            Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml", String::new()),
            Job::SitemapPart(n) => (format!("sitemap-{n}.xml"), "sitemap.xml", String::new()),
            Job::ListPage(list, n) => {
                let (path, title) = list.frame(self, n);
                (path, "list_page.html", title)
            }
            Job::Asset(_) => unreachable!("handled above"),
        };
        // The 404 page is served at any depth, so it links from the base path.
        let root = match job {
            Job::NotFound => lib.config.base_path.clone(),
            _ => root_prefix(&path),
        };
        (path, template, title, root)
    }

    /// Appends the page a job writes to `out`, through the compiled
    /// built-in template, when it has one among `compiled`; its file.
    fn native(&self, job: Job, compiled: &[&str], out: &mut String) -> Option<String> {
        let template = match job {
            Job::Events => "events.html",
            Job::Event(_) => "event.html",
            Job::Actor(_) => "actor.html",
            Job::Source(_) => "source.html",
            Job::Chronology | Job::Filtered(_) => "chronology.html",
            _ => return None,
        };
        if !compiled.contains(&template) || self.split(job).is_some() {
            return None;
        }
        let lib = self.lib;
        let (path, _, title, root) = self.frame(job);
        let links = Links {
            root: &root,
            paths: self.paths,
        };
        let canonical = [lib.config.base_url.as_str(), &path].concat();
        let vars = PageVars {
            root: &root,
            path: &path,
            title: &title,
            canonical: &canonical,
        };
        match job {
            Job::Event(i) => native::event(
                out,
                &self.site_view,
                &vars,
                &views::event_page(lib, links, i),
                self.chrono.chain_of(links, i).as_ref(),
                [
                    &self.ld.event(lib, self.paths, i),
                    &jsonld::claim_reviews(lib, self.paths, i),
                ],
                &self.chrono.locator(links, i),
            ),
            Job::Events => native::events(out, &self.site_view, &vars, &event_rows(lib, links)),
            Job::Actor(a) => native::actor(
                out,
                &self.site_view,
                &vars,
                &pages::actor_page(lib, links, a),
                &self.chrono.actor(links, a),
            ),
            Job::Source(s) => native::source(
                out,
                &self.site_view,
                &vars,
                &pages::source_page(lib, links, s),
            ),
            Job::Chronology => native::chronology(
                out,
                &self.site_view,
                &vars,
                &self.chrono.page(links, Filter::All),
                &phases(lib, links),
            ),
            Job::Filtered(f) => native::chronology(
                out,
                &self.site_view,
                &vars,
                &self.chrono.page(links, f),
                &phases(lib, links),
            ),
            _ => return None,
        }
        Some(file_for(&path))
    }

    /// The file a job writes and its template; its variables go to `ctx`.
    fn plan(&self, job: Job, ctx: &mut impl VarSink) -> (String, &'static str) {
        let lib = self.lib;
        if let Job::Asset(name) = job {
            return (name.to_string(), name);
        }
        let paths = self.paths;
        let (path, template, title, root) = self.frame(job);
        let links = Links { root: &root, paths };
        ctx.insert("site", &self.site);
        ctx.insert("root", &root);
        ctx.insert("path", &path);
        ctx.insert("title", &title);
        ctx.insert("canonical", &format!("{}{}", lib.config.base_url, path));
        // A list too long for one page shows its index instead (`paging.rs`).
        if let Some(list) = self.split(job) {
            return (file_for(&path), self.plan_split(list, links, ctx));
        }
        match job {
            Job::Home => {
                let mut cites = cite::Citations::new(lib, links);
                let body = lib
                    .index
                    .as_ref()
                    .map(|p| cites.body(&p.body))
                    .unwrap_or_default();
                ctx.insert("body", &body);
                ctx.insert("references", &cites.references());
                let no_changes: &[crate::model::Change] = &[];
                let own = lib.index.as_ref().map_or(no_changes, |p| &p.changes);
                ctx.insert("changes", &changes::RecordChanges::new(own, links));
                ctx.insert("figures", &pages::key_figures(lib));
                let latest: Vec<EventRow> = (0..lib.events.len())
                    .rev()
                    .take(10)
                    .map(|i| EventRow::new(lib, links, i))
                    .collect();
                ctx.insert("latest", &latest);
                ctx.insert("phases", &phases(lib, links));
                let chart = self.chrono.home_chart(links);
                ctx.insert("chart", &chart.svg);
                ctx.insert("chart_legend", &chart.legend);
            }
            Job::Events => ctx.insert("events", &event_rows(lib, links)),
            Job::Event(i) => {
                ctx.insert("event", &views::event_page(lib, links, i));
                ctx.insert("chain", &self.chrono.chain_of(links, i));
                ctx.insert("jsonld", &self.ld.event(lib, paths, i));
                ctx.insert("map", &self.chrono.locator(links, i));
                ctx.insert("claim_reviews", &jsonld::claim_reviews(lib, paths, i));
            }
            Job::Actors => ctx.insert("groups", &pages::actor_groups(lib, links)),
            Job::Actor(a) => {
                ctx.insert("actor", &pages::actor_page(lib, links, a));
                let own = self.chrono.actor(links, a);
                ctx.insert("chart", &own.chart);
                ctx.insert("chart_legend", &own.chart_legend);
                ctx.insert("pairs", &own.pairs);
                ctx.insert("chronology_url", &own.chronology);
                ctx.insert("map", &own.map);
            }
            Job::Sources => ctx.insert("groups", &pages::bibliography(lib, links)),
            Job::Source(s) => ctx.insert("source", &pages::source_page(lib, links, s)),
            Job::Capture(s) => ctx.insert("capture", &pages::capture_page(lib, links, s)),
            Job::Chronology => {
                ctx.insert("page", &self.chrono.page(links, Filter::All));
                ctx.insert("phases", &phases(lib, links));
            }
            Job::Filtered(f) => {
                ctx.insert("page", &self.chrono.page(links, f));
                ctx.insert("phases", &phases(lib, links));
            }
            Job::Filters(facet) => {
                ctx.insert("facet", facet);
                ctx.insert("filters", &self.chrono.filter_index(links, facet));
                ctx.insert("nav", &self.chrono.nav(links, Filter::All));
            }
            Job::Page(i) => {
                let p = &lib.pages[i];
                let mut cites = cite::Citations::new(lib, links);
                ctx.insert("body", &cites.body(&p.body));
                ctx.insert("summary", &p.summary);
                ctx.insert("references", &cites.references());
                ctx.insert("changes", &changes::RecordChanges::new(&p.changes, links));
            }
            Job::Map => {
                ctx.insert("map", &self.chrono.map_page(links));
                ctx.insert("places", &self.chrono.places(links));
                ctx.insert("nav", &self.chrono.nav(links, Filter::All));
            }
            Job::NotFound | Job::Search | Job::Asset(_) => {}
            Job::Claims(ledger) => {
                let index = self.claims.get_or_init(|| claims::Index::new(lib));
                ctx.insert("ledger", &claims::page(lib, links, index, ledger))
            }
            Job::Changes => {
                ctx.insert("entries", &changes::log(lib, links));
                let since = self
                    .previous
                    .as_ref()
                    .map(|d| changes::DiffView::new(d, links));
                ctx.insert("previous", &since);
            }
            Job::ChangesFeed => {
                let entries = changes::log(lib, Links::absolute(&lib.config.base_url, paths));
                // Newest first: the feed was updated by its first entry.
                let updated = entries
                    .first()
                    .map_or("1970-01-01T00:00:00Z", |e| e.updated.as_str())
                    .to_string();
                ctx.insert("entries", &entries);
                ctx.insert("updated", &updated);
            }
            Job::Feed => {
                let entries: Vec<FeedEntry> = lib
                    .events
                    .iter()
                    .rev()
                    .take(lib.config.feed_limit)
                    .map(|e| FeedEntry {
                        title: &e.title,
                        summary: &e.summary,
                        url: Links::absolute(&lib.config.base_url, paths).event(&e.id),
                        updated: e.date.rfc3339(),
                    })
                    .collect();
                let updated = lib
                    .events
                    .iter()
                    .map(|e| e.date.rfc3339())
                    .max()
                    .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
                ctx.insert("entries", &entries);
                ctx.insert("updated", &updated);
            }
            Job::Sitemap => {
                let urls = self.site_urls();
                let parts = sitemap_parts(urls.len(), SITEMAP_LIMIT);
                if parts.len() > 1 {
                    let sitemaps: Vec<String> = (1..=parts.len())
                        .map(|n| format!("{}sitemap-{n}.xml", lib.config.base_url))
                        .collect();
                    ctx.insert("sitemaps", &sitemaps);
                    return (file_for(&path), "sitemap_index.xml");
                }
                ctx.insert("urls", &urls);
            }
            Job::ListPage(list, n) => list.fill(self, links, n, ctx),
            Job::SitemapPart(n) => {
                let urls = self.site_urls();
                let parts = sitemap_parts(urls.len(), SITEMAP_LIMIT);
                let (from, to) = parts.get(n - 1).copied().unwrap_or((0, 0));
                ctx.insert("urls", &urls[from..to]);
            }
        }
        (file_for(&path), template)
    }
}

impl PageRenderer<'_> {
    /// Every page's absolute URL, for the sitemap: made once, however many
    /// files the sitemap takes.
    fn site_urls(&self) -> &[String] {
        self.urls.get_or_init(|| self.make_site_urls())
    }

    fn make_site_urls(&self) -> Vec<String> {
        let lib = self.lib;
        let paths = self.paths;
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
        if self.chrono.map.is_some() {
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
        for list in paging::List::every(self) {
            let base = list.base(self);
            urls.extend((1..=list.pages(self)).map(|n| paging::page_path(paths, &base, n)));
        }
        urls.extend(
            self.chrono
                .filters
                .iter()
                .filter_map(|(f, _)| f.slug(lib).map(|(facet, slug)| paths.filter(facet, slug))),
        );
        // The ledger's pages per actor and per stance (`claims/` is above).
        urls.extend(
            claims::Ledger::every(lib)
                .into_iter()
                .filter(|&l| l != claims::Ledger::All)
                .map(|l| l.path(lib, paths)),
        );
        urls.into_iter()
            .map(|p| [lib.config.base_url.as_str(), &p].concat())
            .collect()
    }
}

/// The sitemap protocol's limit of URLs in one file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// How `count` URLs split into sitemap files of at most `per_file`: one
/// range per file (one file, however few).
fn sitemap_parts(count: usize, per_file: usize) -> Vec<(usize, usize)> {
    (0..count.div_ceil(per_file).max(1))
        .map(|i| (i * per_file, ((i + 1) * per_file).min(count)))
        .collect()
}

/// The variables `base.html` reads besides `site`.
struct PageVars<'a> {
    root: &'a str,
    path: &'a str,
    title: &'a str,
    canonical: &'a str,
}

/// The page templates whose compiled versions may stand in for Tera's: the
/// dossier overrides none of the templates each compiles (an override equal
/// to the built-in is no override), and `DOSSIER_NATIVE=0` is not set (the
/// tests that compare the two set it).
fn native_templates(tera: &Tera) -> Vec<&'static str> {
    if std::env::var_os("DOSSIER_NATIVE").is_some_and(|v| v == "0") {
        return Vec::new();
    }
    [
        "events.html",
        "event.html",
        "actor.html",
        "source.html",
        "chronology.html",
    ]
    .into_iter()
    .filter(|&page| templates::unmodified(tera, &["base.html", "macros.html", page]))
    .collect()
}

/// Where a page's template variables go: into a JSON object for Tera, or
/// straight into a fingerprint.
trait VarSink {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T);
}

/// Template variables as the JSON object Tera's context is made from.
#[derive(Default)]
struct Vars(serde_json::Map<String, Value>);

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

/// Every event's row, in time order: the events list.
fn event_rows<'a>(lib: &'a Library, links: Links<'_>) -> Vec<EventRow<'a>> {
    (0..lib.events.len())
        .map(|i| EventRow::new(lib, links, i))
        .collect()
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    updated: String,
}

#[derive(Serialize)]
pub struct PhaseView<'a> {
    name: &'a str,
    /// "July – August 2019", or "February 2021" for a one-month phase.
    span: String,
    url: String,
    from: views::DateView<'a>,
    until: views::DateView<'a>,
    description: &'a str,
}

fn phases<'a>(lib: &'a Library, links: Links<'_>) -> Vec<PhaseView<'a>> {
    lib.config
        .phases
        .iter()
        .map(|p| PhaseView {
            name: &p.name,
            span: if p.from == p.until {
                p.from.display()
            } else {
                format!("{} – {}", p.from.display(), p.until.display())
            },
            url: links.filter("phase", &p.slug),
            from: views::DateView::of(&p.from),
            until: views::DateView::of(&p.until),
            description: &p.description,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sitemap_parts;

    #[test]
    fn sitemaps_split_at_the_limit() {
        assert_eq!(sitemap_parts(0, 3), [(0, 0)]);
        assert_eq!(sitemap_parts(3, 3), [(0, 3)]);
        assert_eq!(sitemap_parts(4, 3), [(0, 3), (3, 4)]);
        assert_eq!(sitemap_parts(9, 3), [(0, 3), (3, 6), (6, 9)]);
    }
}
