//! The data layer: connection + pool, schema, models and one repository module per entity.
//! Repository functions take `&mut DbConn` so callers compose transactions.

pub mod access;
pub mod bulk;
pub mod conn;
pub mod error;
pub mod fold;
pub mod migrate;
pub mod models;
pub mod plan;
pub mod record;
pub mod repo;
pub mod schema;
pub mod types;
pub mod version;

pub use conn::{open_pool, write_transaction, BackendKind, DatabaseUrl, DbConn, Pool, PooledConn};
pub use error::DbError;

/// The current UTC time (the process clock, microseconds): what every stored timestamp is.
pub use crate::domain::clock::now;
