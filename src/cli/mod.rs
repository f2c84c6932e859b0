//! The command line: the clap types ([`args`]) and one module per command. Commands run in an
//! [`app::Ctx`](crate::app::Ctx): the settings, a migrated pool and the acting user.

mod agenda;
pub mod args;
mod backup;
mod board;
mod doctor;
mod explain;
mod export;
mod import;
mod list;
mod list_out;
mod migrate;
pub mod out;
mod read_only;
mod record;
mod seed;
mod settings_cmd;
mod stages;
mod views;

pub use args::Cli;

use crate::app::Ctx;
use crate::config::Settings;
use crate::db::DbConn;
use crate::domain::Entity;
use crate::error::AppError;
use args::{Command, DealsCommand, FilterArgs, RecordCommand, StagesCommand};

/// Run a command; returns the exit code (errors carry their own). `rolo` without a command opens
/// the TUI, which is not this layer's: the caller (`crate::run`) starts it.
pub fn dispatch(command: Command, settings: &Settings) -> Result<i32, AppError> {
    read_only::check(settings.read_only, &command)?;
    match command {
        Command::Migrate(args) => migrate::run(settings, &args),
        Command::Doctor { output } => doctor::run(settings, output),
        Command::Seed(cmd) => seed::run(&Ctx::open_bulk(settings)?, cmd),
        Command::Companies(cmd) => entity::<record::Companies>(settings, cmd),
        Command::Contacts(cmd) => entity::<record::Contacts>(settings, cmd),
        Command::Deals(DealsCommand::Record(cmd)) => entity::<record::Deals>(settings, cmd),
        Command::Deals(DealsCommand::Board(args)) => board::run(&Ctx::open(settings)?, args),
        Command::Deals(DealsCommand::Move(args)) => board::run_move(&Ctx::open(settings)?, args),
        Command::Activities(cmd) => entity::<record::Activities>(settings, cmd),
        Command::Users(cmd) => entity::<record::Users>(settings, cmd),
        Command::Teams(cmd) => entity::<record::Teams>(settings, cmd),
        Command::Settings(cmd) => settings_cmd::run(&Ctx::open(settings)?, cmd),
        Command::Stages(StagesCommand::Record(cmd)) => entity::<record::Stages>(settings, cmd),
        Command::Stages(cmd) => stages::run(&Ctx::open(settings)?, cmd),
        Command::Agenda(args) => agenda::run(&Ctx::open(settings)?, args),
        Command::Explain(args) => explain::run(&Ctx::open(settings)?, args),
        Command::Views(cmd) => views::run(&Ctx::open(settings)?, cmd),
        Command::Import(args) => import::run(&Ctx::open_bulk(settings)?, args),
        Command::Export(args) => export::run(&Ctx::open(settings)?, args),
        Command::Backup(args) => backup::backup(settings, args),
        Command::Restore(args) => backup::restore(settings, args),
    }
}

fn entity<K: crate::db::record::Record>(
    settings: &Settings,
    cmd: RecordCommand,
) -> Result<i32, AppError> {
    let ctx = Ctx::open(settings)?;
    match cmd {
        RecordCommand::List(args) => list::list::<K>(&ctx, args),
        RecordCommand::Count(args) => list::count::<K>(&ctx, args),
        other => record::run::<K>(&ctx, other),
    }
}

/// The filter of `--view` (the caller's or a shared view) and `--where`, combined, with the
/// view's sort.
fn filter_text(
    ctx: &Ctx,
    conn: &mut DbConn,
    entity: Entity,
    args: &FilterArgs,
) -> Result<(String, Option<String>), AppError> {
    crate::app::query::with_view(
        ctx,
        conn,
        entity,
        args.view.as_deref(),
        args.filter.as_deref(),
    )
}
