//! What can be filtered: per entity, each field's name, type, SQL column, whether an index serves
//! it, and its allowed values. The checker resolves names against this; the lowering emits the
//! column. Column names are fixed strings from here, never user text.

use crate::domain::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, matched case-insensitively.
    Text,
    /// One of a closed set of lower-case words.
    Enum(&'static [&'static str]),
    Int,
    /// Integer minor units; filters are written in major units of the row's `currency` column.
    Money,
    Date,
    Timestamp,
    Bool,
    /// A user id (`owner:me`, `owner:ada@example.com`, `owner:"Ada Lovelace"`).
    User,
    /// A pipeline stage id, written by stage name (`stage:proposal`).
    Stage,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The column (of the entity's table).
    pub column: &'static str,
    pub nullable: bool,
    pub indexed: bool,
}

/// A related entity reachable with a dot: `company.industry` on deals is `companies` through
/// `deals.company_id`.
#[derive(Debug, Clone, Copy)]
pub struct Relation {
    pub name: &'static str,
    pub target: Entity,
    pub via: &'static str,
}

/// Text columns that SQLite compares byte for byte (declared without `COLLATE NOCASE` in the SQLite
/// migration); the lowering folds them with `lower()` there. A test checks this list against the
/// schema.
pub const SQLITE_CASE_SENSITIVE_TEXT: &[&str] = &[
    "currency",
    "website",
    "notes",
    "phone",
    "lost_reason",
    "body",
    "timezone",
    "external_source",
    "external_id",
];

/// The tag join table of an entity, if it can be tagged: (table, key column).
pub fn tag_table(entity: Entity) -> Option<(&'static str, &'static str)> {
    match entity {
        Entity::Companies => Some(("company_tags", "company_id")),
        Entity::Contacts => Some(("contact_tags", "contact_id")),
        Entity::Deals => Some(("deal_tags", "deal_id")),
        _ => None,
    }
}

/// The text columns bare words search, and the full-text table where one exists.
pub fn search_columns(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Companies => &["name", "domain"],
        Entity::Contacts => &["first_name", "last_name", "email"],
        Entity::Deals => &["title"],
        Entity::Activities => &["subject"],
        Entity::Users => &["name", "email"],
        Entity::Stages | Entity::Tags | Entity::Views => &["name"],
    }
}

const fn f(
    name: &'static str,
    kind: Kind,
    column: &'static str,
    nullable: bool,
    indexed: bool,
) -> Field {
    Field {
        name,
        kind,
        column,
        nullable,
        indexed,
    }
}

use Kind::*;

const SIZES: &[&str] = &["solo", "small", "medium", "large", "enterprise"];
const COMPANY_STATUSES: &[&str] = &["lead", "prospect", "customer", "partner", "inactive"];
const CHANNELS: &[&str] = &["email", "phone", "sms", "none"];
const DEAL_STATUSES: &[&str] = &["open", "won", "lost"];
const PRIORITIES: &[&str] = &["low", "medium", "high"];
const ACTIVITY_KINDS: &[&str] = &["call", "email", "meeting", "note", "task"];
const OUTCOMES: &[&str] = &["positive", "neutral", "negative"];
const ROLES: &[&str] = &["admin", "manager", "sales_rep", "read_only"];
const STAGE_KINDS: &[&str] = &["open", "won", "lost"];

/// Another tool's record id and that tool's name (`external_id:9001 external_source:hubspot`), on
/// the entities an import can take them for.
const EXTERNAL: [Field; 2] = [
    f("external_id", Text, "external_id", true, false),
    f("external_source", Text, "external_source", true, false),
];

const COMMON: [Field; 2] = [
    f("created", Timestamp, "created_at", false, true),
    f("updated", Timestamp, "updated_at", false, true),
];

const COMPANIES: &[Field] = &[
    f("name", Text, "name", false, true),
    f("domain", Text, "domain", true, true),
    f("website", Text, "website", true, false),
    f("industry", Text, "industry", true, true),
    f("size", Enum(SIZES), "size", true, true),
    f("status", Enum(COMPANY_STATUSES), "status", false, true),
    f("category", Text, "category", true, true),
    f("phone", Text, "phone", true, false),
    f("email", Text, "email", true, true),
    f("city", Text, "billing_city", true, true),
    f("region", Text, "billing_region", true, true),
    f("country", Text, "billing_country", true, true),
    f("postal_code", Text, "billing_postal_code", true, false),
    f("revenue", Money, "annual_revenue", true, true),
    f("currency", Text, "currency", false, false),
    f("employees", Int, "employee_count", true, true),
    f("owner", User, "owner_id", true, true),
    f("notes", Text, "notes", true, false),
];

const CONTACTS: &[Field] = &[
    f("first_name", Text, "first_name", false, true),
    f("last_name", Text, "last_name", true, true),
    f("email", Text, "email", true, true),
    f("phone", Text, "phone", true, true),
    f("title", Text, "title", true, true),
    f("primary", Bool, "is_primary", false, false),
    f("channel", Enum(CHANNELS), "preferred_channel", false, true),
    f("do_not_contact", Bool, "do_not_contact", false, true),
    f("owner", User, "owner_id", true, true),
    f("notes", Text, "notes", true, false),
];

const DEALS: &[Field] = &[
    f("title", Text, "title", false, true),
    f("stage", Stage, "stage_id", false, true),
    f("value", Money, "value", false, true),
    f("currency", Text, "currency", false, true),
    f("close", Date, "expected_close", true, true),
    f("probability", Int, "probability", true, false),
    f("status", Enum(DEAL_STATUSES), "status", false, true),
    f("priority", Enum(PRIORITIES), "priority", false, true),
    f("owner", User, "owner_id", true, true),
    f("lost_reason", Text, "lost_reason", true, false),
    f("closed", Timestamp, "closed_at", true, true),
];

const ACTIVITIES: &[Field] = &[
    f("kind", Enum(ACTIVITY_KINDS), "kind", false, true),
    f("subject", Text, "subject", false, true),
    f("body", Text, "body", true, false),
    f("outcome", Enum(OUTCOMES), "outcome", true, true),
    f("owner", User, "owner_id", true, true),
    f("assignee", User, "assignee_id", true, true),
    f("due", Timestamp, "due_at", true, true),
    f("completed", Timestamp, "completed_at", true, true),
];

const USERS: &[Field] = &[
    f("name", Text, "name", false, true),
    f("email", Text, "email", false, true),
    f("role", Enum(ROLES), "role", false, true),
    f("timezone", Text, "timezone", false, false),
];

const STAGES: &[Field] = &[
    f("name", Text, "name", false, true),
    f("position", Int, "position", false, true),
    f("probability", Int, "probability", false, false),
    f("kind", Enum(STAGE_KINDS), "kind", false, false),
    f("active", Bool, "active", false, false),
];

/// The entity's own fields (plus `created` and `updated`).
pub fn fields(entity: Entity) -> Vec<Field> {
    let own: &[Field] = match entity {
        Entity::Companies => COMPANIES,
        Entity::Contacts => CONTACTS,
        Entity::Deals => DEALS,
        Entity::Activities => ACTIVITIES,
        Entity::Users => USERS,
        Entity::Stages => STAGES,
        Entity::Tags | Entity::Views => &[],
    };
    let external: &[Field] = match entity {
        Entity::Companies | Entity::Contacts | Entity::Deals => &EXTERNAL,
        _ => &[],
    };
    own.iter()
        .chain(external)
        .chain(COMMON.iter())
        .copied()
        .collect()
}

pub fn field(entity: Entity, name: &str) -> Option<Field> {
    fields(entity).into_iter().find(|f| f.name == name)
}

const fn rel(name: &'static str, target: Entity, via: &'static str) -> Relation {
    Relation { name, target, via }
}

const COMPANY_RELATIONS: &[Relation] = &[rel("parent", Entity::Companies, "parent_id")];
const CONTACT_RELATIONS: &[Relation] = &[rel("company", Entity::Companies, "company_id")];
const DEAL_RELATIONS: &[Relation] = &[
    rel("company", Entity::Companies, "company_id"),
    rel("contact", Entity::Contacts, "contact_id"),
];
const ACTIVITY_RELATIONS: &[Relation] = &[
    rel("company", Entity::Companies, "company_id"),
    rel("contact", Entity::Contacts, "contact_id"),
    rel("deal", Entity::Deals, "deal_id"),
];

/// Related entities reachable with `relation.field`.
pub fn relations(entity: Entity) -> &'static [Relation] {
    match entity {
        Entity::Companies => COMPANY_RELATIONS,
        Entity::Contacts => CONTACT_RELATIONS,
        Entity::Deals => DEAL_RELATIONS,
        Entity::Activities => ACTIVITY_RELATIONS,
        _ => &[],
    }
}

pub fn relation(entity: Entity, name: &str) -> Option<Relation> {
    relations(entity).iter().find(|r| r.name == name).copied()
}

/// Every name a user may type for this entity, for suggestions: fields, `tag`, relations.
pub fn all_names(entity: Entity) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = fields(entity).iter().map(|f| f.name).collect();
    if tag_table(entity).is_some() {
        v.push("tag");
    }
    v.extend(relations(entity).iter().map(|r| r.name));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;

    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| name(*v)).collect()
    }

    /// Filter fields a user cannot set: stamps the database keeps, a deal's outcome (set by the
    /// board's won/lost move) and the external reference (set by import).
    const NOT_SETTABLE: &[&str] = &[
        "created",
        "updated",
        "closed",
        "external_id",
        "external_source",
    ];

    /// Every filter field name is also a `--set` name (through `domain::fields`), so
    /// `companies create --set city=Berlin` works as `city:Berlin` does.
    #[test]
    fn filter_names_are_set_names() {
        let set = |entity: Entity, name: &str| -> Result<(), FieldError> {
            match entity {
                Entity::Companies => CompanyDraft::new("x").set(name, ""),
                Entity::Contacts => ContactDraft::new("x").set(name, ""),
                Entity::Deals => DealDraft::new("x", StageId::new()).set(name, ""),
                Entity::Activities => ActivityDraft::new(ActivityKind::Note, "x").set(name, ""),
                Entity::Users => UserDraft::new("x", "x", Role::SalesRep).set(name, ""),
                Entity::Stages => StageDraft::new("x", 0, 0, StageKind::Open).set(name, ""),
                Entity::Tags | Entity::Views => Ok(()),
            }
        };
        for entity in Entity::ALL {
            for f in fields(*entity) {
                let deal_status = *entity == Entity::Deals && f.name == "status";
                if NOT_SETTABLE.contains(&f.name) || deal_status {
                    continue;
                }
                if let Err(e) = set(*entity, f.name) {
                    assert_ne!(e.field, "field", "{entity:?}.{}: {e}", f.name);
                }
            }
        }
    }

    #[test]
    fn enum_values_match_the_domain() {
        assert_eq!(SIZES, names(CompanySize::ALL, CompanySize::as_str));
        assert_eq!(
            COMPANY_STATUSES,
            names(CompanyStatus::ALL, CompanyStatus::as_str)
        );
        assert_eq!(CHANNELS, names(Channel::ALL, Channel::as_str));
        assert_eq!(DEAL_STATUSES, names(DealStatus::ALL, DealStatus::as_str));
        assert_eq!(PRIORITIES, names(Priority::ALL, Priority::as_str));
        assert_eq!(
            ACTIVITY_KINDS,
            names(ActivityKind::ALL, ActivityKind::as_str)
        );
        assert_eq!(OUTCOMES, names(Outcome::ALL, Outcome::as_str));
        assert_eq!(ROLES, names(Role::ALL, Role::as_str));
        assert_eq!(STAGE_KINDS, names(StageKind::ALL, StageKind::as_str));
    }
}
