//! The frame every compiled page shares: `base.html` around the page's
//! blocks.

use super::super::site::SiteView;
use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape_into as esc;
use crate::render::routes::BLOCKS_VAR;
use serde_json::{Map, Value};
use tera::{Context, Tera};

/// The variables `base.html` reads besides `site`.
#[derive(Clone, Copy)]
pub(crate) struct PageVars<'a> {
    pub(crate) root: &'a str,
    pub(crate) path: &'a str,
    pub(crate) title: &'a str,
    pub(crate) canonical: &'a str,
}

/// The blocks a page fills in `base.html`.
pub(crate) struct Blocks<'a> {
    /// `description`, escaped already; `None` for the site's.
    pub(crate) description: Option<&'a str>,
    pub(crate) og_type: &'a str,
    pub(crate) head: &'a str,
    pub(crate) body_class: &'a str,
}

/// `base.html` around `main`.
pub(crate) fn base(
    out: &mut String,
    site: &SiteView,
    v: &PageVars,
    b: &Blocks,
    main: impl FnOnce(&mut String),
) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    esc(out, site.language);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if !v.title.is_empty() && v.title != site.title {
        esc(out, v.title);
        out.push_str(" · ");
    }
    esc(out, site.title);
    out.push_str("</title>\n<meta name=\"description\" content=\"");
    match b.description {
        Some(d) => out.push_str(d),
        None => esc(out, site.description),
    }
    out.push_str("\">\n<meta name=\"generator\" content=\"");
    esc(out, site.generator);
    out.push_str("\">\n<link rel=\"canonical\" href=\"");
    esc(out, v.canonical);
    out.push_str("\">\n<meta property=\"og:site_name\" content=\"");
    esc(out, site.title);
    out.push_str("\">\n<meta property=\"og:title\" content=\"");
    esc(out, v.title);
    out.push_str("\">\n<meta property=\"og:url\" content=\"");
    esc(out, v.canonical);
    out.push_str("\">\n<meta property=\"og:type\" content=\"");
    out.push_str(b.og_type);
    out.push_str("\">\n<link rel=\"icon\" href=\"");
    esc(out, v.root);
    out.push_str("favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
    esc(out, v.root);
    out.push_str("style.css\">\n<link rel=\"stylesheet\" href=\"");
    esc(out, v.root);
    out.push_str("highlight.css\">\n");
    if site.feed {
        out.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
        esc(out, site.title);
        out.push_str(": latest events\" href=\"");
        esc(out, v.root);
        out.push_str("atom.xml\">\n");
    }
    out.push_str(b.head);
    out.push_str("\n</head>\n<body class=\"");
    out.push_str(b.body_class);
    out.push_str("\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<nav aria-label=\"Main\">\n<a class=\"brand\" href=\"");
    if v.root.is_empty() {
        out.push_str("./");
    } else {
        esc(out, v.root);
    }
    out.push_str("\">");
    esc(out, site.title);
    out.push_str("</a>\n<ul>\n");
    for item in &site.nav {
        out.push_str("<li><a href=\"");
        esc(out, v.root);
        esc(out, &item.path);
        out.push('"');
        if item.path == v.path {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        esc(out, item.title);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n<form class=\"site-search\" role=\"search\" action=\"");
    esc(out, v.root);
    esc(out, &site.sections.search);
    out.push_str("\" method=\"get\"><label class=\"visually-hidden\" for=\"site-q\">Search the dossier</label><input id=\"site-q\" type=\"search\" name=\"q\" placeholder=\"Search\"><button type=\"submit\">Search</button></form>\n</nav>\n</header>\n");
    if let Some(day) = &site.as_of {
        out.push_str(
            "<div class=\"as-of-notice\" role=\"note\"><p><strong>As of <time datetime=\"",
        );
        esc(out, &day.iso);
        out.push_str("\">");
        esc(out, &day.display);
        out.push_str("</time>:</strong> this is the dossier as it could have been written from sources published by then. <a href=\"");
        esc(out, site.base_url);
        out.push_str("\">The current edition →</a></p></div>\n");
    }
    out.push_str("<main id=\"main\">\n");
    main(out);
    out.push_str("\n</main>\n<footer class=\"site-footer\">\n<p>");
    esc(out, site.title);
    out.push_str(". Open data: <a href=\"");
    esc(out, v.root);
    out.push_str("data/dossier.json\">dossier (JSON)</a> · <a href=\"");
    esc(out, v.root);
    out.push_str("data/events.csv\">events (CSV)</a> · <a href=\"");
    esc(out, v.root);
    out.push_str("data/events.geojson\">map (GeoJSON)</a>");
    if site.feed {
        out.push_str(" · <a href=\"");
        esc(out, v.root);
        out.push_str("atom.xml\">feed</a>");
    }
    out.push_str(". <a href=\"");
    esc(out, v.root);
    esc(out, &site.sections.changes);
    out.push_str("\">Corrections and updates</a>.</p>\n<p class=\"generator\">Built with ");
    esc(out, site.generator);
    out.push_str(".</p>\n</footer>\n<script src=\"");
    esc(out, v.root);
    out.push_str("dossier.js\" defer></script>\n\n</body>\n</html>\n");
}

/// Where a compiled page goes: the page's buffer, inside the frame.
pub(crate) struct Frame<'a> {
    pub(crate) out: &'a mut String,
    pub(crate) site: &'a SiteView<'a>,
    pub(crate) vars: PageVars<'a>,
    /// The dossier's own frame, when it has one; `None` for the built-in
    /// one, compiled.
    pub(crate) own: Option<OwnFrame<'a>>,
}

/// The dossier's own `base.html`, which Tera renders around a compiled
/// page's blocks through a stand-in child template (see `routes`).
#[derive(Clone, Copy)]
pub(crate) struct OwnFrame<'a> {
    /// The dossier's templates with the stand-ins.
    pub(crate) tera: &'a Tera,
    /// The stand-in of the page's template.
    pub(crate) template: &'a str,
    /// `site`, as Tera gets it.
    pub(crate) site: &'a Value,
}

impl Frame<'_> {
    /// Writes the frame around the page's blocks, `main` writing the
    /// `main` block.
    pub(crate) fn write(
        self,
        b: &Blocks,
        main: impl FnOnce(&mut String),
    ) -> Result<(), Diagnostic> {
        let Some(own) = self.own else {
            base(self.out, self.site, &self.vars, b, main);
            return Ok(());
        };
        let mut body = String::new();
        main(&mut body);
        let description = match b.description {
            Some(d) => d.to_string(),
            None => {
                let mut d = String::new();
                esc(&mut d, self.site.description);
                d
            }
        };
        let mut blocks = Map::new();
        for (name, text) in [
            ("description", description),
            ("og_type", b.og_type.to_string()),
            ("head", b.head.to_string()),
            ("body_class", b.body_class.to_string()),
            ("main", body),
        ] {
            blocks.insert(name.to_string(), Value::String(text));
        }
        let v = &self.vars;
        let mut vars = Map::new();
        vars.insert("site".into(), own.site.clone());
        for (name, text) in [
            ("root", v.root),
            ("path", v.path),
            ("title", v.title),
            ("canonical", v.canonical),
        ] {
            vars.insert(name.into(), Value::String(text.to_string()));
        }
        vars.insert(BLOCKS_VAR.into(), Value::Object(blocks));
        let ctx = Context::from_value(Value::Object(vars)).expect("an object");
        let page = crate::render::links::file_for(v.path);
        let text = own
            .tera
            .render(own.template, &ctx)
            .map_err(|e| crate::render::templates::render_error("base.html", &page, &e))?;
        self.out.push_str(&text);
        Ok(())
    }
}
