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
}
