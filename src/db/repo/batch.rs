//! Many records of one entity at once, by id: their current version and deletion (what undo of an
//! import compares with the versions the import left), and a soft delete of a page of them (undo
//! of the created contacts, deals and activities; the caller writes their history entries).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{activities, companies, contacts, deals, pipeline_stages, users};
use crate::db::{DbConn, DbError};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Entity, Id, StageId, UserId};

/// (id, version, deleted) of those of `ids` that exist, deleted or not.
pub fn states(
    conn: &mut DbConn,
    entity: Entity,
    ids: &[Id],
) -> Result<Vec<(Id, i32, bool)>, DbError> {
    macro_rules! load {
        ($t:ident, $idty:ident) => {{
            let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
            $t::table
                .filter($t::id.eq_any(ids))
                .select(($t::id, $t::version, $t::deleted_at))
                .load::<($idty, i32, Option<NaiveDateTime>)>(conn)?
                .into_iter()
                .map(|(id, v, d)| (id.id(), v, d.is_some()))
                .collect()
        }};
    }
    Ok(match entity {
        Entity::Companies => load!(companies, CompanyId),
        Entity::Contacts => load!(contacts, ContactId),
        Entity::Deals => load!(deals, DealId),
        Entity::Users => load!(users, UserId),
        Entity::Stages => load!(pipeline_stages, StageId),
        _ => load!(activities, ActivityId),
    })
}

/// Soft-delete those of `ids` that are live contacts, deals or activities (`entity`; anything
/// else is taken as activities) at `at`, bumping their versions; returns how many. No history:
/// the caller records it.
pub fn soft_delete_live(
    conn: &mut DbConn,
    entity: Entity,
    ids: &[Id],
    at: NaiveDateTime,
) -> Result<usize, DbError> {
    macro_rules! delete {
        ($t:ident, $idty:ident) => {{
            let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
            diesel::update(
                $t::table
                    .filter($t::id.eq_any(ids))
                    .filter($t::deleted_at.is_null()),
            )
            .set((
                $t::deleted_at.eq(Some(at)),
                $t::updated_at.eq(at),
                $t::version.eq($t::version + 1),
            ))
            .execute(conn)?
        }};
    }
    Ok(match entity {
        Entity::Contacts => delete!(contacts, ContactId),
        Entity::Deals => delete!(deals, DealId),
        _ => delete!(activities, ActivityId),
    })
}
