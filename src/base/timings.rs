//! Time spent in each step of a rebuild, on standard error when the
//! environment sets `DOSSIER_TIMINGS` (for measuring `serve`; off, and
//! silent, otherwise).

use std::cell::Cell;
use std::time::Instant;

/// A stopwatch whose laps go to standard error, if asked for.
pub(crate) struct Timings(Option<Cell<Instant>>);

impl Timings {
    /// Starts timing, if asked to.
    pub(crate) fn new() -> Timings {
        Timings(std::env::var_os("DOSSIER_TIMINGS").map(|_| Cell::new(Instant::now())))
    }

    /// Says how long `step` took since the last lap.
    pub(crate) fn lap(&self, step: &str) {
        if let Some(last) = &self.0 {
            let now = Instant::now();
            eprintln!("timings: {step} {:?}", now - last.get());
            last.set(now);
        }
    }
}
