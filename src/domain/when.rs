//! Due dates as people type them: `+2d`, `+3h`, `tomorrow 9:00`, `today 14:30`, `mon`, `fri 5pm`,
//! `2026-03-01`, `2026-03-01 14:30`. A pure function of the text and "now", both in the user's
//! local wall-clock time; converting the result to UTC is the caller's job.
//!
//! The accepted forms:
//!
//! | input | meaning |
//! |---|---|
//! | `now` | now |
//! | `+N` with a unit `m`, `h`, `d` or `w` (`+30m`, `+2d`, `+1w`, `+2 days`) | now plus that long, same time of day for days and weeks |
//! | `today`, `tomorrow`, `yesterday` | that day at the default time (09:00) |
//! | a weekday (`mon`, `monday`, `next fri`) | the next such day after today (a week ahead when today is that day) at the default time |
//! | `YYYY-MM-DD` | that day at the default time |
//! | `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM[:SS]` | that moment |
//! | a time alone (`14:30`, `9`, `9am`, `9:30 pm`) | today at that time |
//! | any day form above followed by a time (`tomorrow 9:00`, `mon 14:30`, `+2d 8am`) | that day at that time |

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

mod resolve;
pub use resolve::{parse_day, shown_day, shown_moment};

/// The first day rolo computes with: both backends store and compare days from here to
/// [`MAX_DATE`] alike (SQLite compares ISO text, which orders correctly only for 4-digit years).
/// Dates that are stored lie well inside (1900..=2200, see `validate::date`); filters and
/// windows computed from "now" are kept inside.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last day rolo computes with (see [`MIN_DATE`]).
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// The time of day a date without a time gets.
pub const DEFAULT_TIME: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The forms [`parse`] accepts, for error messages and help text.
pub const EXAMPLES: &str =
    "+2d, +3h, tomorrow 9:00, today 14:30, mon, fri 5pm, 2026-03-01 or 2026-03-01 14:30";

/// Text that is not a date or time [`parse`] understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date or time rolo understands ({reason}); try {EXAMPLES}")]
pub struct WhenError {
    pub input: String,
    pub reason: String,
}

fn err(input: &str, reason: impl Into<String>) -> WhenError {
    WhenError {
        input: input.trim().to_string(),
        reason: reason.into(),
    }
}

/// Parse a due date typed by a user, relative to `now` (local wall-clock time). A day without a
/// time gets [`DEFAULT_TIME`].
pub fn parse(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    parse_with(input, now, DEFAULT_TIME)
}

/// [`parse`] with the time of day that a date without a time gets.
pub fn parse_with(
    input: &str,
    now: NaiveDateTime,
    default_time: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    read(input, now, default_time).map(|(at, _)| at)
}

/// The moment, and whether the text named a time of day (`14:30`, `+3h`) rather than a day alone.
fn read(
    input: &str,
    now: NaiveDateTime,
    default_time: NaiveTime,
) -> Result<(NaiveDateTime, bool), WhenError> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(err(input, "it is empty"));
    }
    let tokens = tokenize(&text);
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    // a relative offset may be written with its unit apart: "+2 days", "+2 days 9:00"
    let (day, time) = match words.as_slice() {
        [one] => (*one, None),
        ["next", wd] => (*wd, None),
        ["next", wd, t] => (*wd, Some(*t)),
        [n, unit] if signed(n) && unit_of(unit).is_some() => {
            return relative(&format!("{n}{unit}"), now, None, input)
        }
        [n, unit, t] if signed(n) && unit_of(unit).is_some() => {
            return relative(&format!("{n}{unit}"), now, Some(*t), input)
        }
        [d, t] => (*d, Some(*t)),
        _ => return Err(err(input, "too many words")),
    };
    if signed(day) {
        return relative(day, now, time, input);
    }
    if day == "now" {
        return match time {
            None => Ok((now, false)),
            Some(_) => Err(err(input, "'now' takes no time")),
        };
    }
    let date = match day_of(day, now.date()) {
        Some(d) => d,
        None if time.is_none() => {
            // a time alone means today
            return match time_of(day) {
                Some(t) => Ok((now.date().and_time(t), true)),
                None => Err(err(input, format!("'{day}' is not a day or a time"))),
            };
        }
        None => return Err(err(input, format!("'{day}' is not a day"))),
    };
    let at = match time {
        Some(t) => time_of(t).ok_or_else(|| err(input, format!("'{t}' is not a time of day")))?,
        None => default_time,
    };
    Ok((date.and_time(at), time.is_some()))
}

/// Lower-case words, with an ISO `T` split off and a separate `am`/`pm` joined to its time.
fn tokenize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if matches!(word, "am" | "pm" | "a.m." | "p.m.") {
            if let Some(last) = out.last_mut() {
                if last.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    last.push_str(&word.replace('.', ""));
                    continue;
                }
            }
        }
        match word.split_once('t') {
            Some((d, t)) if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && !t.is_empty() => {
                out.push(d.to_string());
                out.push(t.to_string());
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

fn unit_of(unit: &str) -> Option<Duration> {
    Some(match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => Duration::minutes(1),
        "h" | "hr" | "hrs" | "hour" | "hours" => Duration::hours(1),
        "d" | "day" | "days" => Duration::days(1),
        "w" | "wk" | "wks" | "week" | "weeks" => Duration::weeks(1),
        _ => return None,
    })
}

/// An offset's first word: `+2d`, `-1w` (`+` anything, so `+d` says what an offset is).
fn signed(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some('+') => true,
        Some('-') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `+N<unit>` (ahead) or `-N<unit>` (ago), optionally with a time of day for the resulting date.
fn relative(
    token: &str,
    now: NaiveDateTime,
    time: Option<&str>,
    input: &str,
) -> Result<(NaiveDateTime, bool), WhenError> {
    let (sign, body) = match token.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, token.trim_start_matches('+')),
    };
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    let (n, unit) = body.split_at(digits);
    if n.is_empty() {
        return Err(err(input, "a relative time is +N followed by m, h, d or w"));
    }
    let far = if sign < 0 {
        "that is too far back"
    } else {
        "that is too far ahead"
    };
    // all digits: a number too large for i32 is too far ahead, not malformed
    let n: i32 = n.parse().unwrap_or(i32::MAX);
    if n > 10_000 {
        return Err(err(input, far));
    }
    let step = unit_of(unit).ok_or_else(|| {
        err(
            input,
            format!("'{unit}' is not a unit (use m, h, d or w: +30m, +3h, +2d, +1w)"),
        )
    })?;
    let at = now
        .checked_add_signed(step * (sign * n))
        .ok_or_else(|| err(input, far))?;
    match time {
        None => Ok((at, step < Duration::days(1))),
        Some(_) if step < Duration::days(1) => Err(err(
            input,
            "a time of day only follows days or weeks (+2d 9:00)",
        )),
        Some(t) => {
            let t = time_of(t).ok_or_else(|| err(input, format!("'{t}' is not a time of day")))?;
            Ok((at.date().and_time(t), true))
        }
    }
}

/// A day word or an ISO date.
fn day_of(word: &str, today: NaiveDate) -> Option<NaiveDate> {
    match word {
        "today" | "tod" => return Some(today),
        "tomorrow" | "tmrw" | "tmr" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if let Some(wd) = weekday_of(word) {
        let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today.checked_add_signed(Duration::days(ahead.into()));
    }
    NaiveDate::parse_from_str(word, "%Y-%m-%d").ok()
}

fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// `14:30`, `14:30:15`, `9`, `9am`, `9:30pm`, `noon`, `midnight`.
fn time_of(word: &str) -> Option<NaiveTime> {
    match word {
        "noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return Some(NaiveTime::MIN),
        _ => {}
    }
    let (clock, half) = if let Some(c) = word.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = word.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (word, None)
    };
    let mut parts = clock.split(':');
    let num = |p: Option<&str>, max: u32| -> Option<Option<u32>> {
        match p {
            None => Some(None),
            Some(p) if (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()) => {
                p.parse().ok().filter(|v| *v <= max).map(Some)
            }
            Some(_) => None,
        }
    };
    let hour = num(parts.next(), 23)??;
    let minute = num(parts.next(), 59)?.unwrap_or(0);
    let second = num(parts.next(), 59)?.unwrap_or(0);
    if parts.next().is_some() {
        return None;
    }
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + if pm { 12 } else { 0 },
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 2026-03-04 14:37:20.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 4)
            .and_then(|d| d.and_hms_opt(14, 37, 20))
            .unwrap()
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn accepted_forms() {
        let n = now();
        let cases: &[(&str, NaiveDateTime)] = &[
            ("now", n),
            (" NOW ", n),
            ("+30m", n + Duration::minutes(30)),
            ("+3h", n + Duration::hours(3)),
            ("+2d", n + Duration::days(2)),
            ("+1w", n + Duration::weeks(1)),
            ("+2 days", n + Duration::days(2)),
            ("+2days", n + Duration::days(2)),
            ("+2d 8:00", at(2026, 3, 6, 8, 0)),
            ("+2 days 8am", at(2026, 3, 6, 8, 0)),
            ("+45d", n + Duration::days(45)),
            ("-2d", n - Duration::days(2)),
            ("-1w 10:00", at(2026, 2, 25, 10, 0)),
            ("-3h", n - Duration::hours(3)),
            ("today", at(2026, 3, 4, 9, 0)),
            ("today 14:30", at(2026, 3, 4, 14, 30)),
            ("tomorrow", at(2026, 3, 5, 9, 0)),
            ("tomorrow 9:00", at(2026, 3, 5, 9, 0)),
            ("Tomorrow 9am", at(2026, 3, 5, 9, 0)),
            ("tomorrow 9 am", at(2026, 3, 5, 9, 0)),
            ("tomorrow 5:15pm", at(2026, 3, 5, 17, 15)),
            ("tomorrow 12am", at(2026, 3, 5, 0, 0)),
            ("tomorrow 12pm", at(2026, 3, 5, 12, 0)),
            ("tomorrow noon", at(2026, 3, 5, 12, 0)),
            ("yesterday 17:00", at(2026, 3, 3, 17, 0)),
            ("thu", at(2026, 3, 5, 9, 0)),
            ("fri 5pm", at(2026, 3, 6, 17, 0)),
            ("mon", at(2026, 3, 9, 9, 0)),
            ("Monday 10:15", at(2026, 3, 9, 10, 15)),
            // today is a Wednesday: "wed" is a week ahead
            ("wed", at(2026, 3, 11, 9, 0)),
            ("next tue", at(2026, 3, 10, 9, 0)),
            ("next sun 8:00", at(2026, 3, 8, 8, 0)),
            ("2026-04-01", at(2026, 4, 1, 9, 0)),
            ("2026-04-01 16:45", at(2026, 4, 1, 16, 45)),
            ("2026-04-01T16:45", at(2026, 4, 1, 16, 45)),
            (
                "2026-04-01T16:45:30",
                at(2026, 4, 1, 16, 45) + Duration::seconds(30),
            ),
            ("14:30", at(2026, 3, 4, 14, 30)),
            ("9", at(2026, 3, 4, 9, 0)),
            ("8:05pm", at(2026, 3, 4, 20, 5)),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input, n), Ok(*want), "input {input:?}");
        }
    }

    #[test]
    fn the_default_time_applies_to_dates_without_a_time() {
        let eod = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        assert_eq!(
            parse_with("tomorrow", now(), eod),
            Ok(at(2026, 3, 5, 17, 0))
        );
        assert_eq!(
            parse_with("tomorrow 8:00", now(), eod),
            Ok(at(2026, 3, 5, 8, 0))
        );
        assert_eq!(
            parse_with("+1h", now(), eod),
            Ok(now() + Duration::hours(1))
        );
    }

    #[test]
    fn refused_forms_say_why() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("   ", "empty"),
            ("+2", "not a unit"),
            ("+2y", "'y' is not a unit"),
            ("+d", "+N followed by"),
            ("+99999d", "too far ahead"),
            ("+99999999999999999999d", "too far ahead"),
            ("+9223372036854775807w", "too far ahead"),
            ("-99999d", "too far back"),
            ("+3h 9:00", "only follows days or weeks"),
            ("someday", "not a day or a time"),
            ("tomorrow 25:00", "not a time of day"),
            ("tomorrow 9:60", "not a time of day"),
            ("tomorrow 13pm", "not a time of day"),
            ("tomorrow 0am", "not a time of day"),
            ("2026-02-30", "not a day or a time"),
            ("2026-13-01 10:00", "'2026-13-01' is not a day"),
            ("now 9:00", "takes no time"),
            ("next week friday 9", "too many words"),
            ("9:00:00:00", "not a day or a time"),
        ];
        for (input, why) in cases {
            let e = parse(input, now()).expect_err(input);
            assert!(
                e.to_string().contains(why),
                "input {input:?}: {e} does not say {why:?}"
            );
            assert!(e.to_string().contains("tomorrow 9:00"), "{e}");
        }
    }

    #[test]
    fn the_ends_of_the_calendar_are_errors_not_panics() {
        for now in [NaiveDateTime::MIN, NaiveDateTime::MAX] {
            for input in [
                "+1d",
                "+10000w",
                "tomorrow",
                "yesterday",
                "mon",
                "next sun 9:00",
                "+2d 8am",
                "today",
                "now",
                "14:30",
            ] {
                // either a moment or a reason; never a panic
                let _ = parse(input, now);
            }
        }
        assert!(parse("+1d", NaiveDateTime::MAX)
            .unwrap_err()
            .to_string()
            .contains("too far ahead"));
    }
}
