//! The facts about a record a write decision needs, and the write checks.

use diesel::prelude::*;

use super::super::conn::DbConn;
use super::super::models::{ActivityFields, CompanyFields, ContactFields, DealFields};
use super::super::schema::{companies, contacts, deals, users};
use super::super::DbError;
use crate::domain::access::{self, Facts, Links, Managed, Op, Owner, Principal, Visibility};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Entity, Id, TeamId, UserId};

use super::{visibility, writer, Access};

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
    let Some(p) = &writer(conn, actor)? else {
        return Ok(());
    };
    let a = Access {
        principal: Some(p.clone()),
        visibility: visibility(conn)?,
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
    match writer(conn, actor)? {
        Some(p) => Ok(access::may_manage(&p, what)?),
        None => Ok(()),
    }
}

/// A record's stored fields as a write decision sees them: one impl per entity the rules cover.
pub trait Guarded {
    type Id: Copy;
    fn subject(id: Option<Self::Id>, fields: &Self) -> Subject;
}

macro_rules! guarded {
    ($($fields:ty => $id:ty, $subject:ident;)*) => {$(
        impl Guarded for $fields {
            type Id = $id;
            fn subject(id: Option<$id>, fields: &Self) -> Subject {
                $subject(id, fields)
            }
        }
    )*};
}

guarded! {
    CompanyFields => CompanyId, company;
    ContactFields => ContactId, contact;
    DealFields => DealId, deal;
    ActivityFields => ActivityId, activity;
}

/// The access rules for a write (see [`check_write`]): `before` as stored, `after` as it would be.
/// The repository's write macros call it for companies, contacts, deals and activities.
pub fn guard<F: Guarded>(
    conn: &mut DbConn,
    actor: Option<UserId>,
    before: Option<(F::Id, &F)>,
    after: Option<&F>,
) -> Result<(), DbError> {
    let id = before.map(|b| b.0);
    check_write(
        conn,
        actor,
        before.map(|(i, f)| F::subject(Some(i), f)).as_ref(),
        after.map(|f| F::subject(id, f)).as_ref(),
    )
}
