//! Teams.

use super::{col, field, sort, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, UPDATED};
use crate::domain::Entity;

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Teams,
    singular: "team",
    plural: "teams",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("name", "Name", Text)
        },
        CREATED,
        UPDATED,
    ],
    sorts: &[sort("name", "name", "name"), CREATED_SORT],
    list: &[col("name", "NAME", 0), col("created_at", "CREATED", 0)],
    pane: &[],
    form: &[],
};
