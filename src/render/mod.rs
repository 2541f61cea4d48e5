//! Rendering the site: every page in parallel (one kind of page per file
//! under `pages/`), through Tera or the compiled built-in template that
//! writes the same bytes (`compiled/`), with the exports and the search
//! index beside them.

pub(crate) mod changes;
pub mod chart;
mod chrono_page;
pub(crate) mod cite;
pub(crate) mod citefiles;
mod claims;
mod compiled;
mod cycles;
mod exports;
mod fingerprint;
mod jsonld;
pub(crate) mod links;
mod pages;
mod paging;
mod routes;
mod run;
mod search;
mod site;
mod templates;
pub(crate) mod views;

use fingerprint::ContextHasher;
pub(crate) use fingerprint::Fingerprint;
pub(crate) use templates::load as load_templates;

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::chronology::{Chronology, Filter};
use crate::output::{Fill, Sink};
use crate::resolve::Library;
use compiled::frame::{Frame, OwnFrame};
use links::{Links, Paths, file_for};
use pages::{Job, Page, PageVars, VarSink, Vars, Visit};
use routes::Route;
use serde_json::Value;
use site::SiteView;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use tera::{Context, Tera};

/// One file of the site as a render produced it.
pub(crate) struct Rendered {
    /// Site path, e.g. `events/x/index.html`.
    pub file: String,
    /// Fingerprint of everything the file is made from (template name and
    /// context, or the bytes themselves): equal fingerprints, equal bytes.
    pub fingerprint: Fingerprint,
    /// The bytes, or `None` when the fingerprint matched the previous one
    /// given and rendering was skipped.
    pub bytes: Option<Vec<u8>>,
}

/// What a build's render did.
pub(crate) struct Summary {
    /// The files written.
    pub files: usize,
    /// A note for the editor, when the dossier's own templates send pages
    /// with a compiled built-in template through Tera, the slower path:
    /// which templates, how many pages.
    pub slower: Option<String>,
}

/// Renders every page and export into `out`.
pub(crate) fn render<S: Sink>(lib: &Library, tera: &Tera, out: &S) -> Result<Summary, Diagnostics> {
    let write = |rel: &str, bytes: &[u8]| out.write(rel, bytes);
    let stream = |rel: &str, fill: Fill| out.write_stream(rel, fill);
    with_renderer(lib, tera, |renderer| {
        let made = renderer.all(Mode::Write {
            write: &write,
            stream: Some(&stream),
            fingerprints: false,
        })?;
        Ok(Summary {
            files: made.count,
            slower: renderer.slower_note(),
        })
    })
}

/// A function that writes one file of the site.
pub(crate) type WriteFn<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync);

/// A function that writes one file of the site from what its [`Fill`]
/// writes, never holding it whole.
pub(crate) type StreamFn<'a> = &'a (dyn Fn(&str, Fill) -> Result<(), Diagnostic> + Sync);

/// Where the generated files (exports, cite files) go as they are made:
/// each is given its site path and a [`Fill`] that writes its bytes.
pub(crate) type Emit<'a> = &'a (dyn Fn(String, Fill) -> Result<(), Diagnostic> + Sync);

/// What [`render_files`] does with each file.
#[derive(Clone, Copy)]
pub(crate) enum Mode<'a> {
    /// Writes every file as soon as it is rendered (a full build, made
    /// atomic by its staging folder); no bytes are kept. With
    /// `fingerprints`, each file's fingerprint is computed too, for later
    /// `Changed` renders.
    Write {
        /// Where the files go.
        write: WriteFn<'a>,
        /// Where the large generated files go, written as they are made;
        /// `None`: through `write`.
        stream: Option<StreamFn<'a>>,
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
/// `prepared` is [`Prepared::of`] the same library and templates.
pub(crate) fn render_files(
    lib: &Library,
    tera: &Tera,
    prepared: &Prepared,
    mode: Mode,
) -> Result<Vec<Rendered>, Diagnostics> {
    with_prepared(lib, tera, prepared, |renderer| {
        renderer.all(mode).map(|made| made.files)
    })
}

/// Renders the pages of the events `events`, with their fingerprints and
/// bytes, as [`render_files`] renders them, from the shared state
/// `prepared` (see [`Prepared`] for when it may be older than `lib`).
pub(crate) fn render_events(
    lib: &Library,
    tera: &Tera,
    prepared: &Prepared,
    events: &[usize],
) -> Result<Vec<Rendered>, Diagnostics> {
    with_prepared(lib, tera, prepared, |renderer| {
        events
            .iter()
            .map(|&i| {
                let job = Job::Event(i);
                let (file, fingerprint) = renderer.fingerprint(job)?;
                let (_, bytes) = renderer.render(job)?;
                Ok(Rendered {
                    file,
                    fingerprint,
                    bytes: Some(bytes),
                })
            })
            .collect()
    })
}

/// What every page's render shares that takes time to make: the
/// chronology's analysis, the filtered views, the maps' base, how each
/// compiled template is written, the JSON-LD of actors and sources. Made
/// from a library and templates; `serve` keeps it between edits, since an
/// event swapped in by its quick pass
/// ([`crate::resolve::Library::swap_event`]) changes none of it but the
/// map's base, which [`Prepared::event_moved`] makes again.
pub(crate) struct Prepared {
    chronology: Chronology,
    filters: Vec<(Filter, usize)>,
    map: Option<crate::render::chart::map::MapBase>,
    routes: Vec<(&'static str, Route)>,
    frames: Option<Tera>,
    ld: jsonld::Records,
}

impl Prepared {
    /// The shared state of `lib`'s pages rendered with `tera`.
    pub(crate) fn of(lib: &Library, tera: &Tera) -> Prepared {
        let chronology = Chronology::of(lib);
        let filters = Filter::every(lib, &chronology);
        let map = crate::render::chart::map::MapBase::of(lib);
        let routes: Vec<(&'static str, Route)> = pages::COMPILED
            .into_iter()
            .map(|page| {
                let route = if lib.config.compiled_templates {
                    routes::route(tera, page)
                } else {
                    Route::Tera(Vec::new())
                };
                (page, route)
            })
            .collect();
        // The stand-ins through which the dossier's own frame goes around
        // compiled bodies.
        let frames = routes
            .iter()
            .any(|(_, r)| matches!(r, Route::OwnFrame(..)))
            .then(|| {
                let mut own = tera.clone();
                let stand_ins = routes.iter().filter_map(|(_, r)| match r {
                    Route::OwnFrame(name, text) => Some((name.as_str(), text.as_str())),
                    _ => None,
                });
                own.add_raw_templates(stand_ins).map(|()| own).ok()
            })
            .flatten();
        Prepared {
            chronology,
            filters,
            map,
            routes,
            frames,
            ld: jsonld::Records::new(lib),
        }
    }

    /// An event of `lib` moved (its place changed): the maps' extent may
    /// have changed with it.
    pub(crate) fn event_moved(&mut self, lib: &Library) {
        self.map = crate::render::chart::map::MapBase::of(lib);
    }
}

/// Calls `f` with the renderer of `lib`'s pages.
fn with_renderer<R>(lib: &Library, tera: &Tera, f: impl FnOnce(&PageRenderer) -> R) -> R {
    with_prepared(lib, tera, &Prepared::of(lib, tera), f)
}

/// [`with_renderer`] from the shared state made beforehand.
fn with_prepared<R>(
    lib: &Library,
    tera: &Tera,
    prepared: &Prepared,
    f: impl FnOnce(&PageRenderer) -> R,
) -> R {
    let paths = Paths {
        pretty: lib.config.pretty_urls,
    };
    let map = prepared.map.as_ref();
    let site = SiteView::of(lib, paths, map.is_some());
    let site_value = tera::to_value(&site).expect("site view serialises");
    let renderer = PageRenderer {
        lib,
        tera,
        site: site_value,
        site_view: site,
        paths,
        chrono: chrono_page::Context::new(lib, &prepared.chronology, &prepared.filters, map),
        routes: &prepared.routes,
        frames: prepared.frames.as_ref(),
        ld: &prepared.ld,
        previous: lib
            .previous
            .as_ref()
            .map(|old| exports::since(old, lib, paths)),
        urls: std::sync::OnceLock::new(),
        claims: std::sync::OnceLock::new(),
    };
    f(&renderer)
}

impl PageRenderer<'_> {
    /// Every page of the site.
    fn jobs(&self) -> Vec<Job> {
        let lib = self.lib;
        let mut jobs = vec![
            Job::Home,
            Job::Events,
            Job::Actors,
            Job::Sources,
            Job::Chronology(Filter::All),
            Job::NotFound,
            Job::Sitemap,
            Job::Search,
            Job::Changes,
            Job::ChangesFeed,
        ];
        if lib.config.feed_enabled {
            jobs.push(Job::Feed);
        }
        jobs.extend((1..=pages::sitemap::part_count(self)).map(Job::SitemapPart));
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
        jobs.extend(claims::Ledger::every(self).into_iter().map(Job::Claims));
        if claims::index(self).compact() {
            jobs.push(Job::ClaimActors);
        }
        jobs.extend(self.chrono.filters.iter().map(|&(f, _)| Job::Chronology(f)));
        // The pages of the lists too long for one (see `pages/list.rs`).
        for list in pages::list::List::every(self) {
            jobs.extend((1..=list.pages(self)).map(|n| Job::ListPage(list, n)));
        }
        for list in pages::named::Named::every(self) {
            jobs.extend((1..=list.pages(self)).map(|n| Job::NamedPage(list, n)));
        }
        jobs.extend(
            ["style.css", "dossier.js", "favicon.svg"]
                .into_iter()
                .map(Job::Asset),
        );
        jobs
    }

    /// The note [`Summary::slower`] gives, if any.
    fn slower_note(&self) -> Option<String> {
        let mut because: Vec<&str> = Vec::new();
        let mut slow: Vec<&str> = Vec::new();
        for (template, route) in self.routes {
            if let Route::Tera(reasons) = route
                && !reasons.is_empty()
            {
                slow.push(template);
                for r in reasons {
                    if !because.contains(&r.as_str()) {
                        because.push(r);
                    }
                }
            }
        }
        if slow.is_empty() {
            return None;
        }
        let pages = self
            .jobs()
            .into_iter()
            .filter(|&job| slow.contains(&job.visit(TemplateOf(self))))
            .count();
        Some(format!(
            "Note: {} make{} {pages} page{} ({}) render through Tera, several times slower than the compiled built-in templates.",
            because.join(", "),
            if because.len() == 1 { "s" } else { "" },
            if pages == 1 { "" } else { "s" },
            slow.join(", "),
        ))
    }
}

/// A page's template.
struct TemplateOf<'r>(&'r PageRenderer<'r>);

impl Visit for TemplateOf<'_> {
    type Out = &'static str;

    fn page<P: Page>(self, page: P) -> Self::Out {
        page.frame(self.0).1
    }
}

/// The facets of the chronology's filters, as they appear in URLs.
pub(crate) const FACETS: [&str; 3] = ["actor", "kind", "phase"];

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
    /// How the pages of each template with a compiled writer are written.
    routes: &'a [(&'static str, Route)],
    /// The dossier's templates with the stand-ins of `Route::OwnFrame`.
    frames: Option<&'a Tera>,
    /// The JSON-LD of the records events cite.
    ld: &'a jsonld::Records,
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
        job.visit(Rendering(self, out))
    }

    /// A job's file and the fingerprint of its template and context.
    fn fingerprint(&self, job: Job) -> Result<(String, Fingerprint), Diagnostic> {
        job.visit(Fingerprinting(self))
    }
}

/// The frame of a page: its path, template, title and link prefix.
struct Framed {
    path: String,
    template: &'static str,
    title: String,
    root: String,
}

impl PageRenderer<'_> {
    /// `page`'s frame.
    fn framed<P: Page>(&self, page: P) -> Framed {
        let (path, template, title) = page.frame(self);
        let root = if P::FRAMED {
            page.root(self, &path)
        } else {
            String::new()
        };
        Framed {
            path,
            template,
            title,
            root,
        }
    }

    /// `page`'s file and template; its variables go to `ctx`.
    fn plan<P: Page>(
        &self,
        page: P,
        ctx: &mut impl VarSink,
    ) -> Result<(String, &'static str), Diagnostic> {
        let f = self.framed(page);
        if !P::FRAMED {
            return Ok((f.path, f.template));
        }
        let links = Links {
            root: &f.root,
            paths: self.paths,
        };
        ctx.insert("site", &self.site);
        ctx.insert("root", &f.root);
        ctx.insert("path", &f.path);
        ctx.insert("title", &f.title);
        ctx.insert(
            "canonical",
            &format!("{}{}", self.lib.config.base_url, f.path),
        );
        page.vars(self, links, ctx)?;
        Ok((file_for(&f.path), f.template))
    }
}

/// Renders a page into a buffer; its file.
struct Rendering<'r, 'o>(&'r PageRenderer<'r>, &'o mut String);

impl Visit for Rendering<'_, '_> {
    type Out = Result<String, Diagnostic>;

    fn page<P: Page>(self, page: P) -> Self::Out {
        let Rendering(r, out) = self;
        if P::FRAMED {
            let f = r.framed(page);
            if let Some(own) = r.compiled_route(f.template) {
                let links = Links {
                    root: &f.root,
                    paths: r.paths,
                };
                let canonical = [r.lib.config.base_url.as_str(), &f.path].concat();
                let frame = Frame {
                    out: &mut *out,
                    site: &r.site_view,
                    vars: PageVars {
                        root: &f.root,
                        path: &f.path,
                        title: &f.title,
                        canonical: &canonical,
                    },
                    own,
                };
                if page.compiled(r, links, frame)? {
                    return Ok(file_for(&f.path));
                }
            }
        }
        let mut vars = Vars::default();
        let (file, template) = r.plan(page, &mut vars)?;
        let ctx = Context::from_value(Value::Object(vars.0)).expect("an object");
        let text = r
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
}

/// Fingerprints a page's template and context; its file too.
struct Fingerprinting<'r>(&'r PageRenderer<'r>);

impl Visit for Fingerprinting<'_> {
    type Out = Result<(String, Fingerprint), Diagnostic>;

    fn page<P: Page>(self, page: P) -> Self::Out {
        let mut hasher = ContextHasher::default();
        let (file, template) = self.0.plan(page, &mut hasher)?;
        Ok((file, hasher.finish(template)))
    }
}

impl PageRenderer<'_> {
    /// How a compiled writer writes the pages of `template`: `None` when
    /// Tera does, `Some(None)` in the built-in frame, `Some(Some(frame))`
    /// in the dossier's own.
    fn compiled_route(&self, template: &str) -> Option<Option<OwnFrame<'_>>> {
        match &self.routes.iter().find(|(t, _)| *t == template)?.1 {
            Route::Compiled => Some(None),
            Route::OwnFrame(name, _) => Some(Some(OwnFrame {
                tera: self.frames?,
                template: name,
                site: &self.site,
            })),
            Route::Tera(_) => None,
        }
    }
}
