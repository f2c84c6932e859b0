//! A bulk import (secondary indexes dropped, `contacts_company_idx` among them) keeps the
//! one-primary-contact-per-company rule: a primary contact in the file demotes the company's
//! current one. The current primaries are looked up once per batch (and demoted in one statement),
//! through the kept partial index `contacts_primary_uq`, never by scanning the rows inserted so far
//! (which made imports quadratic on PostgreSQL).
use crate::common;

use common::TestDb;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use rolo::db::repo;
use rolo::db::DbConn;
use rolo::domain::{CompanyDraft, ContactDraft, Entity};
use rolo::transfer::{self, ImportOptions};

const COMPANIES: usize = 300;
const OLD: usize = 10;

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn number(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

/// Sequential scans of `contacts` so far, as the statistics collector counts them (PostgreSQL).
fn contact_seq_scans(conn: &mut DbConn) -> i64 {
    // this backend's pending counts are flushed at the end of this statement's transaction
    diesel::sql_query("SELECT pg_stat_force_next_flush()")
        .execute(conn)
        .unwrap();
    number(
        conn,
        "SELECT coalesce(seq_scan, 0) AS n FROM pg_stat_user_tables WHERE relname = 'contacts'",
    )
}

/// 12,000 contacts (enough for bulk mode) over `COMPANIES` companies. The primary contacts are
/// rows 0 to 9 (looked up while the table is nearly empty, where a scan is right) and the
/// other companies' rows among 5,000 to 5,299 (looked up with a batch of 5,000 already in the table, where a scan is quadratic).
fn file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("primaries.csv");
    let mut text = String::from("first_name,email,company,is_primary\n");
    for i in 0..12_000 {
        let primary = i < OLD || ((5_000..5_000 + COMPANIES).contains(&i) && i % COMPANIES >= OLD);
        text.push_str(&format!(
            "Prim{i},prim{i}@example.com,Prim Co {},{primary}\n",
            i % COMPANIES
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

both_backends!(bulk_import_keeps_one_primary_per_company, |db: TestDb| {
    let mut conn = db.conn();
    // companies that already have a primary contact, which the file's primaries take over from
    for k in 0..OLD {
        let company =
            repo::company::create(&mut conn, None, CompanyDraft::new(format!("Prim Co {k}")))
                .unwrap();
        let mut d = ContactDraft::new(format!("Old{k}"));
        d.company_id = Some(company.id);
        d.is_primary = true;
        repo::contact::create(&mut conn, None, d).unwrap();
    }
    let pg = matches!(*conn, DbConn::Pg(_));
    let scans_before = if pg { contact_seq_scans(&mut conn) } else { 0 };
    let dir = tempfile::tempdir().unwrap();
    let r = transfer::import(&mut conn, &ImportOptions::new(Entity::Contacts, file(&dir))).unwrap();
    assert!(r.written && r.created == 12_000, "{r:?}");

    // every company has exactly one live primary contact: the file's, the old ones demoted
    let sql = "SELECT count(*) AS n FROM contacts WHERE is_primary AND deleted_at IS NULL";
    assert_eq!(number(&mut conn, sql), COMPANIES as i64);
    let sql = "SELECT count(*) AS n FROM (SELECT company_id FROM contacts WHERE is_primary \
               AND deleted_at IS NULL GROUP BY company_id HAVING count(*) = 1) x";
    assert_eq!(number(&mut conn, sql), COMPANIES as i64);
    let sql = "SELECT count(*) AS n FROM contacts WHERE first_name LIKE 'Old%' AND NOT is_primary";
    assert_eq!(number(&mut conn, sql), OLD as i64);
    let sql = "SELECT count(*) AS n FROM contacts c JOIN companies co ON co.id = c.company_id \
               WHERE c.is_primary AND c.email = 'prim5111@example.com' AND co.name = 'Prim Co 11'";
    assert_eq!(number(&mut conn, sql), 1);

    if pg {
        // while the table holds ten rows, scanning it is right (the first ten lookups and the
        // demotions); the 290 lookups made with 5,000 rows in the table must use the index
        // (before the fix: 359 scans, after: 69)
        let scans = contact_seq_scans(&mut conn) - scans_before;
        assert!(
            scans < ((COMPANIES - OLD) / 2) as i64,
            "{scans} sequential scans of contacts for {COMPANIES} primary contacts"
        );
    }
});

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn old_primary(conn: &mut DbConn, company: &str, first: &str) -> rolo::db::models::Contact {
    let company = repo::company::create(conn, None, CompanyDraft::new(company)).unwrap();
    let mut d = ContactDraft::new(first);
    d.company_id = Some(company.id);
    d.is_primary = true;
    repo::contact::create(conn, None, d).unwrap()
}

// Batches of two rows: the takeover of Acme's primary is decided in the first batch, a second
// primary for Acme in the next batch is refused (the first one wins across batches), and Bolt's is
// taken over in the third; each demoted contact gets a version bump and an update history entry,
// as a single `contacts create` would give it. A dry run demotes nothing.
both_backends!(
    primary_takeovers_hold_across_batch_boundaries,
    |db: TestDb| {
        let mut conn = db.conn();
        let acme = old_primary(&mut conn, "Acme", "OldAcme");
        let bolt = old_primary(&mut conn, "Bolt", "OldBolt");
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "p.csv",
            "first_name,company,is_primary\n\
         N1,Acme,false\n\
         N2,Acme,true\n\
         N3,Bolt,false\n\
         N4,Acme,true\n\
         N5,Bolt,true\n",
        );
        let mut o = ImportOptions::new(Entity::Contacts, &path);
        o.batch = 2;
        o.skip_invalid = true;
        o.rejects = Some(dir.path().join("rejects.csv"));
        o.dry_run = true;
        transfer::import(&mut conn, &o).unwrap();
        let sql = "SELECT count(*) AS n FROM contacts WHERE first_name LIKE 'Old%' AND is_primary";
        assert_eq!(number(&mut conn, sql), 2, "a dry run demotes nothing");

        o.dry_run = false;
        let r = transfer::import(&mut conn, &o).unwrap();
        assert!(r.written && r.created == 4 && r.invalid == 1, "{r:?}");
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].line, 5);
        assert!(r.problems[0].reason.contains("line 3"), "{:?}", r.problems);
        for (name, company) in [("N2", "Acme"), ("N5", "Bolt")] {
            let sql = format!(
                "SELECT count(*) AS n FROM contacts c JOIN companies co ON co.id = c.company_id \
             WHERE c.is_primary AND c.deleted_at IS NULL AND co.name = '{company}'"
            );
            assert_eq!(number(&mut conn, &sql), 1, "{company}");
            let sql = format!(
                "SELECT count(*) AS n FROM contacts WHERE first_name = '{name}' AND is_primary"
            );
            assert_eq!(
                number(&mut conn, &sql),
                1,
                "{name} is {company}'s primary contact"
            );
        }
        for old in [acme, bolt] {
            let now = repo::contact::get(&mut conn, old.id).unwrap();
            assert!(!now.fields.is_primary);
            assert_eq!(now.version, old.version + 1);
            let updates: Vec<_> = repo::history::for_record(&mut conn, old.id.id())
                .unwrap()
                .into_iter()
                .filter(|h| h.action == rolo::domain::HistoryAction::Update)
                .collect();
            assert_eq!(updates.len(), 1, "{updates:?}");
            let changes: serde_json::Value = serde_json::from_str(&updates[0].changes).unwrap();
            assert_eq!(
                changes,
                serde_json::json!({"is_primary": {"old": true, "new": false}})
            );
        }
    }
);

// Duplicates by email are found within one batch (case differs) and across batches, and against
// the database, whatever the batch size.
both_backends!(duplicates_within_and_across_batches, |db: TestDb| {
    let mut conn = db.conn();
    let mut d = ContactDraft::new("Existing");
    d.email = Some("e@example.com".into());
    repo::contact::create(&mut conn, None, d).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "d.csv",
        "first_name,email\n\
         A,a@example.com\n\
         A2,A@Example.com\n\
         B,b@example.com\n\
         C,c@example.com\n\
         A3,a@example.com\n\
         E,e@example.com\n",
    );
    for batch in [1, 3, 5_000] {
        let mut o = ImportOptions::new(Entity::Contacts, &path);
        o.batch = batch;
        o.dry_run = true;
        o.match_key = Some(rolo::transfer::MatchKey::Email);
        let r = transfer::import(&mut conn, &o).unwrap();
        assert_eq!(r.created, 3, "batch {batch}: {r:?}");
        let reasons: Vec<(u64, &str)> = r
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 3, "batch {batch}: {reasons:?}");
        assert!(
            reasons[0].0 == 3 && reasons[0].1.contains("duplicate of line 2"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].0 == 6 && reasons[1].1.contains("duplicate of line 2"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].0 == 7 && reasons[2].1.contains("matches existing contact"),
            "{reasons:?}"
        );
    }
});

// The batch's one lookup reads the current primaries of the companies its primary rows name (by
// name or by id, under any header spelling of is_primary); rows that are not primary contacts
// leave their company's primary as it is. Batches of two rows, so rows of each kind fall on
// either side of a boundary.
both_backends!(only_primary_rows_take_over, |db: TestDb| {
    let mut conn = db.conn();
    let acme = old_primary(&mut conn, "Acme", "OldAcme");
    let bolt = old_primary(&mut conn, "Bolt", "OldBolt");
    let cog = old_primary(&mut conn, "Cog", "OldCog");
    let bolt_id = bolt.fields.company_id.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "p.csv",
        &format!(
            "first_name,company,company_id,Primary Contact\n\
             P1,Acme,,no\n\
             P2,Cog,,\n\
             P3,,{bolt_id},yes\n\
             P4,Acme,,0\n\
             P5,Cog,,TRUE\n"
        ),
    );
    let mut o = ImportOptions::new(Entity::Contacts, &path);
    o.batch = 2;
    let r = transfer::import(&mut conn, &o).unwrap();
    assert!(r.written && r.created == 5 && r.invalid == 0, "{r:?}");
    let primary = |conn: &mut DbConn, first: &str| {
        let sql = format!(
            "SELECT count(*) AS n FROM contacts WHERE first_name = '{first}' AND is_primary \
             AND deleted_at IS NULL"
        );
        number(conn, &sql) == 1
    };
    assert!(primary(&mut conn, "OldAcme"), "no row took Acme over");
    assert!(!primary(&mut conn, "OldBolt") && primary(&mut conn, "P3"));
    assert!(!primary(&mut conn, "OldCog") && primary(&mut conn, "P5"));
    for (old, demoted) in [(acme, false), (bolt, true), (cog, true)] {
        let now = repo::contact::get(&mut conn, old.id).unwrap();
        assert_eq!(now.fields.is_primary, !demoted);
        assert_eq!(now.version, old.version + i32::from(demoted));
    }
    let sql = "SELECT count(*) AS n FROM contacts WHERE is_primary AND deleted_at IS NULL";
    assert_eq!(number(&mut conn, sql), 3);
});

// A file of two batches and one row more, with a bad row in the middle of the second batch: with
// invalid rows skipped, every other row is written with its history entry and import item, the
// rejects file holds just the bad row, and rows after it in the same batch are not lost; without,
// nothing at all is written.
both_backends!(a_bad_row_in_the_middle_of_a_batch, |db: TestDb| {
    let mut conn = db.conn();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("first_name,email,company,is_primary\n");
    for i in 0..7 {
        let email = if i == 4 {
            "broken@".to_string()
        } else {
            format!("mid{i}@example.com")
        };
        text.push_str(&format!("Mid{i},{email},Mid Co {},{}\n", i % 2, i < 2));
    }
    let path = write(&dir, "mid.csv", &text);
    let mut o = ImportOptions::new(Entity::Contacts, &path);
    o.batch = 3;
    let r = transfer::import(&mut conn, &o).unwrap();
    assert!(!r.written && r.invalid == 1, "{r:?}");
    assert_eq!(r.problems[0].line, 6, "{:?}", r.problems);
    let sql = "SELECT count(*) AS n FROM contacts WHERE first_name LIKE 'Mid%'";
    assert_eq!(number(&mut conn, sql), 0, "all or nothing");

    o.skip_invalid = true;
    o.rejects = Some(dir.path().join("rejects.csv"));
    let r = transfer::import(&mut conn, &o).unwrap();
    assert!(r.written && r.created == 6 && r.invalid == 1, "{r:?}");
    assert_eq!(number(&mut conn, sql), 6);
    let sql = "SELECT count(*) AS n FROM contacts WHERE first_name IN ('Mid5', 'Mid6')";
    assert_eq!(number(&mut conn, sql), 2, "the rows after the bad one");
    let sql = "SELECT count(*) AS n FROM contacts WHERE is_primary AND deleted_at IS NULL";
    assert_eq!(
        number(&mut conn, sql),
        2,
        "Mid Co 0 and Mid Co 1 each get one"
    );
    let id = r.import_id.unwrap();
    for sql in [
        format!(
            "SELECT count(*) AS n FROM import_items i JOIN contacts c ON c.id = i.record_id \
             WHERE c.first_name LIKE 'Mid%' AND i.action = 'create' AND i.import_id = {}",
            match *conn {
                DbConn::Pg(_) => format!("'{id}'"),
                DbConn::Sqlite(_) => format!("x'{}'", id.to_string().replace('-', "")),
            }
        ),
        "SELECT count(*) AS n FROM history h JOIN contacts c ON c.id = h.entity_id \
         WHERE c.first_name LIKE 'Mid%' AND h.action = 'create'"
            .to_string(),
    ] {
        assert_eq!(number(&mut conn, &sql), 6, "{sql}");
    }
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert!(lines[1].starts_with("Mid4,broken@,"), "{rejects}");
});
