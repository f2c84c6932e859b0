//! The options of an import: which entity, which file and format, how columns map, what makes
//! a duplicate and what to do with one, and how invalid rows are handled.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::progress::ProgressMode;
use crate::domain::{Entity, UserId};

/// Which field says two records are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    Email,
    Domain,
    /// Companies: name; contacts: first and last name; deals: title; activities: subject.
    Name,
}

impl MatchKey {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKey::Email => "email",
            MatchKey::Domain => "domain",
            MatchKey::Name => "name",
        }
    }

    /// The fields a key is read from, per entity.
    pub(crate) fn fields(self, entity: Entity) -> &'static [&'static str] {
        match (self, entity) {
            (MatchKey::Email, _) => &["email"],
            (MatchKey::Domain, _) => &["domain"],
            (MatchKey::Name, Entity::Contacts) => &["first_name", "full_name"],
            (MatchKey::Name, Entity::Deals) => &["title"],
            (MatchKey::Name, Entity::Activities) => &["subject"],
            (MatchKey::Name, _) => &["name"],
        }
    }
}

/// What to do with a row that matches an existing record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the record as it is (the row is reported as a duplicate).
    #[default]
    Skip,
    /// Set the row's non-empty cells on the record.
    Update,
    /// The row is invalid.
    Fail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Vcf,
}

impl Format {
    /// `.vcf` and `.vcard` files are vCards; everything else is CSV.
    pub fn of_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(e) if e == "vcf" || e == "vcard" => Format::Vcf,
            _ => Format::Csv,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub entity: Entity,
    pub path: PathBuf,
    pub format: Option<Format>,
    pub delimiter: Option<u8>,
    /// `(header, field)` overrides; field `-` ignores the column.
    pub map: Vec<(String, String)>,
    pub match_key: Option<MatchKey>,
    pub on_duplicate: OnDuplicate,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub rejects: Option<PathBuf>,
    pub actor: Option<UserId>,
    /// For phone numbers without a country code (the config's `default_calling_code`).
    pub calling_code: Option<String>,
    /// The tool the file comes from (`hubspot`), for ids that are not rolo's: `--source`, else
    /// told by the headers (see `domain::external::detect_source`).
    pub source: Option<String>,
    pub progress: ProgressMode,
    /// Rows decided and written together.
    pub batch: usize,
}

impl ImportOptions {
    pub fn new(entity: Entity, path: impl Into<PathBuf>) -> Self {
        ImportOptions {
            entity,
            path: path.into(),
            format: None,
            delimiter: None,
            map: Vec::new(),
            match_key: None,
            on_duplicate: OnDuplicate::Skip,
            dry_run: false,
            skip_invalid: false,
            rejects: None,
            actor: None,
            calling_code: None,
            source: None,
            progress: ProgressMode::Quiet,
            batch: 5_000,
        }
    }
}
