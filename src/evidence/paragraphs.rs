//! The readable page of a text or HTML copy: its paragraphs, numbered as
//! `para. N` locators count them. A text copy's paragraphs are its blocks
//! separated by blank lines, or, with `paragraphs = "lines"`, its lines;
//! lines listed in `unnumbered` (headlines, captions, page furniture) are
//! shown but not counted. An HTML copy's paragraphs are its `<p>` elements,
//! shown sanitised: no script, no style, no image or frame, no link, no
//! attribute survives, so the page loads nothing and runs nothing.

use crate::base::html::escape_into;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A copy as its readable page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Readable {
    /// In order.
    pub pieces: Vec<Piece>,
    /// How many paragraphs are numbered.
    pub count: usize,
}

/// A part of the readable page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// A paragraph: its number (none when not counted) and its inner HTML.
    Para(Option<usize>, String),
    /// Sanitised HTML between paragraphs (headings, list and quotation
    /// markup), written as it is.
    Raw(String),
}

/// The paragraphs of a text copy.
pub(crate) fn text(text: &str, lines: bool, unnumbered: &[usize]) -> Readable {
    let mut r = Readable::default();
    let mut push = |first_line: usize, body: &[&str]| {
        let mut html = String::new();
        for (k, l) in body.iter().enumerate() {
            if k > 0 {
                html.push('\n');
            }
            escape_into(&mut html, l.trim());
        }
        let number = if unnumbered.binary_search(&first_line).is_ok() {
            None
        } else {
            r.count += 1;
            Some(r.count)
        };
        r.pieces.push(Piece::Para(number, html));
    };
    let all: Vec<&str> = text.lines().collect();
    if lines {
        for (i, l) in all.iter().enumerate() {
            if !l.trim().is_empty() {
                push(i + 1, &[l]);
            }
        }
    } else {
        let mut start = None;
        for (i, l) in all.iter().enumerate() {
            match (l.trim().is_empty(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    push(s + 1, &all[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            push(s + 1, &all[s..]);
        }
    }
    r
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "ul",
            "ol",
            "li",
            "em",
            "strong",
            "b",
            "i",
            "br",
            "q",
            "cite",
            "small",
            "sub",
            "sup",
            "code",
            "pre",
            "figure",
            "figcaption",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
        ]
        .into_iter()
        .collect();
        let drop_with_content: HashSet<&str> = [
            "script", "style", "title", "noscript", "template", "iframe", "object", "svg", "math",
            "head", "select", "textarea",
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::empty();
        b.tags(tags)
            .clean_content_tags(drop_with_content)
            .strip_comments(true)
            .link_rel(None);
        b
    })
}

/// The paragraphs of an HTML copy.
pub(crate) fn html(source: &str) -> Readable {
    let clean = sanitizer().clean(source).to_string();
    let mut r = Readable::default();
    let mut rest = clean.as_str();
    // ammonia writes a tree it parsed: `<p>` is written bare (no attribute
    // is kept), paragraphs do not nest, and text has its `<` escaped.
    while let Some(open) = rest.find("<p>") {
        let after = &rest[open + 3..];
        let Some(close) = after.find("</p>") else {
            break;
        };
        let inner = &after[..close];
        let before = rest[..open].trim();
        if !before.is_empty() {
            r.pieces.push(Piece::Raw(before.to_string()));
        }
        if text_of(inner).trim().is_empty() {
            r.pieces.push(Piece::Para(None, inner.to_string()));
        } else {
            r.count += 1;
            r.pieces.push(Piece::Para(Some(r.count), inner.to_string()));
        }
        rest = &after[close + 4..];
    }
    if !rest.trim().is_empty() {
        r.pieces.push(Piece::Raw(rest.trim().to_string()));
    }
    r
}

/// The text of sanitised HTML, tags left out.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(r: &Readable) -> Vec<Option<usize>> {
        r.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Para(n, _) => Some(*n),
                Piece::Raw(_) => None,
            })
            .collect()
    }

    #[test]
    fn blocks_are_separated_by_blank_lines() {
        let r = text("Headline\n\nOne\nstill one\n\n\nTwo <b>\n", false, &[1]);
        assert_eq!(r.count, 2);
        assert_eq!(numbers(&r), vec![None, Some(1), Some(2)]);
        assert_eq!(r.pieces[1], Piece::Para(Some(1), "One\nstill one".into()));
        assert_eq!(r.pieces[2], Piece::Para(Some(2), "Two &lt;b&gt;".into()));
    }

    #[test]
    fn lines_mode_counts_every_line() {
        let r = text("Caption\nCredit\nFirst\n\nSecond\nThird", true, &[1, 2]);
        assert_eq!(numbers(&r), vec![None, None, Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn html_is_sanitised_and_numbered() {
        let r = html(
            "<html><head><title>T</title><script>alert(1)</script></head><body>\
             <h1 class=x>Head</h1><p onclick=\"x()\">One <img src=\"https://evil.example/x.png\"><a href=\"https://e.example/\">link</a></p>\
             <iframe src=\"https://evil.example/\"></iframe><blockquote><p>Two</p></blockquote><p> </p></body></html>",
        );
        assert_eq!(r.count, 2);
        let all: String = r
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Para(_, h) | Piece::Raw(h) => h.clone(),
            })
            .collect();
        for banned in [
            "script", "alert", "img", "src=", "href", "iframe", "onclick", "class", "<title>",
        ] {
            assert!(!all.contains(banned), "{banned} in {all}");
        }
        assert_eq!(numbers(&r), vec![Some(1), Some(2), None]);
        assert!(matches!(&r.pieces[0], Piece::Raw(h) if h == "<h1>Head</h1>"));
        assert_eq!(r.pieces[1], Piece::Para(Some(1), "One link".into()));
    }
}
