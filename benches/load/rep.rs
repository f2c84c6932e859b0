//! One simulated rep: a TUI session (`Ctx::open_tui`, its own login, its own pool) running the
//! effects the TUI runs (`rolo::tui::worker::run`) in a weighted mix until the deadline.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use rolo::app::Ctx;
use rolo::config::{DatabaseSource, Dirs, FileConfig, Settings};
use rolo::db::repo::board::MoveTarget;
use rolo::domain::{Id, StageId};
use rolo::tui::action::{Action, MoveFailure};
use rolo::tui::effect::Effect;
use rolo::tui::forms::{FormAction, FormEffect, FormKind, SaveFailure, SaveRequest, Value};
use rolo::tui::pane::PaneId;
use rolo::tui::state::listing::{PageFrom, Query};
use rolo::tui::worker;

use super::facts::{Role, User};
use super::rule::Kind;

/// The mix, in percent of operations.
pub const MIX: [(Op, u32); 4] = [
    (Op::List, 40),
    (Op::Open, 30),
    (Op::Edit, 15),
    (Op::Move, 15),
];
/// Of a sales rep's edits and moves, the share aimed at a teammate's record (which they see but
/// may not change): each must be refused. A read-only user's every edit and move is such a try.
const FORBIDDEN_PERCENT: u32 = 10;
const PAGE: usize = 50;
const COMPANY_FILTERS: [&str; 5] = [
    "",
    "industry:software",
    "status:customer",
    "owner:me",
    "tag:vip",
];
const DEAL_FILTERS: [&str; 4] = ["", "value>=10000", "owner:me", "company.industry:software"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// A page of a table with a filter (the rows), and the count the TUI runs beside it.
    List,
    Count,
    /// A record with its tabs (fields, related records, history).
    Open,
    /// Open the company form, change employee_count, save (the time is load + save; the pause
    /// for typing between them is not counted).
    Edit,
    /// Move a deal card to another open stage.
    Move,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::List => "list page",
            Op::Count => "count (beside the page)",
            Op::Open => "open record + tabs",
            Op::Edit => "edit field (form load + save)",
            Op::Move => "move deal card",
        }
    }
}

pub struct Plan {
    pub user: User,
    pub url: String,
    /// Companies this user may change (their own; a manager's team's; an admin's any).
    pub edits: Vec<Uuid>,
    /// Deals this user may move, with the version and stage as read before the run.
    pub deals: Vec<(Uuid, i32, Uuid)>,
    /// Companies and deals this user sees but may not change.
    pub forbidden_companies: Vec<Uuid>,
    pub forbidden_deals: Vec<(Uuid, i32, Uuid)>,
    pub stages: Vec<Uuid>,
    pub seed: u64,
    /// Every session opens, then all start together and run this long.
    pub barrier: Arc<Barrier>,
    pub run_for: Duration,
    pub think: Duration,
    pub typing: Duration,
}

#[derive(Default)]
pub struct Outcome {
    pub login: String,
    pub opened: Option<Duration>,
    pub samples: BTreeMap<Op, Vec<Duration>>,
    pub errors: BTreeMap<Op, Vec<String>>,
    /// Successful writes per record (companies edited, deals moved).
    pub edits_ok: HashMap<Uuid, i64>,
    pub moves_ok: HashMap<Uuid, i64>,
    pub conflicts_edit: i64,
    pub conflicts_move: i64,
    pub noop_moves: i64,
    /// Writes to records this user may not change: refused (as they must be) or not.
    pub refused: i64,
    pub write_leaks: Vec<String>,
    pub seen: HashSet<(Kind, Uuid)>,
}

impl Outcome {
    fn error(&mut self, op: Op, e: impl Into<String>) {
        self.errors.entry(op).or_default().push(e.into());
    }
    fn sample(&mut self, op: Op, d: Duration) {
        self.samples.entry(op).or_default().push(d);
    }
}

fn settings(url: &str) -> Settings {
    let dir = std::env::temp_dir().join("rolo-load-bench");
    Settings {
        dirs: Dirs {
            data: dir.clone(),
            config: dir.clone(),
            state: dir.clone(),
        },
        config_path: dir.join("no-config.toml"),
        file: FileConfig::default(),
        database: url.to_string(),
        database_source: DatabaseSource::Flag,
        user: None,
        read_only: false,
    }
}

fn kind_of(pane: PaneId) -> Kind {
    match pane {
        PaneId::Companies => Kind::Company,
        PaneId::Contacts => Kind::Contact,
        PaneId::Deals => Kind::Deal,
        PaneId::Activities => Kind::Activity,
    }
}

fn uuid(id: Id) -> Uuid {
    id.0
}

fn refused(msg: &str) -> bool {
    msg.contains("not permitted")
}

pub fn run(plan: Plan) -> Outcome {
    let mut out = Outcome {
        login: plan.user.login.clone(),
        ..Outcome::default()
    };
    let t = Instant::now();
    let opened = Ctx::open_tui(&settings(&plan.url));
    out.opened = Some(t.elapsed());
    plan.barrier.wait();
    let ctx = match opened {
        Ok(ctx) => ctx,
        Err(e) => {
            out.error(Op::List, format!("opening the session: {e}"));
            return out;
        }
    };
    let until = Instant::now() + plan.run_for;
    let mut rep = Rep {
        rng: ChaCha8Rng::seed_from_u64(plan.seed),
        known: plan
            .deals
            .iter()
            .chain(&plan.forbidden_deals)
            .map(|&(id, v, s)| (id, (v, Some(s))))
            .collect(),
        last_page: Vec::new(),
        plan: &plan,
        ctx: &ctx,
    };
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    while Instant::now() < until {
        let mut pick = rep.rng.random_range(0..total);
        let op = MIX
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or(Op::List, |(op, _)| *op);
        match op {
            Op::Open if !rep.last_page.is_empty() => rep.open(&mut out),
            Op::Edit => rep.edit(&mut out),
            Op::Move => rep.move_card(&mut out),
            _ => rep.list(&mut out),
        }
        if !plan.think.is_zero() {
            std::thread::sleep(rep.pause(plan.think));
        }
    }
    out
}

struct Rep<'a> {
    rng: ChaCha8Rng,
    plan: &'a Plan,
    ctx: &'a Ctx,
    /// Deal id -> (version, stage) as this session last knew them.
    known: HashMap<Uuid, (i32, Option<Uuid>)>,
    last_page: Vec<(PaneId, Id)>,
}

impl Rep<'_> {
    /// Uniform in [0, max].
    fn pause(&mut self, max: Duration) -> Duration {
        let ms = u64::try_from(max.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(self.rng.random_range(0..=ms))
    }

    fn forbidden_turn(&mut self) -> bool {
        match self.plan.user.role {
            Role::ReadOnly => true,
            Role::Rep => self.rng.random_range(0..100) < FORBIDDEN_PERCENT,
            _ => false,
        }
    }

    fn list(&mut self, out: &mut Outcome) {
        let companies = self.rng.random_range(0..100) < 70;
        let (pane, filter) = if companies {
            let f = COMPANY_FILTERS[self.rng.random_range(0..COMPANY_FILTERS.len())];
            (PaneId::Companies, f)
        } else {
            let f = DEAL_FILTERS[self.rng.random_range(0..DEAL_FILTERS.len())];
            (PaneId::Deals, f)
        };
        let rows = Effect::LoadRows {
            pane,
            req: 0,
            query: Query {
                filter: filter.to_string(),
                sort: 0,
                descending: false,
            },
            from: PageFrom::Start,
            limit: PAGE,
        };
        let count = Effect::Count {
            pane,
            req: 0,
            filter: filter.to_string(),
        };
        let ctx = self.ctx;
        // the TUI runs the page and its count side by side, each on its own connection
        let (rows, counted) = std::thread::scope(|s| {
            let c = s.spawn(|| {
                let t = Instant::now();
                (worker::run(ctx, count), t.elapsed())
            });
            let t = Instant::now();
            let rows = (worker::run(ctx, rows), t.elapsed());
            (rows, c.join().ok())
        });
        match rows {
            (
                Some(Action::RowsLoaded {
                    result: Ok(page), ..
                }),
                d,
            ) => {
                out.sample(Op::List, d);
                self.last_page = page.rows.iter().map(|r| (pane, r.id)).collect();
                for r in &page.rows {
                    out.seen.insert((kind_of(pane), uuid(r.id)));
                }
            }
            (Some(Action::RowsLoaded { result: Err(e), .. }), _) => {
                out.error(Op::List, format!("{filter}: {e}"))
            }
            _ => out.error(Op::List, "no reply"),
        }
        match counted {
            Some((Some(Action::Counted { result: Ok(_), .. }), d)) => out.sample(Op::Count, d),
            Some((Some(Action::Counted { result: Err(e), .. }), _)) => {
                out.error(Op::Count, format!("{filter}: {e}"))
            }
            _ => out.error(Op::Count, "no reply"),
        }
    }

    fn open(&mut self, out: &mut Outcome) {
        let (pane, id) = self.last_page[self.rng.random_range(0..self.last_page.len())];
        let t = Instant::now();
        match worker::run(self.ctx, Effect::LoadDetail { pane, req: 0, id }) {
            Some(Action::DetailLoaded { result: Ok(d), .. }) => {
                out.sample(Op::Open, t.elapsed());
                out.seen.insert((kind_of(pane), uuid(id)));
                for link in d.tabs.iter().flat_map(|t| t.links.iter().flatten()) {
                    out.seen.insert((kind_of(link.pane), uuid(link.id)));
                }
            }
            Some(Action::DetailLoaded { result: Err(e), .. }) => out.error(Op::Open, e),
            _ => out.error(Op::Open, "no reply"),
        }
    }

    fn edit(&mut self, out: &mut Outcome) {
        let forbidden = self.forbidden_turn();
        let pool = if forbidden {
            &self.plan.forbidden_companies
        } else {
            &self.plan.edits
        };
        if pool.is_empty() {
            return self.list(out);
        }
        let id = Id(pool[self.rng.random_range(0..pool.len())]);
        let kind = FormKind::Company;
        let t = Instant::now();
        let rec = match worker::run(
            self.ctx,
            Effect::Form(FormEffect::Load { kind, req: 0, id }),
        ) {
            Some(Action::Form(FormAction::Loaded { result: Ok(r), .. })) => r,
            Some(Action::Form(FormAction::Loaded { result: Err(e), .. })) => {
                return out.error(Op::Edit, format!("form load: {e}"))
            }
            _ => return out.error(Op::Edit, "form load: no reply"),
        };
        let loaded = t.elapsed();
        let Some(pos) = kind.position("employee_count") else {
            return out.error(Op::Edit, "the company form has no employee_count");
        };
        let n: i32 = rec.values[pos].raw().trim().parse().unwrap_or(0);
        let mut values = rec.values.clone();
        values[pos] = Value::text((n + 1).to_string());
        let before = kind.build(&rec.values, self.ctx.zone);
        let built = kind.build(&values, self.ctx.zone);
        let Some(draft) = built.draft else {
            return out.error(Op::Edit, format!("form build: {:?}", built.errors));
        };
        let typing = self.pause(self.plan.typing);
        std::thread::sleep(typing);
        let save = SaveRequest {
            req: 0,
            kind,
            id: Some(rec.id),
            version: Some(rec.version),
            draft,
            tags: built.tags,
            tags_before: before.tags,
            label: rec.label.clone(),
        };
        let t = Instant::now();
        let reply = worker::run(self.ctx, Effect::Form(FormEffect::Save(Box::new(save))));
        let took = loaded + t.elapsed();
        match reply {
            Some(Action::Form(FormAction::Saved { result, .. })) => match result {
                Ok(_) if forbidden => out.write_leaks.push(format!(
                    "{} saved company {} it may not change",
                    self.plan.user.login, id
                )),
                Ok(_) => {
                    out.sample(Op::Edit, took);
                    *out.edits_ok.entry(uuid(id)).or_default() += 1;
                }
                Err(SaveFailure::Conflict(_)) => {
                    out.sample(Op::Edit, took);
                    out.conflicts_edit += 1;
                }
                Err(SaveFailure::Other(m)) if forbidden && refused(&m) => {
                    out.sample(Op::Edit, took);
                    out.refused += 1;
                }
                Err(e) => out.error(Op::Edit, e.describe()),
            },
            _ => out.error(Op::Edit, "save: no reply"),
        }
    }

    fn move_card(&mut self, out: &mut Outcome) {
        let forbidden = self.forbidden_turn();
        let pool = if forbidden {
            &self.plan.forbidden_deals
        } else {
            &self.plan.deals
        };
        if pool.is_empty() {
            return self.list(out);
        }
        let id = pool[self.rng.random_range(0..pool.len())].0;
        let Some(&(version, stage)) = self.known.get(&id) else {
            return out.error(Op::Move, "a deal the session does not know");
        };
        let choices: Vec<Uuid> = self
            .plan
            .stages
            .iter()
            .copied()
            .filter(|s| Some(*s) != stage)
            .collect();
        if choices.is_empty() {
            return out.error(Op::Move, "no open stage to move to");
        }
        let to = choices[self.rng.random_range(0..choices.len())];
        let t = Instant::now();
        let reply = worker::run(
            self.ctx,
            Effect::MoveDeal {
                deal: Id(id),
                version,
                title: String::new(),
                to: MoveTarget::Stage(StageId(Id(to))),
                reason: None,
            },
        );
        let took = t.elapsed();
        match reply {
            Some(Action::DealMoved { result, .. }) => match result {
                Ok(m) if forbidden && m.version != version => out.write_leaks.push(format!(
                    "{} moved deal {id} it may not change",
                    self.plan.user.login
                )),
                // moved to the stage it is in: nothing written, no rule to ask
                Ok(_) if forbidden => {
                    out.noop_moves += 1;
                    self.known.insert(id, (version, Some(to)));
                }
                Ok(m) => {
                    out.sample(Op::Move, took);
                    if m.version == version {
                        out.noop_moves += 1;
                    } else {
                        *out.moves_ok.entry(id).or_default() += 1;
                    }
                    self.known.insert(id, (m.version, Some(to)));
                }
                Err(MoveFailure::Conflict(_)) => {
                    out.sample(Op::Move, took);
                    out.conflicts_move += 1;
                    self.refresh(out, id);
                }
                Err(MoveFailure::Other(m)) if forbidden && refused(&m) => {
                    out.sample(Op::Move, took);
                    out.refused += 1;
                }
                Err(MoveFailure::Other(m)) => out.error(Op::Move, m),
                Err(MoveFailure::NeedsReason { stage_name, .. }) => out.error(
                    Op::Move,
                    format!("asked for a lost reason for {stage_name}"),
                ),
            },
            _ => out.error(Op::Move, "no reply"),
        }
    }

    /// After a conflict the board shows the deal as it is now: read its version again.
    fn refresh(&mut self, out: &mut Outcome, id: Uuid) {
        let effect = Effect::LoadDetail {
            pane: PaneId::Deals,
            req: 0,
            id: Id(id),
        };
        match worker::run(self.ctx, effect) {
            Some(Action::DetailLoaded { result: Ok(d), .. }) => {
                out.seen.insert((Kind::Deal, id));
                self.known.insert(id, (d.version, None));
            }
            Some(Action::DetailLoaded { result: Err(e), .. }) => {
                out.error(Op::Move, format!("refresh after a conflict: {e}"))
            }
            _ => out.error(Op::Move, "refresh after a conflict: no reply"),
        }
    }
}
