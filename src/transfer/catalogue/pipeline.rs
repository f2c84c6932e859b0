//! The header spellings of deals and activities, in the order of their export's columns.

use super::tables::{
    company_ref, contact_ref, COMPANY_ID, CONTACT_ID, EXTERNAL, OWNER, RECORD, TAGS,
};
use super::Slot::*;
use super::{spec, Spec};

pub const DEALS: &[Spec] = &[
    RECORD[0],
    spec(
        "title",
        Field,
        &[
            "dealname",
            "name",
            "deal",
            "dealtitle",
            "opportunityname",
            "opportunity",
        ],
    ),
    company_ref!("associatedcompany"),
    COMPANY_ID,
    contact_ref!("associatedcontact", "primarycontact"),
    CONTACT_ID,
    spec(
        "stage",
        Ref(super::Ref::Stage),
        &["dealstage", "pipelinestage", "stagename", "salesstage"],
    ),
    spec(
        "currency",
        Field,
        &["dealcurrency", "currencycode", "currencyisocode"],
    ),
    spec(
        "value",
        Money,
        &["amount", "dealvalue", "dealamount", "opportunityamount"],
    ),
    spec(
        "expected_close",
        Date,
        &["closedate", "expectedclosedate", "close"],
    ),
    spec(
        "probability",
        Field,
        &["dealprobability", "probabilitypercent", "winprobability"],
    ),
    spec("priority", Field, &["dealpriority"]),
    OWNER,
    spec("lost_reason", Field, &["closedlostreason", "lossreason"]),
    spec(
        "status",
        Derived("a deal's status follows its stage"),
        &["dealstatus"],
    ),
    spec("closed_at", ClosedAt, &["closedon", "wontime", "losttime"]),
    TAGS,
    EXTERNAL[0],
    EXTERNAL[1],
    RECORD[1],
    RECORD[2],
];

pub const ACTIVITIES: &[Spec] = &[
    RECORD[0],
    spec("kind", Field, &["type", "activitytype", "activitykind"]),
    spec("subject", Field, &["title", "activitysubject", "summary"]),
    spec(
        "body",
        Field,
        &["notes", "note", "description", "details", "content"],
    ),
    spec("outcome", Field, &["result", "callresult"]),
    company_ref!(),
    COMPANY_ID,
    contact_ref!(),
    CONTACT_ID,
    spec(
        "deal",
        Ref(super::Ref::Deal),
        &["dealname", "dealtitle", "opportunity"],
    ),
    spec("deal_id", RefId(super::Ref::Deal), &[]),
    OWNER,
    spec(
        "assignee",
        Ref(super::Ref::Assignee),
        &["assignedto", "assigneeemail", "assigneduser"],
    ),
    spec("due_at", Time, &["due", "duedate", "duetime", "scheduled"]),
    spec(
        "completed_at",
        Time,
        &[
            "completed",
            "donedate",
            "completiondate",
            "markedasdonetime",
        ],
    ),
    RECORD[1],
    RECORD[2],
];
