//! The land and country borders every map draws: Natural Earth's 1:50m
//! admin-0 countries (public domain), from the npm package `world-atlas`
//! 2.0.2, converted by `tools/map_asset.py` into a compact asset embedded in
//! the binary (about 210 KB) and decoded once per process.

use std::sync::OnceLock;

/// The asset: an ASCII header ending with an empty line, then the countries
/// (format in `tools/map_asset.py`).
const ASSET: &[u8] = include_bytes!("countries-50m.bin");

/// A country as the asset holds it.
pub(super) struct Country {
    /// Its English name.
    pub name: String,
    /// Where its name goes: (lon, lat) in degrees.
    pub label: (f64, f64),
    /// Its outline's rings, each a list of (lon, lat) in degrees.
    pub rings: Vec<Vec<(f64, f64)>>,
    /// Its bounding box: min lon, min lat, max lon, max lat.
    pub bbox: [f64; 4],
}

/// Every country, decoded once.
pub(super) fn countries() -> &'static [Country] {
    static WORLD: OnceLock<Vec<Country>> = OnceLock::new();
    WORLD.get_or_init(|| decode(ASSET).expect("the embedded map asset is well formed"))
}

/// Reads the asset; `None` when it is malformed (a test checks it is not).
fn decode(bytes: &[u8]) -> Option<Vec<Country>> {
    let start = bytes.windows(2).position(|w| w == b"\n\n")? + 2;
    let mut r = Reader { bytes, at: start };
    let count = r.u16()?;
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let len = usize::from(r.u8()?);
        let name = std::str::from_utf8(r.take(len)?).ok()?.to_string();
        let label = (hundredths(r.i16()?), hundredths(r.i16()?));
        let rings_n = r.u16()?;
        let mut rings = Vec::with_capacity(usize::from(rings_n));
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for _ in 0..rings_n {
            let n = r.u32()? as usize;
            let mut ring = Vec::with_capacity(n);
            let (mut x, mut y) = (0i64, 0i64);
            for _ in 0..n {
                x += r.zigzag()?;
                y += r.zigzag()?;
                let p = (x as f64 / 100.0, y as f64 / 100.0);
                bbox = [
                    bbox[0].min(p.0),
                    bbox[1].min(p.1),
                    bbox[2].max(p.0),
                    bbox[3].max(p.1),
                ];
                ring.push(p);
            }
            rings.push(ring);
        }
        out.push(Country {
            name,
            label,
            rings,
            bbox,
        });
    }
    (r.at == bytes.len()).then_some(out)
}

fn hundredths(v: i16) -> f64 {
    f64::from(v) / 100.0
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn i16(&mut self) -> Option<i16> {
        Some(i16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn zigzag(&mut self) -> Option<i64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::countries;

    #[test]
    fn the_asset_holds_the_countries_of_the_flagship() {
        let world = countries();
        assert!(world.len() > 200, "{}", world.len());
        let iraq = world.iter().find(|c| c.name == "Iraq").expect("Iraq");
        // Iraq lies within 38.7–48.6 E, 29–37.4 N.
        let [x0, y0, x1, y1] = iraq.bbox;
        assert!(
            (38.5..39.0).contains(&x0) && (48.4..48.8).contains(&x1),
            "{x0} {x1}"
        );
        assert!(
            (28.9..29.2).contains(&y0) && (37.2..37.5).contains(&y1),
            "{y0} {y1}"
        );
        assert!(iraq.label.0 > 40.0 && iraq.label.0 < 47.0 && iraq.label.1 > 30.0);
        for name in ["Iran", "Syria", "Saudi Arabia", "United States of America"] {
            assert!(world.iter().any(|c| c.name == name), "{name}");
        }
    }
}
