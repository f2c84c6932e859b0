//! Pipeline stages.

use super::{col, field, sort, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, UPDATED};
use crate::domain::{Entity, StageKind};

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Stages,
    singular: "pipeline stage",
    plural: "pipeline stages",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("name", "Name", Text)
        },
        FieldDesc {
            optional: false,
            ..field("position", "Position", Int)
        },
        FieldDesc {
            optional: false,
            form_label: Some("Probability %"),
            ..field("probability", "Probability", Int)
        },
        FieldDesc {
            optional: false,
            filter: None,
            ..field("color", "Colour", Text)
        },
        FieldDesc {
            optional: false,
            ..field("kind", "Kind", Enum(StageKind::NAMES))
        },
        FieldDesc {
            optional: false,
            form_label: Some("Active (on the board)"),
            ..field("active", "Active", Bool)
        },
        CREATED,
        UPDATED,
    ],
    sorts: &[
        sort("position", "position", "position"),
        sort("name", "name", "name"),
    ],
    list: &[
        col("position", "POS", 0),
        col("name", "NAME", 0),
        col("kind", "KIND", 0),
        col("probability", "PROB%", 0),
        col("active", "ACTIVE", 0),
    ],
    pane: &[],
    form: &["name", "kind", "probability", "color", "active"],
};
