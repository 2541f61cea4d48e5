//! The plain text of a rendered page, and its snippet, for the index.

/// Plain text of rendered HTML with the Markdown stage's markers: tags and
/// markers removed, the common entities decoded.
pub(crate) fn plain_text(html: &str) -> String {
    // Bytes, not chars: every character acted on is ASCII or a marker, and
    // the bytes of other characters are copied or skipped whole. Runs
    // between the bytes acted on are found with `memchr` and copied whole.
    use crate::markdown::{MARK_CLOSE_UTF8, MARK_OPEN_UTF8};
    let (open, close): (&[u8], &[u8]) = (&MARK_OPEN_UTF8, &MARK_CLOSE_UTF8);
    // The markers share their first byte, which `memchr3` looks for.
    let mark_lead = open[0];
    debug_assert_eq!(mark_lead, close[0]);
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut in_tag = false;
    let mut in_mark = false;
    let mut i = 0;
    while i < bytes.len() {
        let next =
            memchr::memchr3(b'<', b'>', mark_lead, &bytes[i..]).map_or(bytes.len(), |n| i + n);
        if !in_tag && !in_mark {
            out.extend_from_slice(&bytes[i..next]);
        }
        i = next;
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b == mark_lead
            && let Some((marker, inside)) = [(open, true), (close, false)]
                .into_iter()
                .find(|(marker, _)| bytes[i..].starts_with(marker))
        {
            in_mark = inside;
            i += marker.len();
            continue;
        }
        match b {
            b'<' if !in_mark => in_tag = true,
            b'>' if in_tag => {
                in_tag = false;
                out.push(b' ');
            }
            _ if in_tag || in_mark => {}
            _ => out.push(b),
        }
        i += 1;
    }
    // The entities decoded and the whitespace collapsed, in one pass. An
    // entity's text is never read again, so `&amp;lt;` stays `&lt;`.
    const ENTITIES: [(&[u8], u8); 6] = [
        (b"&lt;", b'<'),
        (b"&gt;", b'>'),
        (b"&quot;", b'"'),
        (b"&#39;", b'\''),
        (b"&#x27;", b'\''),
        (b"&amp;", b'&'),
    ];
    let stripped = std::str::from_utf8(&out).expect("whole characters were copied");
    let mut text: Vec<u8> = Vec::with_capacity(out.len());
    let mut space = false;
    let mut i = 0;
    // Most bytes: a run of ASCII letters to copy whole, or a space to
    // collapse.
    let plain = |b: u8| b.is_ascii() && b != b'&' && !matches!(b, b'\t'..=b'\r' | b' ');
    while i < out.len() {
        let b = out[i];
        if plain(b) {
            let start = i;
            while out.get(i).is_some_and(|&b| plain(b)) {
                i += 1;
            }
            push_after_space(&mut text, &mut space, &out[start..i]);
            continue;
        }
        if matches!(b, b'\t'..=b'\r' | b' ') {
            i += 1;
            space = !text.is_empty();
            continue;
        }
        let (piece, len, blank): (&[u8], usize, bool) = if b == b'&' {
            match ENTITIES.iter().find(|(e, _)| out[i..].starts_with(e)) {
                Some((e, decoded)) => (std::slice::from_ref(decoded), e.len(), false),
                None => (&out[i..=i], 1, false),
            }
        } else {
            let c = stripped[i..]
                .chars()
                .next()
                .expect("a character starts here");
            let len = c.len_utf8();
            (&out[i..i + len], len, c.is_whitespace())
        };
        i += len;
        if blank {
            space = !text.is_empty();
            continue;
        }
        push_after_space(&mut text, &mut space, piece);
    }
    String::from_utf8(text).expect("whole characters were copied")
}

/// Appends `piece` to `text`, after the one space that the blanks before
/// it (`space`) collapse into.
fn push_after_space(text: &mut Vec<u8>, space: &mut bool, piece: &[u8]) {
    if std::mem::take(space) {
        text.push(b' ');
    }
    text.extend_from_slice(piece);
}

/// The first words of a text, up to about `max` characters.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
