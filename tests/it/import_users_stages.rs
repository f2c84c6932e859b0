//! Import of users and pipeline stages on both backends: validation through the drafts with line
//! and column, matching by email and by name (case-insensitive, in the file too), updates through
//! the repositories (their rules make a row invalid), stage positions, all or nothing, dry runs,
//! rejects, and undo.
use crate::common;

use std::path::PathBuf;

use common::import::import;
use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::{Deal, Stage};
use rolo::db::repo;
use rolo::db::schema::{deals, users};
use rolo::db::{DbConn, DbError};
use rolo::domain::{DealStatus, Entity, Role, StageKind, UserDraft};
use rolo::transfer::{undo, ImportOptions, MatchKey, OnDuplicate, TransferError};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn live_users(conn: &mut DbConn) -> i64 {
    users::table
        .filter(users::deleted_at.is_null())
        .count()
        .get_result(conn)
        .unwrap()
}

fn stage(conn: &mut DbConn, name: &str) -> Option<Stage> {
    repo::stage::find_by_name(conn, name).unwrap()
}

/// (line, column, field) of each problem.
fn problems(r: &rolo::transfer::Report) -> Vec<(u64, Option<&str>, Option<&str>)> {
    r.problems
        .iter()
        .map(|p| (p.line, p.column.as_deref(), p.field.as_deref()))
        .collect()
}

const USERS: &str = "Name,E-mail Address,role,timezone\n\
    Bo,bo@example.com,manager,Europe/Berlin\n\
    Cy,not-an-email,sales_rep,\n\
    Bo Again,BO@Example.COM,admin,\n\
    Ada Lovelace,ADA@example.com,,\n\
    Di,di@example.com,boss,Europe/Paris\n\
    Ed,ed@example.com,,Mars/Base\n";

both_backends!(
    users_are_validated_matched_by_email_updated_and_undone,
    |db: TestDb| {
        let mut conn = db.conn();
        let root = UserDraft::new("Root", "root@example.com", Role::Admin);
        let root = repo::user::create(&mut conn, None, root).unwrap();
        let ada = UserDraft::new("Ada", "ada@example.com", Role::SalesRep);
        let ada = repo::user::create(&mut conn, None, ada).unwrap();
        drop(conn);
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "users.csv", USERS);

        // all or nothing: three invalid rows, nothing written
        let r = import(&db, Entity::Users, path.clone(), |_| {});
        assert!(!r.written, "{r:#?}");
        assert_eq!(r.match_key.as_deref(), Some("email"));
        assert_eq!((r.created, r.duplicates, r.invalid), (1, 2, 3), "{r:#?}");
        assert_eq!(
            problems(&r),
            [
                (3, Some("E-mail Address"), Some("email")),
                (6, Some("role"), Some("role")),
                (7, Some("timezone"), Some("timezone")),
            ]
        );
        assert!(r.problems[0].reason.contains("not a valid email"), "{r:#?}");
        assert!(r.skipped[0]
            .reason
            .starts_with("duplicate of line 2 (email bo@example.com)"));
        assert_eq!(live_users(&mut db.conn()), 2);

        // a dry run decides the same and writes nothing
        let dry = import(&db, Entity::Users, path.clone(), |o| {
            o.dry_run = true;
            o.on_duplicate = OnDuplicate::Update;
        });
        assert_eq!((dry.created, dry.updated, dry.invalid), (1, 1, 3));
        assert_eq!(live_users(&mut db.conn()), 2);

        // the valid rows, with the existing Ada updated; the rest to the rejects file
        let rejects = dir.path().join("rejects.csv");
        let r = import(&db, Entity::Users, path, |o| {
            o.on_duplicate = OnDuplicate::Update;
            o.skip_invalid = true;
            o.rejects = Some(rejects.clone());
        });
        assert!(r.written, "{r:#?}");
        assert_eq!(
            (r.created, r.updated, r.duplicates, r.invalid),
            (1, 1, 1, 3),
            "{r:#?}"
        );
        let rejected = std::fs::read_to_string(&rejects).unwrap();
        assert_eq!(rejected.lines().count(), 4, "{rejected}");
        assert!(
            rejected.contains("Cy,not-an-email,sales_rep,,\"line 3, column 'E-mail Address'"),
            "{rejected}"
        );
        let mut conn = db.conn();
        let bo = repo::user::find_by_email(&mut conn, "bo@example.com")
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                bo.fields.name.as_str(),
                bo.fields.role,
                bo.fields.timezone.as_str()
            ),
            ("Bo", Role::Manager, "Europe/Berlin")
        );
        let ada_now = repo::user::get(&mut conn, ada.id).unwrap();
        assert_eq!(
            (ada_now.fields.name.as_str(), ada_now.fields.role),
            ("Ada Lovelace", Role::SalesRep)
        );
        let record = repo::import::get(&mut conn, r.import_id.unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            (record.entity, record.counts.created, record.counts.updated),
            (Entity::Users, 1, 1)
        );

        // the last admin cannot be demoted by an import either: the row is invalid
        let demote = write(
            &dir,
            "demote.csv",
            "email,role\nROOT@example.com,read_only\n",
        );
        let refused = import(&db, Entity::Users, demote, |o| {
            o.on_duplicate = OnDuplicate::Update;
        });
        assert_eq!(
            (refused.written, refused.invalid),
            (false, 1),
            "{refused:#?}"
        );
        assert!(
            refused.problems[0].reason.contains("last admin"),
            "{refused:#?}"
        );
        assert_eq!(
            repo::user::get(&mut conn, root.id).unwrap().fields.role,
            Role::Admin
        );

        // undo: Bo soft-deleted, Ada's name back
        let u = undo::undo(&mut conn, None, r.import_id.unwrap(), false).unwrap();
        assert_eq!((u.deleted, u.restored), (1, 1));
        assert!(repo::user::get(&mut conn, bo.id)
            .unwrap()
            .deleted_at
            .is_some());
        assert_eq!(
            repo::user::get(&mut conn, ada.id).unwrap().fields.name,
            "Ada"
        );
        assert_eq!(live_users(&mut conn), 2);
    }
);

const STAGES: &str = "name,probability,kind,colour,active\n\
    Closing,60,open,Yellow,yes\n\
    Maybe,50,perhaps,,\n\
    Too sure,150,won,,\n\
    CLOSING,70,open,,\n\
    lead,15,,,\n\
    Review,40,open,,no\n";

both_backends!(
    stages_are_validated_placed_last_found_by_deals_and_undone,
    |db: TestDb| {
        rolo::seed::synthetic::ensure_stages(&mut db.conn()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "stages.csv", STAGES);
        let r = import(&db, Entity::Stages, path.clone(), |_| {});
        assert_eq!((r.written, r.invalid), (false, 2), "{r:#?}");
        assert_eq!(
            problems(&r),
            [
                (3, Some("kind"), Some("kind")),
                (4, Some("probability"), Some("probability")),
            ]
        );
        assert!(r.problems[0]
            .reason
            .contains("'perhaps' is not a valid stage kind"));
        assert!(stage(&mut db.conn(), "Closing").is_none());

        let r = import(&db, Entity::Stages, path, |o| {
            o.on_duplicate = OnDuplicate::Update;
            o.skip_invalid = true;
            o.rejects = Some(dir.path().join("rejects.csv"));
        });
        assert_eq!(r.match_key.as_deref(), Some("name"));
        assert_eq!(
            (r.created, r.updated, r.duplicates, r.invalid),
            (2, 1, 1, 2),
            "{r:#?}"
        );
        assert!(r.skipped[0]
            .reason
            .starts_with("duplicate of line 2 (name closing)"));
        let mut conn = db.conn();
        let closing = stage(&mut conn, "closing").unwrap();
        assert_eq!(
            (closing.fields.position, closing.fields.probability),
            (6, 60),
            "after the last of the six default stages"
        );
        assert_eq!(closing.fields.color, "yellow");
        let review = stage(&mut conn, "Review").unwrap();
        assert_eq!((review.fields.position, review.fields.active), (7, false));
        assert_eq!(stage(&mut conn, "Lead").unwrap().fields.probability, 15);
        drop(conn);

        // a deals import finds the new stage by name
        let deals_csv = write(&dir, "deals.csv", "title,stage\nBig one,closing\n");
        let d = import(&db, Entity::Deals, deals_csv, |_| {});
        assert_eq!((d.created, d.invalid), (1, 0), "{d:#?}");
        let mut conn = db.conn();
        let deal: Deal = deals::table
            .filter(deals::title.eq("Big one"))
            .select(Deal::as_select())
            .first(&mut conn)
            .unwrap();
        assert_eq!(
            (deal.fields.stage_id, deal.fields.status),
            (closing.id, DealStatus::Open)
        );
        drop(conn);

        // the repository's rule: a stage holding deals keeps its kind
        let won = write(&dir, "won.csv", "name,kind\nClosing,won\n");
        let refused = import(&db, Entity::Stages, won, |o| {
            o.on_duplicate = OnDuplicate::Update;
            o.match_key = Some(MatchKey::Name);
        });
        assert_eq!(
            (refused.written, refused.invalid),
            (false, 1),
            "{refused:#?}"
        );
        assert!(
            refused.problems[0].reason.contains("holds 1 deal"),
            "{refused:#?}"
        );

        // undo refuses while a created stage holds a deal, and changes nothing
        let mut conn = db.conn();
        let id = r.import_id.unwrap();
        match undo::undo(&mut conn, None, id, false) {
            Err(TransferError::Db(DbError::InUse { .. })) => {}
            other => panic!("expected the stage to be in use: {other:?}"),
        }
        assert!(stage(&mut conn, "Review").is_some());
        repo::deal::soft_delete(&mut conn, None, deal.id, None).unwrap();
        let u = undo::undo(&mut conn, None, id, false).unwrap();
        assert_eq!((u.deleted, u.restored), (2, 1));
        assert!(stage(&mut conn, "Closing").is_none());
        assert!(stage(&mut conn, "Review").is_none());
        let lead = stage(&mut conn, "Lead").unwrap();
        assert_eq!(
            (lead.fields.probability, lead.fields.kind),
            (10, StageKind::Open)
        );
    }
);

both_backends!(
    vcards_and_unknown_keys_are_refused_for_users_and_stages,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let vcf = write(
            &dir,
            "people.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n",
        );
        let mut o = ImportOptions::new(Entity::Users, &vcf);
        let e = rolo::transfer::import(&mut db.conn(), &o).unwrap_err();
        assert!(e.to_string().contains("vCard files hold contacts"), "{e}");
        o = ImportOptions::new(Entity::Stages, write(&dir, "s.csv", "name\nX\n"));
        o.match_key = Some(MatchKey::Email);
        let e = rolo::transfer::import(&mut db.conn(), &o).unwrap_err();
        assert!(e.to_string().contains("cannot be matched by email"), "{e}");
    }
);
