//! Another tool's ids in an import: a row's own (`Record ID` 9001 that is not a UUID, or an
//! `external_id` column) with the file's source (`hubspot`), and those of the records it links to
//! (`Associated Company ID`). A batch looks up, per source, which live records have those ids;
//! a row whose external id is found is that record (a duplicate, updated with
//! `--on-duplicate update`); a new one keeps its external id once written.

use std::collections::HashMap;

use super::Engine;
use crate::db::repo::external as repo;
use crate::db::{DbConn, DbError};
use crate::domain::external::{record_ref, source_name, RecordRef};
use crate::domain::{Entity, ExternalRef, Id};
use crate::transfer::catalogue::{Ref, Slot};
use crate::transfer::kinds::ImportKind;

/// What the engine knows of external ids during an import.
#[derive(Default)]
pub struct Externals {
    /// (source, external id) of a live record of the imported entity -> its id
    found: HashMap<ExternalRef, Id>,
    /// external ids of records this import creates -> the id they get
    new: HashMap<ExternalRef, Id>,
    /// linked records by external id, per kind of reference
    links: HashMap<(Entity, String), Id>,
    /// to set once the records are written
    pending: Vec<(Id, ExternalRef)>,
}

/// The records a batch's external ids found: its own (for the duplicate lookup) and its links.
type Prefetched = (Vec<Id>, Vec<(Ref, Id)>);

/// The entity a reference points to, if it keeps external ids.
pub fn target(r: Ref) -> Option<Entity> {
    match r {
        Ref::Company | Ref::Parent => Some(Entity::Companies),
        Ref::Contact => Some(Entity::Contacts),
        Ref::Deal => Some(Entity::Deals),
        _ => None,
    }
}

impl<K: ImportKind> Engine<'_, K> {
    /// The row's external reference: its `external_id` cell, else an `id` cell that is not a
    /// UUID; its source from the `external_source` cell, else the file's. `Err` says what is
    /// wrong (the field it concerns, the reason).
    pub(super) fn external(
        &self,
        cells: &[String],
    ) -> Result<Option<ExternalRef>, (&'static str, String)> {
        if !repo::supported(K::ENTITY) {
            return Ok(None);
        }
        let id = match (
            self.cell(cells, "external_id"),
            self.cell(cells, "id").map(|raw| record_ref(&raw)),
        ) {
            (Some(ext), _) => crate::domain::external::check_part("the external id", &ext)
                .map_err(|why| ("external_id", why))?,
            (None, Some(Ok(RecordRef::External(ext)))) => ext,
            (None, Some(Err(why))) => return Err(("id", why)),
            _ => return Ok(None),
        };
        let source = match self.cell(cells, "external_source") {
            Some(s) => source_name(&s).map_err(|why| ("external_source", why))?,
            None => match &self.s.source {
                Some(s) => s.clone(),
                None => {
                    return Err((
                        "id",
                        format!(
                            "'{id}' is not a rolo id (a UUID); to keep it as another tool's id, \
                             say which tool with --source NAME (e.g. --source hubspot)"
                        ),
                    ))
                }
            },
        };
        Ok(Some(ExternalRef { source, id }))
    }

    /// Look up the external ids a batch's rows give (their own and their links); returns the ids
    /// of the records found, for the batch's other lookups.
    pub(super) fn prefetch_external(
        &mut self,
        conn: &mut DbConn,
        own: Vec<ExternalRef>,
        links: Vec<(Ref, String)>,
    ) -> Result<Prefetched, DbError> {
        let mut by_source: HashMap<String, Vec<String>> = HashMap::new();
        for r in own.iter().cloned() {
            if !self.ext.found.contains_key(&r) && !self.ext.new.contains_key(&r) {
                by_source.entry(r.source).or_default().push(r.id);
            }
        }
        let mut ids = Vec::new();
        for (source, wanted) in by_source {
            for (ext, id) in repo::find(conn, K::ENTITY, &source, &wanted)? {
                self.ext.found.insert(
                    ExternalRef {
                        source: source.clone(),
                        id: ext,
                    },
                    id,
                );
            }
        }
        ids.extend(own.iter().filter_map(|r| self.ext.found.get(r)).copied());
        let mut ref_ids = Vec::new();
        let Some(source) = self.s.source.clone() else {
            return Ok((ids, ref_ids));
        };
        let mut by_entity: HashMap<Entity, Vec<String>> = HashMap::new();
        for (r, ext) in &links {
            if let Some(e) = target(*r) {
                if !self.ext.links.contains_key(&(e, ext.clone())) {
                    by_entity.entry(e).or_default().push(ext.clone());
                }
            }
        }
        for (e, wanted) in by_entity {
            for (ext, id) in repo::find(conn, e, &source, &wanted)? {
                self.ext.links.insert((e, ext), id);
            }
        }
        for (r, ext) in links {
            if let Some(id) = target(r).and_then(|e| self.ext.links.get(&(e, ext))) {
                ref_ids.push((r, *id));
            }
        }
        Ok((ids, ref_ids))
    }

    /// The record a row with this external reference is: a live one found, one this import
    /// creates, or (`None`) a new one.
    pub(super) fn external_id(&self, r: &ExternalRef) -> Option<Id> {
        self.ext
            .found
            .get(r)
            .or_else(|| self.ext.new.get(r))
            .copied()
    }

    /// A new record for this external reference.
    pub(super) fn new_external(&mut self, r: ExternalRef) -> Id {
        *self.ext.new.entry(r).or_default()
    }

    /// The record a reference cell that is not a UUID links to, by the file's source.
    pub fn link(&self, r: Ref, raw: &str) -> Option<Id> {
        let e = target(r)?;
        self.ext.links.get(&(e, raw.trim().to_string())).copied()
    }

    /// Set `r` on record `id` once it is written.
    pub(super) fn keep_external(&mut self, id: Id, r: ExternalRef) {
        if self.writing {
            self.ext.pending.push((id, r));
        }
    }

    pub(super) fn forget_pending_external(&mut self) {
        self.ext.pending.clear();
    }

    /// Write the external references of the records written so far.
    pub(super) fn write_external(&mut self, conn: &mut DbConn) -> Result<(), DbError> {
        for (id, r) in std::mem::take(&mut self.ext.pending) {
            repo::set(conn, K::ENTITY, id, &r)?;
        }
        Ok(())
    }
}

/// Whether a spec's cell is a reference by another tool's id (not a UUID).
pub fn foreign_ref(slot: Slot, value: &str) -> Option<Ref> {
    match slot {
        Slot::RefId(r) if value.parse::<Id>().is_err() => Some(r),
        _ => None,
    }
}
