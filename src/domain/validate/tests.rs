use super::*;

/// The error of `r`, checked to name `field`; returns its reason.
#[track_caller]
fn reason<T: std::fmt::Debug>(r: Result<T, FieldError>, field: &str) -> String {
    let e = r.expect_err("expected a validation error");
    assert_eq!(e.field, field);
    assert!(e.to_string().starts_with(&format!("{field}: ")), "{e}");
    e.reason
}

#[track_caller]
fn rejects<T: std::fmt::Debug>(r: Result<T, FieldError>, field: &str, needle: &str) {
    let why = reason(r, field);
    assert!(
        why.contains(needle),
        "reason {why:?} does not contain {needle:?}"
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
    assert_eq!(
        required_text("name", "  Ada Lovelace \n", 20).unwrap(),
        "Ada Lovelace"
    );
    assert_eq!(
        required_text("notes", "line 1\n\tline 2", 20).unwrap(),
        "line 1\n\tline 2"
    );
    assert_eq!(required_text("name", "Zoë", 3).unwrap(), "Zoë");
}

#[test]
fn required_text_rejects() {
    assert_eq!(
        reason(required_text("name", "   ", 10), "name"),
        "is required"
    );
    assert_eq!(reason(required_text("name", "", 10), "name"), "is required");
    rejects(
        required_text("name", "abcd", 3),
        "name",
        "is longer than 3 characters (got 4)",
    );
    rejects(
        required_text("name", "a\u{7}b", 10),
        "name",
        "contains control characters",
    );
    rejects(
        required_text("name", "a\rb", 10),
        "name",
        "contains control characters ('\\r')",
    );
    rejects(
        required_text("name", "a\u{0}", 10),
        "name",
        "contains control characters",
    ); // C1 controls: U+009B is CSI on terminals that read 8-bit controls
    rejects(
        required_text("name", "Acme\u{9b}31m", 20),
        "name",
        "contains control characters ('\\u{9b}')",
    );
    rejects(
        required_text("name", "a\u{85}b", 10),
        "name",
        "contains control characters",
    );
    assert_eq!(required_text("name", "Ça va", 10).unwrap(), "Ça va");
}

#[test]
fn optional_text_blank_is_none() {
    assert_eq!(optional_text("title", None, 10).unwrap(), None);
    assert_eq!(optional_text("title", Some("  "), 10).unwrap(), None);
    assert_eq!(
        optional_text("title", Some(" CEO "), 10).unwrap(),
        Some("CEO".into())
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
    assert_eq!(
        email("email", "  Bob.Smith@Example.COM ").unwrap(),
        "bob.smith@example.com"
    );
    assert_eq!(
        email("email", "a+tag@sub.acme.co.uk").unwrap(),
        "a+tag@sub.acme.co.uk"
    );
    assert_eq!(
        email("email", "o'neil_x-y{z}@acme.io").unwrap(),
        "o'neil_x-y{z}@acme.io"
    );
    assert_eq!(
        email("email", "x@xn--bcher-kva.xn--p1ai").unwrap(),
        "x@xn--bcher-kva.xn--p1ai"
    );
    assert_eq!(email("email", "x@a1-b.example").unwrap(), "x@a1-b.example");
    let local = "a".repeat(64);
    assert_eq!(
        email("email", &format!("{local}@acme.com")).unwrap(),
        format!("{local}@acme.com")
    );
}

#[test]
fn email_rejects_with_specific_reasons() {
    let e = email("email", "bob@").unwrap_err();
    assert_eq!(
        e.to_string(),
        "email: 'bob@' is not a valid email address: missing domain"
    );
    assert_eq!(reason(email("email", " "), "email"), "is required");
    rejects(email("email", "bob.acme.com"), "email", "missing '@'");
    rejects(email("email", "a@b@acme.com"), "email", "more than one '@'");
    rejects(
        email("email", "@acme.com"),
        "email",
        "missing the name before '@'",
    );
    rejects(
        email("email", ".bob@acme.com"),
        "email",
        "starts or ends with a dot",
    );
    rejects(
        email("email", "bob.@acme.com"),
        "email",
        "starts or ends with a dot",
    );
    rejects(
        email("email", "bo..b@acme.com"),
        "email",
        "two dots in a row",
    );
    rejects(
        email("email", "bo b@acme.com"),
        "email",
        "the name before '@' contains invalid character ' '",
    );
    rejects(
        email("email", "bob(x)@acme.com"),
        "email",
        "invalid character '('",
    );
    rejects(
        email("email", &format!("{}@acme.com", "a".repeat(65))),
        "email",
        "longer than 64 characters",
    );
    rejects(
        email("email", "bob@acme"),
        "email",
        "domain needs a top-level domain such as .com",
    );
    rejects(
        email("email", "bob@acme.c"),
        "email",
        "top-level domain 'c' must be at least 2 letters",
    );
    rejects(
        email("email", "bob@acme.c0m"),
        "email",
        "top-level domain 'c0m'",
    );
    rejects(
        email("email", "bob@acme..com"),
        "email",
        "domain has an empty label",
    );
    rejects(
        email("email", "bob@.acme.com"),
        "email",
        "domain has an empty label",
    );
    rejects(
        email("email", "bob@-acme.com"),
        "email",
        "label '-acme' starts or ends with '-'",
    );
    rejects(
        email("email", "bob@acme-.com"),
        "email",
        "starts or ends with '-'",
    );
    rejects(
        email("email", "bob@ac_me.com"),
        "email",
        "domain contains invalid character '_'",
    );
    rejects(
        email("email", "bob@bücher.de"),
        "email",
        "invalid character 'ü'",
    );
    rejects(
        email("email", &format!("bob@{}.com", "a".repeat(64))),
        "email",
        "longer than 63 characters",
    );
    let long = format!("bob@{}.com", vec!["a".repeat(60); 5].join("."));
    rejects(email("email", &long), "email", "longer than 254 characters");
}

#[test]
fn optional_email_works() {
    assert_eq!(optional_email("email", None).unwrap(), None);
    assert_eq!(optional_email("email", Some("")).unwrap(), None);
    assert_eq!(
        optional_email("email", Some("A@B.CO")).unwrap(),
        Some("a@b.co".into())
    );
    rejects(
        optional_email("work_email", Some("x")),
        "work_email",
        "missing '@'",
    );
}

#[test]
fn phone_normalizes() {
    assert_eq!(
        phone("phone", "+1 (555) 010-0100", None).unwrap(),
        "+15550100100"
    );
    assert_eq!(
        phone("phone", "0049 30 1234567", None).unwrap(),
        "+49301234567"
    );
    assert_eq!(
        phone("phone", "+44 20.7946/0958", None).unwrap(),
        "+442079460958"
    );
    assert_eq!(
        phone("phone", "030 1234567", Some("49")).unwrap(),
        "+49301234567"
    );
    assert_eq!(
        phone("phone", "555-010-0100", Some("+1")).unwrap(),
        "+15550100100"
    );
    assert_eq!(
        phone("phone", "+49 30 1234567", Some("1")).unwrap(),
        "+49301234567"
    );
    assert_eq!(phone("phone", "(+1) 5550100", None).unwrap(), "+15550100");
}

#[test]
fn phone_extensions() {
    assert_eq!(
        phone("phone", "+1 555 010 0100 x123", None).unwrap(),
        "+15550100100;ext=123"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100 ext. 42", None).unwrap(),
        "+15550100100;ext=42"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100 EXT 7", None).unwrap(),
        "+15550100100;ext=7"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100 Ext.9", None).unwrap(),
        "+15550100100;ext=9"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100#5", None).unwrap(),
        "+15550100100;ext=5"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100 extension 88", None).unwrap(),
        "+15550100100;ext=88"
    );
    assert_eq!(
        phone("phone", "+1 555 010 0100 X 1", None).unwrap(),
        "+15550100100;ext=1"
    );
}

#[test]
fn phone_rejects() {
    assert_eq!(reason(phone("phone", "  ", None), "phone"), "is required");
    let e = phone("phone", "555 0100 123", None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "phone: '555 0100 123' needs a country code, e.g. +1 555 0100"
    );
    rejects(
        phone("phone", "+1 555 CALL NOW", None),
        "phone",
        "contains invalid character 'C'",
    );
    rejects(
        phone("phone", "+1 555 0100 ; 2", None),
        "phone",
        "invalid character ';'",
    );
    rejects(
        phone("phone", "+1 555 0100 x", None),
        "phone",
        "extension '' must be 1 to 10 digits",
    );
    rejects(
        phone("phone", "+1 555 0100 x12a", None),
        "phone",
        "extension '12a' must be 1 to 10 digits",
    );
    rejects(
        phone("phone", "+1 555 0100 x12345678901", None),
        "phone",
        "must be 1 to 10 digits",
    );
    rejects(
        phone("phone", "+1 555+0100", None),
        "phone",
        "'+' is only allowed at the start",
    );
    rejects(
        phone("phone", "++15550100", None),
        "phone",
        "'+' is only allowed at the start",
    );
    rejects(
        phone("phone", "+12345", None),
        "phone",
        "has 5 digits, but 7 to 15 are needed",
    );
    rejects(
        phone("phone", "+123456", None),
        "phone",
        "has 6 digits, but 7 to 15 are needed",
    );
    assert_eq!(phone("phone", "+1234567", None).unwrap(), "+1234567");
    assert_eq!(
        phone("phone", "+123456789012345", None).unwrap(),
        "+123456789012345"
    );
    rejects(
        phone("phone", "+1234567890123456", None),
        "phone",
        "has 16 digits, but 7 to 15 are needed",
    );
    rejects(
        phone("phone", "+0 555 0100", None),
        "phone",
        "country code cannot start with 0",
    );
    rejects(
        phone("phone", "000 555 0100", None),
        "phone",
        "country code cannot start with 0",
    );
    rejects(phone("phone", "+ ()", None), "phone", "has no digits");
    rejects(phone("phone", "x123", None), "phone", "has no digits");
    rejects(
        phone("phone", "0301234567", Some("049")),
        "phone",
        "default calling code '049' is not valid",
    );
    rejects(
        phone("phone", "0301234567", Some("abc")),
        "phone",
        "default calling code",
    );
}

#[test]
fn optional_phone_works() {
    assert_eq!(optional_phone("mobile", None, None).unwrap(), None);
    assert_eq!(optional_phone("mobile", Some(" "), None).unwrap(), None);
    assert_eq!(
        optional_phone("mobile", Some("0171 2345678"), Some("49")).unwrap(),
        Some("+491712345678".into())
    );
    rejects(
        optional_phone("mobile", Some("12"), None),
        "mobile",
        "needs a country code",
    );
}

#[test]
fn domain_name_normalizes() {
    assert_eq!(
        domain_name("domain", "https://www.Acme.com/about").unwrap(),
        "acme.com"
    );
    assert_eq!(domain_name("domain", " acme.com ").unwrap(), "acme.com");
    assert_eq!(
        domain_name("domain", "http://shop.acme.co.uk:8080/x?y=1#z").unwrap(),
        "shop.acme.co.uk"
    );
    assert_eq!(domain_name("domain", "ACME.COM.").unwrap(), "acme.com");
    assert_eq!(domain_name("domain", "acme.com?ref=x").unwrap(), "acme.com");
    assert_eq!(domain_name("domain", "www.com").unwrap(), "www.com");
    assert_eq!(
        domain_name("domain", "xn--bcher-kva.de").unwrap(),
        "xn--bcher-kva.de"
    );
}

#[test]
fn domain_name_rejects() {
    assert_eq!(reason(domain_name("domain", ""), "domain"), "is required");
    let e = domain_name("domain", "acme").unwrap_err();
    assert_eq!(
        e.to_string(),
        "domain: 'acme' is not a valid domain: needs a top-level domain such as .com"
    );
    rejects(
        domain_name("domain", "bob@acme.com"),
        "domain",
        "invalid character '@'",
    );
    rejects(
        domain_name("domain", "acme .com"),
        "domain",
        "invalid character ' '",
    );
    rejects(domain_name("domain", "acme..com"), "domain", "empty label");
    rejects(
        domain_name("domain", "-acme.com"),
        "domain",
        "starts or ends with '-'",
    );
    rejects(
        domain_name("domain", "acme.123"),
        "domain",
        "top-level domain '123'",
    );
    rejects(
        domain_name("domain", "https://"),
        "domain",
        "needs a top-level domain",
    );
    rejects(
        domain_name("domain", "acme.com:http"),
        "domain",
        "invalid character ':'",
    );
}

#[test]
fn optional_domain_works() {
    assert_eq!(optional_domain("website", None).unwrap(), None);
    assert_eq!(
        optional_domain("website", Some("www.x.io")).unwrap(),
        Some("x.io".into())
    );
    rejects(
        optional_domain("website", Some("x")),
        "website",
        "not a valid domain",
    );
}

#[test]
fn url_normalizes() {
    assert_eq!(url("url", "acme.com").unwrap(), "https://acme.com");
    assert_eq!(
        url("url", " HTTPS://Acme.COM/About?Q=1#Top ").unwrap(),
        "https://acme.com/About?Q=1#Top"
    );
    assert_eq!(
        url("url", "http://localhost:8080/x").unwrap(),
        "http://localhost:8080/x"
    );
    assert_eq!(
        url("url", "http://127.0.0.1/").unwrap(),
        "http://127.0.0.1/"
    );
    assert_eq!(
        url("url", "www.acme.com:443/a").unwrap(),
        "https://www.acme.com:443/a"
    );
    assert_eq!(
        url("url", "https://acme.com?x=1").unwrap(),
        "https://acme.com?x=1"
    );
}

#[test]
fn url_rejects() {
    assert_eq!(reason(url("url", " "), "url"), "is required");
    let e = url("url", "ftp://acme.com").unwrap_err();
    assert_eq!(
        e.to_string(),
        "url: 'ftp://acme.com' is not a valid URL: only http:// and https:// addresses are allowed"
    );
    rejects(
        url("url", "https://acme com"),
        "url",
        "contains invalid character ' '",
    );
    rejects(url("url", "https:///path"), "url", "missing host");
    rejects(
        url("url", "https://user:pw@acme.com"),
        "url",
        "must not contain a user name or password",
    );
    rejects(
        url("url", "https://acme.com:99999"),
        "url",
        "port '99999' is not a number between 1 and 65535",
    );
    rejects(url("url", "https://acme.com:0"), "url", "port '0'");
    rejects(url("url", "https://acme.com:/"), "url", "port ''");
    rejects(
        url("url", "https://acme/"),
        "url",
        "host needs a top-level domain",
    );
    rejects(
        url("url", "https://ac_me.com/"),
        "url",
        "host contains invalid character '_'",
    );
    rejects(
        url("url", "http://300.1.1.1/"),
        "url",
        "top-level domain '1'",
    );
    rejects(
        url("url", &format!("https://acme.com/{}", "a".repeat(2048))),
        "url",
        "longer than 2048 characters",
    );
}

#[test]
fn probability_range() {
    assert_eq!(probability("probability", 0).unwrap(), 0);
    assert_eq!(probability("probability", 100).unwrap(), 100);
    assert_eq!(probability("probability", 55).unwrap(), 55);
    let e = probability("probability", 101).unwrap_err();
    assert_eq!(
        e.to_string(),
        "probability: must be between 0 and 100 (got 101)"
    );
    rejects(probability("probability", -1), "probability", "(got -1)");
    rejects(
        probability("probability", 70_000),
        "probability",
        "(got 70000)",
    );
}

#[test]
fn non_negative_range() {
    assert_eq!(non_negative("amount", 0).unwrap(), 0);
    assert_eq!(non_negative("amount", i64::MAX).unwrap(), i64::MAX);
    let e = non_negative("amount", -5).unwrap_err();
    assert_eq!(e.to_string(), "amount: must not be negative (got -5)");
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
    assert_eq!(reason(currency("currency", ""), "currency"), "is required");
    let e = currency("currency", "XYZ").unwrap_err();
    assert_eq!(
        e.to_string(),
        "currency: 'XYZ' is not an ISO 4217 currency code"
    );
    rejects(
        currency("currency", "US"),
        "currency",
        "'US' is not an ISO 4217",
    );
    rejects(currency("currency", "DEM"), "currency", "not an ISO 4217");
    rejects(currency("currency", "€"), "currency", "not an ISO 4217");
}

#[test]
fn color_normalizes() {
    assert_eq!(color("color", "#FF8800").unwrap(), "#ff8800");
    assert_eq!(color("color", " #F80 ").unwrap(), "#ff8800");
    assert_eq!(color("color", "#abc").unwrap(), "#aabbcc");
    assert_eq!(color("color", "Red").unwrap(), "red");
    assert_eq!(color("color", "light-red").unwrap(), "light-red");
    assert_eq!(color("color", "LightBlue").unwrap(), "light-blue");
    assert_eq!(color("color", "bright_green").unwrap(), "light-green");
    assert_eq!(color("color", "dark grey").unwrap(), "dark-gray");
    assert_eq!(color("color", "grey").unwrap(), "gray");
    for name in COLOR_NAMES {
        assert_eq!(color("color", name).unwrap(), name);
    }
}

#[test]
fn color_rejects() {
    assert_eq!(reason(color("color", " "), "color"), "is required");
    let e = color("color", "#12").unwrap_err();
    assert_eq!(
        e.to_string(),
        "color: '#12' is not a valid color: use #rrggbb, #rgb or a name like red, light-blue, dark-gray"
    );
    rejects(
        color("color", "#gggggg"),
        "color",
        "'#gggggg' is not a valid color",
    );
    rejects(color("color", "#1234567"), "color", "is not a valid color");
    rejects(
        color("color", "purple"),
        "color",
        "'purple' is not a valid color",
    );
    rejects(color("color", "light"), "color", "is not a valid color");
    rejects(color("color", "ff0000"), "color", "is not a valid color");
}

#[test]
fn timezone_normalizes() {
    assert_eq!(timezone("timezone", "UTC").unwrap(), "UTC");
    assert_eq!(timezone("timezone", " utc ").unwrap(), "UTC");
    assert_eq!(
        timezone("timezone", "Europe/Berlin").unwrap(),
        "Europe/Berlin"
    );
    assert_eq!(
        timezone("timezone", "america/New_York").unwrap(),
        "America/New_York"
    );
    assert_eq!(
        timezone("timezone", "America/Argentina/Buenos_Aires").unwrap(),
        "America/Argentina/Buenos_Aires"
    );
    assert_eq!(timezone("timezone", "Etc/GMT+5").unwrap(), "Etc/GMT+5");
    assert_eq!(
        timezone("timezone", "America/Port-au-Prince").unwrap(),
        "America/Port-au-Prince"
    );
}

#[test]
fn timezone_rejects() {
    assert_eq!(reason(timezone("timezone", ""), "timezone"), "is required");
    let e = timezone("timezone", "Mars/Olympus").unwrap_err();
    assert!(e.to_string().starts_with(
        "timezone: 'Mars/Olympus' is not a valid time zone: expected UTC or Area/Location"
    ));
    assert!(e.reason.contains("Africa, America, Antarctica"), "{e}");
    rejects(
        timezone("timezone", "GMT"),
        "timezone",
        "expected UTC or Area/Location",
    );
    rejects(
        timezone("timezone", "Europe"),
        "timezone",
        "like Europe/Berlin",
    );
    rejects(
        timezone("timezone", "Europe/"),
        "timezone",
        "1 to 32 characters",
    );
    rejects(
        timezone("timezone", "America/A/B/C"),
        "timezone",
        "like Europe/Berlin",
    );
    rejects(
        timezone("timezone", "Europe/Berlin City"),
        "timezone",
        "invalid character ' '",
    );
    rejects(
        timezone("timezone", "Europe/Zürich"),
        "timezone",
        "invalid character 'ü'",
    );
    // well-formed but unknown: checked against the time zone database, with the nearest name
    rejects(
        timezone("timezone", "Europe/Berlne"),
        "timezone",
        "did you mean 'Europe/Berlin'?",
    );
    rejects(
        timezone("timezone", "Pacific/Atlantis_Qwerty"),
        "timezone",
        "no such zone in the time zone database",
    );
}

#[test]
fn date_parses() {
    let d = date("due", " 2026-12-31 ").unwrap();
    assert_eq!(d, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    assert_eq!(
        date("due", "1900-01-01").unwrap(),
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
    );
    assert_eq!(
        date("due", "2200-12-31").unwrap(),
        NaiveDate::from_ymd_opt(2200, 12, 31).unwrap()
    );
    assert_eq!(
        date("due", "2024-02-29").unwrap(),
        NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
    );
}

#[test]
fn date_rejects() {
    assert_eq!(reason(date("due", ""), "due"), "is required");
    let e = date("due", "31/12/2026").unwrap_err();
    assert_eq!(
        e.to_string(),
        "due: '31/12/2026' is not a date (expected YYYY-MM-DD)"
    );
    rejects(date("due", "2026-1-5"), "due", "expected YYYY-MM-DD");
    rejects(
        date("due", "2026-01-05T10:00"),
        "due",
        "expected YYYY-MM-DD",
    );
    rejects(date("due", "+2026-01-5"), "due", "expected YYYY-MM-DD");
    rejects(
        date("due", "2026-02-30"),
        "due",
        "'2026-02-30' is not a valid calendar date",
    );
    rejects(
        date("due", "2025-02-29"),
        "due",
        "not a valid calendar date",
    );
    rejects(
        date("due", "2026-13-01"),
        "due",
        "not a valid calendar date",
    );
    rejects(
        date("due", "1899-12-31"),
        "due",
        "year must be between 1900 and 2200 (got 1899)",
    );
    rejects(date("due", "2201-01-01"), "due", "(got 2201)");
}

#[test]
fn country_normalizes() {
    assert_eq!(country("country", " de ").unwrap(), "DE");
    assert_eq!(country("country", "Germany").unwrap(), "Germany");
    assert_eq!(
        country("country", "Côte d'Ivoire").unwrap(),
        "Côte d'Ivoire"
    );
    assert_eq!(country("country", "u1").unwrap(), "u1");
}

#[test]
fn country_rejects() {
    assert_eq!(reason(country("country", " "), "country"), "is required");
    rejects(
        country("country", "D"),
        "country",
        "'D' is too short (min. 2 characters)",
    );
    rejects(
        country("country", &"x".repeat(65)),
        "country",
        "is longer than 64 characters",
    );
    rejects(
        country("country", "D\u{1}E"),
        "country",
        "control characters",
    );
}

#[test]
fn postal_code_normalizes() {
    assert_eq!(
        postal_code("postal_code", " sw1a 1aa ").unwrap(),
        "SW1A 1AA"
    );
    assert_eq!(postal_code("postal_code", "10115").unwrap(), "10115");
    assert_eq!(
        postal_code("postal_code", "12345-6789").unwrap(),
        "12345-6789"
    );
}

#[test]
fn postal_code_rejects() {
    assert_eq!(
        reason(postal_code("postal_code", ""), "postal_code"),
        "is required"
    );
    rejects(
        postal_code("postal_code", "12345678901234567"),
        "postal_code",
        "is longer than 16 characters",
    );
    rejects(
        postal_code("postal_code", "123#45"),
        "postal_code",
        "'123#45' contains invalid character '#'",
    );
    rejects(
        postal_code("postal_code", "1234ß"),
        "postal_code",
        "invalid character 'ß'",
    );
}
