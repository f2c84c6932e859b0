//! Tags: short labels, unique case-insensitively, attachable to companies, contacts and deals.

use super::validate::{self as v, ValidationErrors};
use super::{CompanyId, ContactId, DealId, Entity, Id};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagDraft {
    pub name: String,
    pub color: String,
}

impl TagDraft {
    pub fn new(name: impl Into<String>) -> Self {
        TagDraft {
            name: name.into(),
            color: "cyan".into(),
        }
    }

    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 50));
        if let Some(n) = &name {
            if n.chars().any(|c| c.is_whitespace() || c == ',') {
                e.push(v::FieldError::new(
                    "name",
                    format!(
                        "'{n}' may not contain spaces or commas (try '{}')",
                        n.replace([' ', ','], "-")
                    ),
                ));
            }
        }
        let color = e.check(v::color("color", &self.color));
        e.into_result(TagDraft {
            name: name.unwrap_or_default(),
            color: color.unwrap_or_default(),
        })
    }
}

/// A record a tag can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tagged {
    Company(CompanyId),
    Contact(ContactId),
    Deal(DealId),
}

impl Tagged {
    pub fn entity(self) -> Entity {
        match self {
            Tagged::Company(_) => Entity::Companies,
            Tagged::Contact(_) => Entity::Contacts,
            Tagged::Deal(_) => Entity::Deals,
        }
    }

    pub fn id(self) -> Id {
        match self {
            Tagged::Company(id) => id.id(),
            Tagged::Contact(id) => id.id(),
            Tagged::Deal(id) => id.id(),
        }
    }
}
