//! The server's connections during a run, the checks after it (lost updates, leaks), and the
//! printed report (markdown tables, ready for docs/perf/load.md).

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::Connection;
use uuid::Uuid;

use super::common::{ms, Stats};
use super::facts::{self, State, User};
use super::rep::{Op, Outcome, MIX};
use super::rule::World;
use super::Config;

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// PgBouncer's `SHOW POOLS`, summed over the reps' pools.
#[derive(Debug, Default, Clone)]
pub struct Pools {
    pub cl_active: i64,
    pub cl_waiting: i64,
    pub sv_active: i64,
    pub sv_idle: i64,
    pub sv_used: i64,
    pub maxwait_ms: f64,
}

#[derive(Debug, Default)]
pub struct Peak {
    /// Server connections of the reps' logins (`pg_stat_activity`): most at once, and most
    /// running a statement at once.
    pub total: i64,
    pub active: i64,
    pub samples: usize,
    /// The most of each `SHOW POOLS` column seen (not necessarily at the same moment).
    pub pools: Option<Pools>,
    pub error: Option<String>,
}

/// Sample every 500 ms (`SHOW POOLS` every 2 s, through psql: PgBouncer's console speaks only
/// the simple query protocol) until `done`.
pub fn sample(
    url: &str,
    db: &str,
    prefix: &str,
    bouncer: Option<(String, String)>,
    done: &AtomicBool,
) -> Peak {
    let mut peak = Peak::default();
    let mut c = match PgConnection::establish(url) {
        Ok(c) => c,
        Err(e) => {
            peak.error = Some(e.to_string());
            return peak;
        }
    };
    let mut tick = 0u64;
    while !done.load(Ordering::Relaxed) {
        match facts::connections(&mut c, db, prefix) {
            Ok((total, active)) => {
                peak.total = peak.total.max(total);
                peak.active = peak.active.max(active);
                peak.samples += 1;
            }
            Err(e) => peak.error = Some(e),
        }
        if let Some((host, port)) = bouncer.as_ref().filter(|_| tick % 4 == 0) {
            if let Some(p) = show_pools(host, port, db, prefix) {
                let m = peak.pools.get_or_insert_with(Pools::default);
                m.cl_active = m.cl_active.max(p.cl_active);
                m.cl_waiting = m.cl_waiting.max(p.cl_waiting);
                m.sv_active = m.sv_active.max(p.sv_active);
                m.sv_idle = m.sv_idle.max(p.sv_idle);
                m.sv_used = m.sv_used.max(p.sv_used);
                m.maxwait_ms = m.maxwait_ms.max(p.maxwait_ms);
            }
        }
        tick += 1;
        std::thread::sleep(Duration::from_millis(500));
    }
    peak
}

fn show_pools(host: &str, port: &str, db: &str, prefix: &str) -> Option<Pools> {
    let out = Command::new("psql")
        .args([
            "-h", host, "-p", port, "-U", "postgres", "-X", "-A", "-F", "\t",
        ])
        .args(["-c", "SHOW POOLS", "pgbouncer"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (d, u) = (col("database")?, col("user")?);
    let mut sum = Pools::default();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if f.get(d) != Some(&db) || !f.get(u).is_some_and(|u| u.starts_with(prefix)) {
            continue;
        }
        let n = |name: &str| {
            col(name)
                .and_then(|i| f.get(i))
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
        };
        sum.cl_active += n("cl_active");
        sum.cl_waiting += n("cl_waiting");
        sum.sv_active += n("sv_active");
        sum.sv_idle += n("sv_idle");
        sum.sv_used += n("sv_used");
        let wait = n("maxwait") as f64 * 1000.0 + n("maxwait_us") as f64 / 1000.0;
        sum.maxwait_ms = sum.maxwait_ms.max(wait);
    }
    Some(sum)
}

#[derive(Debug, Default)]
pub struct Lost {
    pub companies: usize,
    pub deals: usize,
    pub edits: i64,
    pub moves: i64,
    pub problems: Vec<String>,
}

fn total(outcomes: &[Outcome], id: &Uuid, of: fn(&Outcome) -> &HashMap<Uuid, i64>) -> i64 {
    outcomes.iter().filter_map(|o| of(o).get(id)).sum()
}

/// Whether every write rolo reported as done is in the final rows and in the history, once.
#[allow(clippy::too_many_arguments)]
pub fn lost_updates(
    outcomes: &[Outcome],
    companies_before: &HashMap<Uuid, State>,
    companies_after: &HashMap<Uuid, State>,
    company_history: &HashMap<(Uuid, String), i64>,
    deals_before: &HashMap<Uuid, State>,
    deals_after: &HashMap<Uuid, State>,
    deal_history: &HashMap<(Uuid, String), i64>,
) -> Lost {
    let mut lost = Lost::default();
    let history_of = |h: &HashMap<(Uuid, String), i64>, id: &Uuid| -> i64 {
        h.iter().filter(|((e, _), _)| e == id).map(|(_, n)| n).sum()
    };
    for (id, before) in companies_before {
        lost.companies += 1;
        let done = total(outcomes, id, |o| &o.edits_ok);
        lost.edits += done;
        let Some(after) = companies_after.get(id) else {
            lost.problems.push(format!("company {id} is gone"));
            continue;
        };
        let grew = after.employees.unwrap_or(0) - before.employees.unwrap_or(0);
        let versions = after.version - before.version;
        let history = history_of(company_history, id);
        if i64::from(grew) != done || i64::from(versions) != done || history != done {
            lost.problems.push(format!(
                "company {id}: {done} saves reported, employee_count grew by {grew}, version by \
                 {versions}, {history} history rows"
            ));
        }
    }
    for (id, before) in deals_before {
        lost.deals += 1;
        let done = total(outcomes, id, |o| &o.moves_ok);
        lost.moves += done;
        let Some(after) = deals_after.get(id) else {
            lost.problems.push(format!("deal {id} is gone"));
            continue;
        };
        let versions = after.version - before.version;
        let history = history_of(deal_history, id);
        if i64::from(versions) != done || history != done {
            lost.problems.push(format!(
                "deal {id}: {done} moves reported, version grew by {versions}, {history} history rows"
            ));
        }
    }
    // each login's writes are its own history rows
    for o in outcomes {
        for (mine, history, what) in [
            (&o.edits_ok, company_history, "company"),
            (&o.moves_ok, deal_history, "deal"),
        ] {
            for (id, n) in mine {
                let h = history.get(&(*id, o.login.clone())).copied().unwrap_or(0);
                if h != *n {
                    lost.problems.push(format!(
                        "{what} {id}: {} reported {n} writes, history has {h} by that login",
                        o.login
                    ));
                }
            }
        }
    }
    lost
}

#[derive(Debug, Default)]
pub struct Leaks {
    pub checked: usize,
    pub unchecked: usize,
    pub shown: Vec<String>,
}

pub fn read_leaks(world: &World, outcomes: &[Outcome], users: &HashMap<&str, &User>) -> Leaks {
    let mut l = Leaks::default();
    for o in outcomes {
        let Some(me) = users.get(o.login.as_str()) else {
            continue;
        };
        for (kind, id) in &o.seen {
            match world.visible(me, *kind, *id) {
                Some(true) => l.checked += 1,
                Some(false) => {
                    l.checked += 1;
                    l.shown
                        .push(format!("{} was shown {} {id}", o.login, kind.table()));
                }
                None => l.unchecked += 1,
            }
        }
    }
    l
}

pub struct Run<'a> {
    pub via: &'a str,
    pub cfg: &'a Config,
    pub roles: &'a str,
    pub outcomes: &'a [Outcome],
    pub wall: Duration,
    pub peak: &'a Peak,
    pub load: (String, String),
    pub lost: &'a Lost,
    pub leaks: &'a Leaks,
}

/// Print the run; `false` when a check failed or an operation returned an error.
pub fn print(r: &Run<'_>) -> bool {
    let secs = r.wall.as_secs_f64();
    let mut samples: BTreeMap<Op, Vec<Duration>> = BTreeMap::new();
    let mut errors: BTreeMap<Op, Vec<String>> = BTreeMap::new();
    for o in r.outcomes {
        for (op, v) in &o.samples {
            samples.entry(*op).or_default().extend(v);
        }
        for (op, v) in &o.errors {
            errors.entry(*op).or_default().extend(v.iter().cloned());
        }
    }
    let sum = |f: fn(&Outcome) -> i64| r.outcomes.iter().map(f).sum::<i64>();
    let mix: Vec<String> = MIX
        .iter()
        .map(|(op, w)| format!("{} {w} %", op.name()))
        .collect();
    println!("\n## {} ({})\n", r.via, r.cfg.db);
    println!(
        "{}; {} s; think time up to {} ms; typing pause up to {} ms; mix: {}",
        r.roles,
        r.cfg.secs,
        r.cfg.think.as_millis(),
        r.cfg.typing.as_millis(),
        mix.join(", ")
    );
    let opened: Vec<Duration> = r.outcomes.iter().filter_map(|o| o.opened).collect();
    if let Some(s) = Stats::of(opened) {
        println!(
            "sessions opened (50 at once): median {:.0} ms, p99 {:.0} ms",
            ms(s.median),
            ms(s.p99)
        );
    }
    println!("load average before {} / after {}\n", r.load.0, r.load.1);
    println!("| operation | done | per second | p50 ms | p99 ms | errors |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut ops = 0usize;
    for op in [Op::List, Op::Count, Op::Open, Op::Edit, Op::Move] {
        let v = samples.remove(&op).unwrap_or_default();
        let n = v.len();
        if op != Op::Count {
            ops += n;
        }
        let e = errors.get(&op).map_or(0, Vec::len);
        match Stats::of(v) {
            Some(s) => println!(
                "| {} | {n} | {:.1} | {:.1} | {:.1} | {e} |",
                op.name(),
                n as f64 / secs,
                ms(s.median),
                ms(s.p99)
            ),
            None => println!("| {} | 0 | 0 | - | - | {e} |", op.name()),
        }
    }
    println!(
        "| **all operations** (count not counted apart) | {ops} | {:.1} | | | |",
        ops as f64 / secs
    );
    let p = r.peak;
    println!(
        "\nserver connections of the reps' logins (pg_stat_activity, {} samples): at most {} \
         open, at most {} running a statement",
        p.samples, p.total, p.active
    );
    if let Some(pools) = &p.pools {
        println!(
            "PgBouncer SHOW POOLS (highest seen, summed over the reps' pools): cl_active {}, \
             cl_waiting {}, sv_active {}, sv_idle {}, sv_used {}, maxwait {:.1} ms",
            pools.cl_active,
            pools.cl_waiting,
            pools.sv_active,
            pools.sv_idle,
            pools.sv_used,
            pools.maxwait_ms
        );
    }
    if let Some(e) = &p.error {
        println!("sampling connections failed: {e}");
    }
    let l = r.lost;
    println!(
        "\nwrites: {} company saves and {} deal moves done; {} save conflicts and {} move \
         conflicts (someone saved first: nothing written); {} moves to the stage the deal was \
         in; {} writes to records the user may not change, all refused: {}",
        l.edits,
        l.moves,
        sum(|o| o.conflicts_edit),
        sum(|o| o.conflicts_move),
        sum(|o| o.noop_moves),
        sum(|o| o.refused),
        r.outcomes.iter().all(|o| o.write_leaks.is_empty())
    );
    println!(
        "lost updates: {} (checked {} companies and {} deals: final rows and history against \
         the writes reported)",
        l.problems.len(),
        l.companies,
        l.deals
    );
    println!(
        "permission leaks: {} shown of {} records checked ({} not checked: no facts), {} writes",
        r.leaks.shown.len(),
        r.leaks.checked,
        r.leaks.unchecked,
        sum(|o| o.write_leaks.len() as i64)
    );
    let mut clean = l.problems.is_empty() && r.leaks.shown.is_empty();
    for line in l.problems.iter().take(10) {
        println!("  LOST: {line}");
    }
    for line in r.leaks.shown.iter().take(10) {
        println!("  LEAK: {line}");
    }
    for o in r.outcomes {
        for line in o.write_leaks.iter().take(3) {
            clean = false;
            println!("  LEAK: {line}");
        }
    }
    for (op, v) in &errors {
        clean = false;
        let mut distinct: BTreeMap<&str, usize> = BTreeMap::new();
        for e in v {
            *distinct.entry(e.as_str()).or_default() += 1;
        }
        for (e, n) in distinct.iter().take(5) {
            println!("  ERROR {} ({n}x): {e}", op.name());
        }
    }
    clean
}
