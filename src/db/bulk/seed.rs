//! The synthetic seed's writes: a batch of new records as one multi-row `INSERT` of their models
//! (on both backends; Diesel's `MultiConnection` cannot batch-insert, hence the dispatch), and
//! dropping the secondary indexes of every table it loads, to build them again once at the end.
//! The import's bulk writes (binary `COPY` on PostgreSQL) are `flat` and `indexes`.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::models::{NewActivity, NewCompany, NewContact, NewDeal, NewUser};
use crate::db::schema::{activities, companies, contacts, deals, users};
use crate::db::{DbConn, DbError};
use crate::domain::UserId;

/// Insert one batch as a multi-row INSERT, dispatched per backend.
macro_rules! insert_batch {
    ($conn:expr, $table:path, $rows:expr) => {{
        let rows = $rows;
        match $conn {
            DbConn::Sqlite(c) => diesel::insert_into($table).values(rows).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into($table).values(rows).execute(c)?,
        }
    }};
}

pub fn insert_users(conn: &mut DbConn, rows: &[NewUser]) -> Result<usize, DbError> {
    Ok(insert_batch!(conn, users::table, rows))
}

pub fn insert_companies(conn: &mut DbConn, rows: &[NewCompany]) -> Result<usize, DbError> {
    Ok(insert_batch!(conn, companies::table, rows))
}

pub fn insert_contacts(conn: &mut DbConn, rows: &[NewContact]) -> Result<usize, DbError> {
    Ok(insert_batch!(conn, contacts::table, rows))
}

pub fn insert_deals(conn: &mut DbConn, rows: &[NewDeal]) -> Result<usize, DbError> {
    Ok(insert_batch!(conn, deals::table, rows))
}

pub fn insert_activities(conn: &mut DbConn, rows: &[NewActivity]) -> Result<usize, DbError> {
    Ok(insert_batch!(conn, activities::table, rows))
}

/// Whether a user with this id exists (deleted or not).
pub fn user_exists(conn: &mut DbConn, id: UserId) -> Result<bool, DbError> {
    let n: i64 = users::table
        .filter(users::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A secondary index: its name and the statement that creates it.
#[derive(QueryableByName)]
struct IndexDef {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    def: String,
}

/// The tables the synthetic seed loads (fixed names, never user input).
const SEEDED_TABLES: &str =
    "'companies', 'contacts', 'deals', 'activities', 'company_tags', 'contact_tags', 'deal_tags'";

/// Drop the secondary indexes of the seeded tables (primary keys and constraints stay); returns
/// them as (name, CREATE statement) for [`create_indexes`].
pub fn drop_indexes(conn: &mut DbConn) -> Result<Vec<(String, String)>, DbError> {
    let sql = match conn {
        DbConn::Sqlite(_) => format!(
            "SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({SEEDED_TABLES})"
        ),
        DbConn::Pg(_) => format!(
            "SELECT indexname::text AS name, indexdef::text AS def FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ({SEEDED_TABLES}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ),
    };
    let defs: Vec<IndexDef> = diesel::sql_query(sql).load(conn)?;
    for d in &defs {
        conn.batch_execute(&format!("DROP INDEX \"{}\"", d.name.replace('"', "")))?;
    }
    Ok(defs.into_iter().map(|d| (d.name, d.def)).collect())
}

/// Build again the indexes [`drop_indexes`] dropped.
pub fn create_indexes(conn: &mut DbConn, dropped: &[(String, String)]) -> Result<(), DbError> {
    for (_, create) in dropped {
        conn.batch_execute(create)?;
    }
    Ok(())
}
