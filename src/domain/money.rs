//! Exact money: amounts are `i64` minor units (cents, pence, yen), never floats.

use super::validate::{quote, show_char, FieldError};

/// ISO 4217 currencies without minor units.
pub const ZERO_DECIMALS: [&str; 16] = [
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];

/// ISO 4217 currencies with 1000 minor units per major unit.
pub const THREE_DECIMALS: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// Currency symbols ignored before (or after) an amount.
const SYMBOLS: [char; 4] = ['$', '€', '£', '¥'];

/// Minor units per major unit exponent for an ISO currency: 0 for JPY KRW VND CLP ISK
/// (and the other zero-decimal ISO currencies), 3 for BHD KWD OMR JOD TND (and IQD LYD),
/// else 2. The code is matched case-insensitively.
pub fn currency_exponent(code: &str) -> u32 {
    let code = code.trim();
    if ZERO_DECIMALS.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        0
    } else if THREE_DECIMALS.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        3
    } else {
        2
    }
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}')
}

/// The largest amount rolo stores, in minor units: 10^15 − 1, that is 9,999,999,999,999.99 in
/// a 2-decimal currency, 999,999,999,999,999 JPY, 999,999,999,999.999 KWD. Enforced by
/// [`parse_amount`] and [`bounded`] (every draft's `set` and `validated`: `--set`, the forms,
/// the importer). With it every computation on stored amounts stays inside `i64`
/// (±9.22 × 10^18):
///
/// * SQLite's money indexes and filters compare amounts in thousandths of a major unit, × 1000
///   for a 0-decimal currency: below 10^18;
/// * a weighted value is amount × probability (at most 100): below 10^17;
/// * the board sums amounts per stage and currency in two parts, amount / 10^9 and
///   amount % 10^9 (`db::repo::board::totals`), each part below 10^9 per deal, × 100 when
///   weighted: the SQL sums stay inside `i64` for more than 90 million deals (even for older
///   rows up to `i64::MAX`), and Rust adds the parts in `i128`.
pub const MAX_MINOR: i64 = 999_999_999_999_999;

/// [`parse_major`], bounded by [`MAX_MINOR`]: an amount to store.
pub fn parse_amount(field: &'static str, input: &str, currency: &str) -> Result<i64, FieldError> {
    parse_up_to(field, input, currency, MAX_MINOR)
}

/// `minor` if it is at most [`MAX_MINOR`], else an error saying the largest amount.
pub fn bounded(field: &'static str, minor: i64, currency: &str) -> Result<i64, FieldError> {
    if minor > MAX_MINOR {
        return Err(FieldError::new(field, at_most(currency)));
    }
    Ok(minor)
}

fn at_most(currency: &str) -> String {
    format!(
        "must be at most {} {}",
        format_major(MAX_MINOR, currency),
        currency.trim().to_ascii_uppercase()
    )
}

/// Parse a user-typed amount in major units into minor units, exactly.
///
/// Accepts "10000", "10,000.50", "10 000.5", "10_000", "$10.50", "10.50 €". Group
/// separators (',', '_', space) must sit between groups of exactly 3 digits and the
/// decimal point is '.', so "10,5" is rejected rather than guessed. More decimals than the
/// currency has, negative amounts and amounts beyond `i64` minor units are errors.
pub fn parse_major(field: &'static str, input: &str, currency: &str) -> Result<i64, FieldError> {
    parse_up_to(field, input, currency, i64::MAX)
}

fn parse_up_to(
    field: &'static str,
    input: &str,
    currency: &str,
    max: i64,
) -> Result<i64, FieldError> {
    let v = input.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    let bad = |why: &str| FieldError::new(field, format!("{} {why}", quote(v)));
    const HINT: &str = "use '.' for decimals and ',' only between groups of 3 digits";

    let mut s = v;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    if let Some(rest) = s.strip_prefix(SYMBOLS) {
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_suffix(SYMBOLS) {
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    if negative {
        return Err(bad("must not be negative"));
    }

    let (int_part, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.contains('.') {
        return Err(bad("has more than one decimal point"));
    }
    if let Some(c) = frac.chars().find(|c| !c.is_ascii_digit()) {
        let why = if is_group_separator(c) {
            format!("has a separator after the decimal point; {HINT}")
        } else {
            format!("contains invalid character {}", show_char(c))
        };
        return Err(bad(&why));
    }
    let groups: Vec<&str> = int_part.split(is_group_separator).collect();
    for group in &groups {
        if let Some(c) = group.chars().find(|c| !c.is_ascii_digit()) {
            return Err(bad(&format!("contains invalid character {}", show_char(c))));
        }
    }
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(bad(&format!("is not a valid amount: {HINT}")));
        }
    }
    let int_digits = groups.concat();
    if int_digits.is_empty() && frac.is_empty() {
        return Err(bad("is not an amount"));
    }

    let exponent = currency_exponent(currency) as usize;
    if frac.len() > exponent {
        let code = currency.trim().to_ascii_uppercase();
        return Err(bad(&format!(
            "has more than {exponent} decimals for {code}"
        )));
    }
    let padding = std::iter::repeat_n(b'0', exponent - frac.len());
    let too_large = || {
        if max == i64::MAX {
            bad("is too large")
        } else {
            bad(&format!("is too large: an amount {}", at_most(currency)))
        }
    };
    let mut minor: i64 = 0;
    for d in int_digits.bytes().chain(frac.bytes()).chain(padding) {
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(i64::from(d - b'0')))
            .ok_or_else(too_large)?;
    }
    if minor > max {
        return Err(too_large());
    }
    Ok(minor)
}

/// Format minor units as major units with the currency's exponent and ',' between
/// thousands: `format_major(1234567, "USD") == "12,345.67"`, `format_major(1234, "JPY") == "1,234"`.
/// Takes any integer up to `i128`, so that totals of many amounts format too.
pub fn format_major(minor: impl Into<i128>, currency: &str) -> String {
    let minor: i128 = minor.into();
    let exponent = currency_exponent(currency);
    let scale = 10u128.pow(exponent);
    let abs = minor.unsigned_abs();
    let major = (abs / scale).to_string();
    let mut out = String::with_capacity(major.len() + major.len() / 3 + 6);
    if minor < 0 {
        out.push('-');
    }
    for (i, c) in major.chars().enumerate() {
        if i > 0 && i % 3 == major.len() % 3 {
            out.push(',');
        }
        out.push(c);
    }
    if exponent > 0 {
        let width = exponent as usize;
        out.push('.');
        out.push_str(&format!("{:0width$}", abs % scale));
    }
    out
}

#[cfg(test)]
mod tests;
