//! Lines and columns: where a byte offset stands in a text.

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = bytecount(before.as_bytes(), b'\n') + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// How many times `byte` occurs in `bytes`. Counted in runs of 255 bytes
/// into a byte-sized counter, which the compiler turns into vector
/// compares (a `usize` count per byte is not).
pub(crate) fn bytecount(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            let n = run.iter().fold(0u8, |n, &b| n + u8::from(b == byte));
            usize::from(n)
        })
        .sum()
}
