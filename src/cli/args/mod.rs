//! The command line. `rolo` alone opens the TUI; every other verb is scriptable, with stable exit
//! codes (see `error::exit`).

use clap::{Args, Parser, Subcommand, ValueEnum};

mod transfer;
pub use transfer::*;

#[derive(Debug, Parser)]
#[command(
    name = "rolo",
    version,
    about = "A keyboard-driven CRM that lives in the terminal"
)]
pub struct Cli {
    /// Database: a SQLite file path, sqlite://PATH, or postgres://user@host/db.
    /// Default: rolo.db in the platform data directory. Also ROLO_DATABASE_URL or the config file.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,

    /// Act as this user (email): recorded in history and used for `owner:me`. Also ROLO_USER.
    #[arg(long = "as", global = true, value_name = "EMAIL")]
    pub as_user: Option<String>,

    /// Read-only mode: nothing is written (SQLite opened read-only, PostgreSQL read-only
    /// sessions); for looking at data safely. Also ROLO_READ_ONLY=1 or `read_only = true`.
    #[arg(long, global = true)]
    pub read_only: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending schema migrations (start-up also does, when this database role may).
    Migrate(MigrateArgs),
    /// Check the installation: backend, location, schema, settings, row counts.
    Doctor {
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Load the demo data set or a large synthetic one.
    #[command(subcommand)]
    Seed(SeedCommand),
    /// Companies.
    #[command(subcommand)]
    Companies(RecordCommand),
    /// Contacts (people).
    #[command(subcommand)]
    Contacts(RecordCommand),
    /// Deals, and the deal board (`rolo deals board`, `rolo deals move`).
    #[command(subcommand)]
    Deals(DealsCommand),
    /// Activities: calls, emails, meetings, notes and tasks.
    #[command(subcommand)]
    Activities(RecordCommand),
    /// Users (`--set login=jdoe --set team=NAME --set active=false`).
    #[command(subcommand)]
    Users(RecordCommand),
    /// Teams: a user belongs to one; a record's team is its owner's.
    #[command(subcommand)]
    Teams(RecordCommand),
    /// Org-wide settings: `settings get visibility`, `settings set visibility own|team|all`.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Pipeline stages (also `move`, `activate`, `deactivate` by name).
    #[command(subcommand)]
    Stages(StagesCommand),
    /// Show the SQL a filter compiles to, its bound values, and the backend's query plan.
    Explain(ExplainArgs),
    /// Saved views: named filters.
    #[command(subcommand)]
    Views(ViewsCommand),
    /// Import companies, contacts, deals, activities, users or stages from CSV (contacts also
    /// from vCard); `import list`, `import undo ID`. All or nothing by default; see
    /// docs/import-export.md.
    Import(ImportArgs),
    /// Export records as CSV, JSON or vCard, streamed (the same filters as `list`).
    Export(ExportArgs),
    /// Back up the database: a consistent SQLite copy while rolo is in use, or pg_dump.
    Backup(BackupArgs),
    /// Replace the SQLite database with a backup (asks for --force).
    Restore(RestoreArgs),
    /// What is due: overdue, today and the next days (yours: --as, ROLO_USER or the config's user).
    Agenda(AgendaArgs),
}

#[derive(Debug, Clone, Subcommand)]
pub enum SettingsCommand {
    /// Print a setting's value (`visibility`).
    Get { key: String },
    /// Change a setting (admins only): `visibility` is own, team or all.
    Set { key: String, value: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntityArg {
    Companies,
    Contacts,
    Deals,
    Activities,
    Users,
    Stages,
}

impl EntityArg {
    pub fn entity(self) -> crate::domain::Entity {
        use crate::domain::Entity;
        match self {
            EntityArg::Companies => Entity::Companies,
            EntityArg::Contacts => Entity::Contacts,
            EntityArg::Deals => Entity::Deals,
            EntityArg::Activities => Entity::Activities,
            EntityArg::Users => Entity::Users,
            EntityArg::Stages => Entity::Stages,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[arg(value_enum)]
    pub entity: EntityArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The order to explain, as `list --sort` takes it: FIELD or FIELD:desc.
    #[arg(long, value_name = "FIELD[:desc]")]
    pub sort: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ViewsCommand {
    /// Save a filter under a name (yours; --shared for everyone).
    Save {
        name: String,
        #[arg(long, value_enum)]
        entity: EntityArg,
        /// A filter in rolo's filter language; it may start with '-' (negation).
        #[arg(
            long = "where",
            value_name = "EXPR",
            default_value = "",
            allow_hyphen_values = true
        )]
        filter: String,
        #[arg(long, value_name = "FIELD[:desc]")]
        sort: Option<String>,
        #[arg(long)]
        shared: bool,
    },
    /// The views you can use.
    List,
    /// Delete a view by name.
    Delete { name: String },
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Only show applied and pending migrations.
    #[arg(long)]
    pub status: bool,
    /// Revert every migration and apply them again (destroys all data; asks for --yes).
    #[arg(long)]
    pub redo: bool,
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum SeedCommand {
    /// The fixed demo data set: 3 users, 8 companies, 6 contacts, 6 stages, 7 deals, 6 activities.
    /// Running it again adds nothing.
    Demo,
    /// A large deterministic data set with skewed, realistic distributions, bulk-loaded.
    Synthetic(SyntheticArgs),
}

#[derive(Debug, Args, Clone)]
pub struct SyntheticArgs {
    #[arg(long, default_value_t = 1_000)]
    pub companies: u64,
    #[arg(long, default_value_t = 10_000)]
    pub contacts: u64,
    #[arg(long, default_value_t = 2_500)]
    pub deals: u64,
    #[arg(long, default_value_t = 20_000)]
    pub activities: u64,
    /// Number of users (owners) to spread records over.
    #[arg(long, default_value_t = 50)]
    pub users: u64,
    /// Random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// List records, filtered and sorted (keyset pages, never OFFSET).
    List(ListArgs),
    /// Count records matching a filter.
    Count(CountArgs),
    /// Show one record.
    Get {
        id: String,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Create a record from FIELD=VALUE pairs.
    Create {
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Change fields of a record. With --if-version, refuse (exit 4) if it changed since.
    Update {
        id: String,
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<i32>,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Soft-delete a record (restore brings it back).
    Delete {
        id: String,
        #[arg(long, value_name = "N")]
        if_version: Option<i32>,
    },
    /// Bring back a soft-deleted record.
    Restore { id: String },
    /// The record's change history.
    History {
        id: String,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// A filter in rolo's filter language, e.g. 'industry:software value>=10000' (docs/filter-language.md).
    /// It may start with '-', the language's negation: --where '-industry:software'.
    #[arg(long = "where", value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// Use a saved view's filter (and sort); --where adds to it.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Sort by FIELD, ascending, or FIELD:desc.
    #[arg(long, value_name = "FIELD[:desc]")]
    pub sort: Option<String>,
    /// At most this many rows (a note on stderr says when more match), or `all`.
    #[arg(long, value_name = "N|all", default_value = "50", value_parser = parse_row_limit,
        allow_hyphen_values = true)]
    pub limit: RowLimit,
    #[arg(long, value_enum, default_value_t = ListOutput::Table)]
    pub output: ListOutput,
}

/// `list --limit`: the first N rows, or every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLimit {
    First(i64),
    All,
}

fn parse_row_limit(raw: &str) -> Result<RowLimit, String> {
    if raw.trim().eq_ignore_ascii_case("all") {
        return Ok(RowLimit::All);
    }
    match raw.trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(RowLimit::First(n)),
        _ => Err("give a whole number of rows, at least 1, or 'all'".into()),
    }
}

#[derive(Debug, Args)]
pub struct CountArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Stop counting at N and print "at least N" (fast on unselective filters of big tables).
    #[arg(long, value_name = "N")]
    pub up_to: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListOutput {
    Table,
    Json,
    Csv,
    Ids,
}

/// `rolo deals …`: the record commands, plus the board.
#[derive(Debug, Subcommand)]
pub enum DealsCommand {
    #[command(flatten)]
    Record(RecordCommand),
    /// The deal board: per-stage deal counts, total and weighted values (per currency), and the
    /// open pipeline summary; --cards N adds the first N cards of every stage.
    Board(BoardArgs),
    /// Move a deal to the next or previous stage, or to the won or lost stage.
    Move(DealMoveArgs),
}

#[derive(Debug, Args)]
pub struct BoardArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Also show the first N cards of every stage (sorted by expected close date).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub cards: i64,
    /// A deal with no activity in this many days is marked stale.
    #[arg(long, value_name = "DAYS", default_value_t = 14)]
    pub stale_days: u32,
    #[arg(long, value_enum, default_value_t = ViewOutput::Table)]
    pub output: ViewOutput,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["next", "previous", "won", "lost", "to"])))]
pub struct DealMoveArgs {
    pub id: String,
    /// To the next active stage.
    #[arg(long)]
    pub next: bool,
    /// To the previous active stage.
    #[arg(long)]
    pub previous: bool,
    /// To the (first active) won stage.
    #[arg(long)]
    pub won: bool,
    /// To the (first active) lost stage; needs --reason.
    #[arg(long)]
    pub lost: bool,
    /// To this stage (name or id).
    #[arg(long, value_name = "STAGE")]
    pub to: Option<String>,
    /// Why the deal was lost (required when it enters a lost stage).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Refuse (exit 4) if the deal changed since this version.
    #[arg(long, value_name = "N")]
    pub if_version: Option<i32>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

/// `rolo stages …`: the record commands, plus reordering and (de)activating by name.
#[derive(Debug, Subcommand)]
pub enum StagesCommand {
    #[command(flatten)]
    Record(RecordCommand),
    /// Put a stage at another place on the board (0 = first column); the others shift.
    Move {
        /// The stage's name or id.
        stage: String,
        #[arg(long, value_name = "POSITION")]
        to: usize,
    },
    /// Show a stage on the board again.
    Activate { stage: String },
    /// Hide a stage from the board (its deals stay; a stage holding deals cannot be deleted).
    Deactivate { stage: String },
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Only the overdue section.
    #[arg(long)]
    pub overdue: bool,
    /// How many days after today the upcoming section covers.
    #[arg(long, value_name = "N", default_value_t = 7)]
    pub days: u32,
    /// Everyone's agenda instead of the acting user's.
    #[arg(long)]
    pub all_owners: bool,
    /// Also list what was completed today.
    #[arg(long)]
    pub done: bool,
    /// At most this many items per section.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: i64,
    #[arg(long, value_enum, default_value_t = ViewOutput::Table)]
    pub output: ViewOutput,
}

/// Output of the board and the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewOutput {
    Table,
    Json,
}
