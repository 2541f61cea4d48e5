//! `dossier.toml`: the site configuration.

use crate::base::diagnostics::Problem;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::files::read_text;
use crate::base::toml_errors::toml_diagnostic;
use crate::model::{Date, check_id, slugify};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use crate::base::files::{CONFIG_FILE, DEFAULT_MAX_FILE_SIZE};
pub(crate) use import::{Import, ImportPreset, ImportTarget};

mod import;

use import::import_config;

/// Default `[build] max_capture_size`: 64 MiB.
pub(crate) const DEFAULT_MAX_CAPTURE_SIZE: u64 = 64 * 1024 * 1024;

/// Default `[build] page_size`: the most events one list page shows. An
/// actor's page lists each event twice (by role and in time), about 1.2 KB
/// an event; with its chart and map (at most `MAX_MARKS` marks each) a
/// page of this many stays well under 1 MB.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 250;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    kinds: BTreeMap<String, KindFile>,
    #[serde(default)]
    escalation: BTreeMap<String, String>,
    #[serde(default)]
    phases: Vec<PhaseFile>,
    #[serde(default)]
    build: BuildFile,
    /// Accepted now; the search page (a later stage) reads it.
    #[serde(default)]
    #[allow(dead_code)]
    search: SearchFile,
    #[serde(default)]
    feed: FeedFile,
    #[serde(default)]
    chronology: ChronologyFile,
    #[serde(default)]
    citations: CitationsFile,
    #[serde(default)]
    ratings: BTreeMap<String, RatingFile>,
    #[serde(default)]
    map: MapFile,
    #[serde(default)]
    auto_link: AutoLinkFile,
    #[serde(default)]
    import: BTreeMap<String, ImportFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportFile {
    preset: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    kinds: BTreeMap<String, String>,
}

/// `[auto_link]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AutoLinkFile {
    #[serde(default)]
    enabled: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationsFile {
    style: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingFile {
    label: String,
    value: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    enabled: Option<bool>,
    extent: Option<Vec<f64>>,
    detail: Option<String>,
}

/// `[map]`: whether the site has maps, what they show, how finely.
#[derive(Debug, Clone, Default)]
pub(crate) struct MapConfig {
    /// `enabled`; unset: maps when any event has coordinates.
    pub enabled: Option<bool>,
    /// `extent = [min_lon, min_lat, max_lon, max_lat]`; unset: fitted to the events.
    pub extent: Option<[f64; 4]>,
    /// How finely the land is drawn.
    pub detail: MapDetail,
}

/// `[map] detail`: how finely coasts and borders are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum MapDetail {
    /// Coarse outlines, the smallest pages.
    Low,
    /// The default.
    #[default]
    Medium,
    /// Every point the embedded data has at the map's scale.
    High,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFile {
    label: String,
    #[serde(default)]
    icon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseFile {
    name: String,
    from: String,
    until: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildFile {
    output: Option<String>,
    #[serde(default)]
    drafts: bool,
    pretty_urls: Option<bool>,
    max_file_size: Option<u64>,
    max_capture_size: Option<u64>,
    #[serde(default)]
    safe_html: bool,
    page_size: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchFile {
    #[allow(dead_code)]
    enabled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChronologyFile {
    index_pairs: Option<usize>,
    index_half_life: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedFile {
    enabled: Option<bool>,
    limit: Option<usize>,
}

/// An event kind of the vocabulary.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Kind {
    /// Id used in records.
    pub id: String,
    /// Label shown to readers.
    pub label: String,
    /// Icon name (free text, for templates).
    pub icon: String,
}

/// A rating of the editors' vocabulary for claims (`[ratings]`).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Rating {
    /// Id used in claims.
    pub id: String,
    /// Label shown to readers (ClaimReview's `alternateName`).
    pub label: String,
    /// Position on the scale (ClaimReview's `ratingValue`).
    pub value: i64,
}

/// A named period shaded on the chronology.
#[derive(Debug, Clone)]
pub(crate) struct Phase {
    pub name: String,
    /// URL slug of its filtered chronology, unique among phases.
    pub slug: String,
    /// First day.
    pub from: Date,
    /// Last day.
    pub until: Date,
    /// One sentence.
    pub description: String,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`.
    pub base_path: String,
    /// Language code.
    pub language: String,
    /// Event kinds, in id order.
    pub kinds: Vec<Kind>,
    /// The escalation ladder: level → label.
    pub ladder: BTreeMap<u8, String>,
    /// Lowest and highest level of the ladder.
    pub ladder_range: (u8, u8),
    /// Phases in order.
    pub phases: Vec<Phase>,
    /// Output directory (absolute).
    pub output: PathBuf,
    /// Build drafts too.
    pub drafts: bool,
    /// `events/<id>/index.html` (true) or `events/<id>.html`.
    pub pretty_urls: bool,
    /// Largest input file read, in bytes.
    pub max_file_size: u64,
    /// Largest preserved copy under `captures/`, in bytes.
    pub max_capture_size: u64,
    /// Strip script-capable raw HTML from Markdown.
    pub safe_html: bool,
    /// Most events one list page shows (`[build] page_size`): a longer
    /// list (the chronology, its filtered views, the events list, an
    /// actor's events) is split into pages of this many.
    pub page_size: usize,
    /// Write `/atom.xml`.
    pub feed_enabled: bool,
    /// Entries in the feed.
    pub feed_limit: usize,
    /// Actor pairs whose escalation index the chronology draws.
    pub index_pairs: usize,
    /// Days after which an event counts half as much in the escalation index.
    pub index_half_life: u32,
    /// The day of an `--as-of` edition (never from dossier.toml).
    pub as_of: Option<crate::model::Date>,
    /// Whether the compiled built-in templates may stand in for Tera's
    /// (never from dossier.toml; the hidden `build --tera-only` turns them
    /// off, for the tests that compare the two).
    pub compiled_templates: bool,
    /// The citation style (`[citations] style`).
    pub citation_style: crate::csl::CitationStyle,
    /// The editors' rating vocabulary, by value then id.
    pub ratings: Vec<Rating>,
    /// `[map]`.
    pub map: MapConfig,
    /// `[auto_link] enabled`: the first mention of an actor's name or
    /// alias in an event's prose links to the actor.
    pub auto_link: bool,
    /// `[import."<file>"]`, by file name under `data/incidents/`.
    pub imports: BTreeMap<String, Import>,
}

impl Config {
    /// The label of a kind id.
    pub(crate) fn kind_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.kinds
            .iter()
            .find(|k| k.id == id)
            .map_or(id, |k| k.label.as_str())
    }

    /// Overrides the base URL (from `--base-url`).
    pub(crate) fn set_base_url(&mut self, url: &str) -> Result<(), Problem> {
        let (base_url, base_path) = normalize_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Reads and validates `dossier.toml` in `root`.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        diags.push(
            Diagnostic::error(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display()))
                .hint("run `dossier init DIR` to start a dossier, or pass --root with the dossier's folder"),
        );
        return None;
    }
    let text = match read_text(root, &path, DEFAULT_MAX_FILE_SIZE) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let file: ConfigFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(toml_diagnostic(CONFIG_FILE, &text, &e, 1));
            return None;
        }
    };
    let origin = crate::model::Origin::file(CONFIG_FILE, Some(&text));
    let at = |needle: &str| {
        let p = origin.locate(needle);
        (p.line, p.column)
    };
    let before = diags.error_count();

    let (base_url, base_path) = match normalize_base_url(&file.base_url) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::error(CONFIG_FILE, e).at(at(&file.base_url)));
            ("/".into(), "/".into())
        }
    };
    let mut kinds = Vec::new();
    for (id, k) in file.kinds {
        if let Err(e) = check_id(&id) {
            diags.push(Diagnostic::error(CONFIG_FILE, format!("[kinds]: {e}")).at(at(&id)));
        }
        kinds.push(Kind {
            id,
            label: k.label,
            icon: k.icon,
        });
    }
    let mut ladder = BTreeMap::new();
    for (level, label) in file.escalation {
        match level.parse::<u8>() {
            Ok(l) if l <= 100 => {
                ladder.insert(l, label);
            }
            _ => diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "[escalation]: `{level}` is not a level: levels are whole numbers 0 to 100"
                    ),
                )
                .at(at(&level)),
            ),
        }
    }
    let ladder_range = match (ladder.keys().next(), ladder.keys().next_back()) {
        (Some(lo), Some(hi)) => (*lo, *hi),
        _ => (0, 10),
    };
    let mut phases = Vec::new();
    for p in file.phases {
        let from = Date::parse(&p.from);
        let until = Date::parse(&p.until);
        match (from, until) {
            (Ok(from), Ok(until)) => {
                if until.latest() < from.earliest() {
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!(
                                "phase `{}` ends ({}) before it starts ({})",
                                p.name, p.until, p.from
                            ),
                        )
                        .at(at(&p.until)),
                    );
                }
                let mut slug = slugify(&p.name);
                if slug.is_empty() {
                    slug = format!("phase-{}", phases.len() + 1);
                }
                let taken = |s: &str| phases.iter().any(|q: &Phase| q.slug == s);
                if taken(&slug) {
                    let mut n = 2;
                    while taken(&format!("{slug}-{n}")) {
                        n += 1;
                    }
                    slug = format!("{slug}-{n}");
                }
                phases.push(Phase {
                    slug,
                    name: p.name,
                    from,
                    until,
                    description: p.description,
                });
            }
            (Err(e), _) => diags.push(
                Diagnostic::error(CONFIG_FILE, format!("phase `{}`: {e}", p.name)).at(at(&p.from)),
            ),
            (_, Err(e)) => diags.push(
                Diagnostic::error(CONFIG_FILE, format!("phase `{}`: {e}", p.name)).at(at(&p.until)),
            ),
        }
    }
    let index_half_life = file.chronology.index_half_life.unwrap_or(30);
    if index_half_life == 0 {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                "[chronology] index_half_life is 0: give the half-life in days, 1 or more",
            )
            .at(at("index_half_life")),
        );
    }
    let map = map_config(file.map, &at, diags);
    let citation_style = match file.citations.style.as_deref() {
        None => crate::csl::CitationStyle::Dossier,
        Some(name) => crate::csl::load_style(root, name, at(&format!("\"{name}\"")))
            .unwrap_or_else(|d| {
                diags.absorb(d);
                crate::csl::CitationStyle::Dossier
            }),
    };
    let mut ratings = Vec::new();
    for (id, r) in file.ratings {
        if let Err(e) = check_id(&id) {
            diags.push(Diagnostic::error(CONFIG_FILE, format!("[ratings]: {e}")).at(at(&id)));
        }
        ratings.push(Rating {
            id,
            label: r.label,
            value: r.value,
        });
    }
    ratings.sort_by(|a, b| (a.value, &a.id).cmp(&(b.value, &b.id)));
    let output = match file.build.output.as_deref() {
        None => root.join("public"),
        Some(out) => match inside_root(out) {
            Ok(()) => root.join(out),
            Err(why) => {
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("[build] output `{out}` {why}"))
                        .at(at("output"))
                        .hint(
                            "write a folder inside the dossier, e.g. output = \"public\"; \
                             to build elsewhere, pass `--output DIR` on the command line",
                        ),
                );
                root.join("public")
            }
        },
    };
    let imports = import_config(root, file.import, &at, diags);
    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        title: file.title,
        description: file.description,
        base_url,
        base_path,
        language: file.language.unwrap_or_else(|| "en".into()),
        kinds,
        ladder,
        ladder_range,
        phases,
        output,
        drafts: file.build.drafts,
        pretty_urls: file.build.pretty_urls.unwrap_or(true),
        max_file_size: file.build.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        max_capture_size: file
            .build
            .max_capture_size
            .unwrap_or(DEFAULT_MAX_CAPTURE_SIZE),
        safe_html: file.build.safe_html,
        page_size: file.build.page_size.unwrap_or(DEFAULT_PAGE_SIZE).max(1),
        feed_enabled: file.feed.enabled.unwrap_or(true),
        feed_limit: file.feed.limit.unwrap_or(20),
        index_pairs: file.chronology.index_pairs.unwrap_or(6),
        index_half_life,
        as_of: None,
        compiled_templates: true,
        citation_style,
        ratings,
        map,
        auto_link: file.auto_link.enabled,
        imports,
    })
}

/// Whether `[build] output` names a folder inside the dossier's root: a
/// relative path that never climbs above it. A dossier someone received
/// must not be able to point its build at `/etc` or `../../x`.
fn inside_root(out: &str) -> Result<(), &'static str> {
    use std::path::Component;
    let path = Path::new(out);
    if out.trim().is_empty() {
        return Err("is empty");
    }
    let mut depth = 0usize;
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => {
                return Err(
                    "is an absolute path: the output must stay inside the dossier's folder",
                );
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth
                    .checked_sub(1)
                    .ok_or("leads out of the dossier's folder: the output must stay inside it")?;
            }
            Component::Normal(_) => depth += 1,
        }
    }
    if depth == 0 {
        return Err("is the dossier's own folder");
    }
    Ok(())
}

/// Validates `[map]`.
fn map_config(
    file: MapFile,
    at: &dyn Fn(&str) -> (usize, usize),
    diags: &mut Diagnostics,
) -> MapConfig {
    let detail = match file.detail.as_deref() {
        None | Some("medium") => MapDetail::Medium,
        Some("low") => MapDetail::Low,
        Some("high") => MapDetail::High,
        Some(other) => {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("[map] detail `{other}` is not a detail level"),
                )
                .at(at("detail"))
                .hint("write detail = \"low\", \"medium\" or \"high\""),
            );
            MapDetail::Medium
        }
    };
    let extent = file.extent.and_then(|e| {
        let problem = match e[..] {
            [w, s, east, n] => {
                if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&east) {
                    Some("its longitudes must be between -180 and 180".to_string())
                } else if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) {
                    Some("its latitudes must be between -90 and 90".to_string())
                } else if w >= east {
                    Some(format!(
                        "its west ({w}) must be less than its east ({east}): the order is min_lon, min_lat, max_lon, max_lat"
                    ))
                } else if s >= n {
                    Some(format!(
                        "its south ({s}) must be less than its north ({n}): the order is min_lon, min_lat, max_lon, max_lat"
                    ))
                } else {
                    None
                }
            }
            _ => Some(format!("it has {} numbers, not 4", e.len())),
        };
        match problem {
            None => Some([e[0], e[1], e[2], e[3]]),
            Some(p) => {
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("[map] extent is not an extent: {p}"))
                        .at(at("extent"))
                        .hint("write extent = [min_lon, min_lat, max_lon, max_lat], e.g. [36.0, 28.0, 56.0, 40.0], or leave it out to fit the map to the events"),
                );
                None
            }
        }
    });
    MapConfig {
        enabled: file.enabled,
        extent,
        detail,
    }
}

/// "https://example.org/dossier" → ("https://example.org/dossier/", "/dossier/").
/// An empty base URL means a site served from the root of any host.
fn normalize_base_url(url: &str) -> Result<(String, String), Problem> {
    let url = url.trim();
    if url.is_empty() || url == "/" {
        return Ok(("/".into(), "/".into()));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("base_url `{url}` is not an absolute http(s) URL: write it like \"https://example.org/dossier/\"")
        })?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host").into());
    }
    if url.contains(['?', '#', '"', '<', '>', ' ', '\'']) {
        return Err(format!("base_url `{url}` contains characters a base URL cannot have").into());
    }
    if url.contains('\\') {
        return Err(format!(
            "base_url `{url}` contains a backslash: browsers read it as `/`, so the site's links would lead elsewhere; write `/`"
        ).into());
    }
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    if authority.contains('@') {
        return Err(format!(
            "base_url `{url}` has a user name or password before `@` (links would lead to the host after it): write only the host, like \"https://example.org/\""
        ).into());
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!("base_url `{url}` contains characters a base URL cannot have").into());
    }
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let host_end = url.len() - rest.len() + rest.find('/').unwrap_or(rest.len());
    Ok((format!("{}{}", &url[..host_end], path), path))
}

#[cfg(test)]
mod tests {
    use super::normalize_base_url;

    #[test]
    fn base_urls_keep_their_sub_path() {
        assert_eq!(
            normalize_base_url("https://example.org/dossier").unwrap(),
            ("https://example.org/dossier/".into(), "/dossier/".into())
        );
        assert_eq!(
            normalize_base_url("https://example.org").unwrap(),
            ("https://example.org/".into(), "/".into())
        );
        assert_eq!(normalize_base_url("").unwrap().1, "/");
        assert!(normalize_base_url("example.org").is_err());
        assert!(normalize_base_url("https://evil.org\\@good.org/").is_err());
        assert!(normalize_base_url("https://user:pw@good.org/").is_err());
        assert!(normalize_base_url("https://good.org/a@b/").is_ok());
    }
}
