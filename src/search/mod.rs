//! The search index, built at build time and read by `search.js` in the
//! browser, with no server.
//!
//! Every record becomes a [`Doc`]; its words are folded into keys
//! ([`fold`]). The index is split so that a query loads little:
//!
//! - `search/<shard>.json`: the keys starting with the same characters
//!   (two, or more where a shard would pass [`SHARD_BUDGET`]: `an.json`
//!   splits into `anj.json`, `ant.json` …, keeping the key `an` itself),
//!   each with its postings (`doc * 4 + weight`, weight 3 for a title, name
//!   or alias, 2 for a summary and other short fields, 1 for prose), in
//!   record order, each written as the difference from the one before. A
//!   key found in more than [`MAX_POSTINGS`] records keeps the best of them
//!   (the highest weight, then the first records) and says how many it had
//!   under `totals`;
//! - `search/docs-<n>.json`: the records' kind, title, date, path and
//!   snippet, [`CHUNK`] to a file, loaded only for the results shown;
//!   and, under `names`, the folded words of titles, names and aliases
//!   whose keys the shard holds, each with its records (as differences
//!   too): a query word that is such a word, or begins one, ranks its
//!   records above those that only sound like it (Soleimani before
//!   Silliman);
//! - `search/index.json`: the number of records and the shards' names.
//!
//! A query word's key lives in the shard of the longest name that begins
//! it ([`shard_for`]). A first query therefore loads one shard per word
//! (a few for the word being typed) and a few document chunks, whatever
//! the size of the dossier: at 100,000 events a one-word query fetches
//! tens of kilobytes, not megabytes.

pub mod fold;
mod keys;
mod text;

pub(crate) use text::{plain_text, snippet};

use keys::{Folded, KEY_BLOCK, Vocabulary, fold_doc, record};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Records per document chunk: the 20 results shown load at most 20
/// chunks of a few kilobytes.
pub(crate) const CHUNK: usize = 32;

/// Version of the index files' format.
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// Postings a key keeps: the best, when more records have it.
pub(crate) const MAX_POSTINGS: usize = 5_000;

/// Bytes of postings and names past which a shard splits by one more
/// character of its keys.
pub(crate) const SHARD_BUDGET: usize = 48 * 1024;

/// The longest shard prefix, in characters.
const MAX_PREFIX: usize = 8;

/// One searchable record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// `event`, `actor`, `source` or `page`.
    pub kind: &'static str,
    /// What kind of event, actor or source, for readers.
    pub label: String,
    /// Title or name.
    pub title: String,
    /// The date as displayed, or empty.
    pub date: String,
    /// Site-relative path of its page.
    pub path: String,
    /// A line to show under the title.
    pub snippet: String,
    /// The text to index, with its weight (1–3).
    pub fields: Vec<(u8, String)>,
}

#[derive(Serialize)]
struct Shard<'a> {
    schema_version: u32,
    keys: BTreeMap<&'a str, &'a [u32]>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    names: BTreeMap<&'a str, &'a [u32]>,
    /// Keys that kept [`MAX_POSTINGS`] of more: how many records have them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    totals: BTreeMap<&'a str, usize>,
}

/// One key of the index, encoded.
struct Entry {
    key: Box<str>,
    /// Postings as differences, in record order.
    postings: Vec<u32>,
    /// Records with the key, when more than the postings kept.
    total: Option<usize>,
    /// The words of names with this key, each with its records as differences.
    names: Vec<(String, Vec<u32>)>,
    /// About the bytes it takes in its shard.
    size: usize,
}

/// `search/index.json`: what the other files are.
#[derive(Serialize)]
struct Meta<'a> {
    schema_version: u32,
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    /// [`MAX_POSTINGS`].
    cap: usize,
}

#[derive(Serialize)]
struct Chunk<'a> {
    schema_version: u32,
    /// Per record: kind, label, title, date, path, snippet.
    docs: Vec<[&'a str; 6]>,
}

/// The index files of `docs`: (site path, JSON text), sorted by path.
#[cfg(test)]
fn build(docs: &[Doc]) -> Vec<(String, String)> {
    build_unless(docs.len(), &|n| docs[n].clone(), &|| false)
}

/// The index files of the `count` records that `make` gives by number:
/// (site path, JSON text), sorted by path; none once `cancelled` says so.
#[cfg(test)]
pub(crate) fn build_unless(
    count: usize,
    make: &(dyn Fn(usize) -> Doc + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let done = build_into(count, make, cancelled, &mut |path, text| {
        files.push((path, text));
        Ok::<(), ()>(())
    });
    if done.is_err() || cancelled() {
        return Vec::new();
    }
    files.sort();
    files
}

/// Shard files made at once: their JSON is handed to `out` before the
/// next are made.
const SHARDS_AT_ONCE: usize = 64;

/// Makes the index files of the `count` records that `make` gives by
/// number and hands each to `out` (site path, JSON text) as it is made:
/// a block's chunks of records, then the shards of keys, then
/// `search/index.json`. Records are made, folded and written to their
/// chunks in parallel a block at a time, and only what the index needs is
/// kept of them (their keys' postings, the words of their names), not
/// their text nor their chunks' JSON: at a million events the files are
/// half a gigabyte. Stops at `out`'s first error, and gives up (with
/// some files handed out, maybe) once `cancelled` says so.
pub(crate) fn build_into<E>(
    count: usize,
    make: &(dyn Fn(usize) -> Doc + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
    out: &mut dyn FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    // A block's records fill whole chunks.
    const { assert!(KEY_BLOCK.is_multiple_of(CHUNK)) };
    // Each record's keys, with the best weight any of its fields gives,
    // gathered by key in record order. Keys are numbered as the threads
    // first meet them; the numbers never reach the files, which order keys
    // by their text.
    let vocabulary = Vocabulary::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    // Per key, the records met of each weight. Of a key in more than
    // [`MAX_POSTINGS`] records [`entry`] keeps the highest weights and,
    // within a weight, the first records: a record past that many of its
    // weight is counted, never kept. At a million events the common words'
    // lists of every record were most of the index's memory.
    let mut seen: Vec<[u32; 4]> = Vec::new();
    let mut names: HashMap<String, BTreeMap<String, Vec<u32>>> = HashMap::default();
    for start in (0..count).step_by(KEY_BLOCK) {
        let end = (start + KEY_BLOCK).min(count);
        let block: Vec<Folded> = (start..end)
            .into_par_iter()
            .map(|n| {
                if cancelled() {
                    Folded::default()
                } else {
                    fold_doc(make(n), &vocabulary)
                }
            })
            .collect();
        if cancelled() {
            return Ok(());
        }
        let chunks: Vec<(String, String)> = block
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| {
                let chunk = Chunk {
                    schema_version: SCHEMA_VERSION,
                    docs: chunk
                        .iter()
                        .map(|f| f.line.each_ref().map(|s| &**s))
                        .collect(),
                };
                (
                    format!("search/docs-{}.json", start / CHUNK + i),
                    to_json(&chunk),
                )
            })
            .collect();
        for (path, text) in chunks {
            out(path, text)?;
        }
        postings.resize_with(vocabulary.len(), Vec::new);
        seen.resize(vocabulary.len(), [0; 4]);
        for (n, folded) in (start..).zip(block) {
            let n = record(n);
            for (key, weight) in folded.keys {
                let weight = weight.min(3);
                let count = &mut seen[key as usize][usize::from(weight)];
                if (*count as usize) < MAX_POSTINGS {
                    postings[key as usize].push(n * 4 + u32::from(weight));
                }
                *count += 1;
            }
            // Pushed in record order, as the files list them; a name's
            // first [`MAX_POSTINGS`] records are all its entry keeps.
            for word in folded.names {
                let docs = names
                    .entry(fold::key(&word))
                    .or_default()
                    .entry(word)
                    .or_default();
                if docs.len() < MAX_POSTINGS {
                    docs.push(n);
                }
            }
        }
    }
    let keys = vocabulary.into_keys();
    if cancelled() {
        return Ok(());
    }
    let entries: Vec<Entry> = keys
        .into_iter()
        .zip(postings)
        .zip(seen)
        .map(|((key, list), seen)| {
            let names = names.remove(&*key).unwrap_or_default();
            let total = seen.iter().map(|&n| n as usize).sum();
            entry(key, list, total, names)
        })
        .collect();
    // A name whose key no field had (none, as both fold alike) still counts.
    let mut entries = entries;
    let mut left: Vec<_> = names.into_iter().collect();
    left.sort();
    entries.extend(
        left.into_iter()
            .map(|(k, n)| entry(k.into(), Vec::new(), 0, n)),
    );
    let shards = split_shards(entries, SHARD_BUDGET);
    for group in shards.chunks(SHARDS_AT_ONCE) {
        let made: Vec<(String, String)> = group
            .par_iter()
            .map(|(name, entries)| {
                let shard = Shard {
                    schema_version: SCHEMA_VERSION,
                    keys: entries
                        .iter()
                        .map(|e| (&*e.key, e.postings.as_slice()))
                        .collect(),
                    names: entries
                        .iter()
                        .flat_map(|e| e.names.iter().map(|(w, d)| (w.as_str(), d.as_slice())))
                        .collect(),
                    totals: entries
                        .iter()
                        .filter_map(|e| Some((&*e.key, e.total?)))
                        .collect(),
                };
                (format!("search/{name}.json"), to_json(&shard))
            })
            .collect();
        for (path, text) in made {
            out(path, text)?;
        }
    }
    let meta = Meta {
        schema_version: SCHEMA_VERSION,
        docs: count,
        chunk: CHUNK,
        shards: shards.iter().map(|(name, _)| name.as_str()).collect(),
        cap: MAX_POSTINGS,
    };
    out("search/index.json".into(), to_json(&meta))
}

/// A key's entry: its postings, the best [`MAX_POSTINGS`] of them, and
/// its names' records, as differences. `list` holds at least the best of
/// the `total` records that have the key.
fn entry(
    key: Box<str>,
    mut list: Vec<u32>,
    total: usize,
    names: BTreeMap<String, Vec<u32>>,
) -> Entry {
    let total = (total > MAX_POSTINGS).then_some(total);
    if total.is_some() {
        // The highest weight first, then the first records.
        list.sort_unstable_by_key(|p| (std::cmp::Reverse(p % 4), p / 4));
        list.truncate(MAX_POSTINGS);
        list.sort_unstable();
    }
    let mut last = 0;
    let postings: Vec<u32> = list
        .iter()
        .map(|&p| {
            let (doc, weight) = (p / 4, p % 4);
            let gap = doc - last;
            last = doc;
            gap * 4 + weight
        })
        .collect();
    let names: Vec<(String, Vec<u32>)> = names
        .into_iter()
        .map(|(word, docs)| {
            let mut last = 0;
            let gaps = docs
                .iter()
                .take(MAX_POSTINGS)
                .map(|&d| {
                    let gap = d - last;
                    last = d;
                    gap
                })
                .collect();
            (word, gaps)
        })
        .collect();
    let digits = |v: &[u32]| {
        v.iter()
            .map(|n| n.checked_ilog10().unwrap_or(0) as usize + 2)
            .sum::<usize>()
    };
    let size = key.len()
        + 6
        + digits(&postings)
        + names
            .iter()
            .map(|(w, d)| w.len() + 6 + digits(d))
            .sum::<usize>();
    Entry {
        key,
        postings,
        total,
        names,
        size,
    }
}

/// The index's keys in shards: by their first two characters, and by one
/// more wherever a shard would pass [`SHARD_BUDGET`]; (name, entries),
/// sorted by name.
fn split_shards(entries: Vec<Entry>, budget: usize) -> Vec<(String, Vec<Entry>)> {
    let mut groups: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for e in entries {
        groups.entry(prefix(&e.key, 2)).or_default().push(e);
    }
    let mut out = Vec::new();
    for (p, entries) in groups {
        split_into(p, entries, budget, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn split_into(p: String, entries: Vec<Entry>, budget: usize, out: &mut Vec<(String, Vec<Entry>)>) {
    let len = p.chars().count();
    let size: usize = entries.iter().map(|e| e.size).sum();
    if size <= budget || len >= MAX_PREFIX {
        out.push((prefix_name(&p), entries));
        return;
    }
    let mut own = Vec::new();
    let mut longer: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for e in entries {
        if e.key.chars().count() <= len {
            own.push(e);
        } else {
            longer.entry(prefix(&e.key, len + 1)).or_default().push(e);
        }
    }
    if !own.is_empty() {
        out.push((prefix_name(&p), own));
    }
    for (q, entries) in longer {
        split_into(q, entries, budget, out);
    }
}

/// The first `n` characters of `key`.
fn prefix(key: &str, n: usize) -> String {
    key.chars().take(n).collect()
}

/// The file name of the shard of keys beginning with `prefix`.
fn prefix_name(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    if chars.len() < 2 {
        chars.push('_');
    }
    chars
        .into_iter()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c.to_string()
            } else {
                format!("_{:x}_", c as u32)
            }
        })
        .collect()
}

/// The shard that holds `key` among the shards `has` names: the longest
/// name that begins it (as `search.js` finds it).
pub fn shard_for(key: &str, has: impl Fn(&str) -> bool) -> Option<String> {
    let n = key.chars().count();
    (1..=n.min(MAX_PREFIX))
        .rev()
        .filter(|&l| l >= 2 || n == 1)
        .map(|l| prefix_name(&prefix(key, l)))
        .find(|name| has(name))
}

/// Postings or records written as differences, as absolute values.
pub fn decode(gaps: &[u64], postings: bool) -> Vec<u64> {
    let mut doc = 0;
    gaps.iter()
        .map(|&g| {
            if postings {
                doc += g / 4;
                doc * 4 + g % 4
            } else {
                doc += g;
                doc
            }
        })
        .collect()
}

/// JSON safe to serve and to embed: `<` never appears raw.
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("index serialises");
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

/// The name of the two-character shard of a key (`_` pads a
/// one-character key), before any split; characters other than ASCII
/// letters and digits are written `_<hex>_` so that every name is a plain
/// file name.
#[cfg(test)]
fn shard_name(key: &str) -> String {
    prefix_name(&prefix(key, 2))
}

#[cfg(test)]
mod tests;
