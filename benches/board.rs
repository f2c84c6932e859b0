//! Benchmark of the deal board and the agenda on a large synthetic database, warm cache.
//!
//! For each backend whose environment variable is set, it times (each call on its own, plus
//! criterion's report):
//!
//! * `board/everyone`, `board/owner` — opening the board: `board::open`, i.e. the per-stage totals
//!   (one aggregate statement), the summary, and the first page of 20 cards of every active stage
//!   (with names, last activity and flags) — for everyone, and under `owner:me` for the owner
//!   with the most deals (the filter compiled inside the timed call);
//! * `totals/…`, `cards/…` — the two halves of that, on their own;
//! * `agenda/owner`, `agenda/owner+done`, `agenda/everyone` — `agenda::agenda` for the owner
//!   with the most deals (7 days, 50 items a section), with the done section, and for everyone.
//!
//! Alongside criterion's report it writes, under `target/board-bench/` (or `$ROLO_BENCH_OUT`):
//! `summary-<backend>.csv` (median and p99 of the individually timed calls of the measurement
//! phase) and `plans-<backend>.txt` (every statement those calls send, with its binds and its
//! plan: SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)`).
//!
//! ```text
//! ROLO_BENCH_SQLITE=/tmp/syn-big3/rolo.db ROLO_BENCH_PG=postgres://postgres@127.0.0.1/rolo_big \
//!     cargo bench --bench board
//! ```
//!
//! The databases are only read, and must be migrated (`rolo --database … migrate`): the board
//! needs the indexes of migration `2026-11-22-000003_board`. `ROLO_BENCH_SAMPLES` (default 20)
//! sets the number of samples.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use diesel::prelude::*;

use rolo::db::conn::connect;
use rolo::db::repo::agenda::{agenda, AgendaQuery};
use rolo::db::repo::board::{self, no_filter, CardOptions};
use rolo::db::repo::{stage, Predicate};
use rolo::db::schema::deals;
use rolo::db::{migrate, now, open_pool, BackendKind, DatabaseUrl, DbConn};
use rolo::domain::{Entity, UserId};
use rolo::filter::{self, Context, SqlPredicate};

use common::plans::{abbreviate, capture, plan_text};
use common::{ms, timed_with_cpu};

fn out_dir() -> PathBuf {
    common::out_dir("target/board-bench")
}

/// Diesel's `[a, b, …]` rendering of bind values, split at the top level.
fn split_binds(binds: &str) -> Vec<String> {
    let b = binds.trim();
    let inner = b
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(b);
    let (mut out, mut cur, mut depth, mut quoted) = (Vec::new(), String::new(), 0, false);
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// One bind value as a PostgreSQL literal (for `EXPLAIN ANALYZE` of a captured statement).
fn pg_literal(bind: &str) -> String {
    let b = bind.trim();
    if let Some(s) = b.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    if b.starts_with('[') {
        let items: Vec<String> = split_binds(b).iter().map(|i| pg_literal(i)).collect();
        return format!("ARRAY[{}]", items.join(", "));
    }
    if b.parse::<i64>().is_ok() || b == "true" || b == "false" {
        return b.to_string();
    }
    if let Some((_, inner)) = b.rsplit_once("Id(") {
        let hex: String = inner
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        return format!("'{hex}'::uuid");
    }
    if chrono::NaiveDateTime::parse_from_str(b, "%Y-%m-%dT%H:%M:%S%.f").is_ok() {
        return format!("'{b}'::timestamp");
    }
    if chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").is_ok() {
        return format!("'{b}'::date");
    }
    panic!("cannot render bind {b:?} as SQL");
}

/// The plan of a captured statement. SQLite plans it with its parameters unbound; PostgreSQL
/// runs it (`EXPLAIN ANALYZE`) with the captured values written in as literals.
fn plan(conn: &mut DbConn, sql: &str, binds: &str) -> String {
    match conn.backend() {
        BackendKind::Sqlite => plan_text(
            conn,
            diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).into_boxed(),
        ),
        BackendKind::Postgres => {
            let values = split_binds(binds);
            let mut text = sql.to_string();
            for (i, v) in values.iter().enumerate().rev() {
                text = text.replace(&format!("${}", i + 1), &pg_literal(v));
            }
            plan_text(
                conn,
                diesel::sql_query(format!("EXPLAIN (ANALYZE, BUFFERS) {text}")).into_boxed(),
            )
        }
    }
}

/// The live owner with the most live deals.
fn largest_owner(conn: &mut DbConn) -> UserId {
    let rows: Vec<(Option<UserId>, i64)> = deals::table
        .filter(deals::deleted_at.is_null())
        .group_by(deals::owner_id)
        .select((deals::owner_id, diesel::dsl::count_star()))
        .load(conn)
        .expect("deals per owner");
    rows.into_iter()
        .filter_map(|(o, n)| Some((o?, n)))
        .max_by_key(|(_, n)| *n)
        .map(|(o, _)| o)
        .expect("a deal owner")
}

type Case = (&'static str, Box<dyn Fn(&mut DbConn) -> String>);

fn cases(conn: &mut DbConn, owner: UserId) -> Vec<Case> {
    let backend = conn.backend();
    let compile_mine = move || -> Option<SqlPredicate> {
        let cx = Context::new(Entity::Deals, Some(owner));
        filter::compile("owner:me", &cx, backend).expect("owner:me compiles")
    };
    let boxed =
        |p: &Option<SqlPredicate>| p.clone().map(|p| Box::new(p) as Predicate<deals::table>);
    let opts = CardOptions::new(now());
    let stages: Vec<_> = stage::live_ordered(conn)
        .expect("stages")
        .into_iter()
        .filter(|s| s.fields.active)
        .map(|s| s.id)
        .collect();
    let stages2 = stages.clone();
    let describe = |b: &board::Board| {
        let deals: i64 = b.columns.iter().map(|c| c.totals.deals).sum();
        let cards: usize = b.columns.iter().map(|c| c.cards.rows.len()).sum();
        format!("{} stages, {deals} deals, {cards} cards", b.columns.len())
    };
    let agenda_of = move |conn: &mut DbConn, who: Option<UserId>, done: bool| {
        let mut q = AgendaQuery::new(who, now());
        q.limit = 50;
        q.include_done = done;
        let a = agenda(conn, &q).expect("agenda");
        format!(
            "overdue {}{}, today {}{}, upcoming {}{}, done {}",
            a.overdue.items.len(),
            if a.overdue.more { "+" } else { "" },
            a.today.items.len(),
            if a.today.more { "+" } else { "" },
            a.upcoming.items.len(),
            if a.upcoming.more { "+" } else { "" },
            a.done
                .map_or("-".to_string(), |d| d.items.len().to_string()),
        )
    };
    vec![
        (
            "board/everyone",
            Box::new(move |c: &mut DbConn| {
                describe(&board::open(c, no_filter, no_filter, &opts).expect("board"))
            }),
        ),
        (
            "board/owner",
            Box::new(move |c: &mut DbConn| {
                let p = compile_mine();
                describe(&board::open(c, || boxed(&p), || boxed(&p), &opts).expect("board"))
            }),
        ),
        (
            "totals/everyone",
            Box::new(|c: &mut DbConn| {
                let t = board::stage_totals(c, board::no_filter).expect("totals");
                format!("{} deals", t.iter().map(|t| t.deals).sum::<i64>())
            }),
        ),
        (
            "totals/owner",
            Box::new(move |c: &mut DbConn| {
                let p = compile_mine();
                let t = board::stage_totals(c, || boxed(&p)).expect("totals");
                format!("{} deals", t.iter().map(|t| t.deals).sum::<i64>())
            }),
        ),
        (
            "cards/everyone",
            Box::new(move |c: &mut DbConn| {
                let n: usize = stages
                    .iter()
                    .map(|s| {
                        board::cards(c, *s, no_filter, None, &opts)
                            .expect("cards")
                            .rows
                            .len()
                    })
                    .sum();
                format!("{n} cards")
            }),
        ),
        (
            "cards/owner",
            Box::new(move |c: &mut DbConn| {
                let p = compile_mine();
                let n: usize = stages2
                    .iter()
                    .map(|s| {
                        board::cards(c, *s, || boxed(&p), None, &opts)
                            .expect("cards")
                            .rows
                            .len()
                    })
                    .sum();
                format!("{n} cards")
            }),
        ),
        (
            "agenda/owner",
            Box::new(move |c: &mut DbConn| agenda_of(c, Some(owner), false)),
        ),
        (
            "agenda/owner+done",
            Box::new(move |c: &mut DbConn| agenda_of(c, Some(owner), true)),
        ),
        (
            "agenda/everyone",
            Box::new(move |c: &mut DbConn| agenda_of(c, None, false)),
        ),
    ]
}

fn bench_backend(c: &mut Criterion, var: &str, label: &str) {
    let Some(raw) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) else {
        eprintln!("note: {var} is not set; skipping the {label} benchmarks");
        return;
    };
    let url = DatabaseUrl::parse(&raw).unwrap_or_else(|e| panic!("{var}: {e}"));
    let pool = open_pool(&url, 1).unwrap_or_else(|e| panic!("{var}: {e}"));
    let mut conn = pool.get().expect("a connection");
    let pending = migrate::pending(&mut conn).expect("migration status");
    assert!(
        !pending.iter().any(|m| m.contains("board")),
        "{var}: migration {pending:?} is pending; run `rolo --database {raw} migrate` first"
    );
    let owner = largest_owner(&mut conn);
    let cases = cases(&mut conn, owner);

    // Untimed pass on a separate connection: results, statements and plans (also warms the cache).
    let mut probe = connect(&url).unwrap_or_else(|e| panic!("{var}: {e}"));
    let mut plans = format!("largest owner: {owner}\n\n");
    let mut results = Vec::new();
    for (name, f) in &cases {
        let mut result = String::new();
        let statements = capture(&mut probe, |c| result = f(c));
        let _ = writeln!(
            plans,
            "=== {name}: {result}, {} statements",
            statements.len()
        );
        let mut seen = std::collections::HashSet::new();
        for (sql, binds) in statements {
            // the same statement for another stage has the same plan shape: show each once
            if !seen.insert(sql.clone()) {
                continue;
            }
            let shown: String = binds.chars().take(240).collect();
            let cut = if shown.len() < binds.len() {
                " …"
            } else {
                ""
            };
            let _ = writeln!(plans, "--- {}\n-- binds: {shown}{cut}", abbreviate(&sql, 6));
            plans.push_str(&plan(&mut probe, &sql, &binds));
        }
        plans.push('\n');
        results.push(result);
    }
    drop(probe);
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let plans_path = dir.join(format!("plans-{label}.txt"));
    std::fs::write(&plans_path, &plans).expect("write plans");
    eprintln!("plans: {}", plans_path.display());

    let mut group = c.benchmark_group(format!("board-{label}"));
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(3));
    let mut csv =
        String::from("backend,case,median_ms,p99_ms,cpu_median_ms,cpu_p99_ms,iterations,result\n");
    let mut table = format!(
        "\n{label}: individually timed calls, measurement phase (warm cache); wall and on-CPU time of this thread\n{:<18} {:>10} {:>10} {:>10} {:>10} {:>6}  result\n",
        "case", "median ms", "p99 ms", "cpu med", "cpu p99", "n"
    );
    for ((name, f), result) in cases.iter().zip(&results) {
        let conn = &mut *conn;
        if let Some((s, cpu)) = timed_with_cpu(&mut group, name, || {
            std::hint::black_box(f(conn));
        }) {
            let (cm, cp) = cpu.map_or((f64::NAN, f64::NAN), |c| (ms(c.median), ms(c.p99)));
            let _ = writeln!(
                csv,
                "{label},{name},{:.4},{:.4},{cm:.4},{cp:.4},{},{result}",
                ms(s.median),
                ms(s.p99),
                s.n
            );
            let _ = writeln!(
                table,
                "{name:<18} {:>10.3} {:>10.3} {cm:>10.3} {cp:>10.3} {:>6}  {result}",
                ms(s.median),
                ms(s.p99),
                s.n
            );
        }
    }
    group.finish();
    let path = dir.join(format!("summary-{label}.csv"));
    std::fs::write(&path, csv).expect("write summary");
    println!("{table}summary: {}", path.display());
}

fn boards(c: &mut Criterion) {
    bench_backend(c, "ROLO_BENCH_SQLITE", "sqlite");
    bench_backend(c, "ROLO_BENCH_PG", "postgres");
}

criterion_group! {
    name = benches;
    config = common::criterion(Duration::from_secs(3));
    targets = boards
}
criterion_main!(benches);
