//! What a pane's table shows of a record of its entity: the row's label and, for each of the
//! pane's columns (the entity's description), the text of the field the column names; the names
//! of referenced records are looked up once per page. The paging itself (`rows.rs`) is generic
//! over [`db::Record`](crate::db::record::Record); this is the one per-entity part of a pane.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::names;
use crate::db::access::Access;
use crate::db::record::{self, Record};
use crate::db::{DbConn, DbError};
use crate::domain::{money, CompanyId, Entity, StageId, UserId};

/// How a pane shows a record.
pub trait PaneRecord: Record {
    /// The names of the records a page refers to.
    type Names;
    /// Look up the names `rows` refer to (one `IN (…)` query per referenced table), of the
    /// records `access` may see.
    fn names(
        conn: &mut DbConn,
        access: &Access,
        rows: &[Self::Row],
    ) -> Result<Self::Names, DbError>;
    /// The record's name in messages ("Deleted …") and titles.
    fn label(row: &Self::Row) -> String;
    /// The text of the column that shows `field` ("" for a field the pane does not know).
    fn cell(row: &Self::Row, field: &str, names: &Self::Names) -> String;
}

fn date(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl PaneRecord for record::Companies {
    type Names = HashMap<UserId, String>;

    fn names(
        conn: &mut DbConn,
        _access: &Access,
        rows: &[Self::Row],
    ) -> Result<Self::Names, DbError> {
        names::users(conn, rows.iter().map(|c| c.fields.owner_id))
    }

    fn label(c: &Self::Row) -> String {
        c.fields.name.clone()
    }

    fn cell(c: &Self::Row, field: &str, owners: &Self::Names) -> String {
        match field {
            "name" => c.fields.name.clone(),
            "industry" => opt(&c.fields.industry),
            "status" => c.fields.status.to_string(),
            "size" => c.fields.size.map(|s| s.to_string()).unwrap_or_default(),
            "billing_city" => opt(&c.fields.billing_city),
            "owner_id" => names::of(owners, c.fields.owner_id),
            _ => String::new(),
        }
    }
}

impl PaneRecord for record::Contacts {
    type Names = HashMap<CompanyId, String>;

    fn names(
        conn: &mut DbConn,
        access: &Access,
        rows: &[Self::Row],
    ) -> Result<Self::Names, DbError> {
        names::visible(
            conn,
            access,
            Entity::Companies,
            rows.iter().map(|c| c.fields.company_id),
        )
    }

    fn label(c: &Self::Row) -> String {
        names::full_name(&c.fields.first_name, c.fields.last_name.as_deref())
    }

    fn cell(c: &Self::Row, field: &str, companies: &Self::Names) -> String {
        match field {
            // the Name column shows first and last name
            "first_name" => Self::label(c),
            "company_id" => names::of(companies, c.fields.company_id),
            "email" => opt(&c.fields.email),
            "phone" => opt(&c.fields.phone),
            "title" => opt(&c.fields.title),
            _ => String::new(),
        }
    }
}

/// The names a deals page shows: companies, owners and (all) stages.
pub struct DealNames {
    companies: HashMap<CompanyId, String>,
    owners: HashMap<UserId, String>,
    stages: HashMap<StageId, String>,
}

impl PaneRecord for record::Deals {
    type Names = DealNames;

    fn names(
        conn: &mut DbConn,
        access: &Access,
        rows: &[Self::Row],
    ) -> Result<Self::Names, DbError> {
        Ok(DealNames {
            companies: names::visible(
                conn,
                access,
                Entity::Companies,
                rows.iter().map(|d| d.fields.company_id),
            )?,
            owners: names::users(conn, rows.iter().map(|d| d.fields.owner_id))?,
            stages: names::stages(conn)?,
        })
    }

    fn label(d: &Self::Row) -> String {
        d.fields.title.clone()
    }

    fn cell(d: &Self::Row, field: &str, n: &Self::Names) -> String {
        match field {
            "title" => d.fields.title.clone(),
            "company_id" => names::of(&n.companies, d.fields.company_id),
            "stage_id" => names::of(&n.stages, Some(d.fields.stage_id)),
            // with its currency: a column may hold several
            "value" => format!(
                "{} {}",
                money::format_major(d.fields.value, &d.fields.currency),
                d.fields.currency
            ),
            "expected_close" => d
                .fields
                .expected_close
                .map(|d| d.to_string())
                .unwrap_or_default(),
            "owner_id" => names::of(&n.owners, d.fields.owner_id),
            _ => String::new(),
        }
    }
}

impl PaneRecord for record::Activities {
    type Names = HashMap<UserId, String>;

    fn names(
        conn: &mut DbConn,
        _access: &Access,
        rows: &[Self::Row],
    ) -> Result<Self::Names, DbError> {
        names::users(conn, rows.iter().map(|a| a.fields.owner_id))
    }

    fn label(a: &Self::Row) -> String {
        a.fields.subject.clone()
    }

    fn cell(a: &Self::Row, field: &str, owners: &Self::Names) -> String {
        match field {
            "kind" => a.fields.kind.to_string(),
            "subject" => a.fields.subject.clone(),
            "due_at" => date(a.fields.due_at),
            "completed_at" if a.fields.completed_at.is_some() => "yes".to_string(),
            "outcome" => a.fields.outcome.map(|o| o.to_string()).unwrap_or_default(),
            "owner_id" => names::of(owners, a.fields.owner_id),
            _ => String::new(),
        }
    }
}
