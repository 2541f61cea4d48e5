//! TOML's syntax and schema errors turned into positioned diagnostics with
//! a hint.

use super::diagnostics::{Diagnostic, did_you_mean};
use super::position::line_col;

/// A TOML syntax or schema error, positioned in the file (`first_line` is the
/// line of the TOML text's first line in the file).
pub(crate) fn toml_diagnostic(
    file: &str,
    text: &str,
    err: &toml::de::Error,
    first_line: usize,
) -> Diagnostic {
    let (line, column) = err.span().map_or((0, 0), |s| line_col(text, s.start));
    let message = err.message().trim().to_string();
    let spanned = err.span().and_then(|s| text.get(s)).unwrap_or("");
    // A date written bare is a TOML date, which serde sees as a table.
    if message.contains("invalid type: map") && looks_like_toml_date(spanned) {
        let mut d = Diagnostic::error(
            file,
            format!("invalid TOML: the date {} is not in quotes", spanned.trim()),
        )
        .hint(format!(
            "write the date in quotes: \"{}\" (dossier's dates may be partial, like \"2019-12\", so they are text)",
            spanned.trim()
        ))
        .at((line + first_line - 1, column));
        d.length = spanned.trim_end().chars().count();
        return d;
    }
    // An inline table left open: the parser stumbles on the next line.
    if message.contains("inline table")
        && let Some(open) = unclosed_inline_table(text, err.span().map_or(0, |s| s.start))
    {
        let (l, c) = line_col(text, open);
        return Diagnostic::error(file, "invalid TOML: this `{` is never closed")
            .at((l + first_line - 1, c))
            .hint("end the inline table with `}` on the same line: an inline table is written on one line");
    }
    let mut d = Diagnostic::error(file, format!("invalid TOML: {message}"));
    if line > 0 {
        d = d.at((line + first_line - 1, column));
        d.length = err
            .span()
            .map_or(0, |s| text.get(s).map_or(0, |t| t.chars().count()));
    }
    if let Some(hint) = hint_for_serde_message(&message) {
        d = d.hint(hint);
    }
    d
}

/// True for TOML's bare dates and times (`2019-12-27`, `2019-12-27T10:00:00Z`).
fn looks_like_toml_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The offset of a `{` left open on the error's line (before the error) or
/// on the last line written before it: an inline table cannot go on to the
/// next line, so the parser stumbles there.
fn unclosed_inline_table(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at.min(text.len()))?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut lines = vec![(line_start, &before[line_start..])];
    let mut end = line_start.saturating_sub(1);
    if line_start > 0 {
        loop {
            let start = before[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = &before[start..end];
            if !line.trim().is_empty() {
                lines.push((start, line));
                break;
            }
            if start == 0 {
                break;
            }
            end = start - 1;
        }
    }
    for (start, line) in lines {
        let mut depth: i32 = 0;
        let mut last_open = None;
        let mut in_string = false;
        for (i, ch) in line.char_indices() {
            match ch {
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                '{' if !in_string => {
                    depth += 1;
                    last_open = Some(start + i);
                }
                '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return last_open;
        }
    }
    None
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a
/// "did you mean", and says what a variant list means.
pub(crate) fn hint_for_serde_message(message: &str) -> Option<String> {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let (wrong, expected) = names.split_first()?;
        return did_you_mean(wrong, expected.iter().map(String::as_str)).or_else(|| {
            Some(format!(
                "the fields allowed here are: {}",
                expected.join(", ")
            ))
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        let (wrong, expected) = names.split_first()?;
        return did_you_mean(wrong, expected.iter().map(String::as_str))
            .or_else(|| Some(format!("write one of: {}", expected.join(" | "))));
    }
    None
}
