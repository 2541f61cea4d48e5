//! schema.org JSON-LD for event pages: an `Event` with its place, the
//! actors it is about and the sources it cites, embedded safely in a
//! `<script type="application/ld+json">` (no raw `<` can close it).

use super::links::Paths;
use crate::model::ActorKind;
use crate::resolve::Library;
use serde::Serialize;

// The keys of each object in alphabetical order, as the `serde_json::Value`
// maps this was first written with put them (the output is unchanged).

#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<ThingLd<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<WorkLd<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<PlaceLd<'a>>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PlaceLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<AddressLd<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<GeoLd>,
    name: &'a str,
}

#[derive(Serialize)]
struct AddressLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "addressCountry")]
    country: &'a str,
}

#[derive(Serialize)]
struct GeoLd {
    #[serde(rename = "@type")]
    kind: &'static str,
    latitude: f64,
    longitude: f64,
}

/// An actor, a publisher or an author.
#[derive(Serialize)]
struct ThingLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName", skip_serializing_if = "<[String]>::is_empty")]
    alternate_name: &'a [String],
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct WorkLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<ThingLd<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<ThingLd<'a>>,
    url: String,
}

/// A name alone, typed.
fn thing<'a>(kind: &'static str, name: &'a str) -> ThingLd<'a> {
    ThingLd {
        kind,
        alternate_name: &[],
        name,
        url: None,
    }
}

/// The JSON-LD of event `i`, ready to embed.
pub fn event(lib: &Library, paths: Paths, i: usize) -> String {
    let e = &lib.events[i];
    let base = &lib.config.base_url;
    let location = e.location.as_ref().map(|l| PlaceLd {
        kind: "Place",
        address: (!l.country.is_empty()).then_some(AddressLd {
            kind: "PostalAddress",
            country: &l.country,
        }),
        geo: l.coords.map(|(latitude, longitude)| GeoLd {
            kind: "GeoCoordinates",
            latitude,
            longitude,
        }),
        name: &l.name,
    });
    let mut ids: Vec<&str> = e.actors.iter().map(|p| p.actor.as_str()).collect();
    ids.dedup();
    let about = ids
        .iter()
        .filter_map(|id| lib.actor(id))
        .map(|a| {
            let a = &lib.actors[a];
            ThingLd {
                kind: if a.kind == ActorKind::Person {
                    "Person"
                } else {
                    "Organization"
                },
                alternate_name: &a.aliases,
                name: &a.name,
                url: Some(format!("{base}{}", paths.actor(&a.id))),
            }
        })
        .collect();
    let citation = lib.event_sources[i]
        .iter()
        .map(|&s| {
            let s = &lib.sources[s];
            WorkLd {
                kind: "CreativeWork",
                author: (!s.author.is_empty()).then(|| thing("Person", &s.author)),
                date_published: s.date.as_ref().map(|d| d.raw.as_str()),
                name: &s.title,
                publisher: (!s.outlet.is_empty()).then(|| thing("Organization", &s.outlet)),
                url: if s.url.is_empty() {
                    format!("{base}{}", paths.source(&s.id))
                } else {
                    s.url.clone()
                },
            }
        })
        .collect();
    let ld = EventLd {
        context: "https://schema.org",
        kind: "Event",
        about,
        citation,
        description: (!e.summary.is_empty()).then_some(e.summary.as_str()),
        end_date: e.date_end.as_ref().map(|d| d.raw.as_str()),
        location,
        name: &e.title,
        // The date as written: schema.org accepts ISO 8601 at any precision.
        start_date: &e.date.raw,
        url: format!("{base}{}", paths.event(&e.id)),
    };
    crate::search::to_json(&ld)
}
