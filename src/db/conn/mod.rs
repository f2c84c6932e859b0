//! Connections and the pool. One [`DbConn`] type serves both backends (Diesel's `MultiConnection`);
//! the URL decides which: a file path or `sqlite://` is SQLite, `postgres://` is PostgreSQL.
//! We connect each backend ourselves so users see the backend's real error, not Diesel's generic one.
//!
//! `backend` (the connection type, the write transaction), `url` (where), `pg` (timeouts, session
//! settings in the connection string, a transaction-mode pooler), `sqlite` (pragmas, memory map, read-only fallback), `replaced` (a file
//! replaced under open connections), `pool` (connect by URL, r2d2).

mod backend;
mod pg;
mod pool;
mod replaced;
mod sqlite;
mod url;

pub use backend::{write_transaction, BackendKind, DbConn, MultiBackend};
pub use pg::{behind_pooler, pg_conninfo, Session, Timeouts, POOLER_PARAM};
pub use pool::{
    connect, connect_dedicated, connect_session, connect_with, open_pool, open_pool_mapped,
    open_pool_session, open_pool_with, still_current, Manager, Pool, PooledConn,
};
pub use replaced::replaced_files;
pub use sqlite::{read_only, SqliteMmap};
pub use url::{redact, DatabaseUrl};
