//! Phone numbers, normalized to E.164 style with an optional extension.

use super::{about, fail, invalid, invalid_char, optional, quote, trimmed, FieldResult};

/// Split "555 0100 ext. 12" into the number and the extension after "x", "ext", "#", ...
fn split_extension(v: &str) -> (&str, Option<&str>) {
    const MARKERS: [&str; 4] = ["extension", "ext", "x", "#"];
    let lower = v.to_ascii_lowercase();
    for (i, _) in lower.char_indices() {
        if let Some(m) = MARKERS.iter().find(|m| lower[i..].starts_with(*m)) {
            let ext = v[i + m.len()..].trim_start_matches([' ', '.', ':']);
            return (&v[..i], Some(ext.trim_end()));
        }
    }
    (v, None)
}

/// A phone number normalized to "+<digits>" (E.164 style), with ";ext=N" for an extension.
/// Numbers without a country code get `default_calling_code` (digits, e.g. "1" or "49")
/// after dropping one trunk '0'.
pub fn phone(field: &'static str, value: &str, default_code: Option<&str>) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let bad = |why: &str| invalid(field, v, "phone number", why);
    let (number, ext) = split_extension(v);
    let ext_ok = |e: &&str| (1..=10).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit());
    if let Some(ext) = ext.filter(|e| !ext_ok(e)) {
        let why = format!("extension {} must be 1 to 10 digits", quote(ext));
        return Err(bad(&why));
    }
    let mut digits = String::new();
    let mut plus = false;
    for c in number.chars() {
        match c {
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            '+' if !plus && digits.is_empty() => plus = true,
            '+' => return Err(bad("'+' is only allowed at the start")),
            '0'..='9' => digits.push(c),
            _ => return Err(bad(&invalid_char(c))),
        }
    }
    if digits.is_empty() {
        return Err(bad("has no digits"));
    }
    if let Some(international) = digits.strip_prefix("00").filter(|_| !plus) {
        digits = international.to_string();
    } else if !plus {
        let Some(code) = default_code.map(|c| c.trim().trim_start_matches('+')) else {
            return Err(about(field, v, "needs a country code, e.g. +1 555 0100"));
        };
        let digits_only = code.bytes().all(|b| b.is_ascii_digit());
        if !(1..=3).contains(&code.len()) || code.starts_with('0') || !digits_only {
            let why = format!("default calling code {} is not valid", quote(code));
            return fail(field, why);
        }
        digits = format!("{code}{}", digits.strip_prefix('0').unwrap_or(&digits));
    }
    let n = digits.len();
    if digits.starts_with('0') {
        return Err(bad("the country code cannot start with 0"));
    } else if !(7..=15).contains(&n) {
        return Err(bad(&format!("has {n} digits, but 7 to 15 are needed")));
    }
    Ok(match ext {
        Some(ext) => format!("+{digits};ext={ext}"),
        None => format!("+{digits}"),
    })
}

pub fn optional_phone(
    field: &'static str,
    value: Option<&str>,
    default_calling_code: Option<&str>,
) -> FieldResult<Option<String>> {
    optional(value, |v| phone(field, v, default_calling_code))
}
