//! This binary's version: recorded with each migration it applies, and named when a database's
//! schema is newer than it knows.

pub const ROLO_VERSION: &str = env!("CARGO_PKG_VERSION");
