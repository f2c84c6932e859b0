//! Lookups of the records an imported row refers to, by name or id: the import resolves a batch of
//! rows' references with one of these per kind (the caller passes at most a few thousand keys).
//! Names compare folded (case- and accent-insensitive); only live records are found.

use diesel::prelude::*;

use crate::db::fold::Folded;
use crate::db::schema::{companies, contacts, deals, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, UserId};

/// A contact as a reference: id, first name, last name, email and company.
pub type ContactName = (
    ContactId,
    String,
    Option<String>,
    Option<String>,
    Option<CompanyId>,
);

/// Every live user: id, email and name.
pub fn live_users(conn: &mut DbConn) -> Result<Vec<(UserId, String, String)>, DbError> {
    Ok(users::table
        .filter(users::deleted_at.is_null())
        .select((users::id, users::email, users::name))
        .load(conn)?)
}

/// Those of `ids` that are live companies.
pub fn live_company_ids(conn: &mut DbConn, ids: &[CompanyId]) -> Result<Vec<CompanyId>, DbError> {
    Ok(companies::table
        .filter(companies::id.eq_any(ids))
        .filter(companies::deleted_at.is_null())
        .select(companies::id)
        .load::<CompanyId>(conn)?)
}

/// Those of `ids` that are live contacts, each with its company.
pub fn live_contact_companies(
    conn: &mut DbConn,
    ids: &[ContactId],
) -> Result<Vec<(ContactId, Option<CompanyId>)>, DbError> {
    Ok(contacts::table
        .filter(contacts::id.eq_any(ids))
        .filter(contacts::deleted_at.is_null())
        .select((contacts::id, contacts::company_id))
        .load::<(ContactId, Option<CompanyId>)>(conn)?)
}

/// Those of `ids` that are live deals.
pub fn live_deal_ids(conn: &mut DbConn, ids: &[DealId]) -> Result<Vec<DealId>, DbError> {
    Ok(deals::table
        .filter(deals::id.eq_any(ids))
        .filter(deals::deleted_at.is_null())
        .select(deals::id)
        .load::<DealId>(conn)?)
}

/// Live companies whose folded name or domain is one of `keys`: id, name and domain.
pub fn companies_named(
    conn: &mut DbConn,
    keys: &[String],
) -> Result<Vec<(CompanyId, String, Option<String>)>, DbError> {
    Ok(companies::table
        .filter(companies::deleted_at.is_null())
        .filter(
            Folded(companies::name)
                .eq_any(keys)
                .or(Folded(companies::domain).eq_any(keys)),
        )
        .select((companies::id, companies::name, companies::domain))
        .load(conn)?)
}

const CONTACT_NAME: (
    contacts::id,
    contacts::first_name,
    contacts::last_name,
    contacts::email,
    contacts::company_id,
) = (
    contacts::id,
    contacts::first_name,
    contacts::last_name,
    contacts::email,
    contacts::company_id,
);

/// Live contacts whose folded email is one of `keys`.
pub fn contacts_by_email(conn: &mut DbConn, keys: &[String]) -> Result<Vec<ContactName>, DbError> {
    Ok(contacts::table
        .filter(contacts::deleted_at.is_null())
        .filter(Folded(contacts::email).eq_any(keys))
        .select(CONTACT_NAME)
        .load::<ContactName>(conn)?)
}

/// Live contacts whose folded first name is one of `keys` (the caller compares last names).
pub fn contacts_by_first_name(
    conn: &mut DbConn,
    keys: &[String],
) -> Result<Vec<ContactName>, DbError> {
    Ok(contacts::table
        .filter(contacts::deleted_at.is_null())
        .filter(Folded(contacts::first_name).eq_any(keys))
        .select(CONTACT_NAME)
        .load::<ContactName>(conn)?)
}

/// Live deals whose folded title is one of `keys`: id and title.
pub fn deals_titled(conn: &mut DbConn, keys: &[String]) -> Result<Vec<(DealId, String)>, DbError> {
    Ok(deals::table
        .filter(deals::deleted_at.is_null())
        .filter(Folded(deals::title).eq_any(keys))
        .select((deals::id, deals::title))
        .load(conn)?)
}
