//! Reading CSV: any of `,` `;` tab `|` as delimiter (detected from the header when not given),
//! quoted fields with delimiters, quotes and line breaks inside, a UTF-8 byte-order mark, and
//! Windows or Unix line endings. The file is read as the import goes (memory does not grow with
//! the file); rows keep their line number and their span in the file, so a rejected row can be
//! read back and written unchanged.

use std::cell::RefCell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::source::{newlines, utf8_problem};
use super::TransferError;

mod delimiter;
mod quote;
mod rows;
pub use delimiter::{detect_delimiter, parse_delimiter, DELIMITERS};
pub use quote::open_quote;
pub use rows::CsvRows;
use rows::{Tee, Window};

/// A UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// Skip the line breaks the CSV reader leaves in front of a record (and blank lines).
pub(super) fn record_start(data: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < data.len() && matches!(data[i], b'\r' | b'\n') {
        i += 1;
    }
    i
}

pub(super) fn trim_terminator(data: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(data[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// Where the bytes come from: the file, read as the import goes (memory does not grow with the
/// file), or bytes already in memory.
enum Origin {
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// A CSV file with its header read. Its rows are read from the file as they are imported; a
/// row's bytes are read again from the file only if it goes to the rejects file.
pub struct CsvFile {
    origin: Origin,
    len: u64,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// Whether the header line ends with CRLF (the rejects file uses the same line ending).
    pub crlf: bool,
    /// The header line's bytes, without its terminator.
    pub header_line: Vec<u8>,
    /// Starts with a byte-order mark, as rolo's spreadsheet-safe exports do: cells lose the
    /// guard quote of `transfer::spreadsheet`.
    pub spreadsheet_safe: bool,
}

/// Enough of the file's start to hold its header line: 64 KiB, or more for a longer header.
fn prefix(path: &Path, len: u64) -> std::io::Result<Vec<u8>> {
    let mut want = 1usize << 16;
    loop {
        let mut buf = Vec::with_capacity(want);
        File::open(path)?.take(want as u64).read_to_end(&mut buf)?;
        let complete = buf.len() as u64 >= len || {
            let mut r = reader(&buf[..], detect_delimiter(&buf));
            let mut record = csv::ByteRecord::new();
            // the header ends (with room for its line break) before the end of what was read
            r.read_byte_record(&mut record).is_ok()
                && (r.position().byte() as usize) + 2 < buf.len()
        };
        if complete {
            return Ok(buf);
        }
        want = want.saturating_mul(4);
    }
}

impl CsvFile {
    pub fn read(path: &Path, delimiter: Option<u8>) -> Result<CsvFile, TransferError> {
        let io = |e| TransferError::io(path, e);
        let len = std::fs::metadata(path).map_err(io)?.len();
        let start = prefix(path, len).map_err(io)?;
        CsvFile::parse(Origin::File(path.to_path_buf()), len, &start, delimiter)
            .map_err(|why| TransferError::Usage(format!("{}: {why}", path.display())))
    }

    /// A CSV file already in memory.
    pub fn from_bytes(data: Vec<u8>, delimiter: Option<u8>) -> Result<CsvFile, String> {
        let mut file = CsvFile::parse(
            Origin::Bytes(Vec::new()),
            data.len() as u64,
            &data,
            delimiter,
        )?;
        file.origin = Origin::Bytes(data);
        Ok(file)
    }

    /// Read the header from the file's first bytes.
    fn parse(
        origin: Origin,
        len: u64,
        data: &[u8],
        delimiter: Option<u8>,
    ) -> Result<CsvFile, String> {
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(data));
        let mut r = reader(data, delimiter);
        let mut record = csv::ByteRecord::new();
        let found = r
            .read_byte_record(&mut record)
            .map_err(|e| format!("cannot read the header: {e}"))?;
        if !found {
            return Err("the file is empty (a CSV file needs a header line)".into());
        }
        let start = if data.starts_with(BOM) { BOM.len() } else { 0 };
        let read = (r.position().byte() as usize).min(data.len());
        if read == data.len() && data.len() as u64 >= len {
            if let Some((at, column)) = open_quote(&data[start..], delimiter) {
                return Err(format!(
                    "line {} (the header), column {}: the quote opened there is never closed \
                     (it runs to the end of the file); add the closing \"",
                    1 + newlines(&data[start..start + at]),
                    column + 1
                ));
            }
        }
        let end = trim_terminator(data, start, read);
        let crlf = data.get(end..end + 2) == Some(b"\r\n");
        let mut headers = Vec::with_capacity(record.len());
        for (i, cell) in record.iter().enumerate() {
            let text = std::str::from_utf8(cell).map_err(|_| {
                format!(
                    "line 1 (the header), column {}: {}",
                    i + 1,
                    utf8_problem(cell).unwrap_or_default()
                )
            })?;
            headers.push(text.trim().to_string());
        }
        Ok(CsvFile {
            origin,
            len,
            delimiter,
            headers,
            crlf,
            header_line: data[start..end].to_vec(),
            spreadsheet_safe: start > 0,
        })
    }

    /// A failure to read the file, naming it.
    pub fn read_error(&self, e: std::io::Error) -> TransferError {
        match &self.origin {
            Origin::File(path) => TransferError::io(path, e),
            Origin::Bytes(_) => TransferError::Usage(format!("cannot read the CSV data: {e}")),
        }
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn open(&self) -> std::io::Result<Box<dyn Read + '_>> {
        self.open_at(0)
    }

    /// The file's bytes from `offset` on.
    fn open_at(&self, offset: usize) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(match &self.origin {
            Origin::File(path) => {
                let mut f = File::open(path)?;
                if offset > 0 {
                    f.seek(SeekFrom::Start(offset as u64))?;
                }
                Box::new(std::io::BufReader::with_capacity(1 << 16, f))
            }
            Origin::Bytes(data) => Box::new(data.get(offset..).unwrap_or_default()),
        })
    }

    /// Line feeds in the whole file (one streaming pass).
    pub fn newlines(&self) -> Result<u64, TransferError> {
        let io = |e| self.read_error(e);
        let mut input = self.open().map_err(io)?;
        let mut buf = vec![0u8; 1 << 16];
        let mut n = 0;
        loop {
            let got = input.read(&mut buf).map_err(io)?;
            if got == 0 {
                return Ok(n);
            }
            n += newlines(&buf[..got]);
        }
    }

    /// A reader of rows' bytes (spans of [`SourceRow`]s) back from the file, one at a time.
    pub fn spans(&self) -> Spans<'_> {
        Spans {
            origin: &self.origin,
            file: None,
        }
    }

    /// The data rows after the header, read as they are consumed.
    pub fn rows(&self) -> Result<CsvRows<'_>, TransferError> {
        let input = self.open().map_err(|e| self.read_error(e))?;
        let window = Rc::new(RefCell::new(Window::default()));
        let mut r = reader(
            Tee {
                input,
                window: Rc::clone(&window),
            },
            self.delimiter,
        );
        let mut header = csv::ByteRecord::new();
        // the header was read once already; reading it again cannot fail differently
        let _ = r.read_byte_record(&mut header);
        Ok(CsvRows {
            file: self,
            reader: r,
            shift: 0,
            window,
            columns: self.headers.len(),
            unguard: self.spreadsheet_safe,
            record: csv::ByteRecord::new(),
            counted_to: 0,
            line: 1,
        })
    }
}

impl CsvFile {
    /// The cells of the row at `span` (a [`SourceRow`]'s), read back from the file and converted
    /// as [`CsvFile::rows`] converts them; `None` if the span no longer holds one record.
    pub fn cells_at(&self, span: Range<usize>) -> Result<Option<Vec<String>>, TransferError> {
        let bytes = self.spans().get(span).map_err(|e| self.read_error(e))?;
        let mut record = csv::ByteRecord::new();
        match reader(&bytes[..], self.delimiter).read_byte_record(&mut record) {
            Ok(true) => {}
            _ => return Ok(None),
        }
        Ok(rows::cells_of(&record, self.headers.len(), self.spreadsheet_safe).ok())
    }
}

/// Reads rows' bytes back from the file (for the rejects file).
pub struct Spans<'a> {
    origin: &'a Origin,
    file: Option<File>,
}

impl Spans<'_> {
    pub fn get(&mut self, span: Range<usize>) -> std::io::Result<Vec<u8>> {
        match self.origin {
            Origin::Bytes(data) => Ok(data.get(span).unwrap_or_default().to_vec()),
            Origin::File(path) => {
                let f = match &mut self.file {
                    Some(f) => f,
                    none => none.insert(File::open(path)?),
                };
                let mut buf = vec![0u8; span.len()];
                f.seek(SeekFrom::Start(span.start as u64))?;
                f.read_exact(&mut buf)?;
                Ok(buf)
            }
        }
    }
}

#[cfg(test)]
mod tests;
