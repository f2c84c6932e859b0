//! The TUI snapshot tests (insta, rendered with ratatui's `TestBackend`): every pane, record
//! tabs, forms, the board, the timeline and the stages screen. The demo data is dated from the
//! clock and the pictures show minutes, so each test stops its thread's clock at `common::NOW`
//! first ([`frozen_clock`]): what it renders does not depend on how long the binary has run, on
//! today's date or on the machine's zone.

mod tui_cmdline_snapshots;
mod tui_form_snapshots;
mod tui_history_snapshots;
mod tui_identity_snapshots;
mod tui_pipeline_snapshots;
mod tui_snapshots;
mod tui_wide_snapshots;

/// Stop this test's clock at [`crate::common::NOW`] until the guard is dropped (the end of the
/// test): the demo data, the agenda's "today" and every timestamp the test writes read it.
pub fn frozen_clock() -> rolo::domain::clock::Frozen {
    crate::common::fixed_clock();
    let at = rolo::domain::clock::parse(crate::common::NOW).expect("NOW parses");
    rolo::domain::clock::freeze_here(at)
}
