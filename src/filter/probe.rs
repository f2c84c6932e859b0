//! Probes: before a filter runs, a capped count of the records some of its conditions match, so
//! the lowering can write each condition in the shape the backend's planner runs fastest for that
//! many rows ([`Shapes`]). The planners cannot tell how many rows a subquery or an expression
//! matches: SQLite guesses few for every `IN (SELECT …)`; PostgreSQL plans `tag:` as a parallel
//! semi join even when a handful of rows carry the tag.
//!
//! A probe reads at most a few thousand index entries (well under a millisecond through an
//! index). A probe that fails leaves the default shape: the filter still selects the same rows.

use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::BigInt;
use diesel::{QueryResult, RunQueryDsl};

use super::catalogue;
use super::lower::{lower_shaped, walkable};
use super::pred::{Lit, Pred};
use super::shape::{MoneyShape, Purpose, RelatedShape, Shapes, TagShape};
use super::sql::SqlPredicate;
use crate::db::conn::MultiBackend;
use crate::db::{BackendKind, DbConn, DbError};
use crate::domain::Entity;

/// SQLite, on a page: from this many matching related records on, a related condition walks the
/// list's own order and probes each row's related record; below it, the page starts from the
/// related records (`IN`). Money the same: from this many matches on, test each row in the
/// list's order; below it, read them from the index and sort. Where the two costs cross depends
/// on how many rows a page must read to find 50 matches: about sqrt(50 x rows in the table)
/// matching rows, a few thousand on the large synthetic data (docs/performance.md).
pub const PROBE_CAP: i64 = 1000;

/// PostgreSQL, `tag:` on a page: up to this many tagged records, read them through the tag index
/// and sort them; from this many on, walk the list's order. Measured on 100,000 companies: one
/// tag on 1,430 companies took 21 ms read and sorted against 88 ms walked (parallel), three tags
/// on 4,200 companies 50 ms against 10 ms.
pub const PG_TAG_CAP: i64 = 2500;

/// Choose the shapes of `pred`'s conditions for a filter on `entity` run for `purpose` on `conn`.
/// A count keeps the default shapes, which start from the matching records wherever an index
/// allows; only pages need a choice.
pub fn choose(conn: &mut DbConn, pred: &Pred, entity: Entity, purpose: Purpose) -> Shapes {
    let mut shapes = Shapes::default();
    if purpose == Purpose::Rows {
        Prober {
            backend: conn.backend(),
            conn,
            shapes: &mut shapes,
        }
        .top(pred, entity);
    }
    shapes
}

struct Prober<'a> {
    conn: &'a mut DbConn,
    backend: BackendKind,
    shapes: &'a mut Shapes,
}

impl Prober<'_> {
    /// The whole filter: on SQLite, a conjunction of column tests with a range or emptiness test
    /// among them (`overdue`: `completed_at IS NULL AND due_at < now`), or a lone such test, is
    /// probed as a whole; when it matches many rows, its range and emptiness tests are written so
    /// the page walks its own order ([`RangeShape::Walk`](super::shape::RangeShape::Walk)): the overdue list on 2M activities
    /// went from reading and sorting 96,000 matches to reading about a thousand index entries.
    fn top(&mut self, p: &Pred, entity: Entity) {
        if self.backend == BackendKind::Sqlite {
            let parts = match p {
                Pred::And(parts) => parts.as_slice(),
                _ => std::slice::from_ref(p),
            };
            let plain =
                |q: &Pred| matches!(q, Pred::Cmp { .. } | Pred::In { .. } | Pred::Empty { .. });
            if parts.iter().any(walkable) && parts.iter().all(plain) {
                let from = format!(
                    "\"{t}\" WHERE \"{t}\".deleted_at IS NULL AND ",
                    t = entity.as_str()
                );
                let sql = lower_shaped(p, entity, self.backend, &Shapes::default());
                if self.count(&from, &sql, PROBE_CAP) >= Some(PROBE_CAP) {
                    self.shapes.set_walk(p);
                }
                return;
            }
        }
        self.visit(p, entity);
    }

    /// The conditions of the outer query (not those inside a related condition: they run once,
    /// inside the related record's subquery).
    fn visit(&mut self, p: &Pred, entity: Entity) {
        match (p, self.backend) {
            (Pred::And(parts) | Pred::Or(parts), _) => {
                for part in parts {
                    self.visit(part, entity);
                }
            }
            (Pred::Not(inner), _) => self.visit(inner, entity),
            (Pred::Related { target, pred, .. }, BackendKind::Sqlite) => {
                let from = format!(
                    "\"{t}\" WHERE \"{t}\".deleted_at IS NULL AND ",
                    t = target.as_str()
                );
                let sql = lower_shaped(pred, *target, self.backend, &Shapes::default());
                if self.count(&from, &sql, PROBE_CAP) >= Some(PROBE_CAP) {
                    self.shapes.set_related(p, RelatedShape::Correlated);
                }
            }
            (Pred::Money { .. }, BackendKind::Sqlite) => {
                // the index on the normalized amount finds the matches; when they are many, a
                // page finds its 50 sooner walking its own order and testing each row
                let from = format!(
                    "\"{t}\" WHERE \"{t}\".deleted_at IS NULL AND ",
                    t = entity.as_str()
                );
                let normalized =
                    Shapes::uniform(RelatedShape::In, MoneyShape::Normalized, TagShape::In);
                let sql = lower_shaped(p, entity, self.backend, &normalized);
                if self.count(&from, &sql, PROBE_CAP) >= Some(PROBE_CAP) {
                    self.shapes.set_money(p, MoneyShape::Branches);
                }
            }
            (Pred::Tag { names }, BackendKind::Postgres) => {
                let Some((join, _)) = catalogue::tag_table(entity) else {
                    return;
                };
                let from = format!(
                    "{join} j JOIN tags ON tags.id = j.tag_id WHERE tags.deleted_at IS NULL AND "
                );
                let names = Pred::In {
                    column: "name",
                    text: true,
                    values: names.iter().map(|n| Lit::Text(n.clone())).collect(),
                };
                let sql = lower_shaped(&names, Entity::Tags, self.backend, &Shapes::default());
                if matches!(self.count(&from, &sql, PG_TAG_CAP), Some(n) if n < PG_TAG_CAP) {
                    self.shapes.set_tag(p, TagShape::Array);
                }
            }
            _ => {}
        }
    }

    /// How many rows `SELECT 1 FROM {from}{pred}` has, up to `cap`; `None` if the probe failed,
    /// which keeps the default shape.
    fn count(&mut self, from: &str, pred: &SqlPredicate, cap: i64) -> Option<i64> {
        capped_count(self.conn, from, pred, cap)
            .map_err(|e| tracing::warn!("filter probe failed, keeping the default shape: {e}"))
            .ok()
    }
}

/// How many rows `SELECT 1 FROM {from}{pred}` has, counting no further than `cap`. `from` is
/// fixed SQL (table names from the catalogue), never user text.
fn capped_count(
    conn: &mut DbConn,
    from: &str,
    pred: &SqlPredicate,
    cap: i64,
) -> Result<i64, DbError> {
    Ok(CappedCount { from, pred, cap }.get_result(conn)?)
}

/// `SELECT count(*) FROM (SELECT 1 FROM {from}{pred} LIMIT cap)`.
struct CappedCount<'a> {
    from: &'a str,
    pred: &'a SqlPredicate,
    cap: i64,
}

impl QueryId for CappedCount<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CappedCount<'_> {
    type SqlType = BigInt;
}

impl QueryFragment<MultiBackend> for CappedCount<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql("SELECT count(*) FROM (SELECT 1 FROM ");
        out.push_sql(self.from);
        self.pred.walk_ast(out.reborrow())?;
        out.push_sql(" LIMIT ");
        out.push_bind_param::<BigInt, i64>(&self.cap)?;
        out.push_sql(") probe");
        Ok(())
    }
}

impl RunQueryDsl<DbConn> for CappedCount<'_> {}
