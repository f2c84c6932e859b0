//! The one SQL visibility predicate every read of companies, contacts, deals, activities and
//! history takes, and the visibility check of one record.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Nullable};

use super::super::conn::{DbConn, MultiBackend};
use super::super::schema::{activities, companies, contacts, deals};
use super::super::types::sql::Uuid;
use super::super::DbError;
use crate::domain::access::{Principal, Visibility};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Entity, Id, Role};

use super::Access;
/// A piece of the visibility predicate: SQL from fixed names, or a bound id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Sql(String),
    Id(Id),
}

struct W {
    parts: Vec<Piece>,
    aliases: usize,
}

impl W {
    fn sql(&mut self, s: &str) {
        match self.parts.last_mut() {
            Some(Piece::Sql(last)) => last.push_str(s),
            _ => self.parts.push(Piece::Sql(s.to_string())),
        }
    }
    fn id(&mut self, id: Id) {
        self.parts.push(Piece::Id(id));
    }
    fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("\"v_{}\"", self.aliases)
    }

    /// The owner rule on `col` (a qualified owner column).
    fn owner(&mut self, p: &Principal, vis: Visibility, col: &str) {
        self.sql(&format!("({col} IS NULL OR {col} = "));
        self.id(p.id.id());
        if let (Visibility::Team, Some(team)) = (vis, p.team) {
            let u = self.alias();
            self.sql(&format!(
                " OR {col} IN (SELECT {u}.\"id\" FROM \"users\" {u} WHERE {u}.\"team_id\" = "
            ));
            self.id(team.id());
            self.sql(")");
        }
        self.sql(")");
    }

    /// `q` (a table or alias of `entity`) is visible.
    fn visible(&mut self, p: &Principal, vis: Visibility, entity: Entity, q: &str) {
        match entity {
            Entity::Companies | Entity::Deals => self.owner(p, vis, &format!("{q}.\"owner_id\"")),
            Entity::Contacts => {
                self.sql(&format!("(({q}.\"company_id\" IS NULL AND "));
                self.owner(p, vis, &format!("{q}.\"owner_id\""));
                self.sql(&format!(") OR {q}.\"company_id\" IN "));
                self.ids_of(p, vis, Entity::Companies);
                self.sql(")");
            }
            Entity::Activities => {
                self.sql(&format!("({q}.\"assignee_id\" = "));
                self.id(p.id.id());
                self.sql(&format!(" OR {q}.\"deal_id\" IN "));
                self.ids_of(p, vis, Entity::Deals);
                self.sql(&format!(
                    " OR ({q}.\"deal_id\" IS NULL AND {q}.\"contact_id\" IN "
                ));
                self.ids_of(p, vis, Entity::Contacts);
                self.sql(&format!(
                    ") OR ({q}.\"deal_id\" IS NULL AND {q}.\"contact_id\" IS NULL AND {q}.\"company_id\" IN "
                ));
                self.ids_of(p, vis, Entity::Companies);
                self.sql(&format!(
                    ") OR ({q}.\"deal_id\" IS NULL AND {q}.\"contact_id\" IS NULL AND {q}.\"company_id\" IS NULL AND "
                ));
                self.owner(p, vis, &format!("{q}.\"owner_id\""));
                self.sql("))");
            }
            _ => self.sql("1 = 1"),
        }
    }

    /// `(SELECT id FROM entity WHERE visible)`.
    fn ids_of(&mut self, p: &Principal, vis: Visibility, entity: Entity) {
        let a = self.alias();
        self.sql(&format!(
            "(SELECT {a}.\"id\" FROM \"{}\" {a} WHERE ",
            entity.as_str()
        ));
        self.visible(p, vis, entity, &a);
        self.sql(")");
    }
}

/// Whether reads of `entity` are restricted for this access at all.
fn restricted(a: &Access, entity: Entity) -> Option<&Principal> {
    let p = a.principal.as_ref()?;
    let scoped = matches!(
        entity,
        Entity::Companies | Entity::Contacts | Entity::Deals | Entity::Activities
    );
    (scoped && p.role != Role::Admin && a.visibility != Visibility::All).then_some(p)
}

/// The visibility predicate over `entity`'s table (named as the table, as the filter names it),
/// or `None` when everything is visible.
pub fn predicate(a: &Access, entity: Entity) -> Option<Vec<Piece>> {
    let p = restricted(a, entity)?;
    let mut w = W {
        parts: Vec::new(),
        aliases: 0,
    };
    w.visible(p, a.visibility, entity, &format!("\"{}\"", entity.as_str()));
    Some(w.parts)
}

/// The predicate as a Diesel boolean expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(pub Vec<Piece>);

impl Expression for Scope {
    type SqlType = Nullable<Bool>;
}
impl<QS> AppearsOnTable<QS> for Scope {}
impl<QS> SelectableExpression<QS> for Scope {}
impl ValidGrouping<()> for Scope {
    type IsAggregate = is_aggregate::Never;
}
impl QueryId for Scope {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}
impl QueryFragment<MultiBackend> for Scope {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.unsafe_to_cache_prepared();
        for p in &self.0 {
            match p {
                Piece::Sql(s) => out.push_sql(s),
                Piece::Id(id) => out.push_bind_param::<Uuid, Id>(id)?,
            }
        }
        Ok(())
    }
}

/// Whether the record `id` of `entity` is visible (it exists and the rule admits it).
pub fn is_visible(conn: &mut DbConn, a: &Access, entity: Entity, id: Id) -> Result<bool, DbError> {
    if restricted(a, entity).is_none() {
        return Ok(true);
    }
    Ok(visible_ids(conn, a, entity, [id])?.is_none_or(|seen| seen.contains(&id)))
}

/// `Err(NotFound)` unless the record is visible: a hidden record reads as missing.
pub fn ensure_visible(
    conn: &mut DbConn,
    a: &Access,
    entity: Entity,
    id: Id,
) -> Result<(), DbError> {
    if is_visible(conn, a, entity, id)? {
        Ok(())
    } else {
        Err(DbError::NotFound { entity, id })
    }
}

/// The owner rule alone over `q`'s owner column, for records whose visibility is their own
/// owner's (companies, deals; contacts without a company; activities linked to nothing).
fn owner_only(p: &Principal, vis: Visibility, table: &str) -> Vec<Piece> {
    let mut w = W {
        parts: Vec::new(),
        aliases: 0,
    };
    w.owner(p, vis, &format!("\"{table}\".\"owner_id\""));
    w.parts
}

/// Those of `ids` (records of `entity`) the acting user may see, or `None` when reads of
/// `entity` are not restricted (everything is visible). Related rows and the names of linked
/// records go through this, so a record that is hidden is absent there too, never shown by name.
///
/// A few known ids are decided from their own rows, not with the list predicate: companies and
/// deals by the owner rule (`id IN (…) AND owner …`); contacts and activities by reading their
/// links by primary key and asking the same of the linked records. The list predicate's
/// `company_id IN (SELECT … FROM companies …)` subqueries made PostgreSQL hash every visible
/// company, contact and deal once per statement, which took seconds on data set L and hit the
/// statement timeout under load (docs/perf/load.md).
pub fn visible_ids(
    conn: &mut DbConn,
    a: &Access,
    entity: Entity,
    ids: impl IntoIterator<Item = Id>,
) -> Result<Option<HashSet<Id>>, DbError> {
    let Some(p) = restricted(a, entity) else {
        return Ok(None);
    };
    let ids: Vec<Id> = ids
        .into_iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut seen = HashSet::with_capacity(ids.len());
    for chunk in ids.chunks(10_000) {
        match entity {
            Entity::Companies | Entity::Deals => {
                seen.extend(owned_visible(conn, p, a.visibility, entity, chunk)?)
            }
            Entity::Contacts => seen.extend(contacts_visible(conn, a, p, chunk)?),
            Entity::Activities => seen.extend(activities_visible(conn, a, p, chunk)?),
            _ => seen.extend(chunk.iter().copied()),
        }
    }
    Ok(Some(seen))
}

/// Of `chunk`, the ids of `entity`'s records that the owner rule admits.
fn owned_visible(
    conn: &mut DbConn,
    p: &Principal,
    vis: Visibility,
    entity: Entity,
    chunk: &[Id],
) -> Result<Vec<Id>, DbError> {
    if chunk.is_empty() {
        return Ok(Vec::new());
    }
    let scope = Scope(owner_only(p, vis, entity.as_str()));
    macro_rules! visible_in {
        ($table:ident, $key:ident) => {
            $table::table
                .filter($table::id.eq_any(chunk.iter().map(|&i| $key(i))))
                .filter(scope)
                .select($table::id)
                .load::<$key>(conn)?
                .into_iter()
                .map(|i| i.id())
                .collect()
        };
    }
    Ok(match entity {
        Entity::Companies => visible_in!(companies, CompanyId),
        Entity::Contacts => visible_in!(contacts, ContactId),
        Entity::Deals => visible_in!(deals, DealId),
        Entity::Activities => visible_in!(activities, ActivityId),
        _ => chunk.to_vec(),
    })
}

/// Contacts: with their company when they have one, else by their owner.
fn contacts_visible(
    conn: &mut DbConn,
    a: &Access,
    p: &Principal,
    chunk: &[Id],
) -> Result<Vec<Id>, DbError> {
    let rows: Vec<(ContactId, Option<CompanyId>)> = contacts::table
        .filter(contacts::id.eq_any(chunk.iter().map(|&i| ContactId(i))))
        .select((contacts::id, contacts::company_id))
        .load(conn)?;
    let companies = visible_ids(
        conn,
        a,
        Entity::Companies,
        rows.iter().filter_map(|r| r.1.map(|c| c.id())),
    )?
    .unwrap_or_default();
    let unlinked: Vec<Id> = rows
        .iter()
        .filter(|r| r.1.is_none())
        .map(|r| r.0.id())
        .collect();
    let mut out = owned_visible(conn, p, a.visibility, Entity::Contacts, &unlinked)?;
    out.extend(
        rows.iter()
            .filter(|r| r.1.is_some_and(|c| companies.contains(&c.id())))
            .map(|r| r.0.id()),
    );
    Ok(out)
}

/// Activities: always to their assignee; else with their deal, else their contact, else their
/// company; linked to nothing, by their owner.
fn activities_visible(
    conn: &mut DbConn,
    a: &Access,
    p: &Principal,
    chunk: &[Id],
) -> Result<Vec<Id>, DbError> {
    type Links = (
        ActivityId,
        Option<crate::domain::UserId>,
        Option<DealId>,
        Option<ContactId>,
        Option<CompanyId>,
    );
    let rows: Vec<Links> = activities::table
        .filter(activities::id.eq_any(chunk.iter().map(|&i| ActivityId(i))))
        .select((
            activities::id,
            activities::assignee_id,
            activities::deal_id,
            activities::contact_id,
            activities::company_id,
        ))
        .load(conn)?;
    let mut deal_ids = Vec::new();
    let mut contact_ids = Vec::new();
    let mut company_ids = Vec::new();
    let mut unlinked = Vec::new();
    for &(id, assignee, deal, contact, company) in &rows {
        if assignee == Some(p.id) {
            continue;
        }
        match (deal, contact, company) {
            (Some(d), _, _) => deal_ids.push(d.id()),
            (None, Some(c), _) => contact_ids.push(c.id()),
            (None, None, Some(c)) => company_ids.push(c.id()),
            (None, None, None) => unlinked.push(id.id()),
        }
    }
    let deals_seen = visible_ids(conn, a, Entity::Deals, deal_ids)?.unwrap_or_default();
    let contacts_seen = visible_ids(conn, a, Entity::Contacts, contact_ids)?.unwrap_or_default();
    let companies_seen = visible_ids(conn, a, Entity::Companies, company_ids)?.unwrap_or_default();
    let owned: HashSet<Id> = owned_visible(conn, p, a.visibility, Entity::Activities, &unlinked)?
        .into_iter()
        .collect();
    Ok(rows
        .iter()
        .filter(|&&(id, assignee, deal, contact, company)| {
            assignee == Some(p.id)
                || match (deal, contact, company) {
                    (Some(d), _, _) => deals_seen.contains(&d.id()),
                    (None, Some(c), _) => contacts_seen.contains(&c.id()),
                    (None, None, Some(c)) => companies_seen.contains(&c.id()),
                    (None, None, None) => owned.contains(&id.id()),
                }
        })
        .map(|r| r.0.id())
        .collect())
}

/// Drop from `names` (id → name of records of `entity`) the records the acting user may not
/// see: how every lookup of a linked record's name is narrowed.
pub fn retain_visible<K: Copy + Into<Id> + Eq + Hash, V>(
    conn: &mut DbConn,
    a: &Access,
    entity: Entity,
    names: &mut HashMap<K, V>,
) -> Result<(), DbError> {
    if names.is_empty() {
        return Ok(());
    }
    if let Some(seen) = visible_ids(conn, a, entity, names.keys().map(|&k| k.into()))? {
        names.retain(|k, _| seen.contains(&(*k).into()));
    }
    Ok(())
}

/// Keep of `rows` (records of `entity`) those the acting user may see.
pub fn retain_visible_rows<T>(
    conn: &mut DbConn,
    a: &Access,
    entity: Entity,
    rows: &mut Vec<T>,
    id: impl Fn(&T) -> Id,
) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    if let Some(seen) = visible_ids(conn, a, entity, rows.iter().map(&id))? {
        rows.retain(|r| seen.contains(&id(r)));
    }
    Ok(())
}
