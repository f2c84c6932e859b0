//! Activities: every field, the company, contact and deal they are about by name and id.

use diesel::prelude::*;

use super::{
    company_names, contact_names, deal_titles, id, name_of, opt, text, time, Cell, Lookups,
};
use crate::db::conn::MultiBackend;
use crate::db::models::Activity;
use crate::db::repo::Predicate;
use crate::db::schema::activities;
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, Id};

pub const ACTIVITY_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "subject",
    "body",
    "outcome",
    "company",
    "company_id",
    "contact",
    "contact_id",
    "deal",
    "deal_id",
    "owner",
    "assignee",
    "due_at",
    "completed_at",
    "created_at",
    "updated_at",
];

pub fn activities(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<Activity> =
        page!(conn, activities, Activity, ActivityId, &l.filter, after, limit);
    let ids: Vec<Id> = rows.iter().map(|r| r.id.id()).collect();
    let companies = company_names(
        conn,
        rows.iter().filter_map(|r| r.fields.company_id).collect(),
    )?;
    let contacts = contact_names(
        conn,
        rows.iter().filter_map(|r| r.fields.contact_id).collect(),
    )?;
    let deals = deal_titles(conn, rows.iter().filter_map(|r| r.fields.deal_id).collect())?;
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(f.kind.as_str()),
                text(&f.subject),
                opt(&f.body),
                f.outcome.map(|o| text(o.as_str())).unwrap_or(Cell::Null),
                name_of(&companies, f.company_id.map(CompanyId::id)),
                id(&f.company_id),
                name_of(&contacts, f.contact_id.map(ContactId::id)),
                id(&f.contact_id),
                name_of(&deals, f.deal_id.map(DealId::id)),
                id(&f.deal_id),
                name_of(&l.users, f.owner_id.map(|u| u.id())),
                name_of(&l.users, f.assignee_id.map(|u| u.id())),
                time(f.due_at),
                time(f.completed_at),
                time(Some(r.created_at)),
                time(Some(r.updated_at)),
            ]
        })
        .collect();
    Ok((out, ids.last().copied()))
}
