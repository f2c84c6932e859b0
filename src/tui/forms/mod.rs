//! Per-entity form specs. A spec says which fields a form has and how each is edited (read from
//! the entity's description: its form order, each field's form label and type), turns the
//! form's values into a validated draft (purely: `update` runs it on every keystroke), and turns a
//! stored record back into values (the worker runs that). Companies and contacts have one each;
//! deals, activities and pipeline stages add theirs next to them.
//!
//! `messages.rs` holds what a form exchanges with the worker and the loop ([`FormEffect`],
//! [`FormAction`]), all plain data.

pub mod activity;
pub mod company;
pub mod contact;
pub mod deal;
pub mod editor;
mod messages;
#[cfg(test)]
mod spec_tests;
pub mod stage;

pub use messages::*;

use super::input::TextInput;
use super::pane::PaneId;
use crate::domain::describe::{describe, FieldDesc, FieldType};
use crate::domain::{
    ActivityDraft, CompanyDraft, ContactDraft, DealDraft, Entity, FieldError, Id, StageDraft,
    TagDraft,
};

/// What a reference field points at (what its picker searches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Company,
    User,
    Contact,
    Deal,
    Stage,
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

#[derive(Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The draft's field name (as `set(field, value)` and validation errors name it).
    pub name: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
}

pub(crate) const fn field(name: &'static str, label: &'static str, kind: InputKind) -> FieldSpec {
    FieldSpec { name, label, kind }
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

/// A chosen record: its id and what the form shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub id: Id,
    pub label: String,
}

/// A field's current value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text, notes, tags, and choices (the chosen value's text; `""` for none).
    Text(TextInput),
    Bool(bool),
    Ref(Option<Ref>),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(TextInput::new(s))
    }

    /// What `Draft::set` takes for this value.
    pub fn raw(&self) -> String {
        match self {
            Value::Text(t) => t.text.clone(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Ref(r) => r.as_ref().map(|r| r.id.to_string()).unwrap_or_default(),
        }
    }

    /// What the form shows for this value.
    pub fn display(&self) -> String {
        match self {
            Value::Text(t) => t.text.clone(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Ref(Some(r)) => r.label.clone(),
            Value::Ref(None) => String::new(),
        }
    }

    /// Equal as data (a text's cursor does not count, nor a reference's label).
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b)) => a.text == b.text,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Ref(a), Value::Ref(b)) => a.as_ref().map(|r| r.id) == b.as_ref().map(|r| r.id),
            _ => false,
        }
    }
}

/// The entities that have a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Company,
    Contact,
    Deal,
    Activity,
    /// A pipeline stage (from the stages screen, over the deals pane).
    Stage,
}

/// A validated draft, ready for the repository.
#[derive(Debug, Clone, PartialEq)]
pub enum FormDraft {
    Company(Box<CompanyDraft>),
    Contact(Box<ContactDraft>),
    Deal(Box<DealDraft>),
    Activity(Box<ActivityDraft>),
    Stage(Box<StageDraft>),
}

/// The values of a form checked without the database: the draft when every field is valid, the
/// tag names, and each invalid field with its reason (field name as in the spec).
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub draft: Option<FormDraft>,
    pub tags: Vec<String>,
    pub errors: Vec<(&'static str, String)>,
}

impl FormKind {
    pub fn for_pane(pane: PaneId) -> Option<FormKind> {
        match pane {
            PaneId::Companies => Some(FormKind::Company),
            PaneId::Contacts => Some(FormKind::Contact),
            PaneId::Deals => Some(FormKind::Deal),
            PaneId::Activities => Some(FormKind::Activity),
        }
    }

    pub fn pane(self) -> PaneId {
        match self {
            FormKind::Company => PaneId::Companies,
            FormKind::Contact => PaneId::Contacts,
            FormKind::Deal | FormKind::Stage => PaneId::Deals,
            FormKind::Activity => PaneId::Activities,
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            FormKind::Stage => "stage",
            _ => self.pane().entity().singular(),
        }
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            FormKind::Company => &company::FIELDS,
            FormKind::Contact => &contact::FIELDS,
            FormKind::Deal => &deal::FIELDS,
            FormKind::Activity => &activity::FIELDS,
            FormKind::Stage => &stage::FIELDS,
        }
    }

    /// The values of a new record (the drafts' defaults), owned by `me` when known.
    pub fn blank(self, me: Option<Ref>) -> Vec<Value> {
        let mut values = match self {
            FormKind::Company => company::blank(),
            FormKind::Contact => contact::blank(),
            FormKind::Deal => deal::blank(None),
            FormKind::Activity => activity::blank(
                crate::domain::ActivityKind::Call,
                activity::Links::default(),
            ),
            FormKind::Stage => stage::blank(),
        };
        if let Some(i) = self.fields().iter().position(|f| f.name == "owner_id") {
            values[i] = Value::Ref(me);
        }
        values
    }

    /// Build and validate the draft from the values (in spec order).
    pub fn build(self, values: &[Value]) -> Built {
        let mut errors = Vec::new();
        let draft = match self {
            FormKind::Company => {
                company::build(values, &mut errors).map(|d| FormDraft::Company(Box::new(d)))
            }
            FormKind::Contact => {
                contact::build(values, &mut errors).map(|d| FormDraft::Contact(Box::new(d)))
            }
            FormKind::Deal => {
                deal::build(values, &mut errors).map(|d| FormDraft::Deal(Box::new(d)))
            }
            FormKind::Activity => {
                activity::build(values, &mut errors).map(|d| FormDraft::Activity(Box::new(d)))
            }
            FormKind::Stage => {
                stage::build(values, &mut errors).map(|d| FormDraft::Stage(Box::new(d)))
            }
        };
        let tags = match self.position("tags") {
            Some(i) => tags(&values[i].raw(), &mut errors),
            None => vec![],
        };
        Built {
            draft: draft.filter(|_| errors.is_empty()),
            tags,
            errors,
        }
    }

    /// A record's name for titles and messages, from the form's values.
    pub fn label(self, values: &[Value]) -> String {
        let get = |name: &str| {
            self.position(name)
                .map(|i| values[i].display().trim().to_string())
                .unwrap_or_default()
        };
        let label = match self {
            FormKind::Company => get("name"),
            FormKind::Contact => format!("{} {}", get("first_name"), get("last_name"))
                .trim()
                .to_string(),
            FormKind::Deal => get("title"),
            FormKind::Activity => get("subject"),
            FormKind::Stage => get("name"),
        };
        if label.is_empty() {
            format!("new {}", self.singular())
        } else {
            label
        }
    }

    pub fn position(self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name == name)
    }
}

/// Apply every value (but tags) to a draft with its `set`, in spec order after the fields named
/// in `first`; a value `set` refuses becomes that field's error.
pub(crate) fn apply<D>(
    draft: &mut D,
    specs: &[FieldSpec],
    values: &[Value],
    first: &[&str],
    set: impl Fn(&mut D, &str, &str) -> Result<(), FieldError>,
    errors: &mut Vec<(&'static str, String)>,
) {
    let order = specs
        .iter()
        .zip(values)
        .filter(|(s, _)| first.contains(&s.name))
        .chain(
            specs
                .iter()
                .zip(values)
                .filter(|(s, _)| !first.contains(&s.name)),
        );
    for (spec, value) in order {
        if spec.kind == InputKind::Tags {
            continue;
        }
        if let Err(e) = set(draft, spec.name, &value.raw()) {
            errors.push((spec.name, e.reason));
        }
    }
}

/// Errors of `validated()` as (field, reason), naming the spec's field where one matches.
pub(crate) fn push_errors(
    specs: &[FieldSpec],
    errs: crate::domain::ValidationErrors,
    errors: &mut Vec<(&'static str, String)>,
) {
    for e in errs.0 {
        let name = specs
            .iter()
            .find(|s| s.name == e.field)
            .map_or(e.field, |s| s.name);
        if !errors.iter().any(|(f, _)| *f == name) {
            errors.push((name, e.reason));
        }
    }
}

/// Tag names from comma-separated text: trimmed, without blanks or repeats (ignoring case); a name
/// a tag cannot have is an error of the tags field.
pub fn tags(text: &str, errors: &mut Vec<(&'static str, String)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if out.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            continue;
        }
        match TagDraft::new(name).validated() {
            Ok(t) => out.push(t.name),
            Err(e) => bad.extend(e.0.into_iter().map(|e| e.reason)),
        }
    }
    if !bad.is_empty() {
        errors.push(("tags", bad.join("; ")));
    }
    out
}
