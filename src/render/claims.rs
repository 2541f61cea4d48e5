//! The claims ledger, `/claims/`: every claim, denial, dispute,
//! condemnation and threat the events record, by actor and stance, with
//! its event, reporting chain, sources and the editors' rating. Each actor
//! and stance has its own pre-rendered page (`/claims/actor/<id>/`,
//! `/claims/stance/<stance>/`), so the filters work on any static host;
//! with JavaScript on, dossier.js filters `/claims/` in place.

use super::links::Links;
use super::views::{
    ActorRef, DateView, ViaView, is_claimant, stance_label as stance_verb, via_view,
};
use crate::model::{Claim, Stance};
use crate::resolve::Library;
use serde::Serialize;

/// Which claims a ledger page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ledger {
    /// Every claim.
    All,
    /// The claims of one actor.
    Actor(usize),
    /// The claims of one stance.
    Stance(Stance),
}

/// Actors the ledger's filter names on every one of its pages. Beyond
/// them it names the actors with the most claims (and the page's own) and
/// links to `/claims/actor/`, which lists every actor's ledger: 5,000
/// links on each of thousands of ledger pages would be most of their
/// bytes.
pub(super) const FILTER_ACTORS: usize = 20;

/// The claims index of the build, made once.
pub(super) fn index<'r>(r: &'r super::PageRenderer) -> &'r Index {
    r.claims.get_or_init(|| Index::new(r.lib))
}

impl Ledger {
    /// Every ledger page: all, then each actor and each stance with claims.
    pub(super) fn every(r: &super::PageRenderer) -> Vec<Ledger> {
        index(r).ledgers()
    }

    /// Its site path.
    pub(super) fn path(self, lib: &Library, paths: super::links::Paths) -> String {
        match self {
            Ledger::All => paths.section("claims"),
            Ledger::Actor(a) => paths.claims("actor", &lib.actors[a].id),
            Ledger::Stance(s) => paths.claims("stance", s.as_str()),
        }
    }

    pub(super) fn title(self, lib: &Library) -> String {
        match self {
            Ledger::All => "Claims ledger".into(),
            Ledger::Actor(a) => format!("Claims ledger: {}", lib.actors[a].name),
            Ledger::Stance(s) => format!("Claims ledger: {}", stance_label(s)),
        }
    }
}

/// "Denials" for `denies`.
fn stance_label(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "Assertions",
        Stance::Denies => "Denials",
        Stance::Disputes => "Disputes",
        Stance::Condemns => "Condemnations",
        Stance::Threatens => "Threats",
        Stance::Other => "Other claims",
    }
}

/// The editors' rating of a claim, as shown.
#[derive(Serialize)]
pub(super) struct RatingView<'a> {
    /// Id in `[ratings]`.
    pub id: &'a str,
    pub label: &'a str,
    /// Why.
    pub note: &'a str,
}

/// The rating of claim `c`, if the editors gave one.
pub(super) fn rating_view<'a>(lib: &'a Library, c: &'a Claim) -> Option<RatingView<'a>> {
    let r = c.rating.as_deref()?;
    let rating = lib.config.ratings.iter().find(|x| x.id == r)?;
    Some(RatingView {
        id: &rating.id,
        label: &rating.label,
        note: &c.rating_note,
    })
}

/// A source of a claim, linked.
#[derive(Serialize)]
pub(super) struct SourceLink<'a> {
    /// Outlet (or title) and date.
    pub name: String,
    /// Link.
    pub url: String,
    pub title: &'a str,
}

/// One claim of the ledger.
#[derive(Serialize)]
pub(super) struct ClaimRow<'a> {
    /// Anchor: `claim-<event>-<n>`, the same as on the event's page.
    pub anchor: String,
    /// The event's date.
    pub date: DateView<'a>,
    /// Who made it.
    pub by: ActorRef<'a>,
    /// Stance word.
    pub stance: &'static str,
    /// The stance as the page reads it ("states" for `other`).
    pub stance_label: &'static str,
    /// What was said.
    pub text: &'a str,
    /// The event's title.
    pub event: &'a str,
    /// Link to the claim on the event's page.
    pub url: String,
    /// Reporting chain.
    pub via: Vec<ViaView<'a>>,
    pub sources: Vec<SourceLink<'a>>,
    /// The editors' rating, if any.
    pub rating: Option<RatingView<'a>>,
}

/// A link to one filtered ledger page.
#[derive(Serialize)]
pub(super) struct FacetLink<'a> {
    /// Shown name.
    pub name: &'a str,
    /// Value for the `data-` attribute and the select box.
    pub value: &'a str,
    /// Link.
    pub url: String,
    /// Claims in it.
    pub count: usize,
    /// It is this page.
    pub current: bool,
}

#[derive(Serialize)]
pub(super) struct LedgerPage<'a> {
    pub heading: String,
    /// The claims, in time order.
    pub claims: Vec<ClaimRow<'a>>,
    /// Claims on this ledger page (or the pages of its list).
    pub count: usize,
    /// Claims in the whole ledger.
    pub total: usize,
    /// Whether this is a filtered page.
    pub filtered: bool,
    /// Link to the whole ledger.
    pub all: String,
    /// The stances' pages.
    pub stances: Vec<FacetLink<'a>>,
    /// The actors' pages: every actor's, or the [`FILTER_ACTORS`] with
    /// the most claims and this page's.
    pub actors: Vec<FacetLink<'a>>,
    /// Actors making claims.
    pub claimants: usize,
    /// The page listing every actor's ledger, when `actors` names only
    /// some of them.
    pub all_actors: Option<String>,
}

/// Where each claim is and whom it is by, made once per build: every ledger
/// page lists a part of it, so no page walks every event again.
pub(super) struct Index {
    /// Event index, claim index within the event, claimant's actor index.
    rows: Vec<(usize, usize, Option<usize>)>,
    /// The rows of each actor with claims, by actor index.
    by_actor: std::collections::BTreeMap<usize, Vec<usize>>,
    /// The rows of each stance, in `Stance::ALL` order.
    by_stance: [Vec<usize>; 6],
    /// The actors with claims, the most claims first, then by name.
    busiest: Vec<usize>,
}

impl Index {
    /// The claims of `lib`'s events, in event order.
    pub(super) fn new(lib: &Library) -> Index {
        let mut index = Index {
            rows: Vec::new(),
            by_actor: Default::default(),
            by_stance: Default::default(),
            busiest: Vec::new(),
        };
        for (i, e) in lib.events.iter().enumerate() {
            for (n, c) in e.claims.iter().enumerate() {
                let row = index.rows.len();
                let actor = lib.actor(&c.by);
                index.rows.push((i, n, actor));
                if let Some(a) = actor {
                    index.by_actor.entry(a).or_default().push(row);
                }
                index.by_stance[stance_slot(c.stance)].push(row);
            }
        }
        index.busiest = index.by_actor.keys().copied().collect();
        let by_actor = &index.by_actor;
        index.busiest.sort_by(|&a, &b| {
            let (x, y) = (&lib.actors[a].name, &lib.actors[b].name);
            by_actor[&b].len().cmp(&by_actor[&a].len()).then(x.cmp(y))
        });
        index
    }

    /// The event and row of each claim `ledger` lists, in order.
    pub(super) fn entries(&self, ledger: Ledger) -> Vec<(usize, usize)> {
        let at = |row: usize| (self.rows[row].0, row);
        match ledger {
            Ledger::All => (0..self.rows.len()).map(at).collect(),
            _ => self.rows_of(ledger).iter().map(|&row| at(row)).collect(),
        }
    }

    /// How many claims `ledger` lists.
    pub(super) fn count(&self, ledger: Ledger) -> usize {
        match ledger {
            Ledger::All => self.rows.len(),
            _ => self.rows_of(ledger).len(),
        }
    }

    /// The rows of a filtered ledger.
    fn rows_of(&self, ledger: Ledger) -> &[usize] {
        match ledger {
            Ledger::All => &[],
            Ledger::Actor(a) => self.by_actor.get(&a).map_or(&[], Vec::as_slice),
            Ledger::Stance(s) => &self.by_stance[stance_slot(s)],
        }
    }

    /// Whether the ledger's filter names only some of its actors, and
    /// `/claims/actor/` lists them all.
    pub(super) fn compact(&self) -> bool {
        self.by_actor.len() > FILTER_ACTORS
    }

    /// The actors making claims with their counts, by name.
    pub(super) fn claimants(&self, lib: &Library) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = self
            .by_actor
            .iter()
            .map(|(&a, rows)| (a, rows.len()))
            .collect();
        out.sort_by(|x, y| {
            let (a, b) = (&lib.actors[x.0], &lib.actors[y.0]);
            (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id))
        });
        out
    }

    /// Every ledger page: all, then each actor and each stance with claims.
    fn ledgers(&self) -> Vec<Ledger> {
        let mut out = vec![Ledger::All];
        out.extend(self.by_actor.keys().map(|&a| Ledger::Actor(a)));
        out.extend(
            Stance::ALL
                .iter()
                .zip(&self.by_stance)
                .filter(|(_, rows)| !rows.is_empty())
                .map(|(&s, _)| Ledger::Stance(s)),
        );
        out
    }
}

/// A stance's place in `Stance::ALL`.
fn stance_slot(s: Stance) -> usize {
    Stance::ALL.iter().position(|x| *x == s).unwrap_or(5)
}

/// The ledger page `ledger`, its claims listed unless `split` (they are
/// on the pages of its list then).
pub(super) fn page<'a>(
    lib: &'a Library,
    links: Links<'a>,
    index: &Index,
    ledger: Ledger,
    split: bool,
) -> LedgerPage<'a> {
    let claims = if split {
        Vec::new()
    } else {
        let rows = index.entries(ledger).into_iter().map(|(_, row)| row);
        claim_rows(lib, links, index, rows)
    };
    let stances = Stance::ALL
        .iter()
        .zip(&index.by_stance)
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(&s, rows)| FacetLink {
            name: stance_label(s),
            value: s.as_str(),
            url: links.claims("stance", s.as_str()),
            count: rows.len(),
            current: ledger == Ledger::Stance(s),
        })
        .collect();
    let compact = index.compact();
    let actors = index
        .busiest
        .iter()
        .enumerate()
        // The busiest, and this page's own actor wherever it ranks.
        .filter(|&(k, &a)| !compact || k < FILTER_ACTORS || ledger == Ledger::Actor(a))
        .map(|(_, &a)| FacetLink {
            name: &lib.actors[a].name,
            value: &lib.actors[a].id,
            url: links.claims("actor", &lib.actors[a].id),
            count: index.by_actor[&a].len(),
            current: ledger == Ledger::Actor(a),
        })
        .collect();
    let all_actors = compact.then(|| links.section("claims/actor"));
    LedgerPage {
        heading: ledger.title(lib),
        claims,
        count: index.count(ledger),
        total: index.rows.len(),
        filtered: ledger != Ledger::All,
        all: links.section("claims"),
        stances,
        actors,
        claimants: index.by_actor.len(),
        all_actors,
    }
}

/// The ledger's rows `rows`, in order.
pub(super) fn claim_rows<'a>(
    lib: &'a Library,
    links: Links<'a>,
    index: &Index,
    rows: impl Iterator<Item = usize>,
) -> Vec<ClaimRow<'a>> {
    rows.map(|row| {
        let (i, n, _) = index.rows[row];
        let e = &lib.events[i];
        let c = &e.claims[n];
        let anchor = claim_anchor(n);
        let mut url = links.event(&e.id);
        url.push('#');
        url.push_str(&anchor);
        ClaimRow {
            anchor: format!("{}-{}", e.id, anchor),
            date: DateView::event(lib, i),
            by: ActorRef::new(lib, links, &c.by),
            stance: c.stance.as_str(),
            stance_label: stance_verb(c.stance),
            text: &c.text,
            event: &e.title,
            url,
            via: c
                .via
                .iter()
                .filter(|v| !is_claimant(lib, &c.by, v))
                .map(|v| via_view(lib, links, v))
                .collect(),
            sources: c
                .sources
                .iter()
                .filter_map(|id| lib.source(id))
                .map(|s| source_link(lib, links, s))
                .collect(),
            rating: rating_view(lib, c),
        }
    })
    .collect()
}

/// Source `s` as a claim's ledger row links it: outlet (or title) and date.
fn source_link<'a>(lib: &'a Library, links: Links<'a>, s: usize) -> SourceLink<'a> {
    let src = &lib.sources[s];
    let mut name = if src.outlet.is_empty() {
        src.title.clone()
    } else {
        src.outlet.clone()
    };
    if let Some(d) = &lib.source_dates[s] {
        name.push_str(", ");
        name.push_str(&d.display);
    }
    SourceLink {
        name,
        url: links.source(&src.id),
        title: &src.title,
    }
}

/// The anchor of an event's `n`th claim on its page.
pub(super) fn claim_anchor(n: usize) -> String {
    format!("claim-{}", n + 1)
}
