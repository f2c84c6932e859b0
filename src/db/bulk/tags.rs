//! Tag links in bulk: the `company_tags`, `contact_tags` and `deal_tags` rows of many records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::repo::import::bulk_insert;
use crate::db::schema::{company_tags, contact_tags, deal_tags};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, TagId, Tagged};

#[derive(Insertable)]
#[diesel(table_name = company_tags, treat_none_as_default_value = false)]
struct CompanyTag {
    company_id: CompanyId,
    tag_id: TagId,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = contact_tags, treat_none_as_default_value = false)]
struct ContactTag {
    contact_id: ContactId,
    tag_id: TagId,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = deal_tags, treat_none_as_default_value = false)]
struct DealTag {
    deal_id: DealId,
    tag_id: TagId,
    created_at: NaiveDateTime,
}

/// Link each record to its tag, all created at `created_at`.
pub fn insert_links(
    conn: &mut DbConn,
    links: impl IntoIterator<Item = (Tagged, TagId)>,
    created_at: NaiveDateTime,
) -> Result<(), DbError> {
    let mut companies = Vec::new();
    let mut contacts = Vec::new();
    let mut deals = Vec::new();
    for (target, tag_id) in links {
        match target {
            Tagged::Company(company_id) => companies.push(CompanyTag {
                company_id,
                tag_id,
                created_at,
            }),
            Tagged::Contact(contact_id) => contacts.push(ContactTag {
                contact_id,
                tag_id,
                created_at,
            }),
            Tagged::Deal(deal_id) => deals.push(DealTag {
                deal_id,
                tag_id,
                created_at,
            }),
        }
    }
    bulk_insert!(conn, company_tags::table, &companies[..], 3);
    bulk_insert!(conn, contact_tags::table, &contacts[..], 3);
    bulk_insert!(conn, deal_tags::table, &deals[..], 3);
    Ok(())
}
