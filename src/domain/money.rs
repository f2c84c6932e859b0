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
mod tests {
    use super::*;

    #[track_caller]
    fn rejects(input: &str, currency: &str, needle: &str) {
        let e = parse_major("amount", input, currency).expect_err("expected an error");
        assert_eq!(e.field, "amount");
        let text = e.to_string();
        assert!(text.starts_with("amount: "), "{text}");
        assert!(
            text.contains(needle),
            "{text:?} does not contain {needle:?}"
        );
    }

    #[test]
    fn exponents() {
        for code in ["JPY", "KRW", "VND", "CLP", "ISK", "jpy", " XOF "] {
            assert_eq!(currency_exponent(code), 0, "{code}");
        }
        for code in ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "kwd"] {
            assert_eq!(currency_exponent(code), 3, "{code}");
        }
        for code in ["USD", "EUR", "GBP", "CHF", "", "XYZ"] {
            assert_eq!(currency_exponent(code), 2, "{code}");
        }
    }

    #[test]
    fn parse_plain_and_grouped() {
        let p = |s: &str, c: &str| parse_major("amount", s, c).unwrap();
        assert_eq!(p("10000", "USD"), 1_000_000);
        assert_eq!(p("10,000.50", "USD"), 1_000_050);
        assert_eq!(p("10,000.5", "USD"), 1_000_050);
        assert_eq!(p("1,234,567.89", "USD"), 123_456_789);
        assert_eq!(p("10 000.5", "EUR"), 1_000_050);
        assert_eq!(p("10\u{a0}000", "EUR"), 1_000_000);
        assert_eq!(p("1_000_000", "USD"), 100_000_000);
        assert_eq!(p("  42  ", "USD"), 4_200);
        assert_eq!(p("0.01", "USD"), 1);
        assert_eq!(p(".5", "USD"), 50);
        assert_eq!(p("7.", "USD"), 700);
        assert_eq!(p("007", "USD"), 700);
        assert_eq!(p("0", "USD"), 0);
    }

    #[test]
    fn parse_symbols() {
        let p = |s: &str, c: &str| parse_major("amount", s, c).unwrap();
        assert_eq!(p("$10.50", "USD"), 1_050);
        assert_eq!(p("$ 1,000", "USD"), 100_000);
        assert_eq!(p("€99", "EUR"), 9_900);
        assert_eq!(p("99.90 €", "EUR"), 9_990);
        assert_eq!(p("£5", "GBP"), 500);
        assert_eq!(p("¥1,234", "JPY"), 1_234);
    }

    #[test]
    fn parse_respects_exponent() {
        let p = |s: &str, c: &str| parse_major("amount", s, c).unwrap();
        assert_eq!(p("1234", "JPY"), 1_234);
        assert_eq!(p("1.234", "KWD"), 1_234);
        assert_eq!(p("1.2", "BHD"), 1_200);
        assert_eq!(p("5", "tnd"), 5_000);
        rejects("1.5", "JPY", "'1.5' has more than 0 decimals for JPY");
        rejects("1.234", "USD", "has more than 2 decimals for USD");
        rejects("1.2345", "kwd", "has more than 3 decimals for KWD");
        rejects("1.500", "usd", "has more than 2 decimals for USD");
    }

    #[test]
    fn parse_rejects_bad_input() {
        let e = parse_major("amount", " ", "USD").unwrap_err();
        assert_eq!(e.to_string(), "amount: is required");
        let e = parse_major("amount", "-5", "USD").unwrap_err();
        assert_eq!(e.to_string(), "amount: '-5' must not be negative");
        rejects("-$5", "USD", "must not be negative");
        rejects("$-5", "USD", "must not be negative");
        rejects(
            "10,5",
            "EUR",
            "'10,5' is not a valid amount: use '.' for decimals",
        );
        rejects("10 000,5", "EUR", "is not a valid amount");
        rejects("1000,000", "USD", "is not a valid amount");
        rejects("1,00,000", "INR", "is not a valid amount");
        rejects(",100", "USD", "is not a valid amount");
        rejects("100,", "USD", "is not a valid amount");
        rejects("1,,000", "USD", "is not a valid amount");
        rejects(
            "10.000,50",
            "EUR",
            "has a separator after the decimal point",
        );
        rejects("1.2.3", "USD", "has more than one decimal point");
        rejects("12a", "USD", "'12a' contains invalid character 'a'");
        rejects("1e5", "USD", "invalid character 'e'");
        rejects("1.x", "USD", "invalid character 'x'");
        rejects("USD 10", "USD", "invalid character 'U'");
        rejects("+5", "USD", "invalid character '+'");
        rejects("$", "USD", "'$' is not an amount");
        rejects(".", "USD", "is not an amount");
        rejects("١٢", "USD", "invalid character '١'");
    }

    #[test]
    fn parse_overflow() {
        assert_eq!(
            parse_major("amount", "92233720368547758.07", "USD").unwrap(),
            i64::MAX
        );
        assert_eq!(
            parse_major("amount", "9223372036854775807", "JPY").unwrap(),
            i64::MAX
        );
        rejects("92233720368547758.08", "USD", "is too large");
        rejects("92233720368547758", "KWD", "is too large");
        rejects("99999999999999999999999", "JPY", "is too large");
    }

    #[test]
    fn amounts_to_store_are_bounded_and_say_the_bound() {
        assert_eq!(
            parse_amount("value", "9,999,999,999,999.99", "USD").unwrap(),
            MAX_MINOR
        );
        assert_eq!(
            parse_amount("value", "999999999999999", "JPY").unwrap(),
            MAX_MINOR
        );
        assert_eq!(
            parse_amount("value", "999999999999.999", "kwd").unwrap(),
            MAX_MINOR
        );
        for (input, cur, limit) in [
            ("92233720368547758.07", "USD", "9,999,999,999,999.99 USD"),
            ("10000000000000", "usd", "9,999,999,999,999.99 USD"),
            ("1000000000000000", "JPY", "999,999,999,999,999 JPY"),
            ("99999999999999999999999", "JPY", "999,999,999,999,999 JPY"),
            ("1000000000000", "KWD", "999,999,999,999.999 KWD"),
        ] {
            let e = parse_amount("value", input, cur).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("value: '{input}' is too large: an amount must be at most {limit}")
            );
        }
        assert_eq!(bounded("value", MAX_MINOR, "USD"), Ok(MAX_MINOR));
        assert_eq!(
            bounded("value", i64::MAX, "EUR").unwrap_err().to_string(),
            "value: must be at most 9,999,999,999,999.99 EUR"
        );
        // the arithmetic of MAX_MINOR's comment
        assert!(MAX_MINOR.checked_mul(1000).is_some());
        assert!((MAX_MINOR / 1_000_000_000 * 100)
            .checked_mul(90_000_000)
            .is_some());
        assert!((999_999_999i64 * 100).checked_mul(90_000_000).is_some());
        assert!((i64::MAX / 1_000_000_000 * 100)
            .checked_mul(9_000_000)
            .is_some());
        assert_eq!(
            format_major(i128::from(i64::MAX) * 3, "USD"),
            "276,701,161,105,643,274.21"
        );
    }

    #[test]
    fn format_examples() {
        assert_eq!(format_major(1_234_567, "USD"), "12,345.67");
        assert_eq!(format_major(1_234, "JPY"), "1,234");
        assert_eq!(format_major(0, "USD"), "0.00");
        assert_eq!(format_major(5, "USD"), "0.05");
        assert_eq!(format_major(100, "EUR"), "1.00");
        assert_eq!(format_major(99_999, "EUR"), "999.99");
        assert_eq!(format_major(100_000, "EUR"), "1,000.00");
        assert_eq!(format_major(1_234_567, "KWD"), "1,234.567");
        assert_eq!(format_major(7, "BHD"), "0.007");
        assert_eq!(format_major(999, "JPY"), "999");
        assert_eq!(format_major(1_000_000, "JPY"), "1,000,000");
        assert_eq!(format_major(-1_234_567, "USD"), "-12,345.67");
        assert_eq!(format_major(-5, "USD"), "-0.05");
        assert_eq!(format_major(i64::MAX, "USD"), "92,233,720,368,547,758.07");
        assert_eq!(format_major(i64::MIN, "USD"), "-92,233,720,368,547,758.08");
        assert_eq!(format_major(i64::MIN, "JPY"), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn round_trip() {
        for (minor, cur) in [
            (0, "USD"),
            (1, "USD"),
            (123_456_789, "EUR"),
            (42, "JPY"),
            (1_000_001, "KWD"),
            (i64::MAX, "GBP"),
        ] {
            let text = format_major(minor, cur);
            assert_eq!(parse_major("amount", &text, cur).unwrap(), minor, "{text}");
        }
    }
}
