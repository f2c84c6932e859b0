//! The lookups of the import's duplicate matching: live records whose folded (case- and
//! accent-insensitive) column is one of many keys, and records by id, live or deleted. Keys and ids
//! go in chunks of 5,000 (SQLite's bound-value limit).

use diesel::prelude::*;

use crate::db::fold::Folded;
use crate::db::models::{Activity, Company, Contact, Deal, NewStage, NewUser, Stage, User};
use crate::db::schema::{activities, companies, contacts, deals, pipeline_stages, users};
use crate::db::{DbConn, DbError};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Id, StageId, UserId};

const CHUNK: usize = 5_000;

/// `fn $name(conn, keys)`: live rows of `$table` whose folded `$column` is one of `keys`.
macro_rules! live_by_folded {
    ($(#[$doc:meta])* $name:ident, $table:ident, $row:ty, $column:ident) => {
        $(#[$doc])*
        pub fn $name(conn: &mut DbConn, keys: &[String]) -> Result<Vec<$row>, DbError> {
            let mut out = Vec::new();
            for chunk in keys.chunks(CHUNK) {
                out.extend(
                    $table::table
                        .filter($table::deleted_at.is_null())
                        .filter(Folded($table::$column).eq_any(chunk))
                        .select(<$row>::as_select())
                        .load::<$row>(conn)?,
                );
            }
            Ok(out)
        }
    };
}

live_by_folded!(companies_by_domain, companies, Company, domain);
live_by_folded!(companies_by_email, companies, Company, email);
live_by_folded!(companies_by_name, companies, Company, name);
live_by_folded!(contacts_by_email, contacts, Contact, email);
live_by_folded!(
    /// The candidates of a match by full name: the caller compares the last names.
    contacts_by_first_name,
    contacts,
    Contact,
    first_name
);
live_by_folded!(deals_by_title, deals, Deal, title);
live_by_folded!(activities_by_subject, activities, Activity, subject);
live_by_folded!(users_by_email, users, User, email);

/// `fn $name(conn, ids)`: the rows of `$table` with these ids, live or deleted.
macro_rules! by_ids {
    ($name:ident, $table:ident, $row:ty, $idty:ident) => {
        pub fn $name(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<$row>, DbError> {
            let mut out = Vec::new();
            for chunk in ids.chunks(CHUNK) {
                let ids: Vec<$idty> = chunk.iter().map(|i| $idty(*i)).collect();
                out.extend(
                    $table::table
                        .filter($table::id.eq_any(ids))
                        .select(<$row>::as_select())
                        .load::<$row>(conn)?,
                );
            }
            Ok(out)
        }
    };
}

by_ids!(companies_by_ids, companies, Company, CompanyId);
by_ids!(contacts_by_ids, contacts, Contact, ContactId);
by_ids!(deals_by_ids, deals, Deal, DealId);
by_ids!(activities_by_ids, activities, Activity, ActivityId);
by_ids!(users_by_ids, users, User, UserId);
by_ids!(stages_by_ids, pipeline_stages, Stage, StageId);

/// Insert new users one row at a time: users are few, and PostgreSQL's `COPY` wants flat rows.
pub fn insert_users(conn: &mut DbConn, rows: &[NewUser]) -> Result<(), DbError> {
    for row in rows {
        diesel::insert_into(users::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Insert new pipeline stages one row at a time (stages are few).
pub fn insert_stages(conn: &mut DbConn, rows: &[NewStage]) -> Result<(), DbError> {
    for row in rows {
        diesel::insert_into(pipeline_stages::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
