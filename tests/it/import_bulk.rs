//! Bulk mode (an import that at least doubles a table drops its secondary indexes and rebuilds
//! them at the end): afterwards every index and the full-text search are as before, whether the
//! import committed or was refused. Both backends.
use crate::common;

use common::TestDb;
use diesel::prelude::*;
use diesel::sql_types::Text;
use rolo::db::repo::{self, Liveness};
use rolo::db::DbConn;
use rolo::domain::Entity;
use rolo::filter::{self, Context};
use rolo::transfer::{self, ImportOptions};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Every index and trigger of the tables an import touches (PostgreSQL: and every constraint).
fn schema(conn: &mut DbConn) -> Vec<String> {
    let sql = match conn {
        DbConn::Sqlite(_) => "SELECT type || ' ' || name || ' ' || coalesce(sql, '') AS name FROM sqlite_master \
                              WHERE tbl_name IN ('contacts', 'companies', 'history', 'import_items') \
                              AND type IN ('index', 'trigger') ORDER BY name",
        // foreign keys too: bulk mode drops them for the load and adds them back
        DbConn::Pg(_) => "SELECT indexname || ' ' || indexdef AS name FROM pg_indexes WHERE schemaname = current_schema() \
                          AND tablename IN ('contacts', 'companies', 'history', 'import_items') \
                          UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) \
                          FROM pg_constraint WHERE conrelid IN ('contacts'::regclass, 'companies'::regclass, \
                          'history'::regclass, 'import_items'::regclass) ORDER BY 1",
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

fn search(conn: &mut DbConn, text: &str) -> i64 {
    let pred = filter::compile(text, &Context::new(Entity::Contacts, None), conn.backend())
        .unwrap()
        .map(|p| Box::new(p) as repo::Predicate<rolo::db::schema::contacts::table>);
    repo::contact::count(conn, Liveness::Live, pred).unwrap()
}

fn file(dir: &tempfile::TempDir, rows: usize, bad_last: bool) -> std::path::PathBuf {
    let path = dir.path().join(format!("bulk-{rows}-{bad_last}.csv"));
    let mut text = String::from("first_name,last_name,email,company\n");
    for i in 0..rows {
        let email = if bad_last && i + 1 == rows {
            "broken@".to_string()
        } else {
            format!("bulk{i}@example.com")
        };
        text.push_str(&format!("Zebulon{i},Quartz,{email},Bulk Co {}\n", i % 50));
    }
    std::fs::write(&path, text).unwrap();
    path
}

both_backends!(
    bulk_imports_leave_indexes_and_search_as_they_were,
    |db: TestDb| {
        let mut conn = db.conn();
        let mut d = rolo::domain::ContactDraft::new("Before");
        d.email = Some("before@example.com".into());
        repo::contact::create(&mut conn, None, d).unwrap();
        let before = schema(&mut conn);
        assert!(before.len() > 10, "{before:?}");
        if matches!(*conn, DbConn::Pg(_)) {
            let fks = before.iter().filter(|d| d.contains("FOREIGN KEY")).count();
            assert!(fks >= 3, "{before:?}");
        }
        drop(conn);
        let dir = tempfile::tempdir().unwrap();

        // refused (the last row is invalid): nothing written, the schema untouched
        let r = transfer::import(
            &mut db.conn(),
            &ImportOptions::new(Entity::Contacts, file(&dir, 12_000, true)),
        )
        .unwrap();
        assert!(
            !r.written && r.invalid == 1 && r.created == 11_999,
            "{:?}",
            r.problems
        );
        let mut conn = db.conn();
        assert_eq!(schema(&mut conn), before);
        assert_eq!(search(&mut conn, "Zebulon42"), 0);
        drop(conn);

        // committed: the same indexes and triggers, rebuilt; new rows are found by full-text search
        let r = transfer::import(
            &mut db.conn(),
            &ImportOptions::new(Entity::Contacts, file(&dir, 12_000, false)),
        )
        .unwrap();
        assert!(
            r.written && r.created == 12_000 && r.companies_created == 50,
            "{r:?}"
        );
        let mut conn = db.conn();
        assert_eq!(schema(&mut conn), before);
        assert_eq!(search(&mut conn, "Zebulon11999"), 1);
        assert_eq!(search(&mut conn, "Before"), 1);
        assert_eq!(search(&mut conn, "email:bulk7@example.com"), 1);
        if matches!(*conn, DbConn::Pg(_)) {
            // the foreign keys added back hold for new writes
            let orphan = diesel::sql_query(
                "UPDATE contacts SET company_id = gen_random_uuid() WHERE first_name = 'Zebulon1'",
            )
            .execute(&mut *conn);
            assert!(orphan.is_err(), "{orphan:?}");
        }
        let companies = filter::compile(
            "Bulk",
            &Context::new(Entity::Companies, None),
            conn.backend(),
        )
        .unwrap()
        .map(|p| Box::new(p) as repo::Predicate<rolo::db::schema::companies::table>);
        assert_eq!(
            repo::company::count(&mut conn, Liveness::Live, companies).unwrap(),
            50
        );
        // a later, smaller import updates the rebuilt indexes as usual
        drop(conn);
        let small = dir.path().join("small.csv");
        std::fs::write(&small, "first_name,email\nXylophone,xylo@example.com\n").unwrap();
        transfer::import(&mut db.conn(), &ImportOptions::new(Entity::Contacts, small)).unwrap();
        assert_eq!(search(&mut db.conn(), "Xylophone"), 1);
    }
);

#[derive(QueryableByName)]
struct Mode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

fn journal(conn: &mut DbConn) -> String {
    diesel::sql_query("PRAGMA journal_mode")
        .load::<Mode>(conn)
        .unwrap()
        .remove(0)
        .journal_mode
}

/// A bulk import alone on a SQLite file loads through a rollback journal and leaves the file in
/// WAL mode; with another connection open it stays in WAL mode (that reader keeps reading the
/// state before the import), and both ways every row is there.
#[test]
fn a_bulk_import_alone_uses_a_rollback_journal_and_leaves_wal() {
    use rolo::db::bulk::tuning::{self, Load};
    let mut db = common::sqlite();
    let url = db.url.clone();
    drop(std::mem::replace(
        &mut db.pool,
        rolo::db::open_pool(&url, 2).unwrap(),
    ));
    {
        let mut conn = db.conn();
        let tuned = tuning::begin(&mut conn, Load::BulkImport).unwrap();
        assert!(tuned.rollback_journal);
        assert_eq!(journal(&mut conn), "delete");
        tuning::end(&mut conn, tuned).unwrap();
        assert_eq!(journal(&mut conn), "wal");
        let small = tuning::begin(&mut conn, Load::Import).unwrap();
        assert!(!small.rollback_journal, "a small import stays in WAL mode");
        tuning::end(&mut conn, small).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, 12_000, false);
    // alone
    let r = transfer::import(&mut db.conn(), &ImportOptions::new(Entity::Contacts, &path)).unwrap();
    assert_eq!(r.created, 12_000);
    assert_eq!(journal(&mut db.conn()), "wal");
    // with a reader in a transaction: WAL throughout, the reader sees the state before the import
    let mut reader = db.conn();
    let mut conn = db.conn();
    diesel::sql_query("BEGIN").execute(&mut *reader).unwrap();
    let seen = search(&mut reader, "Quartz");
    let tuned = tuning::begin(&mut conn, Load::BulkImport).unwrap();
    assert!(!tuned.rollback_journal);
    assert_eq!(journal(&mut conn), "wal");
    tuning::end(&mut conn, tuned).unwrap();
    let mut o = ImportOptions::new(Entity::Contacts, file(&dir, 12_001, false));
    o.on_duplicate = transfer::OnDuplicate::Skip;
    let again = transfer::import(&mut conn, &o).unwrap();
    assert_eq!((again.created, again.duplicates), (1, 12_000));
    assert_eq!(search(&mut reader, "Quartz"), seen);
    diesel::sql_query("COMMIT").execute(&mut *reader).unwrap();
    assert_eq!(journal(&mut conn), "wal");
    assert_eq!(search(&mut conn, "Quartz"), 12_001);
}
