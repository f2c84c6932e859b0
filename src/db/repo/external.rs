//! External references (`external_source`, `external_id`) of companies, contacts and deals: the
//! lookups an import links and matches by, and what `get` and export show.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{companies, contacts, deals};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, ExternalRef, Id};

/// Whether the entity keeps external references.
pub fn supported(entity: Entity) -> bool {
    matches!(entity, Entity::Companies | Entity::Contacts | Entity::Deals)
}

macro_rules! per_table {
    ($entity:expr, $t:ident => $body:block) => {
        match $entity {
            Entity::Companies => {
                use companies as $t;
                $body
            }
            Entity::Contacts => {
                use contacts as $t;
                $body
            }
            Entity::Deals => {
                use deals as $t;
                $body
            }
            other => Err(DbError::Constraint(format!(
                "{other} have no external references"
            ))),
        }
    };
}

/// The live records of `source` with these external ids: (external id, record id).
pub fn find(
    conn: &mut DbConn,
    entity: Entity,
    source: &str,
    ids: &[String],
) -> Result<HashMap<String, Id>, DbError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(5_000) {
        let rows: Vec<(Option<String>, Id)> = per_table!(entity, t => {
            t::table
                .filter(t::deleted_at.is_null())
                .filter(t::external_source.eq(source))
                .filter(t::external_id.eq_any(chunk))
                .select((t::external_id, t::id))
                .load(conn)
                .map_err(DbError::from)
        })?;
        out.extend(rows.into_iter().filter_map(|(e, id)| Some((e?, id))));
    }
    Ok(out)
}

/// Give a record its external reference.
pub fn set(conn: &mut DbConn, entity: Entity, id: Id, r: &ExternalRef) -> Result<(), DbError> {
    per_table!(entity, t => {
        diesel::update(t::table.filter(t::id.eq(id)))
            .set((t::external_source.eq(&r.source), t::external_id.eq(&r.id)))
            .execute(conn)
            .map(|_| ())
            .map_err(DbError::from)
    })
}

/// The external references of these records (those that have one).
pub fn of(
    conn: &mut DbConn,
    entity: Entity,
    ids: &[Id],
) -> Result<HashMap<Id, ExternalRef>, DbError> {
    if !supported(entity) {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    for chunk in ids.chunks(5_000) {
        let rows: Vec<(Id, Option<String>, Option<String>)> = per_table!(entity, t => {
            t::table
                .filter(t::id.eq_any(chunk))
                .filter(t::external_id.is_not_null())
                .select((t::id, t::external_source, t::external_id))
                .load(conn)
                .map_err(DbError::from)
        })?;
        for (id, source, ext) in rows {
            if let (Some(source), Some(id_there)) = (source, ext) {
                out.insert(
                    id,
                    ExternalRef {
                        source,
                        id: id_there,
                    },
                );
            }
        }
    }
    Ok(out)
}
