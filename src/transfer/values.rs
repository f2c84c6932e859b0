//! Reading and writing single cell values: timestamps, dates, tag lists, full names, amounts.

use chrono::{NaiveDate, NaiveDateTime, SubsecRound};

use crate::domain::money::currency_exponent;
use crate::domain::validate as v;
use crate::domain::FieldError;

/// A date-time as exported (`2026-03-01 14:30:00.123456`) or typed (`2026-03-01T14:30`,
/// `2026-03-01 14:30:00Z`); a bare date is the end of that day, as everywhere in rolo.
/// Truncated to microseconds, which both backends store exactly.
pub fn timestamp(field: &'static str, value: &str) -> Result<NaiveDateTime, FieldError> {
    let v = value.trim();
    let v = v
        .strip_suffix('Z')
        .or_else(|| v.strip_suffix("+00:00"))
        .or_else(|| v.strip_suffix(" UTC"))
        .unwrap_or(v);
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, format) {
            return Ok(t.trunc_subsecs(6));
        }
    }
    crate::domain::activity::optional_datetime(field, v)?
        .ok_or_else(|| FieldError::new(field, "is required"))
}

/// `YYYY-MM-DD`; a date-time (`2026-03-01 00:00`, `2026-03-01T00:00:00Z`) keeps its date.
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate, FieldError> {
    let v = value.trim();
    let date_part = match v.get(..10) {
        Some(d) if v.len() > 10 && matches!(v.as_bytes()[10], b' ' | b'T' | b't') => d,
        _ => v,
    };
    v::date(field, date_part)
}

/// Tag names from `a, b; c|d`, without blanks or case-insensitive repeats, in order.
pub fn tag_list(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in value.split([',', ';', '|']).map(str::trim) {
        if !t.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_string());
        }
    }
    out
}

/// "Ann Lee" -> ("Ann", Some("Lee")); "Lee, Ann" -> ("Ann", Some("Lee")); "Ann" -> ("Ann", None).
/// Everything but the last word is the first name.
pub fn split_full_name(value: &str) -> (String, Option<String>) {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((last, first)) = v.split_once(',') {
        let (first, last) = (first.trim(), last.trim());
        if !first.is_empty() && !last.is_empty() {
            return (first.to_string(), Some(last.to_string()));
        }
    }
    match v.rsplit_once(' ') {
        Some((first, last)) => (first.to_string(), Some(last.to_string())),
        None => (v, None),
    }
}

/// Minor units as a plain major-unit amount without grouping: 1250050 USD -> "12500.50",
/// 1000 JPY -> "1000". Read back exactly by `money::parse_major`.
pub fn major(minor: i64, currency: &str) -> String {
    let exponent = currency_exponent(currency);
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10u64.pow(exponent);
    let abs = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    let width = exponent as usize;
    format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
}

/// A timestamp as exported: seconds, plus the fraction only when there is one.
pub fn show_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.f").to_string()
}

/// Lower-case, whitespace collapsed: the form names are compared in.
pub fn fold(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn timestamps_round_trip_exactly() {
        for s in ["2026-03-01 14:30:00.123456", "2026-03-01 14:30:00"] {
            assert_eq!(show_time(timestamp("t", s).unwrap()), s);
        }
        assert_eq!(
            timestamp("t", "2026-03-01T14:30:05Z").unwrap(),
            at("2026-03-01 14:30:05")
        );
        assert_eq!(
            timestamp("t", "2026-03-01 14:30").unwrap(),
            at("2026-03-01 14:30:00")
        );
        assert_eq!(
            timestamp("t", "2026-03-01").unwrap(),
            at("2026-03-01 23:59:59")
        );
        assert_eq!(timestamp("due_at", "soon").unwrap_err().field, "due_at");
    }

    #[test]
    fn dates_keep_the_date_of_a_date_time() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date("c", "2026-03-01").unwrap(), d);
        assert_eq!(date("c", "2026-03-01 00:00").unwrap(), d);
        assert_eq!(date("c", "2026-03-01T10:00:00Z").unwrap(), d);
        assert!(date("c", "03/01/2026").is_err());
    }

    #[test]
    fn tags_names_and_amounts() {
        assert_eq!(tag_list("vip, Hot;vip|  |cold"), ["vip", "Hot", "cold"]);
        assert_eq!(
            split_full_name("  Ann  Marie Lee "),
            ("Ann Marie".into(), Some("Lee".into()))
        );
        assert_eq!(
            split_full_name("Lee, Ann"),
            ("Ann".into(), Some("Lee".into()))
        );
        assert_eq!(split_full_name("Björk"), ("Björk".into(), None));
        assert_eq!(major(1_250_050, "USD"), "12500.50");
        assert_eq!(major(5, "USD"), "0.05");
        assert_eq!(major(1_000, "JPY"), "1000");
        assert_eq!(major(1_234, "KWD"), "1.234");
        for (minor, cur) in [(1_250_050, "USD"), (7, "EUR"), (99, "JPY"), (1, "BHD")] {
            let back = crate::domain::money::parse_major("v", &major(minor, cur), cur).unwrap();
            assert_eq!(back, minor);
        }
    }
}
