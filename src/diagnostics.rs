//! Errors and warnings that carry where: file, line, column, and a hint.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one `dossier check` shows an editor everything to fix.

use serde::Serialize;
use std::fmt::Write as _;

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
    pub fn error_at(place: &crate::model::Place, message: impl Into<String>) -> Self {
        Diagnostic::error(&*place.file, message).at((place.line, place.column))
    }

    /// A warning at a place in a file.
    pub fn warning_at(place: &crate::model::Place, message: impl Into<String>) -> Self {
        Diagnostic::warning(&*place.file, message).at((place.line, place.column))
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

/// The diagnostics of one run, collected from every stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when any error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorted and deduplicated: errors first, then by file and position.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        v.dedup();
        v
    }

    /// Human-readable report, numbered, with the offending source line shown
    /// when `source_line` can provide it.
    pub fn render_human(&self, source_line: impl Fn(&str, usize) -> Option<String>) -> String {
        let mut out = String::new();
        for (i, d) in self.sorted().iter().enumerate() {
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "{label}[{}]: {}: {}", i + 1, d.location(), d.message);
            if d.line > 0
                && let Some(text) = source_line(&d.file, d.line)
            {
                let gutter = d.line.to_string();
                let _ = writeln!(out, "  {gutter} | {text}");
                if d.column > 0 {
                    let pad = " ".repeat(gutter.len());
                    let lead: String = text
                        .chars()
                        .take(d.column - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "  {pad} | {lead}^");
                }
            }
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "  = hint: {h}");
            }
        }
        out
    }

    /// Machine-readable report for editors' tools and CI.
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Report {
            schema_version: u32,
            errors: usize,
            warnings: usize,
            diagnostics: Vec<Diagnostic>,
        }
        let report = Report {
            schema_version: 1,
            errors: self.error_count(),
            warnings: self.warning_count(),
            diagnostics: self.sorted(),
        };
        serde_json::to_string_pretty(&report).expect("diagnostics serialise") + "\n"
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// "Did you mean" for a misspelt name among `candidates`.
pub fn did_you_mean<'a>(
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
    fn suggests_close_names() {
        let c = ["kataib-hezbollah", "iran", "united-states"];
        assert_eq!(
            did_you_mean("kataib-hizbollah", c).as_deref(),
            Some("did you mean `kataib-hezbollah`?")
        );
        assert_eq!(did_you_mean("zzzzzz", c), None);
    }
}
