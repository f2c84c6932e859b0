//! New records as flat rows of their table's columns, borrowing from the models. PostgreSQL's
//! binary `COPY` (Diesel's `copy_from`) takes only flat insertables, and the models embed their
//! fields; SQLite's multi-row `INSERT` uses the same rows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{NewActivity, NewCompany, NewContact, NewDeal};
use crate::db::schema::{activities, companies, contacts, deals};
use crate::db::{DbConn, DbError};
use crate::domain::{
    ActivityId, ActivityKind, Channel, CompanyId, CompanySize, CompanyStatus, ContactId, DealId,
    DealStatus, Outcome, Priority, StageId, UserId,
};

#[derive(Insertable)]
#[diesel(table_name = companies, treat_none_as_default_value = false)]
pub struct CompanyRow<'a> {
    id: CompanyId,
    name: &'a str,
    domain: Option<&'a str>,
    website: Option<&'a str>,
    industry: Option<&'a str>,
    size: Option<CompanySize>,
    status: CompanyStatus,
    category: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    billing_street: Option<&'a str>,
    billing_city: Option<&'a str>,
    billing_region: Option<&'a str>,
    billing_postal_code: Option<&'a str>,
    billing_country: Option<&'a str>,
    service_street: Option<&'a str>,
    service_city: Option<&'a str>,
    service_region: Option<&'a str>,
    service_postal_code: Option<&'a str>,
    service_country: Option<&'a str>,
    annual_revenue: Option<i64>,
    currency: &'a str,
    employee_count: Option<i32>,
    parent_id: Option<CompanyId>,
    owner_id: Option<UserId>,
    notes: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

pub const COMPANY_COLUMNS: usize = 28;

impl<'a> From<&'a NewCompany> for CompanyRow<'a> {
    fn from(n: &'a NewCompany) -> Self {
        let f = &n.fields;
        CompanyRow {
            id: n.id,
            name: &f.name,
            domain: f.domain.as_deref(),
            website: f.website.as_deref(),
            industry: f.industry.as_deref(),
            size: f.size,
            status: f.status,
            category: f.category.as_deref(),
            phone: f.phone.as_deref(),
            email: f.email.as_deref(),
            billing_street: f.billing_street.as_deref(),
            billing_city: f.billing_city.as_deref(),
            billing_region: f.billing_region.as_deref(),
            billing_postal_code: f.billing_postal_code.as_deref(),
            billing_country: f.billing_country.as_deref(),
            service_street: f.service_street.as_deref(),
            service_city: f.service_city.as_deref(),
            service_region: f.service_region.as_deref(),
            service_postal_code: f.service_postal_code.as_deref(),
            service_country: f.service_country.as_deref(),
            annual_revenue: f.annual_revenue,
            currency: &f.currency,
            employee_count: f.employee_count,
            parent_id: f.parent_id,
            owner_id: f.owner_id,
            notes: f.notes.as_deref(),
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
pub struct ContactRow<'a> {
    id: ContactId,
    company_id: Option<CompanyId>,
    first_name: &'a str,
    last_name: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    mobile_phone: Option<&'a str>,
    title: Option<&'a str>,
    is_primary: bool,
    preferred_channel: Channel,
    do_not_contact: bool,
    owner_id: Option<UserId>,
    notes: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

pub const CONTACT_COLUMNS: usize = 15;

impl<'a> From<&'a NewContact> for ContactRow<'a> {
    fn from(n: &'a NewContact) -> Self {
        let f = &n.fields;
        ContactRow {
            id: n.id,
            company_id: f.company_id,
            first_name: &f.first_name,
            last_name: f.last_name.as_deref(),
            email: f.email.as_deref(),
            phone: f.phone.as_deref(),
            mobile_phone: f.mobile_phone.as_deref(),
            title: f.title.as_deref(),
            is_primary: f.is_primary,
            preferred_channel: f.preferred_channel,
            do_not_contact: f.do_not_contact,
            owner_id: f.owner_id,
            notes: f.notes.as_deref(),
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = deals, treat_none_as_default_value = false)]
pub struct DealRow<'a> {
    id: DealId,
    title: &'a str,
    company_id: Option<CompanyId>,
    contact_id: Option<ContactId>,
    stage_id: StageId,
    value: i64,
    currency: &'a str,
    expected_close: Option<NaiveDate>,
    probability: Option<i32>,
    status: DealStatus,
    priority: Priority,
    owner_id: Option<UserId>,
    lost_reason: Option<&'a str>,
    closed_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

pub const DEAL_COLUMNS: usize = 16;

impl<'a> From<&'a NewDeal> for DealRow<'a> {
    fn from(n: &'a NewDeal) -> Self {
        let f = &n.fields;
        DealRow {
            id: n.id,
            title: &f.title,
            company_id: f.company_id,
            contact_id: f.contact_id,
            stage_id: f.stage_id,
            value: f.value,
            currency: &f.currency,
            expected_close: f.expected_close,
            probability: f.probability,
            status: f.status,
            priority: f.priority,
            owner_id: f.owner_id,
            lost_reason: f.lost_reason.as_deref(),
            closed_at: f.closed_at,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = activities, treat_none_as_default_value = false)]
pub struct ActivityRow<'a> {
    id: ActivityId,
    kind: ActivityKind,
    subject: &'a str,
    body: Option<&'a str>,
    outcome: Option<Outcome>,
    company_id: Option<CompanyId>,
    contact_id: Option<ContactId>,
    deal_id: Option<DealId>,
    owner_id: Option<UserId>,
    assignee_id: Option<UserId>,
    due_at: Option<NaiveDateTime>,
    completed_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

pub const ACTIVITY_COLUMNS: usize = 14;

impl<'a> From<&'a NewActivity> for ActivityRow<'a> {
    fn from(n: &'a NewActivity) -> Self {
        let f = &n.fields;
        ActivityRow {
            id: n.id,
            kind: f.kind,
            subject: &f.subject,
            body: f.body.as_deref(),
            outcome: f.outcome,
            company_id: f.company_id,
            contact_id: f.contact_id,
            deal_id: f.deal_id,
            owner_id: f.owner_id,
            assignee_id: f.assignee_id,
            due_at: f.due_at,
            completed_at: f.completed_at,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

/// Bulk-insert new records of one table through their flat rows.
macro_rules! insert_flat {
    ($conn:expr, $table:expr, $rows:expr, $flat:ident, $columns:expr) => {{
        let flat: Vec<$crate::db::bulk::flat::$flat<'_>> = $rows.iter().map(Into::into).collect();
        $crate::db::repo::import::bulk_insert!($conn, $table, &flat[..], $columns);
    }};
}

/// Bulk-insert new companies.
pub fn insert_companies(conn: &mut DbConn, rows: &[NewCompany]) -> Result<(), DbError> {
    insert_flat!(conn, companies::table, rows, CompanyRow, COMPANY_COLUMNS);
    Ok(())
}

/// Bulk-insert new contacts.
pub fn insert_contacts(conn: &mut DbConn, rows: &[NewContact]) -> Result<(), DbError> {
    insert_flat!(conn, contacts::table, rows, ContactRow, CONTACT_COLUMNS);
    Ok(())
}

/// Bulk-insert new deals.
pub fn insert_deals(conn: &mut DbConn, rows: &[NewDeal]) -> Result<(), DbError> {
    insert_flat!(conn, deals::table, rows, DealRow, DEAL_COLUMNS);
    Ok(())
}

/// Bulk-insert new activities.
pub fn insert_activities(conn: &mut DbConn, rows: &[NewActivity]) -> Result<(), DbError> {
    insert_flat!(conn, activities::table, rows, ActivityRow, ACTIVITY_COLUMNS);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityDraft, ActivityKind, CompanyDraft, ContactDraft, DealDraft};
    use diesel::sqlite::Sqlite;

    /// Bound values in one flat row's INSERT, as SQLite is sent it.
    fn binds<Q: diesel::query_builder::QueryFragment<Sqlite>>(q: Q) -> usize {
        let sql = diesel::debug_query::<Sqlite, _>(&q).to_string();
        let statement = sql.split(" -- binds:").next().unwrap_or_default();
        statement.matches('?').count()
    }

    /// The column counts that size SQLite's multi-row INSERTs (under its bind limit) are written
    /// by hand: each must be what its flat row really binds, so a new field can't overrun it.
    #[test]
    fn the_column_counts_are_the_rows_bound_values() {
        let now = crate::domain::clock::now();
        let company = NewCompany {
            id: Default::default(),
            fields: CompanyDraft::new("Acme").into(),
            created_at: now,
            updated_at: now,
        };
        let contact = NewContact {
            id: Default::default(),
            fields: ContactDraft::new("Ann").into(),
            created_at: now,
            updated_at: now,
        };
        let deal = NewDeal {
            id: Default::default(),
            fields: DealDraft::new("Big", Default::default()).into(),
            created_at: now,
            updated_at: now,
        };
        let activity = NewActivity {
            id: Default::default(),
            fields: ActivityDraft::new(ActivityKind::Call, "Call").into(),
            created_at: now,
            updated_at: now,
        };
        let company = CompanyRow::from(&company);
        let contact = ContactRow::from(&contact);
        let deal = DealRow::from(&deal);
        let activity = ActivityRow::from(&activity);
        assert_eq!(
            binds(diesel::insert_into(companies::table).values(&company)),
            COMPANY_COLUMNS
        );
        assert_eq!(
            binds(diesel::insert_into(contacts::table).values(&contact)),
            CONTACT_COLUMNS
        );
        assert_eq!(
            binds(diesel::insert_into(deals::table).values(&deal)),
            DEAL_COLUMNS
        );
        assert_eq!(
            binds(diesel::insert_into(activities::table).values(&activity)),
            ACTIVITY_COLUMNS
        );
    }
}
