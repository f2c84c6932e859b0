//! Reading CSV: any of `,` `;` tab `|` as delimiter (detected from the header when not given),
//! quoted fields with delimiters, quotes and line breaks inside, a UTF-8 byte-order mark, and
//! Windows or Unix line endings. The file is read whole; rows keep their line number and their
//! exact bytes, so a rejected row can be written back unchanged.

use super::source::{newlines, utf8_problem, SourceRow};
use super::TransferError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Delimiters tried when none is given, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// A CSV file in memory with its header read.
pub struct CsvFile {
    data: Vec<u8>,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// Whether the header line ends with CRLF (the rejects file uses the same line ending).
    pub crlf: bool,
    /// The header line's bytes, without its terminator.
    pub header_span: std::ops::Range<usize>,
}

/// The delimiter that occurs most often, outside quotes, in the first line.
pub fn detect_delimiter(data: &[u8]) -> u8 {
    let data = data.strip_prefix(BOM).unwrap_or(data);
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in data.iter().take(1 << 16) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best =
        (0..DELIMITERS.len()).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    DELIMITERS[best]
}

/// A delimiter as typed: one character, or `\t` / `tab`.
pub fn parse_delimiter(s: &str) -> Result<u8, TransferError> {
    match s {
        "\\t" | "tab" | "TAB" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(TransferError::Usage(format!(
            "--delimiter '{s}': expected one ASCII character such as , ; | or \\t"
        ))),
    }
}

fn reader(data: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(data)
}

/// Skip the line breaks the CSV reader leaves in front of a record (and blank lines).
fn record_start(data: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < data.len() && matches!(data[i], b'\r' | b'\n') {
        i += 1;
    }
    i
}

fn trim_terminator(data: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(data[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    end
}

impl CsvFile {
    pub fn read(path: &std::path::Path, delimiter: Option<u8>) -> Result<CsvFile, TransferError> {
        let data = std::fs::read(path).map_err(|e| TransferError::io(path, e))?;
        CsvFile::from_bytes(data, delimiter)
            .map_err(|why| TransferError::Usage(format!("{}: {why}", path.display())))
    }

    pub fn from_bytes(data: Vec<u8>, delimiter: Option<u8>) -> Result<CsvFile, String> {
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&data));
        let mut r = reader(&data, delimiter);
        let mut record = csv::ByteRecord::new();
        let found = r
            .read_byte_record(&mut record)
            .map_err(|e| format!("cannot read the header: {e}"))?;
        if !found {
            return Err("the file is empty (a CSV file needs a header line)".into());
        }
        let start = if data.starts_with(BOM) { BOM.len() } else { 0 };
        let end = trim_terminator(&data, start, r.position().byte() as usize);
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
            data,
            delimiter,
            headers,
            crlf,
            header_span: start..end,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// The data rows after the header.
    pub fn rows(&self) -> CsvRows<'_> {
        let mut r = reader(&self.data, self.delimiter);
        let mut header = csv::ByteRecord::new();
        // the header was read once already; reading it again cannot fail differently
        let _ = r.read_byte_record(&mut header);
        CsvRows {
            data: &self.data,
            reader: r,
            columns: self.headers.len(),
            record: csv::ByteRecord::new(),
            counted_to: 0,
            line: 1,
        }
    }
}

/// Line breaks inside a quoted field as `\n`: a file saved on Windows has `\r\n` there, and rolo
/// stores text with plain newlines.
fn unix_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The rows of a [`CsvFile`], in file order.
pub struct CsvRows<'a> {
    data: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    columns: usize,
    record: csv::ByteRecord,
    /// Line feeds are counted up to this offset; `line` is the line there.
    counted_to: usize,
    line: u64,
}

impl CsvRows<'_> {
    /// How far into the file reading has got, in bytes.
    pub fn offset(&self) -> usize {
        self.reader.position().byte() as usize
    }

    fn cells(&self) -> Result<Vec<String>, String> {
        let mut cells = Vec::with_capacity(self.columns.max(self.record.len()));
        for (i, cell) in self.record.iter().enumerate() {
            if i >= self.columns {
                if cell.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Err(format!(
                    "has {} cells but the header has {} columns (cell {} is '{}')",
                    self.record.len(),
                    self.columns,
                    i + 1,
                    String::from_utf8_lossy(cell)
                        .chars()
                        .take(40)
                        .collect::<String>()
                ));
            }
            match std::str::from_utf8(cell) {
                Ok(text) if text.contains('\r') => cells.push(unix_newlines(text)),
                Ok(text) => cells.push(text.to_string()),
                Err(_) => {
                    let why = utf8_problem(cell).unwrap_or_default();
                    return Err(format!("column {}: the text {why}", i + 1));
                }
            }
        }
        cells.resize(self.columns, String::new());
        Ok(cells)
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<SourceRow, TransferError>;

    fn next(&mut self) -> Option<Self::Item> {
        let before = self.reader.position().byte() as usize;
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(TransferError::Usage(format!("cannot read CSV: {e}")))),
        }
        let start = record_start(self.data, before.min(self.data.len()));
        let end = trim_terminator(self.data, start, self.offset().min(self.data.len()));
        self.line += newlines(&self.data[self.counted_to.min(start)..start]);
        self.counted_to = start;
        Some(Ok(SourceRow {
            line: self.line,
            span: start..end,
            width: self.record.len(),
            cells: self.cells(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[u8]) -> (CsvFile, Vec<SourceRow>) {
        let f = CsvFile::from_bytes(data.to_vec(), None).unwrap();
        let rows = f.rows().collect::<Result<Vec<_>, _>>().unwrap();
        (f, rows)
    }

    #[test]
    fn bom_crlf_semicolons_and_quoted_newlines() {
        let data =
            b"\xEF\xBB\xBFName;Notes\r\nAnn;\"two\r\nlines; \"\"quoted\"\"\"\r\n\r\n;;\r\nBob;x";
        let (f, rows) = rows(data);
        assert_eq!(f.delimiter, b';');
        assert!(f.crlf);
        assert_eq!(f.headers, ["Name", "Notes"]);
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 6]);
        assert_eq!(
            rows[0].cells.as_ref().unwrap(),
            &["Ann", "two\nlines; \"quoted\""]
        );
        assert_eq!(
            &data[rows[0].span.clone()],
            b"Ann;\"two\r\nlines; \"\"quoted\"\"\""
        );
        assert_eq!(rows[1].cells.as_ref().unwrap(), &["", ""]);
        assert_eq!(&data[rows[2].span.clone()], b"Bob;x");
    }

    #[test]
    fn delimiters_are_detected_outside_quotes() {
        assert_eq!(detect_delimiter(b"a,b,c\n"), b',');
        assert_eq!(detect_delimiter(b"\"a,b\";c;d\n1;2;3"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c"), b'|');
        assert_eq!(detect_delimiter(b"single"), b',');
    }

    #[test]
    fn bad_rows_name_their_problem() {
        let (_, rows) = rows(b"a,b\n1,2,3\n\xff,x\n4\n");
        assert!(rows[0].cells.as_ref().unwrap_err().contains("has 3 cells"));
        let bad = rows[1].cells.as_ref().unwrap_err();
        assert!(bad.contains("not valid UTF-8"), "{bad}");
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[2].cells.as_ref().unwrap(), &["4", ""]);
        let header = CsvFile::from_bytes(b"a,\xfe\n".to_vec(), None)
            .err()
            .unwrap();
        assert!(header.contains("line 1 (the header), column 2"), "{header}");
    }
}
