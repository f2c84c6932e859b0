//! The rows of a CSV file as the import reads them: each with its line number, its span of the
//! file (for the rejects file) and its cells, while memory holds only the bytes since the last row.

use std::cell::RefCell;
use std::io::Read;
use std::rc::Rc;

use super::{open_quote, record_start, trim_terminator, CsvFile};
use crate::transfer::source::{newlines, utf8_problem, SourceRow};
use crate::transfer::TransferError;

/// The bytes the CSV reader has read and the rows iterator still needs: from the start of the
/// last row returned on (earlier bytes are dropped as rows are returned).
#[derive(Default)]
pub(super) struct Window {
    /// File offset of `buf[0]`.
    pub(super) base: usize,
    pub(super) buf: Vec<u8>,
}

impl Window {
    /// Offsets `from..to` of the file (both inside the window).
    pub(super) fn slice(&self, from: usize, to: usize) -> &[u8] {
        let lo = from.saturating_sub(self.base).min(self.buf.len());
        let hi = to.saturating_sub(self.base).clamp(lo, self.buf.len());
        &self.buf[lo..hi]
    }

    pub(super) fn drop_before(&mut self, offset: usize) {
        let n = offset.saturating_sub(self.base).min(self.buf.len());
        self.buf.drain(..n);
        self.base += n;
    }
}

/// A reader that keeps a copy of what passes through it in the window.
pub(super) struct Tee<'a> {
    pub(super) input: Box<dyn Read + 'a>,
    pub(super) window: Rc<RefCell<Window>>,
}

impl Read for Tee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.window.borrow_mut().buf.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Line breaks inside a quoted field as `\n`: a file saved on Windows has `\r\n` there, and rolo
/// stores text with plain newlines.
fn unix_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The rows of a [`CsvFile`], in file order.
pub struct CsvRows<'a> {
    pub(super) file: &'a CsvFile,
    pub(super) reader: csv::Reader<Tee<'a>>,
    /// File offset where `reader` started (after a row with an unclosed quote it starts again on
    /// the next line).
    pub(super) shift: usize,
    pub(super) window: Rc<RefCell<Window>>,
    pub(super) columns: usize,
    pub(super) unguard: bool,
    pub(super) record: csv::ByteRecord,
    /// Line feeds are counted up to this offset; `line` is the line there.
    pub(super) counted_to: usize,
    pub(super) line: u64,
}

impl CsvRows<'_> {
    /// How far into the file reading has got, in bytes.
    pub fn offset(&self) -> usize {
        self.shift + self.reader.position().byte() as usize
    }

    fn cells(&self) -> Result<Vec<String>, String> {
        cells_of(&self.record, self.columns, self.unguard)
    }
}

/// A record's cells as the import sees them: one per column (missing trailing cells empty), the
/// spreadsheet guard removed when `unguard`, line breaks inside a field as `\n`; or why the row
/// cannot be read (more cells than columns, invalid UTF-8).
pub(super) fn cells_of(
    record: &csv::ByteRecord,
    columns: usize,
    unguard: bool,
) -> Result<Vec<String>, String> {
    let mut cells = Vec::with_capacity(columns.max(record.len()));
    for (i, cell) in record.iter().enumerate() {
        if i >= columns {
            if cell.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Err(format!(
                "has {} cells but the header has {} columns (cell {} is '{}')",
                record.len(),
                columns,
                i + 1,
                String::from_utf8_lossy(cell)
                    .chars()
                    .take(40)
                    .collect::<String>()
            ));
        }
        let text = std::str::from_utf8(cell).map(|t| match unguard {
            true => crate::transfer::spreadsheet::unguard(t),
            false => t,
        });
        match text {
            Ok(text) if text.contains('\r') => cells.push(unix_newlines(text)),
            Ok(text) => cells.push(text.to_string()),
            Err(_) => {
                let why = utf8_problem(cell).unwrap_or_default();
                return Err(format!("column {}: the text {why}", i + 1));
            }
        }
    }
    cells.resize(columns, String::new());
    Ok(cells)
}

impl Iterator for CsvRows<'_> {
    type Item = Result<SourceRow, TransferError>;

    fn next(&mut self) -> Option<Self::Item> {
        let before = self.offset();
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(TransferError::Usage(format!("cannot read CSV: {e}")))),
        }
        let after = self.offset();
        let (start, end) = {
            let mut w = self.window.borrow_mut();
            let base = w.base;
            let read = w.slice(base, after);
            let start = base + record_start(read, before.saturating_sub(base).min(read.len()));
            let end = base + trim_terminator(read, start - base, read.len());
            self.line += newlines(w.slice(self.counted_to.min(start), start));
            // the next row's line is counted from here: what is before it is not needed again
            w.drop_before(start);
            (start, end)
        };
        self.counted_to = start;
        if after as u64 >= self.file.len() {
            // the last row: a quote still open here took the rest of the file
            let open = open_quote(
                self.window.borrow().slice(start, after),
                self.file.delimiter,
            );
            if let Some((at, column)) = open {
                return Some(self.unclosed(start, start + at, column));
            }
        }
        Some(Ok(SourceRow {
            line: self.line,
            span: start..end,
            width: self.record.len(),
            cells: self.cells(),
        }))
    }
}
