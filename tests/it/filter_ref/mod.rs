//! The reference side of the filter differential test: an in-memory snapshot of a database
//! (`model`), an evaluator of checked filters over it written independently of the SQL lowering
//! (`eval`), and a generator of random filter text from the field catalogue and the data (`gen`).

pub mod eval;
pub mod gen;
pub mod model;
