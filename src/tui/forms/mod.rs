//! The TUI's forms: one module per entity that has one (company, contact, deal, activity,
//! stage) turns the form's values into a validated draft (purely: `update` runs it on every
//! keystroke) and a stored record back into values (the worker runs that). [`FormKind`] names
//! them and dispatches to them.
//!
//! `spec.rs` says which fields a form has and how each is edited (read from the entity's
//! description), `value.rs` what a field holds, `build.rs` how values become a draft, and
//! `messages.rs` what a form exchanges with the worker and the loop ([`FormEffect`],
//! [`FormAction`]), all plain data; `editor.rs` edits notes in `$VISUAL` / `$EDITOR`.

pub mod activity;
mod build;
pub mod company;
pub mod contact;
pub mod deal;
pub mod editor;
mod messages;
mod spec;
#[cfg(test)]
mod spec_tests;
pub mod stage;
pub mod user;
mod value;

pub(crate) use build::{apply, push_errors, read_days};
pub use build::{resolved, tags};
pub use messages::*;
pub(crate) use spec::specs;
#[cfg(test)]
pub(crate) use spec::{choices_of, field};
pub use spec::{FieldSpec, InputKind, RefKind, WhenKind};
pub use value::{Ref, Value};

use super::pane::PaneId;
use crate::domain::zone::Zone;
use crate::domain::{
    ActivityDraft, CompanyDraft, ContactDraft, DealDraft, Entity, StageDraft, UserDraft,
};

/// The entities that have a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Company,
    Contact,
    Deal,
    Activity,
    /// A pipeline stage (from the stages screen, over the deals pane).
    Stage,
    /// A user (admins, from `:users`).
    User,
}

/// A validated draft, ready for the repository.
#[derive(Debug, Clone, PartialEq)]
pub enum FormDraft {
    Company(Box<CompanyDraft>),
    Contact(Box<ContactDraft>),
    Deal(Box<DealDraft>),
    Activity(Box<ActivityDraft>),
    Stage(Box<StageDraft>),
    User(Box<UserDraft>),
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
            // users are named as owners everywhere; the companies pane is read again after a save
            FormKind::User => PaneId::Companies,
        }
    }

    /// The entity the form writes.
    pub fn entity(self) -> Entity {
        match self {
            FormKind::Stage => Entity::Stages,
            FormKind::User => Entity::Users,
            _ => self.pane().entity(),
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            FormKind::Stage => "stage",
            FormKind::User => "user",
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
            FormKind::User => &user::FIELDS,
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
            FormKind::User => user::blank(),
        };
        if let Some(i) = self.fields().iter().position(|f| f.name == "owner_id") {
            values[i] = Value::Ref(me);
        }
        values
    }

    /// Build and validate the draft from the values (in spec order); typed times are read in
    /// `zone` (the session's).
    pub fn build(self, values: &[Value], zone: Zone) -> Built {
        let mut errors = Vec::new();
        let values = &read_days(self.fields(), values, zone.now_local(), &mut errors);
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
                activity::build(values, zone, &mut errors).map(|d| FormDraft::Activity(Box::new(d)))
            }
            FormKind::Stage => {
                stage::build(values, &mut errors).map(|d| FormDraft::Stage(Box::new(d)))
            }
            FormKind::User => {
                user::build(values, &mut errors).map(|d| FormDraft::User(Box::new(d)))
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
            FormKind::Stage | FormKind::User => get("name"),
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
