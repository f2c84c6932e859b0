//! What the benches write to `plans-<backend>.txt`: the statements a call sends (captured with
//! Diesel's instrumentation) and the backends' plans of them, readable.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent};
use diesel::sql_types::{Integer, Text};
use diesel::QueryableByName;
use rolo::db::DbConn;

/// The statements `f` sends: SQL text, and Diesel's rendering of the binds (`[a, b, …]`).
pub fn capture(conn: &mut DbConn, f: impl FnOnce(&mut DbConn)) -> Vec<(String, String)> {
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let sink = Arc::clone(&seen);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let (sql, binds) = text.split_once(" -- binds: ").unwrap_or((&text, "[]"));
            sink.lock()
                .expect("sql sink")
                .push((sql.to_string(), binds.to_string()));
        }
    });
    f(conn);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let out = seen.lock().expect("sql sink").clone();
    out
}

/// A row of SQLite's `EXPLAIN QUERY PLAN`.
#[derive(QueryableByName)]
pub struct SqlitePlan {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Integer)]
    parent: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

/// A line of PostgreSQL's `EXPLAIN`.
#[derive(QueryableByName)]
pub struct PgPlan {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    plan: String,
}

/// SQLite's plan rows as an indented tree.
pub fn sqlite_plan(rows: Vec<SqlitePlan>) -> String {
    let mut depth: Vec<(i32, usize)> = Vec::new();
    let mut s = String::new();
    for r in rows {
        let d = depth
            .iter()
            .find(|(id, _)| *id == r.parent)
            .map_or(0, |(_, d)| d + 1);
        depth.push((r.id, d));
        let _ = writeln!(s, "{}{}", "  ".repeat(d), r.detail);
    }
    s
}

/// PostgreSQL's plan lines as text.
pub fn pg_plan(rows: Vec<PgPlan>) -> String {
    rows.into_iter().map(|p| p.plan + "\n").collect()
}

/// The SQL with a select list of more than `columns` columns shortened to its length.
pub fn abbreviate(sql: &str, columns: usize) -> String {
    if let (Some(true), Some(from)) = (sql.get(..7).map(|s| s == "SELECT "), sql.find(" FROM ")) {
        let n = sql[7..from].split(", ").count();
        if n > columns {
            return format!("SELECT <{n} columns>{}", &sql[from..]);
        }
    }
    sql.to_string()
}
