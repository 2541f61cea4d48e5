//! Helpers for the crate's unit tests.

/// `count` strings of up to `max_pieces - 1` pieces drawn from `pieces`,
/// the same every run (a linear congruential generator from `seed`).
pub(crate) fn strings(
    pieces: &[&str],
    max_pieces: u64,
    count: usize,
    mut seed: u64,
) -> Vec<String> {
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        seed
    };
    (0..count)
        .map(|_| {
            let n = next() % max_pieces;
            (0..n)
                .map(|_| pieces[(next() >> 33) as usize % pieces.len()])
                .collect()
        })
        .collect()
}
