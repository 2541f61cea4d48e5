//! The keys of the documents: every word and prefix a query can match,
//! numbered once per index build.

use super::*;

/// Documents whose keys are made at once.
pub(super) const KEY_BLOCK: usize = 1024;

/// The keys of one index build, numbered in the order first met.
pub(super) struct Vocabulary {
    /// Tells this build's numbers from another's in a thread's [`Scratch`].
    build: u64,
    numbers: std::sync::Mutex<Numbers>,
}

/// Keys by number, and the other way.
#[derive(Default)]
struct Numbers {
    of: HashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
}

impl Vocabulary {
    pub(super) fn new() -> Vocabulary {
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Vocabulary {
            build: BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            numbers: Default::default(),
        }
    }

    /// The number of `key`, given it if new.
    fn number(&self, key: String) -> u32 {
        let mut numbers = self.numbers.lock().expect("no panic while numbering");
        if let Some(&n) = numbers.of.get(key.as_str()) {
            return n;
        }
        let n = u32::try_from(numbers.keys.len()).expect("fewer than 4 billion keys");
        let key: Box<str> = key.into();
        numbers.of.insert(key.clone(), n);
        numbers.keys.push(key);
        n
    }

    /// Keys numbered so far.
    pub(super) fn len(&self) -> usize {
        self.numbers
            .lock()
            .expect("no panic while numbering")
            .keys
            .len()
    }

    /// The keys, by number.
    pub(super) fn into_keys(self) -> Vec<Box<str>> {
        self.numbers
            .into_inner()
            .expect("no panic while numbering")
            .keys
    }
}

/// What a thread keeps from one document to the next.
#[derive(Default)]
struct Scratch {
    /// The [`Vocabulary::build`] that `numbers` are of.
    build: Option<u64>,
    /// Normalised word → number of its key: a dossier's vocabulary is a
    /// few tens of thousands of words, its texts millions.
    numbers: HashMap<Box<str>, u32>,
    /// Per key number, the best weight in the current document (0: absent).
    best: Vec<u8>,
    /// The key numbers of the current document.
    seen: Vec<u32>,
    /// The current field, normalised.
    text: String,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A document's keys, each with the best weight a field gives it (the same
/// keys as folding every word with [`fold::keys`]). Each word is looked up
/// once, in the thread's map of the words it has folded in this build.
fn doc_keys(doc: &Doc, vocabulary: &Vocabulary) -> Vec<(u32, u8)> {
    SCRATCH.with_borrow_mut(|scratch| {
        let Scratch {
            build,
            numbers,
            best,
            seen,
            text,
        } = scratch;
        if *build != Some(vocabulary.build) {
            *build = Some(vocabulary.build);
            numbers.clear();
        }
        for (weight, field) in &doc.fields {
            fold::normalize_into(field, text);
            fold::for_each_normalized_word(text, |word| {
                let n = match numbers.get(word) {
                    Some(&n) => n,
                    None => {
                        let n = vocabulary.number(fold::key(word));
                        numbers.insert(word.into(), n);
                        n
                    }
                } as usize;
                if n >= best.len() {
                    best.resize(n + 1, 0);
                }
                if best[n] == 0 {
                    seen.push(n as u32);
                }
                // 0 marks a key not yet seen: a field's weight is 1 to 3.
                best[n] = best[n].max((*weight).max(1));
            });
        }
        seen.drain(..)
            .map(|n| (n, std::mem::take(&mut best[n as usize])))
            .collect()
    })
}

/// A record's number in the postings: `u32` holds a billion records
/// (times 4, with the weight), more than a dossier can load.
pub(super) fn record(n: usize) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|n| *n < u32::MAX / 4)
        .expect("fewer than a billion records")
}

/// What the index keeps of a record once folded.
#[derive(Default)]
pub(super) struct Folded {
    /// Its keys, with the best weight its fields give each.
    pub(super) keys: Vec<(u32, u8)>,
    /// The folded words of its title, names and aliases (the weight-3
    /// fields), sorted, once each.
    pub(super) names: Vec<String>,
    /// Its line in its chunk: kind, label, title, date, path, snippet.
    pub(super) line: [Box<str>; 6],
}

/// `doc` folded: its keys, its names' words and its chunk line; its text
/// is dropped.
pub(super) fn fold_doc(doc: Doc, vocabulary: &Vocabulary) -> Folded {
    let keys = doc_keys(&doc, vocabulary);
    let mut names: Vec<String> = doc
        .fields
        .iter()
        .filter(|(weight, _)| *weight >= 3)
        .flat_map(|(_, field)| fold::words(field))
        .collect();
    names.sort_unstable();
    names.dedup();
    let Doc {
        kind,
        label,
        title,
        date,
        path,
        snippet,
        fields: _,
    } = doc;
    Folded {
        keys,
        names,
        line: [
            kind.into(),
            label.into(),
            title.into(),
            date.into(),
            path.into(),
            snippet.into(),
        ],
    }
}
