//! `rolo doctor`: what rolo is connected to and whether it is healthy. Exit 0 when healthy, 1 when
//! something needs attention (pending migrations, a schema newer than this rolo, wrong SQLite settings, failed integrity check),
//! 5 when the database cannot be reached.

use super::out::{dataln, outln};
use serde_json::{json, Value};

use super::args::Output;
use crate::config::Settings;
use crate::db::{self, health, DatabaseUrl, DbConn};
use crate::error::{exit, AppError};

type Report = serde_json::Map<String, Value>;

pub fn run(settings: &Settings, output: Output) -> Result<i32, AppError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let mut problems: Vec<String> = Vec::new();
    let mut report = where_from(settings, &url);

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
    let pending = migrations(&mut conn, &mut report, &mut problems)?;
    let settings_out = match &url {
        DatabaseUrl::Sqlite(_) => sqlite_settings(&mut conn, &mut problems)?,
        DatabaseUrl::Postgres(_) => health::pg_server(&mut conn)?
            .into_iter()
            .map(|(name, value)| (name.to_string(), json!(value)))
            .collect(),
    };
    report.insert("settings".into(), Value::Object(settings_out));

    if pending.is_empty() {
        let rows: Report = health::row_counts(&mut conn)?
            .into_iter()
            .map(|c| {
                let counts = json!({"live": c.total - c.deleted, "deleted": c.deleted});
                (c.table.to_string(), counts)
            })
            .collect();
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

/// What rolo is pointed at and where that came from: backend, location, config file, logs, user.
fn where_from(settings: &Settings, url: &DatabaseUrl) -> Report {
    let mut report = Report::new();
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
    report
}

/// The schema: applied, pending and newer migrations. Returns the pending ones.
fn migrations(
    conn: &mut DbConn,
    report: &mut Report,
    problems: &mut Vec<String>,
) -> Result<Vec<String>, AppError> {
    let newer = db::migrate::newer(conn)?;
    if let Err(e) = db::migrate::refuse_newer(conn) {
        problems.push(e.to_string());
    }
    let applied = db::migrate::applied(conn)?;
    let pending = db::migrate::pending(conn)?;
    let known = db::migrate::known(conn)?;
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
    Ok(pending)
}

/// A SQLite connection's settings, access and integrity; what is wrong goes to `problems`.
fn sqlite_settings(conn: &mut DbConn, problems: &mut Vec<String>) -> Result<Report, AppError> {
    let mut settings_out = Report::new();
    for (pragma, value) in health::sqlite_pragmas(conn)? {
        settings_out.insert(pragma.into(), json!(value));
    }
    settings_out.insert(
        "sqlite_version".into(),
        json!(health::sqlite_version(conn)?),
    );
    let read_only = db::conn::read_only(conn);
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
    let check = health::quick_check(conn)?;
    if check != "ok" {
        problems.push(format!("integrity check: {check}"));
    }
    settings_out.insert("quick_check".into(), json!(check));
    Ok(settings_out)
}

fn print(output: Output, report: &Report) -> Result<(), AppError> {
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
