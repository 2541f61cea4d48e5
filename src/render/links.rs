//! URLs. Every page links with paths relative to itself (`../../actors/x/`),
//! so a site works under any base path, on any static host and from disk;
//! only the 404 page, served at any depth, uses the base path.

/// Site-relative paths of the pages the build writes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paths {
    /// `events/<id>/` (true) or `events/<id>.html` (false).
    pub pretty: bool,
}

impl Paths {
    fn record(&self, section: &str, id: &str) -> String {
        self.record_after("", section, id)
    }
    /// `prefix` and then a record's page, in one allocation: pages make
    /// hundreds of thousands of these links per build.
    fn record_after(&self, prefix: &str, section: &str, id: &str) -> String {
        let mut url = String::with_capacity(prefix.len() + section.len() + id.len() + 6);
        url.push_str(prefix);
        url.push_str(section);
        url.push('/');
        url.push_str(id);
        url.push_str(if self.pretty { "/" } else { ".html" });
        url
    }
    /// An event's page.
    pub(crate) fn event(&self, id: &str) -> String {
        self.record("events", id)
    }
    /// An actor's page.
    pub(crate) fn actor(&self, id: &str) -> String {
        self.record("actors", id)
    }
    /// A source's page.
    pub(crate) fn source(&self, id: &str) -> String {
        self.record("sources", id)
    }
    /// The readable page of a source's capture: `sources/<id>/capture/`.
    pub(crate) fn capture(&self, id: &str) -> String {
        let mut prefix = String::with_capacity(id.len() + 9);
        prefix.push_str("sources/");
        prefix.push_str(id);
        self.record_after("", &prefix, "capture")
    }
    /// A free page.
    pub(crate) fn page(&self, slug: &str) -> String {
        if self.pretty {
            format!("{slug}/")
        } else {
            format!("{slug}.html")
        }
    }
    /// A filtered view of the chronology: `chronology/actor/<id>/`.
    pub(crate) fn filter(&self, facet: &str, slug: &str) -> String {
        self.record_after("chronology/", facet, slug)
    }
    /// The list of one facet's filtered views: `chronology/actor/`.
    pub(crate) fn filters(&self, facet: &str) -> String {
        self.section(&format!("chronology/{facet}"))
    }
    /// A filtered page of the claims ledger: `claims/stance/denies/`.
    pub(crate) fn claims(&self, facet: &str, slug: &str) -> String {
        self.record_after("claims/", facet, slug)
    }
    /// A section's list page: `events/`.
    pub(crate) fn section(&self, name: &str) -> String {
        let mut path = String::with_capacity(name.len() + 11);
        path.push_str(name);
        path.push_str(if self.pretty { "/" } else { "/index.html" });
        path
    }
}

/// The file that serves a path: `events/x/` → `events/x/index.html`.
pub(crate) fn file_for(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// `../` for every folder a path's file sits in.
pub(crate) fn root_prefix(path: &str) -> String {
    // The file serving a path is in the path's folder: `file_for` adds
    // no `/`.
    "../".repeat(path.bytes().filter(|&b| b == b'/').count())
}

/// Links as seen from one page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Links<'a> {
    /// Prefix that leads from the page to the site's root.
    pub root: &'a str,
    /// The path scheme.
    pub paths: Paths,
}

impl<'a> Links<'a> {
    /// Links from the site's base URL (absolute ones), for feeds, exports
    /// and metadata.
    pub(crate) fn absolute(base_url: &'a str, paths: Paths) -> Links<'a> {
        Links {
            root: base_url,
            paths,
        }
    }
    /// Link to an event.
    pub(crate) fn event(&self, id: &str) -> String {
        self.record("events", id)
    }
    /// Link to an actor.
    pub(crate) fn actor(&self, id: &str) -> String {
        self.record("actors", id)
    }
    /// Link to a source.
    pub(crate) fn source(&self, id: &str) -> String {
        self.record("sources", id)
    }
    fn record(&self, section: &str, id: &str) -> String {
        self.paths.record_after(self.root, section, id)
    }
    /// Link to the readable page of a source's capture.
    pub(crate) fn capture(&self, id: &str) -> String {
        self.rooted(&self.paths.capture(id))
    }
    /// Link to the published copy `file` (a path under `captures/`).
    pub(crate) fn capture_file(&self, file: &str) -> String {
        self.rooted(&format!("captures/{}", crate::evidence::url_path(file)))
    }
    /// Link to a free page.
    pub(crate) fn page(&self, slug: &str) -> String {
        self.rooted(&self.paths.page(slug))
    }
    /// Link to a section's list page (`chronology/`).
    pub(crate) fn section(&self, name: &str) -> String {
        self.rooted(&self.paths.section(name))
    }
    /// Link to a filtered view of the chronology.
    pub(crate) fn filter(&self, facet: &str, slug: &str) -> String {
        self.rooted(&self.paths.filter(facet, slug))
    }
    /// Link to the list of one facet's filtered views.
    pub(crate) fn filters(&self, facet: &str) -> String {
        self.rooted(&self.paths.filters(facet))
    }
    /// A file of the site (`map/land.svg`) as seen from the page.
    pub(crate) fn file(&self, path: &str) -> String {
        self.rooted(path)
    }
    /// Link to a filtered page of the claims ledger.
    pub(crate) fn claims(&self, facet: &str, slug: &str) -> String {
        self.rooted(&self.paths.claims(facet, slug))
    }
    /// The site path `path` as seen from the page.
    fn rooted(&self, path: &str) -> String {
        let mut url = String::with_capacity(self.root.len() + path.len() + 8);
        url.push_str(self.root);
        url.push_str(path);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_follow_depth() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("events/"), "../");
        assert_eq!(root_prefix("events/x/"), "../../");
        assert_eq!(root_prefix("events/x.html"), "../");
        assert_eq!(file_for("events/x/"), "events/x/index.html");
        assert_eq!(root_prefix("chronology/actor/x/"), "../../../");
        let flat = Paths { pretty: false };
        assert_eq!(
            flat.filter("kind", "airstrike"),
            "chronology/kind/airstrike.html"
        );
        assert_eq!(flat.filters("kind"), "chronology/kind/index.html");
        for paths in [flat, Paths { pretty: true }] {
            let links = Links {
                root: "../../",
                paths,
            };
            assert_eq!(links.event("e"), format!("../../{}", paths.event("e")));
            assert_eq!(links.actor("a"), format!("../../{}", paths.actor("a")));
            assert_eq!(links.source("s"), format!("../../{}", paths.source("s")));
        }
    }
}
