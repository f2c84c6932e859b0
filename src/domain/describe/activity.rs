//! Activities.

use super::{col, field, sort, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, UPDATED, UPDATED_SORT};
use crate::domain::{ActivityKind, Entity, Outcome};

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Activities,
    singular: "activity",
    plural: "activities",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("kind", "Kind", Enum(ActivityKind::NAMES))
        },
        FieldDesc {
            optional: false,
            ..field("subject", "Subject", Text)
        },
        FieldDesc {
            form_label: Some("Notes"),
            ..field("body", "Body", Text)
        },
        field("outcome", "Outcome", Enum(Outcome::NAMES)),
        FieldDesc {
            aliases: &["company"],
            filter: None,
            ..field("company_id", "Company", Ref(Entity::Companies))
        },
        FieldDesc {
            aliases: &["contact"],
            filter: None,
            ..field("contact_id", "Contact", Ref(Entity::Contacts))
        },
        FieldDesc {
            aliases: &["deal"],
            filter: None,
            ..field("deal_id", "Deal", Ref(Entity::Deals))
        },
        FieldDesc {
            aliases: &["owner"],
            filter: Some("owner"),
            ..field("owner_id", "Owner", Ref(Entity::Users))
        },
        FieldDesc {
            aliases: &["assignee"],
            filter: Some("assignee"),
            ..field("assignee_id", "Assignee", Ref(Entity::Users))
        },
        FieldDesc {
            aliases: &["due"],
            filter: Some("due"),
            form_label: Some("Due (+2d, tomorrow 9:00)"),
            ..field("due_at", "Due", Timestamp)
        },
        FieldDesc {
            aliases: &["completed"],
            filter: Some("completed"),
            ..field("completed_at", "Completed", Timestamp)
        },
        FieldDesc {
            // not stored: `done=yes` completes now (keeping an earlier completion), `no` reopens
            optional: false,
            filter: None,
            ..field("done", "Done", Bool)
        },
        CREATED,
        UPDATED,
    ],
    sorts: &[
        CREATED_SORT,
        UPDATED_SORT,
        sort("kind", "kind", "kind"),
        sort("subject", "subject", "subject"),
        sort("due", "due", "due_at"),
        sort("done", "done", "completed_at"),
        sort("outcome", "outcome", "outcome"),
    ],
    list: &[
        col("kind", "KIND", 0),
        col("subject", "SUBJECT", 0),
        col("due_at", "DUE", 0),
        col("completed_at", "DONE", 0),
        col("outcome", "OUTCOME", 0),
    ],
    pane: &[
        super::pane_col("kind", "Kind", 7, 10),
        super::pane_col("subject", "Subject", 16, 60),
        super::pane_col("due_at", "Due", 16, 16),
        super::pane_col("completed_at", "Done", 4, 5),
        super::pane_col("outcome", "Outcome", 8, 10),
        super::pane_col("owner_id", "Owner", 10, 20),
    ],
    form: &[
        "kind",
        "subject",
        "due_at",
        "company_id",
        "contact_id",
        "deal_id",
        "outcome",
        "done",
        "owner_id",
        "assignee_id",
        "body",
    ],
};
