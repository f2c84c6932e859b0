//! `rolo backup [PATH]` and `rolo restore PATH [--force]`.

use super::out::outln;

use super::args::{BackupArgs, RestoreArgs};
use crate::app::Ctx;
use crate::config::Settings;
use crate::db::DatabaseUrl;
use crate::error::{exit, AppError};
use crate::transfer::backup::{self, Backup};

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b => format!("{:.1} KiB", b as f64 / 1024.0),
    }
}

pub fn backup(settings: &Settings, args: BackupArgs) -> Result<i32, AppError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let to = args
        .path
        .unwrap_or_else(|| backup::default_path(&url, &settings.dirs.data));
    let done = match &url {
        DatabaseUrl::Sqlite(_) => {
            let ctx = Ctx::open(settings)?;
            let mut conn = ctx.conn()?;
            backup::sqlite(&mut conn, &to)
        }
        DatabaseUrl::Postgres(u) => backup::postgres(u, &to),
    }
    .map_err(AppError::from)?;
    match done {
        Backup::Written { path, bytes } => {
            outln!("backed up {url} to {} ({})", path.display(), size(bytes))?;
            Ok(exit::OK)
        }
        Backup::CommandToRun(cmd) => {
            eprintln!(
                "rolo: pg_dump is not installed here, so no backup was made; run this where it is:"
            );
            outln!("{cmd}")?;
            Ok(exit::UNAVAILABLE)
        }
    }
}

pub fn restore(settings: &Settings, args: RestoreArgs) -> Result<i32, AppError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let DatabaseUrl::Sqlite(target) = &url else {
        return Err(AppError::Usage(format!(
            "restore replaces a SQLite database; for PostgreSQL use pg_restore: \
             pg_restore --clean --if-exists --dbname '{url}' {}",
            args.path.display()
        )));
    };
    backup::restore(target, &args.path, args.force).map_err(AppError::from)?;
    // bring an older backup's schema up to date
    let ctx = Ctx::open(settings)?;
    drop(ctx);
    outln!("restored {} from {}", target.display(), args.path.display())?;
    Ok(exit::OK)
}
