//! Migrations: up -> down -> up on both backends, and native uuid ids on PostgreSQL.
use crate::common;

use diesel::prelude::*;
use diesel::sql_types::Text;
use rolo::db::{migrate, DbConn};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn tables(conn: &mut DbConn) -> Vec<String> {
    let sql = match conn {
        DbConn::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name <> '__diesel_schema_migrations' ORDER BY name",
        DbConn::Pg(_) => "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' ORDER BY 1",
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

const ALL: [&str; 16] = [
    "activities",
    "companies",
    "company_tags",
    "contact_tags",
    "contacts",
    "deal_tags",
    "deals",
    "history",
    "import_items",
    "imports",
    "pipeline_stages",
    "saved_views",
    "settings",
    "tags",
    "teams",
    "users",
];

fn round_trip(db: common::TestDb) {
    let mut conn = db.conn();
    assert_eq!(migrate::pending(&mut conn).unwrap(), Vec::<String>::new());
    assert_eq!(tables(&mut conn), ALL);
    let reverted = migrate::revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), migrate::known(&conn).unwrap());
    assert!(
        tables(&mut conn).is_empty(),
        "down left tables: {:?}",
        tables(&mut conn)
    );
    assert_eq!(migrate::pending(&mut conn).unwrap().len(), reverted.len());
    let applied = migrate::run_pending(&mut conn).unwrap();
    assert_eq!(applied.len(), reverted.len());
    assert_eq!(tables(&mut conn), ALL);
}

#[test]
fn sqlite_up_down_up() {
    round_trip(common::sqlite());
}

#[test]
fn postgres_up_down_up() {
    round_trip(common::postgres());
}

#[test]
fn postgres_ids_are_native_uuid() {
    let db = common::postgres();
    let mut conn = db.conn();
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT table_name || '.' || column_name || ':' || data_type AS name FROM information_schema.columns \
         WHERE table_schema = 'public' AND (column_name = 'id' OR column_name LIKE '%\\_id') \
         AND column_name <> 'external_id' ORDER BY 1",
    )
    .load(&mut *conn)
    .unwrap();
    assert!(rows.len() > 20);
    // another tool's id (`external_id`, text) is not one of rolo's
    for r in &rows {
        assert!(r.name.ends_with(":uuid"), "{} is not uuid", r.name);
    }
}

/// The filter lowering relies on knowing which SQLite text columns compare case-insensitively.
#[test]
fn sqlite_case_sensitive_text_columns_match_the_schema() {
    use rolo::domain::Entity;
    use rolo::filter::catalogue::{self, ValueKind, SQLITE_CASE_SENSITIVE_TEXT};
    let db = common::sqlite();
    let mut conn = db.conn();
    for entity in [
        Entity::Companies,
        Entity::Contacts,
        Entity::Deals,
        Entity::Activities,
        Entity::Users,
        Entity::Stages,
    ] {
        let sql: Vec<Name> = diesel::sql_query(format!(
            "SELECT sql AS name FROM sqlite_master WHERE type = 'table' AND name = '{}'",
            entity.as_str()
        ))
        .load(&mut *conn)
        .unwrap();
        let create = &sql[0].name;
        for f in catalogue::fields(entity)
            .into_iter()
            .filter(|f| f.kind == ValueKind::Text)
        {
            // columns added by ALTER TABLE share a line: `…, external_source TEXT, external_id TEXT,`
            let line = create
                .lines()
                .flat_map(|l| l.split(", "))
                .map(str::trim)
                .find(|l| l.split_whitespace().next() == Some(f.column))
                .unwrap_or_else(|| panic!("{} has no column {}", entity.as_str(), f.column));
            let nocase = line.contains("COLLATE NOCASE");
            assert_eq!(
                nocase,
                !SQLITE_CASE_SENSITIVE_TEXT.contains(&f.column),
                "{}.{}: {line}",
                entity.as_str(),
                f.column
            );
        }
    }
}

#[derive(QueryableByName)]
struct Stat {
    #[diesel(sql_type = Text)]
    stat: String,
}

/// SQLite: an index a migration creates in an analysed database gets its statistics at once (the
/// planner otherwise passes it over for analysed ones); a database never analysed stays so.
#[test]
fn sqlite_indexes_made_by_a_migration_are_analysed() {
    let db = common::sqlite();
    let mut conn = db.conn();
    let stat1 = |conn: &mut DbConn| -> i64 {
        diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
        )
        .get_result(&mut *conn)
        .unwrap()
    };
    assert_eq!(stat1(&mut conn), 0, "a fresh database is not analysed");
    rolo::seed::demo::load(&mut conn, None).unwrap();
    rolo::db::bulk::tuning::settle(&mut conn).unwrap();
    // as before the board's migration: its index is not there yet
    diesel::sql_query("DROP INDEX deals_company_agg_live_idx")
        .execute(&mut *conn)
        .unwrap();
    diesel::sql_query("DELETE FROM __diesel_schema_migrations WHERE version = '20261203000001'")
        .execute(&mut *conn)
        .unwrap();
    let of_index = |conn: &mut DbConn| -> Vec<String> {
        diesel::sql_query("SELECT stat FROM sqlite_stat1 WHERE idx = 'deals_company_agg_live_idx'")
            .load::<Stat>(&mut *conn)
            .unwrap()
            .into_iter()
            .map(|s| s.stat)
            .collect()
    };
    assert!(of_index(&mut conn).is_empty());
    let applied = migrate::run_pending(&mut conn).unwrap();
    assert_eq!(applied.len(), 1, "{applied:?}");
    let stats = of_index(&mut conn);
    // the demo's deals: as many rows as deals, then rows per key of each column prefix
    assert_eq!(stats.len(), 1, "{stats:?}");
    assert!(stats[0].starts_with("7 "), "{stats:?}");
}
