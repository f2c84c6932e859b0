//! Deals.

use super::{col, field, sort, stamp, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, EXTERNAL_ID, EXTERNAL_SOURCE, UPDATED, UPDATED_SORT};
use crate::domain::{DealStatus, Entity, Priority};

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Deals,
    singular: "deal",
    plural: "deals",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("title", "Title", Text)
        },
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
            aliases: &["stage"],
            optional: false,
            filter: Some("stage"),
            ..field("stage_id", "Stage", Ref(Entity::Stages))
        },
        FieldDesc {
            optional: false,
            ..field("currency", "Currency", Text)
        },
        FieldDesc {
            aliases: &["amount"],
            optional: false,
            ..field("value", "Value", Money)
        },
        FieldDesc {
            aliases: &["close"],
            filter: Some("close"),
            ..field("expected_close", "Expected close", Date)
        },
        FieldDesc {
            form_label: Some("Probability %"),
            ..field("probability", "Probability", Int)
        },
        FieldDesc {
            optional: false,
            ..field("priority", "Priority", Enum(Priority::NAMES))
        },
        FieldDesc {
            aliases: &["owner"],
            filter: Some("owner"),
            ..field("owner_id", "Owner", Ref(Entity::Users))
        },
        field("lost_reason", "Lost reason", Text),
        FieldDesc {
            // set by the stage a deal moves to
            optional: false,
            settable: false,
            ..field("status", "Status", Enum(DealStatus::NAMES))
        },
        FieldDesc {
            optional: true,
            ..stamp("closed_at", "Closed", Some("closed"))
        },
        EXTERNAL_ID,
        EXTERNAL_SOURCE,
        CREATED,
        UPDATED,
    ],
    sorts: &[
        sort("title", "title", "title"),
        sort("value", "value", "value"),
        sort("status", "status", "status"),
        sort("close", "close date", "expected_close"),
        sort("stage", "stage", "stage_id"),
        sort("owner", "owner", "owner_id"),
        CREATED_SORT,
        UPDATED_SORT,
    ],
    list: &[
        col("title", "TITLE", 0),
        col("stage_id", "STAGE", 0),
        col("value", "VALUE", 0),
        col("status", "STATUS", 0),
        col("expected_close", "CLOSE", 0),
    ],
    pane: &[
        super::pane_col("title", "Title", 16, 40),
        super::pane_col("company_id", "Company", 10, 30),
        super::pane_col("stage_id", "Stage", 8, 14),
        super::pane_col("value", "Value", 13, 20),
        super::pane_col("expected_close", "Close", 10, 10),
        super::pane_col("owner_id", "Owner", 10, 20),
    ],
    form: &[
        "title",
        "stage_id",
        "company_id",
        "contact_id",
        "value",
        "currency",
        "expected_close",
        "probability",
        "priority",
        "owner_id",
        "lost_reason",
        "tags",
    ],
};
