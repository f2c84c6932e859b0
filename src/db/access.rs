//! The access rules (`domain::access`) at the database: who is acting (their role and team, and
//! the org's `visibility` setting), the facts about a record a write decision needs, and the one
//! SQL visibility predicate every read of companies, contacts, deals, activities and history
//! takes. On PostgreSQL row-level security sits underneath; this stays as the readable layer.
//!
//! No acting user (SQLite without `--as`): no restriction, as before teams existed.

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Nullable};

use super::conn::{DbConn, MultiBackend};
use super::models::{ActivityFields, CompanyFields, ContactFields, DealFields};
use super::schema::{activities, companies, contacts, deals, settings, users};
use super::types::sql::Uuid;
use super::DbError;
use crate::domain::access::{self, Facts, Links, Managed, Op, Owner, Principal, Visibility};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Entity, Id, Role, TeamId, UserId};

/// Who is acting and what the org lets them see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// `None`: no acting user, no restriction.
    pub principal: Option<Principal>,
    pub visibility: Visibility,
}

/// The org-wide `visibility` setting (the default, `team`, when the row is missing or unknown).
pub fn visibility(conn: &mut DbConn) -> Result<Visibility, DbError> {
    let v: Option<String> = settings::table
        .find("visibility")
        .select(settings::value)
        .first(conn)
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or_default())
}

/// A setting's value.
pub fn setting(conn: &mut DbConn, key: &str) -> Result<Option<String>, DbError> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()?)
}

/// Set `visibility` (admins only).
pub fn set_visibility(
    conn: &mut DbConn,
    actor: Option<UserId>,
    v: Visibility,
) -> Result<(), DbError> {
    super::conn::write_transaction(conn, |conn| {
        check_manage(conn, actor, Managed::Settings)?;
        let now = super::now();
        let n = diesel::update(settings::table.find("visibility"))
            .set((
                settings::value.eq(v.as_str()),
                settings::updated_at.eq(now),
                settings::version.eq(settings::version + 1),
            ))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq("visibility"),
                    settings::value.eq(v.as_str()),
                    settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The acting user as a principal.
pub fn principal(conn: &mut DbConn, actor: Option<UserId>) -> Result<Option<Principal>, DbError> {
    let Some(id) = actor else { return Ok(None) };
    let row: Option<(String, Role, Option<TeamId>)> = users::table
        .find(id)
        .select((users::name, users::role, users::team_id))
        .first(conn)
        .optional()?;
    Ok(row.map(|(name, role, team)| Principal {
        id,
        name,
        role,
        team,
    }))
}

/// The acting user and the setting, read now.
pub fn load(conn: &mut DbConn, actor: Option<UserId>) -> Result<Access, DbError> {
    let principal = principal(conn, actor)?;
    let visibility = match principal {
        Some(_) => visibility(conn)?,
        None => Visibility::default(),
    };
    Ok(Access {
        principal,
        visibility,
    })
}

/// A company, contact, deal or activity as a write sees it (as stored, or as it would be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub entity: Entity,
    /// `None` for a record not yet created.
    pub id: Option<Id>,
    pub label: String,
    pub owner: Option<UserId>,
    pub company: Option<CompanyId>,
    pub contact: Option<ContactId>,
    pub deal: Option<DealId>,
    pub assignee: Option<UserId>,
}

impl Subject {
    pub fn new(entity: Entity, id: Option<Id>, label: impl Into<String>) -> Self {
        Subject {
            entity,
            id,
            label: label.into(),
            owner: None,
            company: None,
            contact: None,
            deal: None,
            assignee: None,
        }
    }
}

fn contact_label(first: &str, last: Option<&str>) -> String {
    format!("{first} {}", last.unwrap_or("")).trim().to_string()
}

/// A company as a write sees it.
pub fn company(id: Option<CompanyId>, f: &CompanyFields) -> Subject {
    Subject {
        owner: f.owner_id,
        ..Subject::new(Entity::Companies, id.map(|i| i.id()), f.name.clone())
    }
}

/// A contact as a write sees it.
pub fn contact(id: Option<ContactId>, f: &ContactFields) -> Subject {
    Subject {
        owner: f.owner_id,
        company: f.company_id,
        ..Subject::new(
            Entity::Contacts,
            id.map(|i| i.id()),
            contact_label(&f.first_name, f.last_name.as_deref()),
        )
    }
}

/// A deal as a write sees it.
pub fn deal(id: Option<DealId>, f: &DealFields) -> Subject {
    Subject {
        owner: f.owner_id,
        ..Subject::new(Entity::Deals, id.map(|i| i.id()), f.title.clone())
    }
}

/// An activity as a write sees it.
pub fn activity(id: Option<ActivityId>, f: &ActivityFields) -> Subject {
    Subject {
        owner: f.owner_id,
        company: f.company_id,
        contact: f.contact_id,
        deal: f.deal_id,
        assignee: f.assignee_id,
        ..Subject::new(Entity::Activities, id.map(|i| i.id()), f.subject.clone())
    }
}

fn owner_of(conn: &mut DbConn, id: Option<UserId>) -> Result<Owner, DbError> {
    let Some(id) = id else {
        return Ok(Owner::none());
    };
    let row: Option<(String, Option<TeamId>)> = users::table
        .find(id)
        .select((users::name, users::team_id))
        .first(conn)
        .optional()?;
    Ok(Owner {
        id: Some(id),
        team: row.as_ref().and_then(|r| r.1),
        name: row.map(|r| r.0),
    })
}

fn company_facts(conn: &mut DbConn, id: CompanyId) -> Result<Option<Facts>, DbError> {
    let row: Option<(String, Option<UserId>)> = companies::table
        .find(id)
        .select((companies::name, companies::owner_id))
        .first(conn)
        .optional()?;
    let Some((name, owner)) = row else {
        return Ok(None);
    };
    Ok(Some(Facts::new(
        Entity::Companies,
        name,
        owner_of(conn, owner)?,
    )))
}

fn contact_subject(conn: &mut DbConn, id: ContactId) -> Result<Option<Subject>, DbError> {
    type Row = (String, Option<String>, Option<UserId>, Option<CompanyId>);
    let row: Option<Row> = contacts::table
        .find(id)
        .select((
            contacts::first_name,
            contacts::last_name,
            contacts::owner_id,
            contacts::company_id,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(first, last, owner, company)| Subject {
        owner,
        company,
        ..Subject::new(
            Entity::Contacts,
            Some(id.id()),
            contact_label(&first, last.as_deref()),
        )
    }))
}

/// The facts about `s` for `p` (parents' visibility resolved for `p`).
pub fn facts(
    conn: &mut DbConn,
    p: &Principal,
    vis: Visibility,
    s: &Subject,
) -> Result<Facts, DbError> {
    let mut f = Facts::new(s.entity, s.label.clone(), owner_of(conn, s.owner)?);
    f.assignee = s.assignee;
    match s.entity {
        Entity::Contacts => {
            if let Some(c) = s.company {
                if let Some(cf) = company_facts(conn, c)? {
                    f.company_visible = Some(access::visible(p, vis, &cf));
                    f.company_owner = cf.owner.id;
                }
            }
        }
        Entity::Activities => {
            let mut links = Links::default();
            if let Some(d) = s.deal {
                let row: Option<(String, Option<UserId>)> = deals::table
                    .find(d)
                    .select((deals::title, deals::owner_id))
                    .first(conn)
                    .optional()?;
                if let Some((title, owner)) = row {
                    let df = Facts::new(Entity::Deals, title, owner_of(conn, owner)?);
                    links.deal = Some(access::visible(p, vis, &df));
                }
            }
            if let Some(c) = s.contact {
                if let Some(cs) = contact_subject(conn, c)? {
                    let cf = facts(conn, p, vis, &cs)?;
                    links.contact = Some(access::visible(p, vis, &cf));
                }
            }
            if let Some(c) = s.company {
                if let Some(cf) = company_facts(conn, c)? {
                    links.company = Some(access::visible(p, vis, &cf));
                }
            }
            f.links = links;
        }
        _ => {}
    }
    Ok(f)
}

/// Check a write of a company, contact, deal or activity: `before` as stored (none for a create),
/// `after` as it would be (none for a delete or restore). A record the actor cannot see is
/// "not found"; one they see but may not change is "not permitted". Nothing is written either way.
pub fn check_write(
    conn: &mut DbConn,
    actor: Option<UserId>,
    before: Option<&Subject>,
    after: Option<&Subject>,
) -> Result<(), DbError> {
    let a = load(conn, actor)?;
    let Some(p) = &a.principal else {
        return Ok(());
    };
    if let Some(b) = before {
        let f = facts(conn, p, a.visibility, b)?;
        if !access::visible(p, a.visibility, &f) {
            return Err(DbError::NotFound {
                entity: b.entity,
                id: b.id.unwrap_or_else(Id::new),
            });
        }
        access::may_write(p, a.visibility, Op::Change, &f)?;
    }
    if let Some(n) = after {
        let f = facts(conn, p, a.visibility, n)?;
        let op = if before.is_some() {
            Op::Change
        } else {
            Op::Create
        };
        access::may_write(p, a.visibility, op, &f)?;
    }
    Ok(())
}

/// Check a write of something only some roles manage (users, teams, stages, settings, …).
pub fn check_manage(
    conn: &mut DbConn,
    actor: Option<UserId>,
    what: Managed,
) -> Result<(), DbError> {
    match principal(conn, actor)? {
        Some(p) => Ok(access::may_manage(&p, what)?),
        None => Ok(()),
    }
}

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

/// The visibility predicate over `history` rows: a row is visible iff its record is.
pub fn history_predicate(a: &Access) -> Option<Vec<Piece>> {
    let p = restricted(a, Entity::Companies)?;
    let mut w = W {
        parts: Vec::new(),
        aliases: 0,
    };
    w.sql("(\"history\".\"entity\" NOT IN ('companies', 'contacts', 'deals', 'activities')");
    for e in [
        Entity::Companies,
        Entity::Contacts,
        Entity::Deals,
        Entity::Activities,
    ] {
        w.sql(&format!(
            " OR (\"history\".\"entity\" = '{}' AND \"history\".\"entity_id\" IN ",
            e.as_str()
        ));
        w.ids_of(p, a.visibility, e);
        w.sql(")");
    }
    w.sql(")");
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

/// Whether the record `id` of `entity` is visible (it exists and the predicate admits it).
pub fn is_visible(conn: &mut DbConn, a: &Access, entity: Entity, id: Id) -> Result<bool, DbError> {
    let Some(pieces) = predicate(a, entity) else {
        return Ok(true);
    };
    let scope = Scope(pieces);
    let n: i64 = match entity {
        Entity::Companies => companies::table
            .filter(companies::id.eq(CompanyId(id)))
            .filter(scope)
            .count()
            .get_result(conn)?,
        Entity::Contacts => contacts::table
            .filter(contacts::id.eq(ContactId(id)))
            .filter(scope)
            .count()
            .get_result(conn)?,
        Entity::Deals => deals::table
            .filter(deals::id.eq(DealId(id)))
            .filter(scope)
            .count()
            .get_result(conn)?,
        Entity::Activities => activities::table
            .filter(activities::id.eq(ActivityId(id)))
            .filter(scope)
            .count()
            .get_result(conn)?,
        _ => 1,
    };
    Ok(n > 0)
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
