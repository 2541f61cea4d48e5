//! The search index: every record in it, every alias findable by its
//! folded key, the page itself, and schema.org JSON-LD on event pages.

use crate::harness::Dossier;
use dossier::search::{decode, fold, shard_for};
use serde_json::Value;

/// The postings of a folded key, from the built index, found as
/// `search.js` finds them.
fn postings(d: &Dossier, key: &str) -> Vec<u64> {
    let meta: Value = serde_json::from_str(&d.output("search/index.json")).unwrap();
    let shards: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let name =
        shard_for(key, |n| shards.contains(&n)).unwrap_or_else(|| panic!("no shard for {key}"));
    let shard: Value = serde_json::from_str(&d.output(&format!("search/{name}.json"))).unwrap();
    assert_eq!(shard["schema_version"], 2);
    let gaps: Vec<u64> = shard["keys"][key]
        .as_array()
        .unwrap_or_else(|| panic!("no key {key}"))
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    decode(&gaps, true)
}

/// Every indexed record: (kind, label, title, date, path, snippet).
fn docs(d: &Dossier) -> Vec<Vec<String>> {
    let meta: Value = serde_json::from_str(&d.output("search/index.json")).unwrap();
    let (n, chunk) = (
        meta["docs"].as_u64().unwrap(),
        meta["chunk"].as_u64().unwrap(),
    );
    let mut all = Vec::new();
    for c in 0..n.div_ceil(chunk) {
        let v: Value = serde_json::from_str(&d.output(&format!("search/docs-{c}.json"))).unwrap();
        for doc in v["docs"].as_array().unwrap() {
            all.push(
                doc.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            );
        }
    }
    assert_eq!(all.len() as u64, n);
    all
}

#[test]
fn every_record_is_in_the_index_and_aliases_are_findable() {
    let d = Dossier::fixture("full");
    d.build();
    let docs = docs(&d);
    let paths: Vec<&str> = docs.iter().map(|doc| doc[4].as_str()).collect();
    for (dir, kind) in [
        ("events", "event"),
        ("actors", "actor"),
        ("sources", "source"),
    ] {
        let site = d.root.join("public").join(dir);
        for entry in std::fs::read_dir(&site).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                let path = format!("{dir}/{}/", entry.file_name().to_string_lossy());
                let i = paths.iter().position(|p| *p == path);
                let i = i.unwrap_or_else(|| panic!("{path} is not in the index"));
                assert_eq!(docs[i][0], kind, "{path}");
            }
        }
    }
    assert!(
        paths.contains(&"about/"),
        "free pages are indexed: {paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.contains("draft")),
        "drafts stay out"
    );
    let kh = paths
        .iter()
        .position(|p| *p == "actors/kataib-hezbollah/")
        .unwrap() as u64;
    for alias in ["Kaitib", "Hizballah", "Kata'ib", "Guardians"] {
        let key = &fold::keys(alias)[0];
        let found = postings(&d, key);
        assert!(
            alias == "Guardians" || found.contains(&(kh * 4 + 3)),
            "{alias} ({key}) finds Kataib Hezbollah as a name: {found:?}"
        );
        assert!(!found.is_empty());
    }
    let search = d.output("search/index.html");
    assert!(
        search.contains("data-search"),
        "the search page has its form"
    );
    assert!(
        search.contains("needs JavaScript"),
        "and explains itself without it"
    );
    assert!(d.output("index.html").contains("class=\"site-search\""));
    let js = d.output("search.js");
    assert!(
        js.contains("\"digraphs\":[[\"kh\",\"k\"]"),
        "rules are inlined"
    );
}

#[test]
fn the_index_is_the_same_from_one_build_to_the_next() {
    let d = Dossier::fixture("full");
    d.build();
    let first = d.snapshot("public");
    d.build();
    let second = d.snapshot("public");
    let search = |s: &std::collections::BTreeMap<String, Vec<u8>>| {
        s.iter()
            .filter(|(k, _)| k.starts_with("search"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    assert!(search(&first).len() > 5);
    assert_eq!(search(&first), search(&second));
}

#[test]
fn event_pages_carry_schema_org_json_ld() {
    let d = Dossier::fixture("full");
    d.build();
    let html = d.output("events/2019-12-29-us-strikes/index.html");
    let ld = json_ld(&html).expect("an event page has JSON-LD");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2019-12-29");
    assert!(
        ld["url"]
            .as_str()
            .unwrap()
            .ends_with("events/2019-12-29-us-strikes/")
    );
    assert!(ld["about"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(ld["citation"].as_array().is_some_and(|a| !a.is_empty()));
}

/// The JSON-LD of a page, parsed; None when it has none.
pub fn json_ld(html: &str) -> Option<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).expect("JSON-LD parses"))
}
