//! rolo: a keyboard-driven CRM that lives in the terminal.
//!
//! `main.rs` only parses the command line and calls [`run`]; everything else lives here so tests
//! drive the library directly.

// standard output goes through cli::out (closed pipes, terminal-safe text)
#![deny(clippy::print_stdout)]

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod filter;
pub mod logging;
pub mod seed;
pub mod timing;
pub mod transfer;
pub mod tui;

use cli::Cli;
use config::Settings;
use error::AppError;

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Run the program; returns the process exit code. Errors are printed as one readable line.
pub fn run(cli: Cli) -> i32 {
    if let Err(e) = domain::clock::from_env() {
        return report(&AppError::Usage(e.to_string()));
    }
    let env_db = env_nonempty("ROLO_DATABASE_URL");
    let (database, from_env) = match cli.database {
        Some(db) => (Some(db), false),
        None => (env_db.clone(), env_db.is_some()),
    };
    let user = cli.as_user.or_else(|| env_nonempty("ROLO_USER"));
    let settings = match Settings::resolve(database, from_env, user, cli.read_only) {
        Ok(s) => s,
        Err(e) => return report(&e),
    };
    timing::mark("config");
    let writer = match cli.command {
        None => logging::Writer::Background,
        Some(_) => logging::Writer::Direct,
    };
    let _log_guard = logging::init(&settings.dirs.log_dir(), writer);
    tracing::info!(command = ?cli.command, database = %db::conn::redact(&settings.database), "start");
    timing::mark("logging");
    let result = match cli.command {
        None => app::Ctx::open_tui(&settings)
            .and_then(|ctx| tui::run(&ctx))
            .map(|()| error::exit::OK),
        Some(command) => cli::dispatch(command, &settings),
    }
    .inspect(|_| timing::mark("command"))
    .map_err(|e| match e {
        // the database refused a write that read-only mode asked it to refuse: say so
        AppError::Db(db::DbError::ReadOnly(_)) if settings.read_only => {
            AppError::ReadOnlyMode("writing to the database".into())
        }
        e => e,
    });
    match result {
        Ok(code) => code,
        // nobody reads standard output any more (`rolo … | head`): stop quietly, like git
        Err(e) if cli::out::stdout_closed() => {
            tracing::info!("standard output closed: {e}");
            error::exit::OK
        }
        Err(e) => {
            tracing::error!("{e}");
            report(&e)
        }
    }
}

fn report(e: &AppError) -> i32 {
    use std::io::Write;
    // a closed standard error must not turn a clean error report into a panic
    let _ = writeln!(
        std::io::stderr(),
        "rolo: {}",
        domain::text::sanitize_lines(&e.to_string())
    );
    e.exit_code()
}
