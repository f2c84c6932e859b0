//! Whether a row duplicates an earlier row of the file or an existing record: by id first, then
//! by the match key (the first row with a key wins; emails differing only in case are the same).
//!
//! The file's earlier keys are kept as a fixed-size fingerprint each (64 bits of a hash, with the
//! row's line and where it is in the file), not as the keys themselves: for 1,000,000 emails
//! that is about 50 MB less. A fingerprint found again is confirmed by reading that earlier row
//! back from the file and comparing its key, so two keys that happen to share a fingerprint are
//! never taken for duplicates (such a key is then kept whole, in `collided`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::Engine;
use crate::domain::Id;
use crate::transfer::kinds::ImportKind;
use crate::transfer::source::SourceRow;
use crate::transfer::TransferError;

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

/// Where the first row with a key is: its line, and its bytes in the file (to read it back).
#[derive(Debug, Clone, Copy)]
struct Seen {
    line: u64,
    start: u64,
    len: u32,
}

/// The keys of the rows seen so far, by fingerprint.
pub(super) struct SeenKeys {
    by_print: HashMap<u64, Seen>,
    /// Keys whose fingerprint an earlier, different key has: kept whole (almost never any).
    collided: HashMap<String, u64>,
    print: fn(&str) -> u64,
}

impl Default for SeenKeys {
    fn default() -> Self {
        SeenKeys {
            by_print: HashMap::new(),
            collided: HashMap::new(),
            print: fingerprint,
        }
    }
}

/// A key's fingerprint: 64 bits of SipHash with fixed keys (the same in every run).
fn fingerprint(key: &str) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl SeenKeys {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_print.len() + self.collided.len()
    }

    /// The line of the first row with `key`, if any. `key_at` gives the key of the row at a
    /// span of the file (read back), to confirm a fingerprint that matches.
    fn line_of(
        &self,
        key: &str,
        key_at: impl FnOnce(Range<usize>) -> Result<Option<String>, TransferError>,
    ) -> Result<Option<u64>, TransferError> {
        if let Some(line) = self.collided.get(key) {
            return Ok(Some(*line));
        }
        let Some(seen) = self.by_print.get(&(self.print)(key)) else {
            return Ok(None);
        };
        let start = seen.start as usize;
        let span = start..start + seen.len as usize;
        Ok((key_at(span)?.as_deref() == Some(key)).then_some(seen.line))
    }

    /// Remember the first row with `key` (the caller has checked it is the first).
    fn insert(&mut self, key: String, line: u64, span: &Range<usize>) {
        let seen = Seen {
            line,
            start: span.start as u64,
            len: u32::try_from(span.len()).unwrap_or(u32::MAX),
        };
        match self.by_print.entry((self.print)(&key)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(seen);
            }
            // another key with the same fingerprint came first
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(key, line);
            }
        }
    }
}

impl<K: ImportKind> Engine<'_, K> {
    pub(super) fn duplicate<'r>(
        &self,
        id: Option<Id>,
        key: Option<&str>,
        found: &'r Existing<K::Row>,
    ) -> Result<Dup<'r, K::Row>, TransferError> {
        if let Some(id) = id {
            if let Some(line) = self.seen_ids.get(&id) {
                return Ok(Dup::InFile(*line, format!("id {id}")));
            }
            if let Some(r) = found.by_id.get(&id) {
                return Ok(match K::state(r).2 {
                    true => Dup::DeletedId(id),
                    false => Dup::Record(r, format!("id {id}")),
                });
            }
        }
        let (Some(key), Some(m)) = (key, self.s.match_key) else {
            return Ok(Dup::No);
        };
        let what = format!("{} {key}", m.as_str());
        let key_at = |span: Range<usize>| -> Result<Option<String>, TransferError> {
            Ok(self
                .s
                .input
                .cells_at(span)?
                .and_then(|cells| K::key(m, &|n| self.cell(&cells, n))))
        };
        if let Some(line) = self.seen_keys.line_of(key, key_at)? {
            return Ok(Dup::InFile(line, what));
        }
        Ok(match found.by_key.get(key).map(Vec::as_slice) {
            Some([one]) => Dup::Record(one, what),
            Some(many) if many.len() > 1 => Dup::Ambiguous(many.len(), what),
            _ => Dup::No,
        })
    }

    pub(super) fn remember(&mut self, row: &SourceRow, id: Option<Id>, key: Option<String>) {
        if let Some(id) = id {
            self.seen_ids.insert(id, row.line);
        }
        if let Some(k) = key {
            self.seen_keys.insert(k, row.line, &row.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_file(_: Range<usize>) -> Result<Option<String>, TransferError> {
        panic!("nothing to confirm")
    }

    #[test]
    fn a_key_seen_is_found_by_its_fingerprint_and_confirmed_from_the_file() {
        let mut seen = SeenKeys::default();
        seen.insert("ann@example.com".into(), 7, &(120..180));
        let mut asked = None;
        let line = seen
            .line_of("ann@example.com", |span| {
                asked = Some(span);
                Ok(Some("ann@example.com".into()))
            })
            .unwrap();
        assert_eq!(line, Some(7));
        assert_eq!(asked, Some(120..180));
        assert_eq!(seen.line_of("bob@example.com", no_file).unwrap(), None);
    }

    #[test]
    fn a_fingerprint_whose_row_holds_another_key_is_no_duplicate() {
        let mut seen = SeenKeys::default();
        seen.insert("ann@example.com".into(), 7, &(120..180));
        // the row read back has a different key: as if two keys shared the fingerprint
        let line = seen
            .line_of("ann@example.com", |_| Ok(Some("zed@example.com".into())))
            .unwrap();
        assert_eq!(line, None);
    }

    #[test]
    fn keys_sharing_a_fingerprint_are_each_found_with_their_own_line() {
        // every key the same fingerprint: each one after the first collides
        let mut seen = SeenKeys {
            print: |_| 0,
            ..SeenKeys::default()
        };
        seen.insert("first".into(), 2, &(10..20));
        seen.insert("second".into(), 9, &(30..40));
        assert_eq!(seen.len(), 2);
        assert_eq!(seen.line_of("second", no_file).unwrap(), Some(9));
        let first = |span: Range<usize>| {
            assert_eq!(span, 10..20);
            Ok(Some("first".to_string()))
        };
        assert_eq!(seen.line_of("first", first).unwrap(), Some(2));
        assert_eq!(seen.line_of("third", first).unwrap(), None);
    }

    #[test]
    fn the_fingerprint_is_the_same_in_every_run() {
        assert_eq!(
            fingerprint("ann@example.com"),
            fingerprint("ann@example.com")
        );
        assert_ne!(
            fingerprint("ann@example.com"),
            fingerprint("Ann@example.com")
        );
    }
}
