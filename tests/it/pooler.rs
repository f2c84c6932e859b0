//! rolo behind PgBouncer in transaction mode (`ROLO_TEST_PGBOUNCER_URL`, started by
//! `.ci/services`): no session state is lost between transactions, no named prepared statement
//! is looked for on another server connection. And what a direct session is told in its
//! connection string.

use std::thread;

use diesel::{QueryableByName, RunQueryDsl};
use rolo::db::conn::{open_pool_session, Session, SqliteMmap, Timeouts};
use rolo::db::repo::{self, ListQuery};
use rolo::db::{DatabaseUrl, DbError};
use rolo::domain::CompanyDraft;
use rolo::error::exit;

use crate::common::{self, describe, rolo_in, TestDb};

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

fn setting(conn: &mut rolo::db::DbConn, name: &str) -> String {
    diesel::sql_query("SELECT current_setting($1) AS value")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<Setting>(conn)
        .unwrap()
        .value
}

#[test]
fn a_direct_session_gets_its_settings_from_the_connection_string() {
    let db = common::postgres();
    let session = Session {
        read_only: true,
        user_hint: None,
    };
    let timeouts = Timeouts {
        statement: Some(std::time::Duration::from_secs(7)),
        ..Timeouts::default()
    };
    let pool = open_pool_session(&db.url, 1, timeouts, SqliteMmap::Large, session).unwrap();
    let mut conn = pool.get().unwrap();
    assert_eq!(setting(&mut conn, "statement_timeout"), "7s");
    assert_eq!(setting(&mut conn, "TimeZone"), "UTC");
    assert_eq!(setting(&mut conn, "default_transaction_read_only"), "on");
    let login = diesel::sql_query("SELECT session_user::text AS value")
        .get_result::<Setting>(&mut conn)
        .unwrap()
        .value;
    assert_eq!(
        setting(&mut conn, "application_name"),
        format!("rolo/{login}")
    );
}

/// This test database, reached through the bouncer, marked as such for rolo.
fn through_bouncer(db: &TestDb) -> String {
    let bouncer = std::env::var("ROLO_TEST_PGBOUNCER_URL").expect(
        "ROLO_TEST_PGBOUNCER_URL must point at a PgBouncer in transaction mode in front of \
         ROLO_TEST_PG_URL's server: run `eval \"$(.ci/services)\"` (see README.md)",
    );
    let DatabaseUrl::Postgres(direct) = &db.url else {
        panic!("a PostgreSQL fixture")
    };
    let name = direct.rsplit('/').next().unwrap();
    let url = common::with_database(&bouncer, name);
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}pgbouncer=true")
}

#[test]
fn hundreds_of_statements_across_pooled_connections_through_the_bouncer() {
    let db = common::postgres();
    let url = DatabaseUrl::parse(&through_bouncer(&db)).unwrap();
    let pool = rolo::db::open_pool(&url, 4).unwrap();
    rolo::seed::demo::load(&mut pool.get().unwrap(), None).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let pool = pool.clone();
            thread::spawn(move || {
                for i in 0..40 {
                    let mut conn = pool.get().unwrap();
                    let name = format!("Pooled {t}-{i}");
                    let made =
                        repo::company::create(&mut conn, None, CompanyDraft::new(&name)).unwrap();
                    drop(conn);
                    // the next statements may run on other server connections
                    let mut conn = pool.get().unwrap();
                    let page = repo::company::list(&mut conn, &ListQuery::default(), None).unwrap();
                    assert!(!page.rows.is_empty());
                    let mut d = CompanyDraft::from(made.fields.clone());
                    d.set("city", "Lyon").unwrap();
                    let updated =
                        repo::company::update(&mut conn, None, made.id, made.version, d.clone())
                            .unwrap();
                    assert_eq!(updated.version, made.version + 1);
                    // the version it was read at is stale now: refused, nothing written
                    let stale = repo::company::update(&mut conn, None, made.id, made.version, d);
                    assert!(matches!(stale, Err(DbError::Conflict { .. })), "{stale:?}");
                    let totals =
                        repo::board::stage_totals(&mut conn, repo::board::no_filter).unwrap();
                    assert!(!totals.is_empty());
                    let got = repo::company::get(&mut conn, made.id).unwrap();
                    assert_eq!(got.version, updated.version);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a worker thread failed");
    }
    let n = repo::company::count(&mut db.conn(), repo::Liveness::Live, None).unwrap();
    assert_eq!(n, 8 + 160);
}

#[test]
fn the_cli_lists_imports_moves_and_shows_the_board_through_the_bouncer() {
    let db = common::postgres();
    let url = through_bouncer(&db);
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = rolo_in(dir.path(), &url, args);
        assert!(out.status.success(), "{args:?}: {}", describe(&out));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run(&["seed", "demo"]);
    let csv = common::import::fixture("companies_parents.csv");
    run(&["import", "companies", csv.to_str().unwrap()]);
    assert!(run(&["companies", "list"]).contains("Acme Europe"));
    let board = run(&["deals", "board"]);
    assert!(board.lines().count() > 3, "{board}");
    let id = run(&["deals", "list", "--output", "ids", "--limit", "1"]);
    let id = id.trim();
    run(&["deals", "move", id, "--next", "--if-version", "1"]);
    let again = rolo_in(
        dir.path(),
        &url,
        &["deals", "move", id, "--next", "--if-version", "1"],
    );
    assert_eq!(
        again.status.code(),
        Some(exit::CONFLICT),
        "{}",
        describe(&again)
    );
    run(&["import", "list"]);
}
