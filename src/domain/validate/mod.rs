//! Validation of user input before it reaches SQL.
//!
//! Every check takes the field name first and returns either the normalized value or a
//! [`FieldError`] that names the field and says what is wrong with the value.
//!
//! One file per kind of value: `text` (free text, country, postal code), `net` (email,
//! domain, URL), `phone`, `number`, `code` (currency and colour names), `time` (date,
//! time zone). The messages are built the same way for all of them, here.

mod code;
mod net;
mod number;
mod phone;
mod text;
mod time;

pub use code::{color, currency, COLOR_NAMES, CURRENCY_CODES};
pub use net::{domain_name, email, optional_domain, optional_email, url};
pub use number::{non_negative, probability};
pub use phone::{optional_phone, phone};
pub use text::{country, optional_text, postal_code, required_text};
pub use time::{date, timezone};

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

#[cfg(test)]
mod tests;
