//! The feed of the latest events: `atom.xml`.

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::links::Links;
use serde::Serialize;

#[derive(Clone, Copy)]
pub(super) struct Feed;

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    updated: String,
}

impl Page for Feed {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        ("atom.xml".into(), "atom.xml", r.lib.config.title.clone())
    }

    fn vars(self, r: &PageRenderer, _: Links, ctx: &mut impl VarSink) -> Result<(), Diagnostic> {
        let lib = r.lib;
        let entries: Vec<FeedEntry> = lib
            .events
            .iter()
            .rev()
            .take(lib.config.feed_limit)
            .map(|e| FeedEntry {
                title: &e.title,
                summary: &e.summary,
                url: Links::absolute(&lib.config.base_url, r.paths).event(&e.id),
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
        Ok(())
    }
}
