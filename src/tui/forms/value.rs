//! A form field's value, and a chosen record.

use crate::domain::Id;
use crate::tui::input::TextInput;

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
