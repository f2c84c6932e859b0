//! The form specs read from the entity descriptions are the ones the forms had before they
//! did: the same fields in the same order, labels and choices (the form snapshots depend on it).

use super::{field, FieldSpec, FormKind, Kind, RefKind};

#[test]
fn specs_are_todays() {
    let cases: &[(FormKind, &[FieldSpec])] = &[
        (
            FormKind::Company,
            &[
                field("name", "Name", Kind::Text),
                field("domain", "Domain", Kind::Text),
                field("website", "Website", Kind::Text),
                field("industry", "Industry", Kind::Text),
                field("category", "Category", Kind::Text),
                field(
                    "status",
                    "Status",
                    Kind::Choice(&["lead", "prospect", "customer", "partner", "inactive"]),
                ),
                field(
                    "size",
                    "Size",
                    Kind::Choice(&["", "solo", "small", "medium", "large", "enterprise"]),
                ),
                field("phone", "Phone", Kind::Text),
                field("email", "Email", Kind::Text),
                field("owner_id", "Owner", Kind::Ref(RefKind::User)),
                field("parent_id", "Parent company", Kind::Ref(RefKind::Company)),
                field("employee_count", "Employees", Kind::Text),
                field("currency", "Currency", Kind::Text),
                field("annual_revenue", "Annual revenue", Kind::Text),
                field("billing_street", "Billing street", Kind::Text),
                field("billing_city", "Billing city", Kind::Text),
                field("billing_region", "Billing region", Kind::Text),
                field("billing_postal_code", "Billing postcode", Kind::Text),
                field("billing_country", "Billing country", Kind::Text),
                field("service_street", "Service street", Kind::Text),
                field("service_city", "Service city", Kind::Text),
                field("service_region", "Service region", Kind::Text),
                field("service_postal_code", "Service postcode", Kind::Text),
                field("service_country", "Service country", Kind::Text),
                field("tags", "Tags", Kind::Tags),
                field("notes", "Notes", Kind::Notes),
            ],
        ),
        (
            FormKind::Contact,
            &[
                field("first_name", "First name", Kind::Text),
                field("last_name", "Last name", Kind::Text),
                field("email", "Email", Kind::Text),
                field("phone", "Phone", Kind::Text),
                field("mobile_phone", "Mobile phone", Kind::Text),
                field("title", "Title", Kind::Text),
                field("company_id", "Company", Kind::Ref(RefKind::Company)),
                field("is_primary", "Primary contact", Kind::Bool),
                field(
                    "preferred_channel",
                    "Preferred channel",
                    Kind::Choice(&["email", "phone", "sms", "none"]),
                ),
                field("do_not_contact", "Do not contact", Kind::Bool),
                field("owner_id", "Owner", Kind::Ref(RefKind::User)),
                field("tags", "Tags", Kind::Tags),
                field("notes", "Notes", Kind::Notes),
            ],
        ),
        (
            FormKind::Deal,
            &[
                field("title", "Title", Kind::Text),
                field("stage_id", "Stage", Kind::Ref(RefKind::Stage)),
                field("company_id", "Company", Kind::Ref(RefKind::Company)),
                field("contact_id", "Contact", Kind::Ref(RefKind::Contact)),
                field("value", "Value", Kind::Text),
                field("currency", "Currency", Kind::Text),
                field("expected_close", "Expected close", Kind::Text),
                field("probability", "Probability %", Kind::Text),
                field(
                    "priority",
                    "Priority",
                    Kind::Choice(&["low", "medium", "high"]),
                ),
                field("owner_id", "Owner", Kind::Ref(RefKind::User)),
                field("lost_reason", "Lost reason", Kind::Text),
                field("tags", "Tags", Kind::Tags),
            ],
        ),
        (
            FormKind::Activity,
            &[
                field(
                    "kind",
                    "Kind",
                    Kind::Choice(&["call", "email", "meeting", "note", "task"]),
                ),
                field("subject", "Subject", Kind::Text),
                field("due_at", "Due (+2d, tomorrow 9:00)", Kind::Text),
                field("company_id", "Company", Kind::Ref(RefKind::Company)),
                field("contact_id", "Contact", Kind::Ref(RefKind::Contact)),
                field("deal_id", "Deal", Kind::Ref(RefKind::Deal)),
                field(
                    "outcome",
                    "Outcome",
                    Kind::Choice(&["", "positive", "neutral", "negative"]),
                ),
                field("done", "Done", Kind::Bool),
                field("owner_id", "Owner", Kind::Ref(RefKind::User)),
                field("assignee_id", "Assignee", Kind::Ref(RefKind::User)),
                field("body", "Notes", Kind::Notes),
            ],
        ),
        (
            FormKind::Stage,
            &[
                field("name", "Name", Kind::Text),
                field("kind", "Kind", Kind::Choice(&["open", "won", "lost"])),
                field("probability", "Probability %", Kind::Text),
                field("color", "Colour", Kind::Text),
                field("active", "Active (on the board)", Kind::Bool),
            ],
        ),
    ];
    for (kind, want) in cases {
        assert_eq!(kind.fields(), *want, "{kind:?}");
    }
}
