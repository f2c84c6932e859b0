//! What a form exchanges with the worker ([`FormEffect`] out, [`FormAction`] back) and the
//! values those carry: a stored record as form values, picker candidates, a save's outcome.

use super::{FormDraft, FormKind, RefKind, Value};
use crate::domain::Id;
use crate::tui::pane::PaneId;

/// A stored record as form values, in spec order, with the version it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRecord {
    pub id: Id,
    pub version: i32,
    pub label: String,
    pub values: Vec<Value>,
}

/// A record a picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: Id,
    pub label: String,
    /// A second line of identification (domain, email), also matched.
    pub detail: String,
}

impl Candidate {
    /// The text the fuzzy matcher ranks.
    pub fn haystack(&self) -> String {
        if self.detail.is_empty() {
            self.label.clone()
        } else {
            format!("{} {}", self.label, self.detail)
        }
    }
}

/// A save that went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub pane: PaneId,
    pub id: Id,
    pub version: i32,
    pub label: String,
}

/// Why a save did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveFailure {
    /// The repository refused values: (field, reason).
    Invalid(Vec<(String, String)>),
    /// Someone saved the record since the form read it: the record as it is now.
    Conflict(Box<FormRecord>),
    Other(String),
}

impl SaveFailure {
    pub fn describe(&self) -> String {
        match self {
            SaveFailure::Invalid(errors) => errors
                .iter()
                .map(|(f, r)| format!("{f}: {r}"))
                .collect::<Vec<_>>()
                .join("; "),
            SaveFailure::Conflict(theirs) => format!(
                "{} was saved by someone else meanwhile (now version {})",
                theirs.label, theirs.version
            ),
            SaveFailure::Other(e) => e.clone(),
        }
    }
}

/// What a form asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum FormEffect {
    /// Read a record to edit.
    Load { kind: FormKind, req: u64, id: Id },
    /// Candidates for a picker: live records matching the query (bounded).
    Pick {
        pane: PaneId,
        req: u64,
        kind: RefKind,
        query: String,
    },
    /// Create (no id) or update (at `version`) the record and set its tags, in one transaction.
    Save(Box<SaveRequest>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    pub req: u64,
    pub kind: FormKind,
    pub id: Option<Id>,
    pub version: Option<i32>,
    pub draft: FormDraft,
    pub tags: Vec<String>,
    /// The tags as the form last read them: only tags the user removed are detached, so a tag
    /// someone else attached meanwhile (which does not change the record's version) stays.
    pub tags_before: Vec<String>,
    pub label: String,
}

/// What comes back to a form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    Loaded {
        req: u64,
        result: Result<FormRecord, String>,
    },
    Picked {
        req: u64,
        result: Result<Vec<Candidate>, String>,
    },
    Saved {
        req: u64,
        result: Result<Saved, SaveFailure>,
    },
    /// The notes came back from `$EDITOR` (or the editor failed).
    NotesEdited(Result<String, String>),
}
