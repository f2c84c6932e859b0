//! Contacts.

use super::{col, field, sort, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, EXTERNAL_ID, EXTERNAL_SOURCE, UPDATED, UPDATED_SORT};
use crate::domain::{Channel, Entity};

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Contacts,
    singular: "contact",
    plural: "contacts",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("first_name", "First name", Text)
        },
        field("last_name", "Last name", Text),
        field("email", "Email", Email),
        field("phone", "Phone", Phone),
        FieldDesc {
            aliases: &["mobile"],
            ..field("mobile_phone", "Mobile phone", Phone)
        },
        field("title", "Title", Text),
        FieldDesc {
            aliases: &["company"],
            // filtered as the relation `company.…`
            filter: None,
            ..field("company_id", "Company", Ref(Entity::Companies))
        },
        FieldDesc {
            aliases: &["primary"],
            optional: false,
            filter: Some("primary"),
            ..field("is_primary", "Primary contact", Bool)
        },
        FieldDesc {
            aliases: &["channel"],
            optional: false,
            filter: Some("channel"),
            ..field(
                "preferred_channel",
                "Preferred channel",
                Enum(Channel::NAMES),
            )
        },
        FieldDesc {
            aliases: &["dnc"],
            optional: false,
            ..field("do_not_contact", "Do not contact", Bool)
        },
        FieldDesc {
            aliases: &["owner"],
            filter: Some("owner"),
            ..field("owner_id", "Owner", Ref(Entity::Users))
        },
        field("notes", "Notes", Text),
        EXTERNAL_ID,
        EXTERNAL_SOURCE,
        CREATED,
        UPDATED,
    ],
    sorts: &[
        sort("first_name", "first name", "first_name"),
        sort("last_name", "last name", "last_name"),
        sort("email", "email", "email"),
        sort("phone", "phone", "phone"),
        sort("title", "title", "title"),
        CREATED_SORT,
        UPDATED_SORT,
    ],
    list: &[
        col("first_name", "FIRST", 0),
        col("last_name", "LAST", 0),
        col("email", "EMAIL", 0),
        col("phone", "PHONE", 0),
        col("title", "TITLE", 0),
    ],
    pane: &[
        super::pane_col("first_name", "Name", 14, 30),
        super::pane_col("company_id", "Company", 10, 30),
        super::pane_col("email", "Email", 14, 36),
        super::pane_col("phone", "Phone", 16, 18),
        super::pane_col("title", "Title", 8, 24),
    ],
    form: &[
        "first_name",
        "last_name",
        "email",
        "phone",
        "mobile_phone",
        "title",
        "company_id",
        "is_primary",
        "preferred_channel",
        "do_not_contact",
        "owner_id",
        "tags",
        "notes",
    ],
};
