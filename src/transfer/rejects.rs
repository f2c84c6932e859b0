//! The rejects file of `--skip-invalid`: every row that was not imported, byte for byte as it was
//! in the file, with its reason added (and a row's quote that is never closed closed at the end
//! of its line). A CSV gets the original header plus an `import_error`
//! column (which the import ignores, so the fixed file can be imported again); a vCard gets an
//! `X-ROLO-IMPORT-ERROR` property before its `END:VCARD`.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use super::csv_in::open_quote;
use super::input::InputFile;
use super::mapping::REJECT_REASON_COLUMN;
use super::out_file::{OutFile, Overwrite};
use super::TransferError;

/// A rejected row: its bytes in the file, its cell count, and why.
pub struct Reject {
    pub span: Range<usize>,
    pub width: usize,
    pub reason: String,
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Write the rejects; returns how many rows were written.
pub fn write(path: &Path, source: &InputFile, rejects: &[Reject]) -> Result<u64, TransferError> {
    let io = |e| TransferError::io(path, e);
    let mut out = OutFile::create(path, Overwrite::Replace)?;
    match source {
        InputFile::Csv(file) => {
            let mut rows = file.spans();
            let eol: &[u8] = if file.crlf { b"\r\n" } else { b"\n" };
            let delim = [file.delimiter];
            if file.spreadsheet_safe {
                // the rows keep their guards, so the file keeps the mark that says so
                out.write_all(super::spreadsheet::MARK).map_err(io)?;
            }
            out.write_all(&file.header_line).map_err(io)?;
            out.write_all(&delim).map_err(io)?;
            out.write_all(REJECT_REASON_COLUMN.as_bytes()).map_err(io)?;
            out.write_all(eol).map_err(io)?;
            for r in rejects {
                let bytes = rows.get(r.span.clone()).map_err(|e| file.read_error(e))?;
                out.write_all(&bytes).map_err(io)?;
                if open_quote(&bytes, file.delimiter).is_some() {
                    // a row whose quote is never closed: close it, or the reason and every
                    // row after it would be read back into that field
                    out.write_all(b"\"").map_err(io)?;
                }
                // short rows are padded so the reason lands in its own column
                for _ in r.width.max(1)..file.headers.len() {
                    out.write_all(&delim).map_err(io)?;
                }
                out.write_all(&delim).map_err(io)?;
                out.write_all(quoted(&r.reason).as_bytes()).map_err(io)?;
                out.write_all(eol).map_err(io)?;
            }
        }
        InputFile::Vcf { data, .. } => {
            for r in rejects {
                let text = super::vcard::span_text(data, &r.span);
                let reason = format!(
                    "X-ROLO-IMPORT-ERROR:{}",
                    super::vcard_out::escape(&r.reason)
                );
                let trimmed = text.trim_end();
                let end = trimmed.len().saturating_sub("END:VCARD".len());
                let card = trimmed
                    .get(end..)
                    .is_some_and(|t| t.eq_ignore_ascii_case("END:VCARD"));
                if card {
                    let (body, tail) = trimmed.split_at(end);
                    write!(out, "{body}{reason}\r\n{tail}\r\n").map_err(io)?;
                } else {
                    write!(out, "{trimmed}\r\n").map_err(io)?;
                }
            }
        }
    }
    out.commit()?;
    Ok(rejects.len() as u64)
}
