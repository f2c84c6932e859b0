//! rolo: a keyboard-driven CRM that lives in the terminal.

pub mod db;
pub mod domain;
