//! TLS to PostgreSQL with the libpq rolo is built with: `sslmode=require` in the URL gives an
//! encrypted session (the test server has a self-signed certificate, which `require` accepts
//! without verifying it; `.ci/services` makes one when the server has none), and the CLI works
//! over it. `sslmode=disable` on the same server gives a plain one, so the check can fail.
use crate::common;

use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::Bool;
use rolo::db::conn::{open_pool_session, DatabaseUrl, Session, SqliteMmap, Timeouts};
use rolo::db::DbConn;

#[derive(QueryableByName)]
struct Answer {
    #[diesel(sql_type = Bool)]
    yes: bool,
}

fn with_mode(url: &str, mode: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode={mode}")
}

fn encrypted(url: &str) -> bool {
    ask(
        url,
        "SELECT ssl AS yes FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
}

fn ask(url: &str, sql: &str) -> bool {
    let url = DatabaseUrl::parse(url).unwrap();
    let pool = open_pool_session(
        &url,
        1,
        Timeouts::default(),
        SqliteMmap::Large,
        Session::default(),
    )
    .unwrap_or_else(|e| panic!("{url}: {e}"));
    let mut conn = pool.get().unwrap();
    let DbConn::Pg(c) = &mut *conn else {
        panic!("a PostgreSQL URL gave a SQLite connection")
    };
    sql_query(sql).get_result::<Answer>(c).unwrap().yes
}

#[test]
fn sslmode_require_gives_an_encrypted_session_and_the_cli_works_over_it() {
    let db = common::postgres();
    let url = db.url_string();
    assert!(encrypted(&with_mode(&url, "require")), "sslmode=require");
    assert!(!encrypted(&with_mode(&url, "disable")), "sslmode=disable");
    let dir = tempfile::tempdir().unwrap();
    let tls = with_mode(&url, "require");
    let out = common::rolo_in(
        dir.path(),
        &tls,
        &["companies", "create", "--set", "name=Sealed Ltd"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    let out = common::rolo_in(dir.path(), &tls, &["companies", "list", "--output", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Sealed Ltd"));
}

#[test]
fn a_url_without_a_host_connects_over_the_servers_unix_socket() {
    let db = common::postgres();
    let url = db.url_string();
    // postgres://user@127.0.0.1:5432/name → postgres://user@/name
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let user = authority.rsplit_once('@').map_or("", |(u, _)| u);
    let socket_url = format!("{scheme}://{user}@/{path}");
    assert!(
        ask(&socket_url, "SELECT inet_server_addr() IS NULL AS yes"),
        "{socket_url} did not connect over a Unix socket"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = common::rolo_in(dir.path(), &socket_url, &["companies", "count"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}
