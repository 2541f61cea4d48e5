//! The home page: `index.html`.

use crate::base::diagnostics::Diagnostic;
use crate::model::Toll;
use crate::render::cite::Citations;
use crate::render::links::Links;
use crate::render::views::{DateView, EventRow, TollView};
use crate::resolve::Library;
use serde::Serialize;

/// The home page's figures.
#[derive(Serialize)]
pub(crate) struct KeyFigures<'a> {
    pub events: usize,
    pub actors: usize,
    pub sources: usize,
    /// First event's date.
    pub first: Option<DateView<'a>>,
    /// Last event's date.
    pub last: Option<DateView<'a>>,
    /// Reported casualties, summed.
    pub toll: TollView,
    /// Highest escalation level reached.
    pub peak: Option<u8>,
}

/// Figures for the home page.
pub(crate) fn key_figures(lib: &Library) -> KeyFigures<'_> {
    let mut toll = Toll::default();
    for e in &lib.events {
        toll.add(Toll::of(&e.casualties));
    }
    KeyFigures {
        events: lib.events.len(),
        actors: lib.actors.len(),
        sources: lib.sources.len(),
        first: lib.events.first().map(|e| DateView::of(&e.date)),
        last: lib.events.last().map(|e| DateView::of(&e.date)),
        toll: toll.into(),
        peak: lib.events.iter().filter_map(|e| e.escalation).max(),
    }
}

/// The home page.
#[derive(Clone, Copy)]
pub(super) struct Home;

impl super::Page for Home {
    fn frame(self, r: &crate::render::PageRenderer) -> (String, &'static str, String) {
        (String::new(), "index.html", r.lib.config.title.clone())
    }

    fn vars(
        self,
        r: &crate::render::PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        let lib = r.lib;
        let mut cites = Citations::new(lib, links);
        let body = lib
            .index
            .as_ref()
            .map(|p| cites.body(&p.body))
            .transpose()?
            .unwrap_or_default();
        ctx.insert("body", &body);
        ctx.insert("references", &cites.references());
        let no_changes: &[crate::model::Change] = &[];
        let own = lib.index.as_ref().map_or(no_changes, |p| &p.changes);
        ctx.insert(
            "changes",
            &crate::render::changes::RecordChanges::new(own, links),
        );
        ctx.insert("figures", &key_figures(lib));
        let latest: Vec<EventRow> = (0..lib.events.len())
            .rev()
            .take(10)
            .map(|i| EventRow::new(lib, links, i))
            .collect();
        ctx.insert("latest", &latest);
        ctx.insert("phases", &super::chronology::phases(lib, links));
        let chart = r.chrono.home_chart(links);
        ctx.insert("chart", &chart.svg);
        ctx.insert("chart_legend", &chart.legend);
        Ok(())
    }
}
