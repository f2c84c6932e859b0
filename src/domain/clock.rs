//! The one source of "now". Everything that needs the current time (timestamps written to the
//! database, "today" in filters, the agenda and the board, relative due dates, the demo data)
//! asks [`now`]; nothing else reads the system clock.
//!
//! A process reads the system clock unless a start instant is installed before the first read:
//! then the clock starts at that instant and advances with the monotonic clock, so timestamps
//! still order and durations still pass, but the date is the same on any day the program runs.
//! Tests install one (a fixed "now" for demo data); `ROLO_NOW` installs one for a whole process
//! (scripted demos, screenshots, tests that drive the binary).
//!
//! A thread can also stop the clock for itself ([`freeze_here`]): while the returned guard
//! lives, `now` on that thread reads one instant and does not move. Snapshot tests do that, so
//! what they render does not depend on how long the tests before them ran.

use std::cell::Cell;
use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// The environment variable that starts the clock at a given instant (RFC 3339, or
/// `YYYY-MM-DD HH:MM[:SS]` read as UTC).
pub const ENV: &str = "ROLO_NOW";

#[derive(Debug, Clone, Copy)]
enum TimeSource {
    System,
    From {
        start: NaiveDateTime,
        since: Instant,
    },
}

static SOURCE: OnceLock<TimeSource> = OnceLock::new();

thread_local! {
    /// The instant this thread's clock is stopped at, if it is.
    static FROZEN: Cell<Option<NaiveDateTime>> = const { Cell::new(None) };
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClockError {
    #[error(
        "{ENV}='{0}' is not a time (use RFC 3339, e.g. 2026-11-23T12:00:00Z, or 2026-11-23 12:00)"
    )]
    NotATime(String),
    #[error("the clock was already read or set; a start instant must be installed first")]
    AlreadySet,
}

/// The current UTC time, truncated to microseconds so it round-trips equal on both backends.
pub fn now() -> NaiveDateTime {
    match FROZEN.with(Cell::get) {
        Some(at) => at.trunc_subsecs(6),
        None => SOURCE.get_or_init(|| TimeSource::System).read(),
    }
}

/// Stop this thread's clock at `at` (UTC) until the guard is dropped: [`now`] on this thread
/// reads `at`, whatever the process clock or the system clock say. Other threads are not
/// affected. Dropping the guard restores what the thread read before.
#[must_use = "the clock runs again when the guard is dropped"]
pub fn freeze_here(at: NaiveDateTime) -> Frozen {
    Frozen {
        before: FROZEN.with(|f| f.replace(Some(at))),
    }
}

/// This thread's clock stopped ([`freeze_here`]); it runs again on drop.
#[derive(Debug)]
pub struct Frozen {
    before: Option<NaiveDateTime>,
}

impl Drop for Frozen {
    fn drop(&mut self) {
        FROZEN.with(|f| f.set(self.before));
    }
}

impl TimeSource {
    fn read(&self) -> NaiveDateTime {
        let at = match self {
            TimeSource::System => Utc::now().naive_utc(),
            TimeSource::From { start, since } => {
                // a process does not live long enough to run past what chrono represents
                let elapsed = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                start.checked_add_signed(elapsed).unwrap_or(*start)
            }
        };
        at.trunc_subsecs(6)
    }
}

/// Start the clock at `start` (UTC). Must come before the first [`now`]; a second call with the
/// same start is accepted (every test of a binary installs the same one).
pub fn start_at(start: NaiveDateTime) -> Result<(), ClockError> {
    let mut installed = false;
    let got = SOURCE.get_or_init(|| {
        installed = true;
        TimeSource::From {
            start,
            since: Instant::now(),
        }
    });
    match got {
        _ if installed => Ok(()),
        TimeSource::From { start: s, .. } if *s == start => Ok(()),
        _ => Err(ClockError::AlreadySet),
    }
}

/// Install the start instant named by `ROLO_NOW`, if set. Called once at program start.
pub fn from_env() -> Result<(), ClockError> {
    match std::env::var(ENV) {
        Ok(v) if !v.trim().is_empty() => start_at(parse(&v)?),
        _ => Ok(()),
    }
}

/// An instant as `ROLO_NOW` takes it: RFC 3339 (any offset), or a naive date-time read as UTC.
pub fn parse(text: &str) -> Result<NaiveDateTime, ClockError> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.naive_utc());
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .ok_or_else(|| ClockError::NotATime(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_naive_forms_as_utc() {
        let want = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        assert_eq!(parse("2026-11-23T12:00:00Z"), Ok(want));
        assert_eq!(parse("2026-11-23T13:00:00+01:00"), Ok(want));
        assert_eq!(parse("2026-11-23 12:00"), Ok(want));
        assert_eq!(parse(" 2026-11-23T12:00:00 "), Ok(want));
        assert!(matches!(
            parse("next tuesday"),
            Err(ClockError::NotATime(_))
        ));
    }

    #[test]
    fn a_frozen_thread_reads_one_instant_until_the_guard_goes() {
        let at = parse("2031-05-06 07:08:09").unwrap() + chrono::Duration::nanoseconds(123_456_789);
        let later = parse("2032-01-01 00:00").unwrap();
        let before = now();
        {
            let _frozen = freeze_here(at);
            let a = now();
            std::thread::sleep(std::time::Duration::from_millis(2));
            assert_eq!(now(), a);
            // truncated to microseconds, as every reading is
            assert_eq!(a, at.trunc_subsecs(6));
            // another thread's clock runs on
            let other = std::thread::spawn(now).join().unwrap();
            assert_ne!(other, a);
            {
                let _inner = freeze_here(later);
                assert_eq!(now(), later);
            }
            assert_eq!(now(), a);
        }
        assert!(now() >= before);
        assert_ne!(now(), at.trunc_subsecs(6));
    }

    #[test]
    fn a_start_instant_advances_from_that_instant() {
        // (a local source: the process-wide one belongs to whichever test reads it first)
        let start = parse("2031-05-06 07:08:09").unwrap();
        let source = TimeSource::From {
            start,
            since: Instant::now(),
        };
        let a = source.read();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = source.read();
        assert!(a >= start && b > a);
        assert!(b - start < chrono::Duration::hours(1));
    }
}
