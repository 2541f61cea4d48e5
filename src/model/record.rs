//! Records as an editor writes them: front matter, data rows, source tables.
//!
//! Every field is optional here so that a Markdown file and a data row of
//! the same id can be merged field by field (the Markdown wins); required
//! fields are checked after merging. Unknown fields are errors.

use serde::{Deserialize, Serialize};

/// Vocabulary types shared by records and exports.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $vis:vis $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        #[serde(rename_all = "kebab-case")]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }
        #[allow(dead_code)]
        impl $name {
            /// Every value, in declaration order.
            $vis const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The word as written in records.
            $vis fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses the word as written in records.
            $vis fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            /// The accepted words, for error messages.
            $vis fn expected() -> String {
                [$($text),+].join(" | ")
            }
        }
    };
}

vocabulary!(
    /// What an actor did in an event.
    pub Role {
        Perpetrator => "perpetrator", Target => "target", Victim => "victim",
        Claimed => "claimed", Attributed => "attributed", Denied => "denied",
        Responded => "responded", Mediator => "mediator", Other => "other",
    }
);

vocabulary!(
    /// How sure the attribution of a role is.
    pub Confidence {
        Confirmed => "confirmed", Likely => "likely", Alleged => "alleged",
        Disputed => "disputed", Denied => "denied",
    }
);

vocabulary!(
    /// What a claim does.
    pub Stance {
        Asserts => "asserts", Denies => "denies", Disputes => "disputes",
        Condemns => "condemns", Threatens => "threatens", Other => "other",
    }
);

vocabulary!(
    /// What sort of actor.
    pub(crate) ActorKind {
        Organization => "organization", Person => "person", State => "state",
        Coalition => "coalition", FrontGroup => "front-group", Media => "media",
        Other => "other",
    }
);

vocabulary!(
    /// A relation from one actor to another.
    pub(crate) RelationKind {
        MemberOf => "member-of", LeaderOf => "leader-of", DeputyOf => "deputy-of",
        FrontFor => "front-for", BackedBy => "backed-by", AlliedWith => "allied-with",
        RivalOf => "rival-of", PartOf => "part-of",
    }
);

vocabulary!(
    /// What sort of source.
    pub(crate) SourceKind {
        News => "news", StateMedia => "state-media", Official => "official",
        ThinkTank => "think-tank", SocialMedia => "social-media", Repost => "repost",
        Other => "other",
    }
);

vocabulary!(
    /// How precisely a location is known.
    pub LocationPrecision {
        Site => "site", Town => "town", City => "city", District => "district",
        Near => "near", Region => "region", Country => "country",
    }
);

vocabulary!(
    /// What an entry of a record's corrections log is.
    pub ChangeKind {
        Correction => "correction", Update => "update",
        Clarification => "clarification", Retraction => "retraction",
    }
);

impl ChangeKind {
    /// The word as a label: "Correction".
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Correction => "Correction",
            ChangeKind::Update => "Update",
            ChangeKind::Clarification => "Clarification",
            ChangeKind::Retraction => "Retraction",
        }
    }

    /// Corrections and retractions are shown at the top of the record's page.
    pub fn prominent(self) -> bool {
        matches!(self, ChangeKind::Correction | ChangeKind::Retraction)
    }
}

/// One entry of a record's corrections and updates log (`[[changes]]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRecord {
    /// When the change was made.
    pub date: String,
    /// correction | update | clarification | retraction
    pub kind: ChangeKind,
    /// What was changed and why, for readers.
    pub text: String,
}

impl RelationKind {
    /// How the relation reads from the other end: "member-of" seen from the
    /// umbrella is "has member".
    pub(crate) fn inverse_label(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "has member",
            RelationKind::LeaderOf => "led by",
            RelationKind::DeputyOf => "has deputy",
            RelationKind::FrontFor => "uses as front",
            RelationKind::BackedBy => "backs",
            RelationKind::AlliedWith => "allied with",
            RelationKind::RivalOf => "rival of",
            RelationKind::PartOf => "includes",
        }
    }

    /// How the relation reads from its own end.
    pub(crate) fn label(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "member of",
            RelationKind::LeaderOf => "leader of",
            RelationKind::DeputyOf => "deputy of",
            RelationKind::FrontFor => "front for",
            RelationKind::BackedBy => "backed by",
            RelationKind::AlliedWith => "allied with",
            RelationKind::RivalOf => "rival of",
            RelationKind::PartOf => "part of",
        }
    }
}

/// A casualty figure: a number, or a range written "24-25".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FigureRecord {
    /// `killed = 3`
    Number(i64),
    /// `killed = "24-25"`
    Text(String),
}

/// Where an event happened, as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationRecord {
    /// Place name.
    pub name: Option<String>,
    pub country: Option<String>,
    /// Latitude, −90..90.
    pub lat: Option<f64>,
    /// Longitude, −180..180.
    pub lon: Option<f64>,
    /// site | town | city | district | near | region | country
    pub precision: Option<LocationPrecision>,
}

/// One actor's part in an event, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipationRecord {
    /// Actor id.
    pub actor: String,
    /// What the actor did.
    pub role: Role,
    /// How sure.
    pub confidence: Option<Confidence>,
    /// Who makes the attribution (actor id).
    pub by: Option<String>,
    /// Citations.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// One source's casualty figures, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasualtyRecord {
    pub killed: Option<FigureRecord>,
    pub injured: Option<FigureRecord>,
    /// The figures are "at least".
    #[serde(default)]
    pub min_only: bool,
    /// Who the casualties were.
    #[serde(default)]
    pub who: String,
    /// Citations.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Who said what about an event, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRecord {
    /// Actor id of the speaker.
    pub by: String,
    /// What the claim does.
    pub stance: Stance,
    /// The claim in the editor's words or a short quotation.
    pub text: String,
    /// Reporting chain: actor or source ids the claim passed through.
    #[serde(default)]
    pub via: Vec<String>,
    /// Citations.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The editors' rating of the claim, from `[ratings]` in dossier.toml.
    pub rating: Option<String>,
    /// Why the editors rate it so.
    pub rating_note: Option<String>,
}

/// An event as written in front matter or a data row.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// Id; the file stem when absent.
    pub id: Option<String>,
    pub title: Option<String>,
    /// Date with precision.
    pub date: Option<String>,
    /// Last day, for events that span days.
    pub date_end: Option<String>,
    /// The date itself is approximate.
    pub circa: Option<bool>,
    /// Kind id from `[kinds]`.
    pub kind: Option<String>,
    /// Level on the ladder.
    pub escalation: Option<i64>,
    /// One line for lists.
    pub summary: Option<String>,
    /// Where.
    pub location: Option<LocationRecord>,
    /// Earlier events this one answers.
    pub responds_to: Option<Vec<String>>,
    /// Citations for the record as a whole.
    pub sources: Option<Vec<String>>,
    /// Free tags.
    pub tags: Option<Vec<String>>,
    /// Left out unless `--drafts`.
    pub draft: Option<bool>,
    /// Actors by role.
    pub actors: Option<Vec<ParticipationRecord>>,
    /// Casualty figures, one entry per source figure.
    pub casualties: Option<Vec<CasualtyRecord>>,
    pub claims: Option<Vec<ClaimRecord>>,
    /// Markdown narrative (data files only).
    pub body: Option<String>,
    /// The corrections and updates log.
    pub changes: Option<Vec<ChangeRecord>>,
}

impl EventRecord {
    /// Field-by-field merge: every field `over` sets wins.
    pub fn merged_over(self, over: EventRecord) -> EventRecord {
        EventRecord {
            id: over.id.or(self.id),
            title: over.title.or(self.title),
            date: over.date.or(self.date),
            date_end: over.date_end.or(self.date_end),
            circa: over.circa.or(self.circa),
            kind: over.kind.or(self.kind),
            escalation: over.escalation.or(self.escalation),
            summary: over.summary.or(self.summary),
            location: over.location.or(self.location),
            responds_to: over.responds_to.or(self.responds_to),
            sources: over.sources.or(self.sources),
            tags: over.tags.or(self.tags),
            draft: over.draft.or(self.draft),
            actors: over.actors.or(self.actors),
            casualties: over.casualties.or(self.casualties),
            claims: over.claims.or(self.claims),
            body: over.body.or(self.body),
            changes: over.changes.or(self.changes),
        }
    }
}

/// A relation as written in an actor's front matter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationRecord {
    /// The other actor's id.
    pub to: String,
    /// What the relation is.
    pub kind: RelationKind,
    /// Since when (a date, or "").
    #[serde(default)]
    pub from: String,
    /// Until when (a date, or "").
    #[serde(default)]
    pub until: String,
    /// Citations.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// An actor as written in front matter or `data/actors.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorRecord {
    /// Id; the file stem when absent.
    pub id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// What sort of actor.
    pub kind: Option<ActorKind>,
    /// Every spelling a source uses.
    pub aliases: Option<Vec<String>>,
    pub country: Option<String>,
    /// One line.
    pub summary: Option<String>,
    /// Citations.
    pub sources: Option<Vec<String>>,
    /// Relations to other actors.
    pub relations: Option<Vec<RelationRecord>>,
    /// Left out unless `--drafts`.
    pub draft: Option<bool>,
    /// Markdown (data files only).
    pub body: Option<String>,
    /// The corrections and updates log.
    pub changes: Option<Vec<ChangeRecord>>,
}

impl ActorRecord {
    /// Field-by-field merge: every field `over` sets wins.
    pub(crate) fn merged_over(self, over: ActorRecord) -> ActorRecord {
        ActorRecord {
            id: over.id.or(self.id),
            name: over.name.or(self.name),
            kind: over.kind.or(self.kind),
            aliases: over.aliases.or(self.aliases),
            country: over.country.or(self.country),
            summary: over.summary.or(self.summary),
            sources: over.sources.or(self.sources),
            relations: over.relations.or(self.relations),
            draft: over.draft.or(self.draft),
            body: over.body.or(self.body),
            changes: over.changes.or(self.changes),
        }
    }
}

/// A bibliography entry as written in `data/sources.toml` (or mapped from
/// CSL-JSON), or in a source note's front matter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceRecord {
    /// Citation key.
    pub id: Option<String>,
    /// Headline or title.
    pub title: Option<String>,
    /// Publisher.
    pub outlet: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Publication date with precision.
    pub date: Option<String>,
    /// Address; may be empty.
    pub url: Option<String>,
    /// What sort of source.
    pub kind: Option<SourceKind>,
    /// Admiralty reliability grade A–F.
    pub reliability: Option<String>,
    /// Admiralty credibility 1–6.
    pub credibility: Option<i64>,
    /// The editor's note on the source.
    pub notes: Option<String>,
    /// The source this one republishes or translates.
    pub republishes: Option<String>,
    /// Secondary reports this source relays.
    pub relays: Option<Vec<String>>,
    /// The corrections and updates log.
    pub changes: Option<Vec<ChangeRecord>>,
    /// Preserved copies (`[[source.capture]]`).
    pub capture: Option<Vec<CaptureRecord>>,
}

/// A preserved copy of a source as written in `[[source.capture]]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaptureRecord {
    /// Path relative to the dossier's `captures/` folder.
    pub file: Option<String>,
    /// The address the copy was taken from.
    pub url: Option<String>,
    /// When it was taken: RFC 3339, UTC.
    pub captured_at: Option<String>,
    /// SHA-256 of the file, in hex.
    pub sha256: Option<String>,
    /// What took it (hunchly, wget, browser ...).
    pub tool: Option<String>,
    /// A public archive's copy.
    pub archive_url: Option<String>,
    /// The editor's note on the copy.
    pub note: Option<String>,
    /// How a text copy's paragraphs are counted: "blocks" (separated by
    /// blank lines, the default) or "lines" (every line one paragraph).
    pub paragraphs: Option<String>,
    /// Lines of a text copy (1-based) that are shown but not numbered:
    /// headlines, captions, credits, page furniture.
    pub unnumbered: Option<Vec<i64>>,
}

impl SourceRecord {
    /// Field-by-field merge: every field `over` sets wins.
    pub(crate) fn merged_over(self, over: SourceRecord) -> SourceRecord {
        SourceRecord {
            id: over.id.or(self.id),
            title: over.title.or(self.title),
            outlet: over.outlet.or(self.outlet),
            author: over.author.or(self.author),
            date: over.date.or(self.date),
            url: over.url.or(self.url),
            kind: over.kind.or(self.kind),
            reliability: over.reliability.or(self.reliability),
            credibility: over.credibility.or(self.credibility),
            notes: over.notes.or(self.notes),
            republishes: over.republishes.or(self.republishes),
            relays: over.relays.or(self.relays),
            changes: over.changes.or(self.changes),
            capture: over.capture.or(self.capture),
        }
    }
}

/// Front matter of a free page or of `content/index.md`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageRecord {
    /// Page title.
    pub title: Option<String>,
    /// One line for lists and metadata.
    pub summary: Option<String>,
    /// A short title for the site's navigation, as Hugo's `linkTitle`.
    pub link_title: Option<String>,
    /// Order in the navigation: lower first.
    pub weight: Option<i64>,
    /// Publication date.
    pub date: Option<String>,
    /// Left out unless `--drafts`.
    pub draft: Option<bool>,
    /// The corrections and updates log.
    pub changes: Option<Vec<ChangeRecord>>,
}

/// The columns a CSV incident file may have: dossier's own format.
pub(crate) const CSV_COLUMNS: &[&str] = &[
    "id",
    "title",
    "date",
    "date_end",
    "circa",
    "kind",
    "escalation",
    "summary",
    "location_name",
    "country",
    "lat",
    "lon",
    "precision",
    "actors",
    "responds_to",
    "sources",
    "killed",
    "injured",
    "tags",
];
