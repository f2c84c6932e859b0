//! The file being imported, read: a CSV file, or a vCard file's bytes and cards. Shared by the
//! import (which feeds its rows to the engine) and the rejects file (which copies rejected rows).

use super::csv_in::CsvFile;
use super::{vcard, TransferError};

/// The file, read.
pub(crate) enum InputFile {
    Csv(CsvFile),
    Vcf { data: Vec<u8>, cards: vcard::Cards },
}

impl InputFile {
    /// An upper bound of the rows in the file: its line count (cheap), or its cards.
    pub(crate) fn rows_at_most(&self) -> Result<u64, TransferError> {
        match self {
            InputFile::Csv(f) => Ok(f.newlines()? + 1),
            InputFile::Vcf { cards, .. } => Ok(cards.rows.len() as u64),
        }
    }

    /// The cells of the row at `span` again (a CSV row is read back from the file; a vCard's
    /// cards are in memory), for confirming a duplicate found by its key's fingerprint.
    pub(crate) fn cells_at(
        &self,
        span: std::ops::Range<usize>,
    ) -> Result<Option<Vec<String>>, TransferError> {
        match self {
            InputFile::Csv(f) => f.cells_at(span),
            InputFile::Vcf { cards, .. } => Ok(cards
                .rows
                .binary_search_by_key(&span.start, |r| r.span.start)
                .ok()
                .and_then(|i| cards.rows[i].cells.clone().ok())),
        }
    }
}
