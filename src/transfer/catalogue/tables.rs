//! The header spellings of companies and contacts, and the columns every entity shares: each rolo
//! field with what other tools call it (already normalized, see [`super::normalize_header`]). The
//! order is the order of the export's columns where the export has them.

use super::Slot::*;
use super::{spec, Spec};

pub(super) const RECORD: [Spec; 3] = [
    spec("id", RecordId, &["recordid", "roloid", "uuid"]),
    spec(
        "created_at",
        CreatedAt,
        &[
            "created",
            "createdate",
            "createddate",
            "datecreated",
            "createdon",
            "addtime",
        ],
    ),
    spec(
        "updated_at",
        UpdatedAt,
        &[
            "updated",
            "lastmodifieddate",
            "lastmodified",
            "modified",
            "updatetime",
            "lastupdated",
        ],
    ),
];

pub(super) const OWNER: Spec = spec(
    "owner",
    Ref(super::Ref::Owner),
    &[
        "ownerid",
        "owneremail",
        "contactowner",
        "companyowner",
        "dealowner",
        "accountowner",
        "opportunityowner",
        "assignedowner",
        "salesrep",
    ],
);

pub(super) const TAGS: Spec = spec(
    "tags",
    Tags,
    &["tag", "labels", "label", "categories", "groups"],
);

const NOTES: Spec = spec(
    "notes",
    Field,
    &["note", "description", "comments", "about"],
);

/// A contact's, deal's or activity's company by name: the spellings all three share, then
/// (`$own`) those only one of them has.
macro_rules! company_ref {
    ($($own:literal),*) => {
        spec(
            "company",
            Ref(super::Ref::Company),
            &["companyname", "organization", "organisation", "account", "accountname", $($own),*],
        )
    };
}

/// A deal's or activity's contact by email or name: the spellings both share, then (`$own`)
/// those only one of them has.
macro_rules! contact_ref {
    ($($own:literal),*) => {
        spec(
            "contact",
            Ref(super::Ref::Contact),
            &["contactemail", "contactperson", "person", $($own),*],
        )
    };
}
pub(super) use {company_ref, contact_ref};

/// A related company or contact by id: rolo's (a UUID) or, in another tool's export, that tool's.
pub(super) const COMPANY_ID: Spec = spec(
    "company_id",
    RefId(super::Ref::Company),
    &[
        "associatedcompanyid",
        "associatedcompanyids",
        "accountid",
        "organizationid",
        "orgid",
    ],
);
pub(super) const CONTACT_ID: Spec = spec(
    "contact_id",
    RefId(super::Ref::Contact),
    &["associatedcontactid", "associatedcontactids", "personid"],
);

/// Another tool's id of the record and that tool's name (see `domain::external`).
pub(super) const EXTERNAL: [Spec; 2] = [
    spec("external_source", ExternalSource, &[]),
    spec("external_id", ExternalId, &["externalreference"]),
];

pub const COMPANIES: &[Spec] = &[
    RECORD[0],
    spec(
        "name",
        Field,
        &[
            "companyname",
            "company",
            "accountname",
            "account",
            "organization",
            "organisation",
            "organizationname",
            "orgname",
        ],
    ),
    spec(
        "domain",
        Field,
        &[
            "companydomainname",
            "domainname",
            "websitedomain",
            "emaildomain",
        ],
    ),
    spec(
        "website",
        Field,
        &["websiteurl", "url", "web", "homepage", "site"],
    ),
    spec("industry", Field, &["sector", "vertical"]),
    spec("size", Field, &["companysize"]),
    spec("status", Field, &["companystatus", "accountstatus"]),
    spec("category", Field, &["companytype", "accounttype", "type"]),
    spec(
        "phone",
        Phone,
        &[
            "phonenumber",
            "companyphone",
            "mainphone",
            "telephone",
            "tel",
        ],
    ),
    spec(
        "email",
        Field,
        &["emailaddress", "companyemail", "generalemail"],
    ),
    spec(
        "billing_street",
        Field,
        &[
            "street",
            "streetaddress",
            "address",
            "address1",
            "addressline1",
            "billingaddress",
        ],
    ),
    spec("billing_city", Field, &["city", "town"]),
    spec(
        "billing_region",
        Field,
        &[
            "region",
            "state",
            "stateregion",
            "province",
            "county",
            "billingstate",
            "billingstateprovince",
        ],
    ),
    spec(
        "billing_postal_code",
        Field,
        &[
            "postalcode",
            "postcode",
            "zip",
            "zipcode",
            "billingzip",
            "billingzippostalcode",
        ],
    ),
    spec("billing_country", Field, &["country", "countryregion"]),
    spec(
        "service_street",
        Field,
        &["shippingstreet", "shippingaddress"],
    ),
    spec("service_city", Field, &["shippingcity"]),
    spec(
        "service_region",
        Field,
        &["shippingstate", "shippingstateprovince"],
    ),
    spec(
        "service_postal_code",
        Field,
        &["shippingzip", "shippingzippostalcode", "shippingpostalcode"],
    ),
    spec("service_country", Field, &["shippingcountry"]),
    spec("currency", Field, &["currencycode", "currencyisocode"]),
    spec("annual_revenue", Money, &["revenue", "yearlyrevenue"]),
    spec(
        "employee_count",
        Field,
        &["employees", "numberofemployees", "headcount"],
    ),
    spec(
        "parent",
        Ref(super::Ref::Parent),
        &["parentcompany", "parentaccount", "parentorganization"],
    ),
    spec("parent_id", RefId(super::Ref::Parent), &["parentcompanyid"]),
    OWNER,
    NOTES,
    TAGS,
    EXTERNAL[0],
    EXTERNAL[1],
    RECORD[1],
    RECORD[2],
];

pub const CONTACTS: &[Spec] = &[
    RECORD[0],
    spec("first_name", Field, &["givenname", "first", "forename"]),
    spec("last_name", Field, &["familyname", "surname", "last"]),
    spec(
        "full_name",
        FullName,
        &["name", "contactname", "displayname", "person"],
    ),
    spec(
        "email",
        Field,
        &[
            "emailaddress",
            "email1value",
            "email1",
            "emailaddress1",
            "primaryemail",
            "workemail",
            "businessemail",
            "emailwork",
        ],
    ),
    spec(
        "phone",
        Phone,
        &[
            "phonenumber",
            "phone1value",
            "phone1",
            "businessphone",
            "workphone",
            "primaryphone",
            "phonework",
            "telephone",
            "tel",
        ],
    ),
    spec(
        "mobile_phone",
        Phone,
        &[
            "mobile",
            "mobilephonenumber",
            "cellphone",
            "cell",
            "phonemobile",
        ],
    ),
    spec(
        "title",
        Field,
        &["jobtitle", "position", "organization1title", "role"],
    ),
    company_ref!(
        "organization1name",
        "organizationname",
        "employer",
        "associatedcompany"
    ),
    COMPANY_ID,
    spec("is_primary", Field, &["primary", "primarycontact"]),
    spec("preferred_channel", Field, &["channel", "contactmethod"]),
    spec("do_not_contact", Field, &["dnc", "donotcall", "optout"]),
    OWNER,
    NOTES,
    TAGS,
    EXTERNAL[0],
    EXTERNAL[1],
    RECORD[1],
    RECORD[2],
];
