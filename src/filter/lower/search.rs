//! Free-text search: every word a substring of one of the entity's search columns.

use super::{Bind, Writer};
use crate::db::BackendKind;
use crate::domain::Entity;
use crate::filter::catalogue;

impl Writer<'_> {
    pub(super) fn search(&mut self, entity: Entity, q: &str, words: &[String]) {
        self.sql("(");
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                self.sql(" AND ");
            }
            self.search_word(entity, q, word);
        }
        self.sql(")");
    }

    /// One search word: a substring of one of the entity's search columns, ignoring ASCII case.
    /// SQLite answers words of three or more characters from the FTS5 trigram index.
    fn search_word(&mut self, entity: Entity, q: &str, word: &str) {
        let fts = match entity {
            Entity::Companies => Some("companies_fts"),
            Entity::Contacts => Some("contacts_fts"),
            _ => None,
        };
        if let (BackendKind::Sqlite, Some(fts), true) =
            (self.backend, fts, word.chars().count() >= 3)
        {
            self.sql(&format!(
                "{q}.seq IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
            ));
            self.bind(Bind::Text(format!("\"{}\"", word.replace('"', "\"\""))));
            self.sql(")");
            return;
        }
        let mut escaped = String::new();
        for ch in word.chars() {
            if matches!(ch, '%' | '_' | '\\') {
                escaped.push('\\');
            }
            escaped.push(ch);
        }
        let pattern = format!("%{escaped}%");
        let columns = catalogue::search_columns(entity);
        self.sql("(");
        if self.backend == BackendKind::Postgres && entity == Entity::Contacts {
            // the expression of the trigram index `contacts_name_trgm_idx`: a word (no spaces)
            // is in "first last" exactly when it is in the first or the last name, and only this
            // form lets PostgreSQL answer it from the index (issue 14: the `okafor` count read
            // every contact)
            self.sql(&format!(
                "lower({q}.first_name || ' ' || coalesce({q}.last_name, '')) LIKE "
            ));
            self.bind(Bind::Text(pattern.clone()));
            self.sql(" ESCAPE '\\' OR ");
            self.column(q, "email", true);
            self.sql(" LIKE ");
            self.bind(Bind::Text(pattern));
            self.sql(" ESCAPE '\\')");
            return;
        }
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                self.sql(" OR ");
            }
            self.column(q, column, true);
            self.sql(" LIKE ");
            self.bind(Bind::Text(pattern.clone()));
            self.sql(" ESCAPE '\\'");
        }
        self.sql(")");
    }
}
