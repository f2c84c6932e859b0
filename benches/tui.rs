//! TUI speed on a large database: how long a frame takes to draw, how long a keystroke takes from
//! key to redrawn frame, how long the database replies take that a pane waits for (off the UI
//! thread), and whether memory grows while scrolling a million rows.
//!
//! ```text
//! ROLO_BENCH_SQLITE=/tmp/syn-big3/rolo.db ROLO_BENCH_PG=postgres://postgres@127.0.0.1/rolo_big \
//!     cargo bench --bench tui
//! ```
//!
//! Each measurement runs many times and prints the median and the 99th percentile. Frames are
//! drawn into ratatui's `TestBackend` (the cost of building the frame and diffing it; writing the
//! diff to a real terminal is the terminal's cost). A backend whose variable is unset is skipped.

mod common;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rolo::app::Ctx;
use rolo::config::{DatabaseSource, Dirs, FileConfig, Settings};
use rolo::db::{open_pool, DatabaseUrl};
use rolo::tui::effect::Effect;
use rolo::tui::pane::PaneId;
use rolo::tui::state::listing::PageFrom;
use rolo::tui::ui::{self, Theme};
use rolo::tui::{update, worker, Action, App};

use common::{ms, Stats};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

fn live_kib() -> isize {
    common::live_heap() / 1024
}

fn ctx(url: &str) -> Ctx {
    let dir = std::env::temp_dir();
    let url = DatabaseUrl::parse(url).expect("database url");
    let pool = open_pool(&url, 4).expect("pool");
    Ctx {
        settings: Settings {
            dirs: Dirs {
                data: dir.clone(),
                config: dir.clone(),
                state: dir.clone(),
            },
            config_path: dir.join("rolo-bench-config.toml"),
            file: FileConfig::default(),
            database: url.to_string(),
            database_source: DatabaseSource::Flag,
            user: None,
            read_only: false,
        },
        url,
        pool,
        actor: None,
        actor_name: None,
        zone: rolo::domain::zone::Zone::Local,
        access: rolo::db::access::Access::default(),
    }
}

fn drive(ctx: &Ctx, app: &mut App, mut effects: Vec<Effect>) {
    while !effects.is_empty() {
        let effect = effects.remove(0);
        if let Some(action) = worker::run(ctx, effect) {
            effects.extend(update::update(app, action).effects);
        }
    }
}

/// Prints the median and p99 of `samples` (which must not be empty).
fn report(backend: &str, what: &str, samples: Vec<Duration>) {
    let s = Stats::of(samples).unwrap_or_else(|| panic!("{what}: no call was timed"));
    println!(
        "{backend:<8} {what:<44} median {:>9.3} ms   p99 {:>9.3} ms   (n={})",
        ms(s.median),
        ms(s.p99),
        s.n
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn key(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(backend: &str, url: &str) {
    let ctx = ctx(url);
    let theme = Theme { color: true };
    let mut app = rolo::tui::app_for(&ctx).expect("app");
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");

    // opening the contacts pane: first page + capped count, as the worker runs them
    let mut open = Vec::new();
    for _ in 0..30 {
        let mut a = app.clone();
        let t = Instant::now();
        let effects = update::update(&mut a, key(KeyCode::Char('2'))).effects;
        drive(&ctx, &mut a, effects);
        open.push(t.elapsed());
    }
    report(backend, "open contacts pane (rows + count, db)", open);

    let effects = update::update(&mut app, key(KeyCode::Char('2'))).effects;
    drive(&ctx, &mut app, effects);
    let mut h = 0;
    term.draw(|f| h = ui::draw(f, &app, theme)).expect("draw");
    update::update(&mut app, Action::TableHeight(h));

    // a full frame of the contacts table
    let mut frames = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        term.draw(|f| {
            ui::draw(f, &app, theme);
        })
        .expect("draw");
        frames.push(t.elapsed());
    }
    report(backend, "draw a frame, contacts 120x40", frames);

    // keystroke to redraw: j (and the page request it may cause, which runs off the UI thread
    // and is measured separately below)
    let mut keys = Vec::new();
    let rss_before = rss_kib();
    let heap_before = live_kib();
    let mut heap_peak = heap_before;
    let mut pages = Vec::new();
    for i in 0..20_000 {
        let t = Instant::now();
        let out = update::update(&mut app, key(KeyCode::Char('j')));
        term.draw(|f| {
            ui::draw(f, &app, theme);
        })
        .expect("draw");
        keys.push(t.elapsed());
        for effect in out.effects {
            let t = Instant::now();
            if let Some(action) = worker::run(&ctx, effect) {
                pages.push(t.elapsed());
                update::update(&mut app, action);
            }
        }
        heap_peak = heap_peak.max(live_kib());
        if i % 5000 == 0 {
            assert!(app.listing().rows.len() <= rolo::tui::state::listing::MAX_ROWS);
        }
    }
    let rss_after = rss_kib();
    let heap_after = live_kib();
    report(backend, "keystroke j to redrawn frame (UI thread)", keys);
    report(backend, "next page of 50 contacts (db, off UI)", pages);
    println!(
        "{backend:<8} scrolled 20,000 rows: rows held {} (cap {}); live heap {} KiB -> {} KiB \
         (peak {} KiB); RSS {} KiB -> {} KiB (RSS includes the database's page cache and mmap)",
        app.listing().rows.len(),
        rolo::tui::state::listing::MAX_ROWS,
        heap_before,
        heap_after,
        heap_peak,
        rss_before,
        rss_after
    );

    // G: the last page of a million rows (keyset in reverse, no OFFSET)
    let mut ends = Vec::new();
    for _ in 0..20 {
        let req = app.next_req;
        let t = Instant::now();
        let action = worker::run(
            &ctx,
            Effect::LoadRows {
                pane: PaneId::Contacts,
                req,
                query: app.listing().query.clone(),
                from: PageFrom::End,
                limit: 50,
            },
        );
        ends.push(t.elapsed());
        assert!(action.is_some());
    }
    report(backend, "G: last page of contacts (db)", ends);

    // typing a filter: each keystroke's query (newest wins; here each runs)
    let mut typing = Vec::new();
    for text in ["b", "be", "ber", "berl", "berli", "berlin"] {
        let mut q = app.listing().query.clone();
        q.filter = format!("company.city:{text}");
        for _ in 0..5 {
            let t = Instant::now();
            worker::run(
                &ctx,
                Effect::LoadRows {
                    pane: PaneId::Contacts,
                    req: 1,
                    query: q.clone(),
                    from: PageFrom::Start,
                    limit: 50,
                },
            );
            typing.push(t.elapsed());
        }
    }
    report(
        backend,
        "filter-as-you-type query company.city:… (db)",
        typing,
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mut ran = false;
    for (backend, var) in [
        ("sqlite", "ROLO_BENCH_SQLITE"),
        ("postgres", "ROLO_BENCH_PG"),
    ] {
        match std::env::var(var) {
            Ok(url) if !url.is_empty() => {
                bench(backend, &url);
                ran = true;
            }
            _ => println!("{backend}: {var} is not set; skipped"),
        }
    }
    if !ran {
        println!("nothing measured: set ROLO_BENCH_SQLITE and/or ROLO_BENCH_PG (see the header)");
    }
}
