//! Free text, and the free-text parts of an address (country, postal code).

use super::{about, fail, invalid_char, optional, show_char, trimmed, FieldResult};

/// Trimmed, non-empty text of at most `max_chars` characters, without control characters
/// other than newline and tab (C0, DEL and the C1 controls U+0080–U+009F, which some terminals
/// read as escape sequences).
pub fn required_text(field: &'static str, value: &str, max_chars: usize) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let control = |c: &char| c.is_control() && *c != '\n' && *c != '\t';
    let n = v.chars().count();
    let why = if let Some(c) = v.chars().find(control) {
        format!("contains control characters ({})", show_char(c))
    } else if n > max_chars {
        format!("is longer than {max_chars} characters (got {n})")
    } else {
        return Ok(v.to_string());
    };
    fail(field, why)
}

pub fn optional_text(
    field: &'static str,
    value: Option<&str>,
    max_chars: usize,
) -> FieldResult<Option<String>> {
    optional(value, |v| required_text(field, v, max_chars))
}

/// A free-text country of 2..=64 characters; a two-letter code is uppercased ("de" => "DE").
pub fn country(field: &'static str, value: &str) -> FieldResult<String> {
    let v = required_text(field, value, 64)?;
    if v.chars().count() < 2 {
        return Err(about(field, &v, "is too short (min. 2 characters)"));
    }
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(v.to_ascii_uppercase());
    }
    Ok(v)
}

/// A postal code of at most 16 letters, digits, spaces and '-', uppercased.
pub fn postal_code(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let allowed = |c: &char| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-';
    if v.chars().count() > 16 {
        return Err(about(field, v, "is longer than 16 characters"));
    }
    if let Some(c) = v.chars().find(|c| !allowed(c)) {
        return Err(about(field, v, &invalid_char(c)));
    }
    Ok(v.to_ascii_uppercase())
}
