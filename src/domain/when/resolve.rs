//! Days typed like due times (`+45d`, `fri`, `tomorrow`, `2026-03-01`) for date fields, and what a
//! typed moment or day resolved to, as a form shows it beside the text (`fri 14:30 → Fri 4 Dec
//! 14:30`). Pure: "now" is the caller's (the injected clock, in the user's display zone).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{err, read, WhenError, DEFAULT_TIME};

/// A calendar day typed by a user, relative to `now`: every form [`super::parse`] accepts; a time of
/// day is refused (a date field holds no time).
pub fn parse_day(input: &str, now: NaiveDateTime) -> Result<NaiveDate, WhenError> {
    match read(input, now, DEFAULT_TIME)? {
        (_, true) => Err(err(input, "a date takes no time of day")),
        (at, false) => Ok(at.date()),
    }
}

/// A moment as a form shows what the text resolved to: `Fri 4 Dec 14:30`, with the year when it
/// is not `now`'s.
pub fn shown_moment(t: NaiveDateTime, now: NaiveDateTime) -> String {
    format!("{} {}", shown_day(t.date(), now), t.format("%H:%M"))
}

/// A day as a form shows it: `Fri 4 Dec`, with the year when it is not `now`'s (`Mon 1 Mar 2027`).
pub fn shown_day(d: NaiveDate, now: NaiveDateTime) -> String {
    if d.year() == now.year() {
        d.format("%a %-d %b").to_string()
    } else {
        d.format("%a %-d %b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 2026-12-02 12:30.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(12, 30, 0))
            .unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_read_like_due_times() {
        let cases: &[(&str, NaiveDate)] = &[
            ("+45d", day(2027, 1, 16)),
            ("+2w", day(2026, 12, 16)),
            ("+2 days", day(2026, 12, 4)),
            ("-7d", day(2026, 11, 25)),
            ("today", day(2026, 12, 2)),
            ("tomorrow", day(2026, 12, 3)),
            ("fri", day(2026, 12, 4)),
            ("next mon", day(2026, 12, 7)),
            ("2027-03-01", day(2027, 3, 1)),
            (" 2027-03-01 ", day(2027, 3, 1)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_day(input, now()), Ok(*want), "input {input:?}");
        }
    }

    #[test]
    fn a_day_with_a_time_or_nonsense_is_refused_saying_why() {
        for (input, why) in [
            ("fri 14:30", "takes no time"),
            ("14:30", "takes no time"),
            ("tomorrow 9am", "takes no time"),
            ("+3h", "takes no time"),
            ("+30m", "takes no time"),
            ("whenever", "not a day or a time"),
            ("2026-02-30", "not a day or a time"),
        ] {
            let e = parse_day(input, now()).unwrap_err().to_string();
            assert!(e.contains(why), "{input:?}: {e}");
        }
    }

    #[test]
    fn what_a_text_resolved_to_reads_like_a_calendar() {
        let at = |y, m, d, h, min| day(y, m, d).and_hms_opt(h, min, 0).unwrap();
        let cases = [
            (
                shown_moment(at(2026, 12, 4, 14, 30), now()),
                "Fri 4 Dec 14:30",
            ),
            (
                shown_moment(at(2027, 1, 16, 9, 0), now()),
                "Sat 16 Jan 2027 09:00",
            ),
            (shown_day(day(2026, 12, 3), now()), "Thu 3 Dec"),
            (shown_day(day(2027, 3, 1), now()), "Mon 1 Mar 2027"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
