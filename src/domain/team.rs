//! Teams: a user belongs to at most one; a record's team is its owner's team.

use super::validate::{self as v, FieldError, ValidationErrors};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TeamDraft {
    pub name: String,
}

impl TeamDraft {
    pub fn new(name: impl Into<String>) -> Self {
        TeamDraft { name: name.into() }
    }

    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 100));
        e.into_result(TeamDraft {
            name: name.unwrap_or_default(),
        })
    }

    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Teams, field);
        match field {
            "name" => self.name = value.to_string(),
            other => return Err(super::fields::unknown(super::Entity::Teams, "teams", other)),
        }
        Ok(())
    }
}
