//! The TUI snapshot tests, in a test binary of their own: the demo data is dated from the
//! process's clock, which starts at `common::NOW` and then runs on, and the snapshots show
//! minutes. In the one integration binary (`tests/it`) the clock has run for minutes by the time
//! these render; here the process lives a few seconds. CI also runs this binary a year ahead and
//! in another zone (`.ci/run`).

// the fixtures of tests/it; this binary uses only part of them
#[allow(dead_code)]
#[path = "../it/common/mod.rs"]
mod common;

mod tui_form_snapshots;
mod tui_pipeline_snapshots;
mod tui_snapshots;
