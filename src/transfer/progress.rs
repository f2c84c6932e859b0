//! Import progress: a bar on a terminal, a plain line now and then otherwise (logs, pipes).

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::report::Report;
use crate::domain::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// An indicatif bar on standard error.
    Bar,
    /// A line on standard error every second or so.
    Lines,
    Quiet,
}

pub struct Progress {
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    total: u64,
    entity: Entity,
    last: Instant,
}

const EVERY: Duration = Duration::from_secs(1);

fn counts(r: &Report) -> String {
    format!(
        "{} rows: {} created, {} updated, {} duplicates, {} invalid",
        r.rows, r.created, r.updated, r.duplicates, r.invalid
    )
}

impl Progress {
    /// `total`: bytes of a CSV file, or rows.
    pub fn new(mode: ProgressMode, total: u64, entity: Entity) -> Progress {
        let bar = (mode == ProgressMode::Bar).then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {prefix} [{bar:30}] {percent}% {msg} ({elapsed}, eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.set_prefix(format!("import {entity}"));
            b
        });
        Progress {
            mode,
            bar,
            total,
            entity,
            last: Instant::now(),
        }
    }

    pub fn update(&mut self, position: u64, r: &Report) {
        match self.mode {
            ProgressMode::Bar => {
                if let Some(b) = &self.bar {
                    b.set_position(position);
                    b.set_message(counts(r));
                }
            }
            ProgressMode::Lines if self.last.elapsed() >= EVERY => {
                self.last = Instant::now();
                let pct = position.saturating_mul(100) / self.total.max(1);
                eprintln!("import {}: {pct}% read, {}", self.entity, counts(r));
            }
            _ => {}
        }
    }

    pub fn finish(self) {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
    }
}

/// A bar when standard error is a terminal, plain lines otherwise.
pub fn progress_mode(terminal: bool) -> ProgressMode {
    match terminal {
        true => ProgressMode::Bar,
        false => ProgressMode::Lines,
    }
}
