//! Users: the people who own records and act on them.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::Role;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserDraft {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub timezone: String,
}

impl UserDraft {
    pub fn new(name: impl Into<String>, email: impl Into<String>, role: Role) -> Self {
        UserDraft {
            name: name.into(),
            email: email.into(),
            role,
            timezone: "UTC".into(),
        }
    }

    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 200));
        let email = e.check(v::email("email", &self.email));
        let timezone = e.check(v::timezone("timezone", &self.timezone));
        let draft = UserDraft {
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            role: self.role,
            timezone: timezone.unwrap_or_default(),
        };
        e.into_result(draft)
    }

    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Users, field);
        match field {
            "name" => self.name = value.to_string(),
            "email" => self.email = value.to_string(),
            "role" => self.role = super::parse_required("role", value)?,
            "timezone" | "tz" => self.timezone = value.to_string(),
            other => return Err(super::fields::unknown(super::Entity::Users, "users", other)),
        }
        Ok(())
    }
}
