//! Names from a closed list: ISO 4217 currency codes, terminal colours.

use super::{about, invalid, trimmed, FieldResult};

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
