//! One repository module per entity. Every function takes `&mut DbConn` so callers compose
//! transactions; every write validates first, checks the version it was given, and records history
//! in the same transaction.

use diesel::expression::BoxableExpression;
use diesel::sql_types::{Bool, Nullable};

use super::conn::MultiBackend;

pub mod activity;
pub mod agenda;
pub mod batch;
pub mod board;
pub mod company;
pub mod contact;
pub mod deal;
pub mod export;
pub mod external;
pub mod history;
pub mod import;
pub mod login;
pub mod lookup;
pub mod matching;
pub mod named;
pub mod names;
mod order;
mod page;
pub mod stage;
pub mod suggest;
pub mod tag;
pub mod team;
pub mod user;
pub mod view;

pub(crate) use order::ordered_page;
pub use order::{rank_sql, ranked, OWNER_NAME, STAGE_POSITION};
pub use page::{Cursor, ListQuery, Liveness, Page, SortValue};

/// A compiled filter over table `T`: what the filter language lowers to, and what `list`/`count` take.
/// It can be copied ([`PredicateExpr::boxed_clone`]), so a listing may run it in more than one
/// statement (a sort whose column has NULLs pages through the set values, then the blanks).
pub type Predicate<T> = Box<dyn PredicateExpr<T>>;

/// A boolean expression over table `T` that can be boxed again: every filter the code builds
/// (compiled filters, column comparisons) is `Clone`.
pub trait PredicateExpr<T>: BoxableExpression<T, MultiBackend, SqlType = Nullable<Bool>> {
    /// A boxed copy.
    fn boxed_clone(&self) -> Predicate<T>;
}

impl<T, E> PredicateExpr<T> for E
where
    E: BoxableExpression<T, MultiBackend, SqlType = Nullable<Bool>> + Clone + 'static,
{
    fn boxed_clone(&self) -> Predicate<T> {
        Box::new(self.clone())
    }
}

impl<T> diesel::expression::ValidGrouping<()> for dyn PredicateExpr<T> + '_ {
    type IsAggregate = diesel::expression::is_aggregate::No;
}

impl<T> diesel::query_builder::QueryId for dyn PredicateExpr<T> + '_ {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// Order a boxed query by `(column, id)` and, given a cursor, keep the rows after it. The predicate
/// has the shape `col >= v AND (col > v OR id > last_id)`, which SQLite answers from the
/// `(col, id)` index (the equivalent `col > v OR (col = v AND id > last)` scans). Text columns sort
/// case-insensitively through [`Folded`](crate::db::fold::Folded), matching each backend's index.
macro_rules! keyset {
    ($query:expr, $q:expr, $col:expr, $id:expr, text) => {{
        use diesel::prelude::*;
        use $crate::db::fold::Folded;
        let mut query = $query;
        if $q.sql_descending() {
            query = query.order((Folded($col).desc(), $id.desc()));
        } else {
            query = query.order((Folded($col).asc(), $id.asc()));
        }
        if let Some(c) = &$q.after {
            let t = c.text()?;
            let v1 = Folded(t.clone().into_sql::<diesel::sql_types::Text>());
            let v2 = Folded(t.into_sql::<diesel::sql_types::Text>());
            if $q.sql_descending() {
                query = query.filter(
                    Folded($col)
                        .le(v1)
                        .and(Folded($col).lt(v2).or($id.lt(c.id))),
                );
            } else {
                query = query.filter(
                    Folded($col)
                        .ge(v1)
                        .and(Folded($col).gt(v2).or($id.gt(c.id))),
                );
            }
        }
        query
    }};
    ($query:expr, $q:expr, $col:expr, $id:expr, $get:ident) => {{
        use diesel::prelude::*;
        let mut query = $query;
        if $q.sql_descending() {
            query = query.order(($col.desc(), $id.desc()));
        } else {
            query = query.order(($col.asc(), $id.asc()));
        }
        if let Some(c) = &$q.after {
            let v = c.$get()?;
            if $q.sql_descending() {
                query = query.filter($col.le(v.clone()).and($col.lt(v).or($id.lt(c.id))));
            } else {
                query = query.filter($col.ge(v.clone()).and($col.gt(v).or($id.gt(c.id))));
            }
        }
        query
    }};
}
pub(crate) use keyset;

/// Restrict a boxed query to live, deleted or all rows.
macro_rules! liveness {
    ($query:expr, $liveness:expr, $deleted_at:expr) => {{
        use diesel::prelude::*;
        match $liveness {
            $crate::db::repo::Liveness::Live => $query.filter($deleted_at.is_null()),
            $crate::db::repo::Liveness::Deleted => $query.filter($deleted_at.is_not_null()),
            $crate::db::repo::Liveness::All => $query,
        }
    }};
}
pub(crate) use liveness;

/// `get` (live or deleted), `get_live` and the version check every entity repository shares.
macro_rules! record_reads {
    ($table:path, $row:ty, $id:ty) => {
        /// The record, live or deleted.
        pub fn get(conn: &mut DbConn, id: $id) -> Result<$row, DbError> {
            use diesel::prelude::*;
            use $table as t;
            t::table
                .find(id)
                .select(<$row>::as_select())
                .first(conn)
                .optional()?
                .ok_or(DbError::NotFound {
                    entity: ENTITY,
                    id: id.id(),
                })
        }

        /// The record if live; a soft-deleted one is "not found".
        pub fn get_live(conn: &mut DbConn, id: $id) -> Result<$row, DbError> {
            let row = get(conn, id)?;
            if row.deleted_at.is_some() {
                return Err(DbError::NotFound {
                    entity: ENTITY,
                    id: id.id(),
                });
            }
            Ok(row)
        }

        /// The live record, checked against `expected` when given (deletes take an optional version).
        #[allow(dead_code)]
        fn live_at(conn: &mut DbConn, id: $id, expected: Option<i32>) -> Result<$row, DbError> {
            let row = get_live(conn, id)?;
            if let Some(v) = expected {
                check_version(&row, v)?;
            }
            Ok(row)
        }

        fn check_version(row: &$row, expected: i32) -> Result<(), DbError> {
            if row.version != expected {
                return Err(DbError::Conflict {
                    entity: ENTITY,
                    id: row.id.id(),
                    expected,
                    actual: row.version,
                });
            }
            Ok(())
        }
    };
}
pub(crate) use record_reads;

/// The versioned `UPDATE … SET fields, updated_at, version = version + 1 WHERE id AND version AND
/// live`, then re-read; a lost race surfaces as a conflict. Records the field diff in history.
/// Saving unchanged fields writes nothing (and so bumps no version that others hold).
macro_rules! versioned_update {
    ($conn:expr, $actor:expr, $table:path, $id:expr, $expected:expr, $fields:expr) => {{
        use diesel::prelude::*;
        use $table as t;
        'update: {
            let before = get_live($conn, $id)?;
            guard(
                $conn,
                $actor,
                Some((before.id, &before.fields)),
                Some($fields),
            )?;
            check_version(&before, $expected)?;
            if &before.fields == $fields {
                break 'update Ok::<_, DbError>((before.clone(), before));
            }
            let n = diesel::update(
                t::table
                    .find($id)
                    .filter(t::version.eq($expected))
                    .filter(t::deleted_at.is_null()),
            )
            .set((
                $fields,
                t::updated_at.eq($crate::db::now()),
                t::version.eq(t::version + 1),
            ))
            .execute($conn)?;
            let after = get($conn, $id)?;
            if n == 0 {
                check_version(&after, $expected)?;
            }
            let changes = $crate::db::repo::history::diff(Some(&before.fields), &after.fields);
            if !changes.is_empty() {
                $crate::db::repo::history::record(
                    $conn,
                    $actor,
                    ENTITY,
                    $id.id(),
                    $crate::domain::HistoryAction::Update,
                    changes,
                )?;
            }
            Ok::<_, DbError>((before, after))
        }
    }};
}
pub(crate) use versioned_update;

/// Set or clear `deleted_at` (bumping the version) and record it in history. Like
/// `versioned_update!` and `insert_new!`, it first asks the module's `guard` (the access rules)
/// whether the acting user may make the change.
macro_rules! set_deleted {
    ($conn:expr, $actor:expr, $table:path, $id:expr, $deleted:expr) => {{
        use diesel::prelude::*;
        use $table as t;
        let at = $crate::db::now();
        let before = get($conn, $id)?;
        guard($conn, $actor, Some((before.id, &before.fields)), None)?;
        let deleted: bool = $deleted;
        let new_value = if deleted { Some(at) } else { None };
        diesel::update(t::table.find($id))
            .set((
                t::deleted_at.eq(new_value),
                t::updated_at.eq(at),
                t::version.eq(t::version + 1),
            ))
            .execute($conn)?;
        let show = |v: Option<chrono::NaiveDateTime>| {
            v.map(|t| serde_json::Value::String(t.to_string()))
                .unwrap_or(serde_json::Value::Null)
        };
        $crate::db::repo::history::record(
            $conn,
            $actor,
            ENTITY,
            $id.id(),
            if deleted {
                $crate::domain::HistoryAction::Delete
            } else {
                $crate::domain::HistoryAction::Restore
            },
            $crate::db::repo::history::change(
                "deleted_at",
                show(before.deleted_at),
                show(new_value),
            ),
        )?;
        get($conn, $id)
    }};
}
pub(crate) use set_deleted;

/// Insert a new record (fresh id, both timestamps now), record its creation in history, and
/// return it as stored. `$new` is the entity's `New…` struct name, `$fields` its validated fields.
macro_rules! insert_new {
    (@write $conn:expr, $actor:expr, $table:path, $new:ident, $fields:expr) => {{
        use diesel::prelude::*;
        use $table as t;
        let at = $crate::db::now();
        let new = $new {
            id: Default::default(),
            fields: $fields,
            created_at: at,
            updated_at: at,
        };
        guard($conn, $actor, None, Some(&new.fields))?;
        diesel::insert_into(t::table).values(&new).execute($conn)?;
        $crate::db::repo::history::record(
            $conn,
            $actor,
            ENTITY,
            new.id.id(),
            $crate::domain::HistoryAction::Create,
            $crate::db::repo::history::diff(None, &new.fields),
        )?;
        new
    }};
    ($conn:expr, $actor:expr, $table:path, $new:ident, $fields:expr) => {{
        let new = insert_new!(@write $conn, $actor, $table, $new, $fields);
        get($conn, new.id)
    }};
    // a record a manager creates for an owner they do not see (docs/teams.md) is stored, but on
    // PostgreSQL row security keeps it from being read back: it is returned as written
    ($conn:expr, $actor:expr, $table:path, $new:ident, $fields:expr, as $model:ident) => {{
        let new = insert_new!(@write $conn, $actor, $table, $new, $fields);
        match get($conn, new.id) {
            Err(DbError::NotFound { .. }) => Ok($model {
                id: new.id,
                fields: new.fields,
                created_at: new.created_at,
                updated_at: new.updated_at,
                deleted_at: None,
                version: 1,
            }),
            other => other,
        }
    }};
}
pub(crate) use insert_new;

/// `count_up_to`: how many rows match, counting no further than `cap` — a list view shows
/// "at least N" instead of paying for an exact count of an unselective filter.
macro_rules! count_up_to {
    ($schema:path) => {
        /// Matching rows, counted up to `cap` (a result equal to `cap` means "at least `cap`").
        pub fn count_up_to(
            conn: &mut DbConn,
            liveness: $crate::db::repo::Liveness,
            filter: Option<$crate::db::repo::Predicate<__count::table>>,
            cap: i64,
        ) -> Result<i64, DbError> {
            use diesel::prelude::*;
            let mut query = __count::table
                .select(__count::id)
                .into_boxed::<$crate::db::conn::MultiBackend>();
            query = $crate::db::repo::liveness!(query, liveness, __count::deleted_at);
            if let Some(f) = filter {
                query = query.filter(f);
            }
            let ids: Vec<$crate::domain::Id> = query.limit(cap.max(0)).load(conn)?;
            Ok(ids.len() as i64)
        }
        use $schema as __count;
    };
}
pub(crate) use count_up_to;
