//! Another tool's record ids. A HubSpot, Salesforce or Pipedrive export names its records by that
//! tool's ids (`Record ID` 9001); rolo keeps such an id with the tool's name as the record's
//! external reference, unique per source among live records, so later files can link to the
//! record and a re-import finds it.

use std::fmt;

use super::Id;

/// The longest external id or source name kept.
pub const MAX_LEN: usize = 200;

/// An external reference: which tool, and its id there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ExternalRef {
    pub source: String,
    pub id: String,
}

impl fmt::Display for ExternalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.source, self.id)
    }
}

/// What a record-id cell holds: rolo's own id (a UUID), or another tool's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRef {
    Own(Id),
    External(String),
}

/// Read a record-id cell: a UUID is rolo's id, anything else another tool's (checked with
/// [`check_part`]).
pub fn record_ref(raw: &str) -> Result<RecordRef, String> {
    let raw = raw.trim();
    match raw.parse::<Id>() {
        Ok(id) => Ok(RecordRef::Own(id)),
        Err(_) => check_part("an external id", raw).map(RecordRef::External),
    }
}

/// A source name as given (`--source`, an `external_source` cell): lower-case letters, digits,
/// `-`, `_` and `.`, as in `hubspot` or `salesforce`.
pub fn source_name(raw: &str) -> Result<String, String> {
    let name = raw.trim().to_lowercase();
    let ok = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    match ok {
        true => Ok(name),
        false => Err(format!(
            "'{raw}' is not a source name (letters, digits, - _ . and at most 40 of them, such as hubspot)"
        )),
    }
}

/// An external id: not blank, at most [`MAX_LEN`] characters, no control characters.
pub fn check_part(what: &str, raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if v.chars().count() > MAX_LEN {
        return Err(format!("{what} is longer than {MAX_LEN} characters"));
    }
    if v.chars().any(char::is_control) {
        return Err(format!("{what} holds a control character"));
    }
    Ok(v.to_string())
}

/// The tool a CSV file comes from, told by the headers only that tool writes (normalized as the
/// import compares them: lower-case letters and digits).
pub fn detect_source(normalized_headers: &[String]) -> Option<&'static str> {
    let has = |h: &str| normalized_headers.iter().any(|x| x == h);
    let starts = |p: &str| normalized_headers.iter().any(|x| x.starts_with(p));
    if has("recordid") || starts("associatedcompanyid") || starts("associatedcontactid") {
        Some("hubspot")
    } else if has("accountid") || has("opportunityid") || has("createdbyid") {
        Some("salesforce")
    } else if has("organizationid") || has("personid") || has("addtime") {
        Some("pipedrive")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_rolo_s_own_id_and_anything_else_external() {
        let id = Id::new();
        assert_eq!(record_ref(&id.to_string()), Ok(RecordRef::Own(id)));
        assert_eq!(record_ref(" 9001 "), Ok(RecordRef::External("9001".into())));
        assert_eq!(
            record_ref("0015g00000XyZabAAB"),
            Ok(RecordRef::External("0015g00000XyZabAAB".into()))
        );
        assert!(record_ref("a\u{1b}b").unwrap_err().contains("control"));
        assert!(record_ref(&"9".repeat(201)).unwrap_err().contains("200"));
    }

    #[test]
    fn source_names_and_dialects() {
        assert_eq!(source_name(" HubSpot "), Ok("hubspot".into()));
        assert!(source_name("hub spot").is_err());
        assert!(source_name("").is_err());
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            detect_source(&h(&["recordid", "dealname"])),
            Some("hubspot")
        );
        assert_eq!(detect_source(&h(&["id", "accountid"])), Some("salesforce"));
        assert_eq!(
            detect_source(&h(&["id", "organizationid"])),
            Some("pipedrive")
        );
        assert_eq!(detect_source(&h(&["id", "name"])), None);
    }
}
