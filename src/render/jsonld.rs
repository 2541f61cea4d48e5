//! schema.org JSON-LD for event pages: an `Event` with its place, the
//! actors it is about and the sources it cites, embedded safely in a
//! `<script type="application/ld+json">` (no raw `<` can close it).

use super::links::{Links, Paths};
use crate::model::ActorKind;
use crate::resolve::Library;
use serde::Serialize;
use std::sync::OnceLock;

// The keys of each object in alphabetical order, as the `serde_json::Value`
// maps this was first written with put them (the output is unchanged).

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

/// The JSON-LD of the actors and sources events cite, each serialised once
/// per build: an actor is about hundreds of events and a source cited by
/// as many, and their objects were most of every event's JSON-LD.
pub(super) struct Records {
    actors: Vec<OnceLock<String>>,
    sources: Vec<OnceLock<String>>,
}

impl Records {
    /// Empty: each record is serialised when an event first needs it.
    pub(super) fn new(lib: &Library) -> Records {
        Records {
            actors: (0..lib.actors.len()).map(|_| OnceLock::new()).collect(),
            sources: (0..lib.sources.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Actor `a` as a `Person` or an `Organization`.
    fn actor(&self, lib: &Library, paths: Paths, a: usize) -> &str {
        self.actors[a].get_or_init(|| {
            let a = &lib.actors[a];
            crate::search::to_json(&ThingLd {
                kind: if a.kind == ActorKind::Person {
                    "Person"
                } else {
                    "Organization"
                },
                alternate_name: &a.aliases,
                name: &a.name,
                url: Some(Links::absolute(&lib.config.base_url, paths).actor(&a.id)),
            })
        })
    }

    /// Source `s` as a `CreativeWork`.
    fn source(&self, lib: &Library, paths: Paths, s: usize) -> &str {
        self.sources[s].get_or_init(|| {
            let s = &lib.sources[s];
            crate::search::to_json(&WorkLd {
                kind: "CreativeWork",
                author: (!s.author.is_empty()).then(|| thing("Person", &s.author)),
                date_published: s.date.as_ref().map(|d| d.raw.as_str()),
                name: &s.title,
                publisher: (!s.outlet.is_empty()).then(|| thing("Organization", &s.outlet)),
                url: if s.url.is_empty() {
                    Links::absolute(&lib.config.base_url, paths).source(&s.id)
                } else {
                    s.url.clone()
                },
            })
        })
    }

    /// The JSON-LD of event `i`, ready to embed: an `Event` whose keys are
    /// in alphabetical order, as a `serde_json::Value` map would put them.
    pub(super) fn event(&self, lib: &Library, paths: Paths, i: usize) -> String {
        let e = &lib.events[i];
        let mut ids: Vec<&str> = e.actors.iter().map(|p| p.actor.as_str()).collect();
        ids.dedup();
        let about: Vec<&str> = ids
            .iter()
            .filter_map(|id| lib.actor(id))
            .map(|a| self.actor(lib, paths, a))
            .collect();
        let citation: Vec<&str> = lib.event_sources[i]
            .iter()
            .map(|&s| self.source(lib, paths, s))
            .collect();
        let mut out = Vec::with_capacity(
            512 + about
                .iter()
                .chain(&citation)
                .map(|r| r.len() + 1)
                .sum::<usize>(),
        );
        out.extend_from_slice(br#"{"@context":"https://schema.org","@type":"Event""#);
        for (key, records) in [("about", &about), ("citation", &citation)] {
            if records.is_empty() {
                continue;
            }
            out.extend_from_slice(b",\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":[");
            for (n, record) in records.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(record.as_bytes());
            }
            out.push(b']');
        }
        fn field(out: &mut Vec<u8>, key: &str, value: &impl Serialize) {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            serde_json::to_writer(out, value).expect("JSON-LD serialises");
        }
        if !e.summary.is_empty() {
            field(&mut out, "description", &e.summary);
        }
        if let Some(end) = &e.date_end {
            field(&mut out, "endDate", &end.raw);
        }
        if let Some(l) = &e.location {
            let place = PlaceLd {
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
            };
            field(&mut out, "location", &place);
        }
        field(&mut out, "name", &e.title);
        // The date as written: schema.org accepts ISO 8601 at any precision.
        field(&mut out, "startDate", &e.date.raw);
        let url = Links::absolute(&lib.config.base_url, paths).event(&e.id);
        field(&mut out, "url", &url);
        out.push(b'}');
        let json = String::from_utf8(out).expect("JSON is UTF-8");
        // The records are safe already; the event's own strings may not be.
        if json.contains('<') {
            json.replace('<', "\\u003c")
        } else {
            json
        }
    }
}

/// The schema.org `ClaimReview`s of event `i`'s rated claims, as Google's
/// fact-check markup has them, for a `<script type="application/ld+json">`
/// ("" when no claim is rated): the claim reviewed, the dossier as the
/// review's author, the claimant as the claim's author, the sources as its
/// appearances, and the rating on the `[ratings]` scale.
pub(super) fn claim_reviews(lib: &Library, paths: Paths, i: usize) -> String {
    let e = &lib.events[i];
    if e.claims.iter().all(|c| c.rating.is_none()) {
        return String::new();
    }
    let url = Links::absolute(&lib.config.base_url, paths);
    let ratings = &lib.config.ratings;
    let best = ratings.iter().map(|r| r.value).max().unwrap_or(0);
    let worst = ratings.iter().map(|r| r.value).min().unwrap_or(0);
    let page = url.event(&e.id);
    let published =
        super::citefiles::edition(lib, &e.changes, lib.event_sources[i].iter().copied())
            .map(|d| d.short());
    let reviews: Vec<serde_json::Value> = e
        .claims
        .iter()
        .enumerate()
        .filter_map(|(n, c)| {
            let rating = ratings.iter().find(|r| Some(&r.id) == c.rating.as_ref())?;
            let claimant = lib.actor(&c.by).map(|a| &lib.actors[a]);
            let appearance: Vec<serde_json::Value> = c
                .sources
                .iter()
                .filter_map(|id| lib.source(id))
                .map(|s| {
                    let src = &lib.sources[s];
                    let mut work = serde_json::json!({
                        "@type": "CreativeWork",
                        "headline": src.title,
                        "url": if src.url.is_empty() { url.source(&src.id) } else { src.url.clone() },
                    });
                    if !src.outlet.is_empty() {
                        work["publisher"] = serde_json::json!({ "@type": "Organization", "name": src.outlet });
                    }
                    if let Some(d) = &src.date {
                        work["datePublished"] = serde_json::json!(d.short());
                    }
                    work
                })
                .collect();
            let mut review = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": format!("{page}#{}", super::claims::claim_anchor(n)),
                "claimReviewed": c.text,
                "author": { "@type": "Organization", "name": lib.config.title, "url": lib.config.base_url },
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {
                        "@type": match claimant.map(|a| a.kind) {
                            Some(ActorKind::Person) => "Person",
                            _ => "Organization",
                        },
                        "name": claimant.map_or(c.by.as_str(), |a| a.name.as_str()),
                        "url": url.actor(&c.by),
                    },
                    "datePublished": e.date.short(),
                    "appearance": appearance,
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": rating.value,
                    "bestRating": best,
                    "worstRating": worst,
                    "alternateName": rating.label,
                },
            });
            if let Some(d) = &published {
                review["datePublished"] = serde_json::json!(d);
            }
            if !c.rating_note.is_empty() {
                review["reviewBody"] = serde_json::json!(c.rating_note);
            }
            Some(review)
        })
        .collect();
    let json = serde_json::to_string(&reviews).expect("JSON-LD serialises");
    // No `<` may close the script element.
    json.replace('<', "\\u003c")
}
