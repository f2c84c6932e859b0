//! Date values of the filter language: absolute days, keywords (`today`, `this-week`, …) and
//! offsets (`-7d`, `+2w`), fixed against the context's clock with checked arithmetic. A value
//! whose day falls outside [`MIN_DATE`]..=[`MAX_DATE`] is an error with its span, never a panic.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};

use super::ast::Value;
use super::catalogue::{Field, ValueKind};
use super::context::Context;
use super::error::FilterError;
use super::pred::{Cmp, Lit, Pred};

pub use crate::domain::when::{MAX_DATE, MIN_DATE};

fn out_of_range(v: &Value) -> FilterError {
    FilterError::new(
        v.span,
        format!(
            "'{}' is out of range: a date in a filter lies between {MIN_DATE} and {MAX_DATE}",
            v.text
        ),
    )
}

fn in_range(d: NaiveDate) -> Option<NaiveDate> {
    (MIN_DATE..=MAX_DATE).contains(&d).then_some(d)
}

fn plus_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(TimeDelta::try_days(days)?)
}

fn start_of_week(d: NaiveDate) -> Option<NaiveDate> {
    plus_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

/// A relative offset (`-7d`, `+30d`, `+2w`): `None` if the text is not one, `Some(None)` if it
/// is one too large for any calendar.
fn relative_days(t: &str) -> Option<Option<i64>> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = rest.split_at(digits);
    let per = match unit {
        "d" => 1,
        "w" => 7,
        _ => return None,
    };
    if num.is_empty() {
        return None;
    }
    Some(
        num.parse::<i64>()
            .ok()
            .and_then(|n| n.checked_mul(per))
            .map(|days| sign * days),
    )
}

/// A date value as a half-open range of days [from, to); `from` is within the range, `to` may be
/// the day after [`MAX_DATE`].
fn date_range(v: &Value, cx: &Context) -> Result<(NaiveDate, NaiveDate), FilterError> {
    let today = cx.now.date();
    let t = v.text.to_ascii_lowercase();
    let range = |from: Option<NaiveDate>, days: i64| -> Result<_, FilterError> {
        let from = from.and_then(in_range).ok_or_else(|| out_of_range(v))?;
        let to = plus_days(from, days).ok_or_else(|| out_of_range(v))?;
        Ok((from, to))
    };
    match t.as_str() {
        "today" => range(Some(today), 1),
        "tomorrow" => range(plus_days(today, 1), 1),
        "yesterday" => range(plus_days(today, -1), 1),
        "this-week" | "this_week" => range(start_of_week(today), 7),
        "next-week" | "next_week" => range(start_of_week(today).and_then(|d| plus_days(d, 7)), 7),
        "last-week" | "last_week" => range(start_of_week(today).and_then(|d| plus_days(d, -7)), 7),
        "this-month" | "this_month" => {
            let first =
                in_range(today.with_day(1).unwrap_or(today)).ok_or_else(|| out_of_range(v))?;
            let next = first.checked_add_months(chrono::Months::new(1));
            Ok((first, next.ok_or_else(|| out_of_range(v))?))
        }
        _ => match relative_days(&t) {
            Some(offset) => range(offset.and_then(|o| plus_days(today, o)), 1),
            None => {
                let d = NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
                    FilterError::new(
                        v.span,
                        format!(
                            "'{}' is not a date: use YYYY-MM-DD, today, -7d, +2w or this-week",
                            v.text
                        ),
                    )
                })?;
                range(Some(d), 1)
            }
        },
    }
}

/// `field OP date` as comparisons of the column with the bounds of the value's day(s).
pub fn date_pred(f: &Field, op: Cmp, v: &Value, cx: &Context) -> Result<Pred, FilterError> {
    let at = |op: Cmp, value: Lit| Pred::Cmp {
        column: f.column,
        text: false,
        op,
        value,
    };
    // A relative offset on a timestamp (`created>-7d`) means that instant, not that day.
    if f.kind == ValueKind::Timestamp {
        if let Some(days) = relative_days(&v.text.to_ascii_lowercase()) {
            let instant = days
                .and_then(TimeDelta::try_days)
                .and_then(|d| cx.now.checked_add_signed(d))
                .filter(|t| in_range(t.date()).is_some())
                .ok_or_else(|| out_of_range(v))?;
            return Ok(at(op, Lit::Time(instant)));
        }
    }
    let (from, to) = date_range(v, cx)?;
    // `column < d` / `column >= d` for a day d; past MAX_DATE (only ever an exclusive upper
    // bound) every stored value is before d, and d itself is not written to SQL.
    let bound = |op: Cmp, d: NaiveDate| {
        if d > MAX_DATE {
            return match op {
                Cmp::Lt => Pred::Not(Box::new(Pred::Empty {
                    column: f.column,
                    text: false,
                })),
                _ => Pred::Const(false),
            };
        }
        at(
            op,
            match f.kind {
                ValueKind::Timestamp => Lit::Time(d.and_time(NaiveTime::MIN)),
                _ => Lit::Date(d),
            },
        )
    };
    Ok(match op {
        Cmp::Eq => Pred::And(vec![bound(Cmp::Ge, from), bound(Cmp::Lt, to)]),
        Cmp::Ne => Pred::Or(vec![bound(Cmp::Lt, from), bound(Cmp::Ge, to)]),
        Cmp::Lt => bound(Cmp::Lt, from),
        Cmp::Ge => bound(Cmp::Ge, from),
        Cmp::Le => bound(Cmp::Lt, to),
        Cmp::Gt => bound(Cmp::Ge, to),
    })
}
