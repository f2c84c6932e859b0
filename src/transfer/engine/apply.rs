//! A row's outcome once it is known not to be a duplicate to skip: a new record (validated,
//! checked, handed to the writer) or an update of an existing one (through the repository, with
//! the fields before it kept for undo).

use super::{build, Engine};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ExternalRef, Id};
use crate::transfer::kinds::{ImportKind, NewCx};
use crate::transfer::source::SourceRow;
use crate::transfer::TransferError;

impl<K: ImportKind> Engine<'_, K> {
    pub(super) fn create(
        &mut self,
        conn: &mut DbConn,
        row: &SourceRow,
        cells: &[String],
        id: Option<Id>,
        key: Option<String>,
        ext: Option<ExternalRef>,
    ) -> Result<(), TransferError> {
        let line = row.line;
        let mut built = match build::build(self, K::blank(&self.resolver), cells, line) {
            Ok(b) => b,
            Err(problems) => {
                self.invalid(row, problems);
                return Ok(());
            }
        };
        if ext.is_some() && built.extras.id.is_none() {
            built.extras.id = id;
        }
        let mut cx = NewCx {
            conn,
            resolver: &self.resolver,
            writing: self.writing,
            actor: self.s.actor,
            primaries: &mut self.primaries,
            takeovers: &mut self.writer.takeovers,
            line,
            now: self.now,
        };
        let new = match K::new_record(&mut cx, built.draft, &built.extras) {
            Ok(new) => new,
            Err(errors) => {
                let problems = self.field_problems(line, errors);
                self.invalid(row, problems);
                return Ok(());
            }
        };
        self.new_companies(&built.companies);
        K::accepted(&mut self.resolver, &new);
        self.remember(row, id, key);
        if self.writing {
            self.writer.record(new, &built.extras.tags);
        }
        if let (Some(r), Some(id)) = (ext, built.extras.id) {
            self.keep_external(id, r);
        }
        self.report.created += 1;
        Ok(())
    }

    fn new_companies(&mut self, companies: &[(CompanyId, String)]) {
        for (cid, name) in companies {
            self.resolver.add_company(*cid, name, None);
            self.report.companies_created += 1;
            if self.writing {
                // the name was validated when the row was built
                let _ = self.writer.company(*cid, name);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn update(
        &mut self,
        conn: &mut DbConn,
        row: &SourceRow,
        cells: &[String],
        existing: &K::Row,
        id: Option<Id>,
        key: Option<String>,
        ext: Option<ExternalRef>,
    ) -> Result<(), TransferError> {
        let line = row.line;
        let (rid, version, _) = K::state(existing);
        let before = K::draft_of(existing);
        let built = match build::build(self, before.clone(), cells, line) {
            Ok(b) => b,
            Err(problems) => {
                self.invalid(row, problems);
                return Ok(());
            }
        };
        let new_tags = match K::tagged(rid) {
            Some(target) if !built.extras.tags.is_empty() => {
                let current: Vec<String> = crate::db::repo::tag::tags_of(conn, target)?
                    .into_iter()
                    .map(|t| t.fields.name.to_lowercase())
                    .collect();
                let mut tags = built.extras.tags.clone();
                tags.retain(|t| !current.contains(&t.to_lowercase()));
                tags
            }
            _ => Vec::new(),
        };
        if built.draft == before && new_tags.is_empty() {
            self.remember(row, id, key);
            self.report.unchanged += 1;
            return Ok(());
        }
        self.new_companies(&built.companies);
        if self.writing {
            self.writer.flush(conn, &mut self.resolver)?;
            let after = match K::update(conn, self.s.actor, rid, version, built.draft) {
                Ok(after) => after,
                Err(DbError::Invalid { errors, .. }) => {
                    let problems = self.field_problems(line, errors);
                    self.invalid(row, problems);
                    return Ok(());
                }
                // the repository's own rules (a user's email taken by another user, the last
                // admin, the kind of a stage that holds deals): the row is invalid
                Err(DbError::Duplicate(why)) | Err(DbError::InUse { reason: why, .. }) => {
                    let p = self.problem(line, None, None, format!("cannot update: {why}"));
                    self.invalid(row, vec![p]);
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            // the repository may have made or demoted a primary contact
            self.writer.takeovers.forget();
            let mut added = Vec::new();
            if let Some(target) = K::tagged(rid) {
                for name in &new_tags {
                    let tag = crate::transfer::writer::tag_id(
                        conn,
                        &mut self.resolver,
                        self.s.actor,
                        name,
                    )?;
                    crate::db::repo::tag::attach(conn, self.s.actor, tag, target)?;
                    added.push(tag.to_string());
                }
            }
            let before = serde_json::json!({ "draft": before, "tags_added": added });
            self.writer.updated(rid, K::state(&after).1, before);
            if let Some(r) = ext {
                self.keep_external(rid, r);
            }
        }
        self.remember(row, id, key);
        self.report.updated += 1;
        Ok(())
    }
}
