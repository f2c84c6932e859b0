//! What `rolo export` reads: an entity's live rows in id order a page at a time (after a
//! cursor, filtered), their tag names, and the names it writes next to ids — a contact by
//! email (else name), every user's email and every stage's name. Companies' names and deals'
//! titles are `names::of_ids`.

use diesel::prelude::*;

use crate::db::conn::MultiBackend;
use crate::db::models::{Activity, Company, Contact, Deal, Stage, User};
use crate::db::record::{Activities, Companies, Contacts, Deals, Record, Stages, Users};
use crate::db::repo::Predicate;
use crate::db::schema::{
    activities, companies, company_tags, contact_tags, contacts, deal_tags, deals, pipeline_stages,
    tags, users,
};
use crate::db::{DbConn, DbError};
use crate::domain::{ActivityId, CompanyId, ContactId, DealId, Id, StageId, UserId};

/// An entity's rows as the export pages through them.
pub trait ExportRows: Record {
    /// Live rows matching `filter` with ids after `after`, in id order, at most `limit`.
    fn after(
        conn: &mut DbConn,
        filter: Option<Predicate<Self::Table>>,
        after: Option<Id>,
        limit: i64,
    ) -> Result<Vec<Self::Row>, DbError>;
    /// (record id, tag name) of the live tags of these records; none for untagged entities.
    fn tag_names(_conn: &mut DbConn, _ids: &[Id]) -> Result<Vec<(Id, String)>, DbError> {
        Ok(Vec::new())
    }
}

macro_rules! export_rows {
    ($kind:ident, $row:ty, $table:ident, $idty:ident $(, tags: $join:ident . $col:ident)?) => {
        impl ExportRows for $kind {
            fn after(
                conn: &mut DbConn,
                filter: Option<Predicate<$table::table>>,
                after: Option<Id>,
                limit: i64,
            ) -> Result<Vec<$row>, DbError> {
                let mut q = $table::table
                    .filter($table::deleted_at.is_null())
                    .select(<$row>::as_select())
                    .into_boxed::<MultiBackend>();
                if let Some(p) = filter {
                    q = q.filter(p);
                }
                if let Some(after) = after {
                    q = q.filter($table::id.gt($idty(after)));
                }
                Ok(q.order($table::id.asc()).limit(limit).load::<$row>(conn)?)
            }
            $(
                fn tag_names(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<(Id, String)>, DbError> {
                    let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
                    let rows: Vec<($idty, String)> = $join::table
                        .inner_join(tags::table)
                        .filter($join::$col.eq_any(ids))
                        .filter(tags::deleted_at.is_null())
                        .select(($join::$col, tags::name))
                        .load(conn)?;
                    Ok(rows.into_iter().map(|(id, name)| (id.id(), name)).collect())
                }
            )?
        }
    };
}

export_rows!(Companies, Company, companies, CompanyId, tags: company_tags.company_id);
export_rows!(Contacts, Contact, contacts, ContactId, tags: contact_tags.contact_id);
export_rows!(Deals, Deal, deals, DealId, tags: deal_tags.deal_id);
export_rows!(Activities, Activity, activities, ActivityId);
export_rows!(Users, User, users, UserId);
export_rows!(Stages, Stage, pipeline_stages, StageId);

/// Contacts as a reference is exported: their email, else first and last name (deleted ones
/// too: a reference may outlive them). No ids, no query.
pub fn contact_labels(
    conn: &mut DbConn,
    ids: Vec<ContactId>,
) -> Result<Vec<(Id, String)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(contacts::table
        .filter(contacts::id.eq_any(ids))
        .select((
            contacts::id,
            contacts::first_name,
            contacts::last_name,
            contacts::email,
        ))
        .load::<(ContactId, String, Option<String>, Option<String>)>(conn)?
        .into_iter()
        .map(|(i, first, last, email)| {
            let name = email.unwrap_or_else(|| {
                format!("{first} {}", last.unwrap_or_default())
                    .trim()
                    .to_string()
            });
            (i.id(), name)
        })
        .collect())
}

/// Every user's email by id, deleted users included (a small table, read once).
pub fn user_emails(conn: &mut DbConn) -> Result<Vec<(Id, String)>, DbError> {
    Ok(users::table
        .select((users::id, users::email))
        .load::<(UserId, String)>(conn)?
        .into_iter()
        .map(|(i, e)| (i.id(), e))
        .collect())
}
