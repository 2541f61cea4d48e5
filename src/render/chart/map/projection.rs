//! The map's projection: equirectangular, with longitudes shrunk by the
//! cosine of the middle latitude so that shapes and distances are true
//! near the middle of the map (a fair projection for the regional extents
//! dossiers cover), fitted to an extent.

/// Kilometres in a degree of latitude.
pub(crate) const KM_PER_DEGREE: f64 = 111.32;

/// Maps (lon, lat) in degrees to SVG coordinates, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Longitude drawn at x = 0.
    pub west: f64,
    /// Latitude drawn at y = 0.
    pub north: f64,
    /// Units per degree of latitude.
    pub k: f64,
    /// Units per degree of longitude: `k` times the cosine of the middle latitude.
    pub kx: f64,
    /// Width of the map.
    pub width: f64,
    /// Height of the map.
    pub height: f64,
}

/// Width of every map's coordinate system; CSS scales it to the page.
pub(crate) const WIDTH: f64 = 720.0;
/// The map is never flatter or taller than these heights.
const MIN_HEIGHT: f64 = 300.0;
const MAX_HEIGHT: f64 = 560.0;

impl Projection {
    /// The projection showing `extent` (min lon, min lat, max lon, max lat)
    /// whole, centred, on a map `WIDTH` wide and as tall as the extent's
    /// shape asks within bounds (the other dimension then shows more).
    pub fn fit(extent: [f64; 4]) -> Projection {
        let [w, s, e, n] = extent;
        let (w, e) = (w.min(e), w.max(e));
        let (s, n) = (s.min(n), s.max(n));
        let mid_lat = ((s + n) / 2.0).clamp(-80.0, 80.0);
        let cos = mid_lat.to_radians().cos();
        let span_x = ((e - w) * cos).max(1e-6);
        let span_y = (n - s).max(1e-6);
        let height = (WIDTH * span_y / span_x)
            .clamp(MIN_HEIGHT, MAX_HEIGHT)
            .round();
        let k = (WIDTH / span_x).min(height / span_y);
        let kx = k * cos;
        let (cx, cy) = ((w + e) / 2.0, (s + n) / 2.0);
        Projection {
            west: cx - WIDTH / 2.0 / kx,
            north: cy + height / 2.0 / k,
            k,
            kx,
            width: WIDTH,
            height,
        }
    }

    /// The SVG point of (lon, lat).
    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.west) * self.kx, (self.north - lat) * self.k)
    }

    /// The (lon, lat) of an SVG point.
    pub fn lon_lat(&self, x: f64, y: f64) -> (f64, f64) {
        (self.west + x / self.kx, self.north - y / self.k)
    }

    /// Units in a kilometre, east–west at the map's middle latitude (which
    /// the cosine scaling makes equal to north–south).
    pub fn per_km(&self) -> f64 {
        self.k / KM_PER_DEGREE
    }

    /// The extent actually shown: min lon, min lat, max lon, max lat.
    pub fn shown(&self) -> [f64; 4] {
        let (w, n) = self.lon_lat(0.0, 0.0);
        let (e, s) = self.lon_lat(self.width, self.height);
        [w, s, e, n]
    }
}

/// The extent of some points, padded by a fifth of its size and at least
/// `min_span` degrees across each way (a single place gets its region).
pub(crate) fn extent_of(
    points: impl Iterator<Item = (f64, f64)>,
    min_span: f64,
) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    for (lon, lat) in points {
        b = Some(match b {
            None => [lon, lat, lon, lat],
            Some([w, s, e, n]) => [w.min(lon), s.min(lat), e.max(lon), n.max(lat)],
        });
    }
    let [w, s, e, n] = b?;
    let pad = |lo: f64, hi: f64| {
        let span = (hi - lo) * 1.4;
        let span = span.max(min_span);
        let mid = (lo + hi) / 2.0;
        (mid - span / 2.0, mid + span / 2.0)
    };
    let (w, e) = pad(w, e);
    let (s, n) = pad(s, n);
    Some([w.max(-180.0), s.max(-85.0), e.min(180.0), n.min(85.0)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_places_land_where_expected() {
        // The flagship's region: Syria to Iran.
        let p = Projection::fit([36.0, 28.0, 56.0, 40.0]);
        assert_eq!(p.width, 720.0);
        // Baghdad (33.31 N, 44.37 E) and Tehran (35.69 N, 51.39 E).
        let (bx, by) = p.xy(44.37, 33.31);
        let (tx, ty) = p.xy(51.39, 35.69);
        // East is right, north is up.
        assert!(tx > bx && ty < by);
        // The extent is centred: 46 E, 34 N is the middle of the map.
        let (cx, cy) = p.xy(46.0, 34.0);
        assert!((cx - 360.0).abs() < 1e-9 && (cy - p.height / 2.0).abs() < 1.0);
        // Baghdad is 1.63 degrees of longitude west of the middle, shrunk
        // by cos 34°, and 0.69 degrees south.
        let cos = 34f64.to_radians().cos();
        assert!((bx - (360.0 - 1.63 * p.k * cos)).abs() < 1e-6, "{bx}");
        assert!((by - (p.height / 2.0 + 0.69 * p.k)).abs() < 1.0, "{by}");
        // Baghdad to Tehran is about 690 km as the crow flies; on the map,
        // within a few per cent.
        let km = ((tx - bx).hypot(ty - by)) / p.per_km();
        assert!((670.0..720.0).contains(&km), "{km}");
        // And back.
        let (lon, lat) = p.lon_lat(bx, by);
        assert!((lon - 44.37).abs() < 1e-9 && (lat - 33.31).abs() < 1e-9);
    }

    #[test]
    fn an_extent_is_shown_whole() {
        for extent in [
            [36.0, 28.0, 56.0, 40.0],
            [-10.0, 35.0, 30.0, 36.0],
            [44.0, 20.0, 45.0, 40.0],
        ] {
            let p = Projection::fit(extent);
            let [w, s, e, n] = p.shown();
            assert!(w <= extent[0] + 1e-9 && e >= extent[2] - 1e-9, "{extent:?}");
            assert!(
                s <= extent[1] + 1e-6 && n >= extent[3] - 1e-6,
                "{extent:?} {s} {n}"
            );
            assert!((300.0..=560.0).contains(&p.height));
        }
    }

    #[test]
    fn extents_are_padded() {
        let e = extent_of([(44.0, 33.0)].into_iter(), 4.0).unwrap();
        assert_eq!(e, [42.0, 31.0, 46.0, 35.0]);
        let e = extent_of([(40.0, 30.0), (50.0, 36.0)].into_iter(), 4.0).unwrap();
        assert_eq!(e, [38.0, 28.8, 52.0, 37.2]);
        assert!(extent_of(std::iter::empty(), 4.0).is_none());
    }
}
