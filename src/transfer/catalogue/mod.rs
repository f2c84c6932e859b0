//! What each importable entity's columns are called, here and in other tools' exports.
//!
//! Every [`Spec`] is one rolo field (its canonical name is also the export header) with the header
//! spellings recognised for it. Headers are compared after [`normalize_header`]: lower-case,
//! letters and digits only, so `E-mail Address`, `email_address` and `EMAIL ADDRESS` are one name.

use crate::domain::Entity;

/// A record another field refers to, given by name, email, title or id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    /// A company by name or domain; contacts and deals create it when it does not exist.
    Company,
    /// A company's parent company, by name or domain (never created).
    Parent,
    /// A contact by email or "first last" name.
    Contact,
    /// A deal by title.
    Deal,
    /// A user by email or name.
    Owner,
    Assignee,
    /// A pipeline stage by name.
    Stage,
}

impl Ref {
    /// The draft field the resolved id is set on.
    pub fn field(self) -> &'static str {
        match self {
            Ref::Company => "company_id",
            Ref::Parent => "parent_id",
            Ref::Contact => "contact_id",
            Ref::Deal => "deal_id",
            Ref::Owner => "owner_id",
            Ref::Assignee => "assignee_id",
            Ref::Stage => "stage_id",
        }
    }
}

/// How a column's text becomes part of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Set on the draft as typed (`Draft::set`), validated with the record.
    Field,
    /// An amount in major units, read after the row's currency.
    Money,
    /// A phone number; numbers without a country code get the configured default calling code.
    Phone,
    /// A date `YYYY-MM-DD`; a date-time keeps its date.
    Date,
    /// A date-time, exact to the microsecond (`YYYY-MM-DD HH:MM[:SS[.ffffff]]`, `T` or space).
    Time,
    /// A related record by name, email or title.
    Ref(Ref),
    /// A related record by id; when no live record has it, the `Ref` column of the same kind is
    /// used instead.
    RefId(Ref),
    /// "First Last" (or "Last, First"), used when there is no first-name column value.
    FullName,
    /// Tag names separated by `,`, `;` or `|`.
    Tags,
    /// The record's id: kept on create, and matched against existing records first. Another
    /// tool's id (not a UUID) is the record's external id instead.
    RecordId,
    /// Another tool's id for the record, and that tool's name (`hubspot`): kept on create and
    /// matched against existing records of that source first.
    ExternalId,
    ExternalSource,
    /// Creation and last-update times, kept on create.
    CreatedAt,
    UpdatedAt,
    /// A deal's close time, kept on create for won and lost deals.
    ClosedAt,
    /// Known, but derived by rolo and not imported (the reason is reported).
    Derived(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The rolo field name (and export header).
    pub name: &'static str,
    pub slot: Slot,
    /// Other spellings, already normalized (see [`normalize_header`]).
    pub aliases: &'static [&'static str],
}

pub(super) const fn spec(name: &'static str, slot: Slot, aliases: &'static [&'static str]) -> Spec {
    Spec {
        name,
        slot,
        aliases,
    }
}

mod pipeline;
mod tables;
mod team;

pub use pipeline::{ACTIVITIES, DEALS};
pub use tables::{COMPANIES, CONTACTS};
pub use team::{STAGES, USERS};

/// The columns of an importable entity (and the CSV export's, in this order).
pub fn specs(entity: Entity) -> &'static [Spec] {
    match entity {
        Entity::Companies => COMPANIES,
        Entity::Contacts => CONTACTS,
        Entity::Deals => DEALS,
        Entity::Activities => ACTIVITIES,
        Entity::Users => USERS,
        Entity::Stages => STAGES,
        _ => &[],
    }
}

/// The header's letters and digits, lower-cased: the form headers are compared in.
pub fn normalize_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The spec a header names: its canonical name first, then an alias.
pub fn find(entity: Entity, header: &str) -> Option<usize> {
    let key = normalize_header(header);
    if key.is_empty() {
        return None;
    }
    let specs = specs(entity);
    specs
        .iter()
        .position(|s| normalize_header(s.name) == key)
        .or_else(|| specs.iter().position(|s| s.aliases.contains(&key.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_export_headers_are_recognised() {
        let name = |e, h| find(e, h).map(|i| specs(e)[i].name);
        let c = Entity::Contacts;
        assert_eq!(name(c, "First Name"), Some("first_name"));
        assert_eq!(name(c, "E-mail Address"), Some("email"));
        assert_eq!(name(c, "E-mail 1 - Value"), Some("email"));
        assert_eq!(name(c, "Phone 1 - Value"), Some("phone"));
        assert_eq!(name(c, "Company Name"), Some("company"));
        assert_eq!(name(c, "  EMAIL  "), Some("email"));
        assert_eq!(name(c, "Job Title"), Some("title"));
        assert_eq!(name(c, "Fax"), None);
        let d = Entity::Deals;
        assert_eq!(name(d, "Deal Stage"), Some("stage"));
        assert_eq!(name(d, "Amount"), Some("value"));
        assert_eq!(name(d, "Close Date"), Some("expected_close"));
        assert_eq!(name(d, "Deal Name"), Some("title"));
        assert_eq!(
            name(Entity::Companies, "Company Domain Name"),
            Some("domain")
        );
        assert_eq!(name(Entity::Companies, "Zip"), Some("billing_postal_code"));
        assert_eq!(name(Entity::Activities, "Type"), Some("kind"));
        assert_eq!(name(Entity::Users, "E-mail Address"), Some("email"));
        assert_eq!(name(Entity::Users, "Time Zone"), Some("timezone"));
        assert_eq!(name(Entity::Stages, "Stage Name"), Some("name"));
        assert_eq!(name(Entity::Stages, "Colour"), Some("color"));
    }

    #[test]
    fn users_and_stages_read_exactly_their_export_columns() {
        use crate::transfer::export::columns::columns;
        let names = |e| specs(e).iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(Entity::Users), columns(Entity::Users, false, false));
        assert_eq!(names(Entity::Stages), columns(Entity::Stages, false, false));
    }

    #[test]
    fn names_and_aliases_are_unique_per_entity() {
        for e in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
            Entity::Users,
            Entity::Stages,
        ] {
            let mut seen = std::collections::HashSet::new();
            for s in specs(e) {
                assert!(seen.insert(normalize_header(s.name)), "{e} {}", s.name);
                for a in s.aliases {
                    assert_eq!(&normalize_header(a), a, "alias {a} is not normalized");
                    assert!(seen.insert(a.to_string()), "{e}: alias {a} twice");
                }
            }
        }
    }

    /// Every column the import sets on a draft names a field of the entity's description (by its
    /// name or an alias), of the type the column is read as; references name a reference field.
    #[test]
    fn import_fields_are_described_fields() {
        use crate::domain::describe::{describe, FieldType};
        for e in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
            Entity::Users,
            Entity::Stages,
        ] {
            let d = describe(e);
            for s in specs(e) {
                let described = |name: &str| {
                    d.lookup(name)
                        .unwrap_or_else(|| panic!("{e}: import column {} is not described", s.name))
                };
                match s.slot {
                    Slot::Field => assert!(described(s.name).settable, "{e} {}", s.name),
                    Slot::Money => {
                        assert_eq!(described(s.name).ty, FieldType::Money, "{e} {}", s.name)
                    }
                    Slot::Phone => {
                        assert_eq!(described(s.name).ty, FieldType::Phone, "{e} {}", s.name)
                    }
                    Slot::Date => {
                        assert_eq!(described(s.name).ty, FieldType::Date, "{e} {}", s.name)
                    }
                    Slot::Time => {
                        assert_eq!(described(s.name).ty, FieldType::Timestamp, "{e} {}", s.name)
                    }
                    Slot::Ref(r) | Slot::RefId(r) => {
                        let f = described(r.field());
                        assert!(matches!(f.ty, FieldType::Ref(_)), "{e} {}", s.name);
                    }
                    Slot::ExternalId
                    | Slot::ExternalSource
                    | Slot::CreatedAt
                    | Slot::UpdatedAt
                    | Slot::ClosedAt => assert!(!described(s.name).settable, "{e} {}", s.name),
                    Slot::RecordId | Slot::FullName | Slot::Tags | Slot::Derived(_) => {}
                }
            }
        }
    }
}
