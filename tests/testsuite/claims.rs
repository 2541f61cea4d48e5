//! The claims ledger, the editors' ratings with their ClaimReview markup,
//! and every record page's cite-this block and files.

use crate::assert_contains;
use crate::harness::Dossier;

const K1: &str = "events/2019-12-27-k1-attack/index.html";

/// The full fixture with a `[ratings]` vocabulary and the K-1 denial rated.
fn rated() -> Dossier {
    let d = Dossier::fixture("full");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[ratings]\nfalse = {{ label = \"False\", value = 1 }}\nunsupported = {{ label = \"Unsupported\", value = 2 }}\nconfirmed = {{ label = \"Confirmed\", value = 5 }}\n"),
    );
    let event = "content/events/2019-12-27-k1-attack.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    d.write(
        event,
        text.replacen(
            "sources = [\"zh-2019-12-30\"]\n+++",
            "sources = [\"zh-2019-12-30\"]\nrating = \"unsupported\"\nrating_note = \"No source gives evidence <beyond> the denial.\"\n+++",
            1,
        ),
    );
    d.build();
    d
}

/// The full fixture with a claim of a second actor, in a Markdown record
/// whose data row is in a CSV file.
fn two_claimants() -> Dossier {
    let d = Dossier::fixture("full");
    let event = "content/events/2020-01-03-baghdad-strike.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    d.write(
        event,
        text.replacen(
            "airport\"\n+++",
            "airport\"\n[[claims]]\nby = \"united-states\"\nstance = \"asserts\"\ntext = \"The Pentagon called the strike <defensive>.\"\nvia = [\"iran\"]\nsources = [\"rferl-2021\"]\n+++",
            1,
        ),
    );
    d.build();
    d
}

#[test]
fn the_ledger_lists_every_claim_by_actor_and_stance() {
    let d = two_claimants();
    let all = d.output("claims/index.html");
    assert_contains!(
        all,
        "<h1>Claims ledger</h1>",
        "3 claims.",
        "data-actor=\"iran\" data-stance=\"denies\"",
        "Iran denied having anything to do with attacks on US bases.",
        "Iran called the strikes &quot;an example of terrorism&quot;.",
        "href=\"../events/2019-12-27-k1-attack/#claim-1\"",
        "reported via <a href=\"../sources/reuters-2019/\">Reuters</a>",
        "<a href=\"../claims/stance/denies/\" data-facet=\"stance\" data-value=\"denies\">Denials</a> <span class=\"count\">(1)</span>",
        "<div class=\"filters\" data-claims-filters>"
    );
    // Every claim of every event is listed, once.
    let events: serde_json::Value = serde_json::from_str(&d.output("data/events.json")).unwrap();
    let claims: Vec<&serde_json::Value> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["claims"].as_array().unwrap())
        .collect();
    assert_eq!(claims.len(), 3);
    assert_eq!(all.matches("<li class=\"claim ").count(), claims.len());
    for c in &claims {
        let text = c["text"]
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert_eq!(
            all.matches(&format!("<p class=\"claim-text\">{text}</p>"))
                .count(),
            1,
            "{text}"
        );
    }
    let denials = d.output("claims/stance/denies/index.html");
    assert_contains!(
        denials,
        "Iran denied having anything",
        "aria-current=\"page\">Denials</a>"
    );
    assert!(!denials.contains("an example of terrorism"), "{denials}");
    let iran = d.output("claims/actor/iran/index.html");
    assert_contains!(
        iran,
        "Iran denied having anything",
        "an example of terrorism"
    );
    assert!(!iran.contains("The Pentagon"), "{iran}");
    assert_eq!(iran.matches("<li class=\"claim ").count(), 2);
    let us = d.output("claims/actor/united-states/index.html");
    assert_contains!(
        us,
        "<p class=\"claim-text\">The Pentagon called the strike &lt;defensive&gt;.</p>",
        "reported via <a href=\"../../../actors/iran/\">Iran</a>",
        "aria-current=\"page\">United States</a>"
    );
    assert_eq!(us.matches("<li class=\"claim ").count(), 1);
    assert!(
        !d.output("claims/stance/asserts/index.html")
            .contains("Iran denied")
    );
    // The event's claim carries the anchor the ledger links to.
    assert_contains!(
        d.output(K1),
        "<li class=\"claim stance-denies\" id=\"claim-1\">"
    );
    // The header links to the ledger, the sitemap lists its pages.
    assert_contains!(d.output("index.html"), ">Claims</a>");
    assert_contains!(
        d.output("sitemap.xml"),
        "<loc>https://example.org/sub/dossier/claims/</loc>",
        "<loc>https://example.org/sub/dossier/claims/actor/united-states/</loc>",
        "<loc>https://example.org/sub/dossier/claims/stance/denies/</loc>"
    );
}

#[test]
fn a_rated_claim_is_shown_and_published_as_claim_review() {
    let d = rated();
    let page = d.output(K1);
    assert_contains!(
        page,
        "<span class=\"rating rating-unsupported\">Rated: Unsupported</span> <span class=\"rating-note\">No source gives evidence &lt;beyond&gt; the denial.</span>"
    );
    assert_contains!(d.output("claims/index.html"), "Rated: Unsupported");
    // The second JSON-LD block is the claim reviews.
    let blocks: Vec<&str> = page
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|b| b.split("</script>").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2, "an Event and the ClaimReviews");
    assert!(!blocks[1].contains('<'), "no raw < in a script element");
    let reviews: serde_json::Value = serde_json::from_str(blocks[1]).unwrap();
    let r = &reviews[0];
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert_eq!(
        r["claimReviewed"],
        "Iran denied having anything to do with attacks on US bases."
    );
    assert_eq!(
        r["url"],
        "https://example.org/sub/dossier/events/2019-12-27-k1-attack/#claim-1"
    );
    assert_eq!(r["author"]["@type"], "Organization");
    assert!(r["datePublished"].as_str().is_some_and(|d| d.len() == 10));
    assert_eq!(r["itemReviewed"]["@type"], "Claim");
    assert_eq!(r["itemReviewed"]["author"]["name"], "Iran");
    let appearance = &r["itemReviewed"]["appearance"][0];
    assert_eq!(appearance["@type"], "CreativeWork");
    assert!(
        appearance["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    let rating = &r["reviewRating"];
    assert_eq!(rating["@type"], "Rating");
    assert_eq!(rating["ratingValue"], 2);
    assert_eq!(rating["bestRating"], 5);
    assert_eq!(rating["worstRating"], 1);
    assert_eq!(rating["alternateName"], "Unsupported");
    assert_eq!(
        r["reviewBody"],
        "No source gives evidence <beyond> the denial."
    );
    // An unrated claim is no review, and a page with none has no block.
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    let us = d.output("events/2019-12-29-us-strikes/index.html");
    assert_eq!(us.matches("application/ld+json").count(), 1);
}

#[test]
fn every_record_page_can_be_cited_in_the_dossiers_style() {
    let d = Dossier::fixture("full");
    d.build();
    let page = d.output(K1);
    // The edition is the newest date the record rests on: here RFE/RL's.
    assert_contains!(
        page,
        "<h2 id=\"cite-this-heading\">Cite this page</h2>\n<p class=\"citation\">“Rocket attack on K-1 air base, Kirkuk.” <cite>Tests &amp; &lt;Trials&gt; &quot;dossier&quot;</cite>, edition of 26 February 2021. <a href=\"https://example.org/sub/dossier/events/2019-12-27-k1-attack/\">",
        "<a href=\"cite.bib\" download>BibTeX</a> · <a href=\"cite.ris\" download>RIS</a> · <a href=\"cite.json\" download>CSL-JSON</a>"
    );
    // The record's own citation sits under the title, not in the heading.
    assert_contains!(
        page,
        "<p class=\"record-sources\">Sources: <sup class=\"cite\">"
    );
    assert!(!page.contains("</sup></h1>"), "a citation inside the title");
    let bib = d.output("events/2019-12-27-k1-attack/cite.bib");
    assert_contains!(
        bib,
        "@misc{2019-12-27-k1-attack,\n  author = {{Tests \\& <Trials> \"dossier\"}},\n  title = {Rocket attack on K-1 air base, Kirkuk},",
        "date = {2021-02-26},",
        "url = {https://example.org/sub/dossier/events/2019-12-27-k1-attack/},"
    );
    let ris = d.output("events/2019-12-27-k1-attack/cite.ris");
    assert_contains!(
        ris,
        "TY  - ELEC\r\n",
        "TI  - Rocket attack on K-1 air base, Kirkuk\r\n",
        "DA  - 2021/02/26/\r\n",
        "ER  - \r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&d.output("events/2019-12-27-k1-attack/cite.json")).unwrap();
    assert_eq!(json[0]["type"], "webpage");
    assert_eq!(json[0]["issued"]["date-parts"][0][0], 2021);
    for f in [
        "actors/iran/cite.bib",
        "sources/rferl-2021/cite.ris",
        "sources/rferl-2021/cite.json",
    ] {
        assert!(d.root.join("public").join(f).is_file(), "{f}");
    }
    // Every cite file parses: BibTeX with the biblatex crate, CSL-JSON.
    for section in [
        "events/2019-12-27-k1-attack",
        "actors/iran",
        "sources/rferl-2021",
    ] {
        let bib = d.output(&format!("{section}/cite.bib"));
        let parsed = biblatex::Bibliography::parse(&bib).unwrap();
        let id = section.rsplit('/').next().unwrap();
        let entry = parsed.get(id).unwrap_or_else(|| panic!("{bib}"));
        assert!(entry.title().is_ok(), "{bib}");
        assert!(entry.url().is_ok(), "{bib}");
        let json: serde_json::Value =
            serde_json::from_str(&d.output(&format!("{section}/cite.json"))).unwrap();
        assert_eq!(json[0]["id"], id);
        assert!(
            d.output(&format!("{section}/cite.ris"))
                .starts_with("TY  - ELEC\r\n")
        );
    }
    // An actor page links its files too.
    assert_contains!(
        d.output("actors/iran/index.html"),
        "<h2 id=\"cite-this-heading\">Cite this page</h2>",
        "<a href=\"cite.json\" download>CSL-JSON</a>"
    );
}

#[test]
fn the_page_citation_follows_the_configured_style() {
    let url = "<a href=\"https://example.org/sub/dossier/events/2019-12-27-k1-attack/\">https://example.org/sub/dossier/events/2019-12-27-k1-attack/</a>";
    let site = "Tests &amp; &lt;Trials&gt; &quot;dossier&quot;";
    for (style, expected) in [
        (
            "apa",
            format!(
                "<p class=\"citation\">{site}. (2021, February 26). <i>Rocket attack on K-1 air base, Kirkuk</i>. {url}</p>"
            ),
        ),
        (
            "chicago-author-date",
            format!(
                "<p class=\"citation\">{site}. 2021. “Rocket Attack on K-1 Air Base, Kirkuk.” February 26. {url}.</p>"
            ),
        ),
        (
            "modern-language-association",
            format!(
                "<p class=\"citation\">{site}. <i>Rocket Attack on K-1 Air Base, Kirkuk</i>. 26 Feb. 2021, {url}.</p>"
            ),
        ),
    ] {
        let d = crate::citations::with_style(style);
        assert_contains!(d.output(K1), &expected);
        // The files are the same data whatever the style.
        assert_contains!(
            d.output("events/2019-12-27-k1-attack/cite.bib"),
            "date = {2021-02-26},"
        );
    }
}

#[test]
fn a_pages_edition_is_its_newest_correction() {
    let d = Dossier::fixture("full");
    let event = "content/events/2019-12-27-k1-attack.md";
    let text = std::fs::read_to_string(d.root.join(event)).unwrap();
    assert!(
        !text.contains("[[changes]]"),
        "the fixture's K-1 has no log yet"
    );
    d.write(
        event,
        text.replacen(
            "[[claims]]",
            "[[changes]]\ndate = \"2022-03-04\"\nkind = \"correction\"\ntext = \"Fixed the base's name.\"\n\n[[claims]]",
            1,
        ),
    );
    d.build();
    assert_contains!(
        d.output(K1),
        "<p class=\"citation\">“Rocket attack on K-1 air base, Kirkuk.” <cite>Tests &amp; &lt;Trials&gt; &quot;dossier&quot;</cite>, edition of 4 March 2022."
    );
    assert_contains!(
        d.output("events/2019-12-27-k1-attack/cite.bib"),
        "date = {2022-03-04},"
    );
}
