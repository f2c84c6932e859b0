//! Turning a form's values into a draft: each value through the draft's `set`, validation errors
//! put next to the field they name, and the tag list.

use chrono::NaiveDateTime;

use super::{FieldSpec, InputKind, Value, WhenKind};
use crate::domain::{when, FieldError};

/// The values with each day field's text (`+45d`, `fri`, `2027-03-01`) read as an ISO date for
/// the draft's `set`; text that does not read is that field's error (and the field blank).
pub(crate) fn read_days(
    specs: &[FieldSpec],
    values: &[Value],
    now: NaiveDateTime,
    errors: &mut Vec<(&'static str, String)>,
) -> Vec<Value> {
    specs
        .iter()
        .zip(values)
        .map(|(spec, value)| {
            let raw = value.raw();
            if spec.when != Some(WhenKind::Day) || raw.trim().is_empty() {
                return value.clone();
            }
            match when::parse_day(&raw, now) {
                Ok(d) => Value::text(d.format("%Y-%m-%d").to_string()),
                Err(e) => {
                    errors.push((spec.name, e.to_string()));
                    Value::text("")
                }
            }
        })
        .collect()
}

/// What a date or time field's text resolved to, as the form shows it beside the text (`Fri 4
/// Dec 14:30`); `None` while it is empty or does not read.
pub fn resolved(when: WhenKind, text: &str, now: NaiveDateTime) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    match when {
        WhenKind::Day => when::parse_day(text, now)
            .ok()
            .map(|d| when::shown_day(d, now)),
        WhenKind::Moment => when::parse(text, now)
            .ok()
            .map(|t| when::shown_moment(t, now)),
    }
}

/// Apply every value (but tags) to a draft with its `set`, in spec order after the fields named
/// in `first`; a value `set` refuses becomes that field's error.
pub(crate) fn apply<D>(
    draft: &mut D,
    specs: &[FieldSpec],
    values: &[Value],
    first: &[&str],
    set: impl Fn(&mut D, &str, &str) -> Result<(), FieldError>,
    errors: &mut Vec<(&'static str, String)>,
) {
    let order = specs
        .iter()
        .zip(values)
        .filter(|(s, _)| first.contains(&s.name))
        .chain(
            specs
                .iter()
                .zip(values)
                .filter(|(s, _)| !first.contains(&s.name)),
        );
    for (spec, value) in order {
        if spec.kind == InputKind::Tags {
            continue;
        }
        if let Err(e) = set(draft, spec.name, &value.raw()) {
            errors.push((spec.name, e.reason));
        }
    }
}

/// Errors of `validated()` as (field, reason), naming the spec's field where one matches.
pub(crate) fn push_errors(
    specs: &[FieldSpec],
    errs: crate::domain::ValidationErrors,
    errors: &mut Vec<(&'static str, String)>,
) {
    for e in errs.0 {
        let name = specs
            .iter()
            .find(|s| s.name == e.field)
            .map_or(e.field, |s| s.name);
        if !errors.iter().any(|(f, _)| *f == name) {
            errors.push((name, e.reason));
        }
    }
}

/// Tag names from comma-separated text: trimmed, without blanks or repeats (ignoring case); a name
/// a tag cannot have is an error of the tags field.
pub fn tags(text: &str, errors: &mut Vec<(&'static str, String)>) -> Vec<String> {
    match crate::domain::tag::parse_names(text) {
        Ok(names) => names,
        Err(why) => {
            // the form is not saved while a field has an error
            errors.push(("tags", why));
            Vec::new()
        }
    }
}
