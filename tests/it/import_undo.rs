//! Undoing an import on both backends: what it created is soft-deleted, what it updated gets its
//! fields (and tags) back, all recorded in history; a record changed since makes undo refuse
//! unless forced.
use crate::common;

use std::path::PathBuf;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::Contact;
use rolo::db::repo::{self, history};
use rolo::db::schema::{companies, contacts};
use rolo::db::DbConn;
use rolo::domain::{ContactDraft, Entity, HistoryAction, Tagged};
use rolo::transfer::{self, undo, ImportOptions, OnDuplicate, TransferError};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn live(conn: &mut DbConn) -> (i64, i64) {
    let c = contacts::table
        .filter(contacts::deleted_at.is_null())
        .count()
        .get_result(conn)
        .unwrap();
    let k = companies::table
        .filter(companies::deleted_at.is_null())
        .count()
        .get_result(conn)
        .unwrap();
    (c, k)
}

both_backends!(
    undo_soft_deletes_what_was_created_and_restores_what_was_updated,
    |db: TestDb| {
        let mut conn = db.conn();
        let mut d = ContactDraft::new("Ann");
        d.email = Some("ann@example.com".into());
        d.title = Some("Engineer".into());
        let before = repo::contact::create(&mut conn, None, d).unwrap();
        let tag = repo::tag::ensure(&mut conn, None, "existing").unwrap();
        repo::tag::attach(&mut conn, None, tag.id, Tagged::Contact(before.id)).unwrap();
        drop(conn);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("c.csv");
        std::fs::write(
            &csv,
            "email,first_name,title,company,tags\n\
         ann@example.com,Ann,CTO,Acme Ltd,vip;existing\n\
         bo@example.com,Bo,,Acme Ltd,vip\n\
         cy@example.com,Cy,,Initech,\n",
        )
        .unwrap();
        let mut o = ImportOptions::new(Entity::Contacts, &csv);
        o.on_duplicate = OnDuplicate::Update;
        let r = transfer::import(&mut db.conn(), &o).unwrap();
        assert_eq!(
            (r.created, r.updated, r.companies_created),
            (2, 1, 2),
            "{r:#?}"
        );
        let id = r.import_id.unwrap();
        let mut conn = db.conn();
        let ann = repo::contact::get(&mut conn, before.id).unwrap();
        assert_eq!(ann.fields.title.as_deref(), Some("CTO"));
        assert!(ann.fields.company_id.is_some());
        let tags = |conn: &mut DbConn| -> Vec<String> {
            repo::tag::tags_of(conn, Tagged::Contact(before.id))
                .unwrap()
                .into_iter()
                .map(|t| t.fields.name)
                .collect()
        };
        assert_eq!(tags(&mut conn), ["existing", "vip"]);
        assert_eq!(live(&mut conn), (3, 2));

        let report = undo::undo(&mut conn, None, id, false).unwrap();
        assert_eq!((report.deleted, report.restored), (4, 1));
        assert!(report.left.is_empty());
        let ann_after: Contact = repo::contact::get(&mut conn, before.id).unwrap();
        assert_eq!(
            ann_after.fields, before.fields,
            "the update is undone field for field"
        );
        assert_eq!(
            tags(&mut conn),
            ["existing"],
            "the tag the import added is gone, the old one stays"
        );
        assert_eq!(live(&mut conn), (1, 0));
        let actions: Vec<HistoryAction> = history::for_record(&mut conn, before.id.into())
            .unwrap()
            .into_iter()
            .map(|h| h.action)
            .collect();
        use HistoryAction::*;
        assert_eq!(actions, [Create, Tag, Update, Tag, Update, Untag]);
        let imports = repo::import::list(&mut conn, 5).unwrap();
        assert!(imports[0].undone_at.is_some());
        // created records are soft-deleted: each can be restored
        let bo: Contact = contacts::table
            .filter(contacts::email.eq("bo@example.com"))
            .select(Contact::as_select())
            .first(&mut conn)
            .unwrap();
        assert!(bo.deleted_at.is_some());
        let bo_history = history::for_record(&mut conn, bo.id.into()).unwrap();
        assert_eq!(bo_history.last().map(|h| h.action), Some(Delete));
        repo::contact::restore(&mut conn, None, bo.id).unwrap();
        // twice is refused
        let again = undo::undo(&mut conn, None, id, false).unwrap_err();
        assert!(again.to_string().contains("already undone"), "{again}");
    }
);

both_backends!(
    undo_refuses_when_records_changed_since_unless_forced,
    |db: TestDb| {
        let r = transfer::import(
            &mut db.conn(),
            &ImportOptions::new(Entity::Contacts, fixture("google_contacts.csv")),
        )
        .unwrap();
        assert_eq!((r.created, r.companies_created), (2, 2));
        let id = r.import_id.unwrap();
        let mut conn = db.conn();
        let grace: Contact = contacts::table
            .filter(contacts::email.eq("grace@navy.example"))
            .select(Contact::as_select())
            .first(&mut conn)
            .unwrap();
        let mut d = ContactDraft::from(grace.fields.clone());
        d.title = Some("Admiral".into());
        repo::contact::update(&mut conn, None, grace.id, grace.version, d).unwrap();
        match undo::undo(&mut conn, None, id, false) {
            Err(TransferError::Conflict(msg)) => {
                assert!(msg.contains(&grace.id.to_string()), "{msg}");
                assert!(
                    msg.contains("changed since (version 1 after the import, now 2)"),
                    "{msg}"
                );
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(live(&mut conn), (2, 2), "a refused undo changes nothing");
        let forced = undo::undo(&mut conn, None, id, true).unwrap();
        assert_eq!((forced.deleted, forced.left.len()), (3, 1));
        let grace_now = repo::contact::get(&mut conn, grace.id).unwrap();
        assert!(grace_now.deleted_at.is_none());
        assert_eq!(grace_now.fields.title.as_deref(), Some("Admiral"));
        assert_eq!(
            grace_now.fields.company_id, None,
            "its company was deleted, which detaches it"
        );
        assert_eq!(live(&mut conn), (1, 0));
    }
);
