//! Where a command's time goes, on request: with `ROLO_TIMINGS=1` in the environment, rolo prints
//! one line to stderr as it exits — each step of start-up and of the command with the
//! milliseconds since the step before (`rolo: timings: config 0.08 · logging 0.11 · …`). Without
//! the variable a step costs one relaxed atomic load. `benches/startup.sh` reads this line to
//! split a command's wall time into steps.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);
static STEPS: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());

/// Start the clock (first thing in `main`) when `ROLO_TIMINGS` is set to anything but `0`.
pub fn start() {
    if std::env::var_os("ROLO_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0") {
        if let Ok(mut steps) = STEPS.lock() {
            steps.push(("start", Instant::now()));
            ON.store(true, Ordering::Relaxed);
        }
    }
}

/// The step `name` ended now.
pub fn mark(name: &'static str) {
    if ON.load(Ordering::Relaxed) {
        if let Ok(mut steps) = STEPS.lock() {
            steps.push((name, Instant::now()));
        }
    }
}

/// The steps so far as one line: each step's milliseconds since the one before, and the total.
pub fn line() -> Option<String> {
    if !ON.load(Ordering::Relaxed) {
        return None;
    }
    let steps = STEPS.lock().ok()?;
    let (_, first) = *steps.first()?;
    let parts: Vec<String> = steps
        .windows(2)
        .map(|w| format!("{} {:.2}", w[1].0, ms(w[1].1 - w[0].1)))
        .collect();
    let total = steps.last().map_or(0.0, |(_, t)| ms(*t - first));
    Some(format!(
        "rolo: timings: {} · total {total:.2}",
        parts.join(" · ")
    ))
}

/// Print [`line`] to stderr, when timings are on.
pub fn report() {
    if let Some(line) = line() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
