//! Import and export rates at scale. Not a criterion benchmark: one import of a million rows is
//! one long measurement, so each is run once and timed (warm: the CSV was just written).
//!
//!     cargo bench --bench transfer                                # SQLite, 1,000,000 contacts
//!     ROLO_BENCH_ROWS=100000 cargo bench --bench transfer         # smaller
//!     ROLO_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench transfer
//!
//! With `ROLO_BENCH_PG` (an admin URL) a throwaway database is created there, used and dropped.
//! The file: N contacts with first and last name, a unique email, a phone, a title, one of 10,000
//! company names (so the import also resolves and creates 10,000 companies) and, every 10th row,
//! a note with a line break. Into an empty, migrated database, through the same code as
//! `rolo import contacts FILE` (one transaction, history and import items written), then
//! `rolo export contacts` of everything to a null sink.

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use rolo::db::{self, DatabaseUrl};
use rolo::domain::Entity;
use rolo::transfer::export::{export, ExportFormat};
use rolo::transfer::{self, ImportOptions};

const TITLES: [&str; 6] = [
    "CTO",
    "Head of Sales",
    "Engineer",
    "Buyer",
    "CEO",
    "Analyst",
];

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

fn generate(path: &std::path::Path, rows: usize) {
    let mut text = String::with_capacity(rows * 110);
    text.push_str("First Name,Last Name,Email,Phone,Job Title,Company,Notes\n");
    for i in 0..rows {
        let note = if i % 10 == 0 {
            "\"Met at the fair,\nfollow up\""
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "Person{i},Family{},person{i}@example{}.com,+1 555 {:03} {:04},{},Company {},{note}",
            i % 9_973,
            i % 97,
            i % 1_000,
            i % 10_000,
            TITLES[i % TITLES.len()],
            i % 10_000
        );
    }
    std::fs::write(path, text).expect("write the CSV");
}

struct Sink(u64);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run(name: &str, url: &DatabaseUrl, csv: &std::path::Path, rows: usize) {
    let pool = db::open_pool(url, 2).expect("open");
    let mut conn = pool.get().expect("connection");
    db::migrate::run_pending(&mut conn).expect("migrate");
    common::reset_peak();
    let heap_before = common::live_heap();
    let started = Instant::now();
    let report =
        transfer::import(&mut conn, &ImportOptions::new(Entity::Contacts, csv)).expect("import");
    let import_s = started.elapsed().as_secs_f64();
    let import_heap = common::peak_heap() - heap_before;
    assert!(
        report.written && report.created as usize == rows,
        "{report:?}"
    );
    common::reset_peak();
    let heap_before = common::live_heap();
    let started = Instant::now();
    let mut sink = Sink(0);
    let n = export(
        &mut conn,
        Entity::Contacts,
        None,
        ExportFormat::Csv,
        &mut sink,
    )
    .expect("export");
    let export_s = started.elapsed().as_secs_f64();
    let export_heap = common::peak_heap() - heap_before;
    assert_eq!(n as usize, rows);
    println!(
        "{name:<10} import {rows} contacts (+{} companies): {import_s:>7.1} s = {:>8.0} contacts/s | export: {export_s:>6.1} s = {:>8.0} contacts/s ({:.0} MB)",
        report.companies_created,
        rows as f64 / import_s,
        rows as f64 / export_s,
        sink.0 as f64 / 1e6
    );
    println!(
        "{name:<10} peak heap: import {:.0} MB, export {:.1} MB (SQLite's page cache is not on the Rust heap)",
        import_heap as f64 / 1e6,
        export_heap as f64 / 1e6
    );
}

fn main() {
    // the import logs where its time went (per part) at info level: show it
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ROLO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("rolo=info")),
        )
        .init();
    let rows: usize = std::env::var("ROLO_BENCH_ROWS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    // ROLO_BENCH_DIR keeps the CSV and the SQLite database there (for the raw-SQL baseline,
    // benches/import_baseline.sh); otherwise both live in a temporary directory.
    let temp = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("ROLO_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).expect("bench dir");
    let csv = dir.join("contacts.csv");
    let _ = std::fs::remove_file(dir.join("bench.db"));
    generate(&csv, rows);
    let mb = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!("{rows} rows, {mb:.0} MB of CSV");
    if std::env::var("ROLO_BENCH_DRY").is_ok() {
        // only decide every row (a dry run): the per-row work without the writes
        let url = DatabaseUrl::Sqlite(dir.join("dry.db"));
        let pool = db::open_pool(&url, 2).expect("open");
        let mut conn = pool.get().expect("connection");
        db::migrate::run_pending(&mut conn).expect("migrate");
        let mut o = ImportOptions::new(Entity::Contacts, &csv);
        o.dry_run = true;
        let started = Instant::now();
        let r = transfer::import(&mut conn, &o).expect("dry run");
        let s = started.elapsed().as_secs_f64();
        println!(
            "dry run    decide {} contacts: {s:.1} s = {:.0} contacts/s",
            r.created,
            rows as f64 / s
        );
        return;
    }
    if std::env::var("ROLO_BENCH_SKIP_SQLITE").is_err() {
        run(
            "sqlite",
            &DatabaseUrl::Sqlite(dir.join("bench.db")),
            &csv,
            rows,
        );
    }
    if let Ok(admin) = std::env::var("ROLO_BENCH_PG") {
        let name = format!("rolo_bench_{}", uuid::Uuid::new_v4().simple());
        let mut c = PgConnection::establish(&admin).expect("connect to ROLO_BENCH_PG");
        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create database");
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        run(
            "postgres",
            &DatabaseUrl::Postgres(format!("{base}/{name}")),
            &csv,
            rows,
        );
        if kept.is_some() {
            // kept for benches/import_baseline_pg.sh
            println!("kept PostgreSQL database {name}");
        } else {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}
