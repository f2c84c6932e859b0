//! Typed errors of the data layer. The edge (CLI, TUI) turns them into messages and exit codes.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::domain::{Entity, Id, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{} {id} not found", .entity.singular())]
    NotFound { entity: Entity, id: Id },

    /// Optimistic concurrency: the record moved on since it was read. Nothing was written.
    #[error("{} {id} was changed by someone else since you read it (you had version {expected}, it is now version {actual}); nothing was overwritten — reload and apply your change again", .entity.singular())]
    Conflict {
        entity: Entity,
        id: Id,
        expected: i32,
        actual: i32,
    },

    #[error("invalid {}: {errors}", .entity.singular())]
    Invalid {
        entity: Entity,
        errors: ValidationErrors,
    },

    #[error("{} {id} cannot be deleted: {reason}", .entity.singular())]
    InUse {
        entity: Entity,
        id: Id,
        reason: String,
    },

    #[error("already exists: {0}")]
    Duplicate(String),

    #[error("a referenced record does not exist: {0}")]
    BadReference(String),

    #[error("the database refused the value: {0}")]
    Constraint(String),

    #[error("invalid database URL '{url}': {reason}")]
    BadUrl { url: String, reason: String },

    #[error("cannot open the database {target}: {reason}")]
    Unavailable { target: String, reason: String },

    #[error("migration failed: {0}")]
    Migration(String),

    /// An applied migration this binary does not carry: a newer rolo migrated the database.
    #[error("this database's schema (migration {migration}) is newer than this rolo {} knows; install {}", super::version::ROLO_VERSION, .needs.as_ref().map_or_else(|| "a newer rolo".to_string(), |v| format!("rolo {v} or newer")))]
    NewerSchema {
        migration: String,
        /// The rolo version that applied it, when it recorded one.
        needs: Option<String>,
    },

    /// Migrations are pending and this connection may not apply them (a least-privilege role, a
    /// read-only file or read-only mode): the owner has to run `rolo migrate`.
    #[error("schema is {pending} migration{} behind; ask the owner to run `rolo migrate`", if *.pending == 1 { "" } else { "s" })]
    Behind { pending: usize },

    /// A write to a database opened read-only (SQLite file or folder not writable).
    #[error("the database is read-only, so nothing was written: {0}")]
    ReadOnly(String),

    /// Refused by the database's privileges or row-level security (PostgreSQL), or by the
    /// identity rules (who a login may act as). The text names what and why.
    #[error("not permitted: {0}")]
    Denied(String),

    /// The database stopped answering or refused mid-command for a reason outside rolo: locked
    /// by another program, disk full, connection lost, statement timeout. The text says which.
    #[error("{0}")]
    Interrupted(String),

    /// The acting user may not make this change (`domain::access`). Nothing was written.
    #[error("not permitted: {0}")]
    NotPermitted(#[from] crate::domain::access::Refusal),

    #[error("database error: {0}")]
    Query(DieselError),
}

impl DbError {
    pub fn invalid(entity: Entity, errors: impl Into<ValidationErrors>) -> Self {
        DbError::Invalid {
            entity,
            errors: errors.into(),
        }
    }
}

impl From<DieselError> for DbError {
    fn from(e: DieselError) -> Self {
        match &e {
            DieselError::DatabaseError(kind, info) => {
                let detail = match (
                    info.table_name(),
                    info.column_name(),
                    info.constraint_name(),
                ) {
                    (_, _, Some(c)) => format!("{} ({c})", info.message()),
                    _ => info.message().to_string(),
                };
                match kind {
                    DatabaseErrorKind::UniqueViolation => DbError::Duplicate(detail),
                    DatabaseErrorKind::ForeignKeyViolation => DbError::BadReference(detail),
                    DatabaseErrorKind::CheckViolation | DatabaseErrorKind::NotNullViolation => {
                        DbError::Constraint(detail)
                    }
                    DatabaseErrorKind::ClosedConnection => DbError::Interrupted(format!(
                        "lost the connection to the database server: {detail}"
                    )),
                    DatabaseErrorKind::ReadOnlyTransaction => DbError::ReadOnly(detail),
                    _ if is_sqlite_constraint(info.message()) => DbError::Constraint(detail),
                    _ => match denied(info.message()) {
                        Some(why) => DbError::Denied(why),
                        None => interrupted(info.message(), &detail).unwrap_or(DbError::Query(e)),
                    },
                }
            }
            _ => DbError::Query(e),
        }
    }
}

/// Errors that are the environment's, not rolo's: they are "unavailable" (exit 5), or "read-only".
fn interrupted(message: &str, detail: &str) -> Option<DbError> {
    let m = message.to_ascii_lowercase();
    let text = if m.contains("readonly database") || m.contains("read-only") {
        return Some(DbError::ReadOnly(detail.to_string()));
    } else if m.contains("database is locked") || m.contains("database table is locked") {
        "the database is locked by another program (waited for it and gave up)"
    } else if m.contains("disk is full") || m.contains("no space left on device") {
        "the disk holding the database is full"
    } else if m.contains("statement timeout") {
        "the query ran longer than the statement timeout (statement_timeout in the config file \
         or ROLO_STATEMENT_TIMEOUT, in seconds)"
    } else if m.contains("server closed the connection")
        || m.contains("no connection to the server")
        || m.contains("terminating connection")
        || m.contains("connection to server")
        || m.contains("could not receive data")
        || m.contains("could not send data")
    {
        "lost the connection to the database server"
    } else {
        return None;
    };
    Some(DbError::Interrupted(format!("{text}: {}", detail.trim())))
}

/// PostgreSQL's refusals: a missing privilege ("permission denied for table tags"), a row that
/// row-level security does not let this login write, and the login provisioning's own refusals
/// (which start with "not permitted: ").
fn denied(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("not permitted: ") {
        return Some(rest.to_string());
    }
    if message.starts_with("permission denied") {
        return Some(format!(
            "{message} (the database login's role does not allow it)"
        ));
    }
    if message.contains("violates row-level security policy") {
        return Some(format!(
            "{message} (the change would leave a record this login may not write)"
        ));
    }
    None
}

fn is_sqlite_constraint(message: &str) -> bool {
    message.contains("constraint failed")
}
