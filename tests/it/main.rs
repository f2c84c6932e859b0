//! The integration tests, one test binary: each file here is a module (one area of rolo), the
//! shared fixtures are `common`, `board_fixture`, `checks` and `filter_ref`. One binary links the
//! library once instead of once per file. Run one area with `cargo test --test it -- MODULE::`.

// the fixtures first: `both_backends!` is defined in `common` and used by the modules below
#[macro_use]
mod common;
mod board_fixture;
mod checks;
mod filter_ref;

mod access_rules;
mod agenda;
mod backup;
mod board;
mod board_cli;
mod board_prop;
mod cli;
mod cli_filter;
mod cli_limits;
mod cli_sets;
mod cli_sort;
mod cli_views;
mod concurrency;
mod db_lifecycle;
mod db_unavailable;
mod export_roundtrip;
mod export_spreadsheet;
mod filter_differential;
mod filter_fuzz;
mod filter_fuzz_limits;
mod filter_parser;
mod filter_shapes;
mod filter_sql;
mod first_run_cli;
mod history_cli;
mod import_bulk;
mod import_cli;
mod import_csv;
mod import_entities;
mod import_external;
mod import_headers;
mod import_kill;
mod import_logged;
mod import_primary;
mod import_quotes;
mod import_undo;
mod import_users_stages;
mod least_privilege;
mod list_limit;
mod live_feed;
mod logging;
mod migrations;
mod money_limits;
mod output_files;
mod output_safety;
mod pg_security;
mod pool_memory;
mod pooler;
mod read_only;
mod repo_activity;
mod repo_company;
mod repo_contact;
mod repo_deal;
mod repo_people_and_labels;
mod repo_sort;
mod seed_synthetic;
mod snap;
mod startup;
mod tls;
mod tui_activities;
mod tui_deal_undo;
mod tui_e2e;
mod tui_first_run;
mod tui_forms;
mod tui_sort;
mod tui_stages;
mod tui_views;
