//! Read-only mode at the command line: a command that would write is refused before it opens the
//! database, naming what it would have done. The database refuses writes too (SQLite opened
//! `mode=ro`, PostgreSQL sessions `default_transaction_read_only`); this says why, first.

use super::args::{
    Command, DealsCommand, ImportCommand, RecordCommand, SeedCommand, SettingsCommand,
    StagesCommand, ViewsCommand,
};
use crate::error::AppError;

/// What `command` would write, or None for a command that only reads.
pub fn write_of(command: &Command) -> Option<String> {
    let record = |what: &str, cmd: &RecordCommand| -> Option<String> {
        let verb = match cmd {
            RecordCommand::List(_)
            | RecordCommand::Count(_)
            | RecordCommand::Get { .. }
            | RecordCommand::History { .. } => return None,
            RecordCommand::Create { .. } => "creating",
            RecordCommand::Update { .. } => "changing",
            RecordCommand::Delete { .. } => "deleting",
            RecordCommand::Restore { .. } => "restoring",
        };
        Some(format!("{verb} {what}"))
    };
    match command {
        Command::Migrate(args) if args.status => None,
        Command::Migrate(_) => Some("migrating the schema".into()),
        Command::Seed(SeedCommand::Demo) => Some("loading the demo data".into()),
        Command::Seed(SeedCommand::Synthetic(_)) => Some("loading synthetic data".into()),
        Command::Companies(cmd) => record("companies", cmd),
        Command::Contacts(cmd) => record("contacts", cmd),
        Command::Deals(DealsCommand::Record(cmd)) => record("deals", cmd),
        Command::Deals(DealsCommand::Move(_)) => Some("moving a deal".into()),
        Command::Activities(cmd) => record("activities", cmd),
        Command::Users(cmd) => record("users", cmd),
        Command::Teams(cmd) => record("teams", cmd),
        Command::Settings(SettingsCommand::Set { .. }) => Some("changing a setting".into()),
        Command::Settings(_) => None,
        Command::Stages(StagesCommand::Record(cmd)) => record("stages", cmd),
        Command::Stages(_) => Some("changing the stages".into()),
        Command::Views(ViewsCommand::Save { .. }) => Some("saving a view".into()),
        Command::Views(ViewsCommand::Delete { .. }) => Some("deleting a view".into()),
        Command::Import(args) => match &args.command {
            Some(ImportCommand::List { .. }) => None,
            Some(ImportCommand::Undo { .. }) => Some("undoing an import".into()),
            None if args.run.dry_run => None,
            None => Some("importing".into()),
        },
        Command::Restore(_) => Some("restoring a backup".into()),
        Command::Deals(DealsCommand::Board(_))
        | Command::Doctor { .. }
        | Command::Explain(_)
        | Command::Views(ViewsCommand::List)
        | Command::Export(_)
        | Command::Backup(_)
        | Command::Agenda(_) => None,
    }
}

/// Refuse a writing command in read-only mode.
pub fn check(read_only: bool, command: &Command) -> Result<(), AppError> {
    match write_of(command) {
        Some(what) if read_only => Err(AppError::ReadOnlyMode(what)),
        _ => Ok(()),
    }
}
