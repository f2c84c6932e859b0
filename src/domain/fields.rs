//! The names a user may type for a record's fields and which field each stands for, read from the
//! entity's description (`domain::describe`), so drafts' `set` (`--set city=Berlin`), the filter
//! and the front ends accept the same names.

use super::describe::describe;
use super::{Entity, FieldError};

/// The field a typed name stands for: the canonical name of the field the entity's description
/// lists it under (as name or alias); names it does not list are returned as they are.
pub fn canonical(entity: Entity, name: &str) -> &str {
    describe(entity).lookup(name).map_or(name, |f| f.name)
}

/// The closest of `candidates` to `wanted` (edit distance), if near enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&wanted, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `what` has no field `name`: the error names the valid ones (the names and aliases of the fields
/// the description marks settable) and the nearest when it looks like a typo.
pub fn unknown(entity: Entity, what: &str, name: &str) -> FieldError {
    let mut valid = describe(entity).set_names();
    valid.sort_unstable();
    valid.dedup();
    let hint = match nearest(name, valid.iter().copied()) {
        Some(n) => format!(" — did you mean '{n}'?"),
        None => String::new(),
    };
    FieldError::new(
        "field",
        format!(
            "{what} have no field '{name}'{hint} (fields: {})",
            valid.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_and_unknowns_suggest() {
        assert_eq!(canonical(Entity::Companies, "city"), "billing_city");
        assert_eq!(canonical(Entity::Companies, "name"), "name");
        let e = unknown(Entity::Companies, "companies", "ctiy").to_string();
        assert!(e.contains("did you mean 'city'?"), "{e}");
        // the settable names and aliases, sorted
        assert!(e.contains("(fields: annual_revenue, billing_city,"), "{e}");
        assert!(e.contains(" category, city, country, currency,"), "{e}");
    }
}
