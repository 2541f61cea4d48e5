//! Errors and warnings that carry where: file, line, column, and a hint.
//!
//! One error convention, in two forms:
//! - a function that can fail returns `Result<T, Diagnostics>`; a single
//!   [`Diagnostic`] converts with `?` or `.into()`, so stopping at the first
//!   problem costs nothing extra;
//! - a pass over many records (loading a folder, resolving references,
//!   the whole-dossier warnings) takes `&mut Diagnostics`, pushes every
//!   problem it finds and returns what it could make. It does not stop at
//!   the first mistake because one mistake gives one error at its place and
//!   an editor should see all their mistakes in one `dossier check`.
//!
//! No error is a bare `String`: it would lose the file, line and column the
//! editor needs. A check that knows no place (an id's syntax) returns a
//! [`Problem`], and its caller puts it at its place.

pub(crate) use super::position::line_col;

use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// A position in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Path relative to the dossier root.
    pub file: Arc<str>,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// Length of the span in characters (0: just the position).
    pub length: usize,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build (exit status 1).
    Error,
    /// Reported; the build goes on (exit 0 unless `--strict`).
    Warning,
}

/// One problem found in the dossier's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the dossier root (or as given, for the command line).
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// Length of the offending text in characters; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub length: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `file`, position unknown until [`Diagnostic::at`].
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            length: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `file`.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error at a place in a file.
    pub fn error_at(place: &Place, message: impl Into<String>) -> Self {
        let mut d = Diagnostic::error(&*place.file, message).at((place.line, place.column));
        d.length = place.length;
        d
    }

    /// A warning at a place in a file.
    pub fn warning_at(place: &Place, message: impl Into<String>) -> Self {
        let mut d = Diagnostic::warning(&*place.file, message).at((place.line, place.column));
        d.length = place.length;
        d
    }

    /// Sets the line and column.
    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds a hint on how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column` as far as it is known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (l, 0) => format!("{}:{}", self.file, l),
            (l, c) => format!("{}:{}:{}", self.file, l, c),
        }
    }
}

/// What is wrong with a value, before its caller knows where the value
/// stands: a check of a value's syntax (an id, a date, a path) returns it,
/// and the caller makes it a [`Diagnostic`] at its place with
/// [`Problem::at`] or reads the message. It is a type of its own, not a
/// `String`, so that a place can never be forgotten silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl Problem {
    /// An error in `file` with this message; the caller sets the position.
    pub fn at(self, file: impl Into<String>) -> Diagnostic {
        Diagnostic::error(file, self.0)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Problem {
    fn from(s: String) -> Self {
        Problem(s)
    }
}

impl From<Problem> for String {
    fn from(p: Problem) -> Self {
        p.0
    }
}

impl From<&str> for Problem {
    fn from(s: &str) -> Self {
        Problem(s.to_string())
    }
}

/// The diagnostics of one run, collected from every stage; also the error
/// of every function that can fail (see the module's documentation).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// What is kept of the warnings, for a report that draws only the
    /// first ones (see [`Diagnostics::drawing_warnings`]).
    limit: Option<Limit>,
}

/// The warnings a [`Diagnostics`] keeps when its report draws only the
/// first `shown`: those that can be among them, and a count of the others.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Limit {
    shown: usize,
    /// Warnings reported and no longer kept.
    dropped: usize,
    /// The number of diagnostics kept past which the warnings are thinned.
    thin_at: usize,
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::from(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items, limit: None }
    }
}

impl std::ops::Index<usize> for Diagnostics {
    type Output = Diagnostic;
    fn index(&self, i: usize) -> &Diagnostic {
        &self.items[i]
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, ds: I) {
        Diagnostics::extend(self, ds);
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(ds: I) -> Self {
        Diagnostics::from(ds.into_iter().collect::<Vec<_>>())
    }
}

impl Diagnostics {
    /// Diagnostics for a report that draws every error and only the first
    /// `shown` warnings ([`Diagnostics::render_human_limited`] with
    /// `shown`): the warnings that cannot be among those are counted, not
    /// kept (a large dossier can have a million). Its report and counts
    /// are those of keeping them all; [`Diagnostics::iter`] and the JSON
    /// report see only the warnings kept.
    pub fn drawing_warnings(shown: usize) -> Self {
        Diagnostics {
            items: Vec::new(),
            limit: Some(Limit {
                shown,
                dropped: 0,
                thin_at: shown.max(1024),
            }),
        }
    }

    /// Drops the warnings that cannot be drawn, if more are kept than
    /// allowed. The report sorts the diagnostics by severity, file and
    /// position, removes repeated ones, and draws the first warnings, so
    /// of the warnings sorted alike the first `shown + 1` distinct are
    /// kept (the one more tells the report that some are not drawn). A
    /// warning reported later sorts after the kept ones that it ties
    /// with, as in the report, so what is dropped here would never have
    /// been drawn.
    fn thin(&mut self) {
        let Some(limit) = &mut self.limit else {
            return;
        };
        if self.items.len() <= limit.thin_at {
            return;
        }
        let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            std::mem::take(&mut self.items)
                .into_iter()
                .partition(|d| d.severity == Severity::Error);
        let before = warnings.len();
        warnings.sort_by(order);
        warnings.dedup();
        warnings.truncate(limit.shown.saturating_add(1));
        limit.dropped += before - warnings.len();
        self.items = errors;
        self.items.append(&mut warnings);
        // Thinned again after as many more: about the same cost per warning.
        limit.thin_at = self.items.len() + limit.shown.max(1024);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many were reported, errors and warnings.
    pub fn len(&self) -> usize {
        self.items.len() + self.dropped()
    }

    /// Warnings reported and not kept.
    fn dropped(&self) -> usize {
        self.limit.as_ref().map_or(0, |l| l.dropped)
    }

    /// The one diagnostic a failed call reported (a test's check that one
    /// mistake gave one error).
    #[cfg(test)]
    pub(crate) fn single(self) -> Diagnostic {
        assert_eq!(self.items.len(), 1, "{:?}", self.items);
        self.items.into_iter().next().expect("one diagnostic")
    }

    /// In the order they were reported.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
        self.thin();
    }

    /// The last diagnostic added.
    #[cfg(test)]
    fn last_mut(&mut self) -> &mut Diagnostic {
        self.items.last_mut().expect("a diagnostic")
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        if self.limit.is_none() {
            self.items.extend(ds);
            return;
        }
        for d in ds {
            self.push(d);
        }
    }

    /// Adds every diagnostic of `other` (and counts those it dropped).
    pub fn absorb(&mut self, other: Diagnostics) {
        let dropped = other.dropped();
        self.extend(other.items);
        match &mut self.limit {
            Some(limit) => limit.dropped += dropped,
            // Kept all, counting only: as many as were reported.
            None if dropped > 0 => {
                self.limit = Some(Limit {
                    shown: usize::MAX,
                    dropped,
                    thin_at: usize::MAX,
                })
            }
            None => {}
        }
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings, those not kept included.
    pub fn warning_count(&self) -> usize {
        self.len() - self.error_count()
    }

    /// True when any error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorted and deduplicated: errors first, then by file and position;
    /// invisible characters in messages and hints shown escaped.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        self.sorted_refs().into_iter().map(shown).collect()
    }

    fn sorted_refs(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| order(a, b));
        v.dedup();
        v
    }

    /// Human-readable report, numbered, drawn by codespan-reporting with
    /// the offending span underlined. `read` gives a file's text by its
    /// dossier-relative path (None when it cannot be shown).
    pub fn render_human(&self, read: impl Fn(&str) -> Option<String>) -> String {
        self.render_human_limited(read, usize::MAX)
    }

    /// Like [`Diagnostics::render_human`], with at most `max_warnings`
    /// warnings drawn in full and a count of the rest (errors are always
    /// drawn in full).
    pub fn render_human_limited(
        &self,
        read: impl Fn(&str) -> Option<String>,
        max_warnings: usize,
    ) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::files::SimpleFiles;
        use codespan_reporting::term;

        let mut files = SimpleFiles::new();
        let mut ids: std::collections::HashMap<String, Option<(usize, String)>> =
            Default::default();
        let config = term::Config::default();
        let mut out = String::new();
        let mut warnings = 0;
        for (i, d) in self.sorted().iter().enumerate() {
            if d.severity == Severity::Warning {
                warnings += 1;
                if warnings > max_warnings {
                    let _ = writeln!(
                        out,
                        "… and {} more warnings: `dossier check` lists them all.\n",
                        self.warning_count() - max_warnings
                    );
                    break;
                }
            }
            let report = match d.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            }
            .with_code((i + 1).to_string());
            let source = if d.line > 0 {
                ids.entry(d.file.clone())
                    .or_insert_with(|| {
                        read(&d.file).map(|text| (files.add(d.file.clone(), text.clone()), text))
                    })
                    .as_ref()
                    .and_then(|(id, text)| Some((*id, span(text, d.line, d.column, d.length)?)))
            } else {
                None
            };
            let report = match source {
                Some((id, range)) => report
                    .with_message(&d.message)
                    .with_labels(vec![Label::primary(id, range)]),
                None => report.with_message(format!("{}: {}", d.location(), d.message)),
            };
            let report = match &d.hint {
                Some(h) => report.with_notes(vec![format!("hint: {h}")]),
                None => report,
            };
            match term::emit_into_string(&config, &files, &report) {
                Ok(text) => out.push_str(&text),
                Err(_) => {
                    let _ = writeln!(
                        out,
                        "{}[{}]: {}: {}",
                        label(d.severity),
                        i + 1,
                        d.location(),
                        d.message
                    );
                }
            }
        }
        out
    }

    /// Machine-readable report for editors' tools and CI.
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            errors: usize,
            warnings: usize,
            diagnostics: Vec<Diagnostic>,
            #[serde(skip)]
            _of: std::marker::PhantomData<&'a ()>,
        }
        let report = Report {
            schema_version: 1,
            errors: self.error_count(),
            warnings: self.warning_count(),
            diagnostics: self.sorted(),
            _of: std::marker::PhantomData,
        };
        serde_json::to_string_pretty(&report).expect("diagnostics serialise") + "\n"
    }
}

/// The order of a report: errors first, then by file, position and
/// message (a stable sort keeps the order reported among the same).
fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.severity, &a.file, a.line, a.column, &a.message)
        .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
}

/// `d` with the invisible characters of its message and hint escaped.
fn shown(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        message: escape_invisible(&d.message),
        hint: d.hint.as_deref().map(escape_invisible),
        ..d.clone()
    }
}

/// True for a character that takes no room on screen: zero-width spaces
/// and joiners, direction marks and overrides, the byte-order mark, the
/// soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}')
}

/// `text` with its invisible characters written `\u{200b}`, so that an
/// editor sees why `kataib\u{200b}-hezbollah` is not `kataib-hezbollah`.
pub(crate) fn escape_invisible(text: &str) -> String {
    if !text.chars().any(is_invisible) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The longest line (in bytes) drawn under a diagnostic: a longer one (a
/// CSV header of thousands of columns, a minified file) is named by its
/// place only.
const MAX_SHOWN_LINE: usize = 2000;

/// The byte range of `length` characters (at least one) from a 1-based line
/// and column, kept within the line; `None` when the line does not exist.
fn span(text: &str, line: usize, column: usize, length: usize) -> Option<std::ops::Range<usize>> {
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text.split_inclusive('\n').nth(line - 1)?;
    let line_text = line_text.trim_end_matches(['\n', '\r']);
    if line_text.len() > MAX_SHOWN_LINE {
        return None;
    }
    let char_start = column.saturating_sub(1);
    let offset = |chars: usize| {
        line_text
            .char_indices()
            .nth(chars)
            .map_or(line_text.len(), |(i, _)| i)
    };
    let start = offset(char_start);
    let end = offset(char_start + length.max(1)).max(start);
    Some(start_of_line + start..start_of_line + end)
}

/// "Did you mean" for a misspelt name among `candidates`.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(wrong, c);
        let limit = (wrong.len().max(c.len()) / 3).max(2);
        if d <= limit && best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\ncdé\nfg";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 9), (3, 2));
    }

    #[test]
    fn reports_underline_the_span_and_number_every_problem() {
        let mut ds = Diagnostics::default();
        ds.push(
            Diagnostic::error("a.md", "unknown source `nbc`")
                .at((2, 7))
                .hint("did you mean `nbc-1`?"),
        );
        ds.last_mut().length = 6;
        ds.push(Diagnostic::warning("b.md", "no source"));
        let text =
            ds.render_human(|f| (f == "a.md").then(|| "+++\nSee [@nbc] here.\n".to_string()));
        assert!(text.contains("error[1]: unknown source `nbc`"), "{text}");
        assert!(text.contains("a.md:2:7"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("hint: did you mean `nbc-1`?"), "{text}");
        assert!(text.contains("warning[2]: b.md: no source"), "{text}");
    }

    #[test]
    fn suggests_close_names() {
        let c = ["kataib-hezbollah", "iran", "united-states"];
        assert_eq!(
            did_you_mean("kataib-hizbollah", c).as_deref(),
            Some("did you mean `kataib-hezbollah`?")
        );
        assert_eq!(did_you_mean("zzzzzz", c), None);
    }

    /// A report that draws only the first warnings is the same whether
    /// the diagnostics kept every warning or only those it can draw, in
    /// any order reported, with repeats, ties and errors among them.
    #[test]
    fn drawing_warnings_keeps_only_those_drawn_and_reports_the_same() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let reported: Vec<Diagnostic> = (0..6000)
            .map(|_| {
                let file = format!("f{}.md", next(7));
                let d = if next(50) == 0 {
                    Diagnostic::error(file, format!("e{}", next(5)))
                } else {
                    Diagnostic::warning(file, format!("w{}", next(4)))
                };
                // Lines 0–40: many ties; hints tell some tied ones apart.
                let d = d.at((next(41), next(3)));
                match next(3) {
                    0 => d.hint(format!("h{}", next(2))),
                    _ => d,
                }
            })
            .collect();
        let read = |_: &str| Some("a line\n".repeat(50));
        for shown in [0, 1, 7, 50] {
            let mut all = Diagnostics::default();
            let mut drawn = Diagnostics::drawing_warnings(shown);
            for (i, d) in reported.iter().enumerate() {
                all.push(d.clone());
                if i % 3 == 0 {
                    drawn.push(d.clone());
                } else {
                    // Passes collect theirs and hand them over.
                    drawn.absorb(Diagnostics::from(d.clone()));
                }
            }
            assert_eq!(drawn.warning_count(), all.warning_count(), "{shown}");
            assert_eq!(drawn.error_count(), all.error_count(), "{shown}");
            assert_eq!(drawn.len(), all.len());
            assert_eq!(
                drawn.render_human_limited(read, shown),
                all.render_human_limited(read, shown),
                "{shown}"
            );
            let kept = drawn.iter().count();
            assert!(
                kept <= drawn.error_count() + shown + 1 + 1024,
                "{shown}: {kept} kept"
            );
        }
        let mut few = Diagnostics::drawing_warnings(50);
        few.extend(reported.iter().take(20).cloned());
        assert_eq!(few.iter().count(), 20);
        assert!(!few.render_human_limited(read, 50).contains("more warnings"));
    }
}
