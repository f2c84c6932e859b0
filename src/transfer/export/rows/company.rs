//! Companies: every field, the parent by name and id, the owner by email, tags.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{company_names, id, name_of, opt, tag_cell, text, time, Cell, Lookups};
use crate::db::conn::MultiBackend;
use crate::db::models::Company;
use crate::db::repo::Predicate;
use crate::db::schema::{companies, company_tags, tags};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, Id};
use crate::transfer::values::major;

pub const COMPANY_COLUMNS: &[&str] = &[
    "id",
    "name",
    "domain",
    "website",
    "industry",
    "size",
    "status",
    "category",
    "phone",
    "email",
    "billing_street",
    "billing_city",
    "billing_region",
    "billing_postal_code",
    "billing_country",
    "service_street",
    "service_city",
    "service_region",
    "service_postal_code",
    "service_country",
    "currency",
    "annual_revenue",
    "employee_count",
    "parent",
    "parent_id",
    "owner",
    "notes",
    "tags",
    "created_at",
    "updated_at",
];

pub fn companies(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<Company> = page!(conn, companies, Company, CompanyId, &l.filter, after, limit);
    let ids: Vec<Id> = rows.iter().map(|r| r.id.id()).collect();
    let parents = company_names(
        conn,
        rows.iter().filter_map(|r| r.fields.parent_id).collect(),
    )?;
    let tags = tags_of!(conn, company_tags, company_id, CompanyId, ids);
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(&f.name),
                opt(&f.domain),
                opt(&f.website),
                opt(&f.industry),
                f.size.map(|s| text(s.as_str())).unwrap_or(Cell::Null),
                text(f.status.as_str()),
                opt(&f.category),
                opt(&f.phone),
                opt(&f.email),
                opt(&f.billing_street),
                opt(&f.billing_city),
                opt(&f.billing_region),
                opt(&f.billing_postal_code),
                opt(&f.billing_country),
                opt(&f.service_street),
                opt(&f.service_city),
                opt(&f.service_region),
                opt(&f.service_postal_code),
                opt(&f.service_country),
                text(&f.currency),
                f.annual_revenue
                    .map(|v| text(&major(v, &f.currency)))
                    .unwrap_or(Cell::Null),
                f.employee_count
                    .map(|n| Cell::Int(n.into()))
                    .unwrap_or(Cell::Null),
                name_of(&parents, f.parent_id.map(CompanyId::id)),
                id(&f.parent_id),
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
