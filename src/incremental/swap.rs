//! Serve's quick pass: one edited event swapped into the last library when
//! nothing else depends on what changed.

use crate::base::diagnostics::Diagnostics;
use crate::load::Broken;
use crate::model::Event;
use crate::resolve::{EventDate, Library, Resolver, paragraph_links};
use std::collections::BTreeSet;

/// What of an event other records, indexes and the chronology depend on:
/// every field but the title, summary, place, narrative and origin. (A new
/// field of `Event` must be placed on one side or the other.)
fn skeleton(e: &Event) -> String {
    let Event {
        id,
        title: _,
        date,
        date_end,
        circa,
        kind,
        escalation,
        summary: _,
        location: _,
        responds_to,
        sources,
        tags,
        actors,
        casualties,
        claims,
        body: _,
        changes,
        origin: _,
    } = e;
    format!(
        "{:?}",
        (
            id,
            date,
            date_end,
            circa,
            kind,
            escalation,
            responds_to,
            sources,
            tags,
            actors,
            casualties,
            (claims, changes)
        )
    )
}

impl Library {
    /// Puts `new` in the place of the event with its id, read again from
    /// the same file, when that leaves every other record and index as
    /// resolving the whole dossier again would: only its title, summary,
    /// place and narrative changed, its narrative cites the same sources in
    /// the same order, links to the same paragraphs of preserved copies from
    /// the same places, and refers to nothing unknown. Then the library is
    /// the one a full load of the dossier would give, save for warnings.
    /// Returns the event's index and the event replaced, or gives `new`
    /// back when it differs in more.
    pub(crate) fn swap_event(&mut self, new: Event) -> Result<(usize, Event), Box<Event>> {
        let Some(i) = self.event(&new.id) else {
            return Err(Box::new(new));
        };
        let old = &self.events[i];
        let same_place = old.origin.file == new.origin.file
            && old.origin.merged.is_none()
            && new.origin.merged.is_none();
        if !same_place
            || skeleton(old) != skeleton(&new)
            || self.sources_cited(&new) != self.event_sources[i]
            || paragraph_links(self, &old.body) != paragraph_links(self, &new.body)
        {
            return Err(Box::new(new));
        }
        let mut diags = Diagnostics::default();
        let drafts = BTreeSet::new();
        let broken = Broken::default();
        let mut r = Resolver {
            lib: self,
            drafts: &drafts,
            broken: &broken,
            diags: &mut diags,
            cites: Vec::new(),
        };
        r.event(i, &new);
        if diags.has_errors() {
            return Err(Box::new(new));
        }
        // Its date and actors are part of the skeleton: `event_dates` and
        // `event_actors` hold as they are.
        debug_assert!(self.event_dates[i] == EventDate::of(&new));
        Ok((i, std::mem::replace(&mut self.events[i], new)))
    }
}
