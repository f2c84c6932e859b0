//! "Who are you?": asked on the first start on a SQLite file with no acting user (and by
//! `:user`). Pick one of the active users (typing narrows the list, fuzzy) or add yourself; the
//! choice is remembered in the config file. Esc skips: edits are then anonymous.

use super::TextInput;
use crate::domain::Role;
use crate::tui::forms::Candidate;

/// A user one may say one is (name and email).
pub type Choice = Candidate;

/// The active users and how many users the database has, as the worker read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    pub users: Vec<Choice>,
    /// Live users, active or not: with none, whoever adds themselves is the admin.
    pub total: i64,
}

/// Adding yourself: a name and an email, and the role that will follow from the rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewSelf {
    pub name: TextInput,
    pub email: TextInput,
    /// 0: name, 1: email.
    pub focus: usize,
    /// Why the values cannot be saved (checked on Enter), or what the database refused.
    pub error: Option<String>,
}

impl NewSelf {
    pub fn focused(&mut self) -> &mut TextInput {
        if self.focus == 0 {
            &mut self.name
        } else {
            &mut self.email
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdentityPicker {
    pub input: TextInput,
    /// `None` until the worker's list arrives.
    pub choices: Option<Choices>,
    /// Indices into `choices.users` matching the query, best first.
    pub ranked: Vec<usize>,
    /// A row of `ranked`, or `ranked.len()`: the "add yourself" row below the users.
    pub selected: usize,
    pub error: Option<String>,
    /// The add-yourself form, when open.
    pub adding: Option<NewSelf>,
    /// A choice being saved (the worker is acting on it).
    pub saving: bool,
    /// `:users` (admins): every live user, Enter edits one in the user form and the last row
    /// makes a new one; nobody's identity changes.
    pub manage: bool,
}

impl IdentityPicker {
    /// Rank the users against the query, keeping the selection in range.
    pub fn rerank(&mut self) {
        // name and email: the role and "inactive" after them are for reading, not matching
        let hay: Vec<String> = self
            .users()
            .iter()
            .map(|c| {
                let email = c.detail.split(" · ").next().unwrap_or_default();
                format!("{} {email}", c.label)
            })
            .collect();
        self.ranked = crate::tui::fuzzy::rank(&self.input.text, &hay);
        self.selected = self.selected.min(self.ranked.len());
    }

    pub fn users(&self) -> &[Choice] {
        self.choices.as_ref().map_or(&[], |c| c.users.as_slice())
    }

    /// The user on the selected row; `None` on the "add yourself" row.
    pub fn chosen(&self) -> Option<&Choice> {
        self.ranked
            .get(self.selected)
            .and_then(|i| self.users().get(*i))
    }

    /// The role someone adding themselves now gets.
    pub fn new_role(&self) -> Role {
        crate::domain::user::self_added_role(self.choices.as_ref().map_or(0, |c| c.total))
    }

    /// Move the selection; the "add yourself" row is the last.
    pub fn step(&mut self, by: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(by)
            .min(self.ranked.len());
    }
}

/// What the picker asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum IdentityEffect {
    /// The active users and the number of users.
    Load,
    /// Every live user, active or not, for `:users` (refused unless users may be managed).
    LoadAll,
    /// Act as this user from now on, and remember it in the config file.
    Choose(crate::domain::UserId),
    /// Add yourself as a user (the role follows the rules), then act as them.
    AddSelf { name: String, email: String },
}

/// Who the session acts as now.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub id: crate::domain::UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub zone: crate::domain::zone::Zone,
    /// Added just now (not picked from the list).
    pub added: bool,
    /// The config file that now remembers the choice, or why it could not be written (the choice
    /// then holds for this session only).
    pub saved: Result<String, String>,
}

/// What comes back to the picker.
#[derive(Debug, Clone, PartialEq)]
pub enum IdentityAction {
    Loaded(Result<Choices, String>),
    Chosen(Result<Chosen, String>),
}

/// Whether the one note "edits are anonymous" has been added to a write's message this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnonymousNote {
    /// No anonymous write yet.
    #[default]
    NotYet,
    /// A write without an acting user is on its way: its reply gets the note.
    Due,
    /// Said once; not again.
    Said,
}
