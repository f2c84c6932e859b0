//! Importing a call log: a call, email or meeting with an outcome that happened (dated in the
//! past, or not dated) is recorded as done, at its date; a planned one, one without an outcome, a
//! task, and a row with its own completion time are left as the file says. Both backends.
use crate::common;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::Activity;
use rolo::db::repo;
use rolo::db::schema::activities;
use rolo::db::DbConn;
use rolo::domain::{CompanyDraft, Entity};
use rolo::transfer::{self, ImportOptions};

both_backends!(
    imported_past_interactions_with_an_outcome_are_done,
    |db: TestDb| {
        repo::company::create(&mut db.conn(), None, CompanyDraft::new("Acme Ltd")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("log.csv");
        std::fs::write(
            &file,
            "Type,Subject,Company,Outcome,Due Date,Completed\n\
             call,Past call,Acme Ltd,positive,2020-01-02 10:00,\n\
             meeting,Undated meeting,Acme Ltd,neutral,,\n\
             call,Planned call,Acme Ltd,positive,2199-01-01 10:00,\n\
             email,No outcome,Acme Ltd,,2020-01-02 10:00,\n\
             task,A task,Acme Ltd,positive,2020-01-02 10:00,\n\
             call,Done earlier,Acme Ltd,positive,2020-01-02 10:00,2020-01-03 09:00\n",
        )
        .unwrap();
        let options = ImportOptions::new(Entity::Activities, file);
        let r = transfer::import(&mut db.conn(), &options).expect("import runs");
        assert_eq!((r.created, r.invalid), (6, 0), "{r:#?}");
        let mut conn = db.conn();
        let done = |conn: &mut DbConn, subject: &str| -> Option<String> {
            activities::table
                .filter(activities::subject.eq(subject))
                .select(Activity::as_select())
                .first(conn)
                .unwrap()
                .fields
                .completed_at
                .map(|t| t.to_string())
        };
        assert_eq!(
            done(&mut conn, "Past call").as_deref(),
            Some("2020-01-02 10:00:00"),
            "done when it happened"
        );
        assert!(done(&mut conn, "Undated meeting").is_some());
        assert_eq!(done(&mut conn, "Planned call"), None);
        assert_eq!(done(&mut conn, "No outcome"), None);
        assert_eq!(done(&mut conn, "A task"), None);
        assert_eq!(
            done(&mut conn, "Done earlier").as_deref(),
            Some("2020-01-03 09:00:00")
        );
    }
);
