//! Users.

use super::{col, field, sort, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, UPDATED};
use crate::domain::{Entity, Role};

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Users,
    singular: "user",
    plural: "users",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("name", "Name", Text)
        },
        FieldDesc {
            optional: false,
            ..field("email", "Email", Email)
        },
        FieldDesc {
            optional: false,
            ..field("role", "Role", Enum(Role::NAMES))
        },
        FieldDesc {
            aliases: &["tz"],
            optional: false,
            ..field("timezone", "Time zone", Text)
        },
        FieldDesc {
            form_label: Some("Login (PostgreSQL role)"),
            ..field("login", "Login", Text)
        },
        FieldDesc {
            aliases: &["team"],
            // a team is typed by name; filters reach it through the owner
            filter: None,
            ..field("team_id", "Team", Ref(Entity::Teams))
        },
        FieldDesc {
            optional: false,
            ..field("active", "Active", Bool)
        },
        CREATED,
        UPDATED,
    ],
    sorts: &[sort("name", "name", "name"), CREATED_SORT],
    list: &[
        col("name", "NAME", 0),
        col("email", "EMAIL", 0),
        col("login", "LOGIN", 0),
        col("role", "ROLE", 0),
        col("team_id", "TEAM", 0),
        col("active", "ACTIVE", 0),
    ],
    pane: &[],
    // the TUI's user form (admins: `:users`)
    form: &[
        "name", "email", "role", "team_id", "timezone", "login", "active",
    ],
};
