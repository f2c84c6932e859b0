//! Concurrent writers: SQLite takes the write lock up front, so read-then-write transactions
//! wait for each other instead of failing with "database is locked"; both backends refuse the
//! second of two updates made from the same version.
use crate::common;

use std::sync::{Arc, Barrier};

use rolo::db::repo::company;
use rolo::db::DbError;
use rolo::domain::CompanyDraft;

fn eight_writers(db: common::TestDb) {
    const WRITERS: usize = 8;
    const ROUNDS: usize = 25;
    let ids: Vec<_> = {
        let mut conn = db.conn();
        (0..=WRITERS)
            .map(|i| {
                company::create(&mut conn, None, CompanyDraft::new(format!("Company {i}")))
                    .unwrap()
                    .id
            })
            .collect()
    };
    let shared = ids[WRITERS];
    let barrier = Arc::new(Barrier::new(WRITERS));
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let pool = db.pool.clone();
                let barrier = barrier.clone();
                let own = ids[w];
                s.spawn(move || {
                    let mut conn = pool.get().unwrap();
                    barrier.wait();
                    let mut failures = Vec::new();
                    for round in 0..ROUNDS {
                        // read-then-write on the writer's own company: must always succeed
                        let c = company::get(&mut conn, own).unwrap();
                        let mut d: CompanyDraft = c.fields.clone().into();
                        d.notes = Some(format!("writer {w} round {round}"));
                        if let Err(e) = company::update(&mut conn, None, own, c.version, d) {
                            failures.push(e.to_string());
                        }
                        // a create in between, and a contended update on the shared company:
                        // a conflict is allowed there, a lock error is not
                        if let Err(e) = company::create(
                            &mut conn,
                            None,
                            CompanyDraft::new(format!("w{w} r{round}")),
                        ) {
                            failures.push(e.to_string());
                        }
                        let c = company::get(&mut conn, shared).unwrap();
                        let mut d: CompanyDraft = c.fields.clone().into();
                        d.industry = Some(format!("w{w}"));
                        match company::update(&mut conn, None, shared, c.version, d) {
                            Ok(_) | Err(DbError::Conflict { .. }) => {}
                            Err(e) => failures.push(e.to_string()),
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} failures, e.g. {:?}",
        failures.len(),
        failures.first()
    );
    let mut conn = db.conn();
    for (w, id) in ids.iter().enumerate().take(WRITERS) {
        let c = company::get(&mut conn, *id).unwrap();
        assert_eq!(c.version as usize, ROUNDS + 1, "writer {w}");
        assert_eq!(
            c.fields.notes.as_deref(),
            Some(format!("writer {w} round {}", ROUNDS - 1).as_str())
        );
    }
    assert_eq!(
        company::count(&mut conn, rolo::db::repo::Liveness::Live, None).unwrap() as usize,
        WRITERS + 1 + WRITERS * ROUNDS
    );
}

#[test]
fn eight_concurrent_writers_on_sqlite_never_see_database_is_locked() {
    eight_writers(common::sqlite());
}

#[test]
fn eight_concurrent_writers_on_postgres() {
    eight_writers(common::postgres());
}
