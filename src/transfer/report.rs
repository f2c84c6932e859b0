//! What an import did (or, in a dry run, would do), row by row: every row is counted as created,
//! updated, unchanged, skipped (a duplicate or an empty row) or invalid, and every row that was
//! not imported is listed with its line number and why.

use crate::domain::text::sanitize;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::domain::Id;

/// One reason a row is invalid: which column (when one is to blame), which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub column: Option<String>,
    pub field: Option<String>,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        match (&self.column, &self.field) {
            (Some(c), Some(field)) if c != field => {
                write!(f, ", column '{}' ({field})", sanitize(c))?
            }
            (Some(c), _) => write!(f, ", column '{}'", sanitize(c))?,
            (None, Some(field)) => write!(f, " ({field})")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.reason)
    }
}

/// A row that was read but not written, and why (duplicates, empty rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub entity: String,
    pub file: String,
    pub format: String,
    pub delimiter: Option<String>,
    pub dry_run: bool,
    /// Whether the import was committed.
    pub written: bool,
    pub import_id: Option<Id>,
    pub match_key: Option<String>,
    pub on_duplicate: String,
    /// `column -> field` of the imported columns.
    pub columns: Vec<(String, String)>,
    /// The tool whose record ids (those that are not UUIDs) are kept as external ids.
    pub source: Option<String>,
    /// Columns not imported, with why.
    pub not_imported: Vec<(String, String)>,
    /// vCard properties rolo has no field for -> number of cards that had them.
    pub ignored_properties: BTreeMap<String, u64>,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    /// Rows that matched a record whose values they already had.
    pub unchanged: u64,
    pub duplicates: u64,
    pub empty: u64,
    pub invalid: u64,
    /// Companies created because a row named one that did not exist.
    pub companies_created: u64,
    pub problems: Vec<Problem>,
    pub skipped: Vec<Skipped>,
    pub rejects_file: Option<String>,
    pub rejects_written: u64,
}

impl Report {
    /// Rows accounted for: every row read is exactly one of these.
    pub fn accounted(&self) -> u64 {
        self.created + self.updated + self.unchanged + self.duplicates + self.empty + self.invalid
    }

    /// Would the import be refused (invalid rows without `--skip-invalid`)?
    pub fn refused(&self, skip_invalid: bool) -> bool {
        self.invalid > 0 && !skip_invalid
    }

    pub fn to_text(&self, skip_invalid: bool) -> String {
        let mut out = String::new();
        let _ = self.write_text(&mut out, skip_invalid);
        out
    }

    fn write_text(&self, out: &mut String, skip_invalid: bool) -> fmt::Result {
        let delim = self
            .delimiter
            .as_ref()
            .map(|d| format!(", delimiter '{d}'"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} from {} ({}{delim}): {} rows",
            self.entity, self.file, self.format, self.rows
        )?;
        if !self.columns.is_empty() {
            let cols: Vec<String> = self
                .columns
                .iter()
                .map(|(c, f)| format!("{} → {f}", sanitize(c)))
                .collect();
            writeln!(out, "columns: {}", cols.join(", "))?;
        }
        if let Some(source) = &self.source {
            writeln!(
                out,
                "source: {source} (ids that are not rolo's are {source} ids)"
            )?;
        }
        for (column, why) in &self.not_imported {
            writeln!(
                out,
                "not imported: column '{}': {}",
                sanitize(column),
                sanitize(why)
            )?;
        }
        for (prop, cards) in &self.ignored_properties {
            writeln!(
                out,
                "not imported: vCard property {prop} ({cards} cards): rolo has no field for it"
            )?;
        }
        let would = if self.dry_run || !self.written {
            "would be "
        } else {
            ""
        };
        let mut counts = vec![
            format!("{} {would}created", self.created),
            format!("{} {would}updated", self.updated),
        ];
        if self.unchanged > 0 {
            counts.push(format!("{} unchanged", self.unchanged));
        }
        counts.push(format!("{} duplicates skipped", self.duplicates));
        if self.empty > 0 {
            counts.push(format!("{} empty rows skipped", self.empty));
        }
        counts.push(format!("{} invalid", self.invalid));
        if self.companies_created > 0 {
            counts.push(format!(
                "{} companies {would}created",
                self.companies_created
            ));
        }
        writeln!(out, "{}", counts.join(", "))?;
        if !self.problems.is_empty() {
            writeln!(out, "invalid rows:")?;
            for p in &self.problems {
                writeln!(out, "  {p}")?;
            }
        }
        if !self.skipped.is_empty() {
            writeln!(out, "skipped rows:")?;
            for s in &self.skipped {
                writeln!(out, "  line {}: {}", s.line, s.reason)?;
            }
        }
        if let Some(file) = &self.rejects_file {
            match self.written {
                true => writeln!(
                    out,
                    "{} rejected rows written to {file}",
                    self.rejects_written
                )?,
                false => writeln!(
                    out,
                    "{} rejected rows would be written to {file}",
                    self.invalid
                )?,
            }
        }
        if self.dry_run {
            writeln!(out, "dry run: nothing was written")?;
        } else if self.refused(skip_invalid) {
            writeln!(
                out,
                "nothing was imported: {} invalid rows (fix them, or import the valid rows with --skip-invalid --rejects FILE)",
                self.invalid
            )?;
        } else if let Some(id) = self.import_id {
            writeln!(
                out,
                "import {id} recorded; undo it with: rolo import undo {id}"
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_line_column_and_field() {
        let p = |column: Option<&str>, field: Option<&str>| Problem {
            line: 7,
            column: column.map(String::from),
            field: field.map(String::from),
            reason: "is required".into(),
        };
        assert_eq!(
            p(Some("E-mail Address"), Some("email")).to_string(),
            "line 7, column 'E-mail Address' (email): is required"
        );
        assert_eq!(
            p(Some("email"), Some("email")).to_string(),
            "line 7, column 'email': is required"
        );
        assert_eq!(
            p(None, Some("first_name")).to_string(),
            "line 7 (first_name): is required"
        );
        assert_eq!(p(None, None).to_string(), "line 7: is required");
    }
}
