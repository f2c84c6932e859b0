//! One effect's connection, taken from the pool when the effect runs, and what a job's failure
//! is made of when there is none.

use std::time::Instant;

use crate::app::Ctx;
use crate::db::DbConn;
use crate::tui::action::{MoveFailure, StageFailure};
use crate::tui::forms::SaveFailure;

/// What a job's failure can be made from when no connection could be had.
pub(crate) trait NoConnection {
    fn no_connection(e: String) -> Self;
}

impl NoConnection for String {
    fn no_connection(e: String) -> Self {
        e
    }
}

impl NoConnection for StageFailure {
    fn no_connection(e: String) -> Self {
        StageFailure::Other(e)
    }
}

impl NoConnection for MoveFailure {
    fn no_connection(e: String) -> Self {
        MoveFailure::Other(e)
    }
}

impl NoConnection for SaveFailure {
    fn no_connection(e: String) -> Self {
        SaveFailure::Other(e)
    }
}

/// One effect's connection, taken from the pool when the effect runs.
#[derive(Clone, Copy)]
pub(crate) struct Job<'a> {
    pub(crate) ctx: &'a Ctx,
    started: Instant,
}

impl<'a> Job<'a> {
    /// A job starting now.
    pub(crate) fn start(ctx: &'a Ctx) -> Job<'a> {
        Job {
            ctx,
            started: Instant::now(),
        }
    }

    /// Run `work` on a pooled connection; without one, the failure says why.
    pub(crate) fn with_conn<T, E: NoConnection>(
        self,
        work: impl FnOnce(&mut DbConn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.timed(work).0
    }

    /// The same, with the milliseconds since the effect started (0 when no connection could be had).
    pub(crate) fn timed<T, E: NoConnection>(
        self,
        work: impl FnOnce(&mut DbConn) -> Result<T, E>,
    ) -> (Result<T, E>, u64) {
        match self.ctx.conn() {
            Ok(mut conn) => {
                let result = work(&mut conn);
                (result, ms_since(self.started))
            }
            Err(e) => (Err(E::no_connection(e.to_string())), 0),
        }
    }
}

fn ms_since(t: Instant) -> u64 {
    u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX)
}
