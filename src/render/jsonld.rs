//! schema.org JSON-LD for event pages: an `Event` with its place, the
//! actors it is about and the sources it cites, embedded safely in a
//! `<script type="application/ld+json">` (no raw `<` can close it).

use super::links::Paths;
use crate::model::ActorKind;
use crate::resolve::Library;
use serde_json::{Map, Value, json};

/// The JSON-LD of event `i`, ready to embed.
pub fn event(lib: &Library, paths: Paths, i: usize) -> String {
    let e = &lib.events[i];
    let base = &lib.config.base_url;
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!("Event"));
    ld.insert("name".into(), json!(e.title));
    // The date as written: schema.org accepts ISO 8601 at any precision.
    ld.insert("startDate".into(), json!(e.date.raw));
    if let Some(end) = &e.date_end {
        ld.insert("endDate".into(), json!(end.raw));
    }
    if !e.summary.is_empty() {
        ld.insert("description".into(), json!(e.summary));
    }
    ld.insert("url".into(), json!(format!("{base}{}", paths.event(&e.id))));
    if let Some(l) = &e.location {
        let mut place = Map::new();
        place.insert("@type".into(), json!("Place"));
        place.insert("name".into(), json!(l.name));
        if !l.country.is_empty() {
            place.insert(
                "address".into(),
                json!({ "@type": "PostalAddress", "addressCountry": l.country }),
            );
        }
        if let Some((lat, lon)) = l.coords {
            place.insert(
                "geo".into(),
                json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon }),
            );
        }
        ld.insert("location".into(), Value::Object(place));
    }
    let mut about: Vec<&str> = e.actors.iter().map(|p| p.actor.as_str()).collect();
    about.dedup();
    let about: Vec<Value> = about
        .iter()
        .filter_map(|id| lib.actor(id))
        .map(|a| {
            let a = &lib.actors[a];
            let kind = if a.kind == ActorKind::Person {
                "Person"
            } else {
                "Organization"
            };
            let mut v = json!({
                "@type": kind,
                "name": a.name,
                "url": format!("{base}{}", paths.actor(&a.id)),
            });
            if !a.aliases.is_empty() {
                v["alternateName"] = json!(a.aliases);
            }
            v
        })
        .collect();
    if !about.is_empty() {
        ld.insert("about".into(), Value::Array(about));
    }
    let citations: Vec<Value> = lib.event_sources[i]
        .iter()
        .map(|&s| {
            let s = &lib.sources[s];
            let mut v = json!({
                "@type": "CreativeWork",
                "name": s.title,
                "url": if s.url.is_empty() {
                    format!("{base}{}", paths.source(&s.id))
                } else {
                    s.url.clone()
                },
            });
            if !s.outlet.is_empty() {
                v["publisher"] = json!({ "@type": "Organization", "name": s.outlet });
            }
            if !s.author.is_empty() {
                v["author"] = json!({ "@type": "Person", "name": s.author });
            }
            if let Some(d) = &s.date {
                v["datePublished"] = json!(d.raw);
            }
            v
        })
        .collect();
    if !citations.is_empty() {
        ld.insert("citation".into(), Value::Array(citations));
    }
    crate::search::to_json(&Value::Object(ld))
}
