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
/// (site path, JSON text), sorted by path. Records are made, folded and
/// written to their chunks in parallel a block at a time, and only what
/// the index needs is kept of them (their keys' postings, the words of
/// their names, their chunks' JSON), not their text; gives up (with no
/// files) once `cancelled` says so.
pub(crate) fn build_unless(
    count: usize,
    make: &(dyn Fn(usize) -> Doc + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Vec<(String, String)> {
    // A block's records fill whole chunks.
    const { assert!(KEY_BLOCK.is_multiple_of(CHUNK)) };
    // Each record's keys, with the best weight any of its fields gives,
    // gathered by key in record order. Keys are numbered as the threads
    // first meet them; the numbers never reach the files, which order keys
    // by their text.
    let vocabulary = Vocabulary::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut names: HashMap<String, BTreeMap<String, Vec<u32>>> = HashMap::default();
    let mut files: Vec<(String, String)> = Vec::new();
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
            return Vec::new();
        }
        files.par_extend(block.par_chunks(CHUNK).enumerate().map(|(i, chunk)| {
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
        }));
        postings.resize_with(vocabulary.len(), Vec::new);
        for (n, folded) in (start..).zip(block) {
            let n = record(n);
            for (key, weight) in folded.keys {
                postings[key as usize].push(n * 4 + u32::from(weight.min(3)));
            }
            // Pushed in record order, as the files list them.
            for word in folded.names {
                names
                    .entry(fold::key(&word))
                    .or_default()
                    .entry(word)
                    .or_default()
                    .push(n);
            }
        }
    }
    let keys = vocabulary.into_keys();
    if cancelled() {
        return Vec::new();
    }
    let entries: Vec<Entry> = keys
        .into_iter()
        .zip(postings)
        .map(|(key, list)| {
            let names = names.remove(&*key).unwrap_or_default();
            entry(key, list, names)
        })
        .collect();
    // A name whose key no field had (none, as both fold alike) still counts.
    let mut entries = entries;
    let mut left: Vec<_> = names.into_iter().collect();
    left.sort();
    entries.extend(
        left.into_iter()
            .map(|(k, n)| entry(k.into(), Vec::new(), n)),
    );
    let shards = split_shards(entries, SHARD_BUDGET);
    files.par_extend(shards.par_iter().map(|(name, entries)| {
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
    }));
    let meta = Meta {
        schema_version: SCHEMA_VERSION,
        docs: count,
        chunk: CHUNK,
        shards: shards.iter().map(|(name, _)| name.as_str()).collect(),
        cap: MAX_POSTINGS,
    };
    files.push(("search/index.json".into(), to_json(&meta)));
    files.sort();
    files
}

/// A key's entry: its postings, the best [`MAX_POSTINGS`] of them, and
/// its names' records, as differences.
fn entry(key: Box<str>, mut list: Vec<u32>, names: BTreeMap<String, Vec<u32>>) -> Entry {
    let total = (list.len() > MAX_POSTINGS).then_some(list.len());
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
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            kind: "event",
            title: title.into(),
            path: "events/x/".into(),
            fields: vec![(3, title.into()), (1, body.into())],
            ..Doc::default()
        }
    }

    #[test]
    fn postings_keep_the_best_weight_and_shard_by_prefix() {
        let files = build(&[
            doc("Kataib Hezbollah", "Kata'ib again"),
            doc("Other", "Kaitib"),
        ]);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"search/kt.json"), "{names:?}");
        assert!(names.contains(&"search/docs-0.json"));
        let kt = &files.iter().find(|(n, _)| n == "search/kt.json").unwrap().1;
        assert_eq!(
            kt,
            r#"{"schema_version":2,"keys":{"ktb":[3,5]},"names":{"kataib":[0]}}"#
        );
    }

    #[test]
    fn a_build_does_not_reuse_the_key_numbers_of_the_last() {
        // The threads keep each word's key number from one document to the
        // next; numbers are of one build, and the next starts afresh.
        let first = [doc("Hezbollah statement", "Rockets at Erbil")];
        let second = [doc("Kataib Hezbollah", "Kaitib"), doc("Erbil", "drones")];
        let alone = build(&second);
        let _ = build(&first);
        assert_eq!(build(&second), alone);
        let keys = |name: &str| {
            let file = &alone.iter().find(|(n, _)| n == name).unwrap().1;
            file.split_once(r#""keys":"#).unwrap().1.to_string()
        };
        assert_eq!(
            keys("search/kt.json"),
            r#"{"ktb":[3]},"names":{"kataib":[0]}}"#
        );
        assert_eq!(
            keys("search/hz.json"),
            r#"{"hzblh":[3]},"names":{"hezbollah":[0]}}"#
        );
        assert_eq!(
            keys("search/ar.json"),
            r#"{"arbl":[7]},"names":{"erbil":[1]}}"#
        );
    }

    #[test]
    fn names_list_the_folded_words_of_titles_and_aliases_only() {
        let mut actor = doc("Qassem Soleimani", "Silliman in the text");
        actor.fields.push((3, "Qasem Suleimani".into()));
        let files = build(&[actor, doc("Douglas Silliman", "Soleimani")]);
        let shard = &files.iter().find(|(n, _)| n == "search/sl.json").unwrap().1;
        // Both sound alike (one key), but only the words of their names
        // tell a query which record it names.
        assert_eq!(
            shard,
            r#"{"schema_version":2,"keys":{"slmn":[3,7]},"names":{"silliman":[1],"soleimani":[0],"suleimani":[0]}}"#
        );
    }

    #[test]
    fn postings_are_differences_and_common_keys_keep_the_best() {
        // Records 0, 2 and 5 have the key; 5 in its title.
        let docs: Vec<Doc> = (0..6)
            .map(|i| match i {
                0 | 2 => doc("Other", "rockets"),
                5 => doc("Rockets", "text"),
                _ => doc("Other", "drones"),
            })
            .collect();
        let files = build(&docs);
        let rk = &files.iter().find(|(n, _)| n == "search/rk.json").unwrap().1;
        // 0*4+1, (2-0)*4+1, (5-2)*4+3.
        assert!(rk.contains(r#""rkts":[1,9,15]"#), "{rk}");
        assert_eq!(decode(&[1, 9, 15], true), [1, 9, 23]);
        assert_eq!(decode(&[0, 2, 3], false), [0, 2, 5]);

        // A key in more records than MAX_POSTINGS keeps the title matches
        // first, then the first records, and says how many it had.
        let n = MAX_POSTINGS + 10;
        let list: Vec<u32> = (0..n as u32)
            .map(|d| d * 4 + if d == n as u32 - 1 { 3 } else { 1 })
            .collect();
        let e = entry("x".into(), list, BTreeMap::new());
        assert_eq!(e.total, Some(n));
        let gaps: Vec<u64> = e.postings.iter().map(|&p| p.into()).collect();
        let kept = decode(&gaps, true);
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert_eq!(*kept.last().unwrap(), (n as u64 - 1) * 4 + 3);
        assert_eq!(kept[MAX_POSTINGS - 2], (MAX_POSTINGS as u64 - 2) * 4 + 1);
    }

    #[test]
    fn records_made_a_block_at_a_time_keep_their_numbers_and_chunks() {
        // Three blocks of records; "Alpha" in the titles of 5, 1030 and
        // 2090, in the text of 1500.
        let count = 2 * KEY_BLOCK + 52;
        let made = std::sync::atomic::AtomicUsize::new(0);
        let files = build_unless(
            count,
            &|n| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                match n {
                    5 | 1030 | 2090 => doc("Alpha", "text"),
                    1500 => doc(&format!("Record {n}"), "alpha"),
                    _ => doc(&format!("Record {n}"), "text"),
                }
            },
            &|| false,
        );
        assert_eq!(made.into_inner(), count);
        let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
        let key = fold::key("alpha");
        let shard = file(&format!("search/{}.json", shard_name(&key)));
        let v: serde_json::Value = serde_json::from_str(shard).unwrap();
        let gaps: Vec<u64> = serde_json::from_value(v["keys"][&key].clone()).unwrap();
        assert_eq!(
            decode(&gaps, true),
            [5 * 4 + 3, 1030 * 4 + 3, 1500 * 4 + 1, 2090 * 4 + 3]
        );
        let names: Vec<u64> = serde_json::from_value(v["names"]["alpha"].clone()).unwrap();
        assert_eq!(decode(&names, false), [5, 1030, 2090]);
        // Chunks of CHUNK records, numbered across blocks.
        let chunk = |n: usize| -> serde_json::Value {
            serde_json::from_str(file(&format!("search/docs-{n}.json"))).unwrap()
        };
        let last = count.div_ceil(CHUNK) - 1;
        assert_eq!(
            chunk(last)["docs"].as_array().unwrap().len(),
            count - last * CHUNK
        );
        assert!(
            !files
                .iter()
                .any(|(n, _)| *n == format!("search/docs-{}.json", last + 1))
        );
        assert_eq!(chunk(1030 / CHUNK)["docs"][1030 % CHUNK][2], "Alpha");
        assert_eq!(chunk(1500 / CHUNK)["docs"][1500 % CHUNK][2], "Record 1500");
        let index: serde_json::Value = serde_json::from_str(file("search/index.json")).unwrap();
        assert_eq!(index["docs"], count);
    }

    #[test]
    fn a_shard_over_budget_splits_by_one_more_character() {
        let e = |k: &str, records: u32| {
            entry(
                k.into(),
                (0..records).map(|d| d * 4 + 1).collect(),
                BTreeMap::new(),
            )
        };
        let entries = vec![
            e("an", 10),
            e("anbc", 700),
            e("anbd", 700),
            e("antr", 700),
            e("ar", 10),
            e("k", 3),
        ];
        let shards = split_shards(entries, 2000);
        let names: Vec<&str> = shards.iter().map(|(n, _)| n.as_str()).collect();
        // `an` over budget: its own key stays, the others go one deeper
        // (`anb` still over budget: `anbc`, `anbd`); `ar` and `k` fit.
        assert_eq!(names, ["an", "anbc", "anbd", "ant", "ar", "k_"]);
        let has = |n: &str| names.contains(&n);
        assert_eq!(shard_for("an", has).as_deref(), Some("an"));
        assert_eq!(shard_for("anbc", has).as_deref(), Some("anbc"));
        assert_eq!(shard_for("antr", has).as_deref(), Some("ant"));
        assert_eq!(shard_for("antx", has).as_deref(), Some("ant"));
        assert_eq!(shard_for("arbl", has).as_deref(), Some("ar"));
        assert_eq!(shard_for("k", has).as_deref(), Some("k_"));
        assert_eq!(shard_for("zz", has), None);
        for (name, entries) in &shards {
            let size: usize = entries.iter().map(|e| e.size).sum();
            assert!(size <= 2000 || entries.len() == 1, "{name}: {size}");
        }
    }

    #[test]
    fn names_and_text() {
        assert_eq!(shard_name("ktb"), "kt");
        assert_eq!(shard_name("k"), "k_");
        assert_eq!(shard_name("حزب"), "_62d__632_");
        assert_eq!(
            plain_text("<p>A &amp; B\u{E000}3\u{E001}.</p><p>C</p>"),
            "A & B. C"
        );
        // Entities decode once, as a chain of replacements with `&amp;` last.
        for (html, text) in [
            ("&amp;lt; &lt;b&gt; &amp;amp;", "&lt; <b> &amp;"),
            ("&quot;x&quot; &#39;y&#x27; &amp;quot;", "\"x\" 'y' &quot;"),
            ("  a \n\t b  <br>c&nbsp;d &", "a b c&nbsp;d &"),
            ("&lt\u{E000}1\u{E001};", "<"),
        ] {
            assert_eq!(plain_text(html), text, "{html}");
        }
        assert_eq!(snippet("one two three", 8), "one two…");
    }

    /// The character-by-character reading `plain_text` replaced.
    fn plain_text_by_chars(html: &str) -> String {
        let mut out = String::new();
        let (mut in_tag, mut in_mark) = (false, false);
        for c in html.chars() {
            match c {
                '<' if !in_mark => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    out.push(' ');
                }
                '\u{E000}' => in_mark = true,
                '\u{E001}' => in_mark = false,
                _ if in_tag || in_mark => {}
                c => out.push(c),
            }
        }
        let entities = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
            ("&amp;", '&'),
        ];
        let (mut text, mut space, mut rest) = (String::new(), false, out.as_str());
        while let Some(c) = rest.chars().next() {
            let (c, len) = match entities
                .iter()
                .find(|(e, _)| c == '&' && rest.starts_with(e))
            {
                Some((e, d)) => (*d, e.len()),
                None => (c, c.len_utf8()),
            };
            rest = &rest[len..];
            if c.is_whitespace() {
                space = !text.is_empty();
                continue;
            }
            if space {
                text.push(' ');
                space = false;
            }
            text.push(c);
        }
        text
    }

    #[test]
    fn plain_text_reads_bytes_as_the_characters_read() {
        let pieces = [
            "<", ">", "<p>", "</a>", "\u{E000}", "\u{E001}", "&", "&lt;", "&amp;", "&#39;",
            "&#x27;", "&quot;", "&gt;", "lt;", "a", "Ḥizb", "حزب", " ", "\n", "\u{a0}", "\u{85}",
            "\u{2003}", "\u{E002}", "\u{EE80}", "é", "\t", "x y",
        ];
        for html in crate::base::testing::strings(&pieces, 12, 20_000, 0x9E37_79B9_7F4A_7C15) {
            assert_eq!(plain_text(&html), plain_text_by_chars(&html), "{html:?}");
        }
        assert_eq!(to_json(&"</script>"), r#""\u003c/script>""#);
    }
}
