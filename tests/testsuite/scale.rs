//! Large sites: what the protocols and readers' devices limit.

use crate::assert_contains;
use crate::harness::Dossier;

#[test]
fn a_site_of_more_than_50000_urls_has_a_sitemap_index() {
    let d = Dossier::fixture("minimal");
    let mut csv = String::from("id,title,date,sources\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "bulk-{i},Event {i},2020-01-{:02},nbc-2020\n",
            1 + i % 28
        ));
    }
    d.write("data/incidents/bulk.csv", csv);
    d.build();
    // The index names every part; each part holds at most 50,000 URLs,
    // and together they hold every page once.
    let index = d.output("sitemap.xml");
    assert_contains!(
        index,
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
        "<sitemap><loc>https://example.org/sitemap-1.xml</loc></sitemap>",
        "<sitemap><loc>https://example.org/sitemap-2.xml</loc></sitemap>"
    );
    assert!(!index.contains("sitemap-3.xml"), "{index}");
    let one = d.output("sitemap-1.xml");
    let two = d.output("sitemap-2.xml");
    assert_eq!(one.matches("<url>").count(), 50_000);
    assert!(two.matches("<url>").count() > 0);
    for part in [&one, &two] {
        assert!(part.starts_with("<?xml"), "{}", &part[..100]);
        assert!(part.trim_end().ends_with("</urlset>"));
    }
    let all = format!("{one}{two}");
    assert_eq!(
        all.matches("<loc>https://example.org/events/bulk-49999/</loc>")
            .count(),
        1
    );
    assert_eq!(all.matches("<loc>https://example.org/</loc>").count(), 1);
}

#[test]
fn a_small_site_has_one_sitemap() {
    let d = Dossier::fixture("minimal");
    d.build();
    assert_contains!(d.output("sitemap.xml"), "<urlset");
    assert!(!d.root.join("public/sitemap-1.xml").exists());
}

/// A dossier of `n` events over 2019–2021, every one naming Kataib
/// Hezbollah, with `[build] page_size` lowered to `size` so that its lists
/// split as a large dossier's do at the default.
fn paged(n: usize, size: usize, pretty: bool) -> Dossier {
    let d = Dossier::fixture("minimal");
    // The bulk events alone, so that the lists' lengths are round.
    std::fs::remove_file(d.root.join("content/events/2019-12-27-attack.md")).unwrap();
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[build]\npage_size = {size}\npretty_urls = {pretty}\n"),
    );
    let mut csv = String::from("id,title,date,kind,escalation,actors,sources,responds_to\n");
    let mut previous = String::new();
    for i in 0..n {
        // Some months hold more events than a page, some fewer; one
        // event is dated only to its month, one only to its year.
        let date = match i {
            7 => "2020-06".to_string(),
            11 => "2021".to_string(),
            _ => format!("{}-{:02}-{:02}", 2019 + i % 3, 1 + (i * 7) % 12, 1 + i % 28),
        };
        let role = if i % 2 == 0 { "perpetrator" } else { "claimed" };
        // Chains of responses: an event answers the one before it when
        // that one is earlier.
        let responds = if i % 4 != 0 && previous < date && previous.len() == 10 {
            format!("bulk-{}", i - 1)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "bulk-{i},Event <{i}>,{date},rocket-attack,{},kataib-hezbollah:{role},nbc-2020,{responds}\n",
            i % 11
        ));
        previous = date;
    }
    d.write("data/incidents/bulk.csv", csv);
    d
}

/// Every HTML file of the built site with its text.
fn html_pages(d: &Dossier) -> Vec<(String, String)> {
    let public = d.root.join("public");
    crate::harness::walk(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let rel = p
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn long_lists_split_into_pages_under_the_budget_linked_both_ways() {
    // 600 events at 25 a page: the chronology, the actor's view, the
    // kind's view, the events list and the actor's page all split.
    let d = paged(600, 25, true);
    d.build();
    let pages = html_pages(&d);
    // The budget, scaled down with the page size: the charts (one mark
    // per event up to 1,500 marks) take most of it, a page of 25 events
    // 30 KB. The chronology and its pages together are far over it: this
    // is what splitting keeps off any one page.
    let budget = 250_000;
    for (file, html) in &pages {
        assert!(html.len() <= budget, "{file}: {} bytes", html.len());
    }
    let whole: usize = pages
        .iter()
        .filter(|(f, _)| {
            f.starts_with("chronology/index.html") || f.starts_with("chronology/page/")
        })
        .map(|(_, h)| h.len())
        .sum();
    assert!(whole > 2 * budget, "{whole}");
    // The lists' own pages hold the index, not the events.
    let chronology = d.output("chronology/index.html");
    assert!(
        !chronology.contains("class=\"event-item"),
        "chronology lists events"
    );
    assert_contains!(
        chronology,
        "<section class=\"list-index\" id=\"index\"",
        "<li id=\"m2020-06\"><a href=\"../chronology/page/",
        "<a href=\"../chronology/page/24/\" title=\""
    );
    assert!(!chronology.contains("chronology/page/25/"));
    // The chains go to pages of their own, linked from the chronology and
    // from their events' pages.
    assert_contains!(
        chronology,
        "<section class=\"chains\" id=\"chains\"",
        "<a href=\"../chronology/chains/page/1/\""
    );
    let chains = d.output("chronology/chains/page/1/index.html");
    assert_contains!(
        chains,
        "<section class=\"chain\" id=\"chain-1\"",
        "rel=\"up\" href=\"../../../../chronology/#chains\""
    );
    let member = pages
        .iter()
        .find(|(f, h)| f.starts_with("events/") && h.contains("class=\"chain\""))
        .expect("an event in a chain");
    assert_contains!(member.1, "../../chronology/chains/page/");
    // Every event page is linked from some page of each list, and from
    // exactly one page of the chronology.
    for list in [
        "chronology/",
        "events/",
        "actors/kataib-hezbollah/",
        "chronology/actor/kataib-hezbollah/",
        "chronology/kind/rocket-attack/",
    ] {
        let own: Vec<&(String, String)> = pages
            .iter()
            .filter(|(f, _)| f.starts_with(&format!("{list}page/")))
            .collect();
        assert_eq!(own.len(), 24, "{list}");
        for i in 0..600 {
            let link = format!("events/bulk-{i}/\"");
            let on = own.iter().filter(|(_, h)| h.contains(&link)).count();
            assert_eq!(on, 1, "{list}: bulk-{i} is on {on} pages");
        }
        // Previous, next and up, both ways: the list's page links to
        // every page, every page up to the list's index.
        let base = d.output(&format!("{list}index.html"));
        for n in 1..=24 {
            let page = format!("{list}page/{n}/");
            let root = "../".repeat(page.matches('/').count());
            let html = d.output(&format!("{page}index.html"));
            assert_contains!(html, &format!("rel=\"up\" href=\"{root}{list}#index\""));
            let prev = format!("rel=\"prev\" href=\"{root}{list}page/{}/\"", n - 1);
            let next = format!("rel=\"next\" href=\"{root}{list}page/{}/\"", n + 1);
            assert_eq!(html.contains(&prev), n > 1, "{page}");
            assert_eq!(html.contains(&next), n < 24, "{page}");
            let from_base = "../".repeat(list.matches('/').count());
            assert_contains!(base, &format!("href=\"{from_base}{page}\""));
        }
    }
    // The actor's page keeps its chart and its roles, counted.
    let actor = d.output("actors/kataib-hezbollah/index.html");
    assert_contains!(
        actor,
        "<svg",
        "<li>Perpetrator: 300 events</li>",
        "<li>Claimed: 300 events</li>"
    );
    // The sitemap names every page once.
    let sitemap = d.output("sitemap.xml");
    assert_contains!(
        sitemap,
        "<loc>https://example.org/chronology/page/24/</loc>",
        "<loc>https://example.org/actors/kataib-hezbollah/page/1/</loc>"
    );
    // Every link resolves, anchors included.
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn split_pages_work_with_plain_file_urls() {
    let d = paged(60, 25, false);
    d.build();
    assert_contains!(
        d.output("chronology/index.html"),
        "href=\"../chronology/page/3.html\""
    );
    assert_contains!(
        d.output("chronology/page/2.html"),
        "rel=\"prev\" href=\"../../chronology/page/1.html\"",
        "rel=\"next\" href=\"../../chronology/page/3.html\"",
        "rel=\"up\" href=\"../../chronology/index.html#index\""
    );
    assert_contains!(
        d.output("actors/kataib-hezbollah/page/1.html"),
        "rel=\"up\" href=\"../../../actors/kataib-hezbollah.html#index\""
    );
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_list_within_the_page_size_is_not_split() {
    let d = paged(25, 25, true);
    d.build();
    assert!(!d.root.join("public/chronology/page").exists());
    assert!(!d.root.join("public/actors/kataib-hezbollah/page").exists());
    let chronology = d.output("chronology/index.html");
    assert_eq!(chronology.matches("<li class=\"event-item").count(), 25);
    assert!(!chronology.contains("list-index"));
}

/// A dossier of `n` events whose claims are made by `speakers` actors (of
/// three kinds, with names of several initials) citing as many sources:
/// `speaker-0` makes one claim on every event, the others one each in
/// turn. With `[build] page_size = size`.
fn ledgered(n: usize, speakers: usize, size: usize, pretty: bool) -> Dossier {
    let d = Dossier::fixture("minimal");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[build]\npage_size = {size}\npretty_urls = {pretty}\n"),
    );
    let names = [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "9th", "«Zulu»",
    ];
    let mut actors = String::new();
    let mut sources = std::fs::read_to_string(d.root.join("data/sources.toml")).unwrap();
    for k in 0..speakers {
        let name = names[k % names.len()];
        let kind = ["organization", "state", "person"][k % 3];
        actors.push_str(&format!(
            "[[actor]]\nid = \"speaker-{k}\"\nname = \"{name} <{k}>\"\nkind = \"{kind}\"\n\n"
        ));
        let kind = ["news", "official"][k % 2];
        sources.push_str(&format!(
            "\n[[source]]\nid = \"src-{k}\"\ntitle = \"Statement {k}\"\noutlet = \"{name} Wire\"\ndate = \"2020-01-{:02}\"\nkind = \"{kind}\"\n",
            1 + k % 28
        ));
    }
    d.write("data/actors.toml", actors);
    d.write("data/sources.toml", sources);
    let stances = [
        "asserts",
        "denies",
        "disputes",
        "condemns",
        "threatens",
        "other",
    ];
    let mut incidents = String::new();
    for i in 0..n {
        let date = format!("{}-{:02}-{:02}", 2019 + i % 3, 1 + (i * 5) % 12, 1 + i % 28);
        let other = 1 + i % (speakers - 1);
        incidents.push_str(&format!(
            "[[incident]]\nid = \"said-{i}\"\ntitle = \"Statement <{i}>\"\ndate = \"{date}\"\nkind = \"rocket-attack\"\nsources = [\"nbc-2020\"]\nactors = [{{ actor = \"kataib-hezbollah\", role = \"perpetrator\" }}]\nclaims = [\n  {{ by = \"speaker-0\", stance = \"{}\", text = \"Said <{i}>.\", sources = [\"src-{}\"] }},\n  {{ by = \"speaker-{other}\", stance = \"denies\", text = \"Denied <{i}>.\", sources = [\"src-{other}\"] }},\n]\n\n",
            stances[i % stances.len()],
            i % speakers
        ));
    }
    d.write("data/incidents/said.toml", incidents);
    d
}

/// Checks that each of `links` is on exactly one of `pages`.
fn each_on_one_page(pages: &[&(String, String)], links: impl Iterator<Item = String>) {
    for link in links {
        let on = pages.iter().filter(|(_, h)| h.contains(&link)).count();
        assert_eq!(on, 1, "{link} is on {on} pages");
    }
}

/// The pages of the list whose own page is `list` ("claims/"), checked
/// linked both ways: `count` of them, each up to the list's index and to
/// the pages before and after it, all linked from the list's own page.
fn pages_of<'p>(
    d: &Dossier,
    pages: &'p [(String, String)],
    list: &str,
    count: usize,
) -> Vec<&'p (String, String)> {
    let own: Vec<&(String, String)> = pages
        .iter()
        .filter(|(f, _)| {
            f.strip_prefix(&format!("{list}page/"))
                .is_some_and(|rest| rest.ends_with("/index.html") && rest.matches('/').count() == 1)
        })
        .collect();
    assert_eq!(own.len(), count, "{list}");
    let base = d.output(&format!("{list}index.html"));
    assert_contains!(base, "<section class=\"list-index\" id=\"index\"");
    for n in 1..=count {
        let page = format!("{list}page/{n}/");
        let root = "../".repeat(page.matches('/').count());
        let html = d.output(&format!("{page}index.html"));
        assert_contains!(html, &format!("rel=\"up\" href=\"{root}{list}#index\""));
        let prev = format!("rel=\"prev\" href=\"{root}{list}page/{}/\"", n - 1);
        let next = format!("rel=\"next\" href=\"{root}{list}page/{}/\"", n + 1);
        assert_eq!(html.contains(&prev), n > 1, "{page}");
        assert_eq!(html.contains(&next), n < count, "{page}");
        let from_base = "../".repeat(list.matches('/').count());
        assert_contains!(base, &format!("href=\"{from_base}{page}\""));
    }
    own
}

#[test]
fn the_ledger_sources_and_actors_split_under_the_budget_linked_both_ways() {
    // 150 events with two claims each (300 claims) by 60 actors citing 60
    // sources, at 25 a page.
    let d = ledgered(150, 60, 25, true);
    d.build();
    let pages = html_pages(&d);
    let budget = 250_000;
    for (file, html) in &pages {
        assert!(html.len() <= budget, "{file}: {} bytes", html.len());
    }
    // The ledger: its own page has the filters and the index, its claims
    // are each on exactly one of its pages.
    let ledger = d.output("claims/index.html");
    assert!(
        !ledger.contains("<li class=\"claim "),
        "the ledger lists claims"
    );
    assert_contains!(
        ledger,
        "300 claims.",
        "<li id=\"m2020-06\"><a href=\"../claims/page/",
        "300 claims, too many for one page"
    );
    let own = pages_of(&d, &pages, "claims/", 12);
    for i in 0..150 {
        for n in 1..=2 {
            let anchor = format!("id=\"said-{i}-claim-{n}\"");
            let on = own.iter().filter(|(_, h)| h.contains(&anchor)).count();
            assert_eq!(on, 1, "said-{i} claim {n} is on {on} pages");
        }
    }
    // The filtered ledgers split alike: speaker-0's 150 claims, the 175
    // denials (25 of speaker-0's, 150 of the others').
    pages_of(&d, &pages, "claims/actor/speaker-0/", 6);
    pages_of(&d, &pages, "claims/stance/denies/", 7);
    assert_contains!(
        d.output("claims/stance/denies/index.html"),
        "175 of 300 claims."
    );
    // An actor's ledger within the page size is not split.
    let small = d.output("claims/actor/speaker-7/index.html");
    assert_eq!(small.matches("<li class=\"claim ").count(), 3);
    assert!(!d.root.join("public/claims/actor/speaker-7/page").exists());
    // The filter names the 20 busiest actors (and the page's own), not
    // all 60, on every ledger page, and links to the list of them all.
    for (file, html) in pages.iter().filter(|(f, _)| f.starts_with("claims/")) {
        let named = html.matches("data-facet=\"actor\"").count();
        assert!(named <= 21, "{file}: {named} actors in the filter");
    }
    assert_eq!(ledger.matches("data-facet=\"actor\"").count(), 20);
    assert_contains!(ledger, "<a href=\"../claims/actor/\">all 60 actors</a>");
    assert_contains!(
        d.output("claims/actor/speaker-7/index.html"),
        "data-value=\"speaker-7\" aria-current=\"page\""
    );
    // That list is itself split: every actor's ledger once on its pages.
    let claimants = pages_of(&d, &pages, "claims/actor/", 3);
    each_on_one_page(
        &claimants,
        (0..60).map(|k| format!("claims/actor/speaker-{k}/\"")),
    );
    // Sources and actors: an index by kind and initial, each record on
    // exactly one page.
    let index = d.output("sources/index.html");
    assert_contains!(
        index,
        "61 sources, too many for one page",
        "<h3><a href=\"../sources/page/1/#kind-news\">News</a> <span class=\"count\">(31)</span></h3>",
        "<a href=\"../sources/page/1/#kind-news-a\">A</a>"
    );
    let own = pages_of(&d, &pages, "sources/", 3);
    each_on_one_page(&own, (0..60).map(|k| format!("sources/src-{k}/\"")));
    assert_contains!(
        d.output("actors/index.html"),
        "61 actors, too many for one page",
        "<a href=\"../actors/page/1/#kind-organization\">Organization</a>"
    );
    let own = pages_of(&d, &pages, "actors/", 3);
    each_on_one_page(&own, (0..60).map(|k| format!("actors/speaker-{k}/\"")));
    // The sitemap names the new pages.
    let sitemap = d.output("sitemap.xml");
    assert_contains!(
        sitemap,
        "<loc>https://example.org/claims/page/12/</loc>",
        "<loc>https://example.org/claims/stance/denies/page/7/</loc>",
        "<loc>https://example.org/claims/actor/</loc>",
        "<loc>https://example.org/claims/actor/page/3/</loc>",
        "<loc>https://example.org/sources/page/3/</loc>",
        "<loc>https://example.org/actors/page/3/</loc>"
    );
    // Every link resolves, anchors included (the index's letters and
    // kinds, the months of the ledger).
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_split_ledger_sources_and_actors_work_with_plain_file_urls() {
    let d = ledgered(30, 30, 25, false);
    d.build();
    assert_contains!(
        d.output("claims/page/2.html"),
        "rel=\"prev\" href=\"../../claims/page/1.html\"",
        "rel=\"next\" href=\"../../claims/page/3.html\"",
        "rel=\"up\" href=\"../../claims/index.html#index\""
    );
    assert_contains!(
        d.output("sources/page/2.html"),
        "rel=\"up\" href=\"../../sources/index.html#index\""
    );
    assert_contains!(
        d.output("claims/actor/speaker-0/page/1.html"),
        "rel=\"up\" href=\"../../../../claims/actor/speaker-0.html#index\""
    );
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_short_ledger_sources_and_actors_list_is_not_split() {
    // 60 claims by 12 actors, 13 sources and actors: all within 60 a page.
    let d = ledgered(30, 12, 60, true);
    d.build();
    for list in ["claims", "sources", "actors", "claims/actor/speaker-0"] {
        assert!(
            !d.root.join(format!("public/{list}/page")).exists(),
            "{list}"
        );
    }
    let ledger = d.output("claims/index.html");
    assert_eq!(ledger.matches("<li class=\"claim ").count(), 60);
    assert!(!ledger.contains("list-index"));
    // 12 actors: the filter names every one and there is no list of them.
    assert_eq!(ledger.matches("data-facet=\"actor\"").count(), 12);
    assert!(!d.root.join("public/claims/actor/index.html").exists());
    assert_eq!(
        d.output("sources/index.html")
            .matches("<li class=\"source-item")
            .count(),
        13
    );
    assert!(!d.output("actors/index.html").contains("list-index"));
}

#[test]
fn every_actors_chronology_splits_like_the_actors_list() {
    // 60 actors of three kinds, each in two of 120 events, at 25 a page:
    // `/chronology/actor/` names 61 views (Kataib Hezbollah's too).
    let d = paged(0, 25, true);
    let names = ["Alpha", "Bravo", "9th", "«Zulu»"];
    let mut actors = String::new();
    let mut csv = String::from("id,title,date,kind,actors,sources\n");
    for k in 0..60 {
        let kind = ["organization", "state", "person"][k % 3];
        let name = names[k % names.len()];
        actors.push_str(&format!(
            "[[actor]]\nid = \"party-{k}\"\nname = \"{name} <{k}>\"\nkind = \"{kind}\"\n\n"
        ));
    }
    for i in 0..120 {
        csv.push_str(&format!(
            "ev-{i},Event {i},2020-{:02}-{:02},rocket-attack,party-{}:perpetrator;kataib-hezbollah:claimed,nbc-2020\n",
            1 + i % 12,
            1 + i % 28,
            i % 60
        ));
    }
    d.write("data/actors.toml", actors);
    d.write("data/incidents/bulk.csv", csv);
    d.build();
    let pages = html_pages(&d);
    let index = d.output("chronology/actor/index.html");
    assert_contains!(
        index,
        "61 actors, too many for one page",
        "<a href=\"../../chronology/actor/page/1/#kind-organization\">Organization</a> <span class=\"count\">(21)</span>",
        "<a href=\"../../chronology/actor/page/1/#kind-organization-a\">A</a>"
    );
    // The index links pages, not every view (its filter names the busiest
    // few); each view is on exactly one page of it, with its count.
    assert!(
        index.matches("data-facet=\"actor\"").count() < 30,
        "{index}"
    );
    let own = pages_of(&d, &pages, "chronology/actor/", 3);
    each_on_one_page(
        &own,
        (0..60).map(|k| format!("chronology/actor/party-{k}/\"")),
    );
    assert_contains!(
        d.output("chronology/actor/page/1/index.html"),
        "data-value=\"kataib-hezbollah\">Kataib Hezbollah</a> <span class=\"count\">(120)</span>"
    );
    assert_contains!(
        d.output("sitemap.xml"),
        "<loc>https://example.org/chronology/actor/page/3/</loc>"
    );
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_list_of_more_than_500_pages_is_indexed_by_month_with_its_page_ranges() {
    // 1,010 events at 2 a page: 505 pages of the chronology, the events
    // and Kataib Hezbollah's list, over the 500 an index links one by one.
    let d = paged(1010, 2, true);
    d.build();
    let chronology = d.output("chronology/index.html");
    assert_contains!(
        chronology,
        "1010 events, too many for one page: they are listed 505 pages at a time",
        "Each month gives the pages it is on",
        // A month within one page, and one over several (2020-06 has the
        // event dated only to the month first).
        "<span class=\"pages\">pages <a href=\"../chronology/page/"
    );
    assert!(!chronology.contains("<ol class=\"page-index\"><li><a href=\"../chronology/page/"));
    for list in ["chronology/", "events/", "actors/kataib-hezbollah/"] {
        let html = d.output(&format!("{list}index.html"));
        assert!(!html.contains("<h3>Pages</h3>"), "{list}");
        // Every page is reached from the index through the month that
        // starts on it or the pages before and after it.
        let first = format!(
            "href=\"{}{list}page/1/\"",
            "../".repeat(list.matches('/').count())
        );
        let last = format!(
            "href=\"{}{list}page/505/\"",
            "../".repeat(list.matches('/').count())
        );
        assert_contains!(html, &first, &last);
    }
    let broken = crate::harness::check_links(&d.root.join("public"), "/");
    assert!(broken.is_empty(), "{broken:#?}");
}
