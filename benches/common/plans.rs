//! What the benches write to `plans-<backend>.txt`: the statements a call sends (captured with
//! Diesel's instrumentation) and the backends' plans of them, readable.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent};
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use rolo::db::conn::MultiBackend;
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

/// The plan of `explain` as text, one line per step (the library's formatter, as `rolo explain`
/// prints it).
pub fn plan_text(conn: &mut DbConn, explain: BoxedSqlQuery<'_, MultiBackend, SqlQuery>) -> String {
    rolo::db::plan::lines(conn, explain)
        .expect("EXPLAIN")
        .into_iter()
        .map(|l| l + "\n")
        .collect()
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
