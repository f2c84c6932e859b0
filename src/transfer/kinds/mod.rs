//! What the import needs to know per entity: its draft, how to find existing records by a match
//! key, how to update one (through the repository) and how to build and bulk-insert new ones.
//! Users and pipeline stages are importable too, so that an export of everything imports back.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::options::MatchKey;
use super::resolve::Resolver;
use crate::db::models::Contact;
use crate::db::record::Record;
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, Entity, FieldError, Id, Tagged, UserId, ValidationErrors};

mod activity;
mod changes;
mod company;
mod contact;
mod deal;
mod stage;
mod user;

pub use activity::Activities;
pub use changes::created_changes;
pub use company::Companies;
pub use contact::Contacts;
pub use deal::Deals;
pub use stage::Stages;
pub use user::Users;

/// What a row carries besides its draft.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub id: Option<Id>,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub tags: Vec<String>,
}

/// The context of building one new record.
pub struct NewCx<'a> {
    pub conn: &'a mut DbConn,
    pub resolver: &'a Resolver,
    /// False in a dry run (or once an invalid row means nothing will be written): no side effects.
    pub writing: bool,
    pub actor: Option<UserId>,
    /// company -> line of the row that makes a contact its primary contact
    pub primaries: &'a mut HashMap<CompanyId, u64>,
    /// the batch's companies' current primary contacts and the demotions waiting for the flush
    pub takeovers: &'a mut Takeovers,
    pub line: u64,
    pub now: NaiveDateTime,
}

/// Primary-contact takeovers a batch at a time: the live primary contacts of every company the
/// batch names, read in one query before its rows are decided (`checked` holds the companies that
/// query covered), and the ones new primary contacts take over from, demoted in one statement when
/// the batch is written. A company the query did not cover is looked up on its own.
#[derive(Default)]
pub struct Takeovers {
    checked: HashSet<CompanyId>,
    current: HashMap<CompanyId, Contact>,
    pub demote: Vec<Contact>,
}

impl Takeovers {
    /// What the batch's one lookup found for these companies.
    pub fn prefetched(&mut self, companies: Vec<CompanyId>, current: HashMap<CompanyId, Contact>) {
        self.checked = companies.into_iter().collect();
        self.current = current;
    }

    /// The batch's lookup no longer holds (an update went through the repository, which may have
    /// changed a primary contact): later rows look their company up on their own.
    pub fn forget(&mut self) {
        self.checked.clear();
        self.current.clear();
    }

    /// `Some(current primary, if any)` when the batch's lookup covered the company.
    fn take(&mut self, company: CompanyId) -> Option<Option<Contact>> {
        self.checked
            .contains(&company)
            .then(|| self.current.remove(&company))
    }
}

/// The (id, created, updated) of a new record: the file's when given.
pub fn stamps(x: &Extras, now: NaiveDateTime) -> (Id, NaiveDateTime, NaiveDateTime) {
    let created = x.created_at.unwrap_or(now);
    let updated = x.updated_at.unwrap_or(now).max(created);
    (x.id.unwrap_or_default(), created, updated)
}

pub fn invalid(field: &'static str, reason: impl Into<String>) -> ValidationErrors {
    ValidationErrors::from(FieldError::new(field, reason))
}

/// An importable entity. What it shares with the CLI's and the TUI's record operations (setting
/// a field of its draft, a stored row's draft, updating a record through the repository) is its
/// [`Record`], which the provided methods call. The rest is the importer's own and why this is a
/// trait of its own rather than more methods on `Record`: an import decides a whole batch before
/// writing it, so it finds existing records by match key and by id in bulk (`find`, `get_many`),
/// builds new records without the repository (`new_record` checks what the repository's `create`
/// would, against the batch as well as the database) and bulk-inserts them with their history
/// (`insert`, `changes`), and reads a row's cells (`key`, `set_time`, `full_name`).
pub trait ImportKind {
    const ENTITY: Entity;
    /// The match keys the entity supports.
    const KEYS: &'static [MatchKey];
    type Draft: Clone + PartialEq + serde::Serialize + serde::de::DeserializeOwned;
    type Row;
    type New;
    /// The entity's repository operations.
    type Record: Record<Draft = Self::Draft, Row = Self::Row>;

    fn blank(r: &Resolver) -> Self::Draft;
    fn draft_of(row: &Self::Row) -> Self::Draft {
        Self::Record::draft_of(row)
    }
    /// (id, version, deleted)
    fn state(row: &Self::Row) -> (Id, i32, bool);
    fn set(d: &mut Self::Draft, field: &str, value: &str) -> Result<(), FieldError> {
        Self::Record::set(d, field, value)
    }
    fn set_time(
        _d: &mut Self::Draft,
        field: &'static str,
        _t: NaiveDateTime,
    ) -> Result<(), FieldError> {
        Err(FieldError::new(field, "is not a date-time field"))
    }
    /// Contacts: first and last name from a full name, when the row gives no first name.
    fn full_name(_d: &mut Self::Draft, _first: String, _last: Option<String>) {}
    fn validated(d: Self::Draft) -> Result<Self::Draft, ValidationErrors>;

    /// The match key of a row, from its cells by field name (`cell("email")`).
    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String>;
    /// Live records with these keys, each with its key.
    fn find(
        conn: &mut DbConn,
        m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Self::Row)>, DbError>;
    /// Records with these ids, live or deleted.
    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Self::Row>, DbError>;
    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: Self::Draft,
    ) -> Result<Self::Row, DbError> {
        Self::Record::update(conn, actor, id.into(), version, d)
    }

    /// The record to insert for a validated draft, with the checks the repository's `create`
    /// would make against the database (stage kinds, primary contacts, …).
    fn new_record(
        cx: &mut NewCx<'_>,
        d: Self::Draft,
        x: &Extras,
    ) -> Result<Self::New, ValidationErrors>;
    fn new_id(n: &Self::New) -> Id;
    fn changes(n: &Self::New, tags: &[String]) -> String;
    fn insert(conn: &mut DbConn, rows: &[Self::New]) -> Result<(), DbError>;
    /// After a new record is accepted (companies: later rows may name it as a parent).
    fn accepted(_r: &mut Resolver, _n: &Self::New) {}
    fn tagged(id: Id) -> Option<Tagged>;
}

/// Each found row with its key (`db::repo::matching` finds them), dropping rows without one.
pub fn keyed<R>(rows: Vec<R>, key_of: impl Fn(&R) -> Option<String>) -> Vec<(String, R)> {
    rows.into_iter()
        .filter_map(|r| key_of(&r).map(|k| (k, r)))
        .collect()
}
