//! Values already in use, for the TUI's Tab completion of free-text filter fields
//! (`industry:` → the industries there are): distinct, of live records the acting user may see,
//! in alphabetical order, at most `limit` of each.

use diesel::prelude::*;

use crate::db::access::{predicate, Access, Scope};
use crate::db::conn::{DbConn, MultiBackend};
use crate::db::schema::companies;
use crate::db::DbError;
use crate::domain::Entity;

/// The companies' industries, cities and countries in use, by filter field name.
pub fn company_values(
    conn: &mut DbConn,
    access: &Access,
    limit: i64,
) -> Result<Vec<(&'static str, Vec<String>)>, DbError> {
    let scope = predicate(access, Entity::Companies);
    macro_rules! distinct {
        ($column:expr) => {{
            let mut q = companies::table
                .filter(companies::deleted_at.is_null())
                .filter($column.is_not_null())
                .select($column)
                .distinct()
                .order($column.asc())
                .limit(limit)
                .into_boxed::<MultiBackend>();
            if let Some(pieces) = &scope {
                q = q.filter(Scope(pieces.clone()));
            }
            q.load::<Option<String>>(conn)?
                .into_iter()
                .flatten()
                .filter(|v| !v.trim().is_empty())
                .collect::<Vec<String>>()
        }};
    }
    Ok(vec![
        ("industry", distinct!(companies::industry)),
        ("city", distinct!(companies::billing_city)),
        ("country", distinct!(companies::billing_country)),
    ])
}
