//! What can be filtered: per entity, each field's name, type, SQL column, whether an index serves
//! it, and its allowed values. The names, types, enum words and columns come from the entity's
//! description (`domain::describe`); this adds what only the filter knows (which columns an index
//! serves, relations, tag tables, search columns). The checker resolves names against this; the
//! lowering emits the column. Column names are fixed strings from there, never user text.

use crate::domain::describe::{describe, FieldType};
use crate::domain::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
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
    pub kind: ValueKind,
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
        Entity::Stages | Entity::Tags | Entity::Views | Entity::Teams => &["name"],
    }
}

/// A filter name and whether an index serves its column. The field's type, enum words, column
/// (its canonical name) and nullability come from the entity's description.
type Entry = (&'static str, bool);

/// Another tool's record id and that tool's name (`external_id:9001 external_source:hubspot`), on
/// the entities an import can take them for.
const EXTERNAL: &[Entry] = &[("external_id", false), ("external_source", false)];

const COMMON: &[Entry] = &[("created", true), ("updated", true)];

const COMPANIES: &[Entry] = &[
    ("name", true),
    ("domain", true),
    ("website", false),
    ("industry", true),
    ("size", true),
    ("status", true),
    ("category", true),
    ("phone", false),
    ("email", true),
    ("city", true),
    ("region", true),
    ("country", true),
    ("postal_code", false),
    ("revenue", true),
    ("currency", false),
    ("employees", true),
    ("owner", true),
    ("notes", false),
];

const CONTACTS: &[Entry] = &[
    ("first_name", true),
    ("last_name", true),
    ("email", true),
    ("phone", true),
    ("title", true),
    ("primary", false),
    ("channel", true),
    ("do_not_contact", true),
    ("owner", true),
    ("notes", false),
];

const DEALS: &[Entry] = &[
    ("title", true),
    ("stage", true),
    ("value", true),
    ("currency", true),
    ("close", true),
    ("probability", false),
    ("status", true),
    ("priority", true),
    ("owner", true),
    ("lost_reason", false),
    ("closed", true),
];

const ACTIVITIES: &[Entry] = &[
    ("kind", true),
    ("subject", true),
    ("body", false),
    ("outcome", true),
    ("owner", true),
    ("assignee", true),
    ("due", true),
    ("completed", true),
];

const USERS: &[Entry] = &[
    ("name", true),
    ("email", true),
    ("role", true),
    ("timezone", false),
    ("login", true),
    ("active", false),
];

const STAGES: &[Entry] = &[
    ("name", true),
    ("position", true),
    ("probability", false),
    ("kind", false),
    ("active", false),
];

/// The filter's kind for a described field type; references other than users and stages are
/// reached as relations, not compared as fields.
fn kind(ty: FieldType) -> Option<ValueKind> {
    Some(match ty {
        FieldType::Text | FieldType::Email | FieldType::Phone | FieldType::Url => ValueKind::Text,
        FieldType::Enum(words) => ValueKind::Enum(words),
        FieldType::Int => ValueKind::Int,
        FieldType::Money => ValueKind::Money,
        FieldType::Date => ValueKind::Date,
        FieldType::Timestamp => ValueKind::Timestamp,
        FieldType::Bool => ValueKind::Bool,
        FieldType::Ref(Entity::Users) => ValueKind::User,
        FieldType::Ref(Entity::Stages) => ValueKind::Stage,
        FieldType::Ref(_) => return None,
    })
}

fn entries(entity: Entity) -> impl Iterator<Item = &'static Entry> {
    let own: &[Entry] = match entity {
        Entity::Companies => COMPANIES,
        Entity::Contacts => CONTACTS,
        Entity::Deals => DEALS,
        Entity::Activities => ACTIVITIES,
        Entity::Users => USERS,
        Entity::Stages => STAGES,
        Entity::Tags | Entity::Views | Entity::Teams => &[],
    };
    let external: &[Entry] = match entity {
        Entity::Companies | Entity::Contacts | Entity::Deals => EXTERNAL,
        _ => &[],
    };
    own.iter().chain(external).chain(COMMON)
}

/// The entity's own fields (plus `created` and `updated`): those listed above, in their order,
/// then any other field the description makes filterable, which no index serves until one is
/// listed here (so a new field is filterable from its description alone).
pub fn fields(entity: Entity) -> Vec<Field> {
    let desc = describe(entity);
    let field = |name: &'static str, indexed: bool| {
        let d = desc.filter_field(name)?;
        Some(Field {
            name,
            kind: kind(d.ty)?,
            column: d.name,
            nullable: d.optional,
            indexed,
        })
    };
    let mut fields: Vec<Field> = entries(entity)
        .filter_map(|&(name, indexed)| field(name, indexed))
        .collect();
    let unlisted: Vec<&'static str> = desc
        .fields
        .iter()
        .filter_map(|d| d.filter)
        .filter(|name| !entries(entity).any(|(listed, _)| listed == name))
        .collect();
    fields.extend(unlisted.into_iter().filter_map(|name| field(name, false)));
    fields
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
mod tests;
