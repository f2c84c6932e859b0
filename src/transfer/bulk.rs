//! Which tables a large import loads in bulk, and which of their indexes it keeps because its own
//! lookups read them; `db::bulk::indexes` drops the others and builds them again at the end.

use crate::db::bulk::indexes::Table;

/// The tables an import of `entity` matching by `key` writes in bulk, each with the indexes the
/// import's own lookups need (the match key's; companies by name and domain for references).
/// Users and stages are never loaded in bulk: they are few, and their unique indexes (emails,
/// names) must hold throughout.
pub fn tables(
    entity: crate::domain::Entity,
    key: Option<crate::transfer::options::MatchKey>,
) -> Vec<Table> {
    use crate::domain::Entity;
    use crate::transfer::options::MatchKey;
    if matches!(entity, Entity::Users | Entity::Stages) {
        return Vec::new();
    }
    let history = Table {
        name: "history",
        keep: &[],
        fts: None,
    };
    let companies_keep: &'static [&'static str] = match (entity, key) {
        (Entity::Companies, Some(MatchKey::Email)) => &[
            "companies_name_live_idx",
            "companies_domain_live_idx",
            "companies_email_live_idx",
            "companies_external_uq",
        ],
        _ => &[
            "companies_name_live_idx",
            "companies_domain_live_idx",
            "companies_external_uq",
        ],
    };
    let companies = Table {
        name: "companies",
        keep: companies_keep,
        fts: Some(("companies_fts", "name, domain")),
    };
    let own = match (entity, key) {
        (Entity::Companies, _) => companies,
        (Entity::Contacts, k) => Table {
            name: "contacts",
            keep: match k {
                Some(MatchKey::Name) => &[
                    "contacts_first_name_live_idx",
                    "contacts_primary_uq",
                    "contacts_external_uq",
                ],
                Some(_) => &[
                    "contacts_email_live_idx",
                    "contacts_primary_uq",
                    "contacts_external_uq",
                ],
                None => &["contacts_primary_uq", "contacts_external_uq"],
            },
            fts: Some(("contacts_fts", "first_name, last_name, email")),
        },
        (Entity::Deals, _) => Table {
            name: "deals",
            keep: &["deals_title_live_idx", "deals_external_uq"],
            fts: None,
        },
        _ => Table {
            name: "activities",
            keep: &["activities_subject_live_idx"],
            fts: None,
        },
    };
    // Contacts and deals create the companies they name, but few next to their own rows: the
    // companies table keeps its indexes and full-text trigger. Dropping and rebuilding its two
    // dozen indexes took 0.3 s of CPU for 10,000 companies (and ten times that for data set L's
    // 100,000) even when the file named no new company.
    vec![own, history]
}
