//! `[import."<file>"]`: how a CSV export of another tool (ACLED, UCDP or
//! any) becomes events: its preset, its columns, its values.

use super::{CONFIG_FILE, ImportFile};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::slug::check_id;
use std::collections::BTreeMap;
use std::path::Path;

/// `[import."<file>"] preset`: whose export a CSV file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImportPreset {
    /// ACLED's export columns.
    Acled,
    /// UCDP's Georeferenced Event Dataset columns.
    UcdpGed,
    /// No preset: `columns` says everything.
    None,
}

impl ImportPreset {
    /// The name written in dossier.toml, also the prefix of all-digit ids.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ImportPreset::Acled => "acled",
            ImportPreset::UcdpGed => "ucdp-ged",
            ImportPreset::None => "none",
        }
    }

    /// Their column → what it means, before the file's own overrides.
    pub(crate) fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            // ACLED's codebook: actor1 and actor2 "do not imply
            // directionality", so both are parties, not perpetrator and target.
            ImportPreset::Acled => &[
                ("event_id_cnty", "id"),
                ("event_date", "date"),
                ("time_precision", "time_precision"),
                ("event_type", "kind"),
                ("actor1", "actor:other"),
                ("assoc_actor_1", "actor:other"),
                ("actor2", "actor:other"),
                ("assoc_actor_2", "actor:other"),
                ("country", "country"),
                ("location", "location_name"),
                ("latitude", "lat"),
                ("longitude", "lon"),
                ("geo_precision", "geo_precision"),
                ("source", "sources"),
                ("notes", "summary"),
                ("fatalities", "killed"),
            ],
            ImportPreset::UcdpGed => &[
                ("id", "id"),
                ("date_start", "date"),
                ("date_end", "date_end"),
                ("date_prec", "date_prec"),
                ("type_of_violence", "kind"),
                ("side_a", "actor:other"),
                ("side_b", "actor:other"),
                ("country", "country"),
                ("where_coordinates", "location_name"),
                ("latitude", "lat"),
                ("longitude", "lon"),
                ("where_prec", "where_prec"),
                ("best", "killed"),
                ("low", "killed_low"),
                ("high", "killed_high"),
                ("source_article", "sources"),
            ],
            ImportPreset::None => &[],
        }
    }

    /// Their kind value → a kind id, before the file's own `kinds`.
    pub(crate) fn kinds(self) -> &'static [(&'static str, &'static str)] {
        match self {
            // UCDP's type_of_violence codes.
            ImportPreset::UcdpGed => &[
                ("1", "state-based-violence"),
                ("2", "non-state-violence"),
                ("3", "one-sided-violence"),
            ],
            _ => &[],
        }
    }
}

/// What an imported column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ImportTarget {
    /// A column of dossier's own CSV format (`CSV_COLUMNS`), written as dossier writes it.
    Field(&'static str),
    /// One actor's name (or several separated by `;`), in this role.
    Actor(crate::model::Role),
    /// ACLED's `time_precision` code: 1 day, 2 week, 3 month.
    TimePrecision,
    /// UCDP's `date_prec` code: 1 day, 2–3 days to a week, 4 month, 5 year.
    DatePrec,
    /// ACLED's `geo_precision` code: 1 town, 2 near a town, 3 region.
    GeoPrecision,
    /// UCDP's `where_prec` code: 1 site … 6 country, 7 waters.
    WherePrec,
    /// The low estimate of the killed.
    KilledLow,
    /// The high estimate of the killed.
    KilledHigh,
    /// Not read.
    Ignore,
}

/// What an imported column can be mapped to besides the columns of
/// dossier's own CSV format ([`crate::model::CSV_COLUMNS`]).
const IMPORT_ONLY: &[&str] = &[
    "time_precision",
    "date_prec",
    "geo_precision",
    "where_prec",
    "killed_low",
    "killed_high",
    "ignore",
];

/// Every field name `columns` accepts (besides `actor:<role>`).
fn import_fields() -> impl Iterator<Item = &'static str> {
    crate::model::CSV_COLUMNS.iter().chain(IMPORT_ONLY).copied()
}

impl ImportTarget {
    /// Parses a field name of `columns`: a dossier field, `actor:<role>`,
    /// a precision code or `ignore`.
    pub(crate) fn parse(s: &str) -> Option<ImportTarget> {
        if let Some(role) = s.strip_prefix("actor:") {
            return crate::model::Role::parse(role).map(ImportTarget::Actor);
        }
        Some(match s {
            "time_precision" => ImportTarget::TimePrecision,
            "date_prec" => ImportTarget::DatePrec,
            "geo_precision" => ImportTarget::GeoPrecision,
            "where_prec" => ImportTarget::WherePrec,
            "killed_low" => ImportTarget::KilledLow,
            "killed_high" => ImportTarget::KilledHigh,
            "ignore" => ImportTarget::Ignore,
            _ => ImportTarget::Field(
                crate::model::CSV_COLUMNS
                    .iter()
                    .copied()
                    .find(|f| *f == s)?,
            ),
        })
    }

    /// Whether one row holds at most one column of this meaning.
    fn single(self) -> bool {
        !matches!(
            self,
            ImportTarget::Actor(_)
                | ImportTarget::Ignore
                | ImportTarget::Field("actors" | "sources" | "tags" | "responds_to")
        )
    }
}

/// `[import."<file>"]`: how a CSV export of another tool becomes events.
#[derive(Debug, Clone)]
pub(crate) struct Import {
    /// Whose export it is.
    pub preset: ImportPreset,
    /// Their column → what it holds: the preset's, then the file's own.
    pub columns: BTreeMap<String, ImportTarget>,
    /// Their kind value → a kind id of `[kinds]`.
    pub kinds: BTreeMap<String, String>,
}

pub(super) fn import_config(
    root: &Path,
    files: BTreeMap<String, ImportFile>,
    at: &dyn Fn(&str) -> (usize, usize),
    diags: &mut Diagnostics,
) -> BTreeMap<String, Import> {
    let mut imports = BTreeMap::new();
    for (name, f) in files {
        let bad_name = name.contains(['/', '\\']) || name.starts_with('.');
        if bad_name || !name.ends_with(".csv") {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("[import.\"{name}\"]: imports read a CSV file of data/incidents/"),
                )
                .at(at(&name))
                .hint("write the file's name alone, e.g. [import.\"acled-2021.csv\"]"),
            );
            continue;
        }
        if !root.join("data").join("incidents").join(&name).is_file() {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("[import.\"{name}\"]: there is no file data/incidents/{name}"),
                )
                .at(at(&name))
                .hint(
                    "put the export in data/incidents/ under this name, or correct the name here",
                ),
            );
            continue;
        }
        let preset = match f.preset.as_deref() {
            None | Some("none") => ImportPreset::None,
            Some("acled") => ImportPreset::Acled,
            Some("ucdp-ged") => ImportPreset::UcdpGed,
            Some(other) => {
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("[import.\"{name}\"]: unknown preset `{other}`"),
                    )
                    .at(at(&format!("\"{other}\"")))
                    .hint("the presets are: acled | ucdp-ged | none"),
                );
                continue;
            }
        };
        let mut columns: BTreeMap<String, ImportTarget> = preset
            .columns()
            .iter()
            .map(|(c, t)| (c.to_string(), ImportTarget::parse(t).expect("preset field")))
            .collect();
        let mut ok = true;
        for (column, field) in &f.columns {
            match ImportTarget::parse(field) {
                Some(t) => {
                    columns.insert(column.clone(), t);
                }
                None => {
                    ok = false;
                    let hint = crate::base::diagnostics::did_you_mean(field, import_fields())
                        .unwrap_or_else(|| {
                            format!(
                                "map a column to one of: {}, or actor:<role>",
                                import_fields().collect::<Vec<_>>().join(", ")
                            )
                        });
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!("[import.\"{name}\"] columns: `{column}` is mapped to `{field}`, which is not a dossier field"),
                        )
                        .at(at(&format!("\"{field}\"")))
                        .hint(hint),
                    );
                }
            }
        }
        let mut seen: BTreeMap<ImportTarget, &str> = BTreeMap::new();
        for (column, target) in &columns {
            if !target.single() {
                continue;
            }
            if let Some(first) = seen.insert(*target, column) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!(
                            "[import.\"{name}\"]: the columns `{first}` and `{column}` both give the same field"
                        ),
                    )
                    .at(at(&name))
                    .hint(format!(
                        "a row has one value for it: map one of them to \"ignore\", e.g. columns = {{ {first} = \"ignore\" }}"
                    )),
                );
            }
        }
        for (value, kind) in &f.kinds {
            if let Err(e) = check_id(kind) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("[import.\"{name}\"] kinds: `{value}` → {e}"),
                    )
                    .at(at(&format!("\"{kind}\""))),
                );
            }
        }
        let mut kinds: BTreeMap<String, String> = preset
            .kinds()
            .iter()
            .map(|(v, k)| (v.to_string(), k.to_string()))
            .collect();
        kinds.extend(f.kinds);
        if ok {
            imports.insert(
                name,
                Import {
                    preset,
                    columns,
                    kinds,
                },
            );
        }
    }
    imports
}
