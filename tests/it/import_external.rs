//! Another tool's record ids (issue 10, item 17): a HubSpot export's `Record ID` that is not a
//! UUID is kept as the record's external id with the source (`hubspot`, told by the headers or
//! given with `--source`), links later files (`Associated Company ID`), and makes a re-import
//! update or skip the same records instead of duplicating them. Both backends.
use crate::common;

use std::path::{Path, PathBuf};

use common::import::{by_email, import, live_contacts};
use common::TestDb;
use diesel::prelude::*;
use rolo::db::schema::{companies, deals};
use rolo::domain::{Entity, ExternalRef};
use rolo::transfer::OnDuplicate;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const HS_COMPANIES: &str = "Record ID,Company name,Company Domain Name\n\
    501,Acme Ltd,acme.example\n\
    502,Globex,globex.example\n";
const HS_CONTACTS: &str = "Record ID,First Name,Last Name,Email,Associated Company ID\n\
    7001,Ann,Lee,ann@example.com,501\n\
    7002,Bob,Ray,bob@example.com,502\n";
const HS_DEALS: &str =
    "Record ID,Deal Name,Deal Stage,Amount,Associated Company IDs,Associated Contact IDs\n\
    9001,Acme renewal,Qualified,1200,501,7001\n";

fn external(conn: &mut rolo::db::DbConn, e: Entity, id: rolo::domain::Id) -> Option<ExternalRef> {
    rolo::db::repo::external::of(conn, e, &[id])
        .unwrap()
        .remove(&id)
}

both_backends!(
    hubspot_record_ids_are_kept_and_link_the_files,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let r = import(
            &db,
            Entity::Companies,
            write(dir.path(), "c.csv", HS_COMPANIES),
            |_| {},
        );
        assert!(r.written, "{r:#?}");
        assert_eq!((r.created, r.invalid), (2, 0), "{r:#?}");
        assert_eq!(r.source.as_deref(), Some("hubspot"));
        let r = import(
            &db,
            Entity::Contacts,
            write(dir.path(), "p.csv", HS_CONTACTS),
            |_| {},
        );
        assert_eq!((r.created, r.invalid), (2, 0), "{r:#?}");
        rolo::seed::synthetic::ensure_stages(&mut db.conn()).unwrap();
        let r = import(
            &db,
            Entity::Deals,
            write(dir.path(), "d.csv", HS_DEALS),
            |_| {},
        );
        assert_eq!((r.created, r.invalid), (1, 0), "{r:#?}");

        let conn = &mut db.conn();
        let acme: (rolo::domain::Id, String) = companies::table
            .filter(companies::name.eq("Acme Ltd"))
            .select((companies::id, companies::name))
            .first(conn)
            .unwrap();
        let ann = by_email(conn, "ann@example.com");
        assert_eq!(ann.fields.company_id.map(|c| c.0), Some(acme.0));
        assert_eq!(
            external(conn, Entity::Contacts, ann.id.0),
            Some(ExternalRef {
                source: "hubspot".into(),
                id: "7001".into()
            })
        );
        assert_eq!(
            external(conn, Entity::Companies, acme.0).map(|r| r.to_string()),
            Some("hubspot 501".into())
        );
        let (deal_id, company, contact): (
            rolo::domain::Id,
            Option<rolo::domain::Id>,
            Option<rolo::domain::Id>,
        ) = deals::table
            .select((deals::id, deals::company_id, deals::contact_id))
            .first(conn)
            .unwrap();
        assert_eq!((company, contact), (Some(acme.0), Some(ann.id.0)));
        assert_eq!(
            external(conn, Entity::Deals, deal_id).map(|r| r.id),
            Some("9001".into())
        );
    }
);

both_backends!(a_reimport_updates_instead_of_duplicating, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    import(
        &db,
        Entity::Companies,
        write(dir.path(), "c.csv", HS_COMPANIES),
        |_| {},
    );
    let path = write(dir.path(), "p.csv", HS_CONTACTS);
    import(&db, Entity::Contacts, path.clone(), |_| {});
    // the same file again: the same records, nothing new
    let r = import(&db, Entity::Contacts, path, |_| {});
    assert_eq!((r.created, r.duplicates, r.invalid), (0, 2, 0), "{r:#?}");
    // changed in HubSpot (a new email too, so only the Record ID can tell it is Ann)
    let changed =
        "Record ID,First Name,Last Name,Email\n7001,Ann,Lee-Smith,ann.smith@example.com\n";
    let r = import(
        &db,
        Entity::Contacts,
        write(dir.path(), "p2.csv", changed),
        |o| {
            o.on_duplicate = OnDuplicate::Update;
        },
    );
    assert_eq!((r.created, r.updated, r.invalid), (0, 1, 0), "{r:#?}");
    let conn = &mut db.conn();
    assert_eq!(live_contacts(conn).len(), 2);
    let ann = by_email(conn, "ann.smith@example.com");
    assert_eq!(ann.fields.last_name.as_deref(), Some("Lee-Smith"));
    assert_eq!(
        external(conn, Entity::Contacts, ann.id.0).unwrap().id,
        "7001"
    );
});

both_backends!(
    a_uuid_is_still_rolo_s_id_and_an_unknown_source_is_asked_for,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        // no header tells the tool: a non-UUID id needs --source
        let plain = "id,name\n42,Initech\n";
        let r = import(
            &db,
            Entity::Companies,
            write(dir.path(), "x.csv", plain),
            |_| {},
        );
        assert!(!r.written);
        assert!(r.problems[0].reason.contains("--source NAME"), "{r:#?}");
        let r = import(
            &db,
            Entity::Companies,
            write(dir.path(), "x.csv", plain),
            |o| {
                o.source = Some("Pipedrive".into());
            },
        );
        assert_eq!(r.created, 1, "{r:#?}");
        let id = rolo::domain::Id::new();
        let own = format!("id,name\n{id},Umbrella\n");
        let r = import(
            &db,
            Entity::Companies,
            write(dir.path(), "y.csv", &own),
            |_| {},
        );
        assert_eq!(r.created, 1, "{r:#?}");
        let conn = &mut db.conn();
        let ext: Vec<(String, Option<String>, Option<String>)> = companies::table
            .order(companies::name)
            .select((
                companies::name,
                companies::external_source,
                companies::external_id,
            ))
            .load(conn)
            .unwrap();
        assert_eq!(
            ext,
            [
                (
                    "Initech".to_string(),
                    Some("pipedrive".to_string()),
                    Some("42".to_string())
                ),
                ("Umbrella".to_string(), None, None),
            ]
        );
        assert!(
            companies::table
                .find(id)
                .count()
                .get_result::<i64>(conn)
                .unwrap()
                == 1
        );
        // the same external id in another source is another record
        let r = import(
            &db,
            Entity::Companies,
            write(dir.path(), "z.csv", "id,name\n42,Initech GmbH\n"),
            |o| {
                o.source = Some("salesforce".into());
            },
        );
        assert_eq!(r.created, 1, "{r:#?}");
    }
);

fn rolo(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    common::rolo_command()
        .env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(db)
        .args(args)
        .output()
        .expect("run rolo")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Through the binary: import, `get` shows the reference, `external_id:` filters, and an export
/// imports into another database with its references.
fn session(db: TestDb, other: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    let file = write(dir.path(), "c.csv", HS_COMPANIES);
    let o = rolo(
        dir.path(),
        &url,
        &["import", "companies", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let acme: rolo::domain::Id = companies::table
        .filter(companies::name.eq("Acme Ltd"))
        .select(companies::id)
        .first(&mut db.conn())
        .unwrap();
    let o = rolo(dir.path(), &url, &["companies", "get", &acme.to_string()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = stdout(&o);
    assert!(text.contains("External source   hubspot"), "{text}");
    assert!(text.contains("External id       501"), "{text}");
    let o = rolo(
        dir.path(),
        &url,
        &["companies", "list", "--where", "external_id:502"],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stdout(&o).contains("Globex") && !stdout(&o).contains("Acme"),
        "{}",
        stdout(&o)
    );
    let o = rolo(
        dir.path(),
        &url,
        &["companies", "count", "--where", "external_source:hubspot"],
    );
    assert_eq!(stdout(&o).trim(), "2", "{o:?}");

    let out = dir.path().join("out.csv");
    let o = rolo(
        dir.path(),
        &url,
        &["export", "companies", "--file", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",external_source,external_id"),
        "{csv}"
    );
    let o = rolo(
        dir.path(),
        &other.url_string(),
        &["import", "companies", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let back: Vec<(String, Option<String>, Option<String>)> = companies::table
        .order(companies::name)
        .select((
            companies::name,
            companies::external_source,
            companies::external_id,
        ))
        .load(&mut other.conn())
        .unwrap();
    assert_eq!(
        back,
        [
            (
                "Acme Ltd".to_string(),
                Some("hubspot".to_string()),
                Some("501".to_string())
            ),
            (
                "Globex".to_string(),
                Some("hubspot".to_string()),
                Some("502".to_string())
            ),
        ]
    );
    // the exported file's own ids are rolo's: the records keep them
    let again: rolo::domain::Id = companies::table
        .filter(companies::name.eq("Acme Ltd"))
        .select(companies::id)
        .first(&mut other.conn())
        .unwrap();
    assert_eq!(again, acme);
}

#[test]
fn get_filter_and_export_show_external_ids_sqlite() {
    session(common::sqlite(), common::sqlite());
}

#[test]
fn get_filter_and_export_show_external_ids_postgres() {
    session(common::postgres(), common::postgres());
}
