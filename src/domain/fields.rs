//! The names a user may type for a record's fields — the filter language's short names and the
//! stored field names — and which field each stands for. Drafts' `set` (`--set city=Berlin`) and
//! the filter catalogue's tests read this one table, so both accept the same names.

use super::{Entity, FieldError};

/// (name typed, field of the draft it sets), per entity. Names not listed here are their own field.
pub fn aliases(entity: Entity) -> &'static [(&'static str, &'static str)] {
    match entity {
        Entity::Companies => &[
            ("city", "billing_city"),
            ("region", "billing_region"),
            ("country", "billing_country"),
            ("postal_code", "billing_postal_code"),
            ("street", "billing_street"),
            ("revenue", "annual_revenue"),
            ("employees", "employee_count"),
            ("owner", "owner_id"),
            ("parent", "parent_id"),
        ],
        Entity::Contacts => &[
            ("primary", "is_primary"),
            ("channel", "preferred_channel"),
            ("dnc", "do_not_contact"),
            ("company", "company_id"),
            ("owner", "owner_id"),
        ],
        Entity::Deals => &[
            ("amount", "value"),
            ("close", "expected_close"),
            ("stage", "stage_id"),
            ("company", "company_id"),
            ("contact", "contact_id"),
            ("owner", "owner_id"),
        ],
        Entity::Activities => &[
            ("due", "due_at"),
            ("completed", "completed_at"),
            ("company", "company_id"),
            ("contact", "contact_id"),
            ("deal", "deal_id"),
            ("owner", "owner_id"),
            ("assignee", "assignee_id"),
        ],
        Entity::Users => &[("tz", "timezone")],
        Entity::Stages | Entity::Tags | Entity::Views => &[],
    }
}

/// The field a typed name stands for.
pub fn canonical(entity: Entity, name: &str) -> &str {
    aliases(entity)
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, field)| field)
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

/// `what` has no field `name`: the error names the valid ones (`fields`, the draft's own, plus the
/// aliases) and the nearest when it looks like a typo.
pub fn unknown(entity: Entity, what: &str, name: &str, fields: &[&'static str]) -> FieldError {
    let mut valid: Vec<&str> = fields.to_vec();
    valid.extend(aliases(entity).iter().map(|(a, _)| *a));
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
        let e = unknown(Entity::Companies, "companies", "ctiy", &["name"]).to_string();
        assert!(e.contains("did you mean 'city'?"), "{e}");
        assert!(e.contains("fields: city, country"), "{e}");
    }
}
