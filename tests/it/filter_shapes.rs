//! The shapes a filter is written in for the planner (`rolo::filter::shape`, chosen by
//! `rolo::filter::probe`): each branch of the choice is taken on data large enough to reach the
//! probe's cap, every shape selects the same rows as the default one, and on SQLite the normalized
//! money comparison is served by the `…_norm_live_idx` expression indexes of the migration.
use crate::common;

use common::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use rolo::db::repo::{company, deal, ListQuery, Liveness};
use rolo::db::{BackendKind, DbConn};
use rolo::domain::{Entity, Id};
use rolo::filter::lower::Bind;
use rolo::filter::probe::PROBE_CAP;
use rolo::filter::{self, Context, Purpose, SqlPredicate};
use rolo::seed::synthetic::{load, Sizes};

/// More companies and deals than the probe's cap, so both sides of each choice occur.
const SIZES: Sizes = Sizes {
    users: 4,
    companies: 1_300,
    contacts: 60,
    deals: 1_400,
    activities: 20,
    seed: 5,
};

fn seeded(db: &TestDb) -> DbConn {
    let mut conn = db.conn();
    load(&mut conn, SIZES, false).unwrap();
    drop(conn);
    rolo::db::conn::connect(&db.url).unwrap()
}

fn compiled(
    conn: &mut DbConn,
    entity: Entity,
    text: &str,
    purpose: Option<Purpose>,
) -> SqlPredicate {
    // one clock for every compilation, so the same text gives the same binds
    let now = chrono::NaiveDate::from_ymd_opt(2030, 1, 1)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap();
    let cx = Context {
        entity,
        me: None,
        now,
    };
    match purpose {
        Some(p) => filter::compile_for(text, &cx, conn, p),
        None => filter::compile(text, &cx, conn.backend()),
    }
    .unwrap()
    .unwrap()
}

/// Every matching id, in pages of 50 in the default order.
fn ids(conn: &mut DbConn, entity: Entity, pred: &SqlPredicate) -> Vec<Id> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let next = match entity {
            Entity::Deals => {
                let q = ListQuery {
                    after: after.take(),
                    ..ListQuery::default()
                };
                let page = deal::list(conn, &q, Some(Box::new(pred.clone()))).unwrap();
                out.extend(page.rows.iter().map(|r| r.id.id()));
                page.next
            }
            _ => {
                let q = ListQuery {
                    after: after.take(),
                    ..ListQuery::default()
                };
                let page = company::list(conn, &q, Some(Box::new(pred.clone()))).unwrap();
                out.extend(page.rows.iter().map(|r| r.id.id()));
                page.next
            }
        };
        match next {
            Some(c) => after = Some(c),
            None => return out,
        }
    }
}

fn count(conn: &mut DbConn, entity: Entity, pred: &SqlPredicate) -> i64 {
    match entity {
        Entity::Deals => deal::count(conn, Liveness::Live, Some(Box::new(pred.clone()))).unwrap(),
        _ => company::count(conn, Liveness::Live, Some(Box::new(pred.clone()))).unwrap(),
    }
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The name of the company with the most deals (a name a handful of companies share at most).
fn some_company_name(conn: &mut DbConn) -> String {
    diesel::sql_query(
        "SELECT c.name FROM companies c JOIN deals d ON d.company_id = c.id \
         WHERE c.deleted_at IS NULL AND d.deleted_at IS NULL \
         GROUP BY c.name ORDER BY count(*) DESC, c.name LIMIT 1",
    )
    .get_result::<Name>(conn)
    .unwrap()
    .name
}

fn live(conn: &mut DbConn, table: &str) -> i64 {
    diesel::sql_query(format!(
        "SELECT count(*) AS n FROM {table} WHERE deleted_at IS NULL"
    ))
    .get_result::<N>(conn)
    .unwrap()
    .n
}

/// The probes' choice for `text` on SQLite shows in the SQL of a page and of a count (PostgreSQL
/// keeps the default shapes), and every shape selects the same rows.
fn check_choice(
    conn: &mut DbConn,
    entity: Entity,
    text: &str,
    sqlite_page_sql: &str,
    sqlite_count_sql: &str,
) {
    check_choice_pg(conn, entity, text, sqlite_page_sql, sqlite_count_sql, None);
}

/// As [`check_choice`]; `postgres_page_sql`, when given, is in the SQL of a page on PostgreSQL
/// (otherwise a page keeps the default shapes there).
fn check_choice_pg(
    conn: &mut DbConn,
    entity: Entity,
    text: &str,
    sqlite_page_sql: &str,
    sqlite_count_sql: &str,
    postgres_page_sql: Option<&str>,
) {
    let backend = conn.backend();
    let plain = compiled(conn, entity, text, None);
    let page = compiled(conn, entity, text, Some(Purpose::Rows));
    let counting = compiled(conn, entity, text, Some(Purpose::Count));
    match backend {
        BackendKind::Sqlite => {
            let (page_sql, _) = page.describe();
            let (count_sql, _) = counting.describe();
            assert!(
                page_sql.contains(sqlite_page_sql),
                "{text}: page SQL {page_sql}"
            );
            assert!(
                count_sql.contains(sqlite_count_sql),
                "{text}: count SQL {count_sql}"
            );
        }
        // a count keeps the default shapes; a page too, but for a tag carried by few records
        BackendKind::Postgres => {
            match postgres_page_sql {
                Some(want) => {
                    let (page_sql, _) = page.describe();
                    assert!(page_sql.contains(want), "{text}: page SQL {page_sql}");
                }
                None => assert_eq!(page, plain, "{text}"),
            }
            assert_eq!(counting, plain, "{text}");
        }
    }
    let want = ids(conn, entity, &plain);
    assert!(!want.is_empty(), "{text} selects nothing: a useless case");
    assert_eq!(ids(conn, entity, &page), want, "{text}: page shape");
    assert_eq!(ids(conn, entity, &counting), want, "{text}: count shape");
    assert_eq!(count(conn, entity, &page), want.len() as i64, "{text}");
    assert_eq!(count(conn, entity, &counting), want.len() as i64, "{text}");
}

both_backends!(probes_choose_each_shape_and_keep_the_rows, |db: TestDb| {
    let mut conn = seeded(&db);
    assert!(live(&mut conn, "companies") >= PROBE_CAP);
    assert!(live(&mut conn, "deals") >= PROBE_CAP);

    // a related set of a few companies: a page starts from them (IN)
    let name = some_company_name(&mut conn);
    let few = format!("company.name:\"{}\"", name.replace('"', "\\\""));
    check_choice(
        &mut conn,
        Entity::Deals,
        &few,
        " IN (SELECT ",
        " IN (SELECT ",
    );

    // every company: a page walks the deals in title order and probes each one's company
    check_choice(
        &mut conn,
        Entity::Deals,
        "company.created<+1d",
        ") = 1",
        " IN (SELECT ",
    );
    // the same inside an OR group
    check_choice(
        &mut conn,
        Entity::Deals,
        "company.created<+1d | title:nothing-like-this",
        ") = 1",
        " IN (SELECT ",
    );
    // negated, a small related set stays a small IN list tested per row
    let not_few = format!("-{few}");
    check_choice(
        &mut conn,
        Entity::Deals,
        &not_few,
        " IN (SELECT ",
        " IN (SELECT ",
    );

    // a money test matching every deal: a page tests the three currency branches per row, a
    // count reads the normalized amount's index
    check_choice(
        &mut conn,
        Entity::Deals,
        "value>=0",
        "currency NOT IN (",
        " * CASE WHEN ",
    );
    // matching a few deals: both read the index
    let top = diesel::sql_query(
        "SELECT max(value) AS n FROM deals WHERE deleted_at IS NULL AND currency = 'USD'",
    )
    .get_result::<N>(&mut conn)
    .unwrap()
    .n;
    let few_deals = format!("value>={} currency:usd", top / 100);
    check_choice(
        &mut conn,
        Entity::Deals,
        &few_deals,
        " * CASE WHEN ",
        " * CASE WHEN ",
    );
    // a tag few companies carry: PostgreSQL reads the tagged ids first (an array), not a
    // parallel walk in name order; SQLite keeps `IN`, which its planner already starts from
    let tag = diesel::sql_query(
        "SELECT t.name FROM company_tags j JOIN tags t ON t.id = j.tag_id \
         GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1",
    )
    .get_result::<Name>(&mut conn)
    .unwrap()
    .name;
    check_choice_pg(
        &mut conn,
        Entity::Companies,
        &format!("tag:\"{tag}\""),
        " IN (SELECT ",
        " IN (SELECT ",
        Some(" = ANY (ARRAY(SELECT "),
    );
    check_choice(
        &mut conn,
        Entity::Companies,
        "revenue>=0",
        "currency NOT IN (",
        " * CASE WHEN ",
    );
});

#[derive(QueryableByName)]
struct PlanRow {
    #[diesel(sql_type = Integer)]
    #[allow(dead_code)]
    id: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

fn sqlite_plan(conn: &mut DbConn, table: &str, pred: &SqlPredicate) -> String {
    let (sql, binds) = pred.describe();
    let mut q = diesel::sql_query(format!(
        "EXPLAIN QUERY PLAN SELECT \"{table}\".id FROM \"{table}\" WHERE \"{table}\".deleted_at IS NULL AND {sql}"
    ))
    .into_boxed::<rolo::db::conn::MultiBackend>();
    for b in binds {
        q = match b {
            Bind::Int(v) => q.bind::<BigInt, _>(v),
            Bind::Text(v) => q.bind::<Text, _>(v),
            other => panic!("unexpected bind {other:?}"),
        };
    }
    q.load::<PlanRow>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.detail)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The normalized money comparison is exactly the migration's index expression: SQLite uses the
/// index only for an identical expression, and would otherwise silently scan.
#[test]
fn sqlite_normalized_money_uses_the_expression_indexes() {
    let db = common::sqlite();
    let mut conn = db.conn();
    for (entity, table, text, index) in [
        (
            Entity::Deals,
            "deals",
            "value>=1000",
            "deals_value_norm_live_idx",
        ),
        (
            Entity::Companies,
            "companies",
            "revenue<12.5",
            "companies_revenue_norm_live_idx",
        ),
    ] {
        let pred = compiled(&mut conn, entity, text, None);
        let plan = sqlite_plan(&mut conn, table, &pred);
        assert!(plan.contains(index), "{text}: plan\n{plan}");
    }
}
