//! Turning a form's values into a draft: each value through the draft's `set`, validation errors
//! put next to the field they name, and the tag list.

use super::{FieldSpec, InputKind, Value};
use crate::domain::{FieldError, TagDraft};

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
    let mut out: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if out.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            continue;
        }
        match TagDraft::new(name).validated() {
            Ok(t) => out.push(t.name),
            Err(e) => bad.extend(e.0.into_iter().map(|e| e.reason)),
        }
    }
    if !bad.is_empty() {
        errors.push(("tags", bad.join("; ")));
    }
    out
}
