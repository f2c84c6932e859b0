//! The synthetic bulk loader on both backends: exact counts, indexes rebuilt, constraints held,
//! deterministic ids, and a second load of the same seed refused without writing anything.
use crate::common;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use rolo::db::repo::{activity, company, contact, deal, Liveness};
use rolo::db::schema::{contacts, deals, pipeline_stages};
use rolo::db::{DbConn, DbError};
use rolo::domain::{CompanyId, StageKind};
use rolo::seed::synthetic::{load, Sizes};

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn index_count(conn: &mut DbConn) -> i64 {
    let sql = match conn {
        DbConn::Sqlite(_) => "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index'",
        DbConn::Pg(_) => "SELECT count(*) AS n FROM pg_indexes WHERE schemaname = current_schema()",
    };
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

const SIZES: Sizes = Sizes {
    users: 5,
    companies: 60,
    contacts: 400,
    deals: 90,
    activities: 500,
    seed: 7,
};

fn counts(conn: &mut DbConn) -> [i64; 4] {
    [
        company::count(conn, Liveness::Live, None).unwrap(),
        contact::count(conn, Liveness::Live, None).unwrap(),
        deal::count(conn, Liveness::Live, None).unwrap(),
        activity::count(conn, Liveness::Live, None).unwrap(),
    ]
}

fn synthetic(db: common::TestDb) -> Vec<CompanyId> {
    let mut conn = db.conn();
    let indexes = index_count(&mut conn);
    let report = load(&mut conn, SIZES, false).unwrap();
    assert_eq!(report.rows, 5 + 60 + 400 + 90 + 500);
    assert_eq!(counts(&mut conn), [60, 400, 90, 500]);
    assert_eq!(index_count(&mut conn), indexes, "every index is back");

    // at most one primary per company, and only with a company
    let primaries: Vec<Option<CompanyId>> = contacts::table
        .filter(contacts::is_primary.eq(true))
        .select(contacts::company_id)
        .load(&mut *conn)
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    assert!(primaries.iter().all(|c| c.is_some() && seen.insert(*c)));
    // deal status follows the stage kind
    let rows: Vec<(StageKind, String)> = deals::table
        .inner_join(pipeline_stages::table)
        .select((pipeline_stages::kind, deals::status))
        .load::<(StageKind, String)>(&mut *conn)
        .unwrap();
    assert_eq!(rows.len(), 90);
    assert!(rows.iter().all(|(k, s)| k.deal_status().as_str() == s));

    // the same seed again: refused, nothing written
    let again = load(&mut conn, SIZES, false).unwrap_err();
    assert!(matches!(again, DbError::Duplicate(_)), "{again}");
    assert_eq!(counts(&mut conn), [60, 400, 90, 500]);

    let page = company::list(
        &mut conn,
        &rolo::db::repo::ListQuery::sorted(company::CompanySort::Created, 5),
        None,
    )
    .unwrap();
    page.rows.iter().map(|c| c.id).collect()
}

#[test]
fn synthetic_load_is_exact_and_deterministic_across_backends() {
    let on_sqlite = synthetic(common::sqlite());
    let on_postgres = synthetic(common::postgres());
    assert_eq!(
        on_sqlite, on_postgres,
        "the same seed gives the same ids on both backends"
    );
}

/// SQLite after a bulk load: row counts per index in `sqlite_stat1`, no key samples in
/// `sqlite_stat4` (every connection would load and sort them at its first statement); and a
/// database an earlier rolo left with samples loses them when it is next migrated.
#[test]
fn a_sqlite_load_keeps_row_counts_and_drops_the_key_samples() {
    let db = common::sqlite();
    let mut conn = db.conn();
    load(&mut conn, SIZES, false).unwrap();
    let n = |conn: &mut DbConn, sql: &str| diesel::sql_query(sql).get_result::<N>(conn).unwrap().n;
    assert!(n(&mut conn, "SELECT count(*) AS n FROM sqlite_stat1") > 0);
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM sqlite_stat4"), 0);
    drop(conn);
    // a file an earlier rolo analysed (samples written), not yet migrated: the migration that
    // `rolo migrate` (or any start) applies drops the samples
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    let mut raw = diesel::SqliteConnection::establish(old.to_str().unwrap()).unwrap();
    diesel::connection::SimpleConnection::batch_execute(
        &mut raw,
        "CREATE TABLE scratch (x INTEGER); CREATE INDEX scratch_x ON scratch (x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
         INSERT INTO scratch SELECT i % 7 FROM n; ANALYZE;",
    )
    .unwrap();
    let samples = |raw: &mut diesel::SqliteConnection| {
        diesel::sql_query("SELECT count(*) AS n FROM sqlite_stat4")
            .get_result::<N>(raw)
            .unwrap()
            .n
    };
    assert!(samples(&mut raw) > 0, "this SQLite writes samples");
    let out = common::rolo_in(dir.path(), old.to_str().unwrap(), &["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    assert_eq!(samples(&mut raw), 0);
}
