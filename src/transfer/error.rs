//! Errors of moving data in and out. Row-level problems are not errors: they are collected in the
//! import report; these stop the whole operation.

use std::path::Path;

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Bad options, or a file that cannot be read as the format it claims to be.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    NotFound(String),
    /// Undo refused: records changed since the import. Nothing was written.
    #[error("{0}")]
    Conflict(String),
}

impl TransferError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        TransferError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
