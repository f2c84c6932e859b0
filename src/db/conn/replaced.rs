//! A SQLite file replaced under open connections (a restore in another process) is noticed:
//! each connection remembers the (device, inode) it opened, and the pool compares it at checkout.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;
use diesel::{QueryableByName, RunQueryDsl};

/// A SQLite file's identity (device, inode): a restore that renames another file over the path
/// changes it, while connections opened before keep reading the old one.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((
        i64::from_ne_bytes(m.dev().to_ne_bytes()),
        i64::from_ne_bytes(m.ino().to_ne_bytes()),
    ))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(i64, i64)> {
    None
}

#[derive(QueryableByName)]
struct Opened {
    #[diesel(sql_type = BigInt)]
    dev: i64,
    #[diesel(sql_type = BigInt)]
    ino: i64,
}

/// Remember, in the connection's own temp schema, which file it opened.
pub(super) fn remember_file(
    conn: &mut SqliteConnection,
    path: &Path,
) -> Result<(), diesel::result::Error> {
    let Some((dev, ino)) = file_id(path) else {
        return Ok(());
    };
    conn.batch_execute(
        "CREATE TEMP TABLE IF NOT EXISTS rolo_opened (dev INTEGER NOT NULL, ino INTEGER NOT NULL);
         DELETE FROM temp.rolo_opened;",
    )?;
    diesel::sql_query("INSERT INTO temp.rolo_opened (dev, ino) VALUES (?, ?)")
        .bind::<BigInt, _>(dev)
        .bind::<BigInt, _>(ino)
        .execute(conn)?;
    Ok(())
}

/// Is the file at `path` still the one this connection opened? (True when unknown.)
pub(super) fn same_file(conn: &mut SqliteConnection, path: &Path) -> bool {
    let opened = diesel::sql_query("SELECT dev, ino FROM temp.rolo_opened")
        .get_result::<Opened>(conn)
        .ok();
    match opened {
        Some(o) => file_id(path) == Some((o.dev, o.ino)),
        None => true,
    }
}

/// How many pooled SQLite connections this process dropped because the file under them was
/// replaced (a restore renamed another file over it); their replacements opened the new file.
static REPLACED: AtomicU64 = AtomicU64::new(0);

pub fn replaced_files() -> u64 {
    REPLACED.load(Ordering::Relaxed)
}

/// Count a connection dropped because its file was replaced.
pub(super) fn note_replaced() {
    REPLACED.fetch_add(1, Ordering::Relaxed);
}
