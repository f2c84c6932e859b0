//! Deals: every field, company, contact (email) and stage by name, the derived status, tags.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{company_names, contact_names, id, name_of, opt, tag_cell, text, time, Cell, Lookups};
use crate::db::conn::MultiBackend;
use crate::db::models::Deal;
use crate::db::repo::Predicate;
use crate::db::schema::{deal_tags, deals, tags};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, Id};
use crate::transfer::values::major;

pub const DEAL_COLUMNS: &[&str] = &[
    "id",
    "title",
    "company",
    "company_id",
    "contact",
    "contact_id",
    "stage",
    "currency",
    "value",
    "expected_close",
    "probability",
    "priority",
    "owner",
    "lost_reason",
    "status",
    "closed_at",
    "tags",
    "created_at",
    "updated_at",
];

pub fn deals(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<Deal> = page!(conn, deals, Deal, DealId, &l.filter, after, limit);
    let ids: Vec<Id> = rows.iter().map(|r| r.id.id()).collect();
    let companies = company_names(
        conn,
        rows.iter().filter_map(|r| r.fields.company_id).collect(),
    )?;
    let contacts = contact_names(
        conn,
        rows.iter().filter_map(|r| r.fields.contact_id).collect(),
    )?;
    let tags = tags_of!(conn, deal_tags, deal_id, DealId, ids);
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(&f.title),
                name_of(&companies, f.company_id.map(CompanyId::id)),
                id(&f.company_id),
                name_of(&contacts, f.contact_id.map(ContactId::id)),
                id(&f.contact_id),
                name_of(&l.stages, Some(f.stage_id.id())),
                text(&f.currency),
                text(&major(f.value, &f.currency)),
                f.expected_close
                    .map(|d| text(&d.to_string()))
                    .unwrap_or(Cell::Null),
                f.probability
                    .map(|p| Cell::Int(p.into()))
                    .unwrap_or(Cell::Null),
                text(f.priority.as_str()),
                name_of(&l.users, f.owner_id.map(|u| u.id())),
                opt(&f.lost_reason),
                text(f.status.as_str()),
                time(f.closed_at),
                tag_cell(&tags, r.id.id()),
                time(Some(r.created_at)),
                time(Some(r.updated_at)),
            ]
        })
        .collect();
    Ok((out, ids.last().copied()))
}
