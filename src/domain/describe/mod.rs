//! One description per entity: its fields (stored name, label, the short names a user may type,
//! type, enum words, whether `set` takes it, its name in the filter language), its sorts, and the
//! columns each front end shows. The CLI (list/get/`--set`), the filter catalogue, import/export
//! and the TUI (pane columns, sorts, forms) read it, so adding a field to an entity touches its
//! migration, its schema/model, its draft and this one description.
//!
//! Plain data: no Diesel, no ratatui.

mod activity;
mod company;
mod contact;
mod deal;
mod stage;
mod team;
mod user;

use super::Entity;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text.
    Text,
    Email,
    Phone,
    Url,
    /// One of a closed set of lower-case words (the domain enum's `NAMES`).
    Enum(&'static [&'static str]),
    Int,
    /// Integer minor units of the record's `currency`, typed in major units.
    Money,
    Date,
    Timestamp,
    Bool,
    /// The id of a record of another entity (typed by id, or by name where the front end resolves it).
    Ref(Entity),
}

impl FieldType {
    /// The enum words, if the field is an enum.
    pub fn words(self) -> Option<&'static [&'static str]> {
        match self {
            FieldType::Enum(w) => Some(w),
            _ => None,
        }
    }
}

/// One field of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDesc {
    /// The canonical name: the stored column, the draft's field, the JSON key (`billing_city`).
    pub name: &'static str,
    /// For display ("Billing city").
    pub label: &'static str,
    /// Short names a user may type instead of `name` (`city`); the draft's `set` accepts them.
    pub aliases: &'static [&'static str],
    pub ty: FieldType,
    /// Blank means "none" (the column is nullable / the draft field is an `Option`).
    pub optional: bool,
    /// The draft's `set` takes it (`--set`, the form, the importer). Stamps the database keeps,
    /// a deal's status (set by its stage) and external references (set by import) are not.
    pub settable: bool,
    /// Its name in the filter language (`city:Berlin`), if it can be filtered on.
    pub filter: Option<&'static str>,
    /// The label a form shows, when it differs from `label` (a hint on how to type it).
    pub form_label: Option<&'static str>,
}

impl FieldDesc {
    /// Whether `typed` names this field (its name or an alias; exact, lower-case).
    pub fn answers_to(&self, typed: &str) -> bool {
        self.name == typed || self.aliases.contains(&typed)
    }

    /// The label for a form.
    pub fn form_label(&self) -> &'static str {
        self.form_label.unwrap_or(self.label)
    }

    pub fn filterable(&self) -> bool {
        self.filter.is_some()
    }
}

/// A sort order a list can page through with an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortDesc {
    /// As typed after `--sort` and `:sort` (`first_name`).
    pub name: &'static str,
    /// For display ("first name").
    pub label: &'static str,
    /// The field it orders by.
    pub field: &'static str,
}

/// A sort the entity's description does not list, as both front ends report it (`--sort`,
/// `:sort`), naming the sorts there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot sort {entity} by '{name}'; sort by one of: {}", .names.join(", "))]
pub struct UnknownSort {
    pub entity: Entity,
    pub name: String,
    pub names: Vec<&'static str>,
}

/// A table column: the field whose value it shows, its header, and (TUI) how wide it may get.
///
/// The TUI sizes a column by its content (the header and the loaded rows), up to `width`; when
/// the columns do not fit, each gives up room in proportion to how far its content is above its
/// `min`, so a long name shrinks before a short status or size is cut. Both are 0 in the CLI,
/// which measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDesc {
    /// A field of the entity (for a reference, the TUI shows the referred record's name; the
    /// contacts pane's `Name` column shows `first_name` and `last_name`).
    pub field: &'static str,
    pub header: &'static str,
    /// The narrowest the TUI makes it while other columns can still give room.
    pub min: u16,
    /// The widest the TUI makes it.
    pub width: u16,
}

/// Everything the front ends and import/export need to know about an entity's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityDesc {
    pub entity: Entity,
    /// "company", "pipeline stage".
    pub singular: &'static str,
    /// "companies", as in messages and the command name.
    pub plural: &'static str,
    pub fields: &'static [FieldDesc],
    /// The first is the default.
    pub sorts: &'static [SortDesc],
    /// The CLI table's columns (`rolo companies list`); the JSON keys are the field names.
    pub list: &'static [ColumnDesc],
    /// The TUI pane's columns, in order (empty for entities without a pane).
    pub pane: &'static [ColumnDesc],
    /// The TUI form's fields, in order (field names; empty for entities without a form).
    pub form: &'static [&'static str],
}

impl EntityDesc {
    /// The field with this canonical name.
    pub fn field(&self, name: &str) -> Option<&'static FieldDesc> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field a typed name (canonical or alias) stands for.
    pub fn lookup(&self, typed: &str) -> Option<&'static FieldDesc> {
        self.fields.iter().find(|f| f.answers_to(typed))
    }

    /// The field the filter language calls `name`.
    pub fn filter_field(&self, name: &str) -> Option<&'static FieldDesc> {
        self.fields.iter().find(|f| f.filter == Some(name))
    }

    /// The fields `set` takes.
    pub fn settable(&self) -> impl Iterator<Item = &'static FieldDesc> {
        self.fields.iter().filter(|f| f.settable)
    }

    /// Every name `set` accepts: settable fields' names and aliases.
    pub fn set_names(&self) -> Vec<&'static str> {
        self.settable()
            .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
            .collect()
    }

    /// The sort typed as `name`.
    pub fn sort(&self, name: &str) -> Option<&'static SortDesc> {
        self.sorts.iter().find(|s| s.name == name)
    }

    /// The sort typed as `name`, or the error saying which names there are.
    pub fn sort_named(&self, name: &str) -> Result<&'static SortDesc, UnknownSort> {
        self.sort(name).ok_or_else(|| UnknownSort {
            entity: self.entity,
            name: name.to_string(),
            names: self.sort_names(),
        })
    }

    /// The default sort (the first).
    pub fn default_sort(&self) -> Option<&'static SortDesc> {
        self.sorts.first()
    }

    /// The sort names, as typed.
    pub fn sort_names(&self) -> Vec<&'static str> {
        self.sorts.iter().map(|s| s.name).collect()
    }

    /// Whether a sort orders by this field.
    pub fn sortable(&self, field: &str) -> bool {
        self.sorts.iter().any(|s| s.field == field)
    }
}

/// The description of an entity.
pub fn describe(entity: Entity) -> &'static EntityDesc {
    match entity {
        Entity::Companies => &company::DESC,
        Entity::Contacts => &contact::DESC,
        Entity::Deals => &deal::DESC,
        Entity::Activities => &activity::DESC,
        Entity::Users => &user::DESC,
        Entity::Stages => &stage::DESC,
        Entity::Tags => &TAGS,
        Entity::Views => &VIEWS,
        Entity::Teams => &team::DESC,
    }
}

/// The fields every record has, kept by the database.
pub(crate) const CREATED: FieldDesc = stamp("created_at", "Created", Some("created"));
pub(crate) const UPDATED: FieldDesc = stamp("updated_at", "Updated", Some("updated"));
/// Another tool's id and name, set by import.
pub(crate) const EXTERNAL_ID: FieldDesc = FieldDesc {
    filter: Some("external_id"),
    settable: false,
    ..text("external_id", "External id")
};
pub(crate) const EXTERNAL_SOURCE: FieldDesc = FieldDesc {
    filter: Some("external_source"),
    settable: false,
    ..text("external_source", "External source")
};

/// A settable optional text field, not filtered; struct update syntax adjusts the rest.
pub(crate) const fn text(name: &'static str, label: &'static str) -> FieldDesc {
    FieldDesc {
        name,
        label,
        aliases: &[],
        ty: FieldType::Text,
        optional: true,
        settable: true,
        filter: None,
        form_label: None,
    }
}

/// A settable optional field of type `ty`, filtered under its own name.
pub(crate) const fn field(name: &'static str, label: &'static str, ty: FieldType) -> FieldDesc {
    FieldDesc {
        ty,
        filter: Some(name),
        ..text(name, label)
    }
}

/// A stamp the database keeps.
pub(crate) const fn stamp(
    name: &'static str,
    label: &'static str,
    filter: Option<&'static str>,
) -> FieldDesc {
    FieldDesc {
        ty: FieldType::Timestamp,
        optional: false,
        settable: false,
        filter,
        ..text(name, label)
    }
}

pub(crate) const fn col(field: &'static str, header: &'static str, width: u16) -> ColumnDesc {
    ColumnDesc {
        field,
        header,
        min: width,
        width,
    }
}

/// A TUI pane column: at least `min` columns wide while others can give room, at most `max`.
pub(crate) const fn pane_col(
    field: &'static str,
    header: &'static str,
    min: u16,
    max: u16,
) -> ColumnDesc {
    ColumnDesc {
        field,
        header,
        min,
        width: max,
    }
}

pub(crate) const fn sort(name: &'static str, label: &'static str, field: &'static str) -> SortDesc {
    SortDesc { name, label, field }
}

pub(crate) const CREATED_SORT: SortDesc = sort("created", "created", "created_at");
pub(crate) const UPDATED_SORT: SortDesc = sort("updated", "updated", "updated_at");

const TAGS: EntityDesc = EntityDesc {
    entity: Entity::Tags,
    singular: "tag",
    plural: "tags",
    fields: &[
        FieldDesc {
            optional: false,
            ..text("name", "Name")
        },
        FieldDesc {
            optional: false,
            ..text("color", "Colour")
        },
        CREATED,
        UPDATED,
    ],
    sorts: &[],
    list: &[],
    pane: &[],
    form: &[],
};

const VIEWS: EntityDesc = EntityDesc {
    entity: Entity::Views,
    singular: "saved view",
    plural: "saved views",
    fields: &[
        FieldDesc {
            optional: false,
            ..text("name", "Name")
        },
        FieldDesc {
            ty: FieldType::Ref(Entity::Users),
            ..text("owner_id", "Owner")
        },
        FieldDesc {
            optional: false,
            ty: FieldType::Enum(Entity::NAMES),
            ..text("entity", "Lists")
        },
        FieldDesc {
            optional: false,
            ..text("filter", "Filter")
        },
        text("sort", "Sort"),
        CREATED,
        UPDATED,
    ],
    sorts: &[],
    list: &[],
    pane: &[],
    form: &[],
};

#[cfg(test)]
mod tests;
