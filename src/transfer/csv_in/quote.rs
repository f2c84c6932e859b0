//! A quoted field still open at the end of the file: the CSV reader would take every line after
//! it into that field. Found on the last row only (no other row can end inside quotes).

use std::rc::Rc;

use super::{reader, trim_terminator, CsvRows, Tee};
use crate::transfer::source::{newlines, SourceRow};
use crate::transfer::TransferError;

/// Where a quoted field that is still open at the end of `bytes` opened: its offset in `bytes`
/// and its 0-based column. `bytes` start at the start of a record; the states are those of the
/// CSV reader (a quote opens a field only at its start, `""` inside quotes is a quote, text after
/// a closing quote continues the field unquoted).
pub fn open_quote(bytes: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        Start,
        Field,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut column, mut open) = (State::Start, 0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::Start if b == b'"' => {
                open = i;
                State::Quoted
            }
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ if end_of_field => {
                column = if b == delimiter { column + 1 } else { 0 };
                State::Start
            }
            _ => State::Field,
        };
    }
    (state == State::Quoted).then_some((open, column))
}

impl CsvRows<'_> {
    /// The row that ends the file while `open` (a file offset) opens a quoted field in `column`
    /// that is never closed: the CSV reader took every line after it into that field. The row
    /// ends with the line the quote opened on, is refused, and reading starts again on the next
    /// line, so no other row is lost.
    pub(super) fn unclosed(
        &mut self,
        start: usize,
        open: usize,
        column: usize,
    ) -> Result<SourceRow, TransferError> {
        let row_line = self.line;
        let (open_line, line_end, resume) = {
            let w = self.window.borrow();
            let open_line = self.line + newlines(w.slice(start, open));
            let rest = w.slice(open, self.offset());
            let (line_end, resume) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (open + i, open + i + 1),
                None => (open + rest.len(), open + rest.len()),
            };
            let line_end = start + trim_terminator(w.slice(start, line_end), 0, line_end - start);
            (open_line, line_end, resume)
        };
        let input = self
            .file
            .open_at(resume)
            .map_err(|e| self.file.read_error(e))?;
        {
            let mut w = self.window.borrow_mut();
            w.base = resume;
            w.buf.clear();
        }
        self.reader = reader(
            Tee {
                input,
                window: Rc::clone(&self.window),
            },
            self.file.delimiter,
        );
        self.shift = resume;
        self.counted_to = resume;
        self.line = open_line + 1;
        let name = self.file.headers.get(column).map(String::as_str);
        let named = name.map(|n| format!(" ('{n}')")).unwrap_or_default();
        Ok(SourceRow {
            line: row_line,
            span: start..line_end,
            width: column + 1,
            cells: Err(format!(
                "has a quote that is never closed: the quoted field in column {}{named} opens on \
                 line {open_line} and runs to the end of the file; add the closing \" (the lines \
                 after line {open_line} were read as rows of their own)",
                column + 1
            )),
        })
    }
}
