//! `[auto_link]`: the first mention of an actor's name or alias in an
//! event's prose links to the actor, and nothing else is touched.

use crate::assert_contains;
use crate::harness::Dossier;

/// The full fixture with `[auto_link]` set as given and one more event whose
/// prose is `body`; the event's written page.
fn page_with(enabled: bool, body: &str) -> String {
    let d = Dossier::fixture("full");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        format!("{toml}\n[auto_link]\nenabled = {enabled}\n"),
    );
    d.write(
        "content/events/2020-01-05-vote.md",
        format!(
            "+++\ntitle = \"Parliament votes\"\ndate = \"2020-01-05\"\nkind = \"rocket-attack\"\nescalation = 2\nsources = [\"rferl-2021\"]\n+++\n{body}\n"
        ),
    );
    d.build();
    d.output("events/2020-01-05-vote/index.html")
}

/// The event's prose: its `<section class="prose narrative">`.
fn prose(page: &str) -> &str {
    let start = page.find("class=\"prose narrative\"").expect("prose");
    &page[start..start + page[start..].find("</section>").unwrap()]
}

const AUTO: &str = "<a class=\"auto-link\" href=\"../../actors/";

#[test]
fn the_first_mention_of_a_name_or_alias_links_to_the_actor() {
    let page = page_with(
        true,
        "Tehran answered. Iran said more, and Tehran again. The US and Kaitib Hizballah (KH) too; Iranians and USA are other words.",
    );
    let p = prose(&page);
    assert_contains!(
        p,
        "<a class=\"auto-link\" href=\"../../actors/iran/\">Tehran</a> answered. Iran said more, and Tehran again.",
        "The <a class=\"auto-link\" href=\"../../actors/united-states/\">US</a> and <a class=\"auto-link\" href=\"../../actors/kataib-hezbollah/\">Kaitib Hizballah</a> (KH) too; Iranians and USA"
    );
    assert_eq!(p.matches(AUTO).count(), 3, "{p}");
}

#[test]
fn auto_link_is_off_unless_asked_for() {
    let page = page_with(false, "Tehran answered.");
    assert!(!page.contains("auto-link"));
}

#[test]
fn code_is_never_linked() {
    let p = page_with(true, "The string `Iran` and\n\n```\nIran\n```\n");
    assert!(!prose(&p).contains(AUTO), "{}", prose(&p));
}

#[test]
fn headings_are_never_linked() {
    let p = page_with(true, "## Iran answers\n\nNo name here.");
    assert!(!prose(&p).contains(AUTO), "{}", prose(&p));
}

#[test]
fn existing_links_are_never_linked_again() {
    // Inside a link, and an actor the prose links itself.
    let p = page_with(
        true,
        "See [what Iran said](https://example.org/) and [[united-states|Washington]]; the US agreed.",
    );
    let p = prose(&p);
    assert!(!p.contains(AUTO), "{p}");
    assert_contains!(p, ">what Iran said</a>");
}

#[test]
fn block_quotations_are_never_linked() {
    let p = page_with(true, "> Iran will answer.\n\nNo name after.");
    assert!(!prose(&p).contains(AUTO), "{}", prose(&p));
}

#[test]
fn quoted_spans_are_never_linked() {
    let p = page_with(
        true,
        "A spokesman said \"Iran will *surely* answer\" and then <q>Tehran waits</q>; Iran did.",
    );
    let p = prose(&p);
    // Only the mention after the quotations is linked.
    assert_eq!(p.matches(AUTO).count(), 1, "{p}");
    assert_contains!(
        p,
        "; <a class=\"auto-link\" href=\"../../actors/iran/\">Iran</a> did."
    );
}

#[test]
fn only_whole_words_are_linked() {
    let p = page_with(true, "Iranian officials and USAID staff.");
    assert!(!prose(&p).contains(AUTO), "{}", prose(&p));
}
