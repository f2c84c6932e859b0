//! The clap types of the transfer commands: `import`, `export`, `backup` and `restore`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{EntityArg, FilterArgs, Output};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: Option<ImportCommand>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Past imports, newest first: who, when, which file, what they did.
    List {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Undo an import: soft-delete the records it created, put back those it updated.
    Undo {
        id: String,
        /// Undo the rest even if some of its records changed since (those are left as they are).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportEntity {
    Companies,
    Contacts,
    Deals,
    Activities,
    Users,
    Stages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Vcf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchArg {
    Email,
    Domain,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnDuplicateArg {
    Skip,
    Update,
    Fail,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// What the file holds (users and stages first when loading an export of everything: the
    /// other files name them).
    #[arg(value_enum, required = true)]
    pub entity: Option<ImportEntity>,
    /// A CSV file (any delimiter, UTF-8), or a vCard file (.vcf) of contacts.
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// The file's format (default: from its extension; .vcf is vCard, anything else CSV).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// CSV delimiter: one character, or \t (default: detected from the header: , ; tab |).
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Read a column into a field, overriding the automatic mapping; 'Header=-' ignores it.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// What makes a row a duplicate of an existing record (default: email for contacts and users,
    /// domain or name for companies, title for deals, name for stages; activities are not matched).
    #[arg(long = "match", value_enum)]
    pub match_key: Option<MatchArg>,
    /// What to do with a duplicate: leave the record, update it from the row, or refuse the row.
    #[arg(long, value_enum, default_value_t = OnDuplicateArg::Skip)]
    pub on_duplicate: OnDuplicateArg,
    /// Decide every row and print the report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows even if some are invalid (needs --rejects).
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write the rejected rows, unchanged, with their reason, to FILE.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// The tool the file comes from (e.g. hubspot), for record ids that are not rolo's: they
    /// are kept as external ids of that source (default: told by the headers, e.g. HubSpot's
    /// `Record ID`).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub entity: EntityArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, value_enum, default_value_t = ExportOutput::Csv)]
    pub output: ExportOutput,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// CSV for spreadsheets: cells that start with = + - @ tab or CR get a leading ' so they are
    /// not run as formulas (and the file starts with a UTF-8 byte-order mark). The default for
    /// CSV written with --file; rolo's import removes the guard again.
    #[arg(long, conflicts_with = "no_spreadsheet_safe")]
    pub spreadsheet_safe: bool,
    /// Write CSV cells exactly as stored, even with --file.
    #[arg(long)]
    pub no_spreadsheet_safe: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportOutput {
    Csv,
    Json,
    /// vCard 3.0 (contacts only).
    Vcf,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup (default: backups/ next to a SQLite database, or in the data
    /// directory for PostgreSQL). An existing file is never overwritten.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup made by `rolo backup` (SQLite).
    pub path: PathBuf,
    /// Replace the current database (it is lost unless you backed it up).
    #[arg(long)]
    pub force: bool,
}
