//! Benchmark of the filter language on a large synthetic database, warm cache.
//!
//! For each filter of [`CASES`] and each backend whose environment variable is set:
//!
//! * `first_page` — compile the filter for a page (`filter::compile_for(…, Purpose::Rows)`, which
//!   includes the probes that choose the SQL shape) and load the first page of 50 rows (`list`,
//!   default sort);
//! * `next_page`  — the same for the page after the first one (`ListQuery.after` = `page.next`);
//! * `count`      — compile for a count (`Purpose::Count`) and count the live rows (`count`);
//! * `capped_count` — compile for a count and count up to 1,001 rows (`count_up_to`, what
//!   `rolo <entity> count --up-to 1000` runs to print "at least 1000");
//! * `hand_*`     — the same three questions as hand-written SQL (the exact statements
//!   `benches/baseline.py` wrote to `hand-<backend>.json`), run in-process through
//!   `diesel::sql_query` and decoded in full: the baseline on the same SQLite library as rolo.
//!
//! Every timed call includes compiling the filter (parse, check, lower: a few microseconds; plus
//! the probes, under a millisecond), so it is the whole cost from filter text to rows. Alongside criterion's own report this writes, under
//! `target/filter-bench/` (or `$ROLO_BENCH_OUT`):
//!
//! * `summary-<backend>.csv`  — median and p99 of the individually timed calls of the measurement
//!   phase, the iteration count, and the rows / count returned (to check against the hand-written
//!   baseline, `benches/baseline.py`);
//! * `plans-<backend>.txt`    — the SQL Diesel sent for each query (captured by instrumentation)
//!   with its binds and plan (SQLite `EXPLAIN QUERY PLAN`; PostgreSQL `EXPLAIN (ANALYZE,
//!   BUFFERS)`), for first page, next page and count, and the same for the hand-written SQL.
//!
//! ```text
//! ROLO_BENCH_SQLITE=/tmp/syn-big3/rolo.db ROLO_BENCH_PG=postgres://postgres@127.0.0.1/rolo_big \
//!     cargo bench --bench filters
//! ```
//!
//! A backend whose variable is unset is skipped with a note. The databases are only read. Use
//! `ROLO_BENCH_SAMPLES` (default 20) rather than criterion's `--sample-size` so the p99 summary
//! knows which calls belong to the measurement phase.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};

use rolo::db::conn::connect;
use rolo::db::conn::MultiBackend;
use rolo::db::repo::company::{self, CompanySort};
use rolo::db::repo::deal::{self, DealSort};
use rolo::db::repo::{Cursor, ListQuery, Liveness, SortValue};
use rolo::db::types::sql::Uuid;
use rolo::db::{open_pool, BackendKind, DatabaseUrl, DbConn};
use rolo::domain::{Entity, Id};
use rolo::filter::lower::Bind;
use rolo::filter::{self, Context, Purpose, SqlPredicate};

use common::plans::{abbreviate, capture, plan_text};
use common::{ms, timed, Stats};

/// One benchmarked filter.
struct Case {
    name: &'static str,
    entity: Entity,
    filter: &'static str,
}

const fn case(name: &'static str, entity: Entity, filter: &'static str) -> Case {
    Case {
        name,
        entity,
        filter,
    }
}

const CASES: &[Case] = &[
    case("single_field", Entity::Companies, "industry:software"),
    case(
        "two_fields",
        Entity::Companies,
        "industry:software status:customer",
    ),
    case(
        "or_group",
        Entity::Companies,
        "status:lead | status:prospect",
    ),
    case("related", Entity::Deals, "company.industry:software"),
    case(
        "related_small",
        Entity::Deals,
        "company.name:\"cedarwave partners\"",
    ),
    case("tag", Entity::Companies, "tag:vip"),
    case("full_text", Entity::Companies, "north"),
    case("relative_date", Entity::Deals, "close<+30d"),
    case(
        "money_related",
        Entity::Deals,
        "value>=10000 company.industry:software",
    ),
    case("money", Entity::Deals, "value>=10000"),
];

/// Capped counts stop after this many rows, as `rolo <entity> count --up-to 1000` does (its
/// 1,001st row tells "exactly 1,000" from "at least 1,000").
const CAP: i64 = 1001;

const PAGE: i64 = 50;

fn out_dir() -> PathBuf {
    common::out_dir("target/filter-bench")
}

/// `filter::compile_for`: parse, check, probe (on SQLite for related conditions and money, on
/// PostgreSQL for tags) and lower, for a page (`Purpose::Rows`) or an exact count.
fn compile(case: &Case, cx: &Context, conn: &mut DbConn, purpose: Purpose) -> SqlPredicate {
    filter::compile_for(case.filter, cx, conn, purpose)
        .unwrap_or_else(|e| panic!("filter {:?} does not compile: {e:?}", case.filter))
        .unwrap_or_else(|| panic!("filter {:?} is empty", case.filter))
}

/// One page in the entity's default order: (rows, cursor of the next page).
fn page(
    conn: &mut DbConn,
    entity: Entity,
    pred: SqlPredicate,
    after: Option<Cursor>,
) -> (usize, Option<Cursor>) {
    match entity {
        Entity::Companies => {
            let q = ListQuery {
                after,
                limit: PAGE,
                ..ListQuery::<CompanySort>::default()
            };
            let p = company::list(conn, &q, Some(Box::new(pred))).expect("list companies");
            (p.rows.len(), p.next)
        }
        Entity::Deals => {
            let q = ListQuery {
                after,
                limit: PAGE,
                ..ListQuery::<DealSort>::default()
            };
            let p = deal::list(conn, &q, Some(Box::new(pred))).expect("list deals");
            (p.rows.len(), p.next)
        }
        other => panic!("no benchmark for {other:?}"),
    }
}

/// `count_up_to(CAP)`, shown as "at least 1000" when it reaches the cap.
fn capped(conn: &mut DbConn, entity: Entity, pred: SqlPredicate) -> i64 {
    match entity {
        Entity::Companies => company::count_up_to(conn, Liveness::Live, Some(Box::new(pred)), CAP)
            .expect("capped count of companies"),
        Entity::Deals => deal::count_up_to(conn, Liveness::Live, Some(Box::new(pred)), CAP)
            .expect("capped count of deals"),
        other => panic!("no benchmark for {other:?}"),
    }
}

fn show_capped(n: i64) -> String {
    if n >= CAP {
        format!("at least {}", CAP - 1)
    } else {
        n.to_string()
    }
}

fn count(conn: &mut DbConn, entity: Entity, pred: SqlPredicate) -> i64 {
    match entity {
        Entity::Companies => {
            company::count(conn, Liveness::Live, Some(Box::new(pred))).expect("count companies")
        }
        Entity::Deals => {
            deal::count(conn, Liveness::Live, Some(Box::new(pred))).expect("count deals")
        }
        other => panic!("no benchmark for {other:?}"),
    }
}

struct Row {
    case: &'static str,
    op: &'static str,
    stats: Stats,
    result: String,
}

/// The binds of `list` / `count` for this filter, in the order Diesel sends them: the filter's,
/// then the keyset cursor's (key, key, id), then the LIMIT.
fn binds_of(op: &str, pred: &SqlPredicate, cursor: Option<&Cursor>) -> Vec<Bind> {
    let mut binds = pred.describe().1;
    if op == "count" {
        return binds;
    }
    if op == "capped_count" {
        binds.push(Bind::Int(CAP));
        return binds;
    }
    if let Some(c) = cursor.filter(|_| op == "next_page") {
        let key = match &c.key {
            SortValue::Text(s) => s.clone(),
            other => panic!("unexpected sort key {other:?}"),
        };
        binds.extend([Bind::Text(key.clone()), Bind::Text(key), Bind::Id(c.id)]);
    }
    binds.push(Bind::Int(PAGE + 1));
    binds
}

/// The SQL text of the statements `f` sends.
fn capture_sql(conn: &mut DbConn, f: impl FnOnce(&mut DbConn)) -> Vec<String> {
    capture(conn, f).into_iter().map(|(sql, _)| sql).collect()
}

/// A company row of a hand-written query, every column decoded as `list` decodes it.
#[derive(QueryableByName)]
#[allow(dead_code)]
struct HandCompany {
    #[diesel(sql_type = Uuid)]
    id: Id,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    domain: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    website: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    industry: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    size: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    category: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    billing_street: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    billing_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    billing_region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    billing_postal_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    billing_country: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    service_street: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    service_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    service_region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    service_postal_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    service_country: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    annual_revenue: Option<i64>,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Nullable<Integer>)]
    employee_count: Option<i32>,
    #[diesel(sql_type = Nullable<Uuid>)]
    parent_id: Option<Id>,
    #[diesel(sql_type = Nullable<Uuid>)]
    owner_id: Option<Id>,
    #[diesel(sql_type = Nullable<Text>)]
    notes: Option<String>,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    updated_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    deleted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Integer)]
    version: i32,
}

/// A deal row of a hand-written query, every column decoded as `list` decodes it.
#[derive(QueryableByName)]
#[allow(dead_code)]
struct HandDeal {
    #[diesel(sql_type = Uuid)]
    id: Id,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Nullable<Uuid>)]
    company_id: Option<Id>,
    #[diesel(sql_type = Nullable<Uuid>)]
    contact_id: Option<Id>,
    #[diesel(sql_type = Uuid)]
    stage_id: Id,
    #[diesel(sql_type = BigInt)]
    value: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Nullable<Date>)]
    expected_close: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Integer>)]
    probability: Option<i32>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Text)]
    priority: String,
    #[diesel(sql_type = Nullable<Uuid>)]
    owner_id: Option<Id>,
    #[diesel(sql_type = Nullable<Text>)]
    lost_reason: Option<String>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    closed_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    updated_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    deleted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Integer)]
    version: i32,
}

#[derive(QueryableByName)]
struct HandCount {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Run one hand-written statement (no binds: its values are literals) the way `list`/`count` run
/// theirs — prepared for this call only — and decode its rows: (rows, count).
fn hand(conn: &mut DbConn, entity: Entity, op: &str, sql: &str) -> (usize, i64) {
    let query = diesel::sql_query(sql);
    if op == "count" {
        let n = query
            .get_result::<HandCount>(conn)
            .expect("hand-written count")
            .n;
        return (1, n);
    }
    let rows = match entity {
        Entity::Companies => query
            .load::<HandCompany>(conn)
            .expect("hand-written page")
            .len(),
        _ => query
            .load::<HandDeal>(conn)
            .expect("hand-written page")
            .len(),
    };
    (rows, 0)
}

/// The hand-written SQL that `benches/baseline.py` wrote for this backend: case -> op -> SQL.
fn hand_written(label: &str) -> HashMap<String, HashMap<String, String>> {
    let path = out_dir().join(format!("hand-{label}.json"));
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        Err(_) => {
            eprintln!(
                "note: {} is missing (run benches/baseline.py first); skipping the in-process \
                 hand-written baseline",
                path.display()
            );
            HashMap::new()
        }
    }
}

fn plan(conn: &mut DbConn, backend: BackendKind, sql: &str, binds: &[Bind]) -> String {
    let explain = match backend {
        BackendKind::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
        BackendKind::Postgres => format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"),
    };
    let mut query = diesel::sql_query(explain).into_boxed::<MultiBackend>();
    for b in binds.iter().cloned() {
        query = match b {
            Bind::Text(v) => query.bind::<Text, _>(v),
            Bind::Int(v) => query.bind::<BigInt, _>(v),
            Bind::Date(v) => query.bind::<Date, _>(v),
            Bind::Time(v) => query.bind::<Timestamp, _>(v),
            Bind::Bool(v) => query.bind::<Bool, _>(v),
            Bind::Id(v) => query.bind::<Uuid, _>(v),
        };
    }
    plan_text(conn, query)
}

fn show(b: &Bind) -> String {
    match b {
        Bind::Text(t) => format!("{t:?}"),
        Bind::Int(i) => i.to_string(),
        Bind::Date(d) => d.to_string(),
        Bind::Time(t) => t.to_string(),
        Bind::Bool(v) => v.to_string(),
        Bind::Id(id) => id.to_string(),
    }
}

fn bench_backend(c: &mut Criterion, var: &str, label: &str) {
    let Some(raw) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) else {
        eprintln!("note: {var} is not set; skipping the {label} benchmarks");
        return;
    };
    let url = DatabaseUrl::parse(&raw).unwrap_or_else(|e| panic!("{var}: {e}"));
    if url.backend().to_string() != label {
        panic!("{var} names a {} database", url.backend());
    }
    let pool = open_pool(&url, 1).unwrap_or_else(|e| panic!("{var}: {e}"));
    let mut conn = pool.get().expect("a connection");
    let backend = conn.backend();

    // Untimed pass on a separate, instrumented connection: results, cursors, the SQL Diesel
    // sends and its plans (this also warms the cache).
    let mut probe = connect(&url).unwrap_or_else(|e| panic!("{var}: {e}"));
    let hand_sql = hand_written(label);
    let mut plans = String::new();
    let mut prepared = Vec::new();
    for case in CASES {
        let cx = Context::new(case.entity, None);
        let pred = compile(case, &cx, &mut probe, Purpose::Rows);
        let pred_count = compile(case, &cx, &mut probe, Purpose::Count);
        let mut first = (0, None);
        let sql_first = capture_sql(&mut probe, |c| {
            first = page(c, case.entity, pred.clone(), None);
        });
        let (rows, next) = first;
        let mut next_rows = None;
        let sql_next = capture_sql(&mut probe, |c| {
            next_rows = next
                .clone()
                .map(|cur| page(c, case.entity, pred.clone(), Some(cur)).0);
        });
        let mut n = 0;
        let sql_count = capture_sql(&mut probe, |c| {
            n = count(c, case.entity, pred_count.clone())
        });
        let mut at_most = 0;
        let sql_capped = capture_sql(&mut probe, |c| {
            at_most = capped(c, case.entity, pred_count.clone())
        });
        let _ = writeln!(
            plans,
            "=== {} — {}: {}\n    first page {rows} rows, next page {}, count {n}, capped count {}",
            case.name,
            case.entity.as_str(),
            case.filter,
            next_rows.map_or("none".to_string(), |r| format!("{r} rows")),
            show_capped(at_most),
        );
        for (op, sqls, pred) in [
            ("first_page", sql_first, &pred),
            ("next_page", sql_next, &pred),
            ("count", sql_count, &pred_count),
            ("capped_count", sql_capped, &pred_count),
        ] {
            let [sql] = sqls.as_slice() else {
                assert!(sqls.is_empty(), "{op}: several statements: {sqls:?}");
                continue;
            };
            let binds = binds_of(op, pred, next.as_ref());
            let placeholders = match backend {
                BackendKind::Sqlite => sql.matches('?').count(),
                BackendKind::Postgres => (1..=binds.len())
                    .filter(|i| sql.contains(&format!("${i}")))
                    .count(),
            };
            assert_eq!(placeholders, binds.len(), "{op}: binds of {sql}");
            let _ = writeln!(plans, "--- {op}\n{}", abbreviate(sql, 3));
            for (i, b) in binds.iter().enumerate() {
                let _ = writeln!(plans, "-- ${} = {}", i + 1, show(b));
            }
            plans.push_str(&plan(&mut probe, backend, sql, &binds));
        }
        if let Some(ops) = hand_sql.get(case.name) {
            for op in ["first_page", "next_page", "count"] {
                if let Some(sql) = ops.get(op) {
                    let (r, c) = hand(&mut probe, case.entity, op, sql);
                    let got = if op == "count" {
                        c.to_string()
                    } else {
                        format!("{} rows", r.min(PAGE as usize))
                    };
                    let _ = writeln!(
                        plans,
                        "--- hand-written {op}: {got}\n{}",
                        abbreviate(sql, 3)
                    );
                    plans.push_str(&plan(&mut probe, backend, sql, &[]));
                }
            }
        }
        plans.push('\n');
        prepared.push((case, cx, rows, next, next_rows, n, at_most));
    }
    drop(probe);
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let plans_path = dir.join(format!("plans-{label}.txt"));
    std::fs::write(&plans_path, &plans).expect("write plans");
    eprintln!("plans: {}", plans_path.display());

    let mut rows = Vec::new();
    let mut group = c.benchmark_group(label);
    group.sampling_mode(SamplingMode::Flat);
    for (case, cx, first_rows, next, next_rows, n, at_most) in &prepared {
        let (entity, cx) = (case.entity, *cx);
        let conn = &mut conn;

        // parse, check and lower only (no probe): the part of every call that is not SQL
        group.measurement_time(Duration::from_millis(800));
        if let Some(s) = timed(&mut group, &format!("compile/{}", case.name), || {
            let pred = filter::compile(case.filter, &cx, backend);
            std::hint::black_box(pred.ok());
        }) {
            rows.push(Row {
                case: case.name,
                op: "compile",
                stats: s,
                result: String::new(),
            });
        }

        group.measurement_time(Duration::from_secs(2));
        if let Some(s) = timed(&mut group, &format!("first_page/{}", case.name), || {
            let pred = compile(case, &cx, conn, Purpose::Rows);
            std::hint::black_box(page(conn, entity, pred, None));
        }) {
            rows.push(Row {
                case: case.name,
                op: "first_page",
                stats: s,
                result: format!("{first_rows} rows"),
            });
        }

        if let (Some(cursor), Some(next_rows)) = (next, next_rows) {
            if let Some(s) = timed(&mut group, &format!("next_page/{}", case.name), || {
                let pred = compile(case, &cx, conn, Purpose::Rows);
                std::hint::black_box(page(conn, entity, pred, Some(cursor.clone())));
            }) {
                rows.push(Row {
                    case: case.name,
                    op: "next_page",
                    stats: s,
                    result: format!("{next_rows} rows"),
                });
            }
        }

        if let Some(s) = timed(&mut group, &format!("count/{}", case.name), || {
            let pred = compile(case, &cx, conn, Purpose::Count);
            std::hint::black_box(count(conn, entity, pred));
        }) {
            rows.push(Row {
                case: case.name,
                op: "count",
                stats: s,
                result: n.to_string(),
            });
        }

        if let Some(s) = timed(&mut group, &format!("capped_count/{}", case.name), || {
            let pred = compile(case, &cx, conn, Purpose::Count);
            std::hint::black_box(capped(conn, entity, pred));
        }) {
            rows.push(Row {
                case: case.name,
                op: "capped_count",
                stats: s,
                result: show_capped(*at_most),
            });
        }

        for (op, hand_op) in [
            ("first_page", "hand_first_page"),
            ("next_page", "hand_next_page"),
            ("count", "hand_count"),
        ] {
            let Some(sql) = hand_sql.get(case.name).and_then(|ops| ops.get(op)) else {
                continue;
            };
            let mut got = (0, 0);
            if let Some(s) = timed(&mut group, &format!("{hand_op}/{}", case.name), || {
                got = std::hint::black_box(hand(conn, entity, op, sql));
            }) {
                rows.push(Row {
                    case: case.name,
                    op: hand_op,
                    stats: s,
                    result: if op == "count" {
                        got.1.to_string()
                    } else {
                        format!("{} rows", got.0.min(PAGE as usize))
                    },
                });
            }
        }
    }
    group.finish();

    if rows.is_empty() {
        return;
    }
    let mut csv = String::from("backend,case,filter,op,median_ms,p99_ms,iterations,result\n");
    let mut table = format!(
        "\n{label}: individually timed calls, measurement phase (warm cache)\n{:<14} {:<10} {:>10} {:>10} {:>8}  result\n",
        "case", "op", "median ms", "p99 ms", "n"
    );
    for r in &rows {
        let filter = CASES
            .iter()
            .find(|c| c.name == r.case)
            .map(|c| format!("{}: {}", c.entity.as_str(), c.filter))
            .unwrap_or_default()
            .replace('"', "\"\"");
        let _ = writeln!(
            csv,
            "{label},{},\"{filter}\",{},{:.4},{:.4},{},{}",
            r.case,
            r.op,
            ms(r.stats.median),
            ms(r.stats.p99),
            r.stats.n,
            r.result
        );
        let _ = writeln!(
            table,
            "{:<14} {:<10} {:>10.3} {:>10.3} {:>8}  {}",
            r.case,
            r.op,
            ms(r.stats.median),
            ms(r.stats.p99),
            r.stats.n,
            r.result
        );
    }
    let path = dir.join(format!("summary-{label}.csv"));
    std::fs::write(&path, csv).expect("write summary");
    println!("{table}summary: {}", path.display());
}

fn filters(c: &mut Criterion) {
    bench_backend(c, "ROLO_BENCH_SQLITE", "sqlite");
    bench_backend(c, "ROLO_BENCH_PG", "postgres");
}

criterion_group! {
    name = benches;
    config = common::criterion(Duration::from_secs(2));
    targets = filters
}
criterion_main!(benches);
