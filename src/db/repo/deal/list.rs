//! A page of deals in one of the [`DealSort`] orders: keyset-paged on `(key, id)`, blank values
//! last in both directions.

use diesel::prelude::*;

use super::super::{keyset, liveness, order, ordered_page, ranked};
use super::super::{Cursor, ListQuery, Page, Predicate};
use super::DealSort;
use crate::db::conn::{DbConn, MultiBackend};
use crate::db::models::Deal;
use crate::db::schema::deals;
use crate::db::DbError;
use crate::domain::DealStatus;

/// One page of deals in the given order, optionally filtered.
pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<DealSort>,
    filter: Option<Predicate<deals::table>>,
) -> Result<Page<Deal>, DbError> {
    use deals as t;
    let base = |f: Option<Predicate<t::table>>| {
        let mut query = t::table
            .select(Deal::as_select())
            .into_boxed::<MultiBackend>();
        query = liveness!(query, q.liveness, t::deleted_at);
        if let Some(f) = f {
            query = query.filter(f);
        }
        query
    };
    let cursor = |d: &Deal| q.sort.cursor(d);
    let query = match q.sort {
        DealSort::Title => keyset!(base(filter), q, t::title, t::id, text),
        DealSort::Value => {
            let mut query = base(filter);
            let desc = q.sql_descending();
            if let Some(c) = &q.after {
                let (cur, v) = c.money()?;
                query = if desc {
                    query.filter(
                        t::currency.le(cur.clone()).and(
                            t::currency
                                .lt(cur)
                                .or(t::value.le(v).and(t::value.lt(v).or(t::id.lt(c.id)))),
                        ),
                    )
                } else {
                    query.filter(
                        t::currency.ge(cur.clone()).and(
                            t::currency
                                .gt(cur)
                                .or(t::value.ge(v).and(t::value.gt(v).or(t::id.gt(c.id)))),
                        ),
                    )
                };
            }
            if desc {
                query.order((t::currency.desc(), t::value.desc(), t::id.desc()))
            } else {
                query.order((t::currency.asc(), t::value.asc(), t::id.asc()))
            }
        }
        DealSort::Status => {
            let key = || ranked(t::status, DealStatus::NAMES);
            let int = |c: &Cursor| c.int32();
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                key(),
                t::id,
                int,
                cursor,
                nullable = false
            );
        }
        DealSort::Close => {
            let date = |c: &Cursor| c.date();
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                t::expected_close,
                t::id,
                date,
                cursor,
                nullable = true
            );
        }
        DealSort::Stage => {
            let at = |c: &Cursor| Ok::<_, DbError>(order::position_of(c.reference()?));
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                order::stage_position(),
                t::id,
                at,
                cursor,
                nullable = false
            );
        }
        DealSort::Owner => {
            let named = |c: &Cursor| Ok::<_, DbError>(order::name_of(c.reference()?));
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                order::owner_name(),
                t::id,
                named,
                cursor,
                nullable = true
            );
        }
        DealSort::Created => keyset!(base(filter), q, t::created_at, t::id, time),
        DealSort::Updated => keyset!(base(filter), q, t::updated_at, t::id, time),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, cursor))
}
