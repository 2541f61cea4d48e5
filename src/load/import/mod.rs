//! Other tools' exports: a CSV file of ACLED's or UCDP GED's columns under
//! `data/incidents/`, read through `[import."<file>"]` in dossier.toml, which
//! maps their columns onto dossier's fields (DESIGN §6.5).
//!
//! Their codes become dossier's vocabulary: ACLED's `time_precision` and
//! UCDP's `date_prec` a date as precise as the code says (a month stays a
//! month), `geo_precision` and `where_prec` a location precision, UCDP's
//! `low`/`best`/`high` two casualty figures. The actors and sources a row
//! names become records of their own unless the dossier has one of that id.

use super::{Raw, read_text, relative};
use crate::base::diagnostics::Problem;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config::{Config, Import, ImportPreset, ImportTarget};
use crate::model::{
    ActorKind, ActorRecord, CasualtyRecord, EventRecord, FigureRecord, LocationPrecision,
    LocationRecord, Origin, ParticipationRecord, SourceKind, SourceRecord, check_id, slugify,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A file reports at most this many row errors, then how many more.
const MAX_ERRORS: usize = 50;

/// What an imported file gives: its events, and the actors and sources its
/// rows name (to be added where the dossier has no record of the id).
#[derive(Clone, Default)]
pub(crate) struct Imported {
    pub incidents: Vec<(String, Raw<EventRecord>)>,
    pub actors: Vec<(String, Raw<ActorRecord>)>,
    pub sources: Vec<(String, Raw<SourceRecord>)>,
}

/// Reads `path` as `spec` says.
pub(crate) fn read(
    root: &Path,
    path: &Path,
    spec: &Import,
    config: &Config,
    max: u64,
) -> Result<Imported, Diagnostics> {
    let rel = relative(root, path);
    let text = read_text(root, path, max).map_err(|d| vec![d])?;
    parse(&rel, &text, spec, config)
}

/// A kind value no `[kinds]` entry declares: reported once, with its count.
struct UnknownKind {
    raw: String,
    column: String,
    at: (usize, usize),
    rows: usize,
}

/// Parses the text of an imported file (`rel` names it in messages).
pub(crate) fn parse(
    rel: &str,
    text: &str,
    spec: &Import,
    config: &Config,
) -> Result<Imported, Diagnostics> {
    let file: Arc<str> = rel.into();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![Diagnostic::error(rel, format!("cannot read the header row: {e}")).at((1, 1))]
        })?
        .clone();
    // Each column's meaning, by position; columns the mapping does not name
    // are not read (exports carry many), except dossier's own field names
    // when there is no preset.
    let targets: Vec<(String, Option<ImportTarget>)> = headers
        .iter()
        .map(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_string();
            let t = spec.columns.get(&h).copied().or_else(|| {
                (spec.preset == ImportPreset::None)
                    .then(|| ImportTarget::parse(&h))
                    .flatten()
                    .filter(|t| matches!(t, ImportTarget::Field(_)))
            });
            (h, t)
        })
        .collect();
    let has = |want: ImportTarget| targets.iter().any(|(_, t)| *t == Some(want));
    let mut header_errors = Vec::new();
    for (field, what) in [("id", "an id"), ("date", "a date")] {
        if !has(ImportTarget::Field(field)) {
            let expected: Vec<&str> = spec
                .columns
                .iter()
                .filter(|(_, t)| **t == ImportTarget::Field(field))
                .map(|(c, _)| c.as_str())
                .collect();
            let hint = if expected.is_empty() {
                format!(
                    "map the column that holds it in dossier.toml: [import.\"{}\"] columns = {{ their_column = \"{field}\" }}",
                    file_name(rel)
                )
            } else {
                format!(
                    "the preset `{}` reads it from the column `{}`; map the file's own column in dossier.toml: columns = {{ their_column = \"{field}\" }}",
                    spec.preset.name(),
                    expected.join("` or `")
                )
            };
            header_errors.push(
                Diagnostic::error(rel, format!("no column of the file gives each row {what}"))
                    .at((1, 1))
                    .hint(hint),
            );
        }
    }
    if !header_errors.is_empty() {
        return Err(header_errors.into());
    }

    let lines: Vec<&str> = text.lines().collect();
    let prefix = match spec.preset {
        ImportPreset::None => slugify(file_stem(rel)),
        p => p.name().to_string(),
    };
    let mut out = Imported::default();
    let mut actor_names: BTreeMap<String, (String, Origin)> = BTreeMap::new();
    let mut source_names: BTreeMap<String, (String, Origin)> = BTreeMap::new();
    let mut unknown_kinds: BTreeMap<String, UnknownKind> = BTreeMap::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut more_errors = (0usize, (0usize, 0usize));
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                push_capped(
                    &mut errors,
                    &mut more_errors,
                    Diagnostic::error(rel, format!("malformed row: {e}"))
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
                    .map_or(1, |i| crate::base::diagnostics::line_col(line_text, i).1),
            )
        };
        let origin = Origin {
            file: file.clone(),
            line,
            text: Some(line_text.into()),
            text_line: line,
            anchor: None,
            merged: None,
            reread: None,
        };
        let mut row_errors: Vec<Diagnostic> = Vec::new();
        let mut rec = EventRecord::default();
        let mut location = LocationRecord::default();
        let mut figures = Figures::default();
        let mut codes: Vec<(ImportTarget, &str, &str)> = Vec::new();
        let mut kind_raw: Option<(&str, &str)> = None;
        let mut actors = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for ((column, target), value) in targets.iter().zip(row.iter()) {
            let Some(target) = *target else { continue };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let mut bad = |what: &str| {
                row_errors.push(
                    Diagnostic::error(rel, format!("column `{column}`: `{value}` is not {what}"))
                        .at(at(value)),
                );
            };
            let list = || {
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            };
            match target {
                ImportTarget::Ignore => {}
                ImportTarget::Actor(role) => {
                    for name in list() {
                        let id = slugify(name);
                        if id.is_empty() {
                            continue;
                        }
                        actor_names
                            .entry(id.clone())
                            .or_insert_with(|| (name.to_string(), origin.clone()));
                        if !actors.iter().any(|p: &ParticipationRecord| p.actor == id) {
                            actors.push(ParticipationRecord {
                                actor: id,
                                role,
                                confidence: None,
                                by: None,
                                sources: Vec::new(),
                            });
                        }
                    }
                }
                ImportTarget::TimePrecision
                | ImportTarget::DatePrec
                | ImportTarget::GeoPrecision
                | ImportTarget::WherePrec => codes.push((target, column, value)),
                ImportTarget::KilledLow | ImportTarget::KilledHigh => match value.parse::<i64>() {
                    Ok(n) if target == ImportTarget::KilledLow => figures.low = Some(n),
                    Ok(n) => figures.high = Some(n),
                    Err(_) => bad("a whole number"),
                },
                ImportTarget::Field(field) => match field {
                    "id" => match imported_id(value, &prefix) {
                        Ok(id) => rec.id = Some(id),
                        Err(e) => row_errors.push(
                            Diagnostic::error(rel, format!("column `{column}`: {e}")).at(at(value)),
                        ),
                    },
                    "date" | "date_end" => match iso_date(value) {
                        Some(d) if field == "date" => rec.date = Some(d),
                        Some(d) => rec.date_end = Some(d),
                        None => bad("a date (write 2021-02-15, 15 February 2021 or 15-02-2021)"),
                    },
                    "kind" => kind_raw = Some((column, value)),
                    "actors" => {
                        for item in list() {
                            match super::csv::parse_csv_actor(item) {
                                Ok(p) => actors.push(p),
                                Err(e) => row_errors.push(
                                    Diagnostic::error(rel, format!("column `{column}`: {e}"))
                                        .at(at(item)),
                                ),
                            }
                        }
                    }
                    "tags" => rec.tags = Some(list().into_iter().map(slugify).collect()),
                    "sources" => {
                        for name in list() {
                            let id = source_id(name);
                            if id.is_empty() || sources.contains(&id) {
                                continue;
                            }
                            source_names
                                .entry(id.clone())
                                .or_insert_with(|| (name.to_string(), origin.clone()));
                            sources.push(id);
                        }
                    }
                    "killed" | "injured" => match value.parse::<i64>() {
                        Ok(n) if field == "killed" => figures.killed = Some(n),
                        Ok(n) => figures.injured = Some(n),
                        Err(_) => bad("a whole number"),
                    },
                    field => {
                        if let Err(what) =
                            super::csv::common_cell(field, value, &mut rec, &mut location)
                        {
                            bad(&what.0)
                        }
                    }
                },
            }
        }
        for (target, column, value) in codes {
            if let Err(what) = apply_code(target, value, &mut rec, &mut location) {
                row_errors.push(
                    Diagnostic::error(rel, format!("column `{column}`: `{value}` is not {what}"))
                        .at(at(value)),
                );
            }
        }
        let mut kind_label = None;
        if let Some((column, raw)) = kind_raw {
            let id = spec.kinds.get(raw).cloned().unwrap_or_else(|| slugify(raw));
            match config.kinds.iter().find(|k| k.id == id) {
                Some(k) => {
                    kind_label = Some(k.label.clone());
                    rec.kind = Some(id);
                }
                None => {
                    let u = unknown_kinds.entry(id).or_insert_with(|| UnknownKind {
                        raw: raw.to_string(),
                        column: column.to_string(),
                        at: at(raw),
                        rows: 0,
                    });
                    u.rows += 1;
                    kind_label = Some(raw.to_string());
                }
            }
        }
        if location != LocationRecord::default() {
            rec.location = Some(location);
        }
        if !sources.is_empty() {
            rec.sources = Some(sources);
        }
        if !actors.is_empty() {
            rec.actors = Some(actors);
        }
        rec.casualties = figures.records(rec.sources.as_deref().unwrap_or(&[]));
        let Some(id) = rec.id.clone() else {
            if row_errors.is_empty() {
                row_errors.push(Diagnostic::error(rel, "the row has no id").at((line, 1)));
            }
            for d in row_errors {
                push_capped(&mut errors, &mut more_errors, d);
            }
            continue;
        };
        if rec.title.is_none() {
            rec.title = Some(made_title(
                kind_label.as_deref(),
                rec.location.as_ref(),
                &id,
            ));
        }
        if !row_errors.is_empty() {
            for d in row_errors {
                push_capped(&mut errors, &mut more_errors, d);
            }
            continue;
        }
        out.incidents.push((
            id,
            Raw {
                rec,
                origin,
                body: None,
            },
        ));
    }
    for (id, u) in unknown_kinds {
        let rows = if u.rows == 1 {
            "1 row".to_string()
        } else {
            format!("{} rows", u.rows)
        };
        push_capped(
            &mut errors,
            &mut more_errors,
            Diagnostic::error(
                rel,
                format!(
                    "column `{}`: the kind `{}` ({rows}) is not declared under [kinds]",
                    u.column, u.raw
                ),
            )
            .at(u.at)
            .hint(format!(
                "declare it in dossier.toml: [kinds] {id} = {{ label = \"{}\" }}, or map it to a kind you have: [import.\"{}\"] kinds = {{ \"{}\" = \"your-kind\" }}",
                u.raw,
                file_name(rel),
                u.raw
            )),
        );
    }
    if more_errors.0 > 0 {
        errors.push(
            Diagnostic::error(
                rel,
                format!("… and {} more errors in this file, not shown", more_errors.0),
            )
            .at(more_errors.1)
            .hint("the first of them is here: correct the errors above and build again to see the rest"),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for (id, (name, origin)) in actor_names {
        let rec = ActorRecord {
            id: Some(id.clone()),
            name: Some(name),
            kind: Some(ActorKind::Other),
            ..ActorRecord::default()
        };
        out.actors.push((
            id,
            Raw {
                rec,
                origin,
                body: None,
            },
        ));
    }
    for (id, (name, origin)) in source_names {
        let rec = SourceRecord {
            id: Some(id.clone()),
            title: Some(name),
            kind: Some(SourceKind::Other),
            notes: Some(format!(
                "Named as a source in {rel}; the dossier has no record of its own for it."
            )),
            ..SourceRecord::default()
        };
        out.sources.push((
            id,
            Raw {
                rec,
                origin,
                body: None,
            },
        ));
    }
    Ok(out)
}

/// Keeps the first `MAX_ERRORS` errors; counts the others, and where the
/// first of them is.
fn push_capped(errors: &mut Vec<Diagnostic>, more: &mut (usize, (usize, usize)), d: Diagnostic) {
    if errors.len() < MAX_ERRORS {
        errors.push(d);
    } else {
        if more.0 == 0 {
            more.1 = (d.line, d.column);
        }
        more.0 += 1;
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn file_stem(rel: &str) -> &str {
    let name = file_name(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A row's casualty figures as read.
#[derive(Default)]
struct Figures {
    killed: Option<i64>,
    injured: Option<i64>,
    low: Option<i64>,
    high: Option<i64>,
}

impl Figures {
    /// The best estimate, then (when it differs) the low–high range, as
    /// two entries: the dossier's way of showing figures that differ.
    fn records(&self, sources: &[String]) -> Option<Vec<CasualtyRecord>> {
        let entry =
            |killed: Option<FigureRecord>, injured: Option<i64>, who: &str| CasualtyRecord {
                killed,
                injured: injured.map(FigureRecord::Number),
                min_only: false,
                who: who.to_string(),
                sources: sources.to_vec(),
            };
        let range = match (self.low, self.high) {
            (Some(lo), Some(hi)) if lo == hi => Some(FigureRecord::Number(lo)),
            (Some(lo), Some(hi)) => {
                Some(FigureRecord::Text(format!("{}-{}", lo.min(hi), hi.max(lo))))
            }
            (Some(n), None) | (None, Some(n)) => Some(FigureRecord::Number(n)),
            (None, None) => None,
        };
        let mut out = Vec::new();
        if self.killed.is_some() || self.injured.is_some() {
            let who = if range.is_some() { "best estimate" } else { "" };
            out.push(entry(
                self.killed.map(FigureRecord::Number),
                self.injured,
                who,
            ));
        }
        if let Some(range) = range
            && !matches!(range, FigureRecord::Number(n) if Some(n) == self.killed)
        {
            out.push(entry(Some(range), None, "low and high estimates"));
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Applies a precision code to the row's date or location.
fn apply_code(
    target: ImportTarget,
    value: &str,
    rec: &mut EventRecord,
    location: &mut LocationRecord,
) -> Result<(), &'static str> {
    let code: u8 = value.parse().map_err(|_| match target {
        ImportTarget::TimePrecision => "an ACLED time precision (1, 2 or 3)",
        ImportTarget::DatePrec => "a UCDP date precision (1 to 5)",
        ImportTarget::GeoPrecision => "an ACLED geo precision (1, 2 or 3)",
        _ => "a UCDP location precision (1 to 7)",
    })?;
    match (target, code) {
        // ACLED: 1 the day is known; 2 the week; 3 only the month.
        (ImportTarget::TimePrecision, 1) => {}
        (ImportTarget::TimePrecision, 2) => rec.circa = Some(true),
        (ImportTarget::TimePrecision, 3) => truncate_date(rec, 7),
        (ImportTarget::TimePrecision, _) => return Err("an ACLED time precision (1, 2 or 3)"),
        // UCDP: 1 the day; 2 a span of 2–6 days; 3 a week; 4 a month; 5 a
        // year. The span is date_start..date_end; a month or a year is
        // written as one when the span lies inside it.
        (ImportTarget::DatePrec, 1..=3) if rec.date_end == rec.date => rec.date_end = None,
        (ImportTarget::DatePrec, 1..=3) => {}
        (ImportTarget::DatePrec, 4 | 5) => {
            let keep = if code == 4 { 7 } else { 4 };
            let same = match (&rec.date, &rec.date_end) {
                (Some(a), Some(b)) => a.get(..keep) == b.get(..keep),
                _ => true,
            };
            if same {
                rec.date_end = None;
                truncate_date(rec, keep);
            } else {
                rec.circa = Some(true);
            }
        }
        (ImportTarget::DatePrec, _) => return Err("a UCDP date precision (1 to 5)"),
        (ImportTarget::GeoPrecision, 1) => location.precision = Some(LocationPrecision::Town),
        (ImportTarget::GeoPrecision, 2) => location.precision = Some(LocationPrecision::Near),
        (ImportTarget::GeoPrecision, 3) => location.precision = Some(LocationPrecision::Region),
        (ImportTarget::GeoPrecision, _) => return Err("an ACLED geo precision (1, 2 or 3)"),
        // UCDP: 1 the exact place; 2 within 25 km; 3 a second-order and 4 a
        // first-order administrative division; 5 a linear feature or a
        // vague area; 6 the country; 7 international waters or airspace.
        (ImportTarget::WherePrec, code) => {
            location.precision = Some(match code {
                1 => LocationPrecision::Site,
                2 => LocationPrecision::Near,
                3 => LocationPrecision::District,
                4 | 5 | 7 => LocationPrecision::Region,
                6 => LocationPrecision::Country,
                _ => return Err("a UCDP location precision (1 to 7)"),
            })
        }
        _ => {}
    }
    Ok(())
}

/// Cuts the row's date to its first `len` characters: `2019-12` or `2019`.
fn truncate_date(rec: &mut EventRecord, len: usize) {
    if let Some(d) = &mut rec.date
        && d.len() > len
    {
        d.truncate(len);
    }
}

/// An export's id as a dossier id: lowercase, and prefixed with the preset's
/// name when it is only digits (UCDP's ids are numbers).
fn imported_id(value: &str, prefix: &str) -> Result<String, Problem> {
    let mut id = slugify(value);
    if id.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty() {
        id = format!("{prefix}-{id}");
    }
    check_id(&id)?;
    Ok(id)
}

/// A source's name as an id: its slug, shortened with a hash of the whole
/// name when long (UCDP names whole articles).
fn source_id(name: &str) -> String {
    let slug = slugify(name);
    if slug.len() <= 60 {
        return slug;
    }
    let mut cut = slug[..48].to_string();
    while cut.ends_with('-') {
        cut.pop();
    }
    // FNV-1a: stable across builds and machines.
    let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    format!("{cut}-{:08x}", hash as u32)
}

/// A date as exports write it: `2021-02-15` (also with a time after it, as
/// UCDP does), `15 February 2021` (ACLED's export tool) or `15-02-2021`.
fn iso_date(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    // The first ten bytes are checked as bytes: a value that is not ASCII
    // there is no ISO date, and is never sliced inside a character.
    if b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    {
        let rest = &value[10..];
        if rest.is_empty() || rest.starts_with([' ', 'T']) {
            return Some(value[..10].to_string());
        }
        return None;
    }
    let parts: Vec<&str> = value
        .split([' ', '-', '/'])
        .filter(|s| !s.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if !digits(day) || day.len() > 2 || !digits(year) || year.len() != 4 {
        return None;
    }
    let month: u32 = if digits(month) {
        month.parse().ok()?
    } else {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let m = month.to_ascii_lowercase();
        1 + MONTHS.iter().position(|p| m.starts_with(p))? as u32
    };
    let day: u32 = day.parse().ok()?;
    (1..=12)
        .contains(&month)
        .then(|| format!("{year}-{month:02}-{day:02}"))
}

/// A title for a row that has none: "Battles in Kirkuk".
fn made_title(kind: Option<&str>, location: Option<&LocationRecord>, id: &str) -> String {
    let place = location.and_then(|l| l.name.as_deref().or(l.country.as_deref()));
    match (kind, place) {
        (Some(k), Some(p)) => format!("{k} in {p}"),
        (Some(k), None) => k.to_string(),
        (None, Some(p)) => format!("Event in {p}"),
        (None, None) => format!("Event {id}"),
    }
}

#[cfg(test)]
mod tests;
