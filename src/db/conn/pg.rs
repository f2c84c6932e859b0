//! PostgreSQL sessions: the timeouts, what libpq is told, and how a session behind a
//! transaction-mode pooler stays correct.
//!
//! Everything a session needs is in the connection string, none of it in a session `SET`: a
//! pooler in transaction mode (PgBouncer) hands each transaction to whichever server connection
//! is free, so a `SET` would apply to someone else's session and be missing from ours. Directly
//! connected, the server gets `options=-c TimeZone=UTC -c statement_timeout=… [-c
//! default_transaction_read_only=on]` in the startup packet; `application_name` is `rolo/<login>`.
//! Behind a pooler (the URL says `pgbouncer=true`, which rolo strips before libpq sees it),
//! PgBouncer 1.18 drops `options` (it has to be listed in `ignore_startup_parameters`), so those
//! settings belong on the role (`ALTER ROLE … SET statement_timeout = …`) or in PgBouncer's
//! `query_timeout`; rolo then turns off Diesel's named prepared statements (its statement cache),
//! which PgBouncer 1.18 does not carry from one server connection to the next. Unnamed statements
//! are sent with `PQsendQueryParams` (parse, bind and execute in one message), which a
//! transaction-mode pooler keeps together.

use std::time::Duration;

use diesel::connection::CacheSize;
use diesel::pg::PgConnection;
use diesel::Connection;

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

/// What a session is told when it opens, besides the timeouts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// Read-only mode: PostgreSQL sessions get `default_transaction_read_only=on`, SQLite files
    /// are opened `mode=ro`.
    pub read_only: bool,
    /// Who to name in `application_name` when the URL names no login (else the OS user).
    pub user_hint: Option<String>,
}

/// The URL parameter that says rolo talks to PostgreSQL through a transaction-mode pooler.
pub const POOLER_PARAM: &str = "pgbouncer";

/// Does this PostgreSQL URL go through a transaction-mode pooler (`pgbouncer=true` or `=1`)?
pub fn behind_pooler(url: &str) -> bool {
    query_pairs(url).any(|(k, v)| k == POOLER_PARAM && matches!(v, "true" | "1" | "yes" | "on"))
}

fn query_pairs(url: &str) -> impl Iterator<Item = (&str, &str)> {
    url.split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
}

/// A PostgreSQL session configured entirely by its connection string (see the module docs).
pub(super) fn connect_pg(
    url: &str,
    timeouts: &Timeouts,
    session: &Session,
) -> Result<PgConnection, DbError> {
    let mut conn = PgConnection::establish(&pg_conninfo(url, timeouts, session)).map_err(|e| {
        DbError::Unavailable {
            target: redact(url),
            reason: connection_reason(&e),
        }
    })?;
    if behind_pooler(url) {
        conn.set_prepared_statement_cache_size(CacheSize::Disabled);
    }
    Ok(conn)
}

/// `rolo/<login>`: the URL's user, else `PGUSER`, else the OS user libpq would log in as, else
/// the acting user's email.
fn application_name(url: &str, session: &Session) -> String {
    let from_url = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|auth| auth.rsplit_once('@').map(|(user, _)| user))
        .map(|user| user.split(':').next().unwrap_or(user).to_string())
        .filter(|u| !u.is_empty());
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let login = from_url
        .or_else(|| {
            query_pairs(url)
                .find(|(k, _)| *k == "user")
                .map(|(_, v)| v.to_string())
        })
        .or_else(|| env("PGUSER"))
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"))
        .or_else(|| session.user_hint.clone())
        .unwrap_or_else(|| "unknown".into());
    // PostgreSQL keeps 63 bytes of it; keep it printable
    let login: String = login.chars().filter(|c| !c.is_control()).take(56).collect();
    format!("rolo/{login}")
}

/// Percent-encode a URI query value for libpq.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'@' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The server settings a direct session gets in libpq's `options`.
fn server_options(timeouts: &Timeouts, session: &Session) -> String {
    let ms = timeouts
        .statement
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let mut opts = format!("-c TimeZone=UTC -c statement_timeout={ms}");
    if session.read_only {
        opts.push_str(" -c default_transaction_read_only=on");
    }
    opts
}

/// The URL libpq gets: the user's without rolo's own `pgbouncer` parameter, plus
/// `connect_timeout`, TCP keepalives, `tcp_user_timeout` and `application_name` where it does not
/// set them itself, and (not behind a pooler) the session's settings in `options`, after any the
/// URL gives.
pub fn pg_conninfo(url: &str, timeouts: &Timeouts, session: &Session) -> String {
    let pooled = behind_pooler(url);
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<String> = Vec::new();
    let mut user_options: Option<String> = None;
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let key = kv.split('=').next().unwrap_or(kv);
        if key == POOLER_PARAM {
            continue;
        }
        if key == "options" && !pooled {
            user_options = Some(kv["options".len()..].trim_start_matches('=').to_string());
            continue;
        }
        params.push(kv.to_string());
    }
    let has =
        |params: &[String], key: &str| params.iter().any(|kv| kv.split('=').next() == Some(key));
    let mut extra: Vec<String> = Vec::new();
    if !has(&params, "connect_timeout") {
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
        if !has(&params, key) {
            extra.push(format!("{key}={value}"));
        }
    }
    if !has(&params, "host") && names_no_host(base) {
        if let Some(dir) = default_socket_dir() {
            extra.push(format!("host={}", encode(dir)));
        }
    }
    if !has(&params, "application_name") {
        extra.push(format!(
            "application_name={}",
            encode(&application_name(url, session))
        ));
    }
    if !pooled {
        let ours = encode(&server_options(timeouts, session));
        extra.push(match user_options {
            // the user's own options first; ours are later and so win where both set one
            Some(theirs) if !theirs.is_empty() => format!("options={theirs}%20{ours}"),
            _ => format!("options={ours}"),
        });
    }
    params.extend(extra);
    format!("{base}?{}", params.join("&"))
}

/// Whether the URL's authority names no host (`postgres:///crm`, `postgres://ann@/crm`): libpq
/// then connects over a Unix socket in its compiled-in directory.
fn names_no_host(base: &str) -> bool {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.is_empty()
}

/// Where the server's Unix socket is when a URL names no host and `PGHOST` is unset: the
/// bundled libpq's compiled-in directory is `/tmp`, while Debian's and Red Hat's servers put
/// theirs in `/var/run/postgresql` (Debian's own libpq looks there). The first of the two
/// that holds a PostgreSQL socket, so `postgres:///crm` means what `psql` means by it. Looked up
/// once per process: every pooled connection is built from the same URL.
fn default_socket_dir() -> Option<&'static str> {
    static DIR: std::sync::OnceLock<Option<&'static str>> = std::sync::OnceLock::new();
    *DIR.get_or_init(|| {
        if std::env::var_os("PGHOST").is_some() {
            return None;
        }
        ["/var/run/postgresql", "/tmp"].into_iter().find(|dir| {
            std::fs::read_dir(dir).is_ok_and(|mut entries| {
                entries.any(|e| {
                    e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".s.PGSQL."))
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_without_a_host_is_told_apart() {
        for url in ["postgres:///crm", "postgresql://ann@/crm", "postgres://"] {
            assert!(names_no_host(url), "{url}");
        }
        for url in [
            "postgres://h/crm",
            "postgres://ann@h:5432/crm",
            "postgres://ann:pw@127.0.0.1/crm",
            "postgres://%2Fvar%2Frun%2Fpostgresql/crm",
        ] {
            assert!(!names_no_host(url), "{url}");
        }
    }

    #[test]
    fn direct_sessions_carry_their_settings_in_the_connection_string() {
        let t = Timeouts::default();
        let s = Session {
            read_only: true,
            user_hint: None,
        };
        let info = pg_conninfo("postgres://ann@h/db", &t, &s);
        assert!(
            info.starts_with("postgres://ann@h/db?connect_timeout=10&"),
            "{info}"
        );
        assert!(info.contains("application_name=rolo/ann"), "{info}");
        assert!(
            info.contains(
                "options=-c%20TimeZone%3DUTC%20-c%20statement_timeout%3D30000\
                 %20-c%20default_transaction_read_only%3Don"
            ),
            "{info}"
        );
        let none = Timeouts {
            statement: None,
            ..t
        };
        let info = pg_conninfo(
            "postgres://ann@h/db?application_name=x&options=-c%20work_mem%3D8MB",
            &none,
            &Session::default(),
        );
        assert!(info.contains("application_name=x&"), "{info}");
        assert!(!info.contains("rolo/ann"), "{info}");
        assert!(
            info.contains(
                "options=-c%20work_mem%3D8MB%20-c%20TimeZone%3DUTC%20-c%20statement_timeout%3D0"
            ),
            "{info}"
        );
        assert!(!info.contains("read_only"), "{info}");
    }

    #[test]
    fn pooled_sessions_send_no_options_and_lose_the_pooler_parameter() {
        let url = "postgres://rep@h:6432/crm?pgbouncer=true&sslmode=disable";
        assert!(behind_pooler(url));
        assert!(!behind_pooler("postgres://rep@h/crm?sslmode=disable"));
        assert!(!behind_pooler("postgres://rep@h/crm?pgbouncer=false"));
        let info = pg_conninfo(url, &Timeouts::default(), &Session::default());
        assert!(!info.contains("pgbouncer"), "{info}");
        assert!(!info.contains("options="), "{info}");
        assert!(
            info.starts_with("postgres://rep@h:6432/crm?sslmode=disable&"),
            "{info}"
        );
        assert!(info.contains("application_name=rolo/rep"), "{info}");
    }

    #[test]
    fn the_login_comes_from_the_url_and_passwords_stay_out_of_the_name() {
        let s = Session::default();
        assert_eq!(application_name("postgres://bob:pw@h/db", &s), "rolo/bob");
        assert_eq!(
            application_name("postgres:///db?host=/run/postgresql&user=amy", &s),
            "rolo/amy"
        );
    }
}
