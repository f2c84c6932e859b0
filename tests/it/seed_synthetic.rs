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
