//! Pipeline stages. A stage holding live deals cannot be deleted or change its kind (the deals'
//! status follows the stage kind); the database also refuses to purge a stage any deal references.

use diesel::prelude::*;

use super::{insert_new, record_reads, set_deleted, versioned_update};
use crate::db::conn::{write_transaction, DbConn};
use crate::db::models::{NewStage, Stage, StageFields};
use crate::db::schema::{deals, pipeline_stages};
use crate::db::DbError;
use crate::domain::{Entity, StageDraft, StageId, UserId};

const ENTITY: Entity = Entity::Stages;

/// The access rules for a write: stages are managed by admins only (`db::access`).
fn guard(
    conn: &mut DbConn,
    actor: Option<UserId>,
    _before: Option<(StageId, &StageFields)>,
    _after: Option<&StageFields>,
) -> Result<(), DbError> {
    crate::db::access::check_manage(conn, actor, crate::domain::access::Managed::Stages)
}

record_reads!(crate::db::schema::pipeline_stages, Stage, StageId);

fn validate(draft: StageDraft) -> Result<StageFields, DbError> {
    draft
        .validated()
        .map(StageFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

fn ensure_name_free(conn: &mut DbConn, name: &str, except: Option<StageId>) -> Result<(), DbError> {
    let taken = live_ordered(conn)?
        .into_iter()
        .any(|s| Some(s.id) != except && s.fields.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(DbError::Duplicate(format!(
            "a pipeline stage named '{name}' exists"
        )));
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    actor: Option<UserId>,
    draft: StageDraft,
) -> Result<Stage, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields.name, None)?;
        insert_new!(
            conn,
            actor,
            crate::db::schema::pipeline_stages,
            NewStage,
            fields
        )
    })
}

/// Live stages in board order (position, then id).
pub fn live_ordered(conn: &mut DbConn) -> Result<Vec<Stage>, DbError> {
    Ok(pipeline_stages::table
        .filter(pipeline_stages::deleted_at.is_null())
        .order((pipeline_stages::position.asc(), pipeline_stages::id.asc()))
        .select(Stage::as_select())
        .load(conn)?)
}

/// A live stage by name, case-insensitively.
pub fn find_by_name(conn: &mut DbConn, name: &str) -> Result<Option<Stage>, DbError> {
    let wanted = name.trim().to_lowercase();
    Ok(live_ordered(conn)?
        .into_iter()
        .find(|s| s.fields.name.to_lowercase() == wanted))
}

/// How many live deals sit in the stage.
pub fn deal_count(conn: &mut DbConn, id: StageId) -> Result<i64, DbError> {
    Ok(deals::table
        .filter(deals::stage_id.eq(id))
        .filter(deals::deleted_at.is_null())
        .count()
        .get_result(conn)?)
}

/// The live deals per stage (stages holding none are left out): one grouped statement.
pub fn deal_counts(conn: &mut DbConn) -> Result<std::collections::HashMap<StageId, i64>, DbError> {
    Ok(deals::table
        .filter(deals::deleted_at.is_null())
        .group_by(deals::stage_id)
        .select((deals::stage_id, diesel::dsl::count_star()))
        .load::<(StageId, i64)>(conn)?
        .into_iter()
        .collect())
}

fn in_use(conn: &mut DbConn, id: StageId, doing: &str) -> Result<(), DbError> {
    let n = deal_count(conn, id)?;
    if n > 0 {
        return Err(DbError::InUse {
            entity: ENTITY,
            id: id.id(),
            reason: format!("it holds {n} deal(s); move them to another stage before you {doing}"),
        });
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: StageId,
    expected_version: i32,
    draft: StageDraft,
) -> Result<Stage, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields.name, Some(id))?;
        let current = get_live(conn, id)?;
        if current.fields.kind != fields.kind {
            in_use(conn, id, "change its kind")?;
        }
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::pipeline_stages,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Soft-delete an empty stage.
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: StageId,
    expected_version: Option<i32>,
) -> Result<Stage, DbError> {
    write_transaction(conn, |conn| {
        live_at(conn, id, expected_version)?;
        in_use(conn, id, "delete it")?;
        set_deleted!(conn, actor, crate::db::schema::pipeline_stages, id, true)
    })
}

pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: StageId) -> Result<Stage, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        ensure_name_free(conn, &before.fields.name, Some(id))?;
        set_deleted!(conn, actor, crate::db::schema::pipeline_stages, id, false)
    })
}

/// Remove a stage for good, with no acting user: see [`purge_as`].
pub fn purge(conn: &mut DbConn, id: StageId) -> Result<(), DbError> {
    purge_as(conn, None, id)
}

/// Remove a stage for good, as `actor` (admins only, like every stage change). The database
/// refuses (foreign key RESTRICT) while any deal, live or deleted, references it; that refusal is
/// reported as "in use".
pub fn purge_as(conn: &mut DbConn, actor: Option<UserId>, id: StageId) -> Result<(), DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        guard(conn, actor, Some((id, &before.fields)), None)?;
        match diesel::delete(pipeline_stages::table.find(id)).execute(conn) {
            Ok(_) => Ok(()),
            Err(e) => match DbError::from(e) {
                DbError::BadReference(detail) | DbError::Constraint(detail) => {
                    Err(DbError::InUse {
                        entity: ENTITY,
                        id: id.id(),
                        reason: format!("deals still reference it ({detail})"),
                    })
                }
                other => Err(other),
            },
        }
    })
}

/// Put the given stages in this order (positions 0, 1, 2, …), one transaction.
pub fn reorder(
    conn: &mut DbConn,
    actor: Option<UserId>,
    order: &[StageId],
) -> Result<Vec<Stage>, DbError> {
    write_transaction(conn, |conn| {
        for (position, id) in order.iter().enumerate() {
            let stage = get_live(conn, *id)?;
            let position = i32::try_from(position).unwrap_or(i32::MAX);
            if stage.fields.position != position {
                let mut fields = stage.fields.clone();
                fields.position = position;
                versioned_update!(
                    conn,
                    actor,
                    crate::db::schema::pipeline_stages,
                    *id,
                    stage.version,
                    &fields
                )?;
            }
        }
        live_ordered(conn)
    })
}

/// The orders a stage list can take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StageSort {
    #[default]
    Position,
    Name,
}

impl StageSort {
    pub fn cursor(self, s: &Stage) -> super::Cursor {
        let key = match self {
            StageSort::Position => super::SortValue::Int(s.fields.position.into()),
            StageSort::Name => super::SortValue::Text(s.fields.name.clone()),
        };
        super::Cursor { key, id: s.id.id() }
    }
}

pub fn list(
    conn: &mut DbConn,
    q: &super::ListQuery<StageSort>,
    filter: Option<super::Predicate<pipeline_stages::table>>,
) -> Result<super::Page<Stage>, DbError> {
    use super::{keyset, liveness};
    use crate::db::conn::MultiBackend;
    let mut query = pipeline_stages::table
        .select(Stage::as_select())
        .into_boxed::<MultiBackend>();
    query = liveness!(query, q.liveness, pipeline_stages::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    query = match q.sort {
        StageSort::Position => keyset!(
            query,
            q,
            pipeline_stages::position,
            pipeline_stages::id,
            int32
        ),
        StageSort::Name => keyset!(query, q, pipeline_stages::name, pipeline_stages::id, text),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(super::Page::from_rows(rows, q.limit, |s| q.sort.cursor(s)))
}

pub fn count(
    conn: &mut DbConn,
    liveness: super::Liveness,
    filter: Option<super::Predicate<pipeline_stages::table>>,
) -> Result<i64, DbError> {
    use super::liveness;
    use crate::db::conn::MultiBackend;
    let mut query = pipeline_stages::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, pipeline_stages::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::pipeline_stages);
