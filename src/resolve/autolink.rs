//! `[auto_link]`: the first mention of an actor's name or alias in an
//! event's prose becomes a link to the actor's page, so an editor need not
//! write `[[kataib-hezbollah]]` by hand. Whole words only, matched as
//! written (names are proper nouns: "US" is not "us"), and never inside
//! code, headings, links, citations, block quotations, `<q>` or a span
//! between quotation marks: a quotation is the source's words, not ours. An
//! actor the prose links already is left alone.
//!
//! One Aho-Corasick automaton over every name and alias is built once per
//! build and scans each event's HTML once, whatever the number of actors.

use crate::base::html::escape;
use crate::markdown::RecordLink;
use crate::model::Actor;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The matcher of every actor's name and aliases.
#[derive(Debug)]
pub(crate) struct AutoLinker {
    matcher: AhoCorasick,
    /// The actor each pattern names.
    actor_of: Vec<usize>,
    /// Actor ids, to recognise the prose's own links.
    ids: HashMap<String, usize>,
}

/// Elements whose text is never linked.
const SKIP: [&str; 16] = [
    "a",
    "code",
    "pre",
    "kbd",
    "samp",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "q",
    "sup",
    "script",
    "style",
];

impl AutoLinker {
    /// The matcher of `actors`' names and aliases (as HTML escapes them,
    /// and with a typographic apostrophe where they have a straight one,
    /// as the Markdown renderer writes it); `None` when there is nothing to
    /// match. A name two actors share goes to the first, by id.
    pub(crate) fn new(actors: &[Actor]) -> Option<AutoLinker> {
        Self::of(
            actors
                .iter()
                .map(|a| (a.id.as_str(), a.name.as_str(), a.aliases.as_slice())),
        )
    }

    /// [`AutoLinker::new`] of (id, name, aliases), in id order.
    fn of<'a>(
        actors: impl Iterator<Item = (&'a str, &'a str, &'a [String])>,
    ) -> Option<AutoLinker> {
        let actors: Vec<_> = actors.collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut actor_of = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (a, &(_, name, aliases)) in actors.iter().enumerate() {
            for name in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
                let name = name.trim();
                // One letter matches too much to mean the actor.
                if name.chars().count() < 2 {
                    continue;
                }
                let escaped = escape(name).to_string();
                let curly = escaped.replace("&#39;", "’").replace('\'', "’");
                for p in [escaped, curly] {
                    if !seen.contains_key(&p) {
                        seen.insert(p.clone(), a);
                        patterns.push(p);
                        actor_of.push(a);
                    }
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        let ids = actors
            .iter()
            .enumerate()
            .map(|(a, actor)| (actor.0.to_string(), a))
            .collect();
        Some(AutoLinker {
            matcher,
            actor_of,
            ids,
        })
    }

    /// `html` (an event's rendered prose) with the first mention of each
    /// actor linked to `href(actor)`.
    pub(crate) fn link(&self, html: &str, href: impl Fn(usize) -> String) -> String {
        let mut linked = vec![false; self.ids.len()];
        // The actors the prose links to itself.
        for part in html.split("href=\"").skip(1) {
            let dest = &part[..part.find('"').unwrap_or(part.len())];
            if let Some(RecordLink::Actor(id)) = RecordLink::parse(dest)
                && let Some(&a) = self.ids.get(&id)
            {
                linked[a] = true;
            }
        }
        let mut out = String::with_capacity(html.len() + 256);
        let mut skip = 0usize;
        let mut quoted = false;
        let mut rest = html;
        while !rest.is_empty() {
            if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = &rest[..end];
                out.push_str(tag);
                rest = &rest[end..];
                let closing = tag.starts_with("</");
                let name: String = tag
                    .trim_start_matches("</")
                    .trim_start_matches('<')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if SKIP.contains(&name.as_str()) && !tag.ends_with("/>") {
                    if closing {
                        skip = skip.saturating_sub(1);
                    } else {
                        skip += 1;
                    }
                }
                // An unclosed quotation mark ends with its block.
                if closing && matches!(name.as_str(), "p" | "li" | "td" | "th" | "dd" | "div") {
                    quoted = false;
                }
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            rest = &rest[end..];
            if skip > 0 {
                quoted ^= quote_marks(text) % 2 == 1;
                out.push_str(text);
                continue;
            }
            let mut at = 0;
            for m in self.matcher.find_iter(text) {
                let before = &text[at..m.start()];
                quoted ^= quote_marks(before) % 2 == 1;
                out.push_str(before);
                at = m.start();
                let a = self.actor_of[m.pattern().as_usize()];
                let word = &text[m.start()..m.end()];
                let whole = !text[..m.start()].chars().next_back().is_some_and(is_word)
                    && !text[m.end()..].chars().next().is_some_and(is_word);
                if linked[a] || quoted || !whole {
                    continue;
                }
                linked[a] = true;
                out.push_str("<a class=\"auto-link\" href=\"");
                out.push_str(&escape(&href(a)));
                out.push_str("\">");
                out.push_str(word);
                out.push_str("</a>");
                at = m.end();
            }
            let tail = &text[at..];
            quoted ^= quote_marks(tail) % 2 == 1;
            out.push_str(tail);
        }
        out
    }
}

/// A letter or digit: what a whole word may not touch.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How many quotation marks `text` opens or closes: curly double quotes
/// and guillemets, and straight ones (escaped `&quot;` in HTML text).
fn quote_marks(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '“' | '”' | '«' | '»' | '"'))
        .count()
        + text.matches("&quot;").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> AutoLinker {
        let aliases = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let actors = [
            ("iran", "Iran", aliases(&["Tehran"])),
            (
                "kh",
                "Kataib Hezbollah",
                aliases(&["KH", "Kata'ib Hizballah"]),
            ),
            ("us", "United States", aliases(&["US"])),
        ];
        AutoLinker::of(actors.iter().map(|(i, n, a)| (*i, *n, a.as_slice()))).unwrap()
    }

    fn link(html: &str) -> String {
        linker().link(html, |a| format!("/actors/{a}/"))
    }

    #[test]
    fn the_first_whole_word_mention_is_linked() {
        assert_eq!(
            link("<p>Iran and Iranian media; Iran again. US, us, USA.</p>"),
            "<p><a class=\"auto-link\" href=\"/actors/0/\">Iran</a> and Iranian media; Iran again. <a class=\"auto-link\" href=\"/actors/2/\">US</a>, us, USA.</p>"
        );
        // The longest name wins; the typographic apostrophe matches too.
        assert_eq!(
            link("<p>Kata’ib Hizballah, KH.</p>"),
            "<p><a class=\"auto-link\" href=\"/actors/1/\">Kata’ib Hizballah</a>, KH.</p>"
        );
    }

    #[test]
    fn code_headings_links_and_quotations_are_left_alone() {
        for html in [
            "<p><code>Iran</code></p>",
            "<h2 id=\"iran\">Iran</h2>",
            "<p><a href=\"https://example.org/\">Iran</a></p>",
            "<blockquote><p>Iran</p></blockquote>",
            "<p><q>Iran</q></p>",
            "<p>He said “Iran <em>will</em> answer”.</p>",
            "<p>He said &quot;Iran&quot;.</p>",
            "<pre><code>Iran</code></pre>",
            "<p><sup class=\"cite\">[<a href=\"#ref-1\" title=\"Iran\">1</a>]</sup></p>",
        ] {
            assert!(!link(html).contains("auto-link"), "{html}");
        }
        // After the quotation, the next mention is linked.
        assert!(
            link("<p>“Iran” said Tehran.</p>")
                .contains("<a class=\"auto-link\" href=\"/actors/0/\">Tehran</a>")
        );
        // An actor the prose already links is not linked again.
        let own = "<p><a href=\"../../actors/iran/\">the Islamic Republic</a> and Iran.</p>";
        assert_eq!(link(own), own);
    }
}
