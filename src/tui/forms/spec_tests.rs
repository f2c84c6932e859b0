//! The form specs read from the entity descriptions are the ones the forms had before they
//! did: the same fields in the same order, labels and choices (the form snapshots depend on it).

use super::{field, FieldSpec, FormKind, InputKind, RefKind, WhenKind};

#[test]
fn specs_are_todays() {
    let cases: &[(FormKind, &[FieldSpec])] = &[
        (
            FormKind::Company,
            &[
                field("name", "Name", InputKind::Text),
                field("domain", "Domain", InputKind::Text),
                field("website", "Website", InputKind::Text),
                field("industry", "Industry", InputKind::Text),
                field("category", "Category", InputKind::Text),
                field(
                    "status",
                    "Status",
                    InputKind::Choice(&["lead", "prospect", "customer", "partner", "inactive"]),
                ),
                field(
                    "size",
                    "Size",
                    InputKind::Choice(&["", "solo", "small", "medium", "large", "enterprise"]),
                ),
                field("phone", "Phone", InputKind::Text),
                field("email", "Email", InputKind::Text),
                field("owner_id", "Owner", InputKind::Ref(RefKind::User)),
                field(
                    "parent_id",
                    "Parent company",
                    InputKind::Ref(RefKind::Company),
                ),
                field("employee_count", "Employees", InputKind::Text),
                field("currency", "Currency", InputKind::Text),
                field("annual_revenue", "Annual revenue", InputKind::Text),
                field("billing_street", "Billing street", InputKind::Text),
                field("billing_city", "Billing city", InputKind::Text),
                field("billing_region", "Billing region", InputKind::Text),
                field("billing_postal_code", "Billing postcode", InputKind::Text),
                field("billing_country", "Billing country", InputKind::Text),
                field("service_street", "Service street", InputKind::Text),
                field("service_city", "Service city", InputKind::Text),
                field("service_region", "Service region", InputKind::Text),
                field("service_postal_code", "Service postcode", InputKind::Text),
                field("service_country", "Service country", InputKind::Text),
                field("tags", "Tags", InputKind::Tags),
                field("notes", "Notes", InputKind::Notes),
            ],
        ),
        (
            FormKind::Contact,
            &[
                field("first_name", "First name", InputKind::Text),
                field("last_name", "Last name", InputKind::Text),
                field("email", "Email", InputKind::Text),
                field("phone", "Phone", InputKind::Text),
                field("mobile_phone", "Mobile phone", InputKind::Text),
                field("title", "Title", InputKind::Text),
                field("company_id", "Company", InputKind::Ref(RefKind::Company)),
                field("is_primary", "Primary contact", InputKind::Bool),
                field(
                    "preferred_channel",
                    "Preferred channel",
                    InputKind::Choice(&["email", "phone", "sms", "none"]),
                ),
                field("do_not_contact", "Do not contact", InputKind::Bool),
                field("owner_id", "Owner", InputKind::Ref(RefKind::User)),
                field("tags", "Tags", InputKind::Tags),
                field("notes", "Notes", InputKind::Notes),
            ],
        ),
        (
            FormKind::Deal,
            &[
                field("title", "Title", InputKind::Text),
                field("stage_id", "Stage", InputKind::Ref(RefKind::Stage)),
                field("company_id", "Company", InputKind::Ref(RefKind::Company)),
                field("contact_id", "Contact", InputKind::Ref(RefKind::Contact)),
                field("value", "Value", InputKind::Text),
                field("currency", "Currency", InputKind::Text),
                field("expected_close", "Expected close", InputKind::Text).dated(WhenKind::Day),
                field("probability", "Probability %", InputKind::Text),
                field(
                    "priority",
                    "Priority",
                    InputKind::Choice(&["low", "medium", "high"]),
                ),
                field("owner_id", "Owner", InputKind::Ref(RefKind::User)),
                field("lost_reason", "Lost reason", InputKind::Text),
                field("tags", "Tags", InputKind::Tags),
            ],
        ),
        (
            FormKind::Activity,
            &[
                field(
                    "kind",
                    "Kind",
                    InputKind::Choice(&["call", "email", "meeting", "note", "task"]),
                ),
                field("subject", "Subject", InputKind::Text),
                field("due_at", "Due (+2d, tomorrow 9:00)", InputKind::Text)
                    .dated(WhenKind::Moment),
                field("company_id", "Company", InputKind::Ref(RefKind::Company)),
                field("contact_id", "Contact", InputKind::Ref(RefKind::Contact)),
                field("deal_id", "Deal", InputKind::Ref(RefKind::Deal)),
                field(
                    "outcome",
                    "Outcome",
                    InputKind::Choice(&["", "positive", "neutral", "negative"]),
                ),
                field("done", "Done", InputKind::Bool),
                field("owner_id", "Owner", InputKind::Ref(RefKind::User)),
                field("assignee_id", "Assignee", InputKind::Ref(RefKind::User)),
                field("body", "Notes", InputKind::Notes),
            ],
        ),
        (
            FormKind::Stage,
            &[
                field("name", "Name", InputKind::Text),
                field("kind", "Kind", InputKind::Choice(&["open", "won", "lost"])),
                field("probability", "Probability %", InputKind::Text),
                field("color", "Colour", InputKind::Text),
                field("active", "Active (on the board)", InputKind::Bool),
            ],
        ),
    ];
    for (kind, want) in cases {
        assert_eq!(kind.fields(), *want, "{kind:?}");
    }
}
