//! `rolo <entity> list --limit`, through the real binary on both backends: past the limit a
//! note on stderr (never stdout) says more rows match; `--limit all` streams every row in keyset
//! pages (more rows than one page here) with no note; a bad value is exit 2 naming `--limit`.
use crate::common;

use std::collections::HashSet;
use std::process::Output;

use common::TestDb;
use rolo::db::repo::company;
use rolo::domain::CompanyDraft;

/// More than two of the list's 500-row pages.
const ROWS: usize = 1_001;
const NOTE: &str = "more match — use --limit N or --limit all";

fn rolo(dir: &std::path::Path, db: &str, args: &[&str]) -> Output {
    common::rolo_command()
        .env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("none.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .args(["--database", db])
        .args(args)
        .output()
        .expect("run rolo")
}

/// Exit 0; (stdout, stderr).
#[track_caller]
fn ok(o: &Output) -> (String, String) {
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert_eq!(o.status.code(), Some(0), "stdout: {out}\nstderr: {err}");
    (out, err)
}

fn companies(db: &TestDb) {
    let mut conn = db.conn();
    for i in 0..ROWS {
        company::create(
            &mut conn,
            None,
            CompanyDraft::new(format!("Company {i:04}")),
        )
        .expect("create company");
    }
}

both_backends!(
    list_says_when_rows_are_left_out_and_streams_all,
    |db: TestDb| {
        companies(&db);
        let dir = tempfile::tempdir().expect("temp dir");
        let url = db.url_string();
        let run = |args: &[&str]| rolo(dir.path(), &url, args);

        // the default limit: 50 rows, the note on stderr only
        let (out, err) = ok(&run(&["companies", "list", "--output", "ids"]));
        assert_eq!(out.lines().count(), 50, "{out}");
        assert!(
            err.contains("showing the first 50 companies") && err.contains(NOTE),
            "{err}"
        );
        assert!(!out.contains("more match"), "{out}");
        let (out, err) = ok(&run(&["companies", "list"]));
        assert_eq!(out.lines().count(), 51, "header and 50 rows: {out}");
        assert!(err.contains(NOTE), "{err}");

        // a limit spanning pages, in JSON: exactly the limit, and the note
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "1000",
            "--output",
            "json",
        ]));
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("one JSON array");
        assert_eq!(rows.len(), 1000);
        assert!(
            err.contains("showing the first 1000 companies") && err.contains(NOTE),
            "{err}"
        );

        // every row, in name order, each once, no note; a limit of exactly the count: no note
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "all",
            "--output",
            "ids",
        ]));
        let ids: Vec<&str> = out.lines().collect();
        assert_eq!(ids.len(), ROWS);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ROWS,
            "an id repeated"
        );
        assert!(!err.contains("more match"), "{err}");
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "all",
            "--output",
            "csv",
        ]));
        let names: Vec<String> = csv::Reader::from_reader(out.as_bytes())
            .deserialize::<std::collections::HashMap<String, String>>()
            .map(|r| r.expect("csv row")["name"].clone())
            .collect();
        let expected: Vec<String> = (0..ROWS).map(|i| format!("Company {i:04}")).collect();
        assert_eq!(names, expected);
        assert!(!err.contains("more match"), "{err}");
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "all",
            "--output",
            "json",
            "--sort",
            "name:desc",
        ]));
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("one JSON array");
        assert_eq!(rows.len(), ROWS);
        assert_eq!(rows[0]["name"], format!("Company {:04}", ROWS - 1));
        assert!(!err.contains("more match"), "{err}");
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "1001",
            "--output",
            "ids",
        ]));
        assert_eq!(out.lines().count(), ROWS);
        assert!(!err.contains("more match"), "{err}");

        // a filter matching none: valid empty output, no note
        let (out, err) = ok(&run(&[
            "companies",
            "list",
            "--limit",
            "all",
            "--output",
            "json",
            "--where",
            "name:nobody",
        ]));
        assert_eq!(out.trim(), "[]");
        assert!(err.is_empty(), "{err}");

        // bad values: exit 2, naming the option and the value, nothing on stdout
        for bad in ["0", "-3", "lots", "1.5", "99999999999999999999"] {
            let o = run(&["companies", "list", "--limit", bad]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "--limit {bad}: {err}");
            assert!(
                err.contains("--limit") && err.contains(bad),
                "--limit {bad}: {err}"
            );
            assert!(o.stdout.is_empty());
        }
    }
);
