//! Activities: calls, emails, meetings, notes and tasks about a company, contact or deal (at least
//! one). Links and users must be live when they are set or changed; one that stays as it was is not
//! re-checked, so the activities of a deleted contact stay editable.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::company::rank;
use super::contact::{changed, References};
use super::{insert_new, keyset, liveness, record_reads, set_deleted, versioned_update};
use super::{ordered_page, ranked};
use super::{Cursor, ListQuery, Liveness, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::models::{Activity, ActivityFields, NewActivity};
use crate::db::schema::activities;
use crate::db::{now, DbError};
use crate::domain::{ActivityDraft, ActivityId, CompanyId, ContactId, DealId, Entity, UserId};
use crate::domain::{ActivityKind, Outcome};

const ENTITY: Entity = Entity::Activities;

use crate::db::access::guard;

/// The orders an activity list can take; each is backed by a `(key, id)` index over live rows.
/// Blank values (no due time, not done, no outcome) come last in both directions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivitySort {
    #[default]
    Created,
    Updated,
    /// In the order of the kind words (call, email, meeting, note, task).
    Kind,
    Subject,
    Due,
    /// By completion time; open activities last.
    Done,
    /// In the order of the outcome words (positive, neutral, negative).
    Outcome,
}

impl ActivitySort {
    pub fn cursor(self, a: &Activity) -> Cursor {
        let f = &a.fields;
        let id = a.id.id();
        let key = match self {
            ActivitySort::Created => SortValue::Time(a.created_at),
            ActivitySort::Updated => SortValue::Time(a.updated_at),
            ActivitySort::Kind => SortValue::Int(rank(ActivityKind::NAMES, f.kind.as_str())),
            ActivitySort::Subject => SortValue::Text(f.subject.clone()),
            ActivitySort::Due => return Cursor::maybe(f.due_at, SortValue::Time, id),
            ActivitySort::Done => return Cursor::maybe(f.completed_at, SortValue::Time, id),
            ActivitySort::Outcome => {
                let r = f.outcome.map(|o| rank(Outcome::NAMES, o.as_str()));
                return Cursor::maybe(r, SortValue::Int, id);
            }
        };
        Cursor { key, id }
    }
}

record_reads!(crate::db::schema::activities, Activity, ActivityId);

fn validate(draft: ActivityDraft) -> Result<ActivityFields, DbError> {
    draft
        .validated()
        .map(ActivityFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

fn check_references(
    conn: &mut DbConn,
    fields: &ActivityFields,
    before: Option<&ActivityFields>,
) -> Result<(), DbError> {
    let mut refs = References::new(ENTITY);
    if let Some(c) = changed(fields.company_id, before.map(|b| b.company_id)) {
        refs.check("company_id", super::company::get_live(conn, c))?;
    }
    if let Some(c) = changed(fields.contact_id, before.map(|b| b.contact_id)) {
        refs.check("contact_id", super::contact::get_live(conn, c))?;
    }
    if let Some(d) = changed(fields.deal_id, before.map(|b| b.deal_id)) {
        refs.check("deal_id", super::deal::get_live(conn, d))?;
    }
    if let Some(u) = changed(fields.owner_id, before.map(|b| b.owner_id)) {
        refs.check("owner_id", super::user::get_live(conn, u))?;
    }
    if let Some(u) = changed(fields.assignee_id, before.map(|b| b.assignee_id)) {
        refs.check("assignee_id", super::user::get_live(conn, u))?;
    }
    refs.finish()
}

pub fn create(
    conn: &mut DbConn,
    actor: Option<UserId>,
    draft: ActivityDraft,
) -> Result<Activity, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        check_references(conn, &fields, None)?;
        insert_new!(
            conn,
            actor,
            crate::db::schema::activities,
            NewActivity,
            fields,
            as Activity
        )
    })
}

/// Replace the editable fields of the activity read at `expected_version`. A stale version is a
/// [`DbError::Conflict`] and nothing is written.
pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ActivityId,
    expected_version: i32,
    draft: ActivityDraft,
) -> Result<Activity, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        check_references(conn, &fields, Some(&before.fields))?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::activities,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Mark the activity done now. Completing a completed activity changes nothing (it keeps its
/// completion time and version), but a stale version is still a conflict.
pub fn complete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ActivityId,
    expected_version: i32,
) -> Result<Activity, DbError> {
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        if before.fields.completed_at.is_some() {
            return Ok(before);
        }
        let mut fields = before.fields.clone();
        fields.completed_at = Some(now());
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::activities,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Set when the activity was done (`None`: open again), for `x` and its undo. Setting what is
/// already stored changes nothing; a stale version is a conflict.
pub fn set_completed(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ActivityId,
    expected_version: i32,
    at: Option<NaiveDateTime>,
) -> Result<Activity, DbError> {
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        if before.fields.completed_at == at {
            return Ok(before);
        }
        let mut fields = before.fields.clone();
        fields.completed_at = at;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::activities,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Soft-delete an activity (checking `expected_version` when given).
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ActivityId,
    expected_version: Option<i32>,
) -> Result<Activity, DbError> {
    write_transaction(conn, |conn| {
        live_at(conn, id, expected_version)?;
        set_deleted!(conn, actor, crate::db::schema::activities, id, true)
    })
}

pub fn restore(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ActivityId,
) -> Result<Activity, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        set_deleted!(conn, actor, crate::db::schema::activities, id, false)
    })
}

/// One page of activities in the given order, optionally filtered.
pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<ActivitySort>,
    filter: Option<Predicate<activities::table>>,
) -> Result<Page<Activity>, DbError> {
    use activities as t;
    let base = |f: Option<Predicate<t::table>>| {
        let mut query = t::table
            .select(Activity::as_select())
            .into_boxed::<MultiBackend>();
        query = liveness!(query, q.liveness, t::deleted_at);
        if let Some(f) = f {
            query = query.filter(f);
        }
        query
    };
    let cursor = |a: &Activity| q.sort.cursor(a);
    let int = |c: &Cursor| c.int32();
    let time = |c: &Cursor| c.time();
    let query = match q.sort {
        ActivitySort::Created => keyset!(base(filter), q, t::created_at, t::id, time),
        ActivitySort::Updated => keyset!(base(filter), q, t::updated_at, t::id, time),
        ActivitySort::Subject => keyset!(base(filter), q, t::subject, t::id, text),
        ActivitySort::Kind => {
            let key = || ranked(t::kind, ActivityKind::NAMES);
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
        ActivitySort::Outcome => {
            let key = || ranked(t::outcome, Outcome::NAMES);
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                key(),
                t::id,
                int,
                cursor,
                nullable = true
            );
        }
        ActivitySort::Due => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                t::due_at,
                t::id,
                time,
                cursor,
                nullable = true
            )
        }
        ActivitySort::Done => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                t::completed_at,
                t::id,
                time,
                cursor,
                nullable = true
            )
        }
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, cursor))
}

/// A record's timeline: its live activities, newest first, one page of `limit` after the cursor
/// of the previous page (served by the `(link, created_at, id)` indexes).
fn timeline(
    conn: &mut DbConn,
    link: Predicate<activities::table>,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page<Activity>, DbError> {
    let q = ListQuery {
        sort: ActivitySort::Created,
        descending: true,
        after,
        limit,
        liveness: Liveness::Live,
        backward: false,
    };
    list(conn, &q, Some(link))
}

pub fn list_for_deal(
    conn: &mut DbConn,
    deal: DealId,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page<Activity>, DbError> {
    timeline(conn, Box::new(activities::deal_id.eq(deal)), after, limit)
}

pub fn list_for_company(
    conn: &mut DbConn,
    company: CompanyId,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page<Activity>, DbError> {
    let link = Box::new(activities::company_id.eq(company));
    timeline(conn, link, after, limit)
}

pub fn list_for_contact(
    conn: &mut DbConn,
    contact: ContactId,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page<Activity>, DbError> {
    let link = Box::new(activities::contact_id.eq(contact));
    timeline(conn, link, after, limit)
}

pub fn count(
    conn: &mut DbConn,
    liveness: Liveness,
    filter: Option<Predicate<activities::table>>,
) -> Result<i64, DbError> {
    let mut query = activities::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, activities::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::activities);
