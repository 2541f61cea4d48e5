//! The citation and wiki-link syntax: `[@key, locator; @other]`, `[[id|label]]`.

/// One cited source inside a citation bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// Source id.
    pub key: String,
    /// Text before the key ("see").
    pub prefix: String,
    /// Text after the key ("para. 4").
    pub locator: String,
}

/// A reference found in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `[@a, para. 4; @b]`
    Cite(Vec<CiteItem>),
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
    while let Some(rel) = memchr::memchr(b'[', &bytes[i..]) {
        let start = i + rel;
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

fn parse_cite(inner: &str) -> Option<Vec<CiteItem>> {
    if inner.contains('[') || inner.matches('\n').count() > 1 {
        return None;
    }
    let mut items = Vec::new();
    for part in inner.split(';') {
        let at = part.find('@')?;
        // Like Pandoc: `@` starts a word, so `me@example.org` is no citation.
        if !(part[..at].is_empty() || part[..at].ends_with(char::is_whitespace)) {
            return None;
        }
        let prefix = part[..at].trim();
        let rest = &part[at + 1..];
        let key_len = rest.find(|c: char| !is_key_char(c)).unwrap_or(rest.len());
        let key = rest[..key_len].trim_end_matches(['.', ':', '/']);
        if key.is_empty() {
            return None;
        }
        let locator = rest[key.len()..].trim().trim_start_matches(',').trim();
        items.push(CiteItem {
            key: key.to_string(),
            prefix: fold_space(prefix),
            locator: fold_space(locator),
        });
    }
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
