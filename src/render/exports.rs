//! Machine-readable exports: `/data/dossier.json`, `/data/events.json`,
//! `/data/events.csv`, `/data/events.geojson`, and the bibliography as
//! `/data/sources.bib` and `/data/sources.csl.json`. Every JSON export of
//! dossier's own carries a `schema_version` (CSL-JSON is a bare array, as
//! reference managers read it).

use super::citefiles::{Item, bibtex, csl_json};
use super::links::{Links, Paths};
use super::{Emit, Fill};
use crate::base::diagnostics::Diagnostic;
use crate::model::{Event, Figure};
use crate::resolve::{Citer, Library};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::sync::atomic::AtomicBool;

/// Version of the exports' shape; bump on any incompatible change.
pub(crate) const SCHEMA_VERSION: u32 = crate::editions::diff::EXPORT_SCHEMA_VERSION;

/// Writes every export through `emit`, each as it is made: the records are
/// serialised in parallel a batch at a time and streamed into their files,
/// so no export is ever whole in memory.
pub(super) fn render(
    lib: &Library,
    paths: Paths,
    cancel: Option<&AtomicBool>,
    previous: Option<&crate::editions::diff::Diff>,
    emit: Emit,
) -> Result<(), Diagnostic> {
    if super::cancelled(cancel) {
        return Ok(());
    }
    let url = Links::absolute(&lib.config.base_url, paths);
    let exports = Exports { lib, url, cancel };
    let file = |name: &str, fill: Fill| emit(name.to_string(), fill);
    type Document<'a> = &'a (dyn Fn() -> Result<(), Diagnostic> + Sync);
    let documents: [Document; 7] = [
        &|| {
            let doc = super::changes::json(lib, paths, previous);
            file("data/changes.json", &mut |w| w.write_all(&doc))
        },
        &|| {
            let items: Vec<Item> = lib.sources.iter().map(Item::source).collect();
            let doc = bibtex(&items);
            file("data/sources.bib", &mut |w| w.write_all(doc.as_bytes()))
        },
        &|| {
            file("data/sources.csl.json", &mut |w| {
                let items = Lazy(|| lib.sources.iter().map(|s| csl_json(&Item::source(s))));
                serde_json::to_writer_pretty(&mut *w, &items).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            })
        },
        &|| {
            file("data/events.json", &mut |w| {
                exports.object(
                    w,
                    &[
                        ("as_of", &|w| exports.as_of(w)),
                        ("events", &|w| exports.events(w)),
                        ("schema_version", &|w| write!(w, "{SCHEMA_VERSION}")),
                    ],
                )
            })
        },
        &|| file("data/events.geojson", &mut |w| exports.geojson(w)),
        &|| file("data/events.csv", &mut |w| csv(lib, paths, w)),
        &|| file("data/dossier.json", &mut |w| exports.dossier(w)),
    ];
    documents
        .par_iter()
        .map(|document| document())
        .collect::<Result<(), Diagnostic>>()?;
    captures(lib, &exports.url, emit)
}

/// What the streamed exports are made from.
struct Exports<'a> {
    lib: &'a Library,
    url: Links<'a>,
    cancel: Option<&'a AtomicBool>,
}

/// Writes one value of a JSON document.
type Value<'a> = &'a (dyn Fn(&mut dyn Write) -> std::io::Result<()> + Sync);

/// Records serialised at once, in parallel, before they are written: a
/// batch is all that is ever held of an array.
const BATCH: usize = 4096;

impl Exports<'_> {
    /// `{"key":value,…}` and a newline; the keys in alphabetical order, as
    /// a JSON map writes them.
    fn object(&self, w: &mut dyn Write, fields: &[(&str, Value)]) -> std::io::Result<()> {
        w.write_all(b"{")?;
        for (n, (key, value)) in fields.iter().enumerate() {
            if n > 0 {
                w.write_all(b",")?;
            }
            serde_json::to_writer(&mut *w, key)?;
            w.write_all(b":")?;
            value(w)?;
        }
        w.write_all(b"}\n")
    }

    /// `[a,b,…]` of the records `0..n` that `one` serialises (skipping
    /// those it gives `None` for). A cancelled render stops writing.
    fn array(
        &self,
        w: &mut dyn Write,
        n: usize,
        one: &(dyn Fn(usize) -> Option<Vec<u8>> + Sync),
    ) -> std::io::Result<()> {
        w.write_all(b"[")?;
        let mut first = true;
        for start in (0..n).step_by(BATCH) {
            if super::cancelled(self.cancel) {
                break;
            }
            let made: Vec<Option<Vec<u8>>> = (start..n.min(start + BATCH))
                .into_par_iter()
                .map(one)
                .collect();
            for item in made.into_iter().flatten() {
                if !first {
                    w.write_all(b",")?;
                }
                first = false;
                w.write_all(&item)?;
            }
        }
        w.write_all(b"]")
    }

    fn as_of(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let as_of = self.lib.config.as_of.as_ref().map(|d| d.raw.as_str());
        Ok(serde_json::to_writer(w, &as_of)?)
    }

    fn events(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let lib = self.lib;
        self.array(w, lib.events.len(), &|i| {
            let e = &lib.events[i];
            Some(to_bytes(&event_json(lib, i, e, self.url.event(&e.id))))
        })
    }

    fn actors(&self, w: &mut dyn Write) -> std::io::Result<()> {
        self.array(w, self.lib.actors.len(), &|a| Some(self.actor(a)))
    }

    fn sources(&self, w: &mut dyn Write) -> std::io::Result<()> {
        self.array(w, self.lib.sources.len(), &|s| Some(self.source(s)))
    }

    /// `/data/dossier.json`: the whole dossier.
    fn dossier(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let lib = self.lib;
        self.object(
            w,
            &[
                ("actors", &|w| self.actors(w)),
                ("as_of", &|w| self.as_of(w)),
                ("base_url", &|w| {
                    Ok(serde_json::to_writer(w, &lib.config.base_url)?)
                }),
                ("events", &|w| self.events(w)),
                ("schema_version", &|w| write!(w, "{SCHEMA_VERSION}")),
                ("sources", &|w| self.sources(w)),
                ("title", &|w| {
                    Ok(serde_json::to_writer(w, &lib.config.title)?)
                }),
            ],
        )
    }

    fn actor(&self, a: usize) -> Vec<u8> {
        let (lib, url) = (self.lib, &self.url);
        let actor = &lib.actors[a];
        let mut event_ids: Vec<&str> = lib.actor_events[a]
            .iter()
            .map(|(i, _)| lib.events[*i].id.as_str())
            .collect();
        event_ids.dedup();
        to_bytes(&json!({
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind.as_str(),
            "aliases": actor.aliases,
            "changes": changes_json(&actor.changes),
            "country": actor.country,
            "summary": actor.summary,
            "sources": actor.sources,
            "relations": actor.relations.iter().map(|r| json!({
                "to": r.to, "kind": r.kind.as_str(), "from": r.from, "until": r.until, "sources": r.sources,
            })).collect::<Vec<_>>(),
            "relations_in": lib.relations_in[a].iter().map(|&(b, k)| {
                let r = &lib.actors[b].relations[k];
                json!({ "from_actor": lib.actors[b].id, "kind": r.kind.as_str(), "from": r.from, "until": r.until })
            }).collect::<Vec<_>>(),
            "events": event_ids,
            "url": url.actor(&actor.id),
        }))
    }

    fn source(&self, s: usize) -> Vec<u8> {
        let (lib, url) = (self.lib, &self.url);
        let src = &lib.sources[s];
        let cited_by: Vec<CiterJson> = lib.cited_by[s]
            .iter()
            .map(|c| match *c {
                Citer::Event(i) => CiterJson::new("event", &lib.events[i].id),
                Citer::Actor(i) => CiterJson::new("actor", &lib.actors[i].id),
                Citer::Source(i) => CiterJson::new("source", &lib.sources[i].id),
                Citer::Page(i) => CiterJson::new("page", &lib.pages[i].slug),
                Citer::Index => CiterJson::new("page", ""),
            })
            .collect();
        to_bytes(&json!({
            "id": src.id,
            "title": src.title,
            "outlet": src.outlet,
            "author": src.author,
            "date": src.date.as_ref().map(|d| d.raw.as_str()),
            "url": src.url,
            "kind": src.kind.as_str(),
            "reliability": src.reliability.map(String::from),
            "credibility": src.credibility,
            "notes": src.notes,
            "republishes": src.republishes,
            "relays": src.relays,
            "cited_by": cited_by,
            "changes": changes_json(&src.changes),
            "captures": src.captures.iter().map(|c| json!({
                "file": c.file, "url": c.url, "captured_at": c.captured_at,
                "sha256": c.sha256, "size": c.bytes.0.len(), "tool": c.tool,
                "archive_url": c.archive_url, "note": c.note,
                "copy": url.capture_file(&c.file),
            })).collect::<Vec<_>>(),
            "page": url.source(&src.id),
        }))
    }

    /// `/data/events.geojson`: the located events as GeoJSON features.
    fn geojson(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let lib = self.lib;
        w.write_all(b"{\"as_of\":")?;
        self.as_of(w)?;
        w.write_all(b",\"features\":")?;
        self.array(w, lib.events.len(), &|i| {
            let e = &lib.events[i];
            let location = e.location.as_ref()?;
            let (lat, lon) = location.coords?;
            Some(to_bytes(&FeatureJson {
                geometry: PointJson {
                    coordinates: [lon, lat],
                    kind: "Point",
                },
                id: &e.id,
                properties: FeatureProperties {
                    date: &e.date.raw,
                    date_precision: e.date.precision.as_str(),
                    escalation: e.escalation,
                    id: &e.id,
                    kind: &e.kind,
                    location: Some(&location.name),
                    location_precision: location.precision.map(|p| p.as_str()),
                    title: &e.title,
                    url: self.url.event(&e.id),
                },
                kind: "Feature",
            }))
        })?;
        writeln!(
            w,
            ",\"schema_version\":{SCHEMA_VERSION},\"type\":\"FeatureCollection\"}}"
        )
    }
}

/// A sequence serialised from the items `make` gives, one at a time.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// The published copies under `captures/`, byte for byte the files, and
/// the manifests that let anyone check them: `/data/provenance.json` and
/// `/data/provenance.sha256` (`sha256sum -c data/provenance.sha256` in the
/// site's folder).
fn captures(lib: &Library, url: &Links, emit: Emit) -> Result<(), Diagnostic> {
    let mut published = std::collections::BTreeSet::new();
    let mut entries = Vec::new();
    let mut sums = String::new();
    for src in &lib.sources {
        let readable = src.readable().map(|c| c.file.as_str());
        for c in &src.captures {
            let file = format!("captures/{}", c.file);
            if published.insert(file.clone()) {
                emit(file.clone(), &mut |w| w.write_all(&c.bytes.0))?;
                sums.push_str(&c.sha256);
                sums.push_str("  ");
                sums.push_str(&file);
                sums.push('\n');
            }
            entries.push(json!({
                "source": src.id,
                "file": file,
                "copy": url.capture_file(&c.file),
                "format": c.format().label(),
                "size": c.bytes.0.len(),
                "sha256": c.sha256,
                "url": c.url,
                "captured_at": c.captured_at,
                "tool": c.tool,
                "archive_url": c.archive_url,
                "note": c.note,
                "page": (readable == Some(c.file.as_str())).then(|| url.capture(&src.id)),
                "paragraphs": c.readable.as_ref().map(|r| r.count),
            }));
        }
    }
    let doc = json!({
        "algorithm": "sha256",
        "captures": entries,
        "schema_version": SCHEMA_VERSION,
    });
    emit("data/provenance.json".into(), &mut |w| {
        serde_json::to_writer(&mut *w, &doc)?;
        w.write_all(b"\n")
    })?;
    emit("data/provenance.sha256".into(), &mut |w| {
        w.write_all(sums.as_bytes())
    })
}

fn to_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("JSON export serialises")
}

/// A record citing a source, in the source's `cited_by` (a hundred each
/// at 10k events, so a struct rather than a `json!` map apiece).
#[derive(Serialize)]
struct CiterJson<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> CiterJson<'a> {
    fn new(kind: &'static str, id: &'a str) -> CiterJson<'a> {
        CiterJson { id, kind }
    }
}

/// A casualty figure: a count, or a range written `low-high`.
#[derive(Serialize)]
#[serde(untagged)]
enum FigureJson {
    Count(u64),
    Range(String),
}

fn figure(f: Option<Figure>) -> Option<FigureJson> {
    f.map(|f| {
        if f.low == f.high {
            FigureJson::Count(f.low)
        } else {
            FigureJson::Range(format!("{}-{}", f.low, f.high))
        }
    })
}

// The exports' records as typed structs rather than `json!` trees: the
// same bytes (fields in the alphabetical order a `serde_json` map writes
// its keys in), without a map and a copy of every string per record.

/// An event in `events.json` and `dossier.json`.
#[derive(Serialize)]
struct EventJson<'a> {
    actors: Vec<ParticipantJson<'a>>,
    casualties: Vec<CasualtyJson<'a>>,
    changes: Vec<ChangeJson<'a>>,
    circa: bool,
    claims: Vec<ClaimJson<'a>>,
    date: &'a str,
    date_end: Option<&'a str>,
    date_precision: &'a str,
    escalation: Option<u8>,
    id: &'a str,
    kind: &'a str,
    location: Option<LocationJson<'a>>,
    responded_by: Vec<&'a str>,
    responds_to: &'a [String],
    sources: Vec<&'a str>,
    summary: &'a str,
    tags: &'a [String],
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    country: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    name: &'a str,
    precision: Option<&'a str>,
}

#[derive(Serialize)]
struct ParticipantJson<'a> {
    actor: &'a str,
    by: Option<&'a str>,
    confidence: Option<&'a str>,
    role: &'a str,
    sources: &'a [String],
}

#[derive(Serialize)]
struct CasualtyJson<'a> {
    injured: Option<FigureJson>,
    killed: Option<FigureJson>,
    min_only: bool,
    sources: &'a [String],
    who: &'a str,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    rating_note: &'a str,
    sources: &'a [String],
    stance: &'a str,
    text: &'a str,
    via: &'a [String],
}

fn event_json<'a>(lib: &'a Library, i: usize, e: &'a Event, url: String) -> EventJson<'a> {
    EventJson {
        actors: e
            .actors
            .iter()
            .map(|p| ParticipantJson {
                actor: &p.actor,
                by: p.by.as_deref(),
                confidence: p.confidence.map(|c| c.as_str()),
                role: p.role.as_str(),
                sources: &p.sources,
            })
            .collect(),
        casualties: e
            .casualties
            .iter()
            .map(|c| CasualtyJson {
                injured: figure(c.injured),
                killed: figure(c.killed),
                min_only: c.min_only,
                sources: &c.sources,
                who: &c.who,
            })
            .collect(),
        changes: changes_json(&e.changes),
        circa: e.circa,
        claims: e
            .claims
            .iter()
            .map(|c| ClaimJson {
                by: &c.by,
                rating: c.rating.as_deref(),
                rating_note: &c.rating_note,
                sources: &c.sources,
                stance: c.stance.as_str(),
                text: &c.text,
                via: &c.via,
            })
            .collect(),
        date: &e.date.raw,
        date_end: e.date_end.as_ref().map(|d| d.raw.as_str()),
        date_precision: e.date.precision.as_str(),
        escalation: e.escalation,
        id: &e.id,
        kind: &e.kind,
        location: e.location.as_ref().map(|l| LocationJson {
            country: &l.country,
            lat: l.coords.map(|c| c.0),
            lon: l.coords.map(|c| c.1),
            name: &l.name,
            precision: l.precision.map(|p| p.as_str()),
        }),
        responded_by: lib.responded_by[i]
            .iter()
            .map(|&j| lib.events[j].id.as_str())
            .collect(),
        responds_to: &e.responds_to,
        sources: lib.event_sources[i]
            .iter()
            .map(|&s| lib.sources[s].id.as_str())
            .collect(),
        summary: &e.summary,
        tags: &e.tags,
        title: &e.title,
        url,
    }
}

/// An entry of a record's corrections log, as written.
#[derive(Serialize)]
struct ChangeJson<'a> {
    date: &'a str,
    kind: &'static str,
    text: &'a str,
}

fn changes_json(changes: &[crate::model::Change]) -> Vec<ChangeJson<'_>> {
    changes
        .iter()
        .map(|c| ChangeJson {
            date: &c.date.raw,
            kind: c.kind.as_str(),
            text: &c.text,
        })
        .collect()
}

/// A feature of `events.geojson`.
#[derive(Serialize)]
struct FeatureJson<'a> {
    geometry: PointJson,
    id: &'a str,
    properties: FeatureProperties<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PointJson {
    coordinates: [f64; 2],
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct FeatureProperties<'a> {
    date: &'a str,
    date_precision: &'a str,
    escalation: Option<u8>,
    id: &'a str,
    kind: &'a str,
    location: Option<&'a str>,
    location_precision: Option<&'a str>,
    title: &'a str,
    url: String,
}

/// A spreadsheet cell that starts like a formula is prefixed with `'` so
/// that opening the CSV cannot run it.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[derive(Serialize)]
struct CsvRow {
    id: String,
    title: String,
    date: String,
    date_end: String,
    circa: bool,
    kind: String,
    escalation: String,
    summary: String,
    location_name: String,
    country: String,
    lat: String,
    lon: String,
    precision: String,
    actors: String,
    responds_to: String,
    sources: String,
    killed: String,
    injured: String,
    tags: String,
    url: String,
}

/// The events as a CSV with the columns `data/incidents/*.csv` reads (plus
/// `url`); casualty columns hold the summed toll.
fn csv(lib: &Library, paths: Paths, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for (i, e) in lib.events.iter().enumerate() {
        let toll = crate::model::Toll::of(&e.casualties);
        let range = |lo: u64, hi: u64| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        };
        let loc = e.location.as_ref();
        let row = CsvRow {
            id: e.id.clone(),
            title: cell(&e.title),
            date: e.date.raw.clone(),
            date_end: e
                .date_end
                .as_ref()
                .map(|d| d.raw.clone())
                .unwrap_or_default(),
            circa: e.circa,
            kind: e.kind.clone(),
            escalation: e.escalation.map(|l| l.to_string()).unwrap_or_default(),
            summary: cell(&e.summary),
            location_name: cell(loc.map_or("", |l| l.name.as_str())),
            country: cell(loc.map_or("", |l| l.country.as_str())),
            lat: loc
                .and_then(|l| l.coords)
                .map(|c| c.0.to_string())
                .unwrap_or_default(),
            lon: loc
                .and_then(|l| l.coords)
                .map(|c| c.1.to_string())
                .unwrap_or_default(),
            precision: loc
                .and_then(|l| l.precision)
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            actors: e
                .actors
                .iter()
                .map(|p| match p.confidence {
                    Some(c) => format!("{}:{}:{}", p.actor, p.role.as_str(), c.as_str()),
                    None => format!("{}:{}", p.actor, p.role.as_str()),
                })
                .collect::<Vec<_>>()
                .join(";"),
            responds_to: e.responds_to.join(";"),
            sources: lib.event_sources[i]
                .iter()
                .map(|&s| lib.sources[s].id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            killed: if toll.killed_known {
                range(toll.killed_low, toll.killed_high)
            } else {
                String::new()
            },
            injured: if toll.injured_known {
                range(toll.injured_low, toll.injured_high)
            } else {
                String::new()
            },
            tags: e.tags.iter().map(|t| cell(t)).collect::<Vec<_>>().join(";"),
            url: Links::absolute(&lib.config.base_url, paths).event(&e.id),
        };
        w.serialize(row)?;
    }
    w.flush()
}

/// What changed from the previous edition `old` to this one, compared as
/// `dossier diff` compares them: on the exports.
pub(crate) fn since(
    old: &crate::editions::diff::Export,
    lib: &Library,
    paths: Paths,
) -> crate::editions::diff::Diff {
    let exports = Exports {
        lib,
        url: Links::absolute(&lib.config.base_url, paths),
        cancel: None,
    };
    let mut bytes = Vec::new();
    exports
        .dossier(&mut bytes)
        .expect("writing into memory does not fail");
    let text = String::from_utf8_lossy(&bytes);
    let new = crate::editions::diff::Export::parse("data/dossier.json", &text)
        .expect("this build's own export reads back");
    crate::editions::diff::compare(old, &new)
}
