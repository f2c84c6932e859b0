//! Import headers and encodings on both backends: the column names of other tools' exports map
//! automatically, `--map` overrides them, unknown and repeated columns are reported, and invalid
//! UTF-8 is reported with its line and rejected byte for byte.
use crate::common;

use common::import::{by_email, company_name, fixture, import};

use common::TestDb;
use rolo::domain::Entity;
use rolo::transfer::{self, ImportOptions};

both_backends!(
    headers_of_other_tools_map_automatically_and_unknown_ones_are_reported,
    |db: TestDb| {
        let r = import(
            &db,
            Entity::Contacts,
            fixture("google_contacts.csv"),
            |_| {},
        );
        assert!(r.written && r.created == 2, "{r:#?}");
        let mapped: Vec<(&str, &str)> = r
            .columns
            .iter()
            .map(|(c, f)| (c.as_str(), f.as_str()))
            .collect();
        for pair in [
            ("Name", "full_name"),
            ("Given Name", "first_name"),
            ("E-mail 1 - Value", "email"),
            ("Phone 1 - Value", "phone"),
            ("Organization 1 - Name", "company"),
            ("Organization 1 - Title", "title"),
        ] {
            assert!(mapped.contains(&pair), "{pair:?} in {mapped:?}");
        }
        let unknown: Vec<&str> = r.not_imported.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            unknown,
            ["E-mail 1 - Type", "Phone 1 - Type", "Group Membership"]
        );
        let mut conn = db.conn();
        let alan = by_email(&mut conn, "alan@bletchley.example");
        assert_eq!(
            (
                alan.fields.first_name.as_str(),
                alan.fields.last_name.as_deref()
            ),
            ("Alan", Some("Turing"))
        );
        let grace = by_email(&mut conn, "grace@navy.example");
        assert_eq!(grace.fields.title.as_deref(), Some("Rear Admiral"));
        assert_eq!(company_name(&mut conn, &grace).as_deref(), Some("US Navy"));
        drop(conn);
        // --map overrides the automatic choice; the losing column is reported
        let r = import(
            &db,
            Entity::Contacts,
            fixture("outlook_contacts.csv"),
            |o| {
                o.map = vec![
                    ("Business Phone".into(), "-".into()),
                    ("Middle Name".into(), "title".into()),
                ];
            },
        );
        assert_eq!(r.created, 2, "{r:#?}");
        assert!(r
            .not_imported
            .iter()
            .any(|(c, why)| c == "Business Phone" && why.contains("--map")));
        assert!(r
            .not_imported
            .iter()
            .any(|(c, why)| c == "Job Title"
                && why.contains("already read from column 'Middle Name'")));
        let mut conn = db.conn();
        let ada = by_email(&mut conn, "ada@engine.example");
        assert_eq!(ada.fields.phone, None);
        assert_eq!(
            by_email(&mut conn, "charles@engine.example")
                .fields
                .notes
                .as_deref(),
            Some("Tab\tinside")
        );
    }
);

both_backends!(
    invalid_utf8_is_an_error_naming_the_line_and_the_row_is_rejected_byte_for_byte,
    |db: TestDb| {
        let r = import(&db, Entity::Companies, fixture("latin1.csv"), |_| {});
        assert_eq!((r.rows, r.created, r.invalid), (3, 2, 1));
        assert_eq!(r.problems[0].line, 3);
        assert!(
            r.problems[0].reason.contains("not valid UTF-8"),
            "{:?}",
            r.problems
        );
        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let r = import(&db, Entity::Companies, fixture("latin1.csv"), |o| {
            o.skip_invalid = true;
            o.rejects = Some(rejects.clone());
        });
        assert_eq!((r.created, r.invalid), (2, 1));
        let bytes = std::fs::read(&rejects).unwrap();
        assert!(
            bytes.starts_with(b"name,notes,import_error\nCaf\xe9 Bleu,caf\xe9,\"line 3"),
            "{bytes:?}"
        );
        let header = std::fs::write(dir.path().join("bad.csv"), b"na\xffme\nx\n");
        header.unwrap();
        let e = transfer::import(
            &mut db.conn(),
            &ImportOptions::new(Entity::Companies, dir.path().join("bad.csv")),
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 1 (the header)"), "{e}");
    }
);
