//! Saved views: a named filter (in the filter language) and sort over one entity.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{Entity, UserId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ViewDraft {
    /// None: shared with everyone.
    pub owner_id: Option<UserId>,
    pub entity: Entity,
    pub name: String,
    pub filter: String,
    pub sort: Option<String>,
}

impl ViewDraft {
    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 100));
        let filter = e
            .check(v::optional_text("filter", Some(&self.filter), 10_000))
            .flatten();
        let sort = e
            .check(v::optional_text("sort", self.sort.as_deref(), 100))
            .flatten();
        if matches!(self.entity, Entity::Views) {
            e.push(FieldError::new("entity", "a view cannot list saved views"));
        }
        e.into_result(ViewDraft {
            owner_id: self.owner_id,
            entity: self.entity,
            name: name.unwrap_or_default(),
            filter: filter.unwrap_or_default(),
            sort,
        })
    }
}
