//! `dossier new event|actor|source|page TITLE`: a record with a valid
//! skeleton and an id made from the title, never over an existing one.

use super::print_human;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::config::{self, Config};
use crate::model::{
    ActorKind, Confidence, Date, RelationKind, Role, SourceKind, check_id, slugify,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// content/events/<date>-<slug>.md
    Event,
    /// content/actors/<slug>.md
    Actor,
    /// A [[source]] table appended to data/sources.toml.
    Source,
    /// content/pages/<slug>.md
    Page,
}

/// Creates the record; the process exit status.
pub fn run(root: &Path, what: What, title: &str, date: Option<&str>) -> i32 {
    let mut diags = Diagnostics::default();
    let result = config::load(root, &mut diags)
        .ok_or(())
        .and_then(|config| create(root, &config, what, title, date).map_err(|d| diags.absorb(d)));
    match result {
        Ok(path) => {
            println!("{}", path.display());
            0
        }
        Err(()) => {
            print_human(root, &diags, usize::MAX);
            1
        }
    }
}

fn create(
    root: &Path,
    config: &Config,
    what: What,
    title: &str,
    date: Option<&str>,
) -> Result<PathBuf, Diagnostics> {
    let title = title.trim();
    let slug = slugify(title);
    let arg = |msg: String| Diagnostic::error("TITLE", msg);
    if slug.is_empty() {
        return Err(arg(format!("`{title}` gives no id"))
            .hint("write a title with letters or digits, e.g. \"Rocket attack on K-1\"")
            .into());
    }
    let date = match date {
        Some(d) => Date::parse(d).map_err(|e| Diagnostic::error("--date", e))?,
        None => Date::parse(&today()).expect("today is a date"),
    };
    let quoted = toml_string(title);
    let (rel, text) = match what {
        What::Event => {
            let id = format!("{}-{slug}", date.short());
            (
                format!("content/events/{id}.md"),
                event(config, &quoted, &date),
            )
        }
        What::Actor => (format!("content/actors/{slug}.md"), actor(&quoted)),
        What::Page => {
            if crate::load::RESERVED_SLUGS.contains(&slug.as_str()) {
                return Err(arg(format!(
                    "`{slug}` is a section of the site, not a free page"
                ))
                .hint("choose another title for the page")
                .into());
            }
            (format!("content/pages/{slug}.md"), page(&quoted))
        }
        What::Source => return append_source(root, &slug, &quoted, &date),
    };
    let id = Path::new(&rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    check_id(&id).map_err(|e| arg(e.0))?;
    let path = root.join(&rel);
    write_new(&path, &rel, &text)?;
    Ok(path)
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, rel: &str, text: &str) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| Diagnostic::error(rel, format!("cannot write: {e}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(rel, "the file already exists; nothing was written")
                    .hint("edit it, or choose another title")
            } else {
                fail(e)
            }
        })?;
    Ok(file.write_all(text.as_bytes()).map_err(fail)?)
}

fn event(config: &Config, title: &str, date: &Date) -> String {
    let kinds: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
    let kind = match kinds.first() {
        Some(k) => format!("kind = \"{k}\"  # one of: {}", kinds.join(" | ")),
        None => "# kind = \"\"  # declare kinds under [kinds] in dossier.toml".into(),
    };
    let (lo, hi) = config.ladder_range;
    format!(
        r#"+++
title = {title}
date = "{date}"  # "2019-12-27", "2019-12", "2019" or an RFC 3339 time
{kind}
# escalation = {lo}  # {lo} to {hi}, the ladder under [escalation] in dossier.toml
summary = ""
# location = {{ name = "", country = "", lat = 0.0, lon = 0.0, precision = "town" }}
# responds_to = ["an-earlier-event-id"]
sources = []  # ids of data/sources.toml: an event with no source gets a warning
tags = []

# [[actors]]
# actor = "actor-id"
# role = "perpetrator"  # {roles}
# confidence = "alleged"  # {confidences}
# sources = []

# [[casualties]]  # one entry per source when they disagree
# killed = 0
# injured = 0
# who = ""
# sources = []
+++
What happened, in Markdown: cite sources, link records and add footnotes as
the README shows.
"#,
        date = date.raw,
        roles = Role::expected(),
        confidences = Confidence::expected(),
    )
}

fn actor(name: &str) -> String {
    format!(
        r#"+++
name = {name}
kind = "organization"  # {kinds}
aliases = []  # every spelling the sources use
country = ""
summary = ""
sources = []

# [[relations]]
# to = "other-actor-id"
# kind = "member-of"  # {relations}
# from = ""
# sources = []
+++
Who they are.
"#,
        kinds = ActorKind::expected(),
        relations = RelationKind::expected(),
    )
}

fn page(title: &str) -> String {
    format!(
        "+++\ntitle = {title}\nsummary = \"\"\nweight = 0  # order in the navigation: lower first\n+++\nThe page's text.\n"
    )
}

/// Appends a `[[source]]` table to `data/sources.toml`, refusing an id the
/// bibliography already has.
fn append_source(root: &Path, id: &str, title: &str, date: &Date) -> Result<PathBuf, Diagnostics> {
    check_id(id).map_err(|e| Diagnostic::error("TITLE", e))?;
    let rel = "data/sources.toml";
    let path = root.join(rel);
    let existing = if path.exists() {
        crate::load::read_text(root, &path, config::DEFAULT_MAX_FILE_SIZE)?
    } else {
        String::new()
    };
    let table: toml::Table = toml::from_str(&existing)
        .map_err(|e| crate::load::toml_diagnostic(rel, &existing, &e, 1))?;
    let mut ids: Vec<String> = table
        .get("source")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("id")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Ok(json) = std::fs::read_to_string(root.join("data/sources.json"))
        && let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&json)
    {
        ids.extend(
            items
                .iter()
                .filter_map(|i| i.get("id")?.as_str().map(str::to_string)),
        );
    }
    if ids.iter().any(|i| i == id) || root.join(format!("content/sources/{id}.md")).exists() {
        return Err(Diagnostic::error(
            rel,
            format!("the bibliography already has a source `{id}`; nothing was written"),
        )
        .hint("edit that source, or choose another title")
        .into());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!(
        "[[source]]\nid = \"{id}\"\ntitle = {title}\noutlet = \"\"\nauthor = \"\"\ndate = \"{}\"\nurl = \"\"\nkind = \"news\"  # {}\n# reliability = \"B\"  # Admiralty grade A to F\n# credibility = 2  # 1 to 6\nnotes = \"\"\n",
        date.raw,
        SourceKind::expected()
    ));
    let fail = |e: std::io::Error| Diagnostic::error(rel, format!("cannot write: {e}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(&path, text).map_err(fail)?;
    Ok(path)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Today's date in UTC, "YYYY-MM-DD".
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_262), (2020, 1, 1));
        assert_eq!(civil_from_days(18_320), (2020, 2, 28));
        assert_eq!(civil_from_days(18_321), (2020, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn titles_become_toml_strings() {
        for title in [
            "A \"quoted\" \\ title",
            "It's \"both\" '",
            "Line\nbreak",
            "Café",
        ] {
            let t: toml::Table = toml::from_str(&format!("t = {}", toml_string(title))).unwrap();
            assert_eq!(t["t"].as_str(), Some(title));
        }
    }
}
