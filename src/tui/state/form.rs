//! An open form: a record's fields being edited, with inline errors, a picker for references,
//! and — after a conflicting save — the values someone else saved meanwhile.

use super::{Level, TextInput};
use crate::domain::zone::Zone;
use crate::domain::Id;
use crate::tui::forms::{Candidate, FieldSpec, FormKind, FormRecord, InputKind, RefKind, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub spec: &'static FieldSpec,
    pub value: Value,
    /// The reason the value is invalid, checked without the database on every change.
    pub error: Option<String>,
    /// A reason the repository gave at the last save; cleared when the value changes.
    pub server_error: Option<String>,
    /// Edited since the form opened (its error shows from then on).
    pub touched: bool,
    /// A date or time field: what its text resolved to, in the session's zone (`Fri 4 Dec
    /// 14:30`); `None` while it is empty or does not read.
    pub resolved: Option<String>,
}

impl Field {
    pub fn shown_error(&self) -> Option<&str> {
        self.server_error.as_deref().or(self.error.as_deref())
    }
}

/// The fuzzy picker of a reference field.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// The form field it fills.
    pub field: usize,
    pub kind: RefKind,
    pub input: TextInput,
    /// The newest request: a reply for any other is stale and dropped.
    pub req: u64,
    pub pending: bool,
    /// What the last reply offered, and those matching the query, best first.
    pub candidates: Vec<Candidate>,
    pub ranked: Vec<usize>,
    pub selected: usize,
    pub error: Option<String>,
}

impl Picker {
    pub fn new(field: usize, kind: RefKind, query: &str, req: u64) -> Picker {
        Picker {
            field,
            kind,
            input: TextInput::new(query),
            req,
            pending: true,
            candidates: vec![],
            ranked: vec![],
            selected: 0,
            error: None,
        }
    }

    /// Rank the candidates against the query (nucleo), keeping the selection in range.
    pub fn rerank(&mut self) {
        let hay: Vec<String> = self.candidates.iter().map(Candidate::haystack).collect();
        self.ranked = crate::tui::fuzzy::rank(&self.input.text, &hay);
        self.selected = self.selected.min(self.ranked.len().saturating_sub(1));
    }

    pub fn chosen(&self) -> Option<&Candidate> {
        self.ranked
            .get(self.selected)
            .and_then(|i| self.candidates.get(*i))
    }
}

/// What Esc is asking about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Close and lose the unsaved changes?
    Discard,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    pub kind: FormKind,
    /// The record edited; `None` for a new one.
    pub id: Option<Id>,
    /// The version saves are checked against: when the form opened, or theirs after a conflict.
    pub version: Option<i32>,
    pub fields: Vec<Field>,
    /// The focused line: a field, or `fields.len()` for the Save button.
    pub focus: usize,
    /// The field whose whole value is selected, as focus entered it with a value there: the
    /// first printable key replaces the value, any other key edits it.
    pub selected: Option<usize>,
    /// The record being read (edit), and why it could not be.
    pub loading: Option<u64>,
    pub load_error: Option<String>,
    /// The save in flight.
    pub saving: Option<u64>,
    pub picker: Option<Picker>,
    pub ask: Option<Ask>,
    /// A save was tried: every error shows, touched or not.
    pub attempted: bool,
    /// The values as stored (dirty means different from these).
    pub original: Vec<Value>,
    /// What "you changed" is measured from: the values when the form opened, then theirs after
    /// a conflict (a field you left takes their value, so a save writes only your changes).
    pub opened: Vec<Value>,
    /// After a conflict: the record as someone else saved it.
    pub theirs: Option<Vec<Value>>,
    pub message: Option<(Level, String)>,
    /// The session's time zone (`Ctx::zone`): typed times are read in it.
    pub zone: Zone,
}

impl FormState {
    /// A form over `values` (a new record's defaults, or a stored record), reading typed times
    /// in `zone`.
    pub fn new(
        kind: FormKind,
        id: Option<Id>,
        version: Option<i32>,
        values: Vec<Value>,
        zone: Zone,
    ) -> Self {
        let fields = kind
            .fields()
            .iter()
            .zip(values.iter().cloned())
            .map(|(spec, value)| Field {
                spec,
                value,
                error: None,
                server_error: None,
                touched: false,
                resolved: None,
            })
            .collect();
        let mut form = FormState {
            kind,
            id,
            version,
            fields,
            focus: 0,
            selected: None,
            loading: None,
            load_error: None,
            saving: None,
            picker: None,
            ask: None,
            attempted: false,
            original: values.clone(),
            opened: values,
            theirs: None,
            message: None,
            zone,
        };
        form.revalidate();
        form.select_focused();
        form
    }

    /// Focus entered a field: a text field with a value there gets it selected.
    pub fn select_focused(&mut self) {
        self.selected = self.fields.get(self.focus).and_then(|f| {
            let text = matches!(f.spec.kind, InputKind::Text | InputKind::Tags);
            let filled = matches!(&f.value, Value::Text(t) if !t.text.is_empty());
            (text && filled).then_some(self.focus)
        });
    }

    /// An edit form waiting for its record.
    pub fn loading(kind: FormKind, id: Id, req: u64, zone: Zone) -> Self {
        let mut form = FormState::new(kind, Some(id), None, kind.blank(None), zone);
        form.loading = Some(req);
        form
    }

    /// Fill the form with a record read for editing.
    pub fn load(&mut self, record: FormRecord) {
        let mut fresh = FormState::new(
            self.kind,
            Some(record.id),
            Some(record.version),
            record.values,
            self.zone,
        );
        fresh.focus = self.focus.min(fresh.fields.len());
        fresh.select_focused();
        *self = fresh;
    }

    pub fn values(&self) -> Vec<Value> {
        self.fields.iter().map(|f| f.value.clone()).collect()
    }

    pub fn label(&self) -> String {
        self.kind.label(&self.values())
    }

    pub fn is_new(&self) -> bool {
        self.id.is_none()
    }

    /// Unsaved changes: a value differs from the stored one.
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.original)
            .any(|(f, o)| !f.value.same(o))
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_kind(&self) -> Option<InputKind> {
        self.focused().map(|f| f.spec.kind)
    }

    /// Rebuild the draft and put each field's error next to it, and what each date or time
    /// field's text resolved to beside it.
    pub fn revalidate(&mut self) {
        let built = self.kind.build(&self.values(), self.zone);
        let now = self.zone.now_local();
        for f in &mut self.fields {
            f.error = built
                .errors
                .iter()
                .find(|(name, _)| *name == f.spec.name)
                .map(|(_, reason)| reason.clone());
            f.resolved = f
                .spec
                .when
                .and_then(|w| crate::tui::forms::resolved(w, &f.value.raw(), now));
        }
    }

    /// The fields whose errors show (touched, or after a save was tried).
    pub fn shown_errors(&self) -> Vec<&Field> {
        self.fields.iter().filter(|f| self.shows_error(f)).collect()
    }

    pub fn shows_error(&self, f: &Field) -> bool {
        f.server_error.is_some() || (f.error.is_some() && (f.touched || self.attempted))
    }

    /// After a conflict: their value of field `i` when it differs from the form's.
    pub fn theirs_of(&self, i: usize) -> Option<&Value> {
        let theirs = self.theirs.as_ref()?.get(i)?;
        let mine = &self.fields.get(i)?.value;
        (!mine.same(theirs)).then_some(theirs)
    }

    /// Whether the user changed field `i` since the form opened.
    pub fn changed_by_me(&self, i: usize) -> bool {
        match (self.fields.get(i), self.opened.get(i)) {
            (Some(f), Some(o)) => !f.value.same(o),
            _ => false,
        }
    }

    /// A value changed: mark it, drop its stale server error, check everything again.
    pub fn changed(&mut self, i: usize) {
        if let Some(f) = self.fields.get_mut(i) {
            f.touched = true;
            f.server_error = None;
        }
        self.revalidate();
    }
}
