//! CSV incident files (`data/incidents.csv`): dossier's own columns, and the
//! cells imports share with them.

use super::{Raw, Records, read_text, relative};
use crate::base::diagnostics::Problem;
use crate::base::diagnostics::{Diagnostic, Diagnostics, did_you_mean, line_col};
use crate::model::{
    CSV_COLUMNS, CasualtyRecord, Confidence, EventRecord, FigureRecord, LocationPrecision,
    LocationRecord, Origin, ParticipationRecord, Role,
};
use std::path::Path;
use std::sync::Arc;

/// The most columns a CSV incident file's header may have: far more than
/// the known ones, so only a broken or foreign file is refused.
const MAX_CSV_COLUMNS: usize = 256;

/// How many unknown columns the error about them names.
const UNKNOWN_COLUMNS_SHOWN: usize = 5;

pub(super) fn read_csv(root: &Path, path: &Path, max: u64) -> Records<EventRecord> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    parse_csv(&rel, &text)
}

/// Parses a CSV incident file's text (`rel` names it in errors): the
/// records by id, or every error found.
pub fn parse_csv_incidents(
    rel: &str,
    text: &str,
) -> Result<Vec<(String, EventRecord)>, Diagnostics> {
    parse_csv(rel, text).map(|v| v.into_iter().map(|(id, raw)| (id, raw.rec)).collect())
}

fn parse_csv(rel: &str, text: &str) -> Records<EventRecord> {
    let rel = rel.to_string();
    let file_arc: Arc<str> = rel.as_str().into();
    if let Some(at) = unclosed_quote(text) {
        return Err(vec![
            Diagnostic::error(&rel, "this quote is never closed")
                .at(line_col(text, at))
                .hint(
                    "end the quoted field with `\"`; write a quote inside a quoted field as `\"\"`",
                ),
        ]
        .into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![Diagnostic::error(&rel, format!("cannot read the header row: {e}")).at((1, 1))]
        })?
        .clone();
    let mut errors = Vec::new();
    if headers.len() > MAX_CSV_COLUMNS {
        return Err(vec![
            Diagnostic::error(
                &rel,
                format!(
                    "the header row has {} columns; an incident file has at most {MAX_CSV_COLUMNS}",
                    headers.len()
                ),
            )
            .at((1, 1))
            .hint(format!("the columns are: {}", CSV_COLUMNS.join(", "))),
        ]
        .into());
    }
    let columns: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    // The unknown columns with the column (in characters) each starts at,
    // counted in one pass over the header.
    let mut unknown: Vec<(&str, usize)> = Vec::new();
    let mut col = 1;
    for (c, h) in columns.iter().zip(headers.iter()) {
        if !CSV_COLUMNS.contains(&c.as_str()) {
            unknown.push((c, col));
        }
        col += h.chars().count() + 1;
    }
    if let Some(&(first, col)) = unknown.first() {
        let hint = did_you_mean(first, CSV_COLUMNS.iter().copied())
            .unwrap_or_else(|| format!("the columns are: {}", CSV_COLUMNS.join(", ")));
        let message = if unknown.len() == 1 {
            format!("unknown column `{first}`")
        } else {
            let shown: Vec<String> = unknown
                .iter()
                .take(UNKNOWN_COLUMNS_SHOWN)
                .map(|(c, _)| format!("`{c}`"))
                .collect();
            let more = unknown.len().saturating_sub(UNKNOWN_COLUMNS_SHOWN);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{} unknown columns: {}{more}",
                unknown.len(),
                shown.join(", ")
            )
        };
        errors.push(Diagnostic::error(&rel, message).at((1, col)).hint(hint));
    }
    if !columns.iter().any(|c| c == "id") {
        errors.push(Diagnostic::error(&rel, "the header row has no `id` column").at((1, 1)));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(
                    Diagnostic::error(&rel, format!("malformed row: {e}"))
                        .at((line, 1))
                        .hint("every row needs as many fields as the header; quote fields that contain commas"),
                );
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let line_text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let at = |value: &str| {
            (
                line,
                line_text
                    .find(value)
                    .map_or(1, |i| line_col(line_text, i).1),
            )
        };
        let mut rec = EventRecord::default();
        let mut row_errors = Vec::new();
        let mut casualty = CasualtyRecord {
            killed: None,
            injured: None,
            min_only: false,
            who: String::new(),
            sources: Vec::new(),
        };
        let mut location = LocationRecord::default();
        for (column, value) in columns.iter().zip(row.iter()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let list = || {
                value
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            };
            let mut bad = |what: &str| {
                row_errors.push(
                    Diagnostic::error(&rel, format!("column `{column}`: `{value}` is not {what}"))
                        .at(at(value)),
                );
            };
            match column.as_str() {
                "id" => rec.id = Some(value.into()),
                "date" => rec.date = Some(value.into()),
                "date_end" => rec.date_end = Some(value.into()),
                "kind" => rec.kind = Some(value.into()),
                "actors" => {
                    let mut parts = Vec::new();
                    for item in list() {
                        match parse_csv_actor(&item) {
                            Ok(p) => parts.push(p),
                            Err(e) => row_errors.push(
                                Diagnostic::error(&rel, format!("column `actors`: {e}"))
                                    .at(at(&item)),
                            ),
                        }
                    }
                    rec.actors = Some(parts);
                }
                "sources" => rec.sources = Some(list()),
                "tags" => rec.tags = Some(list()),
                "killed" | "injured" => {
                    let fig = match value.parse::<i64>() {
                        Ok(n) => FigureRecord::Number(n),
                        Err(_) => FigureRecord::Text(value.to_string()),
                    };
                    if column == "killed" {
                        casualty.killed = Some(fig);
                    } else {
                        casualty.injured = Some(fig);
                    }
                }
                field => {
                    if let Err(what) = common_cell(field, value, &mut rec, &mut location) {
                        bad(&what.0)
                    }
                }
            }
        }
        if location != LocationRecord::default() {
            rec.location = Some(location);
        }
        if casualty.killed.is_some() || casualty.injured.is_some() {
            casualty.sources = rec.sources.clone().unwrap_or_default();
            rec.casualties = Some(vec![casualty]);
        }
        let Some(id) = rec.id.clone() else {
            row_errors.push(Diagnostic::error(&rel, "the row has no id").at((line, 1)));
            errors.extend(row_errors);
            continue;
        };
        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        let origin = Origin {
            file: file_arc.clone(),
            line,
            text: Some(line_text.into()),
            text_line: line,
            anchor: None,
            merged: None,
            reread: None,
        };
        out.push((
            id,
            Raw {
                rec,
                origin,
                body: None,
            },
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into())
    }
}

/// The byte offset of a quote that opens a field and is never closed (the
/// CSV reader would take the rest of the file into that field).
fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Some(open),
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
                field_start = false;
            }
            b',' | b'\n' | b'\r' => field_start = true,
            _ => field_start = false,
        }
        i += 1;
    }
    None
}

/// Reads a CSV cell of a field that dossier's own CSV files and imported
/// exports write alike (title, circa, escalation, summary, the location,
/// responds_to); other fields are left to the caller. `Err` says what the
/// value should be.
pub(super) fn common_cell(
    field: &str,
    value: &str,
    rec: &mut EventRecord,
    location: &mut LocationRecord,
) -> Result<(), Problem> {
    let number = |v: &str| v.parse::<f64>().ok().filter(|n| n.is_finite());
    match field {
        "title" => rec.title = Some(value.into()),
        "circa" => match value {
            "true" | "yes" | "1" => rec.circa = Some(true),
            "false" | "no" | "0" => rec.circa = Some(false),
            _ => return Err("true or false".into()),
        },
        "escalation" => rec.escalation = Some(value.parse().map_err(|_| "a whole number")?),
        "summary" => rec.summary = Some(value.into()),
        "location_name" => location.name = Some(value.into()),
        "country" => location.country = Some(value.into()),
        "lat" => location.lat = Some(number(value).ok_or("a number")?),
        "lon" => location.lon = Some(number(value).ok_or("a number")?),
        "precision" => {
            location.precision = Some(LocationPrecision::parse(value).ok_or_else(|| {
                format!("a location precision ({})", LocationPrecision::expected())
            })?)
        }
        "responds_to" => {
            rec.responds_to = Some(
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            )
        }
        _ => {}
    }
    Ok(())
}

/// `actor:role[:confidence]`.
pub(super) fn parse_csv_actor(item: &str) -> Result<ParticipationRecord, Problem> {
    let parts: Vec<&str> = item.split(':').map(str::trim).collect();
    if parts.len() < 2 || parts.len() > 3 {
        return Err(
            format!("`{item}` is not written `actor:role` or `actor:role:confidence`").into(),
        );
    }
    let role = Role::parse(parts[1])
        .ok_or_else(|| format!("`{}` is not a role ({})", parts[1], Role::expected()))?;
    let confidence = match parts.get(2) {
        Some(c) => Some(
            Confidence::parse(c)
                .ok_or_else(|| format!("`{c}` is not a confidence ({})", Confidence::expected()))?,
        ),
        None => None,
    };
    Ok(ParticipationRecord {
        actor: parts[0].to_string(),
        role,
        confidence,
        by: None,
        sources: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_csv_actor;
    use crate::model::{Confidence, Role};

    #[test]
    fn csv_actor_cells() {
        let p = parse_csv_actor("kataib-hezbollah:perpetrator:alleged").unwrap();
        assert_eq!(
            (p.role, p.confidence),
            (Role::Perpetrator, Some(Confidence::Alleged))
        );
        assert!(parse_csv_actor("kh").is_err());
        assert!(
            parse_csv_actor("kh:villain")
                .unwrap_err()
                .0
                .contains("not a role")
        );
    }
}
