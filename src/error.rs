//! Errors at the edge, and the stable exit codes scripts rely on:
//! 0 ok, 1 internal error, 2 usage or invalid input, 3 not found, 4 conflict, 5 database unavailable
//! (unreachable, locked, disk full, connection lost, schema newer than this rolo), 6 not permitted
//! (a write to a database opened read-only, or in read-only mode).

use crate::db::DbError;
use crate::transfer::TransferError;

pub mod exit {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const NOT_FOUND: i32 = 3;
    pub const CONFLICT: i32 = 4;
    pub const UNAVAILABLE: i32 = 5;
    pub const NOT_PERMITTED: i32 = 6;
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Db(#[from] DbError),
    /// The user asked for something malformed (bad field, bad value, bad flag combination).
    #[error("{0}")]
    Usage(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("{0}")]
    NotFound(String),
    /// An invalid filter, rendered with a caret under the offending text.
    #[error("invalid filter:\n{0}")]
    Filter(String),
    /// A write asked for in read-only mode; the text says what (e.g. "creating companies").
    #[error("not permitted: {0} is not allowed in read-only mode (--read-only, ROLO_READ_ONLY or `read_only` in the config file); nothing was written")]
    ReadOnlyMode(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<crate::domain::FieldError> for AppError {
    fn from(e: crate::domain::FieldError) -> Self {
        AppError::Usage(e.to_string())
    }
}

/// A transfer error at the edge: the right message and exit code.
impl From<TransferError> for AppError {
    fn from(e: TransferError) -> Self {
        match e {
            TransferError::Db(e) => AppError::Db(e),
            TransferError::Usage(m) => AppError::Usage(m),
            TransferError::NotFound(m) => AppError::NotFound(m),
            TransferError::Conflict(m) => AppError::Usage(m),
            TransferError::Io { path, source } => {
                use std::io::ErrorKind::*;
                match source.kind() {
                    NotFound | PermissionDenied | AlreadyExists | IsADirectory | NotADirectory => {
                        AppError::Usage(format!("{path}: {source}"))
                    }
                    _ => AppError::Internal(format!("{path}: {source}")),
                }
            }
        }
    }
}

impl AppError {
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Db(e) => match e {
                DbError::NotFound { .. } => exit::NOT_FOUND,
                DbError::Conflict { .. } => exit::CONFLICT,
                DbError::Invalid { .. }
                | DbError::InUse { .. }
                | DbError::Duplicate(_)
                | DbError::BadReference(_)
                | DbError::Constraint(_)
                | DbError::BadUrl { .. } => exit::USAGE,
                DbError::Unavailable { .. }
                | DbError::Interrupted(_)
                | DbError::NewerSchema { .. }
                | DbError::Behind { .. } => exit::UNAVAILABLE,
                DbError::ReadOnly(_) | DbError::Denied(_) | DbError::NotPermitted(_) => {
                    exit::NOT_PERMITTED
                }
                DbError::Migration(_) | DbError::Query(_) => exit::INTERNAL,
            },
            AppError::Usage(_) | AppError::Config(_) | AppError::Filter(_) => exit::USAGE,
            AppError::NotFound(_) => exit::NOT_FOUND,
            AppError::ReadOnlyMode(_) => exit::NOT_PERMITTED,
            AppError::Io(_) | AppError::Internal(_) => exit::INTERNAL,
        }
    }
}
