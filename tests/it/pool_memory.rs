//! How many connections a command's pool may hold, and how much of a SQLite file each maps
//! (docs/performance.md, "Memory"): the TUI holds at most 3 and maps nothing, so its memory does
//! not grow with the file; a command holds at most 2 and maps up to 2 GiB.
use crate::common;

use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::BigInt;
use rolo::app::Ctx;
use rolo::config::{DatabaseSource, Dirs, FileConfig, Settings};
use rolo::db::DbConn;

fn settings(db: &common::TestDb, dir: &std::path::Path) -> Settings {
    Settings {
        dirs: Dirs {
            data: dir.to_path_buf(),
            config: dir.to_path_buf(),
            state: dir.to_path_buf(),
        },
        config_path: dir.join("no-config.toml"),
        file: FileConfig::default(),
        database: db.url_string(),
        database_source: DatabaseSource::Flag,
        user: None,
        read_only: false,
    }
}

#[derive(QueryableByName)]
struct Mmap {
    #[diesel(sql_type = BigInt)]
    mmap_size: i64,
}

fn mmap_size(ctx: &Ctx) -> i64 {
    let mut conn = ctx.conn().unwrap();
    match &mut *conn {
        DbConn::Sqlite(c) => {
            sql_query("PRAGMA mmap_size")
                .get_result::<Mmap>(c)
                .unwrap()
                .mmap_size
        }
        DbConn::Pg(_) => panic!("not SQLite"),
    }
}

#[derive(QueryableByName)]
struct Cache {
    #[diesel(sql_type = BigInt)]
    cache_size: i64,
}

/// `PRAGMA cache_size` of one pooled connection (negative: KiB).
fn cache_size(ctx: &Ctx) -> i64 {
    let mut conn = ctx.conn().unwrap();
    match &mut *conn {
        DbConn::Sqlite(c) => {
            sql_query("PRAGMA cache_size")
                .get_result::<Cache>(c)
                .unwrap()
                .cache_size
        }
        DbConn::Pg(_) => panic!("not SQLite"),
    }
}

#[test]
fn sqlite_tui_pool_holds_three_connections_and_maps_nothing() {
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&db, dir.path());
    let tui = Ctx::open_tui(&s).unwrap();
    assert_eq!(tui.pool.max_size(), 3);
    assert_eq!(mmap_size(&tui), 0);
    // every connection, not only the first: hold three at once
    let held: Vec<_> = (0..3).map(|_| tui.conn().unwrap()).collect();
    assert_eq!(tui.pool.state().connections, 3);
    drop(held);
    let held: Vec<_> = (0..3).map(|_| tui.conn().unwrap()).collect();
    drop(held);
    assert_eq!(mmap_size(&tui), 0);
    // a smaller page cache per connection: what the TUI holds after an hour is mostly these
    assert_eq!(cache_size(&tui), -16000);

    let cli = Ctx::open(&s).unwrap();
    assert_eq!(cli.pool.max_size(), 2);
    assert!(mmap_size(&cli) > 0, "commands keep the map");
    assert_eq!(cache_size(&cli), -32000);
}

#[test]
fn postgres_tui_pool_holds_three_connections() {
    let db = common::postgres();
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&db, dir.path());
    assert_eq!(Ctx::open_tui(&s).unwrap().pool.max_size(), 3);
    assert_eq!(Ctx::open(&s).unwrap().pool.max_size(), 2);
}
