//! Logs go to a daily file under the platform state directory, never to the terminal (the TUI owns
//! it). Level from `ROLO_LOG` (e.g. `debug`, `rolo=trace`), default `info`.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Start file logging; keep the guard alive for the life of the program. Logging never stops a
/// command: if the log directory cannot be created or its file cannot be opened (a read-only or
/// foreign-owned folder), rolo says so in one stderr line and runs without a log file.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    match try_init(dir) {
        Ok(guard) => guard,
        Err(why) => {
            eprintln!("rolo: note: not logging to {}: {why}", dir.display());
            None
        }
    }
}

/// `Ok(None)` when a subscriber is already installed (a second call in one process).
fn try_init(dir: &Path) -> Result<Option<WorkerGuard>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // `rolling::daily` panics when it cannot open the file; the builder reports it instead.
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("rolo.log")
        .build(dir)
        .map_err(|e| {
            std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string())
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("ROLO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    Ok(tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()
        .map(|()| guard))
}
