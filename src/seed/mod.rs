//! Data sets: the fixed demo set and the large synthetic one.

pub mod demo;
mod names;
pub mod synthetic;
