//! Writes of many rows at once, for the import and the synthetic seed: new records as flat rows
//! (`flat`), tag links (`tags`), and bulk mode's dropping and rebuilding of secondary indexes
//! (`indexes`), primary-contact takeovers (`primaries`); the synthetic seed's batches of models and its index drop (`seed`); the session
//! settings of a load (`tuning`). The statements themselves (multi-row `INSERT` on SQLite, binary
//! `COPY` on PostgreSQL) are `repo::import::bulk_insert`.

pub mod flat;
pub mod indexes;
pub mod primaries;
pub mod seed;
pub mod tags;
pub mod tuning;
