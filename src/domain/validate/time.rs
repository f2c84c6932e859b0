//! Calendar dates and time-zone names.

use chrono::{Datelike, NaiveDate};

use super::{about, fail, invalid, invalid_char, trimmed, FieldResult};

#[rustfmt::skip]
const TZ_AREAS: [&str; 10] = [
    "Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc",
];

/// "UTC" or an IANA-style "Area/Location[/Sub]" name such as "Europe/Berlin".
pub fn timezone(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    if v.eq_ignore_ascii_case("utc") {
        return Ok("UTC".into());
    }
    let bad = |why: &str| invalid(field, v, "time zone", why);
    let mut parts = v.split('/');
    let area_in = parts.next().unwrap_or_default();
    let Some(area) = TZ_AREAS.iter().find(|a| a.eq_ignore_ascii_case(area_in)) else {
        let why = format!(
            "expected UTC or Area/Location with Area one of {}",
            TZ_AREAS.join(", ")
        );
        return Err(bad(&why));
    };
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() || rest.len() > 2 {
        return Err(bad("expected UTC or Area/Location like Europe/Berlin"));
    }
    let allowed = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-');
    for part in &rest {
        if part.is_empty() || part.len() > 32 {
            return Err(bad("each part after the area must be 1 to 32 characters"));
        }
        if let Some(c) = part.chars().find(|c| !allowed(c)) {
            return Err(bad(&invalid_char(c)));
        }
    }
    let name = format!("{area}/{}", rest.join("/"));
    match chrono_tz::Tz::from_str_insensitive(&name) {
        Ok(tz) => Ok(tz.name().to_string()),
        Err(_) => Err(bad(&unknown_zone(&name))),
    }
}

/// Why a well-formed zone name is refused: it is not in the time zone database; the nearest
/// known name, when one is close.
fn unknown_zone(name: &str) -> String {
    let lower = name.to_lowercase();
    let nearest = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::jaro_winkler(&lower, &tz.name().to_lowercase()),
                tz.name(),
            )
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((_, known)) => {
            format!("no such zone in the time zone database; did you mean '{known}'?")
        }
        None => "no such zone in the time zone database (names look like Europe/Berlin)".into(),
    }
}

/// An ISO "YYYY-MM-DD" date with a year in 1900..=2200.
pub fn date(field: &'static str, value: &str) -> FieldResult<NaiveDate> {
    let v = trimmed(field, value)?;
    let sep = |i: usize| i == 4 || i == 7;
    let shaped = |(i, b)| matches!((sep(i), b), (true, b'-') | (false, b'0'..=b'9'));
    if v.len() != 10 || !v.bytes().enumerate().all(shaped) {
        return Err(about(field, v, "is not a date (expected YYYY-MM-DD)"));
    }
    let parsed = NaiveDate::parse_from_str(v, "%Y-%m-%d");
    let d = parsed.map_err(|_| about(field, v, "is not a valid calendar date"))?;
    if !(1900..=2200).contains(&d.year()) {
        let why = format!("year must be between 1900 and 2200 (got {})", d.year());
        return fail(field, why);
    }
    Ok(d)
}
