//! Splitting TOML front matter (between `+++` lines) from the Markdown body.

/// A file split into front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines ("" when there is none).
    pub front: &'a str,
    /// Line of the front matter's first line in the file.
    pub front_line: usize,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// Line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text`; an unclosed or YAML-style block is an error (message, line).
pub fn split_front_matter(text: &str) -> Result<Split<'_>, (String, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() == "---" {
        return Err((
            "the front matter starts with `---` (YAML): dossier reads TOML front matter between `+++` lines".into(),
            1,
        ));
    }
    if first.trim_end() != "+++" {
        return Ok(Split {
            front: "",
            front_line: 1,
            body: text,
            body_line: 1,
        });
    }
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    // The lines after the opening one, each with its newline (the last may
    // have none), found with memchr's vector search: 11k files a build.
    let rest = &text.as_bytes()[after_open..];
    let ends = memchr::memchr_iter(b'\n', rest)
        .map(|i| i + 1)
        .chain((!rest.is_empty() && !rest.ends_with(b"\n")).then_some(rest.len()));
    let mut offset = after_open;
    for (line, end) in (2..).zip(ends) {
        let l = &text[offset..after_open + end];
        if l.starts_with('+') && l.trim_end() == "+++" {
            let front = &text[after_open..offset];
            return Ok(Split {
                front,
                front_line: 2,
                body: &text[after_open + end..],
                body_line: line + 1,
            });
        }
        offset = after_open + end;
    }
    Err((
        "the front matter opened by `+++` on line 1 is never closed: add a line with `+++` after it".into(),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split_front_matter("+++\ntitle = \"x\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!((s.front_line, s.body_line), (2, 4));
    }

    #[test]
    fn handles_crlf_bom_and_no_front_matter() {
        let s = split_front_matter("\u{feff}+++\r\na = 1\r\n+++\r\nB").unwrap();
        assert_eq!(s.front, "a = 1\r\n");
        assert_eq!(s.body, "B");
        let s = split_front_matter("Just text").unwrap();
        assert_eq!((s.front, s.body), ("", "Just text"));
        let s = split_front_matter("+++\n+++\n").unwrap();
        assert_eq!((s.front, s.body), ("", ""));
        // Closed on the last line, with no newline after it; a `+++` that
        // is not alone on its line does not close.
        let s = split_front_matter("+++\na = \"é\"\n+++x\n +++\n+++").unwrap();
        assert_eq!(
            (s.front, s.body, s.body_line),
            ("a = \"é\"\n+++x\n +++\n", "", 6)
        );
    }

    #[test]
    fn unclosed_and_yaml_are_errors() {
        assert!(
            split_front_matter("+++\na = 1\n")
                .unwrap_err()
                .0
                .contains("never closed")
        );
        assert!(
            split_front_matter("---\na: 1\n---\n")
                .unwrap_err()
                .0
                .contains("YAML")
        );
    }
}
