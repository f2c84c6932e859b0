//! Validation of user input before it reaches SQL.
//!
//! Every check takes the field name first and returns either the normalized value or a
//! [`FieldError`] that names the field and says what is wrong with the value.

use chrono::{Datelike, NaiveDate};

/// One invalid field: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: &'static str,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self { field, reason }
    }
}

/// The result of checking one field.
pub type FieldResult<T> = Result<T, FieldError>;

/// All the field errors of one record, in field order; Display joins them with "; ".
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", join_errors(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn join_errors(errors: &[FieldError]) -> String {
    let parts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(ok)` when no error was recorded, else `Err(self)`.
    pub fn into_result<T>(self, ok: T) -> Result<T, ValidationErrors> {
        self.0.is_empty().then_some(ok).ok_or(self)
    }

    pub fn fields(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// Record the error of a check and return its value.
    pub fn check<T>(&mut self, r: FieldResult<T>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

/// Quote a user value for an error message: control characters escaped, long values cut.
pub(crate) fn quote(s: &str) -> String {
    let shown: String = s
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '�' } else { c })
        .collect();
    let more = if s.chars().count() > 40 { "…" } else { "" };
    format!("'{shown}{more}'")
}

/// Quote one character for an error message, escaping control characters.
pub(crate) fn show_char(c: char) -> String {
    format!("'{}'", c.escape_debug())
}

fn invalid_char(c: char) -> String {
    format!("contains invalid character {}", show_char(c))
}

fn fail<T>(field: &'static str, reason: impl Into<String>) -> FieldResult<T> {
    Err(FieldError::new(field, reason))
}

/// "'<value>' <why>".
fn about(field: &'static str, value: &str, why: &str) -> FieldError {
    FieldError::new(field, format!("{} {why}", quote(value)))
}

/// "'<value>' is not a valid <what>: <why>".
fn invalid(field: &'static str, value: &str, what: &str, why: &str) -> FieldError {
    about(field, value, &format!("is not a valid {what}: {why}"))
}

/// The trimmed value, or "is required" when it is blank.
fn trimmed<'a>(field: &'static str, value: &'a str) -> FieldResult<&'a str> {
    match value.trim() {
        "" => fail(field, "is required"),
        v => Ok(v),
    }
}

/// Run `check` on a value that may be missing: `None` or blank gives `Ok(None)`.
pub fn optional<T>(
    value: Option<&str>,
    check: impl FnOnce(&str) -> FieldResult<T>,
) -> FieldResult<Option<T>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => check(v).map(Some),
    }
}

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

/// Check a lowercase host name: dot-separated labels of `[a-z0-9-]`, alphabetic TLD.
/// The error is a reason without subject, e.g. "needs a top-level domain such as .com".
fn check_host(host: &str) -> Result<(), String> {
    let allowed = |c: &char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.');
    if let Some(c) = host.chars().find(|c| !allowed(c)) {
        return Err(invalid_char(c));
    }
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels[labels.len() - 1];
    let tld_ok = tld.starts_with("xn--")
        || tld.len() >= 2 && !tld.contains(|c: char| !c.is_ascii_lowercase());
    let bad = |l: &&&str| l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-');
    Err(match labels.iter().find(bad) {
        _ if host.len() > 253 => "is longer than 253 characters".into(),
        _ if labels.len() < 2 => "needs a top-level domain such as .com".into(),
        Some(&"") => "has an empty label (check the dots)".into(),
        Some(l) if l.len() > 63 => format!("label {} is longer than 63 characters", quote(l)),
        Some(l) => format!("label {} starts or ends with '-'", quote(l)),
        None if tld_ok => return Ok(()),
        None => format!("top-level domain {} must be at least 2 letters", quote(tld)),
    })
}

fn check_email_local(local: &str) -> Result<(), String> {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";
    let allowed = |c: &char| c.is_ascii_alphanumeric() || SPECIALS.contains(*c);
    let why = if local.chars().count() > 64 {
        "is longer than 64 characters".into()
    } else if let Some(c) = local.chars().find(|c| !allowed(c)) {
        invalid_char(c)
    } else if local.starts_with('.') || local.ends_with('.') {
        "starts or ends with a dot".into()
    } else if local.contains("..") {
        "contains two dots in a row".into()
    } else {
        return Ok(());
    };
    Err(format!("the name before '@' {why}"))
}

/// A trimmed, lowercased email address.
pub fn email(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let bad = |why: &str| invalid(field, v, "email address", why);
    let lower = v.to_lowercase();
    let Some((local, domain)) = lower.split_once('@') else {
        return Err(bad("missing '@'"));
    };
    let why = if domain.contains('@') {
        "more than one '@'"
    } else if local.is_empty() {
        "missing the name before '@'"
    } else if domain.is_empty() {
        "missing domain"
    } else if lower.chars().count() > 254 {
        "longer than 254 characters"
    } else {
        check_email_local(local).map_err(|why| bad(&why))?;
        check_host(domain).map_err(|why| bad(&format!("domain {why}")))?;
        return Ok(lower);
    };
    Err(bad(why))
}

pub fn optional_email(field: &'static str, value: Option<&str>) -> FieldResult<Option<String>> {
    optional(value, |v| email(field, v))
}

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

/// The bare, lowercase domain of a web address: "https://www.Acme.com/about" => "acme.com".
pub fn domain_name(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let lower = v.to_lowercase();
    let mut host = lower.split_once("://").map_or(lower.as_str(), |s| s.1);
    host = host.split(['/', '?', '#']).next().unwrap_or_default();
    let numeric = |(_, port): &(&str, &str)| port.bytes().all(|b| b.is_ascii_digit());
    if let Some((h, _)) = host.rsplit_once(':').filter(numeric) {
        host = h;
    }
    host = host.strip_suffix('.').unwrap_or(host);
    if let Some(rest) = host.strip_prefix("www.").filter(|rest| rest.contains('.')) {
        host = rest;
    }
    match check_host(host) {
        Ok(()) => Ok(host.to_string()),
        Err(why) => Err(invalid(field, v, "domain", &why)),
    }
}

pub fn optional_domain(field: &'static str, value: Option<&str>) -> FieldResult<Option<String>> {
    optional(value, |v| domain_name(field, v))
}

/// An http(s) URL; "acme.com/x" becomes "https://acme.com/x". Scheme and host are lowercased.
pub fn url(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let bad = |why: &str| invalid(field, v, "URL", why);
    if v.chars().count() > 2048 {
        return Err(bad("is longer than 2048 characters"));
    }
    if let Some(c) = v.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(&invalid_char(c)));
    }
    let (scheme, rest) = v.split_once("://").unwrap_or(("https", v));
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let (host, port) = authority.split_at(authority.rfind(':').unwrap_or(authority.len()));
    let host = host.to_lowercase();
    let port_ok = port.is_empty() || port[1..].parse::<u16>().is_ok_and(|p| p > 0);
    if scheme != "http" && scheme != "https" {
        return Err(bad("only http:// and https:// addresses are allowed"));
    } else if authority.is_empty() {
        return Err(bad("missing host"));
    } else if authority.contains('@') {
        return Err(bad("must not contain a user name or password"));
    } else if !port_ok {
        let port = quote(&port[1..]);
        let why = format!("port {port} is not a number between 1 and 65535");
        return Err(bad(&why));
    }
    if host != "localhost" && host.parse::<std::net::Ipv4Addr>().is_err() {
        check_host(&host).map_err(|why| bad(&format!("host {why}")))?;
    }
    Ok(format!("{scheme}://{host}{port}{path}"))
}

/// A percentage 0..=100.
pub fn probability(field: &'static str, value: i64) -> FieldResult<i16> {
    match i16::try_from(value) {
        Ok(p) if (0..=100).contains(&p) => Ok(p),
        _ => fail(field, format!("must be between 0 and 100 (got {value})")),
    }
}

pub fn non_negative(field: &'static str, value: i64) -> FieldResult<i64> {
    if value < 0 {
        return fail(field, format!("must not be negative (got {value})"));
    }
    Ok(value)
}

/// Active ISO 4217 currency codes, sorted.
#[rustfmt::skip]
pub const CURRENCY_CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
    "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD",
    "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// A trimmed, uppercase ISO 4217 currency code.
pub fn currency(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?;
    let code = v.to_ascii_uppercase();
    if CURRENCY_CODES.binary_search(&code.as_str()).is_err() {
        return Err(about(field, v, "is not an ISO 4217 currency code"));
    }
    Ok(code)
}

/// The 16 basic terminal colors.
#[rustfmt::skip]
pub const COLOR_NAMES: [&str; 16] = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "gray",
    "dark-gray", "light-red", "light-green", "light-yellow", "light-blue", "light-magenta", "light-cyan", "white",
];

/// "#rrggbb" (lowercase; "#rgb" is expanded) or one of [`COLOR_NAMES`] ("grey",
/// "bright-red", "light_red" and "LightRed" are accepted too).
pub fn color(field: &'static str, value: &str) -> FieldResult<String> {
    let v = trimmed(field, value)?.to_lowercase();
    let hex = v
        .strip_prefix('#')
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    match hex.map(str::len) {
        Some(6) => return Ok(v),
        Some(3) => return Ok(v.chars().flat_map(|c| [c, c]).skip(1).collect()),
        _ => {}
    }
    let mut name = v.replace(['_', ' '], "-").replace("grey", "gray");
    for prefix in ["bright", "light", "dark"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let prefix = if prefix == "bright" { "light" } else { prefix };
            name = format!("{prefix}-{}", rest.trim_start_matches('-'));
            break;
        }
    }
    if !COLOR_NAMES.contains(&name.as_str()) {
        let hint = "use #rrggbb, #rgb or a name like red, light-blue, dark-gray";
        return Err(invalid(field, value.trim(), "color", hint));
    }
    Ok(name)
}

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

#[cfg(test)]
mod tests;
