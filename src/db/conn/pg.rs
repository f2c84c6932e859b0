//! PostgreSQL sessions: the timeouts, what libpq is told, and each session's settings.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

use super::backend::connection_reason;
use super::url::redact;
use crate::db::error::DbError;

/// How long to wait for the database, per connection. `connect` bounds opening a PostgreSQL
/// connection (libpq `connect_timeout`, unless the URL gives one); `statement` is PostgreSQL's
/// `statement_timeout` (None: no limit), so a query stuck on the server is cancelled there.
/// TCP keepalives are always on for PostgreSQL, so a dead server is noticed on an idle link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub statement: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            statement: Some(Duration::from_secs(30)),
        }
    }
}

/// A PostgreSQL session in UTC, with `statement_timeout` set from `timeouts`.
pub(super) fn connect_pg(url: &str, timeouts: &Timeouts) -> Result<PgConnection, DbError> {
    let mut conn =
        PgConnection::establish(&pg_conninfo(url, timeouts)).map_err(|e| DbError::Unavailable {
            target: redact(url),
            reason: connection_reason(&e),
        })?;
    conn.batch_execute("SET TIME ZONE 'UTC'; SET application_name = 'rolo';")?;
    let ms = timeouts
        .statement
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    diesel::sql_query("SELECT set_config('statement_timeout', $1, false)")
        .bind::<diesel::sql_types::Text, _>(ms.to_string())
        .execute(&mut conn)?;
    Ok(conn)
}

/// The URL libpq gets: the user's, plus `connect_timeout`, TCP keepalives and `tcp_user_timeout`
/// where it does not set them itself.
pub fn pg_conninfo(url: &str, timeouts: &Timeouts) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let has = |key: &str| query.split('&').any(|kv| kv.split('=').next() == Some(key));
    let mut extra: Vec<String> = Vec::new();
    if !has("connect_timeout") {
        // libpq reads whole seconds; 0 would mean "wait forever"
        extra.push(format!(
            "connect_timeout={}",
            timeouts.connect.as_secs().max(1)
        ));
    }
    for (key, value) in [
        ("keepalives", "1"),
        ("keepalives_idle", "30"),
        ("keepalives_interval", "10"),
        ("keepalives_count", "3"),
        ("tcp_user_timeout", "60000"),
    ] {
        if !has(key) {
            extra.push(format!("{key}={value}"));
        }
    }
    if extra.is_empty() {
        return url.to_string();
    }
    let sep = match url.split_once('?') {
        None => "?",
        Some((_, q)) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{url}{sep}{}", extra.join("&"))
}
