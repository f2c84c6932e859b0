//! `rolo export ENTITY [--where EXPR] [--view NAME] [--output csv|json|vcf] [--file PATH]`:
//! streamed to standard output, or to a file (see `transfer::out_file`: a regular file is written
//! under a temporary name next to it, then renamed, so a failed export never leaves a truncated
//! file behind; a symlink is written through, a FIFO or device directly).

use super::args::{ExportArgs, ExportOutput};
use crate::app::Ctx;
use crate::error::{exit, AppError};
use crate::transfer::export::{self, ExportFormat};
use crate::transfer::out_file::{OutFile, Overwrite};
use crate::transfer::TransferError;

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
    let (text, _) = super::filter_text(ctx, &mut conn, entity, &args.filter)?;
    let filter = crate::app::query::compile(ctx, &conn, entity, &text)?;
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
                Err(e) => Err(AppError::from(e)),
            }
        }
        Some(path) => {
            let mut file = OutFile::create(path, Overwrite::Replace).map_err(AppError::from)?;
            let written = export::export(&mut conn, entity, filter, format, &mut file)
                .and_then(|n| file.commit().map(|()| n));
            // on failure the dropped OutFile removes its temporary: nothing is left behind
            let n = written.map_err(AppError::from)?;
            eprintln!("exported {n} {entity} to {}", path.display());
            Ok(exit::OK)
        }
    }
}
