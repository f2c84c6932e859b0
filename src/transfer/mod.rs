//! Moving data in and out of rolo: CSV and vCard import (header mapping, validation through the
//! domain drafts, duplicate detection, one transaction, undo), streaming export (CSV, JSON,
//! vCard), and backups. See docs/import-export.md.
//!
//! The import reads a file into [`source::SourceRow`]s (`csv_in`, `vcard`), maps columns to fields
//! (`mapping`, `catalogue`), and feeds batches to the `engine`, which resolves related records
//! (`resolve`), finds duplicates, builds and validates each row's draft (`kinds`), and hands new
//! records to the bulk `writer`. Everything runs in one write transaction.

pub mod backup;
mod bulk;
pub mod catalogue;
pub mod csv_in;
mod engine;
mod error;
pub mod export;
pub mod import;
mod input;
mod kinds;
pub mod mapping;
mod options;
mod order;
pub mod out_file;
mod pg_target;
mod progress;
mod rejects;
pub mod report;
mod resolve;
pub mod source;
pub mod spreadsheet;
pub mod undo;
pub mod values;
pub mod vcard;
pub mod vcard_out;
mod writer;

pub use error::TransferError;
pub use import::import;
pub use options::{ImportOptions, MatchKey, OnDuplicate};
pub use progress::{progress_mode, ProgressMode};
pub use report::Report;
