//! `rolo migrate`: apply pending migrations, show status, or redo from scratch.

use super::args::MigrateArgs;
use super::out::outln;
use crate::config::Settings;
use crate::db::{self, DatabaseUrl};
use crate::error::{exit, AppError};

pub fn run(settings: &Settings, args: &MigrateArgs) -> Result<i32, AppError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let mut conn =
        db::conn::connect_session(&url, &settings.bulk_timeouts()?, &settings.session())?;
    if args.redo {
        if !args.yes {
            return Err(AppError::Usage(
                "--redo drops every table and all data in it; add --yes to confirm".into(),
            ));
        }
        let reverted = db::migrate::revert_all(&mut conn)?;
        outln!("reverted {} migration(s)", reverted.len())?;
    }
    if args.status {
        for v in db::migrate::applied(&mut conn)? {
            outln!("applied  {v}")?;
        }
        for name in db::migrate::pending(&mut conn)? {
            outln!("pending  {name}")?;
        }
        let newer = db::migrate::newer(&mut conn)?;
        for v in &newer {
            outln!(
                "newer    {v} (not known to this rolo {})",
                db::migrate::ROLO_VERSION
            )?;
        }
        if !newer.is_empty() {
            db::migrate::refuse_newer(&mut conn)?;
        }
        return Ok(exit::OK);
    }
    let schema = db::migrate::schema_state(&mut conn)?;
    if schema.pending > 0 && !schema.may_apply {
        // a role that may not change the schema: the same line a start-up gives
        return Err(db::DbError::Behind {
            pending: schema.pending,
        }
        .into());
    }
    let applied = db::migrate::run_pending(&mut conn)?;
    if applied.is_empty() {
        outln!("{url}: schema is up to date")?;
    } else {
        for v in &applied {
            outln!("applied {v}")?;
        }
        outln!("{url}: {} migration(s) applied", applied.len())?;
    }
    Ok(exit::OK)
}
