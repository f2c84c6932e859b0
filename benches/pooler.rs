//! What turning off Diesel's prepared-statement cache costs (it has to be off behind a
//! transaction-mode pooler, see src/db/conn/pg.rs), and what going through PgBouncer costs, on
//! one list page and one lookup by id, in process, on a warm database.
//!
//! ```text
//! ROLO_BENCH_PG=postgres://postgres@127.0.0.1:5432/rolo_bench \
//! ROLO_BENCH_PGBOUNCER=postgres://postgres@127.0.0.1:6432/rolo_bench \
//!     cargo bench --bench pooler
//! ```
//!
//! The database must be migrated and hold companies (`rolo seed synthetic`). Each case runs
//! `ROLO_BENCH_SAMPLES` (default 400) times after 50 warm-up runs; median and p99 are printed.

mod common;

use std::time::Instant;

use rolo::db::repo::{self, ListQuery};
use rolo::db::{open_pool, DatabaseUrl};

use common::{ms, Stats};

fn with_pooler_flag(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}pgbouncer=true")
}

fn main() {
    let Ok(direct) = std::env::var("ROLO_BENCH_PG") else {
        eprintln!("ROLO_BENCH_PG is not set; nothing to measure");
        return;
    };
    let bouncer = std::env::var("ROLO_BENCH_PGBOUNCER").ok();
    let samples: usize = std::env::var("ROLO_BENCH_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
        .max(10);
    let mut cases = vec![
        ("direct, statement cache on", direct.clone()),
        ("direct, statement cache off", with_pooler_flag(&direct)),
    ];
    if let Some(b) = bouncer {
        cases.push((
            "PgBouncer (transaction mode), cache off",
            with_pooler_flag(&b),
        ));
    }
    println!("{samples} runs each; median / p99 in ms");
    for (name, url) in cases {
        let url = DatabaseUrl::parse(&url).expect("url");
        let pool = open_pool(&url, 1).expect("pool");
        let mut conn = pool.get().expect("connection");
        let q = ListQuery::default();
        let first = repo::company::list(&mut conn, &q, None).expect("list");
        let id = first.rows.first().expect("companies in the database").id;
        let time = |f: &mut dyn FnMut()| {
            for _ in 0..50 {
                f();
            }
            let v = (0..samples)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .collect();
            Stats::of(v).expect("samples")
        };
        let list = time(&mut || {
            repo::company::list(&mut conn, &q, None).expect("list");
        });
        let get = time(&mut || {
            repo::company::get(&mut conn, id).expect("get");
        });
        println!(
            "{name:<42} list page {:>6.3} / {:>6.3}   get {:>6.3} / {:>6.3}",
            ms(list.median),
            ms(list.p99),
            ms(get.median),
            ms(get.p99)
        );
    }
}
