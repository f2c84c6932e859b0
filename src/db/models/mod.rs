//! Row structs (what a SELECT returns), and per entity a `…Fields` struct that is both the
//! insertable and the changeset of the user-editable columns. Rows embed their fields, so the
//! history diff of an update is the diff of two `…Fields` values.

pub mod company;
pub mod history;

pub use company::{Company, CompanyFields, NewCompany};
pub use history::HistoryEntry;
