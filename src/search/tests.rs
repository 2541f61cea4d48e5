//! The search index's unit tests.

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
    let e = entry("x".into(), list, n, BTreeMap::new());
    assert_eq!(e.total, Some(n));
    let gaps: Vec<u64> = e.postings.iter().map(|&p| p.into()).collect();
    let kept = decode(&gaps, true);
    assert_eq!(kept.len(), MAX_POSTINGS);
    assert_eq!(*kept.last().unwrap(), (n as u64 - 1) * 4 + 3);
    assert_eq!(kept[MAX_POSTINGS - 2], (MAX_POSTINGS as u64 - 2) * 4 + 1);
}

#[test]
fn a_common_key_keeps_its_late_title_matches_and_first_records_and_counts_all() {
    // "alpha" in the text of every record, twice MAX_POSTINGS and more,
    // and in the titles of three records met after MAX_POSTINGS of the
    // text's: the records past the cap of their weight are counted but
    // not held while the index is built, and the entry is the one a whole
    // list gives.
    let count = 2 * MAX_POSTINGS + 7;
    let titled = [MAX_POSTINGS + 3, MAX_POSTINGS + 900, count - 1];
    let files = build_unless(
        count,
        &|n| {
            if titled.contains(&n) {
                doc("Alpha", "alpha")
            } else {
                doc(&format!("Record {n}"), "alpha")
            }
        },
        &|| false,
    );
    let key = fold::key("alpha");
    let shard = &files
        .iter()
        .find(|(n, _)| *n == format!("search/{}.json", shard_name(&key)))
        .unwrap()
        .1;
    let v: serde_json::Value = serde_json::from_str(shard).unwrap();
    assert_eq!(v["totals"][&key], count);
    let gaps: Vec<u64> = serde_json::from_value(v["keys"][&key].clone()).unwrap();
    let kept = decode(&gaps, true);
    let mut want: Vec<u64> = (0..MAX_POSTINGS - 3).map(|d| d as u64 * 4 + 1).collect();
    want.extend(titled.iter().map(|&d| d as u64 * 4 + 3));
    want.sort_unstable();
    assert_eq!(kept, want);
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
            records as usize,
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
        "<", ">", "<p>", "</a>", "\u{E000}", "\u{E001}", "&", "&lt;", "&amp;", "&#39;", "&#x27;",
        "&quot;", "&gt;", "lt;", "a", "Ḥizb", "حزب", " ", "\n", "\u{a0}", "\u{85}", "\u{2003}",
        "\u{E002}", "\u{EE80}", "é", "\t", "x y",
    ];
    for html in crate::base::testing::strings(&pieces, 12, 20_000, 0x9E37_79B9_7F4A_7C15) {
        assert_eq!(plain_text(&html), plain_text_by_chars(&html), "{html:?}");
    }
    assert_eq!(to_json(&"</script>"), r#""\u003c/script>""#);
}
