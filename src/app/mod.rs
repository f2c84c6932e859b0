//! The application layer the command line and the TUI share: the session a front end works in
//! ([`Ctx`]), and what both do the same way, such as reading a filter with a saved view and
//! compiling it ([`query`]).
//!
//! It sits under `cli/` and `tui/` and over `transfer/`, `filter/`, `db/` and `domain/`; it never
//! imports a front end.

pub mod access;
pub mod board;
pub mod history;
mod identity;
pub mod me;
pub mod owner;
pub mod query;
mod session;
pub mod tags;

pub use session::{pool_error, Ctx};
