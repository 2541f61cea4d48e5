//! The citation and wiki-link syntax: Pandoc's citations (`[@key, locator;
//! @other]`, `[-@key]`, author-in-text `@key` and `@key [p. 33]`) and wiki
//! links (`[[id|label]]`).

/// One cited source inside a citation bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// Source id.
    pub key: String,
    /// Text before the key ("see").
    pub prefix: String,
    /// Text after the key ("para. 4").
    pub locator: String,
    /// How the citation names the source.
    pub mode: CiteMode,
}

/// Pandoc's three forms of a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CiteMode {
    /// `[@key]`: "(Doe 2021)" in an author-date style.
    #[default]
    Normal,
    /// `[-@key]`: "(2021)", the author being named in the sentence.
    SuppressAuthor,
    /// `@key`: "Doe (2021)", the author as part of the sentence.
    AuthorInText,
}

/// A reference found in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `[@a, para. 4; @b]`
    Cite(Vec<CiteItem>),
    /// `@a` or `@a [p. 4]` in the text: a citation when `a` is a source,
    /// else the text as written (`raw`), like a handle such as `@IraqiPMO`.
    InText {
        /// The citation.
        item: CiteItem,
        /// The text as written.
        raw: String,
    },
    /// `[[target]]` or `[[target|label]]`
    Wiki {
        /// Id of an event, actor, source or page.
        target: String,
        /// Link text, when given.
        label: Option<String>,
    },
}

/// Every citation and wiki link in `text`: (start, end, what) by byte offset.
pub fn scan(text: &str) -> Vec<(usize, usize, RefKind)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = memchr::memchr2(b'[', b'@', &bytes[i..]) {
        let start = i + rel;
        if bytes[start] == b'@' {
            if let Some((end, kind)) = parse_in_text(text, start) {
                found.push((start, end, kind));
                i = end;
            } else {
                i = start + 1;
            }
            continue;
        }
        if bytes.get(start + 1) == Some(&b'[') {
            if let Some(len) = text[start + 2..].find("]]")
                && let Some(kind) = parse_wiki(&text[start + 2..start + 2 + len])
            {
                let end = start + 2 + len + 2;
                found.push((start, end, kind));
                i = end;
                continue;
            }
        } else if let Some(len) = text[start + 1..].find(']')
            && let Some(items) = parse_cite(&text[start + 1..start + 1 + len])
        {
            let end = start + 1 + len + 1;
            found.push((start, end, RefKind::Cite(items)));
            i = end;
            continue;
        }
        i = start + 1;
    }
    found
}

/// Folds runs of white space (a wrapped line) into one space.
fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_wiki(inner: &str) -> Option<RefKind> {
    if inner.contains(['[', ']']) || inner.matches('\n').count() > 1 {
        return None;
    }
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t.trim(), Some(fold_space(l)).filter(|l| !l.is_empty())),
        None => (inner.trim(), None),
    };
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some(RefKind::Wiki {
        target: target.to_string(),
        label,
    })
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')
}

/// A key's length at the start of `rest` (after the `@`), as Pandoc reads
/// keys: starting with a letter, digit or `_`, with internal punctuation
/// but none at the end.
fn key_len(rest: &str) -> usize {
    if !rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return 0;
    }
    let len = rest.find(|c: char| !is_key_char(c)).unwrap_or(rest.len());
    rest[..len].trim_end_matches(['.', ':', '/', '-']).len()
}

/// An author-in-text citation at `at` (an `@`): `@key`, or `@key [p. 33]`
/// with its locator. Like Pandoc, an `@` after a letter or digit
/// (`me@example.org`) starts none.
fn parse_in_text(text: &str, at: usize) -> Option<(usize, RefKind)> {
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '_' | '-' | '.' | '/'))
    {
        return None;
    }
    let rest = &text[at + 1..];
    let len = key_len(rest);
    if len == 0 {
        return None;
    }
    let key = &rest[..len];
    let mut end = at + 1 + len;
    let mut locator = String::new();
    // `@key [p. 33]`: a bracket right after, holding no citation or link.
    if let Some(after) = text[end..].strip_prefix(" [")
        && let Some(close) = after.find(']')
    {
        let inner = &after[..close];
        if !inner.contains(['@', '['])
            && !inner.contains('\n')
            && !after[close + 1..].starts_with(['(', '['])
        {
            locator = fold_space(inner);
            end += 2 + close + 1;
        }
    }
    Some((
        end,
        RefKind::InText {
            item: CiteItem {
                key: key.to_string(),
                prefix: String::new(),
                locator,
                mode: CiteMode::AuthorInText,
            },
            raw: text[at..end].to_string(),
        },
    ))
}

fn parse_cite(inner: &str) -> Option<Vec<CiteItem>> {
    if inner.contains('[') || inner.matches('\n').count() > 1 {
        return None;
    }
    let mut items = Vec::new();
    for part in inner.split(';') {
        let at = part.find('@')?;
        // `[-@key]`: Pandoc's suppress-author form.
        let (before, mode) = match part[..at].strip_suffix('-') {
            Some(b) => (b, CiteMode::SuppressAuthor),
            None => (&part[..at], CiteMode::Normal),
        };
        // Like Pandoc: `@` starts a word, so `me@example.org` is no citation.
        if !(before.is_empty() || before.ends_with(char::is_whitespace)) {
            return None;
        }
        let prefix = before.trim();
        let rest = &part[at + 1..];
        let key = &rest[..key_len(rest)];
        if key.is_empty() {
            return None;
        }
        let locator = rest[key.len()..].trim().trim_start_matches(',').trim();
        items.push(CiteItem {
            key: key.to_string(),
            prefix: fold_space(prefix),
            locator: fold_space(locator),
            mode,
        });
    }
    // Held for the whole build: a one-item citation without room for four.
    items.shrink_to_fit();
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandoc_citations() {
        let found = scan("x [@a, para. 4; see @b-2] y [@c].");
        assert_eq!(found.len(), 2);
        let RefKind::Cite(items) = &found[0].2 else {
            panic!()
        };
        assert_eq!(items[0].key, "a");
        assert_eq!(items[0].locator, "para. 4");
        assert_eq!(items[1].key, "b-2");
        assert_eq!(items[1].prefix, "see");
        assert_eq!(
            &"x [@a, para. 4; see @b-2] y [@c]."[found[1].0..found[1].1],
            "[@c]"
        );
    }

    #[test]
    fn plain_brackets_and_emails_are_text() {
        assert!(scan("[a] [b, c] [mail me@x]").is_empty());
        assert!(scan("[@] [[ ]] [[a\nb]] [[a\n\nb|c]]").is_empty());
    }

    #[test]
    fn pandoc_in_text_and_suppress_author_forms() {
        let text = "As @doe-2021 [p. 33] says, and @roe.; Iraq's PM [-@pm-2020, para. 2] wrote to me@example.org and @IraqiPMO.";
        let found = scan(text);
        let kinds: Vec<&RefKind> = found.iter().map(|f| &f.2).collect();
        let RefKind::InText { item, raw } = kinds[0] else {
            panic!("{kinds:?}")
        };
        assert_eq!(
            (item.key.as_str(), item.locator.as_str()),
            ("doe-2021", "p. 33")
        );
        assert_eq!(raw, "@doe-2021 [p. 33]");
        let RefKind::InText { item, raw } = kinds[1] else {
            panic!("{kinds:?}")
        };
        assert_eq!((item.key.as_str(), raw.as_str()), ("roe", "@roe"));
        let RefKind::Cite(items) = kinds[2] else {
            panic!("{kinds:?}")
        };
        assert_eq!(items[0].mode, CiteMode::SuppressAuthor);
        assert_eq!(items[0].key, "pm-2020");
        assert_eq!(items[0].locator, "para. 2");
        // An e-mail address is no citation; a handle is scanned and left as
        // text when it names no source.
        assert_eq!(found.len(), 4);
        assert!(matches!(kinds[3], RefKind::InText { raw, .. } if raw == "@IraqiPMO"));
    }

    #[test]
    fn an_in_text_key_before_a_link_keeps_its_bracket() {
        let found = scan("@doe [the report](https://x.org) and @roe [see [@a]]");
        let raws: Vec<String> = found
            .iter()
            .filter_map(|f| match &f.2 {
                RefKind::InText { raw, .. } => Some(raw.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(raws, ["@doe", "@roe"]);
    }

    #[test]
    fn wiki_links() {
        let found = scan("[[kh|Kataib]] [[iran]]");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].2,
            RefKind::Wiki {
                target: "kh".into(),
                label: Some("Kataib".into())
            }
        );
    }
}
