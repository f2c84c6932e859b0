//! Many reps on one PostgreSQL: each simulated rep is its own PostgreSQL login mapped to its rolo
//! user, with its own TUI session (`Ctx::open_tui`: its own pool, sized as the TUI sizes it,
//! 3), running the TUI's own effects (`rolo::tui::worker::run`) in a thread, for a fixed time,
//! once connecting directly and once through PgBouncer in transaction mode. It reports
//! throughput, p50/p99 per operation, the server connections the reps' logins held, and checks
//! that no update was lost and nothing was shown or changed that the rules forbid.
//!
//! ```text
//! benches/load_setup.sh postgres://postgres@127.0.0.1/rolo_load     # once: teams, roles, logins
//! ROLO_LOAD_DB=rolo_load cargo bench --bench load
//! ```
//!
//! The mix (per operation, `rep::MIX`): 40 % a list page with a filter (companies 70 %, deals
//! 30 %; a filter drawn from a fixed list; the count the TUI runs beside the page is timed on its
//! own), 30 % open a record of the last page with its tabs, 15 % edit a company in the form
//! (`employee_count` + 1; a pause for typing of up to `ROLO_LOAD_TYPING_MS` between the form's
//! load and its save, not timed), 15 % move a deal card to another open stage. A sales rep aims
//! 10 % of edits and moves at a teammate's record (seen, not theirs) and a read-only user all of
//! them: each must be refused.
//!
//! Lost updates: each company edit writes the count it read plus one at the version it read, so
//! at the end `employee_count` must have grown by exactly the number of saves rolo reported as
//! done, the version likewise, and the history must hold one update per save, by that login
//! (conflicts are counted apart). Deals: the version grew by the moves done, and one history row
//! per move by that login. Permission leaks: every record a rep was shown (page rows, the opened
//! record, its tabs' related records) is checked against the rules of docs/teams.md computed
//! here from the owner, company, link and team columns read as the database owner.
//!
//! Environment: `ROLO_LOAD_DB` (database name, required), `ROLO_LOAD_HOST` (127.0.0.1),
//! `ROLO_LOAD_PORT` (5432), `ROLO_LOAD_PGBOUNCER_PORT` (6432), `ROLO_LOAD_OWNER` (postgres: the
//! owner or a superuser, for the facts and the checks), `ROLO_LOAD_VIA` (`direct,pgbouncer`),
//! `ROLO_LOAD_SECS` (60), `ROLO_LOAD_THINK_MS` (0: each rep runs flat out; else a pause of up to
//! that between operations), `ROLO_LOAD_TYPING_MS` (200), `ROLO_LOAD_PREFIX` (`load_u`: the
//! logins taking part), `ROLO_LOAD_HOT` (10: records per user the edits and moves touch),
//! `ROLO_LOAD_SEED` (1).

mod common;
#[path = "load/facts.rs"]
mod facts;
#[path = "load/rep.rs"]
mod rep;
#[path = "load/report.rs"]
mod report;
#[path = "load/rule.rs"]
mod rule;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::Connection;
use uuid::Uuid;

use facts::{Res, Role, User};
use rep::{Outcome, Plan};
use report::Peak;
use rule::{may_write, World};

fn env(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn num(name: &str, default: u64) -> u64 {
    env(name, &default.to_string()).parse().unwrap_or(default)
}

pub struct Config {
    pub db: String,
    pub host: String,
    pub port: String,
    pub bouncer_port: String,
    pub owner: String,
    pub via: Vec<String>,
    pub secs: u64,
    pub think: Duration,
    pub typing: Duration,
    pub prefix: String,
    pub hot: i64,
    pub seed: u64,
}

impl Config {
    fn owner_url(&self) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.owner, self.host, self.port, self.db
        )
    }
    fn rep_url(&self, login: &str, via: &str) -> String {
        match via {
            "pgbouncer" => format!(
                "postgres://{login}@{}:{}/{}?pgbouncer=true",
                self.host, self.bouncer_port, self.db
            ),
            _ => format!("postgres://{login}@{}:{}/{}", self.host, self.port, self.db),
        }
    }
}

fn main() {
    let Ok(db) = std::env::var("ROLO_LOAD_DB") else {
        eprintln!("ROLO_LOAD_DB is not set; nothing to measure (see the top of benches/load.rs)");
        return;
    };
    let cfg = Config {
        db,
        host: env("ROLO_LOAD_HOST", "127.0.0.1"),
        port: env("ROLO_LOAD_PORT", "5432"),
        bouncer_port: env("ROLO_LOAD_PGBOUNCER_PORT", "6432"),
        owner: env("ROLO_LOAD_OWNER", "postgres"),
        via: env("ROLO_LOAD_VIA", "direct,pgbouncer")
            .split(',')
            .map(|s| s.trim().to_string())
            .collect(),
        secs: num("ROLO_LOAD_SECS", 60),
        think: Duration::from_millis(num("ROLO_LOAD_THINK_MS", 0)),
        typing: Duration::from_millis(num("ROLO_LOAD_TYPING_MS", 200)),
        prefix: env("ROLO_LOAD_PREFIX", "load_u"),
        hot: i64::try_from(num("ROLO_LOAD_HOT", 10)).unwrap_or(10),
        seed: num("ROLO_LOAD_SEED", 1),
    };
    let mut failed = false;
    for via in cfg.via.clone() {
        match run(&cfg, &via) {
            Ok(clean) => failed |= !clean,
            Err(e) => {
                eprintln!("{via}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// One run; `Ok(false)` when a check failed (lost updates, leaks, errors).
fn run(cfg: &Config, via: &str) -> Res<bool> {
    let owner_url = cfg.owner_url();
    let mut owner =
        PgConnection::establish(&owner_url).map_err(|e| format!("connecting as owner: {e}"))?;
    let users = facts::users(&mut owner, &cfg.prefix)?;
    if users.is_empty() {
        return Err(format!(
            "no active user has a login starting with '{}': run benches/load_setup.sh first",
            cfg.prefix
        ));
    }
    let world = World {
        visibility: facts::visibility(&mut owner)?,
        team_of: facts::teams_of_all(&mut owner)?,
        links: HashMap::new(),
    };
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let hot_companies = facts::hot_companies(&mut owner, &ids, cfg.hot)?;
    let hot_deals = facts::hot_deals(&mut owner, &ids, cfg.hot)?;
    let all_companies: Vec<Uuid> = hot_companies.values().flatten().copied().collect();
    let all_deals: Vec<Uuid> = hot_deals.values().flatten().copied().collect();
    let companies_before = facts::company_states(&mut owner, &all_companies)?;
    let deals_before = facts::deal_states(&mut owner, &all_deals)?;
    let stages = facts::open_stages(&mut owner)?;
    let barrier = Arc::new(Barrier::new(users.len() + 1));
    let plans: Vec<Plan> = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (mut edits, mut forbidden_companies) = (Vec::new(), Vec::new());
            for (owner_id, list) in &hot_companies {
                let target = if may_write(&world, u, Some(*owner_id)) {
                    &mut edits
                } else if world.owner_rule(u, Some(*owner_id)) {
                    &mut forbidden_companies
                } else {
                    continue;
                };
                target.extend(list.iter().copied());
            }
            let (mut deals, mut forbidden_deals) = (Vec::new(), Vec::new());
            for (owner_id, list) in &hot_deals {
                let target = if may_write(&world, u, Some(*owner_id)) {
                    &mut deals
                } else if world.owner_rule(u, Some(*owner_id)) {
                    &mut forbidden_deals
                } else {
                    continue;
                };
                for id in list {
                    if let Some(s) = deals_before.get(id) {
                        target.push((*id, s.version, s.stage.unwrap_or_default()));
                    }
                }
            }
            for v in [&mut edits, &mut forbidden_companies] {
                v.sort();
            }
            deals.sort();
            forbidden_deals.sort();
            Plan {
                user: u.clone(),
                url: cfg.rep_url(&u.login, via),
                edits,
                deals,
                forbidden_companies,
                forbidden_deals,
                stages: stages.clone(),
                seed: cfg.seed.wrapping_mul(1000).wrapping_add(i as u64),
                barrier: Arc::clone(&barrier),
                run_for: Duration::from_secs(cfg.secs),
                think: cfg.think,
                typing: cfg.typing,
            }
        })
        .collect();
    let t0 = facts::now(&mut owner)?;
    let load_before = report::loadavg();
    let handles: Vec<_> = plans
        .into_iter()
        .map(|p| std::thread::spawn(move || rep::run(p)))
        .collect();
    barrier.wait();
    let started = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (done, url, db, prefix) = (
            Arc::clone(&done),
            owner_url.clone(),
            cfg.db.clone(),
            cfg.prefix.clone(),
        );
        let bouncer = (via == "pgbouncer").then(|| (cfg.host.clone(), cfg.bouncer_port.clone()));
        std::thread::spawn(move || report::sample(&url, &db, &prefix, bouncer, &done))
    };
    let outcomes: Vec<Outcome> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    let wall = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak: Peak = sampler.join().unwrap_or_default();
    let load_after = report::loadavg();

    // the checks, as the owner
    let companies_after = facts::company_states(&mut owner, &all_companies)?;
    let deals_after = facts::deal_states(&mut owner, &all_deals)?;
    let company_history = facts::history_since(&mut owner, "companies", &all_companies, t0)?;
    let deal_history = facts::history_since(&mut owner, "deals", &all_deals, t0)?;
    let lost = report::lost_updates(
        &outcomes,
        &companies_before,
        &companies_after,
        &company_history,
        &deals_before,
        &deals_after,
        &deal_history,
    );
    let world = with_links(&mut owner, world, &outcomes)?;
    let by_login: HashMap<&str, &User> = users.iter().map(|u| (u.login.as_str(), u)).collect();
    let leaks = report::read_leaks(&world, &outcomes, &by_login);
    let roles = count_roles(&users);
    let clean = report::print(&report::Run {
        via,
        cfg,
        roles: &roles,
        outcomes: &outcomes,
        wall,
        peak: &peak,
        load: (load_before, load_after),
        lost: &lost,
        leaks: &leaks,
    });
    Ok(clean)
}

fn count_roles(users: &[User]) -> String {
    let n = |r: Role| users.iter().filter(|u| u.role == r).count();
    let teams: HashSet<_> = users.iter().filter_map(|u| u.team).collect();
    format!(
        "{} users in {} teams: {} admin, {} managers, {} sales reps, {} read-only",
        users.len(),
        teams.len(),
        n(Role::Admin),
        n(Role::Manager),
        n(Role::Rep),
        n(Role::ReadOnly)
    )
}

/// Read, as the owner, the columns visibility depends on for every record shown, and for the
/// records those link to.
fn with_links(c: &mut PgConnection, mut world: World, outcomes: &[Outcome]) -> Res<World> {
    use rule::Kind;
    let mut want: HashMap<Kind, HashSet<Uuid>> = HashMap::new();
    for (k, id) in outcomes.iter().flat_map(|o| o.seen.iter()) {
        want.entry(*k).or_default().insert(*id);
    }
    // activities point at deals, contacts and companies; contacts at companies
    for kind in [Kind::Activity, Kind::Contact, Kind::Deal, Kind::Company] {
        let ids: Vec<Uuid> = want.get(&kind).into_iter().flatten().copied().collect();
        let links = facts::links(c, kind.table(), &ids)?;
        for l in links.values() {
            if kind == Kind::Activity {
                want.entry(Kind::Deal).or_default().extend(l.deal);
                want.entry(Kind::Contact).or_default().extend(l.contact);
            }
            if kind != Kind::Company {
                want.entry(Kind::Company).or_default().extend(l.company);
            }
        }
        world.links.insert(kind, links);
    }
    Ok(world)
}
