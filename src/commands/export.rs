//! `rolo export ENTITY [--where EXPR] [--view NAME] [--output csv|json|vcf] [--file PATH]`:
//! streamed to standard output, or to a file (written under a temporary name, then renamed, so a
//! failed export never leaves a truncated file behind).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::import::app_error;
use super::Ctx;
use crate::cli::{EntityArg, FilterArgs};
use crate::db::{repo, DbConn};
use crate::domain::Entity;
use crate::error::{exit, AppError};
use crate::transfer::export::{self, ExportFormat};
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
    let format = match args.output {
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
            let part = PathBuf::from(format!("{}.part", path.display()));
            let file =
                std::fs::File::create(&part).map_err(|e| app_error(TransferError::io(&part, e)))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            let written =
                export::export(&mut conn, entity, filter, format, &mut out).and_then(|n| {
                    out.flush().map_err(|e| TransferError::io(&part, e))?;
                    std::fs::rename(&part, path).map_err(|e| TransferError::io(path, e))?;
                    Ok(n)
                });
            match written {
                Ok(n) => {
                    eprintln!("exported {n} {entity} to {}", path.display());
                    Ok(exit::OK)
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&part);
                    Err(app_error(e))
                }
            }
        }
    }
}
