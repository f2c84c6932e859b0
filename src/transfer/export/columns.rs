//! An export's columns, from the entity's description (`domain::describe`): `id`, then every
//! stored field in the description's order — a reference as the referred record's name (`owner`,
//! `company`) and, unless it is a user or a stage (whose names are unique enough to import by),
//! also its id (`company_id`) — then what is not a field of its own: `tags` for tagged entities,
//! the stamps, and another tool's id for entities that keep one. Column names are the import's
//! field names, so an export imports back as it was.

use crate::domain::describe::{describe, FieldType};
use crate::domain::Entity;

/// Described fields with no column (an activity's `done` sets `completed_at`).
const NOT_STORED: &[&str] = &["done"];
/// Described fields not exported yet, per entity: the teams schema's user fields (the importer
/// does not read them either, and an export imports back as it was).
const NOT_EXPORTED: &[(Entity, &str)] = &[
    (Entity::Users, "login"),
    (Entity::Users, "team_id"),
    (Entity::Users, "active"),
];

/// Whether the export writes the described field `name` of `entity` (where it wants it).
fn exported(entity: Entity, name: &str) -> bool {
    !NOT_STORED.contains(&name) && !NOT_EXPORTED.contains(&(entity, name))
}

/// Described fields the export writes at the end, after `tags`, in this order.
const STAMPS: &[&str] = &["created_at", "updated_at"];
const EXTERNAL: &[&str] = &["external_source", "external_id"];

/// The export's columns of `entity`; `tagged` and `external` add `tags` and another tool's id.
pub fn columns(entity: Entity, tagged: bool, external: bool) -> Vec<&'static str> {
    let mut out = vec!["id"];
    for f in describe(entity).fields {
        if !exported(entity, f.name) || STAMPS.contains(&f.name) || EXTERNAL.contains(&f.name) {
            continue;
        }
        match f.ty {
            FieldType::Ref(to) => {
                out.push(f.name.strip_suffix("_id").unwrap_or(f.name));
                if !matches!(to, Entity::Users | Entity::Stages) {
                    out.push(f.name);
                }
            }
            _ => out.push(f.name),
        }
    }
    if tagged {
        out.push("tags");
    }
    out.extend(STAMPS);
    if external {
        out.extend(EXTERNAL);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header's own columns (`id`, references' names, `tags`, another tool's id aside) are
    /// the description's fields, in its order.
    #[test]
    fn the_header_is_the_description_s_fields_in_order() {
        for entity in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
            Entity::Users,
            Entity::Stages,
        ] {
            let d = describe(entity);
            let header = columns(entity, true, true);
            let from_header: Vec<&str> = header
                .iter()
                .filter_map(|c| {
                    d.field(c)
                        .or_else(|| d.field(&format!("{c}_id")))
                        .map(|f| f.name)
                })
                .fold(Vec::new(), |mut seen, name| {
                    if seen.last() != Some(&name) {
                        seen.push(name);
                    }
                    seen
                });
            let described: Vec<&str> = d
                .fields
                .iter()
                .map(|f| f.name)
                .filter(|n| exported(entity, n))
                .collect();
            let mut want: Vec<&str> = described
                .iter()
                .copied()
                .filter(|n| !STAMPS.contains(n) && !EXTERNAL.contains(n))
                .collect();
            want.extend(STAMPS);
            want.extend(
                described
                    .iter()
                    .copied()
                    .filter(|n| *n == "external_source"),
            );
            want.extend(described.iter().copied().filter(|n| *n == "external_id"));
            assert_eq!(from_header, want, "{entity}");
        }
    }

    #[test]
    fn companies_keep_their_header() {
        let want = "id name domain website industry size status category phone email \
            billing_street billing_city billing_region billing_postal_code billing_country \
            service_street service_city service_region service_postal_code service_country \
            currency annual_revenue employee_count parent parent_id owner notes tags created_at \
            updated_at external_source external_id";
        let want: Vec<&str> = want.split_whitespace().collect();
        assert_eq!(columns(Entity::Companies, true, true), want);
    }

    #[test]
    fn references_are_written_by_name_and_id() {
        let deals = columns(Entity::Deals, true, true);
        assert_eq!(
            &deals[..7],
            &[
                "id",
                "title",
                "company",
                "company_id",
                "contact",
                "contact_id",
                "stage"
            ]
        );
        assert_eq!(
            columns(Entity::Users, false, false),
            [
                "id",
                "name",
                "email",
                "role",
                "timezone",
                "created_at",
                "updated_at"
            ]
        );
    }
}
