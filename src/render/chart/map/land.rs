//! The land layer of a map: the countries within its extent, clipped to it,
//! simplified to its scale, with their names where they fit.

use super::projection::Projection;
use super::world::countries;
use crate::base::html::escape_into;
use crate::render::chart::num;

/// Room kept around the map when clipping, so outlines run off its edges.
const MARGIN: f64 = 4.0;

/// A label already placed: its box.
pub(super) type Boxed = [f64; 4];

/// Whether two boxes overlap.
pub(super) fn overlaps(a: &Boxed, b: &Boxed) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The countries' outlines as `<path>`s, every point at least `tolerance`
/// units from the previous one.
pub(super) fn paths(proj: &Projection, tolerance: f64) -> String {
    let [w, s, e, n] = proj.shown();
    let mut out = String::new();
    for c in countries() {
        let [x0, y0, x1, y1] = c.bbox;
        if x1 < w - 1.0 || x0 > e + 1.0 || y1 < s - 1.0 || y0 > n + 1.0 {
            continue;
        }
        let mut d = String::new();
        for ring in &c.rings {
            let projected: Vec<(f64, f64)> =
                ring.iter().map(|&(lon, lat)| proj.xy(lon, lat)).collect();
            let clipped = clip(
                &projected,
                [-MARGIN, -MARGIN, proj.width + MARGIN, proj.height + MARGIN],
            );
            let simple = simplify(&clipped, tolerance);
            if simple.len() < 3 {
                continue;
            }
            for (k, &(x, y)) in simple.iter().enumerate() {
                d.push(if k == 0 { 'M' } else { ' ' });
                d.push_str(num(x).as_str());
                d.push(' ');
                d.push_str(num(y).as_str());
            }
            d.push('Z');
        }
        if d.is_empty() {
            continue;
        }
        out.push_str("<path d=\"");
        out.push_str(&d);
        out.push_str("\"/>");
    }
    out
}

/// The names of the countries that show enough of themselves, where they
/// do not overlap; their boxes go to `placed`.
pub(super) fn labels(proj: &Projection, placed: &mut Vec<Boxed>) -> String {
    let view = [0.0, 0.0, proj.width, proj.height];
    let mut candidates: Vec<(f64, &str, f64, f64)> = Vec::new();
    for c in countries() {
        let (mut x, mut y) = proj.xy(c.label.0, c.label.1);
        let (ax, ay) = proj.xy(c.bbox[0], c.bbox[3]);
        let (bx, by) = proj.xy(c.bbox[2], c.bbox[1]);
        // The part of its box on the map.
        let seen = [
            ax.max(0.0),
            ay.max(0.0),
            bx.min(proj.width),
            by.min(proj.height),
        ];
        let (sw, sh) = (seen[2] - seen[0], seen[3] - seen[1]);
        if sw <= 0.0 || sh <= 0.0 {
            continue;
        }
        // A country whose middle is off the map is named in the middle of
        // the part that shows.
        if !inside(&view, x, y, 10.0) {
            // The point of a grid over the part that shows that lies in
            // the country and nearest its middle.
            let (mx, my) = ((seen[0] + seen[2]) / 2.0, (seen[1] + seen[3]) / 2.0);
            let mut best: Option<(f64, f64, f64)> = None;
            for i in 0..=10 {
                for j in 0..=10 {
                    let px = seen[0] + sw * f64::from(i) / 10.0;
                    let py = seen[1] + sh * f64::from(j) / 10.0;
                    let (lon, lat) = proj.lon_lat(px, py);
                    let d = (px - mx).hypot(py - my);
                    if inside(&view, px, py, 10.0)
                        && best.is_none_or(|b| d < b.0)
                        && contains(&c.rings, lon, lat)
                    {
                        best = Some((d, px, py));
                    }
                }
            }
            let Some((_, px, py)) = best else { continue };
            (x, y) = (px, py);
        }
        let width = text_width(&c.name, 11.0);
        if sw < width * 0.8 || sh < 14.0 {
            continue;
        }
        candidates.push((sw * sh, &c.name, x, y));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut out = String::new();
    for (_, name, x, y) in candidates {
        let w = text_width(name, 11.0);
        let b = [x - w / 2.0, y - 9.0, x + w / 2.0, y + 3.0];
        if b[0] < 2.0 || b[2] > proj.width - 2.0 || placed.iter().any(|p| overlaps(p, &b)) {
            continue;
        }
        placed.push(b);
        crate::base::text::push!(
            &mut out,
            "<text class=\"country\" x=\"",
            num(x),
            "\" y=\"",
            num(y),
            "\" text-anchor=\"middle\">"
        );
        escape_into(&mut out, name);
        out.push_str("</text>");
    }
    out
}

/// Whether (lon, lat) lies within a country's rings (even–odd rule, so
/// lakes and enclaves are holes).
pub(super) fn contains(rings: &[Vec<(f64, f64)>], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    for ring in rings {
        let mut prev = match ring.last() {
            Some(&p) => p,
            None => continue,
        };
        for &p in ring {
            if (p.1 > lat) != (prev.1 > lat)
                && lon < (prev.0 - p.0) * (lat - p.1) / (prev.1 - p.1) + p.0
            {
                inside = !inside;
            }
            prev = p;
        }
    }
    inside
}

/// Whether (x, y) lies in `view` at least `margin` from its edges.
pub(super) fn inside(view: &Boxed, x: f64, y: f64, margin: f64) -> bool {
    x >= view[0] + margin && x <= view[2] - margin && y >= view[1] + margin && y <= view[3] - margin
}

/// The width of `text` at `size` pixels, roughly (the map's labels are in
/// the page's sans-serif, about 0.55 em a character).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56 + 2.0
}

/// A ring clipped to a rectangle (Sutherland–Hodgman): what is outside is
/// replaced by the rectangle's edge.
pub(super) fn clip(ring: &[(f64, f64)], [x0, y0, x1, y1]: [f64; 4]) -> Vec<(f64, f64)> {
    let mut pts = ring.to_vec();
    type Edge = (fn(f64, f64, f64) -> bool, bool, f64);
    let edges: [Edge; 4] = [
        (|x, _, b| x >= b, true, x0),
        (|x, _, b| x <= b, true, x1),
        (|_, y, b| y >= b, false, y0),
        (|_, y, b| y <= b, false, y1),
    ];
    for (keep, vertical, bound) in edges {
        if pts.is_empty() {
            break;
        }
        let mut next = Vec::with_capacity(pts.len());
        let mut prev = *pts.last().expect("not empty");
        for &p in &pts {
            let (pin, qin) = (keep(p.0, p.1, bound), keep(prev.0, prev.1, bound));
            if pin != qin {
                next.push(cross(prev, p, vertical, bound));
            }
            if pin {
                next.push(p);
            }
            prev = p;
        }
        pts = next;
    }
    pts
}

/// Where the segment a–b crosses the line x = bound (`vertical`) or y = bound.
fn cross(a: (f64, f64), b: (f64, f64), vertical: bool, bound: f64) -> (f64, f64) {
    if vertical {
        let t = (bound - a.0) / (b.0 - a.0);
        (bound, a.1 + t * (b.1 - a.1))
    } else {
        let t = (bound - a.1) / (b.1 - a.1);
        (a.0 + t * (b.0 - a.0), bound)
    }
}

/// The points of a ring at least `tolerance` from the last one kept.
fn simplify(ring: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.len() / 2 + 1);
    for &p in ring {
        match out.last() {
            Some(&q) if (p.0 - q.0).hypot(p.1 - q.1) < tolerance => {}
            _ => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_what_is_inside() {
        let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let c = clip(&square, [0.0, 0.0, 10.0, 10.0]);
        let xs: Vec<f64> = c.iter().map(|p| p.0).collect();
        assert!(
            c.iter()
                .all(|&(x, y)| (0.0..=5.0).contains(&x) && (0.0..=5.0).contains(&y)),
            "{c:?}"
        );
        assert!(xs.contains(&0.0) && xs.contains(&5.0));
        assert!(clip(&square, [20.0, 20.0, 30.0, 30.0]).is_empty());
        let rings = vec![square.to_vec()];
        assert!(contains(&rings, 0.0, 0.0) && !contains(&rings, 6.0, 0.0));
    }

    #[test]
    fn the_flagships_region_has_its_countries() {
        let p = Projection::fit([36.0, 28.0, 56.0, 40.0]);
        let land = paths(&p, 0.7);
        assert!(land.matches("<path").count() > 8, "{}", land.len());
        assert!(land.len() < 120_000, "{}", land.len());
        let mut placed = Vec::new();
        let names = labels(&p, &mut placed);
        for name in [">Iraq<", ">Iran<", ">Syria<", ">Saudi Arabia<"] {
            assert!(names.contains(name), "{name} in {names}");
        }
        // France's overseas lands make its box span the globe: its name
        // goes where France is, or nowhere.
        assert!(!names.contains(">France<"), "{names}");
    }
}
