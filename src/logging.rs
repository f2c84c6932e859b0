//! Logs go to a daily file under the platform state directory, never to the terminal (the TUI owns
//! it). Level from `ROLO_LOG` (e.g. `debug`, `rolo=trace`), default `info`.
//!
//! A command writes its few lines straight to the file ([`Writer::Direct`]): no writer thread and
//! no line buffer to build at start-up (the appender's default non-blocking buffer has 128,000
//! slots, ~2 ms to allocate). The TUI hands lines to a writer thread through a small buffer
//! ([`Writer::Background`]) so a slow disk stalls a keystroke only when that buffer is full: then
//! the UI thread waits for room rather than dropping lines.

use std::path::Path;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Lines the TUI's writer thread may hold before the UI waits for it.
const BACKGROUND_LINES: usize = 1024;

/// How log lines reach the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// Written by the calling thread (commands: a handful of lines, then exit).
    Direct,
    /// Written by a background thread (the TUI: the UI thread waits only while its buffer is full).
    Background,
}

/// Keeps a background writer running; dropping it flushes what is buffered.
pub struct Guard(#[allow(dead_code)] Option<WorkerGuard>);

/// Start file logging; keep the guard alive for the life of the program. Logging never stops a
/// command: if the log directory cannot be created or its file cannot be opened (a read-only or
/// foreign-owned folder), rolo says so in one stderr line and runs without a log file.
pub fn init(dir: &Path, writer: Writer) -> Guard {
    match try_init(dir, writer) {
        Ok(guard) => Guard(guard),
        Err(why) => {
            eprintln!("rolo: note: not logging to {}: {why}", dir.display());
            Guard(None)
        }
    }
}

/// A second call in one process leaves the first subscriber in place.
fn try_init(dir: &Path, writer: Writer) -> Result<Option<WorkerGuard>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // `rolling::daily` panics when it cannot open the file; the builder reports it instead.
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("rolo.log")
        .build(dir)
        .map_err(|e| {
            std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string())
        })?;
    let filter = EnvFilter::try_from_env("ROLO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    Ok(match writer {
        Writer::Direct => builder.with_writer(appender).try_init().ok().map(|()| None),
        Writer::Background => {
            let (writer, guard) = NonBlockingBuilder::default()
                .buffered_lines_limit(BACKGROUND_LINES)
                .lossy(false)
                .finish(appender);
            builder
                .with_writer(writer)
                .try_init()
                .ok()
                .map(|()| Some(guard))
        }
    }
    .flatten())
}
