//! Folding text into search keys. The same rules run in the browser: the
//! tables here are handed to `search.js` at build time and the algorithm is
//! mirrored there line for line, and both are tested against
//! `fold_cases.json`.
//!
//! A word is first *normalised* (lowercase, Latin diacritics and Arabic
//! vowel marks removed, apostrophes and ʿayn/hamza signs dropped), then given
//! a *key*, a rough consonant skeleton that makes transliterations of one
//! name collide: Kataib, Kata'ib and Kaitib all become `ktb`; Hezbollah and
//! Hizballah `hzblh`; Muhandis and Mohandes `mhnds`.

use serde::Serialize;

/// Letters replaced by plain ASCII, after lowercasing: (replacement, letters).
pub(crate) const LETTERS: &[(&str, &str)] = &[
    ("a", "àáâãäåāăąǎạả"),
    ("c", "çćĉċč"),
    ("d", "ďđḍð"),
    ("e", "èéêëēĕėęěẹẽ"),
    ("g", "ĝğġģ"),
    ("h", "ĥħḥ"),
    ("i", "ìíîïĩīĭįıǐị"),
    ("j", "ĵ"),
    ("k", "ķ"),
    ("l", "ĺļľŀł"),
    ("n", "ñńņňŉ"),
    ("o", "òóôõöøōŏőǒọ"),
    ("r", "ŕŗř"),
    ("s", "śŝşšṣș"),
    ("t", "ţťŧṭț"),
    ("u", "ùúûüũūŭůűųǔụ"),
    ("w", "ŵ"),
    ("y", "ýÿŷ"),
    ("z", "źżžẓ"),
    ("ss", "ß"),
    ("ae", "æ"),
    ("oe", "œ"),
    ("th", "þ"),
];

/// Characters dropped inside a word: apostrophes, ʿayn and hamza signs.
pub(crate) const DROPPED: &str = "'’‘ʼʻʿʾ`´";

/// Combining marks dropped: (first, last) code points, inclusive. Latin
/// combining diacritics, Arabic harakat, superscript alef and tatweel.
pub(crate) const MARKS: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x0640, 0x0640),
];

/// Words too common to index, as normalised.
pub(crate) const STOP: &[&str] = &[
    "al", "an", "and", "are", "as", "at", "be", "by", "el", "for", "from", "has", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

/// Letter pairs read as one sound, replaced before vowels are dropped.
pub(crate) const DIGRAPHS: &[(&str, &str)] = &[
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("sh", "x"),
    ("ch", "x"),
    ("dj", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
];

/// Letters dropped after a word's first letter; a first vowel becomes `a`.
pub(crate) const VOWELS: &str = "aeiouy";

/// The rules as `search.js` receives them.
#[derive(Serialize)]
pub(crate) struct Rules {
    letters: &'static [(&'static str, &'static str)],
    dropped: &'static str,
    marks: &'static [(u32, u32)],
    stop: &'static [&'static str],
    digraphs: &'static [(&'static str, &'static str)],
    vowels: &'static str,
}

/// The folding rules, for the client script.
pub(crate) const RULES: Rules = Rules {
    letters: LETTERS,
    dropped: DROPPED,
    marks: MARKS,
    stop: STOP,
    digraphs: DIGRAPHS,
    vowels: VOWELS,
};

/// Lowercases, folds letters and drops marks and apostrophes.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into `out`, replacing what it held. Plain ASCII (most
/// text) needs no table: the tables fold only other letters and marks, and
/// drop two ASCII apostrophes; so runs of ASCII are copied whole and
/// lowercased in place, and only the other characters are looked up.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let mut rest = text;
    loop {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        push_ascii(&rest[..ascii], out);
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        c.to_lowercase().for_each(|c| fold_char(out, c));
        rest = &rest[c.len_utf8()..];
    }
}

/// Appends the ASCII text `run` lowercased, without its apostrophes.
fn push_ascii(run: &str, out: &mut String) {
    let start = out.len();
    let mut rest = run;
    while let Some(at) = memchr::memchr2(b'\'', b'`', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out[start..].make_ascii_lowercase();
}

/// One lowercased character of [`normalize`]'s text.
fn fold_char(out: &mut String, c: char) {
    if c.is_ascii() {
        if c != '\'' && c != '`' {
            out.push(c);
        }
        return;
    }
    let cp = c as u32;
    if DROPPED.contains(c) || MARKS.iter().any(|&(a, b)| (a..=b).contains(&cp)) {
        return;
    }
    match LETTERS.iter().find(|(_, from)| from.contains(c)) {
        Some((to, _)) => out.push_str(to),
        None => out.push(c),
    }
}

/// The normalised words of a text worth indexing: split on anything but
/// letters and digits, without stop words and one-letter words.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_normalized_word(&normalize(text), |w| words.push(w.to_string()));
    words
}

/// Calls `f` with each of [`words`] of a text [`normalize`] already gave,
/// in order, without copying them.
pub(crate) fn for_each_normalized_word<'t>(normalized: &'t str, mut f: impl FnMut(&'t str)) {
    if normalized.is_ascii() {
        // Most text: split on bytes, and a word of two bytes has two
        // characters.
        let mut word = |w: &'t str| {
            if w.len() >= 2 && !is_stop(w) {
                f(w);
            }
        };
        let mut start = 0;
        for (i, b) in normalized.bytes().enumerate() {
            if !b.is_ascii_alphanumeric() {
                word(&normalized[start..i]);
                start = i + 1;
            }
        }
        word(&normalized[start..]);
        return;
    }
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some() && !is_stop(w))
        .for_each(&mut f);
}

/// Whether a normalised word is in [`STOP`] (none is longer than four
/// bytes, so most words are told apart by their length alone).
fn is_stop(word: &str) -> bool {
    word.len() <= 4 && STOP.contains(&word)
}

/// The key of a normalised word: its consonant skeleton, or the word itself
/// when it is not plain ASCII letters (digits, other scripts).
pub(crate) fn key(word: &str) -> String {
    if !word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || word.bytes().all(|b| b.is_ascii_digit())
    {
        return word.to_string();
    }
    let mut sounds = String::with_capacity(word.len());
    let mut rest = word;
    'scan: while let Some(c) = rest.chars().next() {
        for (from, to) in DIGRAPHS {
            if let Some(after) = rest.strip_prefix(from) {
                sounds.push_str(to);
                rest = after;
                continue 'scan;
            }
        }
        sounds.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut out = String::with_capacity(sounds.len());
    for (i, c) in sounds.chars().enumerate() {
        let c = match (i, VOWELS.contains(c)) {
            (0, true) => 'a',
            (_, true) => continue,
            _ => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The keys of a text, in order, repeats kept.
pub fn keys(text: &str) -> Vec<String> {
    words(text).iter().map(|w| key(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `search.js` is tested against too.
    const CASES: &str = include_str!("fold_cases.json");

    #[test]
    fn shared_cases() {
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(CASES).unwrap();
        for (text, want) in cases {
            assert_eq!(keys(&text), want, "{text}");
        }
    }

    #[test]
    fn runs_of_ascii_normalise_as_characters_do() {
        // The character-by-character reading that runs of ASCII replaced.
        let by_chars = |text: &str| {
            let mut out = String::new();
            for c in text.chars() {
                if c.is_ascii() {
                    if c != '\'' && c != '`' {
                        out.push(c.to_ascii_lowercase());
                    }
                    continue;
                }
                c.to_lowercase().for_each(|c| fold_char(&mut out, c));
            }
            out
        };
        let pieces = [
            "Kata'ib", "`", "'", "AbC", " ", "x", "''", "Z9", "-", "’", "É", "Ḥizb", "ß", "İ",
            "\u{301}", "حزب", "\u{64e}",
        ];
        for text in crate::base::testing::strings(&pieces, 10, 5_000, 0x2545_F491_4F6C_DD1D) {
            assert_eq!(normalize(&text), by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_is_stop_looks() {
        assert!(STOP.iter().all(|w| w.len() <= 4 && is_stop(w)));
        assert!(!is_stop("iran") && !is_stop("hezbollah"));
    }

    #[test]
    fn ascii_text_splits_as_any_text_does() {
        let text = "Kata'ib Hezbollah: 2 rockets at K-1 (al-Asad), x y zz; the end.";
        let mut fast = Vec::new();
        for_each_normalized_word(&normalize(text), |w| fast.push(w.to_string()));
        let slow: Vec<String> = normalize(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().nth(1).is_some() && !STOP.contains(w))
            .map(String::from)
            .collect();
        assert_eq!(fast, slow);
        assert_eq!(
            fast,
            ["kataib", "hezbollah", "rockets", "asad", "zz", "end"]
        );
    }

    #[test]
    fn variants_collide_and_others_do_not() {
        let same = [
            ["Kataib", "Kata'ib", "Kaitib"],
            ["Hezbollah", "Hizballah", "Ḥizbullāh"],
            ["Muhandis", "Mohandes", "Muhandes"],
            ["Soleimani", "Suleimani", "Sulaymani"],
            ["Qasem", "Qassem", "Kasim"],
            ["Irbil", "Erbil", "Arbil"],
        ];
        for group in same {
            let k = keys(group[0]);
            for w in &group[1..] {
                assert_eq!(keys(w), k, "{w} vs {}", group[0]);
            }
        }
        assert_ne!(keys("Kataib"), keys("Katyusha"));
        assert_ne!(keys("Hezbollah"), keys("Hashd"));
        assert_ne!(keys("Iran"), keys("Iraq"));
    }
}
