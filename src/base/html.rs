//! Escaping for text that reaches HTML and XML.

/// Escapes `& < > " '` so that `s` is safe in text and in quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape`] does. Runs of plain text are
/// copied whole; most text has nothing to escape, and is scanned sixteen
/// bytes at a time.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let mask = specials(&bytes[at..]);
        if mask == 0 {
            at += 16;
            continue;
        }
        let i = at + mask.trailing_zeros() as usize;
        out.push_str(&s[start..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        at = i + 1;
        start = at;
    }
    out.push_str(&s[start..]);
}

/// Bit `n` set where byte `n` of the next sixteen of `rest` (fewer at its
/// end) is one [`escape`] replaces.
fn specials(rest: &[u8]) -> u32 {
    let chunk: [u8; 16] = match rest.get(..16) {
        Some(whole) => whole.try_into().expect("sixteen bytes"),
        None => {
            // The end, padded with zeros, which are never special.
            let mut padded = [0u8; 16];
            padded[..rest.len()].copy_from_slice(rest);
            padded
        }
    };
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: `specials16` needs SSE2, which this build targets (the cfg
    // above): every processor that runs it has it.
    unsafe {
        specials16(chunk)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    specials16_bytes(chunk)
}

/// [`specials`] of sixteen bytes, with SSE2 (every x86-64 processor has it).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn specials16(chunk: [u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    let half = |n: usize| i64::from_le_bytes(chunk[n..n + 8].try_into().expect("eight bytes"));
    let v = _mm_set_epi64x(half(8), half(0));
    let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
    let any = _mm_or_si128(
        _mm_or_si128(
            _mm_or_si128(eq(b'&'), eq(b'<')),
            _mm_or_si128(eq(b'>'), eq(b'"')),
        ),
        eq(b'\''),
    );
    _mm_movemask_epi8(any) as u32
}

/// [`specials`] of sixteen bytes, a byte at a time (other processors; on
/// x86-64, the reference the SSE2 version is tested against).
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
fn specials16_bytes(chunk: [u8; 16]) -> u32 {
    chunk.iter().enumerate().fold(0, |mask, (n, b)| {
        mask | (u32::from(matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) << n)
    })
}

#[cfg(test)]
mod tests {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[test]
    fn sse2_finds_what_bytes_find() {
        let pieces = ["a", "&", "<", ">", "\"", "'", "\u{80}", "\u{ff}", "=", "\0"];
        for s in crate::base::testing::strings(&pieces, 20, 5_000, 0x9E37_79B9_7F4A_7C15) {
            let mut chunk = [0u8; 16];
            let n = s.len().min(16);
            chunk[..n].copy_from_slice(&s.as_bytes()[..n]);
            // SAFETY: this build targets SSE2 (the cfg above).
            let sse2 = unsafe { super::specials16(chunk) };
            assert_eq!(sse2, super::specials16_bytes(chunk), "{s:?}");
        }
    }

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
        for s in crate::base::testing::strings(&pieces, 40, 20_000, 0x2545_F491_4F6C_DD1D) {
            assert_eq!(super::escape(&s), escape_by_bytes(&s), "{s:?}");
        }
    }
}
