//! Integers with a range.

use super::{fail, FieldResult};

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
