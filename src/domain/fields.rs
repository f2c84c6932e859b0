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
    if let Some(why) = not_settable(entity, name) {
        return FieldError::new("field", format!("'{name}' cannot be set on {what}: {why}"));
    }
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

/// Why a name the entity does know (a field, or a filter name) is not one `set` takes.
fn not_settable(entity: Entity, name: &str) -> Option<&'static str> {
    let d = describe(entity);
    if matches!(name, "tag" | "tags") && d.form.contains(&"tags") {
        return Some(
            "tags are the record's list, not a field of its draft: `--set tags=a,b` on the command line, the Tags field in the TUI form, a `tags` column in an import",
        );
    }
    let f = d.lookup(name).or_else(|| d.filter_field(name))?;
    if f.settable {
        return None;
    }
    Some(match f.name {
        "status" if entity == Entity::Deals => {
            "a deal's status follows its stage (`--set stage=NAME`, or `rolo deals move`)"
        }
        "closed_at" => "it is stamped when the deal moves to a won or lost stage",
        "external_id" | "external_source" => {
            "another tool's id and name are set by import (`rolo import FILE --source NAME`)"
        }
        _ => "the database keeps it",
    })
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

    #[test]
    fn names_that_exist_but_cannot_be_set_say_why() {
        let e = unknown(Entity::Deals, "deals", "status").to_string();
        assert!(
            e.contains("'status' cannot be set on deals: a deal's status follows its stage"),
            "{e}"
        );
        let e = unknown(Entity::Deals, "deals", "closed").to_string();
        assert!(e.contains("won or lost stage"), "{e}");
        assert!(!e.contains("did you mean"), "{e}");
        let e = unknown(Entity::Companies, "companies", "created").to_string();
        assert!(e.contains("the database keeps it"), "{e}");
        let e = unknown(Entity::Contacts, "contacts", "external_id").to_string();
        assert!(e.contains("set by import"), "{e}");
        let e = unknown(Entity::Companies, "companies", "tags").to_string();
        assert!(e.contains("tags are the record's list"), "{e}");
        // users have no tags: an ordinary unknown name there
        let e = unknown(Entity::Users, "users", "tags").to_string();
        assert!(e.contains("users have no field 'tags'"), "{e}");
    }
}
