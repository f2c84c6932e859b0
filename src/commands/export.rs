//! `rolo export ENTITY [--where EXPR] [--view NAME] [--output csv|json|vcf] [--file PATH]`:
//! streamed to standard output, or to a file (see `transfer::out_file`: a regular file is written
//! under a temporary name next to it, then renamed, so a failed export never leaves a truncated
//! file behind; a symlink is written through, a FIFO or device directly).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::import::app_error;
use super::Ctx;
use crate::cli::{EntityArg, FilterArgs};
use crate::db::{repo, DbConn};
use crate::domain::Entity;
use crate::error::{exit, AppError};
use crate::transfer::export::{self, ExportFormat};
use crate::transfer::out_file::{OutFile, Overwrite};
use crate::transfer::TransferError;

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

/// A saved view's filter with `--where` added (as `list` does).
fn filter_text(
    ctx: &Ctx,
    conn: &mut DbConn,
    entity: Entity,
    args: &FilterArgs,
) -> Result<String, AppError> {
    let mut parts = Vec::new();
    if let Some(name) = &args.view {
        let v = repo::view::find(conn, ctx.actor, name)?.ok_or_else(|| {
            AppError::Usage(format!(
                "no saved view named '{name}' (see: rolo views list)"
            ))
        })?;
        if v.fields.entity != entity {
            return Err(AppError::Usage(format!(
                "view '{name}' lists {}, not {entity}",
                v.fields.entity
            )));
        }
        if !v.fields.filter.trim().is_empty() {
            parts.push(format!("({})", v.fields.filter));
        }
    }
    parts.extend(args.filter.clone());
    Ok(parts.join(" "))
}

pub fn run(ctx: &Ctx, args: ExportArgs) -> Result<i32, AppError> {
    let entity = args.entity.entity();
    if args.output != ExportOutput::Csv && (args.spreadsheet_safe || args.no_spreadsheet_safe) {
        return Err(AppError::Usage(
            "--spreadsheet-safe and --no-spreadsheet-safe go with --output csv".into(),
        ));
    }
    // a file is what people open in a spreadsheet; standard output is for programs
    let guarded = args.spreadsheet_safe || (args.file.is_some() && !args.no_spreadsheet_safe);
    let format = match args.output {
        ExportOutput::Csv if guarded => ExportFormat::SpreadsheetCsv,
        ExportOutput::Csv => ExportFormat::Csv,
        ExportOutput::Json => ExportFormat::Json,
        ExportOutput::Vcf => ExportFormat::Vcf,
    };
    let mut conn = ctx.conn()?;
    let text = filter_text(ctx, &mut conn, entity, &args.filter)?;
    let filter = super::list::compile(ctx, &conn, entity, &text)?;
    match &args.file {
        None => {
            // byte-exact into a pipe or file, cleaned on a terminal
            let mut out = std::io::BufWriter::with_capacity(1 << 16, super::out::data());
            match export::export(&mut conn, entity, filter, format, &mut out) {
                Ok(_) => Ok(exit::OK),
                // a closed pipe (`| head`) is not an error
                Err(TransferError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(exit::OK)
                }
                Err(e) => Err(app_error(e)),
            }
        }
        Some(path) => {
            let mut file = OutFile::create(path, Overwrite::Replace).map_err(app_error)?;
            let written = export::export(&mut conn, entity, filter, format, &mut file)
                .and_then(|n| file.commit().map(|()| n));
            // on failure the dropped OutFile removes its temporary: nothing is left behind
            let n = written.map_err(app_error)?;
            eprintln!("exported {n} {entity} to {}", path.display());
            Ok(exit::OK)
        }
    }
}
