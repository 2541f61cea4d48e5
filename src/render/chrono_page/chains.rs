//! Tit-for-tat chains as pages show them: whole on the chronology, the
//! events around one event on its page, one line on a filtered view.

use super::{CHAIN_WINDOW, Context, Item};
use crate::base::text::push;
use crate::render::links::Links;
use crate::render::views::{DateView, escalation_step};
use serde::Serialize;

/// One event of a chain.
#[derive(Serialize)]
pub(crate) struct Step<'a> {
    /// The event.
    #[serde(flatten)]
    pub item: Item<'a>,
    /// Its place in the chain, from 1.
    pub position: usize,
    /// The page being shown is this event's.
    pub current: bool,
    /// The earlier events of the chain it responds to.
    pub answers: Vec<Answer<'a>>,
}

/// A trigger a step responds to.
#[derive(Serialize)]
pub(crate) struct Answer<'a> {
    /// The trigger's place in the chain.
    pub position: usize,
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// The response's level minus the trigger's.
    pub step: Option<i16>,
}

/// A tit-for-tat chain.
#[derive(Serialize)]
pub(crate) struct ChainView<'a> {
    /// Number, from 1, in the order of the chains' first events.
    pub number: usize,
    /// Its id on the chronology page.
    pub anchor: String,
    /// The chain on the chronology page.
    pub url: String,
    /// Events in the chain.
    pub size: usize,
    /// The earliest event's date.
    pub first: DateView<'a>,
    /// The latest event's date (its end, for a span).
    pub last: DateView<'a>,
    /// The trigger's level.
    pub start: Option<u8>,
    /// Highest level.
    pub peak: Option<u8>,
    /// The events shown, in order.
    pub steps: Vec<Step<'a>>,
    /// Events left out before the steps shown.
    pub before: usize,
    /// Events left out after.
    pub after: usize,
}

impl<'a> Context<'a> {
    /// Chain `c`, whole, or when `focus` is given at most `CHAIN_WINDOW`
    /// events around it.
    pub(crate) fn chain(&self, links: Links<'_>, c: usize, focus: Option<usize>) -> ChainView<'a> {
        let len = self.chrono.chains.list[c].len();
        let shown = match focus.and_then(|i| self.chrono.chains.of[i]) {
            Some((_, pos)) if len > CHAIN_WINDOW => {
                let start = pos.saturating_sub(CHAIN_WINDOW / 2).min(len - CHAIN_WINDOW);
                start..start + CHAIN_WINDOW
            }
            _ => 0..len,
        };
        self.chain_in(links, c, shown, focus)
    }

    /// Chain `c` without its steps: a line linking to it.
    pub(crate) fn chain_summary(&self, links: Links<'_>, c: usize) -> ChainView<'a> {
        self.chain_in(links, c, 0..0, None)
    }

    /// Chain `c` with the steps at positions `shown`.
    fn chain_in(
        &self,
        links: Links<'_>,
        c: usize,
        shown: std::ops::Range<usize>,
        focus: Option<usize>,
    ) -> ChainView<'a> {
        let lib = self.lib;
        let events = &self.chrono.chains.list[c];
        let (start, end) = (shown.start, shown.end);
        let level = |i: usize| lib.events[i].escalation;
        let steps = events[start..end]
            .iter()
            .enumerate()
            .map(|(n, &i)| Step {
                item: self.item(links, i),
                position: start + n + 1,
                current: focus == Some(i),
                answers: lib.events[i]
                    .responds_to
                    .iter()
                    .filter_map(|t| lib.event(t))
                    .map(|j| Answer {
                        position: self.chrono.chains.of[j].map_or(0, |(_, p)| p + 1),
                        title: &lib.events[j].title,
                        url: links.event(&lib.events[j].id),
                        step: escalation_step(lib, j, i),
                    })
                    .collect(),
            })
            .collect();
        // The chain's time: from its earliest event to its latest.
        let first = *events.iter().min().expect("a chain has events");
        let last = *events.iter().max().expect("a chain has events");
        let last_date = lib.events[last]
            .date_end
            .as_ref()
            .unwrap_or(&lib.events[last].date);
        ChainView {
            number: c + 1,
            anchor: {
                let mut anchor = String::with_capacity(12);
                push!(&mut anchor, "chain-", c + 1);
                anchor
            },
            // On the chronology, or on its page of chains when the
            // chronology is split (`render/paging.rs`).
            url: {
                let mut url = match crate::render::paging::chain_page(lib, links.paths, c) {
                    Some(page) => links.file(&page),
                    None => links.section("chronology"),
                };
                push!(&mut url, "#chain-", c + 1);
                url
            },
            size: events.len(),
            first: DateView::of(&lib.events[first].date),
            last: DateView::of(last_date),
            start: level(events[0]),
            peak: events.iter().filter_map(|&i| level(i)).max(),
            steps,
            before: start,
            after: events.len() - end,
        }
    }

    /// The chain of event `i`, around it; `None` when it is in none.
    pub(crate) fn chain_of(&self, links: Links<'_>, i: usize) -> Option<ChainView<'a>> {
        let (c, _) = self.chrono.chains.of[i]?;
        Some(self.chain(links, c, Some(i)))
    }
}
