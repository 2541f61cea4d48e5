//! The order of events: by date and id, with responses after the events
//! they respond to on ties.

use crate::model::*;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Among events of the same date, puts every response after the events it
/// responds to; otherwise keeps the order (by id).
pub(super) fn responses_after_triggers_on_ties(events: Vec<Event>) -> Vec<Event> {
    let mut order = Vec::with_capacity(events.len());
    let mut start = 0;
    while start < events.len() {
        let key = events[start].date.sort_key();
        let end = start
            + events[start..]
                .iter()
                .take_while(|e| e.date.sort_key() == key)
                .count();
        let run: Vec<usize> = (start..end).collect();
        if run.len() == 1 {
            order.push(start);
        } else {
            let at: HashMap<&str, usize> =
                run.iter().map(|&i| (events[i].id.as_str(), i)).collect();
            order.extend(after_triggers(&run, |i| {
                events[i]
                    .responds_to
                    .iter()
                    .filter_map(|t| at.get(t.as_str()).copied())
                    .collect()
            }));
        }
        start = end;
    }
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each event once"))
        .collect()
}

/// Orders `items` (given in order of preference) so that each comes after
/// its `triggers` among them, keeping the given order where it can; items in
/// a cycle keep the given order. `O(n log n)` in items and edges.
pub(crate) fn after_triggers(
    items: &[usize],
    triggers: impl Fn(usize) -> Vec<usize>,
) -> Vec<usize> {
    let pos: HashMap<usize, usize> = items.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut waiting = vec![0usize; items.len()];
    let mut responses: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (p, &i) in items.iter().enumerate() {
        let mut ts: Vec<usize> = triggers(i)
            .iter()
            .filter_map(|t| pos.get(t).copied())
            .collect();
        ts.sort_unstable();
        ts.dedup();
        for t in ts.into_iter().filter(|&t| t != p) {
            waiting[p] += 1;
            responses[t].push(p);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..items.len())
        .filter(|&p| waiting[p] == 0)
        .map(Reverse)
        .collect();
    let mut done = vec![false; items.len()];
    let mut out = Vec::with_capacity(items.len());
    let mut next_undone = 0;
    while out.len() < items.len() {
        let p = match ready.pop() {
            Some(Reverse(p)) if done[p] => continue,
            Some(Reverse(p)) => p,
            None => {
                // A cycle: release the earliest item left.
                while done[next_undone] {
                    next_undone += 1;
                }
                next_undone
            }
        };
        done[p] = true;
        out.push(items[p]);
        for &r in &responses[p] {
            waiting[r] = waiting[r].saturating_sub(1);
            if waiting[r] == 0 && !done[r] {
                ready.push(Reverse(r));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Doc;

    fn event(id: &str, date: &str, responds_to: &[&str]) -> Event {
        Event {
            id: id.into(),
            title: id.into(),
            date: Date::parse(date).unwrap(),
            date_end: None,
            circa: false,
            kind: String::new(),
            escalation: None,
            summary: String::new(),
            location: None,
            responds_to: responds_to.iter().map(|s| s.to_string()).collect(),
            sources: vec![],
            tags: vec![],
            actors: vec![],
            casualties: vec![],
            claims: vec![],
            body: Doc::default(),
            changes: vec![],
            origin: Origin::file("x.md", None),
        }
    }

    #[test]
    fn same_day_responses_follow_their_triggers() {
        let mut events = vec![
            event("a-condemnation", "2019-12-29", &["z-strike"]),
            event("z-strike", "2019-12-29", &["k1"]),
            event("k1", "2019-12-27", &[]),
            event("b-statement", "2019-12-29", &[]),
            event("month", "2019-12", &[]),
            event("c-cycle", "2020-01-01", &["d-cycle"]),
            event("d-cycle", "2020-01-01", &["c-cycle"]),
        ];
        events.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));
        let events = responses_after_triggers_on_ties(events);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "month",
                "k1",
                "b-statement",
                "z-strike",
                "a-condemnation",
                "c-cycle",
                "d-cycle"
            ]
        );
    }
}
