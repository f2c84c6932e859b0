//! Standard output, in one place. Every command writes through [`text`] (human text: tables,
//! reports, messages) or [`data`] (CSV, JSON, vCard meant for programs):
//!
//! * Human text is always cleaned with [`sanitize_lines`]: control characters other than line
//!   breaks and tabs (ESC, C1 controls such as U+009B) become U+FFFD, on a terminal, in a pipe or
//!   in a file alike.
//! * Data is byte-exact when standard output is a pipe or a file (so an export imports back
//!   unchanged); on a terminal it is cleaned the same way, so a record cannot drive the terminal.
//! * A closed standard output (`rolo companies list | head -1`) is not an error: the write fails
//!   with `BrokenPipe`, [`stdout_closed`] remembers it, and `rolo::run` ends quietly with exit
//!   code 0 (as `git log | head` and `psql | head` do) instead of a panic or an error message.
//!
//! `println!`/`print!` are denied in the library (`clippy::print_stdout` in lib.rs) so nothing
//! bypasses this.
//!
//! [`sanitize_lines`]: crate::domain::text::sanitize_lines

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::domain::text::StreamSanitizer;

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Has a write to standard output failed because nobody reads it any more?
pub fn stdout_closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

fn noted(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CLOSED.store(true, Ordering::Relaxed);
    }
    e
}

/// A writer on standard output (see the module documentation). Flushed when dropped.
pub struct Out {
    inner: io::StdoutLock<'static>,
    clean: Option<StreamSanitizer>,
}

/// For human text: always cleaned.
pub fn text() -> Out {
    Out {
        inner: io::stdout().lock(),
        clean: Some(StreamSanitizer::default()),
    }
}

/// For machine data: byte-exact unless standard output is a terminal.
pub fn data() -> Out {
    let stdout = io::stdout();
    let clean = stdout.is_terminal().then(StreamSanitizer::default);
    Out {
        inner: stdout.lock(),
        clean,
    }
}

impl Out {
    /// Write what the sanitizer still holds back, and flush.
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(rest) = self.clean.as_mut().map(StreamSanitizer::finish) {
            self.inner.write_all(rest.as_bytes()).map_err(noted)?;
        }
        self.inner.flush().map_err(noted)
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.clean.as_mut() {
            Some(s) => {
                let cleaned = s.push(buf);
                self.inner.write_all(cleaned.as_bytes()).map_err(noted)?;
                Ok(buf.len())
            }
            None => self.inner.write(buf).map_err(noted),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(noted)
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// `println!` for human text; evaluates to `io::Result<()>`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = $crate::cli::out::text();
        writeln!(out, $($arg)*).and_then(|()| out.finish())
    }};
}

/// `println!` for machine data (JSON on one line); evaluates to `io::Result<()>`.
macro_rules! dataln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = $crate::cli::out::data();
        writeln!(out, $($arg)*).and_then(|()| out.finish())
    }};
}

pub(crate) use dataln;
pub(crate) use outln;
