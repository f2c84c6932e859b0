//! CSV import on both backends with awkward real-world files: Windows line endings, a BOM, `;`
//! as delimiter, quotes and line breaks inside fields, non-Latin names, emoji, a 10,000-character
//! note, empty rows, emails differing only in case, invalid emails and phones, invalid UTF-8.
//! Every row is either imported or reported with its line number; none vanishes.
use crate::common;

use common::import::{by_email, company_name, fixture, import, live_contacts};

use common::TestDb;
use diesel::prelude::*;
use rolo::db::repo::{self, history};
use rolo::db::schema::{companies, contacts, imports};
use rolo::domain::{Entity, HistoryAction};
use rolo::transfer::{OnDuplicate, Report};

macro_rules! count {
    ($conn:expr, $table:ident) => {
        $table::table.count().get_result::<i64>($conn).unwrap()
    };
}

/// (line, column, field) of each problem.
type Problems = Vec<(u64, Option<String>, Option<String>)>;

fn lines(r: &Report) -> (Problems, Vec<(u64, String)>) {
    (
        r.problems
            .iter()
            .map(|p| (p.line, p.column.clone(), p.field.clone()))
            .collect(),
        r.skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect(),
    )
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

both_backends!(
    an_invalid_row_means_nothing_is_written_and_every_row_is_reported,
    |db: TestDb| {
        let r = import(
            &db,
            Entity::Contacts,
            fixture("contacts_awkward.csv"),
            |_| {},
        );
        assert!(!r.written);
        assert_eq!(r.delimiter.as_deref(), Some(";"));
        assert_eq!(r.rows, 11, "{r:#?}");
        assert_eq!(r.accounted(), r.rows);
        assert_eq!(
            (
                r.created,
                r.duplicates,
                r.empty,
                r.invalid,
                r.companies_created
            ),
            (7, 1, 1, 2, 3)
        );
        let (problems, skipped) = lines(&r);
        assert_eq!(
            problems,
            [
                (8, some("E-mail Address"), some("email")),
                (9, some("Mobile Phone"), some("mobile_phone"))
            ]
        );
        assert!(
            r.problems[0]
                .reason
                .contains("'bob@' is not a valid email address"),
            "{r:#?}"
        );
        assert!(r.problems[1].reason.contains("'555-CALL-NOW'"), "{r:#?}");
        assert_eq!(skipped[0], (6, "empty row".to_string()));
        assert_eq!(skipped[1].0, 10);
        assert!(
            skipped[1]
                .1
                .contains("duplicate of line 2 (email ann@example.com)"),
            "{skipped:?}"
        );
        assert_eq!(r.not_imported[0].0, "Fax");
        let mut conn = db.conn();
        assert_eq!(count!(&mut conn, contacts), 0);
        assert_eq!(count!(&mut conn, companies), 0);
        assert_eq!(
            count!(&mut conn, imports),
            0,
            "a refused import is not recorded"
        );
    }
);

both_backends!(
    skip_invalid_imports_the_rest_exactly_and_rejects_rows_unchanged,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let r = import(
            &db,
            Entity::Contacts,
            fixture("contacts_awkward.csv"),
            |o| {
                o.skip_invalid = true;
                o.rejects = Some(rejects.clone());
            },
        );
        assert!(r.written);
        assert_eq!(
            (r.created, r.invalid, r.rejects_written, r.companies_created),
            (7, 2, 2, 3)
        );
        let mut conn = db.conn();
        assert_eq!(live_contacts(&mut conn).len(), 7);
        let ann = by_email(&mut conn, "ann@example.com");
        assert_eq!(
            ann.fields.notes.as_deref(),
            Some("Multi-line\nnote with \"quotes\" and ; semicolon")
        );
        // "Mobile Phone" fills the mobile number (a column named "Phone" would fill phone)
        assert_eq!(ann.fields.mobile_phone.as_deref(), Some("+15550100"));
        assert_eq!(ann.fields.phone, None);
        assert_eq!(ann.fields.title.as_deref(), Some("CTO"));
        assert_eq!(company_name(&mut conn, &ann).as_deref(), Some("Acme Ltd"));
        let zoe = by_email(&mut conn, "zoe@example.com");
        assert_eq!(zoe.fields.first_name, "Zoë 🦄");
        assert_eq!(zoe.fields.notes.as_deref(), Some("🎉 emoji note"));
        assert_eq!(
            zoe.fields.company_id, ann.fields.company_id,
            "one Acme Ltd, linked twice"
        );
        let li = by_email(&mut conn, "li@example.cn");
        assert_eq!(
            (
                li.fields.first_name.as_str(),
                li.fields.last_name.as_deref()
            ),
            ("李", Some("小龙"))
        );
        assert_eq!(company_name(&mut conn, &li).as_deref(), Some("北京科技"));
        assert_eq!(
            by_email(&mut conn, "julia@example.ru").fields.first_name,
            "Юлия"
        );
        assert_eq!(
            by_email(&mut conn, "mohammed@example.sa")
                .fields
                .last_name
                .as_deref(),
            Some("العلي")
        );
        let long = by_email(&mut conn, "long@example.com");
        assert_eq!(
            long.fields.notes.as_deref().map(|n| n.chars().count()),
            Some(10_000)
        );
        let q = by_email(&mut conn, "q@example.com");
        assert_eq!(q.fields.first_name, "Quoted; Name");
        assert_eq!(company_name(&mut conn, &q).as_deref(), Some("Comma, Inc."));
        // every imported record has its creation in history
        let entries = history::for_record(&mut conn, ann.id.into()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action, HistoryAction::Create);
        assert!(entries[0].changes.contains("ann@example.com"));
        // the rejects file: the header, then each rejected row byte for byte, plus its reason
        let original = std::fs::read(fixture("contacts_awkward.csv")).unwrap();
        let text = String::from_utf8(std::fs::read(&rejects).unwrap()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        // the source starts with a byte-order mark, and so does the rejects file (a rolo
        // spreadsheet-safe file keeps the mark that tells the importer its cells are guarded)
        assert!(original.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(lines[0], "\u{feff}First Name;Last Name;E-mail Address;Mobile Phone;Company;Job Title;Notes;Fax;import_error");
        assert!(
            lines[1]
                .starts_with("Bob;;bob@;;;;;;\"line 8, column 'E-mail Address' (email): 'bob@'"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("Carl;;carl@example.com;555-CALL-NOW;;;;;\"line 9"),
            "{text}"
        );
        assert_eq!(lines.len(), 4, "{text}");
        let raw = String::from_utf8(original).unwrap();
        assert!(
            raw.contains("\r\nBob;;bob@;;;;;\r\n"),
            "the rejected row is the file's own text"
        );
        // the import is recorded with its counts
        let list = repo::import::list(&mut conn, 10).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(Some(list[0].id), r.import_id);
        assert_eq!(
            (
                list[0].counts.created,
                list[0].counts.invalid,
                list[0].counts.related_created
            ),
            (7, 2, 3)
        );
        // a second run finds every row already there
        let again = import(
            &db,
            Entity::Contacts,
            fixture("contacts_awkward.csv"),
            |o| {
                o.skip_invalid = true;
                o.rejects = Some(rejects.clone());
            },
        );
        assert_eq!(
            (
                again.created,
                again.duplicates,
                again.invalid,
                again.companies_created
            ),
            (0, 8, 2, 0)
        );
        assert_eq!(live_contacts(&mut db.conn()).len(), 7);
    }
);

both_backends!(
    a_dry_run_decides_like_a_real_run_and_writes_nothing,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let run = |dry: bool| {
            import(
                &db,
                Entity::Contacts,
                fixture("contacts_awkward.csv"),
                |o| {
                    o.dry_run = dry;
                    o.skip_invalid = true;
                    o.rejects = Some(rejects.clone());
                },
            )
        };
        let dry = run(true);
        assert!(dry.dry_run && !dry.written);
        assert!(dry.to_text(true).contains("dry run: nothing was written"));
        assert!(!rejects.exists(), "a dry run writes no rejects file");
        let mut conn = db.conn();
        assert_eq!(count!(&mut conn, contacts), 0);
        assert_eq!(count!(&mut conn, companies), 0);
        assert_eq!(count!(&mut conn, imports), 0);
        drop(conn);
        let real = run(false);
        let numbers = |r: &Report| {
            (
                r.created,
                r.updated,
                r.duplicates,
                r.empty,
                r.invalid,
                r.companies_created,
            )
        };
        assert_eq!(numbers(&dry), numbers(&real));
        assert_eq!(dry.problems, real.problems);
        assert_eq!(dry.skipped, real.skipped);
    }
);

both_backends!(
    duplicates_by_case_insensitive_email_in_the_file_and_the_database,
    |db: TestDb| {
        let mut conn = db.conn();
        let mut d = rolo::domain::ContactDraft::new("Existing");
        d.email = Some("Julia@Example.RU".into());
        d.title = Some("Old title".into());
        repo::contact::create(&mut conn, None, d).unwrap();
        drop(conn);
        // --on-duplicate fail: both kinds of duplicate are invalid rows
        let r = import(
            &db,
            Entity::Contacts,
            fixture("contacts_awkward.csv"),
            |o| o.on_duplicate = OnDuplicate::Fail,
        );
        let (problems, _) = lines(&r);
        let dup_lines: Vec<u64> = problems
            .iter()
            .map(|p| p.0)
            .filter(|l| *l == 5 || *l == 10)
            .collect();
        assert_eq!(dup_lines, [5, 10], "{r:#?}");
        assert!(r
            .problems
            .iter()
            .any(|p| p.reason.contains("duplicate of existing contact")));
        // --on-duplicate update: the existing record takes the row's non-empty cells
        let dir = tempfile::tempdir().unwrap();
        let r = import(
            &db,
            Entity::Contacts,
            fixture("contacts_awkward.csv"),
            |o| {
                o.on_duplicate = OnDuplicate::Update;
                o.skip_invalid = true;
                o.rejects = Some(dir.path().join("r.csv"));
            },
        );
        assert_eq!((r.created, r.updated, r.duplicates), (6, 1, 1), "{r:#?}");
        let mut conn = db.conn();
        let julia = by_email(&mut conn, "julia@example.ru");
        assert_eq!(julia.fields.first_name, "Юлия");
        assert_eq!(
            julia.fields.title.as_deref(),
            Some("Old title"),
            "an empty cell keeps the stored value"
        );
        assert_eq!(julia.version, 2);
        assert_eq!(live_contacts(&mut conn).len(), 7);
    }
);

both_backends!(batches_do_not_lose_or_double_rows, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut text = String::from("first_name,email,company\n");
    for i in 0..5_000 {
        // emails repeat after 4,000 rows, in another case: duplicates across batches
        let email = if i < 4_000 {
            format!("p{i}@x.example")
        } else {
            format!("P{}@X.example", i - 4_000)
        };
        text.push_str(&format!("Person {i},{email},Company {}\n", i % 37));
    }
    std::fs::write(&path, text).unwrap();
    let r = import(&db, Entity::Contacts, path, |o| o.batch = 700);
    assert_eq!(
        (r.rows, r.created, r.duplicates, r.companies_created),
        (5_000, 4_000, 1_000, 37),
        "{:?}",
        r.problems
    );
    assert_eq!(r.skipped[0].line, 4_002);
    assert!(
        r.skipped[0].reason.contains("duplicate of line 2 "),
        "{:?}",
        r.skipped[0]
    );
    let mut conn = db.conn();
    assert_eq!(count!(&mut conn, contacts), 4_000);
    assert_eq!(count!(&mut conn, companies), 37);
});
