//! What the import reads, whatever the file format: rows of cells under named columns, each row
//! with the line it starts on and its exact bytes in the file (for the rejects file).

use std::ops::Range;

/// One data row (a CSV record or a vCard).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// 1-based line the row starts on (the header is line 1 of a CSV file).
    pub line: u64,
    /// The row's bytes in the file, without its line terminator.
    pub span: Range<usize>,
    /// How many cells the row had in the file (a CSV record may have fewer than the header).
    pub width: usize,
    /// The cells, one per column (missing trailing cells are empty), or why the row cannot be
    /// read at all (invalid UTF-8, more cells than columns, a broken vCard).
    pub cells: Result<Vec<String>, String>,
}

/// Where an invalid UTF-8 sequence is, for the error message.
pub fn utf8_problem(bytes: &[u8]) -> Option<String> {
    let e = std::str::from_utf8(bytes).err()?;
    let at = e.valid_up_to();
    let bad = bytes.get(at).copied().unwrap_or_default();
    Some(format!(
        "is not valid UTF-8 (byte 0x{bad:02X} at offset {at} of the row); save the file as \
         UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`"
    ))
}

/// Count line feeds in `bytes`.
pub fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}
