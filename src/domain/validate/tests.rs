//! The validators as tables: for each, the inputs it accepts with what they normalize to, and
//! the inputs it refuses with (part of) the reason it gives. A failing row names its input.
use super::*;

use chrono::NaiveDate;

use std::fmt::Debug;

/// The error of `r`, checked to name `field`; returns its reason.
#[track_caller]
fn reason<T: Debug>(r: Result<T, FieldError>, field: &str) -> String {
    let e = r.expect_err("expected a validation error");
    assert_eq!(e.field, field);
    assert!(e.to_string().starts_with(&format!("{field}: ")), "{e}");
    e.reason
}

#[track_caller]
fn rejects<T: Debug>(r: Result<T, FieldError>, field: &str, needle: &str) {
    let why = reason(r, field);
    assert!(
        why.contains(needle),
        "reason {why:?} does not contain {needle:?}"
    );
}

/// Every `(input, expected)` row is accepted and normalized to `expected`.
#[track_caller]
fn accepts<I: Copy + Debug, T: Debug + PartialEq<E>, E: Debug>(
    f: impl Fn(I) -> Result<T, FieldError>,
    rows: &[(I, E)],
) {
    for (input, want) in rows {
        match f(*input) {
            Ok(got) => assert!(got == *want, "{input:?}: got {got:?}, want {want:?}"),
            Err(e) => panic!("{input:?}: refused: {e}"),
        }
    }
}

/// Every `(input, needle)` row is refused for `field` with a reason containing `needle`.
#[track_caller]
fn refuses<I: Copy + Debug, T: Debug>(
    f: impl Fn(I) -> Result<T, FieldError>,
    field: &str,
    rows: &[(I, &str)],
) {
    for (input, needle) in rows {
        let why = reason(f(*input), field);
        assert!(
            why.contains(needle),
            "{input:?}: reason {why:?} does not contain {needle:?}"
        );
    }
}

/// Every input is refused for `field` with exactly the reason "is required".
#[track_caller]
fn requires<T: Debug>(f: impl Fn(&str) -> Result<T, FieldError>, field: &str, blanks: &[&str]) {
    for &input in blanks {
        assert_eq!(reason(f(input), field), "is required", "{input:?}");
    }
}

/// The whole message of the error for `input`.
#[track_caller]
fn message<T: Debug>(r: Result<T, FieldError>, full: &str) {
    assert_eq!(
        r.expect_err("expected a validation error").to_string(),
        full
    );
}

#[test]
fn field_error_display() {
    let e = FieldError::new("name", "is required");
    assert_eq!(e.to_string(), "name: is required");
    assert_eq!(
        e,
        FieldError {
            field: "name",
            reason: "is required".into()
        }
    );
}

#[test]
fn validation_errors_collects_in_order() {
    let mut errs = ValidationErrors::new();
    assert!(errs.is_empty());
    assert_eq!(
        errs.check(required_text("name", " Ada ", 10)),
        Some("Ada".to_string())
    );
    assert!(errs.is_empty());
    assert_eq!(errs.check(email("email", "nope")), None);
    assert_eq!(errs.check(probability("probability", 101)), None);
    assert!(!errs.is_empty());
    let fields: Vec<&str> = errs.fields().map(|e| e.field).collect();
    assert_eq!(fields, ["email", "probability"]);
    assert_eq!(
        errs.to_string(),
        "email: 'nope' is not a valid email address: missing '@'; probability: must be between 0 and 100 (got 101)"
    );
    assert_eq!(errs.clone().into_result(1), Err(errs));
    assert_eq!(ValidationErrors::new().into_result(7), Ok(7));
    assert_eq!(ValidationErrors::new().to_string(), "");
}

#[test]
fn validation_errors_from_field_error() {
    let errs = ValidationErrors::from(FieldError::new("x", "bad"));
    assert_eq!(errs.0, vec![FieldError::new("x", "bad")]);
    assert_eq!(errs.to_string(), "x: bad");
    let mut pushed = ValidationErrors::default();
    pushed.push(FieldError::new("x", "bad"));
    assert_eq!(pushed, errs);
}

#[test]
fn quote_escapes_and_truncates() {
    assert_eq!(quote("abc"), "'abc'");
    assert_eq!(quote("a\u{1b}b"), "'a�b'");
    assert_eq!(quote(&"x".repeat(50)), format!("'{}…'", "x".repeat(40)));
    assert_eq!(show_char(' '), "' '");
}

#[test]
fn required_text_normalizes() {
    accepts(
        |s| required_text("name", s, 20),
        &[("  Ada Lovelace \n", "Ada Lovelace")],
    );
    assert_eq!(
        required_text("notes", "line 1\n\tline 2", 20).unwrap(),
        "line 1\n\tline 2"
    );
    assert_eq!(required_text("name", "Zoë", 3).unwrap(), "Zoë");
}

#[test]
fn required_text_rejects() {
    requires(|s| required_text("name", s, 10), "name", &["   ", ""]);
    rejects(
        required_text("name", "abcd", 3),
        "name",
        "is longer than 3 characters (got 4)",
    );
    refuses(
        |s| required_text("name", s, 20),
        "name",
        &[
            ("a\u{7}b", "contains control characters"),
            ("a\rb", "contains control characters ('\\r')"),
            ("a\u{0}", "contains control characters"),
            // C1 controls: U+009B is CSI on terminals that read 8-bit controls
            ("Acme\u{9b}31m", "contains control characters ('\\u{9b}')"),
            ("a\u{85}b", "contains control characters"),
        ],
    );
    assert_eq!(required_text("name", "Ça va", 10).unwrap(), "Ça va");
}

#[test]
fn optional_text_blank_is_none() {
    accepts(
        |s| optional_text("title", s, 10),
        &[
            (None, None),
            (Some("  "), None),
            (Some(" CEO "), Some("CEO".to_string())),
        ],
    );
    rejects(
        optional_text("title", Some("x".repeat(11).as_str()), 10),
        "title",
        "longer than 10",
    );
    assert_eq!(optional(Some(" 5 "), |v| Ok(v.len())).unwrap(), Some(1));
}

#[test]
fn email_normalizes() {
    let local = format!("{}@acme.com", "a".repeat(64));
    accepts(
        |s| email("email", s),
        &[
            ("  Bob.Smith@Example.COM ", "bob.smith@example.com"),
            ("a+tag@sub.acme.co.uk", "a+tag@sub.acme.co.uk"),
            ("o'neil_x-y{z}@acme.io", "o'neil_x-y{z}@acme.io"),
            ("x@xn--bcher-kva.xn--p1ai", "x@xn--bcher-kva.xn--p1ai"),
            ("x@a1-b.example", "x@a1-b.example"),
            (local.as_str(), local.as_str()),
        ],
    );
}

#[test]
fn email_rejects_with_specific_reasons() {
    message(
        email("email", "bob@"),
        "email: 'bob@' is not a valid email address: missing domain",
    );
    requires(|s| email("email", s), "email", &[" "]);
    let long_local = format!("{}@acme.com", "a".repeat(65));
    let long_label = format!("bob@{}.com", "a".repeat(64));
    let long = format!("bob@{}.com", vec!["a".repeat(60); 5].join("."));
    refuses(
        |s| email("email", s),
        "email",
        &[
            ("bob.acme.com", "missing '@'"),
            ("a@b@acme.com", "more than one '@'"),
            ("@acme.com", "missing the name before '@'"),
            (".bob@acme.com", "starts or ends with a dot"),
            ("bob.@acme.com", "starts or ends with a dot"),
            ("bo..b@acme.com", "two dots in a row"),
            (
                "bo b@acme.com",
                "the name before '@' contains invalid character ' '",
            ),
            ("bob(x)@acme.com", "invalid character '('"),
            (long_local.as_str(), "longer than 64 characters"),
            ("bob@acme", "domain needs a top-level domain such as .com"),
            (
                "bob@acme.c",
                "top-level domain 'c' must be at least 2 letters",
            ),
            ("bob@acme.c0m", "top-level domain 'c0m'"),
            ("bob@acme..com", "domain has an empty label"),
            ("bob@.acme.com", "domain has an empty label"),
            ("bob@-acme.com", "label '-acme' starts or ends with '-'"),
            ("bob@acme-.com", "starts or ends with '-'"),
            ("bob@ac_me.com", "domain contains invalid character '_'"),
            ("bob@bücher.de", "invalid character 'ü'"),
            (long_label.as_str(), "longer than 63 characters"),
            (long.as_str(), "longer than 254 characters"),
        ],
    );
}

#[test]
fn optional_email_works() {
    accepts(
        |s| optional_email("email", s),
        &[
            (None, None),
            (Some(""), None),
            (Some("A@B.CO"), Some("a@b.co".to_string())),
        ],
    );
    rejects(
        optional_email("work_email", Some("x")),
        "work_email",
        "missing '@'",
    );
}

#[test]
fn phone_normalizes() {
    accepts(
        |(s, code)| phone("phone", s, code),
        &[
            (("+1 (555) 010-0100", None), "+15550100100"),
            (("0049 30 1234567", None), "+49301234567"),
            (("+44 20.7946/0958", None), "+442079460958"),
            (("030 1234567", Some("49")), "+49301234567"),
            (("555-010-0100", Some("+1")), "+15550100100"),
            (("+49 30 1234567", Some("1")), "+49301234567"),
            (("(+1) 5550100", None), "+15550100"),
        ],
    );
}

#[test]
fn phone_extensions() {
    accepts(
        |s| phone("phone", s, None),
        &[
            ("+1 555 010 0100 x123", "+15550100100;ext=123"),
            ("+1 555 010 0100 ext. 42", "+15550100100;ext=42"),
            ("+1 555 010 0100 EXT 7", "+15550100100;ext=7"),
            ("+1 555 010 0100 Ext.9", "+15550100100;ext=9"),
            ("+1 555 010 0100#5", "+15550100100;ext=5"),
            ("+1 555 010 0100 extension 88", "+15550100100;ext=88"),
            ("+1 555 010 0100 X 1", "+15550100100;ext=1"),
        ],
    );
}

#[test]
fn phone_rejects() {
    requires(|s| phone("phone", s, None), "phone", &["  "]);
    message(
        phone("phone", "555 0100 123", None),
        "phone: '555 0100 123' needs a country code, e.g. +1 555 0100",
    );
    refuses(
        |s| phone("phone", s, None),
        "phone",
        &[
            ("+1 555 CALL NOW", "contains invalid character 'C'"),
            ("+1 555 0100 ; 2", "invalid character ';'"),
            ("+1 555 0100 x", "extension '' must be 1 to 10 digits"),
            ("+1 555 0100 x12a", "extension '12a' must be 1 to 10 digits"),
            ("+1 555 0100 x12345678901", "must be 1 to 10 digits"),
            ("+1 555+0100", "'+' is only allowed at the start"),
            ("++15550100", "'+' is only allowed at the start"),
            ("+12345", "has 5 digits, but 7 to 15 are needed"),
            ("+123456", "has 6 digits, but 7 to 15 are needed"),
            ("+1234567890123456", "has 16 digits, but 7 to 15 are needed"),
            ("+0 555 0100", "country code cannot start with 0"),
            ("000 555 0100", "country code cannot start with 0"),
            ("+ ()", "has no digits"),
            ("x123", "has no digits"),
        ],
    );
    accepts(
        |s| phone("phone", s, None),
        &[
            ("+1234567", "+1234567"),
            ("+123456789012345", "+123456789012345"),
        ],
    );
    refuses(
        |code| phone("phone", "0301234567", Some(code)),
        "phone",
        &[
            ("049", "default calling code '049' is not valid"),
            ("abc", "default calling code"),
        ],
    );
}

#[test]
fn optional_phone_works() {
    accepts(
        |(s, code)| optional_phone("mobile", s, code),
        &[
            ((None, None), None),
            ((Some(" "), None), None),
            (
                (Some("0171 2345678"), Some("49")),
                Some("+491712345678".to_string()),
            ),
        ],
    );
    rejects(
        optional_phone("mobile", Some("12"), None),
        "mobile",
        "needs a country code",
    );
}

#[test]
fn domain_name_normalizes() {
    accepts(
        |s| domain_name("domain", s),
        &[
            ("https://www.Acme.com/about", "acme.com"),
            (" acme.com ", "acme.com"),
            ("http://shop.acme.co.uk:8080/x?y=1#z", "shop.acme.co.uk"),
            ("ACME.COM.", "acme.com"),
            ("acme.com?ref=x", "acme.com"),
            ("www.com", "www.com"),
            ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ],
    );
}

#[test]
fn domain_name_rejects() {
    requires(|s| domain_name("domain", s), "domain", &[""]);
    message(
        domain_name("domain", "acme"),
        "domain: 'acme' is not a valid domain: needs a top-level domain such as .com",
    );
    refuses(
        |s| domain_name("domain", s),
        "domain",
        &[
            ("bob@acme.com", "invalid character '@'"),
            ("acme .com", "invalid character ' '"),
            ("acme..com", "empty label"),
            ("-acme.com", "starts or ends with '-'"),
            ("acme.123", "top-level domain '123'"),
            ("https://", "needs a top-level domain"),
            ("acme.com:http", "invalid character ':'"),
        ],
    );
}

#[test]
fn optional_domain_works() {
    accepts(
        |s| optional_domain("website", s),
        &[(None, None), (Some("www.x.io"), Some("x.io".to_string()))],
    );
    rejects(
        optional_domain("website", Some("x")),
        "website",
        "not a valid domain",
    );
}

#[test]
fn url_normalizes() {
    accepts(
        |s| url("url", s),
        &[
            ("acme.com", "https://acme.com"),
            (
                " HTTPS://Acme.COM/About?Q=1#Top ",
                "https://acme.com/About?Q=1#Top",
            ),
            ("http://localhost:8080/x", "http://localhost:8080/x"),
            ("http://127.0.0.1/", "http://127.0.0.1/"),
            ("www.acme.com:443/a", "https://www.acme.com:443/a"),
            ("https://acme.com?x=1", "https://acme.com?x=1"),
        ],
    );
}

#[test]
fn url_rejects() {
    requires(|s| url("url", s), "url", &[" "]);
    message(
        url("url", "ftp://acme.com"),
        "url: 'ftp://acme.com' is not a valid URL: only http:// and https:// addresses are allowed",
    );
    let long = format!("https://acme.com/{}", "a".repeat(2048));
    refuses(
        |s| url("url", s),
        "url",
        &[
            ("https://acme com", "contains invalid character ' '"),
            ("https:///path", "missing host"),
            (
                "https://user:pw@acme.com",
                "must not contain a user name or password",
            ),
            (
                "https://acme.com:99999",
                "port '99999' is not a number between 1 and 65535",
            ),
            ("https://acme.com:0", "port '0'"),
            ("https://acme.com:/", "port ''"),
            ("https://acme/", "host needs a top-level domain"),
            ("https://ac_me.com/", "host contains invalid character '_'"),
            ("http://300.1.1.1/", "top-level domain '1'"),
            (long.as_str(), "longer than 2048 characters"),
        ],
    );
}

#[test]
fn probability_range() {
    accepts(
        |n| probability("probability", n),
        &[(0, 0), (100, 100), (55, 55)],
    );
    message(
        probability("probability", 101),
        "probability: must be between 0 and 100 (got 101)",
    );
    refuses(
        |n| probability("probability", n),
        "probability",
        &[(-1, "(got -1)"), (70_000, "(got 70000)")],
    );
}

#[test]
fn non_negative_range() {
    accepts(
        |n| non_negative("amount", n),
        &[(0, 0), (i64::MAX, i64::MAX)],
    );
    message(
        non_negative("amount", -5),
        "amount: must not be negative (got -5)",
    );
}

#[test]
fn currency_codes() {
    assert!(
        CURRENCY_CODES.windows(2).all(|w| w[0] < w[1]),
        "list must be sorted and unique"
    );
    for code in [
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "HKD", "SGD", "SEK", "NOK",
        "DKK", "PLN", "CZK", "HUF", "INR", "BRL", "MXN", "ZAR", "KRW", "TRY", "ILS", "AED", "SAR",
        "RUB", "THB", "IDR", "MYR", "PHP", "TWD", "CLP", "COP", "ARS", "EGP", "NGN", "KES", "BHD",
        "KWD", "OMR", "JOD", "TND", "VND", "ISK",
    ] {
        assert_eq!(currency("currency", code).unwrap(), code);
    }
    assert_eq!(currency("currency", " eur ").unwrap(), "EUR");
    requires(|s| currency("currency", s), "currency", &[""]);
    message(
        currency("currency", "XYZ"),
        "currency: 'XYZ' is not an ISO 4217 currency code",
    );
    refuses(
        |s| currency("currency", s),
        "currency",
        &[
            ("US", "'US' is not an ISO 4217"),
            ("DEM", "not an ISO 4217"),
            ("€", "not an ISO 4217"),
        ],
    );
}

#[test]
fn color_normalizes() {
    accepts(
        |s| color("color", s),
        &[
            ("#FF8800", "#ff8800"),
            (" #F80 ", "#ff8800"),
            ("#abc", "#aabbcc"),
            ("Red", "red"),
            ("light-red", "light-red"),
            ("LightBlue", "light-blue"),
            ("bright_green", "light-green"),
            ("dark grey", "dark-gray"),
            ("grey", "gray"),
        ],
    );
    for name in COLOR_NAMES {
        assert_eq!(color("color", name).unwrap(), name);
    }
}

#[test]
fn color_rejects() {
    requires(|s| color("color", s), "color", &[" "]);
    message(
        color("color", "#12"),
        "color: '#12' is not a valid color: use #rrggbb, #rgb or a name like red, light-blue, dark-gray",
    );
    refuses(
        |s| color("color", s),
        "color",
        &[
            ("#gggggg", "'#gggggg' is not a valid color"),
            ("#1234567", "is not a valid color"),
            ("purple", "'purple' is not a valid color"),
            ("light", "is not a valid color"),
            ("ff0000", "is not a valid color"),
        ],
    );
}

#[test]
fn timezone_normalizes() {
    accepts(
        |s| timezone("timezone", s),
        &[
            ("UTC", "UTC"),
            (" utc ", "UTC"),
            ("Europe/Berlin", "Europe/Berlin"),
            ("america/New_York", "America/New_York"),
            (
                "America/Argentina/Buenos_Aires",
                "America/Argentina/Buenos_Aires",
            ),
            ("Etc/GMT+5", "Etc/GMT+5"),
            ("America/Port-au-Prince", "America/Port-au-Prince"),
        ],
    );
}

#[test]
fn timezone_rejects() {
    requires(|s| timezone("timezone", s), "timezone", &[""]);
    let e = timezone("timezone", "Mars/Olympus").unwrap_err();
    assert!(e.to_string().starts_with(
        "timezone: 'Mars/Olympus' is not a valid time zone: expected UTC or Area/Location"
    ));
    assert!(e.reason.contains("Africa, America, Antarctica"), "{e}");
    refuses(
        |s| timezone("timezone", s),
        "timezone",
        &[
            ("GMT", "expected UTC or Area/Location"),
            ("Europe", "like Europe/Berlin"),
            ("Europe/", "1 to 32 characters"),
            ("America/A/B/C", "like Europe/Berlin"),
            ("Europe/Berlin City", "invalid character ' '"),
            ("Europe/Zürich", "invalid character 'ü'"),
            // well-formed but unknown: checked against the time zone database, with the nearest
            // name
            ("Europe/Berlne", "did you mean 'Europe/Berlin'?"),
            (
                "Pacific/Atlantis_Qwerty",
                "no such zone in the time zone database",
            ),
        ],
    );
}

#[test]
fn date_parses() {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    accepts(
        |s| date("due", s),
        &[
            (" 2026-12-31 ", ymd(2026, 12, 31)),
            ("1900-01-01", ymd(1900, 1, 1)),
            ("2200-12-31", ymd(2200, 12, 31)),
            ("2024-02-29", ymd(2024, 2, 29)),
        ],
    );
}

#[test]
fn date_rejects() {
    requires(|s| date("due", s), "due", &[""]);
    message(
        date("due", "31/12/2026"),
        "due: '31/12/2026' is not a date (expected YYYY-MM-DD)",
    );
    refuses(
        |s| date("due", s),
        "due",
        &[
            ("2026-1-5", "expected YYYY-MM-DD"),
            ("2026-01-05T10:00", "expected YYYY-MM-DD"),
            ("+2026-01-5", "expected YYYY-MM-DD"),
            ("2026-02-30", "'2026-02-30' is not a valid calendar date"),
            ("2025-02-29", "not a valid calendar date"),
            ("2026-13-01", "not a valid calendar date"),
            (
                "1899-12-31",
                "year must be between 1900 and 2200 (got 1899)",
            ),
            ("2201-01-01", "(got 2201)"),
        ],
    );
}

#[test]
fn country_normalizes() {
    accepts(
        |s| country("country", s),
        &[
            (" de ", "DE"),
            ("Germany", "Germany"),
            ("Côte d'Ivoire", "Côte d'Ivoire"),
            ("u1", "u1"),
        ],
    );
}

#[test]
fn country_rejects() {
    requires(|s| country("country", s), "country", &[" "]);
    let long = "x".repeat(65);
    refuses(
        |s| country("country", s),
        "country",
        &[
            ("D", "'D' is too short (min. 2 characters)"),
            (long.as_str(), "is longer than 64 characters"),
            ("D\u{1}E", "control characters"),
        ],
    );
}

#[test]
fn postal_code_normalizes() {
    accepts(
        |s| postal_code("postal_code", s),
        &[
            (" sw1a 1aa ", "SW1A 1AA"),
            ("10115", "10115"),
            ("12345-6789", "12345-6789"),
        ],
    );
}

#[test]
fn postal_code_rejects() {
    requires(|s| postal_code("postal_code", s), "postal_code", &[""]);
    refuses(
        |s| postal_code("postal_code", s),
        "postal_code",
        &[
            ("12345678901234567", "is longer than 16 characters"),
            ("123#45", "'123#45' contains invalid character '#'"),
            ("1234ß", "invalid character 'ß'"),
        ],
    );
}
