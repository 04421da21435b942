//! Stage timings for profiling a build: with `PRESSWORK_TIMINGS=1` in the environment, each
//! timed stage prints its wall time to stderr (`timing: layout 41.2 ms`). Off by default, so
//! normal output and the PDF are unchanged.

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that turns timings on.
pub const TIMINGS_ENV: &str = "PRESSWORK_TIMINGS";

/// Whether timings are on (for callers that report counts beside times).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var(TIMINGS_ENV).is_ok_and(|v| v.trim() == "1"))
}

/// Runs `work`, printing how long it took under `name` when timings are on.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let out = work();
    eprintln!(
        "timing: {name} {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    out
}
