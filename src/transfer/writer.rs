//! The import's buffered writes: new records, the companies rows named, their tags, history
//! entries and import items, written a batch at a time with bulk inserts (or `COPY`).

use chrono::NaiveDateTime;

use super::kinds::{ImportKind, Takeovers};
use super::resolve::Resolver;
use crate::db::models::{CompanyFields, HistoryEntry, ImportItem, NewCompany};
use crate::db::{bulk, repo};
use crate::db::{DbConn, DbError};
use crate::domain::{
    CompanyDraft, CompanyId, Entity, HistoryAction, HistoryId, Id, TagId, Tagged, UserId,
};

/// Time spent writing, per part (logged at the end of an import; `benches/transfer.rs` prints it).
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteTimes {
    pub companies: std::time::Duration,
    pub records: std::time::Duration,
    pub tags: std::time::Duration,
    pub history: std::time::Duration,
    pub items: std::time::Duration,
}

pub struct Writer<K: ImportKind> {
    pub import_id: Id,
    pub times: WriteTimes,
    actor: Option<UserId>,
    now: NaiveDateTime,
    companies: Vec<NewCompany>,
    records: Vec<K::New>,
    tags: Vec<(Tagged, String)>,
    history: Vec<HistoryEntry>,
    items: Vec<ImportItem>,
    /// contacts: the batch's primary-contact takeovers
    pub takeovers: Takeovers,
}

impl<K: ImportKind> Writer<K> {
    pub fn new(import_id: Id, actor: Option<UserId>, now: NaiveDateTime) -> Self {
        Writer {
            import_id,
            times: WriteTimes::default(),
            actor,
            now,
            companies: Vec::new(),
            records: Vec::new(),
            tags: Vec::new(),
            history: Vec::new(),
            items: Vec::new(),
            takeovers: Takeovers::default(),
        }
    }

    /// Forget everything buffered (nothing will be written after all).
    pub fn clear(&mut self) {
        self.companies.clear();
        self.records.clear();
        self.tags.clear();
        self.history.clear();
        self.items.clear();
        self.takeovers.demote.clear();
    }

    fn created(&mut self, entity: Entity, id: Id, changes: String) {
        self.history.push(HistoryEntry {
            id: HistoryId::new(),
            at: self.now,
            actor_id: self.actor,
            entity,
            entity_id: id,
            action: HistoryAction::Create,
            changes,
        });
        self.items.push(ImportItem {
            import_id: self.import_id,
            entity,
            record_id: id,
            action: HistoryAction::Create,
            version: 1,
            before: None,
        });
    }

    /// A company a row named that does not exist yet.
    pub fn company(
        &mut self,
        id: CompanyId,
        name: &str,
    ) -> Result<(), crate::domain::ValidationErrors> {
        let fields = CompanyFields::from(CompanyDraft::new(name).validated()?);
        let changes = super::kinds::created_changes(&fields, &[]);
        self.created(Entity::Companies, id.id(), changes);
        self.companies.push(NewCompany {
            id,
            fields,
            created_at: self.now,
            updated_at: self.now,
        });
        Ok(())
    }

    pub fn record(&mut self, new: K::New, tags: &[String]) {
        let id = K::new_id(&new);
        self.created(K::ENTITY, id, K::changes(&new, tags));
        if let Some(target) = K::tagged(id) {
            self.tags.extend(tags.iter().map(|t| (target, t.clone())));
        }
        self.records.push(new);
    }

    /// An update made through the repository: remember the fields before it for undo.
    pub fn updated(&mut self, id: Id, version: i32, before: serde_json::Value) {
        self.items.push(ImportItem {
            import_id: self.import_id,
            entity: K::ENTITY,
            record_id: id,
            action: HistoryAction::Update,
            version,
            before: Some(before.to_string()),
        });
    }

    /// Write everything buffered: companies first (records refer to them), the demotions of the
    /// primary contacts new ones take over from, then the records,
    /// their tags, history and import items.
    pub fn flush(&mut self, conn: &mut DbConn, resolver: &mut Resolver) -> Result<(), DbError> {
        let mut clock = std::time::Instant::now();
        let mut lap = |part: &mut std::time::Duration| {
            let now = std::time::Instant::now();
            *part += now - clock;
            clock = now;
        };
        bulk::flat::insert_companies(conn, &self.companies)?;
        lap(&mut self.times.companies);
        // the current primary contacts first: the new ones would break `contacts_primary_uq`
        bulk::primaries::demote(conn, self.actor, &self.takeovers.demote, self.now)?;
        self.takeovers.demote.clear();
        K::insert(conn, &self.records)?;
        lap(&mut self.times.records);
        let mut links = Vec::with_capacity(self.tags.len());
        for (target, name) in std::mem::take(&mut self.tags) {
            links.push((target, tag_id(conn, resolver, self.actor, &name)?));
        }
        bulk::tags::insert_links(conn, links, self.now)?;
        lap(&mut self.times.tags);
        repo::import::add_history(conn, &self.history)?;
        lap(&mut self.times.history);
        repo::import::add_items(conn, &self.items)?;
        lap(&mut self.times.items);
        self.clear();
        Ok(())
    }
}

/// The live tag with this name, created (with its own history) the first time it is needed.
pub fn tag_id(
    conn: &mut DbConn,
    resolver: &mut Resolver,
    actor: Option<UserId>,
    name: &str,
) -> Result<TagId, DbError> {
    let key = name.to_lowercase();
    if let Some(id) = resolver.tags.get(&key) {
        return Ok(*id);
    }
    let tag = repo::tag::ensure(conn, actor, name)?;
    resolver.tags.insert(key, tag.id);
    Ok(tag.id)
}
