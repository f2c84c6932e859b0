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
