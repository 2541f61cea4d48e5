//! The validated domain: events, actors, sources and pages, keyed by id.

use crate::base::diagnostics::Problem;
pub(crate) mod date;
pub(crate) mod record;
mod toll;

pub(crate) use date::{Date, Precision};
pub use record::EventRecord;
pub(crate) use record::*;
pub(crate) use toll::Toll;

pub(crate) use crate::base::diagnostics::Place;
pub(crate) use crate::base::position::bytecount;
pub(crate) use crate::base::slug::{check_id, slugify};

use crate::base::diagnostics::line_col;
use crate::markdown::Doc;
use std::sync::Arc;

/// Where a record came from, to point errors at it.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// Path relative to the dossier root.
    pub file: Arc<str>,
    /// Line of the record's first line in the file (1-based).
    pub line: usize,
    /// The text to search for a value's position: the front matter, a CSV
    /// row, or a whole bulk data file.
    pub text: Option<Arc<str>>,
    /// Line of `text`'s first line in the file.
    pub text_line: usize,
    /// In a bulk file, where the record's id is written in `text` (a byte
    /// offset, on line `line`): values are searched after it.
    pub anchor: Option<usize>,
    /// The data row a Markdown record was merged over, searched second.
    pub merged: Option<Box<Origin>>,
    /// Where to read `text` again when it is not kept: a build of a large
    /// dossier lets each Markdown file's front matter go, and a message
    /// that needs a position reads it from the file.
    pub reread: Option<Box<Span>>,
}

/// Part of a file, to be read again: the front matter of a Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// The file, as it is opened.
    pub path: Arc<std::path::Path>,
    /// Byte offset of the part.
    pub start: usize,
    /// Its length in bytes.
    pub len: usize,
    /// Its hash ([`crate::markdown::text_hash`]): a file changed since is
    /// not searched (a message then points at the record's line).
    pub hash: u64,
}

impl Span {
    /// The part, as it was read; `None` when the file is gone or changed.
    fn read(&self) -> Option<Arc<str>> {
        use std::cell::RefCell;
        // The warnings of a record come together: its file is read once
        // for all of them.
        thread_local! {
            static LAST: RefCell<Option<(Arc<std::path::Path>, Arc<str>)>> =
                const { RefCell::new(None) };
        }
        let part = |whole: &str| {
            let part = whole.get(self.start..self.start + self.len)?;
            (crate::markdown::text_hash(part) == self.hash).then(|| Arc::from(part))
        };
        LAST.with_borrow_mut(|last| {
            if let Some((path, text)) = last
                && *path == self.path
                && let Some(found) = part(text)
            {
                return Some(found);
            }
            let text: Arc<str> = std::fs::read_to_string(&self.path).ok()?.into();
            *last = Some((self.path.clone(), text.clone()));
            part(&text)
        })
    }
}

impl Origin {
    /// An origin pointing at a whole file.
    pub(crate) fn file(file: &str, text: Option<&str>) -> Origin {
        Origin {
            file: file.into(),
            line: 1,
            text: text.map(Into::into),
            text_line: 1,
            anchor: None,
            merged: None,
            reread: None,
        }
    }

    /// Where the value `needle` is written in the record: the first quoted
    /// `"needle"`, else the bare needle, else the record's own line.
    pub(crate) fn locate(&self, needle: &str) -> Place {
        self.find(needle)
            .or_else(|| self.merged.as_ref().and_then(|m| m.find(needle)))
            .unwrap_or(Place {
                file: self.file.clone(),
                line: self.line,
                column: 0,
                length: 0,
            })
    }

    /// The record's own position.
    pub(crate) fn place(&self) -> Place {
        Place {
            file: self.file.clone(),
            line: self.line,
            column: 0,
            length: 0,
        }
    }

    /// Where the field `key` is written, its value being written as one of
    /// `needles` (`lat = 1.5`, or `1.5` in a CSV row): in the record's own
    /// text first, then in the data row it was merged over (a bad value of
    /// a CSV row is blamed on the row, not on its Markdown twin).
    pub(crate) fn locate_field(&self, key: &str, needles: &[&str]) -> Place {
        let own = needles
            .iter()
            .find_map(|n| self.find(n))
            .or_else(|| self.key(key));
        let merged = || {
            let m = self.merged.as_ref()?;
            needles
                .iter()
                .find_map(|n| m.find(n))
                .or_else(|| m.key(key))
        };
        own.or_else(merged).unwrap_or_else(|| self.place())
    }

    /// Where the key `key` (as in `key = …`) is written in the record's
    /// front matter or TOML text, when it is.
    pub(crate) fn key(&self, key: &str) -> Option<Place> {
        let text = self.text()?;
        let text = &*text;
        let start = self.anchor.unwrap_or(0).min(text.len());
        let first_line = if self.anchor.is_some() {
            self.line
        } else {
            self.text_line
        };
        for (n, line) in text.get(start..)?.split('\n').enumerate() {
            let trimmed = line.trim_start();
            if n > 0 && self.anchor.is_some() && trimmed.starts_with('[') {
                return None;
            }
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return Some(Place {
                    file: self.file.clone(),
                    line: first_line + n,
                    column: line.len() - trimmed.len() + 1,
                    length: key.chars().count(),
                });
            }
        }
        None
    }

    /// The text to search: kept, or read again.
    fn text(&self) -> Option<Arc<str>> {
        match &self.text {
            Some(text) => Some(text.clone()),
            None => self.reread.as_ref()?.read(),
        }
    }

    fn find(&self, needle: &str) -> Option<Place> {
        let text = self.text()?;
        let text = &*text;
        let start = self.anchor.unwrap_or(0).min(text.len());
        let hay = text.get(start..)?;
        // memmem's vector search: a warning per cited source, tens of
        // thousands at 10k events, each looked up in its file.
        let find = |what: &[u8]| memchr::memmem::find(hay.as_bytes(), what);
        let mut quoted = Vec::with_capacity(needle.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(needle.as_bytes());
        quoted.push(b'"');
        let hit = find(&quoted).map(|i| i + 1).or_else(|| {
            if needle.is_empty() {
                None
            } else {
                find(needle.as_bytes())
            }
        })?;
        let (l, c) = match self.anchor {
            // Counted from the anchor, whose line is known: a bulk file's
            // records are not each counted from its beginning.
            Some(_) => {
                let at = start + hit;
                let lines = bytecount(&text.as_bytes()[start..at], b'\n');
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let column = text[line_start..at].chars().count() + 1;
                (self.line - self.text_line + 1 + lines, column)
            }
            None => line_col(text, start + hit),
        };
        Some(Place {
            file: self.file.clone(),
            line: l + self.text_line - 1,
            column: c,
            length: needle.chars().count(),
        })
    }
}

/// A casualty figure as a range; a single number has `low == high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Figure {
    /// Lowest reported.
    pub low: u64,
    /// Highest reported.
    pub high: u64,
}

impl Figure {
    /// "24" or "24–25".
    pub(crate) fn display(&self) -> String {
        if self.low == self.high {
            self.low.to_string()
        } else {
            format!("{}–{}", self.low, self.high)
        }
    }

    /// Parses a figure as written.
    pub(crate) fn from_record(r: &FigureRecord) -> Result<Figure, Problem> {
        match r {
            FigureRecord::Number(n) if *n >= 0 => Ok(Figure {
                low: *n as u64,
                high: *n as u64,
            }),
            FigureRecord::Number(n) => {
                Err(format!("`{n}` is negative: a casualty figure is 0 or more").into())
            }
            FigureRecord::Text(s) => {
                let bad = || {
                    format!(
                        "`{s}` is not a figure: write a number such as 3 or a range such as \"24-25\""
                    )
                };
                let (a, b) = match s.split_once('-') {
                    Some((a, b)) => (a.trim(), b.trim()),
                    None => (s.trim(), s.trim()),
                };
                let low: u64 = a.parse().map_err(|_| bad())?;
                let high: u64 = b.parse().map_err(|_| bad())?;
                if high < low {
                    return Err(
                        format!("`{s}` runs backwards: write the lower figure first").into(),
                    );
                }
                Ok(Figure { low, high })
            }
        }
    }
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Location {
    /// Place name.
    pub name: String,
    pub country: String,
    /// Latitude and longitude, when known.
    pub coords: Option<(f64, f64)>,
    /// How precise.
    pub precision: Option<LocationPrecision>,
}

/// One actor's part in an event.
#[derive(Debug, Clone)]
pub(crate) struct Participation {
    /// Actor id.
    pub actor: String,
    pub role: Role,
    /// Confidence, when given.
    pub confidence: Option<Confidence>,
    /// Who attributes it (actor id).
    pub by: Option<String>,
    /// Citations.
    pub sources: Vec<String>,
}

/// One source's casualty figures.
#[derive(Debug, Clone)]
pub(crate) struct Casualty {
    pub killed: Option<Figure>,
    pub injured: Option<Figure>,
    /// "At least".
    pub min_only: bool,
    pub who: String,
    /// Citations.
    pub sources: Vec<String>,
}

/// A claim about an event.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    /// Speaker (actor id).
    pub by: String,
    /// What the claim does.
    pub stance: Stance,
    pub text: String,
    /// Reporting chain (actor or source ids).
    pub via: Vec<String>,
    /// Citations.
    pub sources: Vec<String>,
    /// The editors' rating (an id of `[ratings]`).
    pub rating: Option<String>,
    /// Why the editors rate it so.
    pub rating_note: String,
}

/// One entry of a record's corrections and updates log.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// When the change was made.
    pub date: Date,
    /// What sort of change.
    pub kind: ChangeKind,
    /// What was changed and why.
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Stable id.
    pub id: String,
    pub title: String,
    /// Date with precision.
    pub date: Date,
    /// Last day of a multi-day event.
    pub date_end: Option<Date>,
    /// The date is approximate.
    pub circa: bool,
    /// Kind id.
    pub kind: String,
    /// Level on the ladder.
    pub escalation: Option<u8>,
    /// One line.
    pub summary: String,
    /// Where.
    pub location: Option<Location>,
    /// Earlier events answered.
    pub responds_to: Vec<String>,
    /// Record-level citations.
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    /// Actors by role.
    pub actors: Vec<Participation>,
    /// Casualty figures.
    pub casualties: Vec<Casualty>,
    pub claims: Vec<Claim>,
    /// Narrative.
    pub body: Doc,
    /// The corrections and updates log, as written.
    pub changes: Vec<Change>,
    /// Where it was written.
    pub origin: Origin,
}

/// A relation between two actors.
#[derive(Debug, Clone)]
pub(crate) struct Relation {
    /// The other actor.
    pub to: String,
    /// What the relation is.
    pub kind: RelationKind,
    /// Since.
    pub from: String,
    pub until: String,
    /// Citations.
    pub sources: Vec<String>,
}

/// An actor: group, person, state, coalition.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    pub kind: ActorKind,
    /// Spellings.
    pub aliases: Vec<String>,
    pub country: String,
    /// One line.
    pub summary: String,
    /// Citations.
    pub sources: Vec<String>,
    /// Outgoing relations.
    pub relations: Vec<Relation>,
    /// Prose.
    pub body: Doc,
    /// The corrections and updates log, as written.
    pub changes: Vec<Change>,
    /// Where it was written.
    pub origin: Origin,
}

/// A bibliography entry with the editor's note.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Citation key.
    pub id: String,
    pub title: String,
    /// Publisher.
    pub outlet: String,
    pub author: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Address.
    pub url: String,
    pub kind: SourceKind,
    /// Admiralty reliability A–F.
    pub reliability: Option<char>,
    /// Admiralty credibility 1–6.
    pub credibility: Option<u8>,
    /// Short note.
    pub notes: String,
    /// The original this republishes.
    pub republishes: Option<String>,
    /// Secondary reports relayed.
    pub relays: Vec<String>,
    /// Preserved copies, in record order.
    pub captures: Vec<crate::evidence::Capture>,
    /// The editor's note page (`content/sources/<id>.md`).
    pub body: Doc,
    /// The corrections and updates log, as written.
    pub changes: Vec<Change>,
    /// Where it was written.
    pub origin: Origin,
}

impl Source {
    /// The copy shown as the readable page `/sources/<id>/capture/`: the
    /// first text or HTML capture.
    pub(crate) fn readable(&self) -> Option<&crate::evidence::Capture> {
        self.captures.iter().find(|c| c.readable.is_some())
    }
}

/// A free page, or the home page (slug "").
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// URL slug.
    pub slug: String,
    pub title: String,
    /// One line.
    pub summary: String,
    /// A short title for the site's navigation (`link_title`), when the
    /// title is too long for it.
    pub link_title: Option<String>,
    /// Navigation order.
    pub weight: i64,
    /// Prose.
    pub body: Doc,
    /// The corrections and updates log, as written.
    pub changes: Vec<Change>,
    /// Where it was written.
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytecount_counts_across_its_runs() {
        for len in [0, 1, 254, 255, 256, 510, 511, 2000] {
            let all = vec![b'\n'; len];
            assert_eq!(bytecount(&all, b'\n'), len);
            let some: Vec<u8> = (0..len)
                .map(|i| if i % 7 == 0 { b'\n' } else { b'a' })
                .collect();
            assert_eq!(bytecount(&some, b'\n'), len.div_ceil(7));
            assert_eq!(bytecount(&some, b'b'), 0);
        }
    }

    #[test]
    fn ids_are_never_paths() {
        assert!(check_id("kataib-hezbollah").is_ok());
        assert!(check_id("2019-12-27-k1").is_ok());
        for bad in ["../etc", "a/b", "A", "", "a b", "a.b", "é"] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Rocket attack on K-1, Kirkuk!"),
            "rocket-attack-on-k-1-kirkuk"
        );
        assert_eq!(slugify("Kata'ib Hizb"), "kataib-hizb");
        assert_eq!(slugify("Café Irbil"), "cafe-irbil");
    }

    #[test]
    fn figures() {
        let f = Figure::from_record(&FigureRecord::Text("24-25".into())).unwrap();
        assert_eq!((f.low, f.high, f.display()), (24, 25, "24–25".to_string()));
        assert!(Figure::from_record(&FigureRecord::Text("25-24".into())).is_err());
        assert!(Figure::from_record(&FigureRecord::Text("many".into())).is_err());
        assert!(Figure::from_record(&FigureRecord::Number(-1)).is_err());
    }
}
