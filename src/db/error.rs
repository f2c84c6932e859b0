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
                    DatabaseErrorKind::ClosedConnection => DbError::Unavailable {
                        target: "the server".into(),
                        reason: detail,
                    },
                    _ if is_sqlite_constraint(info.message()) => DbError::Constraint(detail),
                    _ => DbError::Query(e),
                }
            }
            _ => DbError::Query(e),
        }
    }
}

fn is_sqlite_constraint(message: &str) -> bool {
    message.contains("constraint failed")
}
