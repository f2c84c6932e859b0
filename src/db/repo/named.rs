//! Live records found by an exact natural key: what `--set company=Acme` names on the command
//! line, and what makes the demo seed find its own records again instead of adding them twice.
//! Exact comparisons (the caller lower-cases emails and domains, which are stored lower-case);
//! the importer's folded, batched lookups are `lookup`.

use diesel::prelude::*;

use crate::db::schema::{activities, companies, contacts, deals, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, Id};

/// Most matches a reference by name reports (more means "give the id").
const MATCHES: i64 = 10;

/// Live users with this email.
pub fn users_by_email(conn: &mut DbConn, email: &str) -> Result<Vec<Id>, DbError> {
    Ok(users::table
        .filter(users::deleted_at.is_null())
        .filter(users::email.eq(email))
        .select(users::id)
        .load(conn)?)
}

/// Live companies named `name` or with the domain `domain` (at most ten).
pub fn companies_by_name_or_domain(
    conn: &mut DbConn,
    name: &str,
    domain: &str,
) -> Result<Vec<Id>, DbError> {
    Ok(companies::table
        .filter(companies::deleted_at.is_null())
        .filter(companies::name.eq(name).or(companies::domain.eq(domain)))
        .select(companies::id)
        .limit(MATCHES)
        .load(conn)?)
}

/// Live contacts with this email (at most ten).
pub fn contacts_by_email(conn: &mut DbConn, email: &str) -> Result<Vec<Id>, DbError> {
    Ok(contacts::table
        .filter(contacts::deleted_at.is_null())
        .filter(contacts::email.eq(email))
        .select(contacts::id)
        .limit(MATCHES)
        .load(conn)?)
}

/// Live deals titled `title` (at most ten).
pub fn deals_by_title(conn: &mut DbConn, title: &str) -> Result<Vec<Id>, DbError> {
    Ok(deals::table
        .filter(deals::deleted_at.is_null())
        .filter(deals::title.eq(title))
        .select(deals::id)
        .limit(MATCHES)
        .load(conn)?)
}

/// The first live company named `name`.
pub fn company_named(conn: &mut DbConn, name: &str) -> Result<Option<CompanyId>, DbError> {
    Ok(companies::table
        .filter(companies::name.eq(name))
        .filter(companies::deleted_at.is_null())
        .select(companies::id)
        .first(conn)
        .optional()?)
}

/// The first live contact with this email.
pub fn contact_with_email(conn: &mut DbConn, email: &str) -> Result<Option<ContactId>, DbError> {
    Ok(contacts::table
        .filter(contacts::email.eq(email))
        .filter(contacts::deleted_at.is_null())
        .select(contacts::id)
        .first(conn)
        .optional()?)
}

/// The first live deal titled `title`.
pub fn deal_titled(conn: &mut DbConn, title: &str) -> Result<Option<DealId>, DbError> {
    Ok(deals::table
        .filter(deals::title.eq(title))
        .filter(deals::deleted_at.is_null())
        .select(deals::id)
        .first(conn)
        .optional()?)
}

/// Whether a live activity has this subject.
pub fn activity_with_subject(conn: &mut DbConn, subject: &str) -> Result<bool, DbError> {
    let n: i64 = activities::table
        .filter(activities::subject.eq(subject))
        .filter(activities::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
