//! Paragraph locators in citations: `para. 4`, `paras. 4–5`, `¶ 4`,
//! `¶¶ 2, 4`, `paragraphs 3 and 5`, also inside a longer locator
//! ("headline and para. 10", "bullet 2 and paras. 2, 4, 11–14").

/// The paragraph ranges a locator names, in order: (first, last).
pub(crate) fn paragraphs(locator: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = locator;
    while let Some((at, len)) = next_word(rest) {
        rest = &rest[at + len..];
        let (ranges, used) = list(rest);
        out.extend(ranges);
        rest = &rest[used..];
    }
    out
}

/// The paragraph links of one citation bracket, in the order its page
/// writes them: `items` are (source, locator) as written; a source cited
/// twice in a bracket is one citation with both locators (as the page
/// shows it), and only sources for which `linked` holds get links. Each
/// (source, range) is one link; the page numbers them in this order.
pub(crate) fn bracket_links(
    items: impl IntoIterator<Item = (usize, impl AsRef<str>)>,
    linked: impl Fn(usize) -> bool,
) -> Vec<(usize, Vec<(usize, usize)>)> {
    let mut out: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (source, locator) in items {
        let ranges = paragraphs(locator.as_ref());
        match out.iter_mut().find(|(s, _)| *s == source) {
            Some((_, r)) => r.extend(ranges),
            None => out.push((source, ranges)),
        }
    }
    out.retain(|(s, r)| !r.is_empty() && linked(*s));
    out
}

/// The id of a paragraph link on its page: the `k`th link of the citation
/// written at `line`, `column` of the page's Markdown (one Markdown
/// document per page, so unique on it, and known before rendering).
pub(crate) fn anchor((line, column, k): (usize, usize, usize)) -> String {
    format!("cp-{line}-{column}-{k}")
}

/// The next paragraph word: its offset and length.
fn next_word(s: &str) -> Option<(usize, usize)> {
    const WORDS: [&str; 8] = [
        "paragraphs",
        "paragraph",
        "paras.",
        "para.",
        "paras",
        "para",
        "¶¶",
        "¶",
    ];
    let lower = s.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for w in WORDS {
        let mut from = 0;
        while let Some(i) = lower[from..].find(w) {
            let at = from + i;
            // A word of its own: not the end of another ("spara").
            let starts = lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if starts {
                if best.is_none_or(|(b, l)| at < b || (at == b && w.len() > l)) {
                    best = Some((at, w.len()));
                }
                break;
            }
            from = at + w.len();
        }
    }
    best
}

/// A list of numbers and ranges at the start of `s` ("4", "4–5", "1, 3–5",
/// "3 and 5"); the ranges and the bytes read.
fn list(s: &str) -> (Vec<(usize, usize)>, usize) {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut read = 0;
    loop {
        let rest = &s[pos..];
        let skipped = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        let Some((first, n)) = number(rest) else {
            break;
        };
        let mut used = skipped + n;
        let mut last = first;
        let after = &rest[n..];
        let dash = ["–", "—", "-"]
            .iter()
            .find(|d| after.trim_start().starts_with(**d));
        if let Some(d) = dash {
            let gap = after.len() - after.trim_start().len();
            let tail = &after[gap + d.len()..];
            let gap2 = tail.len() - tail.trim_start().len();
            if let Some((l, m)) = number(tail.trim_start()) {
                last = l;
                used += gap + d.len() + gap2 + m;
            }
        }
        if last >= first {
            out.push((first, last));
        }
        pos += used;
        read = pos;
        let rest = &s[pos..];
        let sep = [",", "and", "&"].iter().find_map(|sep| {
            let t = rest.trim_start();
            t.strip_prefix(sep)
                .map(|_| rest.len() - t.len() + sep.len())
        });
        match sep {
            Some(n) => pos += n,
            None => break,
        }
    }
    (out, read)
}

/// A decimal number at the start of `s`, and its length.
fn number(s: &str) -> Option<(usize, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 6 {
        return None;
    }
    Some((s[..len].parse().ok()?, len))
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn the_forms_editors_write() {
        assert_eq!(paragraphs("para. 4"), vec![(4, 4)]);
        assert_eq!(paragraphs("¶ 4"), vec![(4, 4)]);
        assert_eq!(paragraphs("¶4"), vec![(4, 4)]);
        assert_eq!(paragraphs("paras. 4–5"), vec![(4, 5)]);
        assert_eq!(paragraphs("paras. 4-5"), vec![(4, 5)]);
        assert_eq!(paragraphs("paras. 1, 3–5"), vec![(1, 1), (3, 5)]);
        assert_eq!(
            paragraphs("bullet 2 and paras. 2, 4, 11–14"),
            vec![(2, 2), (4, 4), (11, 14)]
        );
        assert_eq!(paragraphs("headline and para. 10"), vec![(10, 10)]);
        assert_eq!(paragraphs("paragraphs 3 and 5"), vec![(3, 3), (5, 5)]);
        assert_eq!(paragraphs("para. 1; para. 3"), vec![(1, 1), (3, 3)]);
        assert_eq!(paragraphs("p. 4"), vec![]);
        assert_eq!(paragraphs("caption"), vec![]);
        assert_eq!(paragraphs("bullet 3"), vec![]);
        assert_eq!(paragraphs("paras. 5–3"), vec![]);
    }
}
