//! The map of every event: `map.html`.

use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::chronology::Filter;
use crate::render::PageRenderer;
use crate::render::links::Links;

#[derive(Clone, Copy)]
pub(super) struct Map;

impl Page for Map {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        (r.paths.section("map"), "map.html", "Map".into())
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        ctx.insert("map", &r.chrono.map_page(links));
        ctx.insert("places", &r.chrono.places(links));
        ctx.insert("nav", &r.chrono.nav(links, Filter::All));
        Ok(())
    }
}
