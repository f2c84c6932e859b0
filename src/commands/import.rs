//! `rolo import ENTITY FILE …`, `rolo import list`, `rolo import undo ID`. The report goes to
//! standard output (text or JSON); an import refused for invalid rows exits 2, an undo refused
//! because records changed since exits 4.

use super::out::{dataln, outln};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Ctx;
use crate::cli::Output;
use crate::db::repo;
use crate::domain::{Entity, Id};
use crate::error::{exit, AppError};
use crate::transfer::import::Format;
use crate::transfer::progress_mode;
use crate::transfer::{self, ImportOptions, MatchKey, OnDuplicate, TransferError};

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

/// A transfer error at the edge: the right message and exit code.
pub(crate) fn app_error(e: TransferError) -> AppError {
    match e {
        TransferError::Db(e) => AppError::Db(e),
        TransferError::Usage(m) => AppError::Usage(m),
        TransferError::NotFound(m) => AppError::NotFound(m),
        TransferError::Conflict(m) => AppError::Usage(m),
        TransferError::Io { path, source } => {
            use std::io::ErrorKind::*;
            match source.kind() {
                NotFound | PermissionDenied | AlreadyExists | IsADirectory | NotADirectory => {
                    AppError::Usage(format!("{path}: {source}"))
                }
                _ => AppError::Internal(format!("{path}: {source}")),
            }
        }
    }
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<i32, AppError> {
    match args.command {
        Some(ImportCommand::List { limit, output }) => list(ctx, limit, output),
        Some(ImportCommand::Undo { id, force }) => undo(ctx, &id, force),
        None => import(ctx, args.run),
    }
}

fn import(ctx: &Ctx, a: RunArgs) -> Result<i32, AppError> {
    let (Some(entity), Some(file)) = (a.entity, a.file) else {
        return Err(AppError::Usage(format!(
            "usage: rolo import ENTITY FILE [options] (ENTITY: {})",
            transfer::import::IMPORTABLE
        )));
    };
    let mut o = ImportOptions::new(
        match entity {
            ImportEntity::Companies => Entity::Companies,
            ImportEntity::Contacts => Entity::Contacts,
            ImportEntity::Deals => Entity::Deals,
            ImportEntity::Activities => Entity::Activities,
            ImportEntity::Users => Entity::Users,
            ImportEntity::Stages => Entity::Stages,
        },
        file,
    );
    o.format = a.format.map(|f| match f {
        FormatArg::Csv => Format::Csv,
        FormatArg::Vcf => Format::Vcf,
    });
    o.delimiter = match &a.delimiter {
        Some(d) => Some(transfer::csv_in::parse_delimiter(d).map_err(app_error)?),
        None => None,
    };
    o.map = a
        .map
        .iter()
        .map(|m| transfer::mapping::parse_override(m))
        .collect::<Result<_, _>>()
        .map_err(app_error)?;
    o.match_key = a.match_key.map(|m| match m {
        MatchArg::Email => MatchKey::Email,
        MatchArg::Domain => MatchKey::Domain,
        MatchArg::Name => MatchKey::Name,
    });
    o.on_duplicate = match a.on_duplicate {
        OnDuplicateArg::Skip => OnDuplicate::Skip,
        OnDuplicateArg::Update => OnDuplicate::Update,
        OnDuplicateArg::Fail => OnDuplicate::Fail,
    };
    o.dry_run = a.dry_run;
    o.skip_invalid = a.skip_invalid;
    o.rejects = a.rejects;
    o.actor = ctx.actor;
    o.calling_code = ctx.settings.file.default_calling_code.clone();
    o.source = a.source;
    o.progress = progress_mode(std::io::stderr().is_terminal());
    let mut conn = ctx.conn()?;
    let report = transfer::import(&mut conn, &o).map_err(app_error)?;
    match a.output {
        Output::Json => {
            let v = serde_json::to_value(&report).map_err(|e| AppError::Internal(e.to_string()))?;
            dataln!("{v}")?;
        }
        Output::Text => write!(super::out::text(), "{}", report.to_text(o.skip_invalid))?,
    }
    if report.refused(o.skip_invalid) {
        if !o.dry_run {
            eprintln!(
                "rolo: {} invalid rows; nothing was imported",
                report.invalid
            );
        }
        return Ok(exit::USAGE);
    }
    Ok(exit::OK)
}

fn list(ctx: &Ctx, limit: i64, output: Output) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let imports = repo::import::list(&mut conn, limit.max(1))?;
    if output == Output::Json {
        let v = serde_json::to_value(&imports).map_err(|e| AppError::Internal(e.to_string()))?;
        dataln!("{v}")?;
        return Ok(exit::OK);
    }
    outln!(
        "{:<36}  {:<19}  {:<24}  {:<10}  {:>8}  {:>8}  {:>8}  {:>8}  FILE",
        "ID",
        "WHEN (UTC)",
        "BY",
        "ENTITY",
        "CREATED",
        "UPDATED",
        "SKIPPED",
        "INVALID"
    )?;
    for i in imports {
        let by = match i.actor_id {
            Some(u) => repo::user::get(&mut conn, u)
                .map(|u| u.fields.email)
                .unwrap_or_else(|_| u.to_string()),
            None => "-".into(),
        };
        let undone = i
            .undone_at
            .map(|t| format!("  (undone {})", t.format("%Y-%m-%d %H:%M")))
            .unwrap_or_default();
        let c = i.counts;
        outln!(
            "{:<36}  {:<19}  {:<24}  {:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {}{undone}",
            i.id,
            i.at.format("%Y-%m-%d %H:%M:%S"),
            by,
            i.entity.as_str(),
            c.created + c.related_created,
            c.updated,
            c.skipped,
            c.invalid,
            i.file
        )?;
    }
    Ok(exit::OK)
}

fn undo(ctx: &Ctx, id: &str, force: bool) -> Result<i32, AppError> {
    let id: Id = id.trim().parse().map_err(|_| {
        AppError::Usage(format!(
            "'{}' is not an import id (see: rolo import list)",
            id.trim()
        ))
    })?;
    let mut conn = ctx.conn()?;
    match transfer::undo::undo(&mut conn, ctx.actor, id, force) {
        Ok(r) => {
            outln!(
                "undid import {id}: {} records deleted (soft: `rolo <entity> restore ID` brings one back), \
                 {} put back as they were before it",
                r.deleted, r.restored
            )?;
            for left in &r.left {
                outln!("  left as it is: {left}")?;
            }
            Ok(exit::OK)
        }
        Err(TransferError::Conflict(msg)) => {
            eprintln!("rolo: {msg}");
            Ok(exit::CONFLICT)
        }
        Err(e) => Err(app_error(e)),
    }
}
