//! Contacts: every field, the company by name and id, the owner by email, tags.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{company_names, id, name_of, opt, tag_cell, text, time, Cell, Lookups};
use crate::db::conn::MultiBackend;
use crate::db::models::Contact;
use crate::db::repo::Predicate;
use crate::db::schema::{contact_tags, contacts, tags};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, Id};

pub const CONTACT_COLUMNS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "company",
    "company_id",
    "is_primary",
    "preferred_channel",
    "do_not_contact",
    "owner",
    "notes",
    "tags",
    "created_at",
    "updated_at",
];

pub fn contacts(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<Contact> = page!(conn, contacts, Contact, ContactId, &l.filter, after, limit);
    let ids: Vec<Id> = rows.iter().map(|r| r.id.id()).collect();
    let companies = company_names(
        conn,
        rows.iter().filter_map(|r| r.fields.company_id).collect(),
    )?;
    let tags = tags_of!(conn, contact_tags, contact_id, ContactId, ids);
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(&f.first_name),
                opt(&f.last_name),
                opt(&f.email),
                opt(&f.phone),
                opt(&f.title),
                name_of(&companies, f.company_id.map(CompanyId::id)),
                id(&f.company_id),
                Cell::Bool(f.is_primary),
                text(f.preferred_channel.as_str()),
                Cell::Bool(f.do_not_contact),
                name_of(&l.users, f.owner_id.map(|u| u.id())),
                opt(&f.notes),
                tag_cell(&tags, r.id.id()),
                time(Some(r.created_at)),
                time(Some(r.updated_at)),
            ]
        })
        .collect();
    Ok((out, ids.last().copied()))
}
