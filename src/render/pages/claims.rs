//! A page of the claims ledger: `claims.html`, or `claims_split.html` with
//! its claims on the pages of its list (`list.rs`); and `/claims/actor/`
//! (`claims_actors.html`), every actor's ledger, when the ledger's filter
//! names only the busiest (its views are `render/claims.rs`, which the
//! event pages share).

use super::named::{Entry, Named, sort};
use super::{Page, VarSink};
use crate::base::diagnostics::Diagnostic;
use crate::render::PageRenderer;
use crate::render::claims::{Ledger, index, page};
use crate::render::links::Links;
use crate::render::pages::list::List;
use serde::Serialize;

#[derive(Clone, Copy)]
pub(super) struct Claims(pub(super) Ledger);

impl Page for Claims {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        let lib = r.lib;
        let template = if List::Ledger(self.0).split(r) {
            "claims_split.html"
        } else {
            "claims.html"
        };
        (self.0.path(lib, r.paths), template, self.0.title(lib))
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        let list = List::Ledger(self.0);
        let split = list.split(r);
        ctx.insert("ledger", &page(r.lib, links, index(r), self.0, split));
        if split {
            ctx.insert("index", &list.index(r, links));
        }
        Ok(())
    }
}

/// An actor's ledger, as `/claims/actor/` lists it.
#[derive(Serialize)]
struct Claimant<'a> {
    name: &'a str,
    /// Its ledger.
    url: String,
    /// Its claims.
    count: usize,
}

/// The actors making claims, by initial and name.
fn entries(r: &PageRenderer) -> Vec<Entry> {
    let mut entries: Vec<Entry> = index(r)
        .claimants(r.lib)
        .into_iter()
        .map(|(a, _)| Entry {
            item: a,
            group: 0,
            key: "claimants",
            name: r.lib.actors[a].name.clone(),
        })
        .collect();
    sort(&mut entries);
    entries
}

/// Actor `a`'s entry.
fn claimant<'a>(r: &'a PageRenderer, links: Links<'_>, a: usize) -> Claimant<'a> {
    let actor = &r.lib.actors[a];
    Claimant {
        name: &actor.name,
        url: links.claims("actor", &actor.id),
        count: index(r).count(Ledger::Actor(a)),
    }
}

/// `/claims/actor/`: every actor's ledger, or the index of their pages.
#[derive(Clone, Copy)]
pub(super) struct ClaimActors;

impl Page for ClaimActors {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        (
            Named::Claimants.base(r),
            "claims_actors.html",
            Named::Claimants.title().into(),
        )
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        let entries = entries(r);
        ctx.insert("all", &links.section("claims"));
        ctx.insert("count", &entries.len());
        if Named::Claimants.split(r) {
            ctx.insert("index", &Named::Claimants.index(r, links, &entries));
        } else {
            let actors: Vec<Claimant> =
                entries.iter().map(|e| claimant(r, links, e.item)).collect();
            ctx.insert("actors", &actors);
        }
        Ok(())
    }
}

/// Page `n` (from 1) of `/claims/actor/`.
#[derive(Clone, Copy)]
pub(super) struct ClaimantsPage(pub(super) usize);

impl Page for ClaimantsPage {
    fn frame(self, r: &PageRenderer) -> (String, &'static str, String) {
        Named::Claimants.frame(r, self.0)
    }

    fn vars(
        self,
        r: &PageRenderer,
        links: Links,
        ctx: &mut impl VarSink,
    ) -> Result<(), Diagnostic> {
        let entries = entries(r);
        let view = |a| claimant(r, links, a);
        Named::Claimants.fill(r, links, self.0, &entries, view, ctx);
        Ok(())
    }
}
