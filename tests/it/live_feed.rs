//! The change feed (`db::changes`): a session that writes, and the feed of another that reports
//! it — who changed what — once it is committed, on both backends. No timing is asserted: the
//! feed is read until what is expected arrives, under a generous hang guard.

use std::time::{Duration, Instant};

use rolo::db::changes::{Change, Feed};
use rolo::db::conn::Timeouts;
use rolo::db::{repo, DbError};
use rolo::domain::{CompanyDraft, Entity, HistoryAction, Role, UserDraft};

use crate::common::{describe, rolo_in, TestDb};

/// Read the feed until `want` holds for one change; every change read on the way is returned.
fn read_until(feed: &mut Feed, mut want: impl FnMut(&Change) -> bool) -> Vec<Change> {
    let guard = Duration::from_secs(30);
    let start = Instant::now();
    let mut seen = Vec::new();
    while start.elapsed() < guard {
        let batch = feed.next(Duration::from_millis(500)).expect("feed");
        let done = batch.iter().any(&mut want);
        seen.extend(batch);
        if done {
            return seen;
        }
    }
    panic!("the feed did not report the change within {guard:?}; it reported {seen:?}");
}

both_backends!(
    another_sessions_writes_arrive_with_their_author,
    |db: TestDb| {
        let mut feed = Feed::open(&db.url, &Timeouts::default()).expect("open the feed");
        let mut conn = db.conn();
        let ann = repo::user::create(
            &mut conn,
            None,
            UserDraft::new("Ann Author", "ann@example.com", Role::Manager),
        )
        .unwrap();

        // a write that is rolled back announces nothing; the committed one after it is the next
        // company change the feed reports
        let rolled_back: Result<(), DbError> = rolo::db::write_transaction(&mut conn, |c| {
            repo::company::create(c, Some(ann.id), CompanyDraft::new("Ghost"))?;
            Err(DbError::Interrupted("rolled back on purpose".into()))
        });
        assert!(rolled_back.is_err());
        let acme =
            repo::company::create(&mut conn, Some(ann.id), CompanyDraft::new("Acme")).unwrap();
        let seen = read_until(&mut feed, |c| c.entity == Entity::Companies);
        let companies: Vec<&Change> = seen
            .iter()
            .filter(|c| c.entity == Entity::Companies)
            .collect();
        assert_eq!(
            companies,
            vec![&Change {
                entity: Entity::Companies,
                id: Some(acme.id.id()),
                action: Some(HistoryAction::Create),
                actor: Some("Ann Author".into()),
            }],
            "{}: only the committed company, with its author",
            db.name()
        );

        let mut draft = CompanyDraft::from(acme.fields.clone());
        draft.name = "Acme Renamed".into();
        repo::company::update(&mut conn, None, acme.id, acme.version, draft).unwrap();
        let seen = read_until(&mut feed, |c| c.action == Some(HistoryAction::Update));
        assert!(
            seen.contains(&Change {
                entity: Entity::Companies,
                id: Some(acme.id.id()),
                action: Some(HistoryAction::Update),
                actor: None,
            }),
            "{}: {seen:?}",
            db.name()
        );
    }
);

both_backends!(a_write_from_another_process_arrives, |db: TestDb| {
    let mut feed = Feed::open(&db.url, &Timeouts::default()).expect("open the feed");
    let dir = tempfile::tempdir().unwrap();
    let out = rolo_in(
        dir.path(),
        &db.url_string(),
        &["companies", "create", "--set", "name=From Elsewhere"],
    );
    assert!(out.status.success(), "{}", describe(&out));
    let seen = read_until(&mut feed, |c| c.entity == Entity::Companies);
    let made = seen
        .iter()
        .find(|c| c.entity == Entity::Companies)
        .expect("a company change");
    assert_eq!(made.action, Some(HistoryAction::Create), "{}", db.name());
    let mut conn = db.conn();
    let stored = repo::company::get(&mut conn, rolo::domain::CompanyId(made.id.expect("an id")))
        .expect("the reported id is the created company");
    assert_eq!(stored.fields.name, "From Elsewhere");
});

both_backends!(an_import_arrives_as_a_whole, |db: TestDb| {
    let mut feed = Feed::open(&db.url, &Timeouts::default()).expect("open the feed");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("companies.csv");
    let mut text = String::from("name\n");
    for i in 0..250 {
        text.push_str(&format!("Imported {i:03}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = rolo_in(
        dir.path(),
        &db.url_string(),
        &["import", "companies", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", describe(&out));
    // either "any companies" (an import too big to name one by one) or every record, one by one
    let mut named = std::collections::BTreeSet::new();
    read_until(&mut feed, |c| {
        if c.entity == Entity::Companies {
            match c.id {
                None => return true,
                Some(id) => {
                    named.insert(id);
                }
            }
        }
        named.len() >= 250
    });
});

/// A listening session the server ends is reported as an error (the TUI then reconnects and
/// reads everything again), not as silence.
#[test]
fn a_lost_listening_session_is_an_error_on_postgres() {
    use diesel::RunQueryDsl;
    let db = crate::common::postgres();
    let mut feed = Feed::open(&db.url, &Timeouts::default()).expect("open the feed");
    let mut conn = db.conn();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut *conn)
    .unwrap();
    let guard = Instant::now();
    loop {
        match feed.next(Duration::from_millis(500)) {
            Err(_) => break,
            Ok(changes) => assert!(changes.is_empty(), "{changes:?}"),
        }
        assert!(
            guard.elapsed() < Duration::from_secs(30),
            "the feed never noticed its session ended"
        );
    }
}

// An admin changing the visibility rule from another process is announced as an access change
// (the TUI then reads who may see what again).
both_backends!(
    a_visibility_change_arrives_as_an_access_change,
    |db: TestDb| {
        let mut feed = Feed::open(&db.url, &Timeouts::default()).expect("open the feed");
        let dir = tempfile::tempdir().unwrap();
        let out = rolo_in(
            dir.path(),
            &db.url_string(),
            &["settings", "set", "visibility", "all"],
        );
        assert!(out.status.success(), "{}", describe(&out));
        let seen = read_until(&mut feed, Change::touches_access);
        assert!(seen.contains(&Change::access()), "{}: {seen:?}", db.name());
    }
);

// A long-lived session reads its access again: a rep who saw their own team's companies sees
// every company once the admin sets visibility to `all`, and is told so.
both_backends!(a_session_reads_its_access_again, |db: TestDb| {
    use rolo::domain::{TeamDraft, Visibility};
    let mut conn = db.conn();
    let c = &mut *conn;
    let north = repo::team::create(c, None, TeamDraft::new("North"))
        .unwrap()
        .id;
    let mut rita = UserDraft::new("Rita Rep", "rita@example.com", Role::SalesRep);
    rita.team_id = Some(north);
    let rita = repo::user::create(c, None, rita).unwrap().id;
    let sven = repo::user::create(
        c,
        None,
        UserDraft::new("Sven South", "sven@example.com", Role::SalesRep),
    )
    .unwrap()
    .id;
    let ada = repo::user::create(
        c,
        None,
        UserDraft::new("Ada", "ada@example.com", Role::Admin),
    )
    .unwrap()
    .id;
    for (owner, name) in [(rita, "Rita's"), (sven, "Sven's")] {
        let mut d = CompanyDraft::new(name);
        d.owner_id = Some(owner);
        repo::company::create(c, None, d).unwrap();
    }

    let ctx = crate::common::tui::ctx_for(&db, Some("rita@example.com"));
    let visible = |ctx: &rolo::app::Ctx, c: &mut rolo::db::DbConn| {
        let pred = rolo::app::query::scoped(ctx, Entity::Companies, None);
        repo::company::count(c, repo::Liveness::Live, rolo::app::query::boxed(pred)).unwrap()
    };
    assert_eq!(visible(&ctx, c), 1, "{}: team visibility", db.name());

    let same = ctx.reread_access(c).unwrap();
    assert_eq!(same.changed, None, "{}: nothing changed yet", db.name());

    rolo::db::access::set_visibility(c, Some(ada), Visibility::All).unwrap();
    // the old session still asks for what it was allowed before it reads again
    assert_eq!(visible(&ctx, c), 1, "{}", db.name());
    let again = ctx.reread_access(c).unwrap();
    assert_eq!(
        again.changed.as_deref(),
        Some("visibility is now all (was team)"),
        "{}",
        db.name()
    );
    assert_eq!(
        visible(&again.ctx, c),
        2,
        "{}: every company now",
        db.name()
    );
});
