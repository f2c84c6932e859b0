//! A quoted field still open at the end of the file (issue 10, item 3): the CSV reader would take
//! every following line into it. The row is refused naming the line the quote opened on, the lines
//! after it are read as rows of their own, and nothing is lost: by default nothing is imported
//! (exit 2), with `--skip-invalid` the row goes to the rejects file, and a dry run reports it.
use crate::common;
use common::rolo_in as rolo;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::import::{by_email, import, live_contacts};
use common::TestDb;
use rolo::domain::Entity;
use rolo::transfer::csv_in::CsvFile;

/// The file from the issue: Ann's notes open a quote that is never closed.
const UNCLOSED: &str =
    "first_name,last_name,email,notes\nAnn,Lee,ann@example.com,\"oops\nBob,Lee,bob@example.com,fine\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

both_backends!(
    an_unclosed_quote_refuses_the_import_naming_its_line,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "contacts.csv", UNCLOSED);
        let r = import(&db, Entity::Contacts, path, |_| {});
        assert!(!r.written, "{r:#?}");
        assert_eq!((r.rows, r.invalid, r.created), (2, 1, 1), "{r:#?}");
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert_eq!(p.line, 2);
        assert!(p.reason.contains("never closed"), "{}", p.reason);
        assert!(
            p.reason.contains("column 4 ('notes') opens on line 2"),
            "{}",
            p.reason
        );
        assert!(live_contacts(&mut db.conn()).is_empty());
    }
);

both_backends!(skip_invalid_rejects_only_that_row, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "contacts.csv", UNCLOSED);
    let rejects = dir.path().join("rejects.csv");
    let r = import(&db, Entity::Contacts, path, |o| {
        o.skip_invalid = true;
        o.rejects = Some(rejects.clone());
    });
    assert!(r.written, "{r:#?}");
    assert_eq!(
        (r.rows, r.invalid, r.created, r.rejects_written),
        (2, 1, 1, 1)
    );
    let conn = &mut db.conn();
    assert_eq!(live_contacts(conn).len(), 1);
    let bob = by_email(conn, "bob@example.com");
    assert_eq!(bob.fields.notes.as_deref(), Some("fine"));
    // the rejects file is a well-formed CSV: Ann's row, its quote closed, and the reason
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with("first_name,last_name,email,notes,import_error\nAnn,Lee,ann@example.com,\"oops\",\"line 2: the row has a quote that is never closed"),
        "{text}"
    );
    let back = CsvFile::read(&rejects, None).unwrap();
    let rows: Vec<_> = back.rows().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1);
    let cells = rows[0].cells.as_ref().unwrap();
    assert_eq!(&cells[..4], ["Ann", "Lee", "ann@example.com", "oops"]);
});

both_backends!(a_dry_run_reports_the_unclosed_quote, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "contacts.csv", UNCLOSED);
    let r = import(&db, Entity::Contacts, path, |o| o.dry_run = true);
    assert!(!r.written);
    assert_eq!((r.invalid, r.created), (1, 1));
    assert!(r.problems[0].reason.contains("opens on line 2"), "{r:#?}");
    assert!(live_contacts(&mut db.conn()).is_empty());
});

#[test]
fn the_line_named_is_where_the_quote_opened() {
    // the row starts on line 2; its first field's quote closes on line 3, where the second
    // field's opens and is never closed; lines 4 and 5 are rows of their own again
    let data = "a,b,c\n\"one\ntwo\",\"x\r\nnext,1,2\nlast,3";
    let f = CsvFile::from_bytes(data.as_bytes().to_vec(), None).unwrap();
    let rows: Vec<_> = f.rows().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_eq!(rows[0].line, 2);
    let why = rows[0].cells.as_ref().unwrap_err();
    assert!(why.contains("column 2 ('b') opens on line 3"), "{why}");
    assert_eq!(&data.as_bytes()[rows[0].span.clone()], b"\"one\ntwo\",\"x");
    assert_eq!(rows[0].width, 2);
    assert_eq!((rows[1].line, rows[2].line), (4, 5));
    assert_eq!(rows[1].cells.as_ref().unwrap(), &["next", "1", "2"]);
    assert_eq!(rows[2].cells.as_ref().unwrap(), &["last", "3", ""]);
}

#[test]
fn a_quote_opened_on_the_last_line_without_a_line_break() {
    // after an opened quote every quote pairs up, so only quotes before it can be closed ones
    let data = "a,b\n\"1\"\"\",2\n3,\"x \"\"y\"\" z";
    let f = CsvFile::from_bytes(data.as_bytes().to_vec(), None).unwrap();
    let rows: Vec<_> = f.rows().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[0].cells.as_ref().unwrap(), &["1\"", "2"]);
    assert_eq!(rows[1].line, 3);
    let why = rows[1].cells.as_ref().unwrap_err();
    assert!(why.contains("column 2 ('b') opens on line 3"), "{why}");
    assert_eq!(&data.as_bytes()[rows[1].span.clone()], b"3,\"x \"\"y\"\" z");
}

#[test]
fn a_header_with_an_unclosed_quote_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "h.csv",
        "first_name,\"email\nAnn,ann@example.com\n",
    );
    let e = CsvFile::read(&path, None)
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("line 1 (the header), column 2"), "{e}");
    assert!(e.contains("never closed"), "{e}");
}

fn session(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    let file = write(dir.path(), "contacts.csv", UNCLOSED);
    let file = file.to_str().unwrap();
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let count = |dir: &Path| {
        stdout(&rolo(dir, &url, &["contacts", "count"]))
            .trim()
            .to_string()
    };

    let o = rolo(dir.path(), &url, &["import", "contacts", file]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        stdout(&o).contains("line 2: the row has a quote that is never closed: the quoted field in column 4 ('notes') opens on line 2"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("1 invalid rows; nothing was imported"),
        "{}",
        stderr(&o)
    );
    assert_eq!(count(dir.path()), "0");

    let o = rolo(dir.path(), &url, &["import", "contacts", file, "--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).contains("opens on line 2"), "{}", stdout(&o));
    assert_eq!(count(dir.path()), "0");

    let rejects = dir.path().join("rejects.csv");
    let o = rolo(
        dir.path(),
        &url,
        &[
            "import",
            "contacts",
            file,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(count(dir.path()), "1");
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("Ann,Lee,ann@example.com,\"oops\","), "{text}");
}

#[test]
fn the_binary_refuses_an_unclosed_quote_sqlite() {
    session(common::sqlite());
}

#[test]
fn the_binary_refuses_an_unclosed_quote_postgres() {
    session(common::postgres());
}
