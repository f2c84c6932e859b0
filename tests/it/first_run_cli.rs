//! The real binary without an acting user (no --as, ROLO_USER or config `user`), both backends:
//! `rolo agenda` shows everyone's agenda with a note, and writes say they have no author.
use crate::common;

use std::process::Output;

use common::TestDb;
use serde_json::Value;

const JORDAN: &str = "jordan.patel@rolo.example";
/// The demo's admin: may change the unowned company a write without a user made.
const AVERY: &str = "avery.chen@rolo.example";

fn run(db: &TestDb, dir: &std::path::Path, args: &[&str]) -> (String, String) {
    let o: Output = common::rolo_in(dir, &db.url_string(), args);
    assert!(o.status.success(), "{}", common::describe(&o));
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn one_note(err: &str, says: &[&str]) {
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for s in says {
        assert!(err.contains(s), "{err} does not say {s:?}");
    }
}

both_backends!(
    agenda_without_a_user_is_everyones_with_a_note,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(&db, d, &["seed", "demo"]);

        let (out, err) = run(&db, d, &["agenda", "--output", "json"]);
        one_note(
            &err,
            &[
                "everyone's agenda",
                "no acting user",
                "--as EMAIL",
                "ROLO_USER",
                "user =",
            ],
        );
        // the same as asking for everyone's agenda, which says nothing extra
        let (all, all_err) = run(&db, d, &["agenda", "--all-owners", "--output", "json"]);
        assert!(all_err.is_empty(), "{all_err}");
        // (the clock moves on between runs: compare everything but the window)
        let items = |s: &str| -> Value {
            let mut v: Value = serde_json::from_str(s).unwrap();
            v.as_object_mut().unwrap().remove("window");
            v
        };
        assert_eq!(items(&out), items(&all));
        let v = items(&out);
        assert!(!v["overdue"]["items"].as_array().unwrap().is_empty(), "{v}");

        // the table form too
        let (table, err) = run(&db, d, &["agenda"]);
        one_note(&err, &["everyone's agenda"]);
        assert!(table.contains("OVERDUE"), "{table}");

        // with an acting user: that user's agenda, no note
        let (mine, err) = run(&db, d, &["--as", JORDAN, "agenda", "--output", "json"]);
        assert!(err.is_empty(), "{err}");
        assert_ne!(items(&mine), items(&all));
    }
);

both_backends!(
    writes_without_a_user_say_they_have_no_author,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(&db, d, &["seed", "demo"]);
        let says = [
            "no acting user: this change is recorded without an author",
            "--as EMAIL",
            "ROLO_USER",
        ];

        let (out, err) = run(
            &db,
            d,
            &[
                "companies",
                "create",
                "--set",
                "name=Nobody Ltd",
                "--output",
                "json",
            ],
        );
        one_note(&err, &says);
        let row: Value = serde_json::from_str(&out).expect("stdout is still only the record");
        assert_eq!(row["name"], "Nobody Ltd");
        let id = row["id"].as_str().unwrap().to_string();

        let (out, err) = run(
            &db,
            d,
            &[
                "companies",
                "update",
                &id,
                "--set",
                "industry=Retail",
                "--output",
                "json",
            ],
        );
        one_note(&err, &says);
        let row: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(row["industry"], "Retail");

        let (out, err) = run(&db, d, &["companies", "delete", &id]);
        one_note(&err, &says);
        assert!(out.starts_with("deleted company "), "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");

        // the same writes by a known user: no note
        let (out, err) = run(&db, d, &["--as", AVERY, "companies", "restore", &id]);
        assert!(err.is_empty(), "{err}");
        assert!(out.starts_with("restored company "), "{out}");
        let (_, err) = run(
            &db,
            d,
            &[
                "--as",
                AVERY,
                "companies",
                "update",
                &id,
                "--set",
                "industry=Travel",
            ],
        );
        assert!(err.is_empty(), "{err}");
        // reads never get the note
        let (_, err) = run(&db, d, &["companies", "get", &id]);
        assert!(err.is_empty(), "{err}");
    }
);
