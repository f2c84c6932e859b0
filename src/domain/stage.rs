//! Pipeline stages: the columns of the deal kanban.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::StageKind;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StageDraft {
    pub name: String,
    /// Order on the board, 0 first.
    pub position: i32,
    /// Win probability in percent, 0-100.
    pub probability: i32,
    pub color: String,
    pub kind: StageKind,
    pub active: bool,
}

impl StageDraft {
    pub fn new(name: impl Into<String>, position: i32, probability: i32, kind: StageKind) -> Self {
        StageDraft {
            name: name.into(),
            position,
            probability,
            color: "blue".into(),
            kind,
            active: true,
        }
    }

    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 100));
        if self.position < 0 {
            e.push(FieldError::new(
                "position",
                format!("must not be negative (got {})", self.position),
            ));
        }
        let probability = e.check(v::probability("probability", self.probability.into()));
        let color = e.check(v::color("color", &self.color));
        let draft = StageDraft {
            name: name.unwrap_or_default(),
            position: self.position,
            probability: probability.map(i32::from).unwrap_or_default(),
            color: color.unwrap_or_default(),
            kind: self.kind,
            active: self.active,
        };
        e.into_result(draft)
    }

    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Stages, field);
        let int = |field: &'static str| {
            value
                .trim()
                .parse::<i32>()
                .map_err(|_| FieldError::new(field, format!("'{value}' is not a whole number")))
        };
        match field {
            "name" => self.name = value.to_string(),
            "position" => self.position = int("position")?,
            "probability" => self.probability = int("probability")?,
            "color" => self.color = value.to_string(),
            "kind" => self.kind = super::parse_required("kind", value)?,
            "active" => self.active = super::parse_bool("active", value)?,
            other => {
                return Err(super::fields::unknown(
                    super::Entity::Stages,
                    "pipeline stages",
                    other,
                ))
            }
        }
        Ok(())
    }
}
