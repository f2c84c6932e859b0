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

    /// The record `id` of `entity`, if that entity can be tagged.
    pub fn of(entity: Entity, id: Id) -> Option<Tagged> {
        match entity {
            Entity::Companies => Some(Tagged::Company(CompanyId(id))),
            Entity::Contacts => Some(Tagged::Contact(ContactId(id))),
            Entity::Deals => Some(Tagged::Deal(DealId(id))),
            _ => None,
        }
    }
}

/// Tag names from comma-separated text (`vip, b2b`): trimmed, blanks and repeats (ignoring case)
/// dropped; the names a tag cannot have, each with why, as the error.
pub fn parse_names(text: &str) -> Result<Vec<String>, String> {
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
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.join("; "))
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn tag_lists_are_trimmed_deduplicated_and_checked() {
        assert_eq!(
            parse_names(" vip, b2b,,VIP , 東京🗼").unwrap(),
            vec!["vip", "b2b", "東京🗼"]
        );
        assert_eq!(parse_names("").unwrap(), Vec::<String>::new());
        let e = parse_names("ok, two words").unwrap_err();
        assert!(e.contains("'two words' may not contain spaces"), "{e}");
    }
}
