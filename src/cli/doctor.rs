//! `rolo doctor`: what rolo is connected to and whether it is healthy. Exit 0 when healthy, 1 when
//! something needs attention (pending migrations, a schema newer than this rolo, wrong SQLite settings, failed integrity check),
//! 5 when the database cannot be reached.

use super::out::{dataln, outln};
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{json, Value};

use super::args::Output;
use crate::config::Settings;
use crate::db::{self, DatabaseUrl, DbConn};
use crate::error::{exit, AppError};

/// Tables reported with live/deleted counts (fixed names, never user input).
const TABLES: &[(&str, bool)] = &[
    ("users", true),
    ("companies", true),
    ("contacts", true),
    ("pipeline_stages", true),
    ("deals", true),
    ("activities", true),
    ("tags", true),
    ("saved_views", true),
    ("history", false),
];

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    deleted: i64,
}

fn text(conn: &mut DbConn, sql: &str) -> Result<String, AppError> {
    let row: TextRow = diesel::sql_query(sql)
        .get_result(conn)
        .map_err(db::DbError::from)?;
    Ok(row.value)
}

pub fn run(settings: &Settings, output: Output) -> Result<i32, AppError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let mut problems: Vec<String> = Vec::new();
    let mut report = serde_json::Map::new();
    report.insert("backend".into(), json!(url.backend().to_string()));
    report.insert("location".into(), json!(url.to_string()));
    report.insert(
        "location_source".into(),
        json!(settings.database_source.to_string()),
    );
    let config_note = if settings.config_path.exists() {
        ""
    } else {
        " (not present)"
    };
    report.insert(
        "config_file".into(),
        json!(format!("{}{config_note}", settings.config_path.display())),
    );
    report.insert(
        "log_dir".into(),
        json!(settings.dirs.log_dir().display().to_string()),
    );
    report.insert(
        "acting_user".into(),
        json!(settings.user.clone().unwrap_or_else(|| "(none)".into())),
    );

    if let DatabaseUrl::Sqlite(path) = &url {
        if !path.exists() {
            report.insert(
                "status".into(),
                json!("not created yet: the first `rolo` run creates and migrates it"),
            );
            print(output, &report)?;
            return Ok(exit::OK);
        }
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        report.insert("file_size_bytes".into(), json!(size));
    }

    let mut conn = db::conn::connect_session(&url, &settings.timeouts()?, &settings.session())?;
    let newer = db::migrate::newer(&mut conn)?;
    if let Err(e) = db::migrate::refuse_newer(&mut conn) {
        problems.push(e.to_string());
    }
    let applied = db::migrate::applied(&mut conn)?;
    let pending = db::migrate::pending(&mut conn)?;
    let known = db::migrate::known(&conn)?;
    report.insert(
        "schema_version".into(),
        json!(applied.last().cloned().unwrap_or_else(|| "(empty)".into())),
    );
    report.insert(
        "migrations".into(),
        json!(format!("{} of {known} applied", applied.len())),
    );
    report.insert("pending_migrations".into(), json!(pending));
    if !newer.is_empty() {
        report.insert("newer_migrations".into(), json!(newer));
    }
    if !pending.is_empty() {
        problems.push(format!(
            "{} pending migration(s): run `rolo migrate`",
            pending.len()
        ));
    }

    let mut settings_out = serde_json::Map::new();
    match &url {
        DatabaseUrl::Sqlite(_) => {
            // (pragma, the column its table-valued function returns)
            for (pragma, column) in [
                ("journal_mode", "journal_mode"),
                ("foreign_keys", "foreign_keys"),
                ("synchronous", "synchronous"),
                ("busy_timeout", "timeout"),
                ("page_size", "page_size"),
            ] {
                let v = text(
                    &mut conn,
                    &format!("SELECT CAST({column} AS TEXT) AS value FROM pragma_{pragma}"),
                )?;
                settings_out.insert(pragma.into(), json!(v));
            }
            settings_out.insert(
                "sqlite_version".into(),
                json!(text(&mut conn, "SELECT sqlite_version() AS value")?),
            );
            let read_only = db::conn::read_only(&mut conn);
            settings_out.insert(
                "access".into(),
                json!(if read_only { "read-only" } else { "read-write" }),
            );
            // a file opened read-only (immutable) reports its stored journal mode, not WAL
            if settings_out["journal_mode"] != "wal" && !read_only {
                problems.push("journal_mode is not WAL".into());
            }
            if settings_out["foreign_keys"] != "1" {
                problems.push("foreign keys are not enforced".into());
            }
            let check = text(
                &mut conn,
                "SELECT quick_check AS value FROM pragma_quick_check LIMIT 1",
            )?;
            if check != "ok" {
                problems.push(format!("integrity check: {check}"));
            }
            settings_out.insert("quick_check".into(), json!(check));
        }
        DatabaseUrl::Postgres(_) => {
            settings_out.insert(
                "server_version".into(),
                json!(text(
                    &mut conn,
                    "SELECT current_setting('server_version') AS value"
                )?),
            );
            settings_out.insert(
                "timezone".into(),
                json!(text(
                    &mut conn,
                    "SELECT current_setting('TimeZone') AS value"
                )?),
            );
            settings_out.insert(
                "database".into(),
                json!(text(&mut conn, "SELECT current_database()::text AS value")?),
            );
            settings_out.insert(
                "size".into(),
                json!(text(
                    &mut conn,
                    "SELECT pg_size_pretty(pg_database_size(current_database())) AS value"
                )?),
            );
        }
    }
    report.insert("settings".into(), Value::Object(settings_out));

    if pending.is_empty() {
        let mut rows = serde_json::Map::new();
        for (table, soft) in TABLES {
            let deleted = if *soft { "count(deleted_at)" } else { "0" };
            let sql = format!(
                "SELECT count(*) AS total, CAST({deleted} AS BIGINT) AS deleted FROM {table}"
            );
            let c: Counts = diesel::sql_query(sql)
                .get_result(&mut conn)
                .map_err(db::DbError::from)?;
            rows.insert(
                (*table).into(),
                json!({"live": c.total - c.deleted, "deleted": c.deleted}),
            );
        }
        report.insert("rows".into(), Value::Object(rows));
    }
    let healthy = problems.is_empty();
    report.insert(
        "status".into(),
        json!(if healthy {
            "healthy".to_string()
        } else {
            format!("unhealthy: {}", problems.join("; "))
        }),
    );
    print(output, &report)?;
    Ok(if healthy { exit::OK } else { exit::INTERNAL })
}

fn print(output: Output, report: &serde_json::Map<String, Value>) -> Result<(), AppError> {
    match output {
        Output::Json => dataln!("{}", Value::Object(report.clone()))?,
        Output::Text => {
            for (key, value) in report {
                match value {
                    Value::Object(map) => {
                        let parts: Vec<String> = map
                            .iter()
                            .map(|(k, v)| match v {
                                Value::Object(c) => format!("{k} {}/{}", c["live"], c["deleted"]),
                                Value::String(s) => format!("{k}={s}"),
                                other => format!("{k}={other}"),
                            })
                            .collect();
                        let label = if key == "rows" {
                            "rows (live/deleted)"
                        } else {
                            key
                        };
                        outln!("{label:<20} {}", parts.join("  "))?;
                    }
                    Value::String(s) => outln!("{key:<20} {s}")?,
                    Value::Array(a) if a.is_empty() => outln!("{key:<20} none")?,
                    other => outln!("{key:<20} {other}")?,
                }
            }
        }
    }
    Ok(())
}
