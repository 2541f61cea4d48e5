//! Writing text without the formatter. Pages are made of hundreds of
//! thousands of small pieces, numbers among them, and `write!` and
//! `format!` cost several times what appending them does: the formatter's
//! dynamic calls and padding logic were a tenth of a build's instructions.

/// Something [`push!`] appends: a string as it is, a number in decimal.
pub(crate) trait Piece {
    /// Appends `self` to `out`.
    fn push_to(self, out: &mut String);
}

impl Piece for &str {
    fn push_to(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for &String {
    fn push_to(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(self, out: &mut String) {
        out.push(self);
    }
}

macro_rules! integer_pieces {
    ($($t:ty)*) => {$(
        impl Piece for $t {
            fn push_to(self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(self));
            }
        }
    )*};
}
integer_pieces!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

/// Appends each piece to the `String` `out`, as `write!(out, ...)` would
/// with `{}` for each: `push!(out, "<li id=\"ref-", n, "\">")`.
macro_rules! push {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::base::text::Piece::push_to($piece, &mut *out); )+
    }};
}
pub(crate) use push;

/// Appends `n` with leading zeros to at least `width` digits, as
/// `{:0width$}` writes it.
pub(crate) fn push_padded(out: &mut String, n: i64, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n.unsigned_abs());
    if n < 0 {
        out.push('-');
    }
    // The sign counts towards the width, as the formatter counts it.
    let sign = usize::from(n < 0);
    for _ in digits.len() + sign..width {
        out.push('0');
    }
    out.push_str(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_written_as_the_formatter_writes_them() {
        let mut out = String::new();
        let owned = String::from("owned");
        push!(
            &mut out,
            "a",
            0u8,
            ' ',
            u64::MAX,
            &owned,
            -12i16,
            usize::MAX,
            i64::MIN
        );
        assert_eq!(
            out,
            format!(
                "a{} {}{}{}{}{}",
                0u8,
                u64::MAX,
                owned,
                -12i16,
                usize::MAX,
                i64::MIN
            )
        );
        for n in [0i64, 7, 42, 999, 2019, 12345, -1, -42, -2019, i64::MIN + 1] {
            for width in [0, 1, 2, 4, 6] {
                let mut out = String::new();
                push_padded(&mut out, n, width);
                assert_eq!(out, format!("{n:0width$}"), "{n} to {width}");
            }
        }
    }
}
