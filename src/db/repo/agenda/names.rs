//! The names of the records an agenda's activities link to: one lookup per linked table.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::{AgendaItem, Named};
use crate::db::access::{retain_visible, Access};
use crate::db::models::Activity;
use crate::db::schema::{companies, contacts, deals, users};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, Id};

/// The names of the records a set of activities link to.
#[derive(Default)]
pub(super) struct Names {
    companies: HashMap<Id, String>,
    contacts: HashMap<Id, String>,
    deals: HashMap<Id, String>,
    users: HashMap<Id, String>,
}

impl Names {
    pub(super) fn load<'a>(
        conn: &mut DbConn,
        access: &Access,
        rows: impl Iterator<Item = &'a Activity>,
    ) -> Result<Names, DbError> {
        let (mut co, mut ct, mut de, mut us) = (
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
        );
        for a in rows {
            let f = &a.fields;
            co.extend(f.company_id.map(|i| i.id()));
            ct.extend(f.contact_id.map(|i| i.id()));
            de.extend(f.deal_id.map(|i| i.id()));
            us.extend(f.owner_id.map(|i| i.id()));
            us.extend(f.assignee_id.map(|i| i.id()));
        }
        let mut n = Names::default();
        if !co.is_empty() {
            n.companies = companies::table
                .filter(companies::id.eq_any(co))
                .select((companies::id, companies::name))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        if !ct.is_empty() {
            n.contacts = contacts::table
                .filter(contacts::id.eq_any(ct))
                .select((contacts::id, contacts::first_name, contacts::last_name))
                .load::<(Id, String, Option<String>)>(conn)?
                .into_iter()
                .map(|(id, first, last)| match last {
                    Some(last) => (id, format!("{first} {last}")),
                    None => (id, first),
                })
                .collect();
        }
        if !de.is_empty() {
            n.deals = deals::table
                .filter(deals::id.eq_any(de))
                .select((deals::id, deals::title))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        if !us.is_empty() {
            n.users = users::table
                .filter(users::id.eq_any(us))
                .select((users::id, users::name))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        // an activity the user sees may link to a record they do not: leave its name out
        retain_visible(conn, access, Entity::Companies, &mut n.companies)?;
        retain_visible(conn, access, Entity::Contacts, &mut n.contacts)?;
        retain_visible(conn, access, Entity::Deals, &mut n.deals)?;
        Ok(n)
    }

    pub(super) fn item(&self, a: Activity) -> AgendaItem {
        // names include deleted records: a missing one is a record the user may not see
        let named = |map: &HashMap<Id, String>, id: Option<Id>| {
            id.and_then(|id| {
                map.get(&id).map(|name| Named {
                    id,
                    name: name.clone(),
                })
            })
        };
        let f = a.fields;
        AgendaItem {
            id: a.id,
            version: a.version,
            kind: f.kind,
            subject: f.subject,
            due_at: f.due_at,
            completed_at: f.completed_at,
            outcome: f.outcome,
            company: named(&self.companies, f.company_id.map(|i| i.id())),
            contact: named(&self.contacts, f.contact_id.map(|i| i.id())),
            deal: named(&self.deals, f.deal_id.map(|i| i.id())),
            owner: named(&self.users, f.owner_id.map(|i| i.id())),
            assignee: named(&self.users, f.assignee_id.map(|i| i.id())),
        }
    }
}
