//! Charts drawn at build time as inline SVG, so they need no JavaScript:
//! the escalation chart of the chronology and the escalation index of a pair
//! of actors. Pure functions of the library; every text and attribute is
//! escaped, and every number is written with at most one decimal, so the
//! output is the same byte for byte from one build to the next.

pub(crate) mod index;
pub mod map;
mod scale;
pub(crate) mod timeline;

pub(crate) use scale::TimeScale;

/// Where a chart's or map's mark links, escaped into `out`: a mark of one
/// event to its page, a grouped mark to the month of its `first` event on
/// the list page `list`.
pub(crate) fn mark_href(
    out: &mut String,
    links: crate::render::links::Links,
    list: &str,
    first: &crate::model::Event,
    members: usize,
) {
    if members == 1 {
        crate::base::html::escape_into(out, &links.event(&first.id));
    } else {
        crate::base::html::escape_into(out, list);
        out.push_str("#m");
        crate::base::html::escape_into(out, &first.date.month_key());
    }
}

/// The time scale of a page's charts over the days `first..=last`.
pub(crate) fn time_scale(first: i64, last: i64) -> TimeScale {
    TimeScale::new(first, last, LEFT, WIDTH - RIGHT)
}

/// Width of every chart's coordinate system; CSS scales it to the page.
pub(crate) const WIDTH: f64 = 720.0;
/// Left margin: room for the y axis's numbers.
pub(crate) const LEFT: f64 = 30.0;
/// Right margin.
pub(crate) const RIGHT: f64 = 12.0;

/// A coordinate with at most one decimal: "12", "12.5", never "-0".
pub(crate) fn num(v: f64) -> Num {
    let Some(t) = tenths(v) else {
        let s = format!("{v:.1}");
        let s = s.strip_suffix(".0").unwrap_or(&s);
        return Num::from_str(if s == "-0" { "0" } else { s });
    };
    let (whole, tenth) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
    // Written backwards from the end of the buffer.
    let mut buf = [0u8; NUM_INLINE];
    let mut at = NUM_INLINE;
    let mut push = |b: u8| {
        at -= 1;
        buf[at] = b;
    };
    if tenth != 0 {
        push(b'0' + tenth as u8);
        push(b'.');
    }
    let mut w = whole;
    loop {
        push(b'0' + (w % 10) as u8);
        w /= 10;
        if w == 0 {
            break;
        }
    }
    if t < 0 {
        push(b'-');
    }
    buf.copy_within(at.., 0);
    Num::Inline {
        buf,
        len: (NUM_INLINE - at) as u8,
    }
}

/// `v` in whole tenths, as [`num`] writes it, or `None` where `num` leaves
/// the rounding to `format!`. Charts write tens of thousands of
/// coordinates: tenths are counted in integers, except near a tie, where
/// `format!` rounds the exact value half to even and the product by ten
/// could round the other way.
pub(crate) fn tenths(v: f64) -> Option<i64> {
    let tenths = v * 10.0;
    if !tenths.is_finite() || tenths.abs() > 1e15 {
        return None;
    }
    // Floor and round by conversion, exact in this range: `f64::floor` and
    // `round` are calls into libm on the baseline x86-64 target.
    let truncated = tenths as i64;
    let floor = truncated - i64::from(tenths < truncated as f64);
    let fraction = tenths - floor as f64;
    let tie = (fraction - 0.5).abs() < 1e-6;
    (!tie).then_some(if fraction > 0.5 { floor + 1 } else { floor })
}

/// Whether [`num`] writes two values alike, given their [`tenths`].
pub(crate) fn same_num(a: (f64, Option<i64>), b: (f64, Option<i64>)) -> bool {
    match (a.1, b.1) {
        (Some(x), Some(y)) => x == y,
        _ => num(a.0) == num(b.0),
    }
}

/// Bytes of a [`Num`] kept without allocating: a sign, 15 digits, a point
/// and a tenth (`num` formats larger values with `format!`).
const NUM_INLINE: usize = 24;

/// A number as [`num`] writes it: displayed, compared, or read as a `str`,
/// without an allocation for the coordinates a chart is made of.
#[derive(Clone)]
pub(crate) enum Num {
    /// Up to [`NUM_INLINE`] bytes.
    Inline {
        /// The text, then bytes to ignore.
        buf: [u8; NUM_INLINE],
        /// Length of the text.
        len: u8,
    },
    /// Longer text (values no chart has).
    Heap(Box<str>),
}

impl crate::base::text::Piece for Num {
    fn push_to(self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl Num {
    fn from_str(s: &str) -> Num {
        if s.len() <= NUM_INLINE {
            let mut buf = [0u8; NUM_INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Num::Inline {
                buf,
                len: s.len() as u8,
            }
        } else {
            Num::Heap(s.into())
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Num::Inline { buf, len } => {
                let text = &buf[..usize::from(*len)];
                debug_assert!(std::str::from_utf8(text).is_ok());
                // SAFETY: an inline buffer holds what `num` wrote (ASCII
                // digits, a sign and a point) or the whole of a `&str`
                // (`from_str`), up to `len`: UTF-8 either way. Checked in
                // debug builds; charts read it a million times a build.
                unsafe { std::str::from_utf8_unchecked(text) }
            }
            Num::Heap(s) => s,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No padding: charts write numbers as they are.
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<&str> for Num {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The opening of a chart: a labelled group with its title and description,
/// both escaped. A group, not `role="img"`: an image's children are
/// presentational, which would hide the points' links from assistive
/// technology (axe-core reports it as nested interactive content); the
/// chronology's list remains the chart's text equivalent.
fn open(class: &str, id: &str, height: f64, title: &str, desc: &str) -> String {
    use crate::base::html::escape;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"group\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
        w = num(WIDTH),
        h = num(height),
        id = escape(id),
        title = escape(title),
        desc = escape(desc),
    )
}

/// The time axis under a plot: gridlines over it, ticks and labels below.
fn time_axis(out: &mut String, scale: &TimeScale, top: f64, bottom: f64) {
    use crate::base::text::push;
    let (t, b) = (num(top), num(bottom));
    let (b5, ly) = (num(bottom + 5.0), num(bottom + 18.0));
    let (t, b, b5, ly) = (t.as_str(), b.as_str(), b5.as_str(), ly.as_str());
    push!(
        out,
        "<g class=\"axis x-axis\"><line class=\"baseline\" x1=\"",
        num(scale.left),
        "\" y1=\"",
        b,
        "\" x2=\"",
        num(scale.right),
        "\" y2=\"",
        b,
        "\"/>"
    );
    for tick in scale.ticks() {
        let x = scale.x(tick.day as f64);
        // Keep the first and last labels inside the chart.
        let anchor = if x - scale.left < 24.0 {
            "start"
        } else if scale.right - x < 24.0 {
            "end"
        } else {
            "middle"
        };
        let x = num(x);
        let x = x.as_str();
        push!(
            out,
            "<line class=\"grid\" x1=\"",
            x,
            "\" y1=\"",
            t,
            "\" x2=\"",
            x,
            "\" y2=\"",
            b,
            "\"/><line class=\"tick\" x1=\"",
            x,
            "\" y1=\"",
            b,
            "\" x2=\"",
            x,
            "\" y2=\"",
            b5,
            "\"/><text x=\"",
            x,
            "\" y=\"",
            ly,
            "\" text-anchor=\"",
            anchor,
            "\">"
        );
        crate::base::html::escape_into(out, &tick.label);
        out.push_str("</text>");
    }
    scale_breaks(out, scale, top, bottom);
    out.push_str("</g>");
}

/// Where a scale's zooms begin and end: a dashed line through the plot
/// and a break in the axis, and under the axis a bracket over each zoom
/// saying how much wider its days are drawn.
fn scale_breaks(out: &mut String, scale: &TimeScale, top: f64, bottom: f64) {
    use crate::base::text::push;
    for z in scale.zooms() {
        out.push_str("<g class=\"scale-break\">");
        for x in [z.x0, z.x1] {
            push!(
                out,
                "<line class=\"break-line\" x1=\"",
                num(x),
                "\" y1=\"",
                num(top),
                "\" x2=\"",
                num(x),
                "\" y2=\"",
                num(bottom),
                "\"/><path class=\"break-mark\" d=\"M",
                num(x - 4.0),
                ",",
                num(bottom + 4.0),
                "L",
                num(x),
                ",",
                num(bottom - 4.0),
                "M",
                num(x),
                ",",
                num(bottom + 4.0),
                "L",
                num(x + 4.0),
                ",",
                num(bottom - 4.0),
                "\"/>"
            );
        }
        let factor = z.factor.round() as i64;
        let text = if z.x1 - z.x0 >= 90.0 {
            format!("days ×{factor} wider")
        } else {
            format!("×{factor}")
        };
        push!(
            out,
            "<path class=\"zoom-bracket\" d=\"M",
            num(z.x0 + 1.0),
            ",",
            num(bottom + 24.0),
            "v4H",
            num(z.x1 - 1.0),
            "v-4\"/><text class=\"zoom-label\" x=\"",
            num((z.x0 + z.x1) / 2.0),
            "\" y=\"",
            num(bottom + 37.0),
            "\" text-anchor=\"middle\">",
            text.as_str(),
            "</text></g>"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.25), "12.2");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(0.05), "0.1");
        assert_eq!(num(0.15), "0.1");
        assert_eq!(num(-12.96), "-13");
        assert_eq!(num(1e300).as_str(), format!("{:.0}", 1e300));
        // A tie is written by `format!`, its neighbour by counting: equal
        // text is equal, whichever way it was made.
        assert_eq!(num(0.25), num(0.2));
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(-123456789012.3), "-123456789012.3");
        // Every tenth and many points between agree with `format!`.
        for i in -200_000..200_000 {
            let v = f64::from(i) / 997.0;
            let s = format!("{v:.1}");
            let s = s.strip_suffix(".0").unwrap_or(&s);
            let want = if s == "-0" { "0" } else { s };
            assert_eq!(num(v), want, "{v}");
        }
    }
}
