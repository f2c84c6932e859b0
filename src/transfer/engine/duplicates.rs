//! Whether a row duplicates an earlier row of the file or an existing record: by id first, then
//! by the match key (the first row with a key wins; emails differing only in case are the same).

use std::collections::HashMap;

use super::Engine;
use crate::domain::Id;
use crate::transfer::kinds::ImportKind;

/// Existing records a batch's rows may duplicate.
pub(super) struct Existing<R> {
    pub(super) by_id: HashMap<Id, R>,
    pub(super) by_key: HashMap<String, Vec<R>>,
}

pub(super) enum Dup<'r, R> {
    No,
    InFile(u64, String),
    Record(&'r R, String),
    Ambiguous(usize, String),
    DeletedId(Id),
}

impl<K: ImportKind> Engine<'_, K> {
    pub(super) fn duplicate<'r>(
        &self,
        id: Option<Id>,
        key: Option<&str>,
        found: &'r Existing<K::Row>,
    ) -> Dup<'r, K::Row> {
        if let Some(id) = id {
            if let Some(line) = self.seen_ids.get(&id) {
                return Dup::InFile(*line, format!("id {id}"));
            }
            if let Some(r) = found.by_id.get(&id) {
                return match K::state(r).2 {
                    true => Dup::DeletedId(id),
                    false => Dup::Record(r, format!("id {id}")),
                };
            }
        }
        let (Some(key), Some(m)) = (key, self.s.match_key) else {
            return Dup::No;
        };
        let what = format!("{} {key}", m.as_str());
        if let Some(line) = self.seen_keys.get(key) {
            return Dup::InFile(*line, what);
        }
        match found.by_key.get(key).map(Vec::as_slice) {
            Some([one]) => Dup::Record(one, what),
            Some(many) if many.len() > 1 => Dup::Ambiguous(many.len(), what),
            _ => Dup::No,
        }
    }

    pub(super) fn remember(&mut self, line: u64, id: Option<Id>, key: Option<String>) {
        if let Some(id) = id {
            self.seen_ids.insert(id, line);
        }
        if let Some(k) = key {
            self.seen_keys.insert(k, line);
        }
    }
}
