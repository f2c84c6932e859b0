//! Internet addresses: email, a web domain, an http(s) URL; the host-name rules they share.

use super::{invalid, invalid_char, optional, quote, trimmed, FieldResult};

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
