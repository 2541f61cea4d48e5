//! `--as-of DAY`: the dossier as it could have been written on that day,
//! from the sources published by then. It is one filter on the resolved
//! library, which is then resolved again, so that every page, chart, chain,
//! escalation index, search index and export sees the same reduced dossier.
//!
//! The rule, conservative throughout ("could have been written" means
//! "surely could"):
//! - a source counts as published by the day when its date's last possible
//!   day is on or before it: a source dated "2019-12" counts from 31
//!   December 2019, one dated "2019" from 31 December 2019, an undated
//!   source never;
//! - an event is left out when it surely began after the day, or when none
//!   of the sources it cites (anywhere in its record) was published by
//!   then;
//! - inside what remains, an actor's part, a casualty figure, a claim or a
//!   relation is left out when it rests only on later sources: on its own
//!   `sources` when it has some, else on its record's; citations of later
//!   sources are dropped from the prose and the reference lists, and wiki
//!   links to records left out become plain text;
//! - an actor is left out when it took part in events and every one of
//!   them is left out; a relation that had not begun by the day is left
//!   out, and one that ended after it is shown as ongoing;
//! - entries of the corrections log dated after the day are left out.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::html::escape;
use crate::markdown::{Doc, RefKind};
use crate::model::date::Precision;
use crate::model::{Change, Date, Event};
use crate::resolve::{self, Library};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Parses the day given to `--as-of`: a day written `YYYY-MM-DD`, nothing
/// less precise (which day of December?) and nothing else.
pub(crate) fn parse(text: &str) -> Result<Date, Diagnostics> {
    let example = "write the day as YYYY-MM-DD, e.g. --as-of 2019-12-29";
    match Date::parse(text) {
        Ok(d) if d.precision == Precision::Day => Ok(d),
        Ok(d) if d.precision == Precision::Time => Err(Diagnostic::error(
            "--as-of",
            format!("`{}` is a time: an edition is as of a whole day", d.raw),
        )
        .hint(example)
        .into()),
        Ok(d) => Err(Diagnostic::error(
            "--as-of",
            format!(
                "`{}` is ambiguous: it does not say which day of {}",
                d.raw,
                if d.precision == Precision::Month {
                    "the month"
                } else {
                    "the year"
                }
            ),
        )
        .hint(format!(
            "give the day, e.g. --as-of {} for its last day",
            d.latest().format("%Y-%m-%d")
        ))
        .into()),
        Err(e) if e.0.contains("impossible date") || e.0.contains("months run") => {
            Err(Diagnostic::error("--as-of", e).hint(example).into())
        }
        Err(_) => Err(Diagnostic::error(
            "--as-of",
            format!("`{}` is not a day written YYYY-MM-DD", text.trim()),
        )
        .hint(example)
        .into()),
    }
}

/// Whether a source dated `date` was surely published by `day`.
pub(crate) fn published_by(date: Option<&Date>, day: NaiveDate) -> bool {
    date.is_some_and(|d| d.latest() <= day)
}

/// Whether a log entry was surely written by `day`.
fn written_by(c: &Change, day: NaiveDate) -> bool {
    c.date.latest() <= day
}

/// The library as of `lib.config.as_of`; `lib` itself without one.
pub(crate) fn reduce(lib: Library) -> Library {
    let Some(as_of) = &lib.config.as_of else {
        return lib;
    };
    let day = as_of.earliest();
    let known: HashSet<String> = lib
        .sources
        .iter()
        .filter(|s| published_by(s.date.as_ref(), day))
        .map(|s| s.id.clone())
        .collect();
    let kept_events: HashSet<String> = lib
        .events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.date.earliest() <= day
                && lib.event_sources[*i]
                    .iter()
                    .any(|&s| known.contains(&lib.sources[s].id))
        })
        .map(|(_, e)| e.id.clone())
        .collect();
    let took_part: HashSet<String> = lib.events.iter().flat_map(actors_named).collect();
    let (config, mut loaded) = lib.into_loaded();
    // What is left out, by id, with the name a wiki link to it shows.
    let mut gone: HashMap<String, String> = HashMap::new();
    for e in &loaded.events {
        if !kept_events.contains(&e.id) {
            gone.insert(e.id.clone(), e.title.clone());
        }
    }
    for s in &loaded.sources {
        if !known.contains(&s.id) {
            gone.insert(s.id.clone(), s.title.clone());
        }
    }
    loaded.events.retain(|e| kept_events.contains(&e.id));
    let sources_ids: HashSet<String> = loaded.sources.iter().map(|s| s.id.clone()).collect();
    for e in &mut loaded.events {
        reduce_event(e, day, &known, &kept_events, &sources_ids);
    }
    let still: HashSet<String> = loaded.events.iter().flat_map(actors_named).collect();
    let dropped = |id: &str| took_part.contains(id) && !still.contains(id);
    for a in &loaded.actors {
        if dropped(&a.id) {
            gone.insert(a.id.clone(), a.name.clone());
        }
    }
    loaded.actors.retain(|a| !dropped(&a.id));
    for e in &mut loaded.events {
        reduce_doc(&mut e.body, &known, &gone);
    }
    for a in &mut loaded.actors {
        let record = a.sources.clone();
        a.relations.retain(|r| {
            !gone.contains_key(&r.to)
                && rests_on_known(&r.sources, &record, &known)
                && !date_after(&r.from, day)
        });
        for r in &mut a.relations {
            r.sources.retain(|s| known.contains(s));
            if date_after(&r.until, day) {
                r.until.clear();
            }
        }
        a.sources.retain(|s| known.contains(s));
        a.changes.retain(|c| written_by(c, day));
        reduce_doc(&mut a.body, &known, &gone);
    }
    loaded.sources.retain(|s| known.contains(&s.id));
    for s in &mut loaded.sources {
        s.relays.retain(|r| known.contains(r));
        if s.republishes.as_ref().is_some_and(|r| !known.contains(r)) {
            s.republishes = None;
        }
        s.changes.retain(|c| written_by(c, day));
        reduce_doc(&mut s.body, &known, &gone);
    }
    for p in loaded.pages.iter_mut().chain(loaded.index.as_mut()) {
        p.changes.retain(|c| written_by(c, day));
        reduce_doc(&mut p.body, &known, &gone);
    }
    // Every reference left points at a record left: resolving again finds
    // nothing new to say (the full dossier's diagnostics were given).
    let mut again = Diagnostics::default();
    let lib = resolve::resolve(config, loaded, &mut again);
    debug_assert!(
        !again.has_errors(),
        "an --as-of edition refers to what it left out: {}",
        again.render_human_limited(|_| None, 5)
    );
    lib
}

/// Every actor an event names: in its roles, as who attributes them, and in
/// its claims.
fn actors_named(e: &Event) -> Vec<String> {
    let mut out = Vec::new();
    for p in &e.actors {
        out.push(p.actor.clone());
        out.extend(p.by.clone());
    }
    for c in &e.claims {
        out.push(c.by.clone());
        out.extend(c.via.iter().cloned());
    }
    out
}

/// Whether a part of a record rests on a source published by then: on its
/// own `sources` when it has some, else on its record's; a part of a record
/// that cites nothing at all rests on nothing that could be later.
fn rests_on_known(own: &[String], record: &[String], known: &HashSet<String>) -> bool {
    let basis = if own.is_empty() { record } else { own };
    basis.is_empty() || basis.iter().any(|s| known.contains(s))
}

/// Whether a relation's `from` or `until`, as written, surely falls after
/// `day` ("" never does).
fn date_after(text: &str, day: NaiveDate) -> bool {
    !text.is_empty() && Date::parse(text).is_ok_and(|d| d.earliest() > day)
}

fn reduce_event(
    e: &mut Event,
    day: NaiveDate,
    known: &HashSet<String>,
    kept_events: &HashSet<String>,
    sources: &HashSet<String>,
) {
    let record = e.sources.clone();
    let is_known = |s: &String| known.contains(s);
    e.actors
        .retain(|p| rests_on_known(&p.sources, &record, known));
    for p in &mut e.actors {
        p.sources.retain(is_known);
    }
    e.casualties
        .retain(|c| rests_on_known(&c.sources, &record, known));
    for c in &mut e.casualties {
        c.sources.retain(is_known);
    }
    e.claims
        .retain(|c| rests_on_known(&c.sources, &record, known));
    for c in &mut e.claims {
        c.sources.retain(is_known);
        // The reporting chain keeps its actors and the sources published.
        c.via.retain(|v| !sources.contains(v) || known.contains(v));
    }
    e.sources.retain(is_known);
    e.responds_to.retain(|t| kept_events.contains(t));
    if e.date_end.as_ref().is_some_and(|d| d.earliest() > day) {
        e.date_end = None;
    }
    e.changes.retain(|c| written_by(c, day));
}

/// Drops from `doc` the citations of sources not published by then, and
/// turns wiki links to records left out into their text.
fn reduce_doc(doc: &mut Doc, known: &HashSet<String>, gone: &HashMap<String, String>) {
    doc.edit_refs(|r| match &mut r.kind {
        RefKind::Cite(items) => {
            items.retain(|i| known.contains(&i.key));
            items.is_empty().then(String::new)
        }
        // An author-in-text citation of a later source is left as written.
        RefKind::InText { item, raw } => (!known.contains(&item.key)).then(|| escape(raw)),
        RefKind::Wiki { target, label } => gone
            .get(target.as_str())
            .map(|name| escape(label.as_deref().unwrap_or(name))),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_must_be_a_day() {
        assert_eq!(parse("2019-12-29").unwrap().raw, "2019-12-29");
        let month = parse("2019-12").unwrap_err().single();
        assert!(month.message.contains("ambiguous"), "{}", month.message);
        assert!(month.hint.as_deref().unwrap().contains("2019-12-31"));
        assert!(
            parse("2019-02-30")
                .unwrap_err()
                .single()
                .message
                .contains("impossible")
        );
        assert!(parse("29/12/2019").is_err());
        assert!(
            parse("2019-12-29T10:00:00Z")
                .unwrap_err()
                .single()
                .message
                .contains("time")
        );
    }

    #[test]
    fn a_source_counts_from_the_last_day_its_date_can_mean() {
        let day = NaiveDate::from_ymd_opt(2019, 12, 29).unwrap();
        let d = |s: &str| Date::parse(s).unwrap();
        assert!(published_by(Some(&d("2019-12-29")), day));
        assert!(published_by(Some(&d("2019-12-29T23:30:00+03:00")), day));
        assert!(!published_by(Some(&d("2019-12-30")), day));
        assert!(!published_by(Some(&d("2019-12")), day));
        assert!(published_by(Some(&d("2019-11")), day));
        assert!(!published_by(Some(&d("2019")), day));
        assert!(!published_by(None, day));
    }
}
