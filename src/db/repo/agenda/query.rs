//! The bounded, ordered statements that read one section of an agenda, and their merge.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::db::access::{Piece, Scope};
use crate::db::conn::{BackendKind, MultiBackend};
use crate::db::models::Activity;
use crate::db::schema::activities;
use crate::db::types::sql::Uuid;
use crate::db::{DbConn, DbError};
use crate::domain::{ActivityId, UserId};

/// Which time a section is about.
#[derive(Clone, Copy)]
pub(super) enum Span {
    /// Open items due in `[from, until)` (`from` None: no lower bound).
    Due {
        from: Option<NaiveDateTime>,
        until: NaiveDateTime,
    },
    /// Items completed in `[from, until]`.
    Done {
        from: NaiveDateTime,
        until: NaiveDateTime,
    },
}

/// Whose items one statement reads.
#[derive(Clone, Copy)]
enum Whose {
    Everyone,
    Assigned(UserId),
    OwnedUnassigned(UserId),
}

/// A term SQLite's planner must not pick an index for, as SQL on SQLite (wrapped in `likely()`).
///
/// SQLite plans from `sqlite_stat1`, which keeps only the average number of rows per indexed
/// value. `completed_at IS NULL` then looks like ~2 rows (the average over all completion times)
/// although every open activity has it, so SQLite reads `activities_completed_live_idx` and sorts
/// (measured: 3.3 s for the largest owner's agenda on 2M activities); and a person's id looks as
/// selective in several indexes. `likely(term)` tells it the term holds for most rows, so it picks
/// the index that matches the rest of the statement and its order, and partial indexes still see
/// the term. PostgreSQL keeps real statistics (null fraction, most common values) and gets the
/// plain term.
fn likely(sql: &'static str) -> diesel::expression::SqlLiteral<Bool> {
    diesel::dsl::sql::<Bool>(sql)
}

/// One bounded, ordered statement: `limit` rows of one person's (or everyone's) items in a span.
/// The intended plans: open items of one assignee from `activities_open_due_live_idx
/// (assignee_id, due_at, id)`, unassigned ones from the same index at `assignee_id IS NULL`,
/// everyone's from `activities_due_live_idx (due_at, id)`, and completed items from
/// `activities_completed_live_idx (completed_at, id)` in order, stopping at `limit`.
fn read(
    conn: &mut DbConn,
    whose: Whose,
    span: Span,
    limit: i64,
    scope: Option<&[Piece]>,
) -> Result<Vec<Activity>, DbError> {
    let sqlite = conn.backend() == BackendKind::Sqlite;
    let done = matches!(span, Span::Done { .. });
    let mut q = activities::table
        .filter(activities::deleted_at.is_null())
        .select(Activity::as_select())
        .into_boxed::<MultiBackend>();
    if let Some(pieces) = scope {
        q = q.filter(Scope(pieces.to_vec()));
    }
    q = match whose {
        Whose::Everyone => q,
        Whose::Assigned(u) if sqlite && done => q.filter(
            likely(r#"likely("activities"."assignee_id" = "#)
                .bind::<Uuid, _>(u)
                .sql(")"),
        ),
        Whose::Assigned(u) => q.filter(activities::assignee_id.eq(u)),
        Whose::OwnedUnassigned(u) if sqlite => {
            let q = if done {
                q.filter(likely(r#"likely("activities"."assignee_id" IS NULL)"#))
            } else {
                q.filter(activities::assignee_id.is_null())
            };
            q.filter(
                likely(r#"likely("activities"."owner_id" = "#)
                    .bind::<Uuid, _>(u)
                    .sql(")"),
            )
        }
        Whose::OwnedUnassigned(u) => q
            .filter(activities::assignee_id.is_null())
            .filter(activities::owner_id.eq(u)),
    };
    q = match span {
        Span::Due { from, until } => {
            q = if sqlite {
                q.filter(likely(r#"likely("activities"."completed_at" IS NULL)"#))
            } else {
                q.filter(activities::completed_at.is_null())
            };
            q = q.filter(activities::due_at.lt(until));
            if let Some(from) = from {
                q = q.filter(activities::due_at.ge(from));
            }
            q.order((activities::due_at.asc(), activities::id.asc()))
        }
        Span::Done { from, until } => q
            .filter(activities::completed_at.ge(from))
            .filter(activities::completed_at.le(until))
            .order((activities::completed_at.asc(), activities::id.asc())),
    };
    Ok(q.limit(limit).load(conn)?)
}

/// The sort key of a section.
fn key(span: Span, a: &Activity) -> (Option<NaiveDateTime>, ActivityId) {
    match span {
        Span::Due { .. } => (a.fields.due_at, a.id),
        Span::Done { .. } => (a.fields.completed_at, a.id),
    }
}

/// A section's rows for `owner`: assigned ones and owned unassigned ones, merged in order; only
/// those `scope` (the visibility predicate over activities, when reads are restricted) admits.
pub(super) fn section_rows(
    conn: &mut DbConn,
    owner: Option<UserId>,
    span: Span,
    limit: i64,
    scope: Option<&[Piece]>,
) -> Result<(Vec<Activity>, bool), DbError> {
    let mut rows = match owner {
        None => read(conn, Whose::Everyone, span, limit + 1, scope)?,
        Some(u) => {
            let mut rows = read(conn, Whose::Assigned(u), span, limit + 1, scope)?;
            rows.extend(read(
                conn,
                Whose::OwnedUnassigned(u),
                span,
                limit + 1,
                scope,
            )?);
            rows.sort_by_key(|a| key(span, a));
            rows
        }
    };
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}
