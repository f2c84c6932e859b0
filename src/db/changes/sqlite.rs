//! SQLite: `PRAGMA data_version` on a connection of its own changes whenever another connection
//! (in this process or another) commits; the history rows added since the last read, by `rowid`,
//! say what changed and who changed it.

use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Binary, Nullable, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{QueryableByName, RunQueryDsl};

use super::{Change, MAX_DETAILED, SQLITE_POLL};
use crate::db::conn::{self, DatabaseUrl, DbConn};
use crate::db::DbError;
use crate::domain::{Entity, HistoryAction, Id};

/// How often the feed checks that the file at the path is still the one it opened.
const FILE_CHECK: Duration = Duration::from_secs(2);

pub struct SqliteFeed {
    conn: DbConn,
    url: DatabaseUrl,
    /// `data_version` as last read.
    version: i64,
    /// The newest history `rowid` reported.
    last: i64,
    /// The settings' versions, summed, as last read ([`settings_version`]).
    settings: i64,
    checked: Instant,
}

#[derive(QueryableByName)]
struct DataVersion {
    #[diesel(sql_type = BigInt)]
    data_version: i64,
}

#[derive(QueryableByName)]
struct Newest {
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    entity: String,
    #[diesel(sql_type = Binary)]
    entity_id: Vec<u8>,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Nullable<Text>)]
    actor: Option<String>,
}

fn sqlite(conn: &mut DbConn) -> Result<&mut SqliteConnection, DbError> {
    match conn {
        DbConn::Sqlite(c) => Ok(c),
        DbConn::Pg(_) => Err(DbError::Interrupted(
            "the SQLite change feed got a PostgreSQL connection".into(),
        )),
    }
}

fn data_version(c: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(diesel::sql_query("PRAGMA data_version")
        .get_result::<DataVersion>(c)?
        .data_version)
}

/// A number that moves whenever a setting is added or changed (each change adds 1 to its row's
/// version) or removed: the settings are a handful of rows.
fn settings_version(c: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(
        diesel::sql_query(
            "SELECT coalesce(sum(version), 0) * 1000 + count(*) AS seq FROM settings",
        )
        .get_result::<Newest>(c)?
        .seq,
    )
}

fn newest(c: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(
        diesel::sql_query("SELECT coalesce(max(rowid), 0) AS seq FROM history")
            .get_result::<Newest>(c)?
            .seq,
    )
}

impl SqliteFeed {
    pub(super) fn start(mut conn: DbConn, url: DatabaseUrl) -> Result<SqliteFeed, DbError> {
        let c = sqlite(&mut conn)?;
        let version = data_version(c)?;
        let last = newest(c)?;
        let settings = settings_version(c)?;
        Ok(SqliteFeed {
            conn,
            url,
            version,
            last,
            settings,
            checked: Instant::now(),
        })
    }

    pub(super) fn next(&mut self, within: Duration) -> Result<Vec<Change>, DbError> {
        let start = Instant::now();
        loop {
            if self.checked.elapsed() >= FILE_CHECK {
                self.checked = Instant::now();
                if !conn::still_current(&mut self.conn, &self.url) {
                    return Err(DbError::Interrupted(format!(
                        "{} was replaced by another file (a restore?)",
                        self.url
                    )));
                }
            }
            let c = sqlite(&mut self.conn)?;
            let version = data_version(c)?;
            if version != self.version {
                self.version = version;
                let mut changes = self.read()?;
                let settings = settings_version(sqlite(&mut self.conn)?)?;
                if settings != self.settings {
                    self.settings = settings;
                    changes.push(Change::access());
                }
                if !changes.is_empty() {
                    return Ok(changes);
                }
            }
            if start.elapsed() >= within {
                return Ok(vec![]);
            }
            std::thread::sleep(SQLITE_POLL.min(within.saturating_sub(start.elapsed())));
        }
    }

    /// The history rows committed since the last read.
    fn read(&mut self) -> Result<Vec<Change>, DbError> {
        let c = sqlite(&mut self.conn)?;
        let rows = diesel::sql_query(
            "SELECT h.rowid AS seq, h.entity, h.entity_id, h.action, u.name AS actor
             FROM history h LEFT JOIN users u ON u.id = h.actor_id
             WHERE h.rowid > ? ORDER BY h.rowid LIMIT ?",
        )
        .bind::<BigInt, _>(self.last)
        .bind::<BigInt, _>(i64::try_from(MAX_DETAILED).unwrap_or(i64::MAX) + 1)
        .load::<Row>(c)?;
        if rows.len() > MAX_DETAILED {
            // more than is worth naming one by one (an import): everything may have changed
            self.last = newest(c)?;
            return Ok(Change::everything());
        }
        if rows.is_empty() {
            // rowids only shrink if the table was rebuilt (VACUUM): start from its end again
            let top = newest(c)?;
            if top < self.last {
                self.last = top;
                return Ok(Change::everything());
            }
            return Ok(vec![]);
        }
        if let Some(r) = rows.last() {
            self.last = r.seq;
        }
        Ok(rows.into_iter().filter_map(change).collect())
    }
}

fn change(r: Row) -> Option<Change> {
    let entity: Entity = r.entity.parse().ok()?;
    let id = uuid::Uuid::from_slice(&r.entity_id).ok().map(Id)?;
    Some(Change {
        entity,
        id: Some(id),
        action: r.action.parse::<HistoryAction>().ok(),
        actor: r.actor,
    })
}
