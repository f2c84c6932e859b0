//! Related records named in a row: companies by name or domain, contacts by email or name, deals
//! by title, users by email or name, stages by name, or any of them by id. Users, stages and tags
//! are loaded once; the rest is looked up a batch at a time (one query per kind per batch) and
//! cached, so a million rows naming ten thousand companies cost a few hundred queries.

use std::collections::{HashMap, HashSet};

use super::catalogue::Ref;
use super::values::fold;
use crate::db::models::Stage;
use crate::db::repo::lookup::ContactName;
use crate::db::repo::{self, lookup};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, Id, StageId, TagId, UserId};

/// What a name resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Id(Id),
    /// No company has this name: the import creates it (contacts and deals only).
    NewCompany(String),
}

/// Bound values per query: well under SQLite's limit.
const CHUNK: usize = 5_000;

#[derive(Default)]
pub struct Resolver {
    users_by_email: HashMap<String, UserId>,
    users_by_name: HashMap<String, Vec<UserId>>,
    user_ids: HashSet<Id>,
    stages: Vec<Stage>,
    /// folded company name or lower-case domain -> live companies
    companies: HashMap<String, Vec<CompanyId>>,
    company_live: HashMap<Id, bool>,
    /// companies this import creates (rows of a companies file, or named by a contact or deal),
    /// by folded name and domain
    pending: HashMap<String, CompanyId>,
    pending_ids: HashSet<Id>,
    /// lower-case email or folded "first last" -> (contact, its company)
    contacts: HashMap<String, Vec<(ContactId, Option<CompanyId>)>>,
    contact_ids: HashMap<Id, Option<Option<CompanyId>>>,
    deals: HashMap<String, Vec<DealId>>,
    deal_live: HashMap<Id, bool>,
    /// lower-case tag name -> live tag
    pub tags: HashMap<String, TagId>,
}

impl Resolver {
    pub fn load(conn: &mut DbConn) -> Result<Resolver, DbError> {
        let mut r = Resolver::default();
        let live = lookup::live_users(conn)?;
        for (id, email, name) in live {
            r.add_user(id, &email, &name);
        }
        r.stages = repo::stage::live_ordered(conn)?;
        r.tags = repo::tag::all(conn)?
            .into_iter()
            .map(|t| (t.fields.name.to_lowercase(), t.id))
            .collect();
        Ok(r)
    }

    /// Look up, in as few queries as possible, every name and id the next rows refer to.
    pub fn prefetch(
        &mut self,
        conn: &mut DbConn,
        names: &[(Ref, String)],
        ids: &[(Ref, Id)],
    ) -> Result<(), DbError> {
        let mut company_keys = HashSet::new();
        let mut contact_keys = HashSet::new();
        let mut deal_keys = HashSet::new();
        for (r, value) in names {
            let key = fold(value);
            match r {
                Ref::Company | Ref::Parent
                    if !self.companies.contains_key(&key) && !self.pending.contains_key(&key) =>
                {
                    company_keys.insert(key);
                }
                Ref::Contact if !self.contacts.contains_key(&key) => {
                    contact_keys.insert(key);
                }
                Ref::Deal if !self.deals.contains_key(&key) => {
                    deal_keys.insert(key);
                }
                _ => {}
            }
        }
        self.fetch_companies(conn, company_keys.into_iter().collect())?;
        self.fetch_contacts(conn, contact_keys.into_iter().collect())?;
        self.fetch_deals(conn, deal_keys.into_iter().collect())?;
        let wanted = |kind: &[Ref], known: &dyn Fn(&Id) -> bool| -> Vec<Id> {
            let set: HashSet<Id> = ids
                .iter()
                .filter(|(r, id)| kind.contains(r) && !known(id))
                .map(|(_, id)| *id)
                .collect();
            set.into_iter().collect()
        };
        let company_ids = wanted(&[Ref::Company, Ref::Parent], &|id| {
            self.company_live.contains_key(id) || self.pending_ids.contains(id)
        });
        for chunk in company_ids.chunks(CHUNK) {
            let ids: Vec<CompanyId> = chunk.iter().map(|i| CompanyId(*i)).collect();
            let live: HashSet<Id> = lookup::live_company_ids(conn, &ids)?
                .into_iter()
                .map(CompanyId::id)
                .collect();
            for id in chunk {
                self.company_live.insert(*id, live.contains(id));
            }
        }
        let contact_ids = wanted(&[Ref::Contact], &|id| self.contact_ids.contains_key(id));
        for chunk in contact_ids.chunks(CHUNK) {
            let ids: Vec<ContactId> = chunk.iter().map(|i| ContactId(*i)).collect();
            let found: HashMap<Id, Option<CompanyId>> = lookup::live_contact_companies(conn, &ids)?
                .into_iter()
                .map(|(id, company)| (id.id(), company))
                .collect();
            for id in chunk {
                self.contact_ids.insert(*id, found.get(id).copied());
            }
        }
        let deal_ids = wanted(&[Ref::Deal], &|id| self.deal_live.contains_key(id));
        for chunk in deal_ids.chunks(CHUNK) {
            let ids: Vec<DealId> = chunk.iter().map(|i| DealId(*i)).collect();
            let live: HashSet<Id> = lookup::live_deal_ids(conn, &ids)?
                .into_iter()
                .map(DealId::id)
                .collect();
            for id in chunk {
                self.deal_live.insert(*id, live.contains(id));
            }
        }
        Ok(())
    }

    fn fetch_companies(&mut self, conn: &mut DbConn, keys: Vec<String>) -> Result<(), DbError> {
        for chunk in keys.chunks(CHUNK) {
            let rows = lookup::companies_named(conn, chunk)?;
            for key in chunk {
                self.companies.entry(key.clone()).or_default();
            }
            for (id, name, domain) in rows {
                for key in [Some(fold(&name)), domain.map(|d| d.to_lowercase())]
                    .into_iter()
                    .flatten()
                {
                    let ids = self.companies.entry(key).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        Ok(())
    }

    fn fetch_contacts(&mut self, conn: &mut DbConn, keys: Vec<String>) -> Result<(), DbError> {
        let (emails, names): (Vec<String>, Vec<String>) =
            keys.into_iter().partition(|k| k.contains('@'));
        let firsts: Vec<String> = names
            .iter()
            .map(|n| fold(&super::values::split_full_name(n).0))
            .collect();
        let mut found: Vec<ContactName> = Vec::new();
        for chunk in emails.chunks(CHUNK) {
            found.extend(lookup::contacts_by_email(conn, chunk)?);
        }
        for chunk in firsts.chunks(CHUNK) {
            found.extend(lookup::contacts_by_first_name(conn, chunk)?);
        }
        for key in emails.iter().chain(&names) {
            self.contacts.entry(key.clone()).or_default();
        }
        for (id, first, last, email, company) in found {
            self.contact_ids.insert(id.id(), Some(company));
            let name = fold(&format!("{first} {}", last.unwrap_or_default()));
            for key in [Some(name), email.map(|e| e.to_lowercase())]
                .into_iter()
                .flatten()
            {
                if let Some(list) = self.contacts.get_mut(&key) {
                    if !list.iter().any(|(c, _)| *c == id) {
                        list.push((id, company));
                    }
                }
            }
        }
        Ok(())
    }

    fn fetch_deals(&mut self, conn: &mut DbConn, keys: Vec<String>) -> Result<(), DbError> {
        for chunk in keys.chunks(CHUNK) {
            let rows = lookup::deals_titled(conn, chunk)?;
            for key in chunk {
                self.deals.entry(key.clone()).or_default();
            }
            for (id, title) in rows {
                if let Some(list) = self.deals.get_mut(&fold(&title)) {
                    list.push(id);
                }
            }
        }
        Ok(())
    }

    /// The live record of kind `r` with this id (a company this import creates counts).
    pub fn by_id(&self, r: Ref, id: Id) -> bool {
        match r {
            Ref::Company | Ref::Parent => {
                self.pending_ids.contains(&id) || self.company_live.get(&id) == Some(&true)
            }
            Ref::Contact => matches!(self.contact_ids.get(&id), Some(Some(_))),
            Ref::Deal => self.deal_live.get(&id) == Some(&true),
            Ref::Owner | Ref::Assignee => self.user_ids.contains(&id),
            Ref::Stage => self.stages.iter().any(|s| s.id.id() == id),
        }
    }

    /// The record a name refers to; `create`: a missing company is to be created.
    pub fn by_name(&self, r: Ref, value: &str, create: bool) -> Result<Found, String> {
        let key = fold(value);
        let one = |ids: Vec<Id>, what: &str, hint: &str| match ids.as_slice() {
            [id] => Ok(Found::Id(*id)),
            [] => Err(format!("no live {what} matches '{}'", value.trim())),
            many => Err(format!(
                "'{}' matches {} {what} records; give the {hint} instead",
                value.trim(),
                many.len()
            )),
        };
        match r {
            Ref::Company | Ref::Parent => {
                if let Some(id) = self.pending.get(&key) {
                    return Ok(Found::Id(id.id()));
                }
                let ids: Vec<Id> = self
                    .companies
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|c| c.id())
                    .collect();
                match ids.is_empty() {
                    true if create => Ok(Found::NewCompany(value.trim().to_string())),
                    _ => one(ids, "company", "company_id"),
                }
            }
            Ref::Contact => one(
                self.contacts
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|c| c.0.id())
                    .collect(),
                "contact",
                "contact_id",
            ),
            Ref::Deal => one(
                self.deals
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|d| d.id())
                    .collect(),
                "deal",
                "deal_id",
            ),
            Ref::Owner | Ref::Assignee => {
                if let Some(id) = self.users_by_email.get(&key) {
                    return Ok(Found::Id(id.id()));
                }
                let ids = self
                    .users_by_name
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|u| u.id())
                    .collect();
                one(ids, "user", "user's email")
            }
            Ref::Stage => match self.stages.iter().find(|s| fold(&s.fields.name) == key) {
                Some(s) => Ok(Found::Id(s.id.id())),
                None => {
                    let names: Vec<&str> =
                        self.stages.iter().map(|s| s.fields.name.as_str()).collect();
                    Err(format!(
                        "no pipeline stage named '{}' (stages: {})",
                        value.trim(),
                        if names.is_empty() {
                            "none yet".to_string()
                        } else {
                            names.join(", ")
                        }
                    ))
                }
            },
        }
    }

    /// Remember a company this import creates, so later rows find it by name, domain or id.
    pub fn add_company(&mut self, id: CompanyId, name: &str, domain: Option<&str>) {
        self.pending.insert(fold(name), id);
        if let Some(d) = domain {
            self.pending.insert(d.to_lowercase(), id);
        }
        self.pending_ids.insert(id.id());
    }

    /// Remember a user this import creates, so later rows find them by email, name or id.
    pub fn add_user(&mut self, id: UserId, email: &str, name: &str) {
        self.users_by_email.insert(email.to_lowercase(), id);
        self.users_by_name.entry(fold(name)).or_default().push(id);
        self.user_ids.insert(id.id());
    }

    /// Remember a stage this import creates (kept in board order: position, then id).
    pub fn add_stage(&mut self, stage: Stage) {
        self.stages.push(stage);
        self.stages.sort_by_key(|s| (s.fields.position, s.id.id()));
    }

    /// Where a stage without a position goes: after the last one, as `rolo stages create` puts it.
    pub fn next_stage_position(&self) -> i32 {
        let last = self.stages.iter().map(|s| s.fields.position).max();
        last.map_or(0, |p| p.saturating_add(1))
    }

    /// The company of a live contact (`None` when it is not a live contact).
    pub fn contact_company(&self, id: ContactId) -> Option<Option<CompanyId>> {
        self.contact_ids.get(&id.id()).copied().flatten()
    }

    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The first stage of the board: where a deal without a stage column goes.
    pub fn first_stage(&self) -> Option<StageId> {
        self.stages.first().map(|s| s.id)
    }
}
