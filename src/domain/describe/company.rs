//! Companies.

use super::{col, field, sort, text, EntityDesc, FieldDesc, FieldType::*};
use super::{CREATED, CREATED_SORT, EXTERNAL_ID, EXTERNAL_SOURCE, UPDATED, UPDATED_SORT};
use crate::domain::{CompanySize, CompanyStatus, Entity};

/// A billing address part: filtered under its short name, which `set` also takes.
const fn billing(
    name: &'static str,
    label: &'static str,
    short: &'static [&'static str],
) -> FieldDesc {
    FieldDesc {
        aliases: short,
        filter: Some(short[0]),
        ..text(name, label)
    }
}

pub(super) const DESC: EntityDesc = EntityDesc {
    entity: Entity::Companies,
    singular: "company",
    plural: "companies",
    fields: &[
        FieldDesc {
            optional: false,
            ..field("name", "Name", Text)
        },
        field("domain", "Domain", Text),
        field("website", "Website", Url),
        field("industry", "Industry", Text),
        field("size", "Size", Enum(CompanySize::NAMES)),
        FieldDesc {
            optional: false,
            ..field("status", "Status", Enum(CompanyStatus::NAMES))
        },
        field("category", "Category", Text),
        field("phone", "Phone", Phone),
        field("email", "Email", Email),
        FieldDesc {
            aliases: &["street"],
            ..text("billing_street", "Billing street")
        },
        billing("billing_city", "Billing city", &["city"]),
        billing("billing_region", "Billing region", &["region"]),
        billing("billing_postal_code", "Billing postcode", &["postal_code"]),
        billing("billing_country", "Billing country", &["country"]),
        text("service_street", "Service street"),
        text("service_city", "Service city"),
        text("service_region", "Service region"),
        text("service_postal_code", "Service postcode"),
        text("service_country", "Service country"),
        FieldDesc {
            optional: false,
            ..field("currency", "Currency", Text)
        },
        FieldDesc {
            aliases: &["revenue"],
            filter: Some("revenue"),
            ..field("annual_revenue", "Annual revenue", Money)
        },
        FieldDesc {
            aliases: &["employees"],
            filter: Some("employees"),
            ..field("employee_count", "Employees", Int)
        },
        FieldDesc {
            aliases: &["parent"],
            // filtered as the relation `parent.…`
            filter: None,
            ..field("parent_id", "Parent company", Ref(Entity::Companies))
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
        sort("name", "name", "name"),
        sort("industry", "industry", "industry"),
        sort("status", "status", "status"),
        sort("size", "size", "size"),
        sort("city", "city", "billing_city"),
        sort("country", "country", "billing_country"),
        CREATED_SORT,
        UPDATED_SORT,
    ],
    list: &[
        col("name", "NAME", 0),
        col("industry", "INDUSTRY", 0),
        col("status", "STATUS", 0),
        col("size", "SIZE", 0),
        col("billing_city", "CITY", 0),
        col("billing_country", "COUNTRY", 0),
    ],
    pane: &[
        super::pane_col("name", "Name", 16, 40),
        super::pane_col("industry", "Industry", 8, 16),
        super::pane_col("status", "Status", 8, 10),
        super::pane_col("size", "Size", 10, 10),
        super::pane_col("billing_city", "City", 8, 20),
        super::pane_col("owner_id", "Owner", 10, 20),
    ],
    form: &[
        "name",
        "domain",
        "website",
        "industry",
        "category",
        "status",
        "size",
        "phone",
        "email",
        "owner_id",
        "parent_id",
        "employee_count",
        "currency",
        "annual_revenue",
        "billing_street",
        "billing_city",
        "billing_region",
        "billing_postal_code",
        "billing_country",
        "service_street",
        "service_city",
        "service_region",
        "service_postal_code",
        "service_country",
        "tags",
        "notes",
    ],
};
