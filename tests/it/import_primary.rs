//! A bulk import (secondary indexes dropped, `contacts_company_idx` among them) keeps the
//! one-primary-contact-per-company rule: a primary contact in the file demotes the company's
//! current one. On PostgreSQL the per-row lookup of the current primary must use the kept partial
//! index `contacts_primary_uq`, not scan the rows inserted so far (which made imports quadratic).
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
