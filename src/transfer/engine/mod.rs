//! The import loop. Rows arrive a batch at a time; for a batch the engine looks up, in a few
//! queries, the related records the rows name and the existing records they may duplicate, then
//! decides each row (create, update, unchanged, duplicate, empty or invalid) and hands new records
//! to the writer, which bulk-inserts the batch. Within the file the first row with a key wins;
//! later rows with the same key (emails differing only in case included) are duplicates.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::catalogue::{Ref, Slot, Spec};
use super::kinds::ImportKind;
use super::mapping::Mapping;
use super::options::{MatchKey, OnDuplicate};
use super::rejects::Reject;
use super::report::{Report, Skipped};
use super::resolve::{Found, Resolver};
use super::source::SourceRow;
use super::writer::Writer;
use super::TransferError;
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, Id, UserId};

mod apply;
mod build;
mod duplicates;
mod external;
mod problems;

use duplicates::{Dup, Existing, SeenKeys};

/// The options the engine works by.
pub struct Settings<'a> {
    pub mapping: &'a Mapping,
    pub match_key: Option<MatchKey>,
    pub on_duplicate: OnDuplicate,
    pub skip_invalid: bool,
    pub actor: Option<UserId>,
    pub calling_code: Option<String>,
    /// The tool the file's foreign ids come from, if known.
    pub source: Option<String>,
    /// The file, to read an earlier row back (confirming an in-file duplicate).
    pub input: &'a crate::transfer::input::InputFile,
}

pub struct Engine<'a, K: ImportKind> {
    s: Settings<'a>,
    imported: Vec<(usize, &'static Spec)>,
    columns: HashMap<&'static str, usize>,
    pub resolver: Resolver,
    seen_keys: SeenKeys,
    seen_ids: HashMap<Id, u64>,
    primaries: HashMap<CompanyId, u64>,
    pub report: Report,
    /// False in a dry run, and from the first invalid row on unless invalid rows are skipped.
    pub writing: bool,
    writer: Writer<K>,
    ext: external::Externals,
    pub rejects: Vec<Reject>,
    now: NaiveDateTime,
}

impl<'a, K: ImportKind> Engine<'a, K> {
    pub fn new(
        conn: &mut DbConn,
        s: Settings<'a>,
        report: Report,
        import_id: Id,
        writing: bool,
    ) -> Result<Self, DbError> {
        let imported = s.mapping.imported();
        let columns = imported.iter().map(|(i, spec)| (spec.name, *i)).collect();
        let now = crate::db::now();
        Ok(Engine {
            writer: Writer::new(import_id, s.actor, now),
            s,
            imported,
            columns,
            resolver: Resolver::load(conn)?,
            seen_keys: SeenKeys::default(),
            seen_ids: HashMap::new(),
            primaries: HashMap::new(),
            report,
            writing,
            ext: Default::default(),
            rejects: Vec::new(),
            now,
        })
    }

    /// The trimmed, non-empty cell feeding field `name`.
    fn cell(&self, cells: &[String], name: &str) -> Option<String> {
        let i = *self.columns.get(name)?;
        let v = cells.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    fn label(&self, column: usize) -> String {
        self.s.mapping.columns[column].label.clone()
    }

    /// Decide and (when writing) apply a batch of rows.
    pub fn batch(&mut self, conn: &mut DbConn, rows: Vec<SourceRow>) -> Result<(), TransferError> {
        let mut names = Vec::new();
        let mut ref_ids = Vec::new();
        let mut ids = Vec::new();
        let mut row_keys = Vec::with_capacity(rows.len());
        let (mut own_ext, mut links) = (Vec::new(), Vec::new());
        // the companies rows making a contact their primary contact name (by name, then by id)
        let mut primary_of = (Vec::new(), Vec::new());
        let contacts = K::ENTITY == crate::domain::Entity::Contacts;
        for row in &rows {
            let Ok(cells) = row.cells.as_ref() else {
                row_keys.push(None);
                continue;
            };
            own_ext.extend(self.external(cells).ok().flatten());
            let primary = contacts
                && self
                    .cell(cells, "is_primary")
                    .is_some_and(|v| crate::domain::parse_bool("is_primary", &v) == Ok(true));
            for &(col, spec) in &self.imported {
                let v = cells[col].trim();
                if let Some(r) = external::foreign_ref(spec.slot, v).filter(|_| !v.is_empty()) {
                    links.push((r, v.to_string()));
                }
                match spec.slot {
                    _ if v.is_empty() => {}
                    Slot::Ref(r) => {
                        if primary && r == Ref::Company {
                            primary_of.0.push((r, v.to_string()));
                        }
                        names.push((r, v.to_string()))
                    }
                    Slot::RefId(r) => {
                        let id = v.parse::<Id>().ok().map(|id| (r, id));
                        if primary && r == Ref::Company {
                            primary_of.1.extend(id);
                        }
                        ref_ids.extend(id)
                    }
                    Slot::RecordId => ids.extend(v.parse::<Id>().ok()),
                    _ => {}
                }
            }
            row_keys.push(
                self.s
                    .match_key
                    .and_then(|m| K::key(m, &|n| self.cell(cells, n))),
            );
        }
        let (ext_ids, ext_ref_ids) = self.prefetch_external(conn, own_ext, links)?;
        ids.extend(ext_ids);
        ref_ids.extend(ext_ref_ids);
        self.resolver.prefetch(conn, &names, &ref_ids)?;
        if self.writing && contacts {
            self.prefetch_primaries(conn, &primary_of.0, &primary_of.1)?;
        }
        let mut found = Existing {
            by_id: K::get_many(conn, &ids)?
                .into_iter()
                .map(|r| (K::state(&r).0, r))
                .collect(),
            by_key: HashMap::new(),
        };
        if let Some(m) = self.s.match_key {
            let mut keys: Vec<String> = row_keys.iter().flatten().cloned().collect();
            keys.sort();
            keys.dedup();
            for (k, r) in K::find(conn, m, &keys)? {
                found.by_key.entry(k).or_default().push(r);
            }
        }
        for (row, key) in rows.into_iter().zip(row_keys) {
            self.row(conn, row, key, &found)?;
        }
        if self.writing {
            self.writer.flush(conn, &mut self.resolver)?;
            self.write_external(conn)?;
        }
        Ok(())
    }

    /// The live primary contacts of the existing companies the batch's primary contact rows name
    /// (by name, domain or id), in one query: such a row then takes over without a lookup of
    /// its own, and the demotions are written with the batch. Only those rows' companies: a
    /// batch of 5,000 contacts names about as many companies, but only a tenth of its rows (at
    /// data set L) are primary contacts, and reading every named company's primary was a tenth
    /// of the import's time. A company it does not cover is looked up on its own if need be.
    fn prefetch_primaries(
        &mut self,
        conn: &mut DbConn,
        names: &[(Ref, String)],
        ref_ids: &[(Ref, Id)],
    ) -> Result<(), DbError> {
        let mut companies: Vec<CompanyId> = names
            .iter()
            .filter(|(r, _)| *r == Ref::Company)
            .filter_map(|(r, v)| match self.resolver.by_name(*r, v, false) {
                Ok(Found::Id(id)) => Some(CompanyId(id)),
                _ => None,
            })
            .chain(
                ref_ids
                    .iter()
                    .filter(|(r, id)| *r == Ref::Company && self.resolver.by_id(*r, *id))
                    .map(|(_, id)| CompanyId(*id)),
            )
            .collect();
        companies.sort();
        companies.dedup();
        let current = crate::db::bulk::primaries::live_primaries(conn, &companies)?;
        self.writer.takeovers.prefetched(companies, current);
        Ok(())
    }

    fn row(
        &mut self,
        conn: &mut DbConn,
        row: SourceRow,
        key: Option<String>,
        found: &Existing<K::Row>,
    ) -> Result<(), TransferError> {
        self.report.rows += 1;
        let line = row.line;
        let cells = match &row.cells {
            Ok(cells) => cells,
            Err(why) => {
                let p = self.problem(line, None, None, format!("the row {why}"));
                self.invalid(&row, vec![p]);
                return Ok(());
            }
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            self.report.empty += 1;
            self.report.skipped.push(Skipped {
                line,
                reason: "empty row".into(),
            });
            return Ok(());
        }
        let ext = match self.external(cells) {
            Ok(ext) => ext,
            Err((field, why)) => {
                let col = self.columns.get(field).map(|c| self.label(*c));
                let p = self.problem(line, col, Some(field), why);
                self.invalid(&row, vec![p]);
                return Ok(());
            }
        };
        let id = match self.cell(cells, "id").map(|raw| (raw.parse::<Id>(), raw)) {
            Some((Ok(id), _)) => Some(id),
            // another tool's id: the record found by it, if any
            Some((Err(_), _)) | None if ext.is_some() => {
                ext.as_ref().and_then(|r| self.external_id(r))
            }
            None => None,
            Some((Err(_), raw)) => {
                let col = self.columns.get("id").map(|c| self.label(*c));
                let p = self.problem(
                    line,
                    col,
                    Some("id"),
                    format!("'{raw}' is not a record id (a UUID)"),
                );
                self.invalid(&row, vec![p]);
                return Ok(());
            }
        };
        let singular = K::ENTITY.singular();
        let dup = self.duplicate(id, key.as_deref(), found)?;
        let on_dup = self.s.on_duplicate;
        match dup {
            Dup::No => {
                let id = match (id, &ext) {
                    (None, Some(r)) => Some(self.new_external(r.clone())),
                    _ => id,
                };
                self.create(conn, &row, cells, id, key, ext)?
            }
            Dup::InFile(first, what) if on_dup == OnDuplicate::Fail => {
                let p = self.problem(
                    line,
                    None,
                    None,
                    format!("duplicate of line {first} ({what})"),
                );
                self.invalid(&row, vec![p]);
            }
            Dup::InFile(first, what) => self.skip(
                line,
                format!("duplicate of line {first} ({what}); the first row wins"),
            ),
            Dup::Record(existing, what) => {
                let rid = K::state(existing).0;
                match on_dup {
                    OnDuplicate::Skip => {
                        self.skip(line, format!("matches existing {singular} {rid} ({what})"))
                    }
                    OnDuplicate::Fail => {
                        let why = format!("duplicate of existing {singular} {rid} ({what})");
                        let p = self.problem(line, None, None, why);
                        self.invalid(&row, vec![p]);
                    }
                    OnDuplicate::Update => {
                        self.update(conn, &row, cells, existing, id, key, ext)?
                    }
                }
            }
            Dup::Ambiguous(n, what) => {
                let why = format!("matches {n} existing {} ({what})", K::ENTITY);
                match on_dup {
                    OnDuplicate::Skip => self.skip(line, why),
                    _ => {
                        let p = self.problem(
                            line,
                            None,
                            None,
                            format!("{why}; cannot tell which one it is"),
                        );
                        self.invalid(&row, vec![p]);
                    }
                }
            }
            Dup::DeletedId(rid) => {
                let col = self.columns.get("id").map(|c| self.label(*c));
                let command = match K::ENTITY {
                    crate::domain::Entity::Stages => "stages",
                    e => e.as_str(),
                };
                let why = format!(
                    "id {rid} belongs to a deleted {singular}; restore it first (rolo {command} restore {rid})"
                );
                let p = self.problem(line, col, Some("id"), why);
                self.invalid(&row, vec![p]);
            }
        }
        Ok(())
    }

    pub fn finish(&mut self, conn: &mut DbConn) -> Result<(), TransferError> {
        if self.writing {
            self.writer.flush(conn, &mut self.resolver)?;
            self.write_external(conn)?;
        }
        Ok(())
    }

    pub fn write_times(&self) -> super::writer::WriteTimes {
        self.writer.times
    }
}
