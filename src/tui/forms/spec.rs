//! How a form's fields are described: what each is called and how it is edited, read from the
//! entity's description (its form order, each field's form label and type).

#[cfg(test)]
use super::FormKind;
use crate::domain::describe::{describe, FieldDesc, FieldType};
use crate::domain::Entity;

/// What a reference field points at (what its picker searches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Company,
    User,
    Contact,
    Deal,
    Stage,
    Team,
}

impl RefKind {
    /// The picker that finds records of `entity`, if there is one.
    pub fn of(entity: Entity) -> Option<RefKind> {
        match entity {
            Entity::Companies => Some(RefKind::Company),
            Entity::Users => Some(RefKind::User),
            Entity::Contacts => Some(RefKind::Contact),
            Entity::Deals => Some(RefKind::Deal),
            Entity::Stages => Some(RefKind::Stage),
            Entity::Teams => Some(RefKind::Team),
            _ => None,
        }
    }

    pub fn what(self) -> &'static str {
        match self {
            RefKind::Company => "company",
            RefKind::User => "user",
            RefKind::Contact => "contact",
            RefKind::Deal => "deal",
            RefKind::Stage => "stage",
            RefKind::Team => "team",
        }
    }
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One line of text.
    Text,
    /// Long text: typed inline or edited in `$EDITOR` (ctrl-e).
    Notes,
    /// One of a closed set of values, cycled with ←/→ or Space; a leading `""` means "none".
    Choice(&'static [&'static str]),
    /// Yes or no, toggled.
    Bool,
    /// Another record, chosen in a picker.
    Ref(RefKind),
    /// Tag names, separated by commas.
    Tags,
}

impl InputKind {
    /// Whether typed characters go into the field as text.
    pub fn takes_text(self) -> bool {
        matches!(self, InputKind::Text | InputKind::Notes | InputKind::Tags)
    }
}

/// What a date or time field's text is read as (with `domain::when`: `+45d`, `fri 14:30`, ISO …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenKind {
    /// A calendar day (`when::parse_day`).
    Day,
    /// A moment, typed in the user's zone (`when::parse`).
    Moment,
}

#[derive(Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The draft's field name (as `set(field, value)` and validation errors name it).
    pub name: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
    /// A date or time field: how its text is read, and the form shows what it resolved to.
    pub when: Option<WhenKind>,
}

pub(crate) const fn field(name: &'static str, label: &'static str, kind: InputKind) -> FieldSpec {
    FieldSpec {
        name,
        label,
        kind,
        when: None,
    }
}

impl FieldSpec {
    /// The same field, read as a date or time.
    #[cfg(test)]
    pub(crate) const fn dated(self, when: WhenKind) -> FieldSpec {
        FieldSpec {
            when: Some(when),
            ..self
        }
    }
}

/// A form's fields from `entity`'s description: its form order, each field's form label, and how
/// it is edited from its type (`notes` names the long text fields, edited as notes). The
/// pseudo-field `tags` is the tag list. Built once per form (the forms keep them in a static).
pub(crate) fn specs(entity: Entity, notes: &[&str]) -> Vec<FieldSpec> {
    let d = describe(entity);
    d.form
        .iter()
        .filter_map(|name| match *name {
            "tags" => Some(field("tags", "Tags", InputKind::Tags)),
            name => d.field(name).map(|f| FieldSpec {
                name: f.name,
                label: f.form_label(),
                kind: kind_of(f, notes),
                when: match f.ty {
                    FieldType::Date => Some(WhenKind::Day),
                    FieldType::Timestamp => Some(WhenKind::Moment),
                    _ => None,
                },
            }),
        })
        .collect()
}

fn kind_of(f: &FieldDesc, notes: &[&str]) -> InputKind {
    match f.ty {
        _ if notes.contains(&f.name) => InputKind::Notes,
        FieldType::Enum(words) => InputKind::Choice(choices(words, f.optional)),
        FieldType::Bool => InputKind::Bool,
        FieldType::Ref(e) => RefKind::of(e).map_or(InputKind::Text, InputKind::Ref),
        _ => InputKind::Text,
    }
}

/// The choices of a form's choice field (none for another kind of field).
#[cfg(test)]
pub(crate) fn choices_of(kind: FormKind, name: &str) -> &'static [&'static str] {
    match kind
        .fields()
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.kind)
    {
        Some(InputKind::Choice(c)) => c,
        _ => &[],
    }
}

/// An enum's words as a choice; an optional field offers "" (none) first. The list is made once
/// per form field, when the form's specs are first built, and lives as long as the program.
fn choices(words: &'static [&'static str], optional: bool) -> &'static [&'static str] {
    if !optional {
        return words;
    }
    let with_none: Vec<&'static str> = std::iter::once("").chain(words.iter().copied()).collect();
    Vec::leak(with_none)
}
