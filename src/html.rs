//! Escaping for text that reaches HTML and XML.

/// Escapes `& < > " '` so that `s` is safe in text and in quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape`] does. Runs of plain text are
/// copied whole; most text has nothing to escape, and is scanned eight
/// bytes at a time.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !has_special(word) {
                i += 8;
                continue;
            }
        }
        let rep = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Whether any byte of `word` is one [`escape`] replaces.
fn has_special(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero where `word` holds `b`; the classic test sets
    // its high bit (and never misses a zero byte).
    let zero = |b: u8| {
        let v = word ^ (ONES * u64::from(b));
        v.wrapping_sub(ONES) & !v & HIGHS
    };
    (zero(b'&') | zero(b'<') | zero(b'>') | zero(b'"') | zero(b'\'')) != 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    /// Byte by byte, as `escape_into` read before it scanned words.
    fn escape_by_bytes(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn every_special_byte_is_found_wherever_it_falls() {
        let pieces = [
            "a", "&", "<", ">", "\"", "'", "é", "حزب", " ", "%", "=", "\u{7f}", "\u{a6}",
        ];
        for s in crate::testing::strings(&pieces, 40, 20_000, 0x2545_F491_4F6C_DD1D) {
            assert_eq!(super::escape(&s), escape_by_bytes(&s), "{s:?}");
        }
    }
}
