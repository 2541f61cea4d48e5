//! Each record type checked and converted, field by field, into the model.

use super::*;

pub(in crate::load) fn event(
    id: String,
    raw: Raw<EventRecord>,
    config: &Config,
) -> Converted<Event> {
    let options = markdown::Options {
        safe_html: config.safe_html,
    };
    let Raw { rec, origin, body } = raw;
    let mut c = Check::new(&origin);
    c.id(&id);
    let title = c.required("title", rec.title);
    let date = match rec.date {
        Some(d) => c.date("date", &d),
        None => {
            c.required("date", None);
            None
        }
    };
    let date_end = rec
        .date_end
        .filter(|d| !d.is_empty())
        .and_then(|d| c.date("date_end", &d));
    if let (Some(start), Some(end)) = (&date, &date_end)
        && end.surely_cmp(start) == std::cmp::Ordering::Less
    {
        c.error(
            &end.raw,
            format!("`date_end` ({}) is before `date` ({})", end.raw, start.raw),
        )
        .hint = Some("date_end is the last day of the event: swap the two or correct one".into());
    }
    let kind = rec.kind.unwrap_or_default();
    if !kind.is_empty() && !config.kinds.iter().any(|k| k.id == kind) {
        let hint =
            did_you_mean(&kind, config.kinds.iter().map(|k| k.id.as_str())).unwrap_or_else(|| {
                format!("declare it under [kinds] in dossier.toml: {kind} = {{ label = \"...\" }}")
            });
        c.error(&kind, format!("unknown kind `{kind}`")).hint = Some(hint);
    }
    let escalation = rec.escalation.and_then(|level| {
        let (lo, hi) = config.ladder_range;
        if level < lo as i64 || level > hi as i64 {
            let msg = format!("escalation {level} is outside the ladder ({lo} to {hi})");
            let written = level.to_string();
            c.field_error(
                "escalation",
                &[&format!("escalation = {level}"), &written],
                msg,
            )
            .hint = Some("use a level declared under [escalation] in dossier.toml".into());
            None
        } else {
            Some(level as u8)
        }
    });
    let location = rec.location.map(|l| {
        let coords = match (l.lat, l.lon) {
            (Some(lat), Some(lon)) => {
                for (key, value, limit) in [("lat", lat, 90.0), ("lon", lon, 180.0)] {
                    let what = if key == "lat" {
                        "latitude"
                    } else {
                        "longitude"
                    };
                    if !value.is_finite() {
                        c.field_error(key, &[], format!("the {what} (`{key}`) is not a number"))
                            .hint = Some(format!(
                            "write the {what} in decimal degrees, from -{limit} to {limit}"
                        ));
                    } else if !(-limit..=limit).contains(&value) {
                        let written = value.to_string();
                        c.field_error(
                            key,
                            &[&format!("{key} = {value}"), &written],
                            format!("{what} {value} is out of range (-{limit} to {limit})"),
                        );
                    }
                }
                Some((lat, lon))
            }
            (None, None) => None,
            _ => {
                c.error("location", "the location has only one of `lat` and `lon`")
                    .hint = Some("give both coordinates, or neither".into());
                None
            }
        };
        Location {
            name: l.name.unwrap_or_default(),
            country: l.country.unwrap_or_default(),
            coords,
            precision: l.precision,
        }
    });
    let mut casualties = Vec::with_capacity(rec.casualties.as_ref().map_or(0, Vec::len));
    for cas in rec.casualties.unwrap_or_default() {
        let mut figure = |f: &Option<FigureRecord>| -> Option<Figure> {
            let f = f.as_ref()?;
            match Figure::from_record(f) {
                Ok(v) => Some(v),
                Err(e) => {
                    let needle = match f {
                        FigureRecord::Text(s) => s.clone(),
                        FigureRecord::Number(n) => n.to_string(),
                    };
                    c.error(&needle, e);
                    None
                }
            }
        };
        casualties.push(Casualty {
            killed: figure(&cas.killed),
            injured: figure(&cas.injured),
            min_only: cas.min_only,
            who: cas.who,
            sources: cas.sources,
        });
    }
    let actors = rec
        .actors
        .unwrap_or_default()
        .into_iter()
        .map(|p| Participation {
            actor: p.actor,
            role: p.role,
            confidence: p.confidence,
            by: p.by,
            sources: p.sources,
        })
        .collect();
    let claims = rec
        .claims
        .unwrap_or_default()
        .into_iter()
        .map(|cl| Claim {
            by: cl.by,
            stance: cl.stance,
            text: cl.text,
            via: cl.via,
            sources: cl.sources,
            rating: cl.rating,
            rating_note: cl.rating_note.unwrap_or_default(),
        })
        .collect();
    let changes = c.changes(rec.changes);
    let doc = render(body, options);
    // Without a date the event cannot be placed, so it is not kept.
    let Some(date) = date else {
        return c.finish(None);
    };
    let event = Event {
        id,
        title,
        date,
        date_end,
        circa: rec.circa.unwrap_or(false),
        kind,
        escalation,
        summary: rec.summary.unwrap_or_default(),
        location,
        responds_to: rec.responds_to.unwrap_or_default(),
        sources: rec.sources.unwrap_or_default(),
        tags: rec.tags.unwrap_or_default(),
        actors,
        casualties,
        claims,
        body: doc,
        changes,
        origin: origin.clone(),
    };
    c.finish(Some(event))
}

pub(super) fn actor(
    id: String,
    raw: Raw<ActorRecord>,
    options: markdown::Options,
) -> Converted<Actor> {
    let Raw { rec, origin, body } = raw;
    let mut c = Check::new(&origin);
    c.id(&id);
    let name = c.required("name", rec.name);
    let mut relations = Vec::new();
    for r in rec.relations.unwrap_or_default() {
        for d in [&r.from, &r.until] {
            if !d.is_empty() {
                c.date("relations", d);
            }
        }
        relations.push(Relation {
            to: r.to,
            kind: r.kind,
            from: r.from,
            until: r.until,
            sources: r.sources,
        });
    }
    let changes = c.changes(rec.changes);
    let doc = render(body, options);
    let actor = Actor {
        id,
        name,
        kind: rec.kind.unwrap_or(ActorKind::Other),
        aliases: rec.aliases.unwrap_or_default(),
        country: rec.country.unwrap_or_default(),
        summary: rec.summary.unwrap_or_default(),
        sources: rec.sources.unwrap_or_default(),
        relations,
        body: doc,
        changes,
        origin: origin.clone(),
    };
    c.finish(Some(actor))
}

pub(super) fn source(
    id: String,
    raw: Raw<SourceRecord>,
    options: markdown::Options,
) -> Converted<Source> {
    let Raw { rec, origin, body } = raw;
    let mut c = Check::new(&origin);
    c.id(&id);
    if rec.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let p = origin.place();
        c.errors.push(
            Diagnostic::error_at(&p, format!("the source `{id}` has no title"))
                .hint("add a [[source]] record with this id and a title to data/sources.toml"),
        );
    }
    let date = rec
        .date
        .filter(|d| !d.is_empty())
        .and_then(|d| c.date("date", &d));
    let reliability = rec.reliability.filter(|r| !r.is_empty()).and_then(|r| {
        let ch = r
            .chars()
            .next()
            .filter(|ch| r.len() == 1 && ('A'..='F').contains(ch));
        if ch.is_none() {
            c.error(&r, format!("reliability `{r}` is not an Admiralty grade"))
                .hint = Some(
                "write one letter from A (completely reliable) to F (cannot be judged)".into(),
            );
        }
        ch
    });
    let credibility = rec.credibility.and_then(|n| {
        if !(1..=6).contains(&n) {
            let written = n.to_string();
            c.field_error(
                "credibility",
                &[&format!("credibility = {n}"), &written],
                format!("credibility {n} is out of range"),
            )
            .hint = Some("write a number from 1 (confirmed) to 6 (cannot be judged)".into());
            None
        } else {
            Some(n as u8)
        }
    });
    let url = rec.url.unwrap_or_default();
    let lower = url.trim().to_ascii_lowercase();
    if !(url.is_empty() || lower.starts_with("https://") || lower.starts_with("http://")) {
        c.error(&url, format!("the url `{url}` is not a web address"))
            .hint =
            Some("write an address starting with https:// or http://, or leave url empty".into());
    }
    let changes = c.changes(rec.changes);
    let captures = crate::load::captures::convert_records(
        rec.capture.unwrap_or_default(),
        |needle, message, hint| c.error(needle, message).hint = Some(hint.to_string()),
    );
    let doc = render(body, options);
    let source = Source {
        id,
        title: rec.title.unwrap_or_default(),
        outlet: rec.outlet.unwrap_or_default(),
        author: rec.author.unwrap_or_default(),
        date,
        url,
        kind: rec.kind.unwrap_or(SourceKind::Other),
        reliability,
        credibility,
        notes: rec.notes.unwrap_or_default(),
        republishes: rec.republishes.filter(|s| !s.is_empty()),
        relays: rec.relays.unwrap_or_default(),
        captures,
        body: doc,
        changes,
        origin: origin.clone(),
    };
    c.finish(Some(source))
}

pub(super) fn page(
    slug: String,
    raw: Raw<PageRecord>,
    options: markdown::Options,
) -> Converted<Page> {
    let Raw { rec, origin, body } = raw;
    let mut c = Check::new(&origin);
    let is_index = slug.is_empty();
    if !is_index {
        if let Err(e) = check_id(&slug) {
            c.errors.push(
                Diagnostic::error_at(&origin.place(), format!("page slug: {e}"))
                    .hint("rename the file with lowercase letters, digits and `-`"),
            );
        } else if RESERVED_SLUGS.contains(&slug.as_str()) {
            c.errors.push(
                Diagnostic::error_at(
                    &origin.place(),
                    format!("the page slug `{slug}` is taken by the site itself"),
                )
                .hint("rename the file"),
            );
        }
    }
    let title = if is_index {
        rec.title.unwrap_or_default()
    } else {
        c.required("title", rec.title)
    };
    if let Some(d) = &rec.date {
        c.date("date", d);
    }
    let changes = c.changes(rec.changes);
    let doc = render(body, options);
    let page = Page {
        slug,
        title,
        summary: rec.summary.unwrap_or_default(),
        link_title: rec.link_title.filter(|t| !t.trim().is_empty()),
        weight: rec.weight.unwrap_or(0),
        body: doc,
        changes,
        origin: origin.clone(),
    };
    c.finish(Some(page))
}
