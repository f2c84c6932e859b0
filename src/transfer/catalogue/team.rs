//! The header spellings of users and pipeline stages, in the order of their export's columns
//! (`export::columns`).

use super::tables::RECORD;
use super::Slot::*;
use super::{spec, Spec};

pub const USERS: &[Spec] = &[
    RECORD[0],
    spec("name", Field, &["fullname", "username", "displayname"]),
    spec(
        "email",
        Field,
        &["emailaddress", "useremail", "login", "workemail"],
    ),
    spec("role", Field, &["userrole", "permission", "permissions"]),
    spec("timezone", Field, &["tz", "timezonename", "usertimezone"]),
    RECORD[1],
    RECORD[2],
];

pub const STAGES: &[Spec] = &[
    RECORD[0],
    spec(
        "name",
        Field,
        &["stagename", "stage", "dealstage", "pipelinestage", "label"],
    ),
    spec(
        "position",
        Field,
        &["order", "sortorder", "displayorder", "orderno", "rank"],
    ),
    spec(
        "probability",
        Field,
        &[
            "winprobability",
            "dealprobability",
            "probabilitypercent",
            "percent",
        ],
    ),
    spec("color", Field, &["colour"]),
    spec("kind", Field, &["type", "stagetype", "stagekind"]),
    spec("active", Field, &["isactive", "enabled", "visible"]),
    RECORD[1],
    RECORD[2],
];
