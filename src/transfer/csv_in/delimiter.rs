//! The delimiter of a CSV file: detected from its header line, or as the user typed it.

use super::BOM;
use crate::transfer::TransferError;

/// Delimiters tried when none is given, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

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
