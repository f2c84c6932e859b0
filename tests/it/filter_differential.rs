//! Differential test of the filter language: the same data is seeded into a fresh SQLite and a
//! fresh PostgreSQL database, random filters are generated as text, parsed and checked once, and
//! the rows each backend's lowered SQL returns (through the repositories' `list` and `count`)
//! must equal the rows an in-memory reference evaluator (tests/filter_ref/eval.rs) selects.
//!
//! `ROLO_DIFF_SEED=<u64>` picks another random sequence, `ROLO_DIFF_CASES=<n>` scales the number of
//! cases per entity, and `ROLO_DIFF_COLLECT=1` reports every failing case instead of shrinking the
//! first one per entity.
use crate::common;
use crate::filter_ref;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use chrono::{Duration, NaiveDateTime, SubsecRound};
use diesel::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use rolo::db::repo::{self, ListQuery, Liveness};
use rolo::db::schema::{activities, companies, contacts, deals, pipeline_stages, tags, users};
use rolo::db::{write_transaction, BackendKind, DbConn, DbError};
use rolo::domain::{
    ActivityDraft, ActivityId, ActivityKind, CompanyDraft, CompanyId, ContactDraft, ContactId,
    DealDraft, DealId, Entity, Id, Outcome, Role, StageDraft, StageId, StageKind, TagId, Tagged,
    UserDraft, UserId,
};
use rolo::filter::shape::{MoneyShape, RelatedShape, Shapes, TagShape};
use rolo::filter::{self, check, lower, pred::Pred, probe, Context, Purpose, SqlPredicate};
use rolo::seed::synthetic::Sizes;

use filter_ref::eval::Reference;
use filter_ref::gen::{tree, Gen, Pools};
use filter_ref::model::{pair_ids, Row, Snapshot, Val, ENTITIES};

const SIZES: Sizes = Sizes {
    users: 6,
    companies: 80,
    contacts: 300,
    deals: 120,
    activities: 300,
    seed: 11,
};

/// Random cases per entity (before `ROLO_DIFF_CASES` scaling).
const CASES: [(Entity, u32); 6] = [
    (Entity::Companies, 130),
    (Entity::Contacts, 110),
    (Entity::Deals, 130),
    (Entity::Activities, 130),
    (Entity::Users, 40),
    (Entity::Stages, 40),
];

// ---------------------------------------------------------------------------------------------
// seeding

fn user_id(conn: &mut DbConn, email: &str) -> UserId {
    repo::user::find_by_email(conn, email)
        .expect("find user")
        .unwrap_or_else(|| panic!("no user {email}"))
        .id
}

fn stage_id(conn: &mut DbConn, name: &str) -> StageId {
    repo::stage::find_by_name(conn, name)
        .expect("find stage")
        .unwrap_or_else(|| panic!("no stage {name}"))
        .id
}

/// Hand-made rows for the corners: mixed ASCII case, `%` `_` `\` and `'` in names, empty and
/// NULL industries, lower-case non-ASCII, 0- and 3-decimal currencies, exact relative-date
/// boundaries, and soft-deleted users, tags, stages, companies and deals that filters must not
/// reach (directly or through a relation).
fn edge_rows(conn: &mut DbConn, now: NaiveDateTime) {
    let avery = user_id(conn, "avery.chen@rolo.example");
    let mixed = repo::user::create(
        conn,
        None,
        UserDraft::new("Mixed CASE User", "MiXeD.Case@Rolo.Example", Role::Manager),
    )
    .expect("user")
    .id;
    let gone = repo::user::create(
        conn,
        None,
        UserDraft::new(
            "Deleted Person",
            "deleted.person@rolo.example",
            Role::SalesRep,
        ),
    )
    .expect("user")
    .id;

    let company = |conn: &mut DbConn, d: CompanyDraft| -> CompanyId {
        repo::company::create(conn, None, d).expect("company").id
    };
    let mut d = CompanyDraft::new("ACME widgets");
    d.domain = Some("acme-widgets.example".into());
    d.website = Some("https://acme-widgets.example/About-Us".into());
    d.industry = Some("Software".into());
    d.category = Some("SaaS_Vendor".into());
    d.notes = Some("Met at TradeShow 2025".into());
    d.employee_count = Some(1000);
    d.annual_revenue = Some(100_000);
    d.owner_id = Some(mixed);
    d.billing.city = Some("Springfield".into());
    let acme = company(conn, d);
    let mut d = CompanyDraft::new("ACME widgets EU");
    d.parent_id = Some(acme);
    d.industry = Some("software".into());
    d.currency = "EUR".into();
    d.annual_revenue = Some(25_050);
    d.owner_id = Some(avery);
    let acme_eu = company(conn, d);
    let mut d = CompanyDraft::new("100% Natural_Foods");
    d.domain = Some("natural-foods.example".into());
    d.annual_revenue = Some(0);
    d.employee_count = Some(0);
    let natural = company(conn, d);
    let mut d = CompanyDraft::new("O'Reilly & Sons");
    d.industry = Some("publishing".into());
    d.billing.city = Some("Sebastopol".into());
    d.notes = Some("it's".into());
    company(conn, d);
    let mut d = CompanyDraft::new("Crème brûlée café");
    d.industry = Some("bäckerei".into());
    d.billing.city = Some("zürich".into());
    d.owner_id = Some(gone);
    let creme = company(conn, d);
    let mut d = CompanyDraft::new("Back\\Slash Co");
    d.industry = Some("a\\b".into());
    company(conn, d);
    let mut d = CompanyDraft::new("Tokyo Trading KK");
    d.currency = "JPY".into();
    d.annual_revenue = Some(150_000_000);
    d.billing.country = Some("JP".into());
    let tokyo = company(conn, d);
    let mut d = CompanyDraft::new("Gulf Pearl Holdings");
    d.currency = "BHD".into();
    d.annual_revenue = Some(12_345_678);
    let gulf = company(conn, d);
    let mut d = CompanyDraft::new("UPPER CASE LTD");
    d.industry = Some("RETAIL".into());
    d.category = Some("Commercial".into());
    company(conn, d);
    let zombie = company(conn, CompanyDraft::new("Zombie Corp"));
    let mut d = CompanyDraft::new("Zombie Child");
    d.parent_id = Some(zombie);
    d.industry = Some("software".into());
    company(conn, d);

    let contact = |conn: &mut DbConn, d: ContactDraft| -> ContactId {
        repo::contact::create(conn, None, d).expect("contact").id
    };
    let mut d = ContactDraft::new("Ada");
    d.last_name = Some("LOVELACE".into());
    d.email = Some("Ada@ACME-widgets.example".into());
    d.title = Some("CTO_Lead 50%".into());
    d.notes = Some("Prefers EMAIL".into());
    d.company_id = Some(acme);
    d.is_primary = true;
    d.owner_id = Some(mixed);
    let ada = contact(conn, d);
    let mut d = ContactDraft::new("zoë");
    d.last_name = Some("d'Arc".into());
    d.email = Some("zoe.darc@natural-foods.example".into());
    d.company_id = Some(natural);
    contact(conn, d);
    let mut d = ContactDraft::new("Al");
    d.last_name = Some("Wu".into());
    d.email = Some("al@tokyo-trading.example".into());
    d.company_id = Some(tokyo);
    let al = contact(conn, d);
    let mut d = ContactDraft::new("Zed");
    d.last_name = Some("Zombie".into());
    d.email = Some("zed@zombie.example".into());
    d.company_id = Some(zombie);
    contact(conn, d);
    contact(conn, ContactDraft::new("Elsewhere"));

    let today = now.date();
    let deal = |conn: &mut DbConn, d: DealDraft| -> DealId {
        repo::deal::create(conn, None, d).expect("deal").id
    };
    let mut d = DealDraft::new("Yen deal", stage_id(conn, "Proposal"));
    d.company_id = Some(tokyo);
    d.contact_id = Some(al);
    d.currency = "JPY".into();
    d.value = 1234;
    d.expected_close = Some(today + Duration::days(3));
    d.owner_id = Some(mixed);
    let yen = deal(conn, d);
    let mut d = DealDraft::new("Dinar deal", stage_id(conn, "Won"));
    d.company_id = Some(gulf);
    d.currency = "BHD".into();
    d.value = 12_345;
    d.expected_close = Some(today - Duration::days(2));
    deal(conn, d);
    let mut d = DealDraft::new("Thousand even", stage_id(conn, "Lead"));
    d.company_id = Some(acme);
    d.contact_id = Some(ada);
    d.value = 100_000;
    d.expected_close = Some(today);
    d.probability = Some(0);
    deal(conn, d);
    let mut d = DealDraft::new("Fractional 250.50", stage_id(conn, "Qualified"));
    d.company_id = Some(acme_eu);
    d.currency = "EUR".into();
    d.value = 25_050;
    d.expected_close = Some(today - Duration::days(1));
    deal(conn, d);
    let mut d = DealDraft::new("Lost to COMPETITOR", stage_id(conn, "Lost"));
    d.value = 5_000;
    d.lost_reason = Some("Went With COMPETITOR".into());
    deal(conn, d);
    let mut d = DealDraft::new("Zombie deal", stage_id(conn, "Negotiation"));
    d.company_id = Some(zombie);
    let zombie_deal = deal(conn, d);
    let mut d = DealDraft::new("Deleted deal", stage_id(conn, "Proposal"));
    d.company_id = Some(acme);
    let deleted_deal = deal(conn, d);
    let mut d = DealDraft::new("100% Uptime_SLA", stage_id(conn, "Proposal"));
    d.company_id = Some(creme);
    d.expected_close = Some(today + Duration::days(30));
    deal(conn, d);

    let activity = |conn: &mut DbConn, d: ActivityDraft| -> ActivityId {
        repo::activity::create(conn, None, d).expect("activity").id
    };
    let mut d = ActivityDraft::new(ActivityKind::Call, "Call about 100% uptime");
    d.body = Some("Mixed Body TEXT".into());
    d.company_id = Some(acme);
    d.contact_id = Some(ada);
    d.due_at = Some(now - Duration::days(30));
    d.owner_id = Some(mixed);
    d.assignee_id = Some(avery);
    activity(conn, d);
    let mut d = ActivityDraft::new(ActivityKind::Task, "Boundary task");
    d.deal_id = Some(yen);
    d.company_id = Some(tokyo);
    d.due_at = Some(now + Duration::days(1));
    d.owner_id = Some(mixed);
    activity(conn, d);
    let mut d = ActivityDraft::new(ActivityKind::Task, "Due exactly now");
    d.deal_id = Some(yen);
    d.due_at = Some(now);
    activity(conn, d);
    let mut d = ActivityDraft::new(ActivityKind::Note, "Zombie note");
    d.deal_id = Some(zombie_deal);
    d.company_id = Some(zombie);
    activity(conn, d);
    let mut d = ActivityDraft::new(ActivityKind::Email, "Ghost deal email");
    d.deal_id = Some(deleted_deal);
    activity(conn, d);
    let mut d = ActivityDraft::new(ActivityKind::Meeting, "déjà vu meeting");
    d.company_id = Some(creme);
    d.due_at = Some(now + Duration::days(7));
    d.completed_at = Some(now - Duration::days(1));
    d.outcome = Some(Outcome::Negative);
    activity(conn, d);

    let mixed_tag = repo::tag::ensure(conn, None, "MixedCase").expect("tag");
    for t in [
        Tagged::Company(acme),
        Tagged::Contact(ada),
        Tagged::Deal(yen),
    ] {
        repo::tag::attach(conn, None, mixed_tag.id, t).expect("attach");
    }
    let retired = repo::tag::ensure(conn, None, "retired").expect("tag");
    for t in [
        Tagged::Company(acme),
        Tagged::Company(tokyo),
        Tagged::Deal(yen),
    ] {
        repo::tag::attach(conn, None, retired.id, t).expect("attach");
    }

    let dormant = repo::stage::create(
        conn,
        None,
        StageDraft::new("Dormant", 9, 0, StageKind::Open),
    )
    .expect("stage");
    repo::stage::soft_delete(conn, None, dormant.id, None).expect("delete stage");
    repo::tag::soft_delete(conn, None, retired.id).expect("delete tag");
    repo::company::soft_delete(conn, None, zombie, None).expect("delete company");
    repo::deal::soft_delete(conn, None, deleted_deal, None).expect("delete deal");
    repo::user::soft_delete(conn, None, gone, None).expect("delete user");
    // an empty (not NULL) industry: the repositories store blanks as NULL, so write it directly
    diesel::update(companies::table.filter(companies::name.eq("O'Reilly & Sons")))
        .set(companies::industry.eq(Some("")))
        .execute(conn)
        .expect("empty industry");
}

fn seed(conn: &mut DbConn, now: NaiveDateTime) {
    rolo::seed::demo::load(conn, None).expect("demo data");
    rolo::seed::synthetic::load(conn, SIZES, false).expect("synthetic data");
    edge_rows(conn, now);
}

fn time(r: &Row, c: &str) -> NaiveDateTime {
    match r.get(c) {
        Val::Time(t) => *t,
        v => panic!("{c} is not a timestamp: {v:?}"),
    }
}

fn opt_time(r: &Row, c: &str) -> Option<NaiveDateTime> {
    match r.get(c) {
        Val::Time(t) => Some(*t),
        _ => None,
    }
}

/// Make PostgreSQL's clock-dependent columns (creation times, demo due dates, …) equal to
/// SQLite's, so both databases hold exactly the same data.
fn align_times(pg: &mut DbConn, base: &Snapshot, other: &Snapshot, map: &HashMap<Id, Id>) {
    write_transaction(pg, |c| -> Result<(), DbError> {
        for entity in ENTITIES {
            for r in other.rows(entity) {
                let b = base.row(entity, map[&r.id]).expect("paired row");
                let (created, updated, deleted) = (
                    time(b, "created_at"),
                    time(b, "updated_at"),
                    opt_time(b, "deleted_at"),
                );
                match entity {
                    Entity::Users => {
                        diesel::update(users::table.find(UserId(r.id)))
                            .set((
                                users::created_at.eq(created),
                                users::updated_at.eq(updated),
                                users::deleted_at.eq(deleted),
                            ))
                            .execute(c)?;
                    }
                    Entity::Stages => {
                        diesel::update(pipeline_stages::table.find(StageId(r.id)))
                            .set((
                                pipeline_stages::created_at.eq(created),
                                pipeline_stages::updated_at.eq(updated),
                                pipeline_stages::deleted_at.eq(deleted),
                            ))
                            .execute(c)?;
                    }
                    Entity::Tags => {
                        diesel::update(tags::table.find(TagId(r.id)))
                            .set((
                                tags::created_at.eq(created),
                                tags::updated_at.eq(updated),
                                tags::deleted_at.eq(deleted),
                            ))
                            .execute(c)?;
                    }
                    Entity::Companies => {
                        diesel::update(companies::table.find(CompanyId(r.id)))
                            .set((
                                companies::created_at.eq(created),
                                companies::updated_at.eq(updated),
                                companies::deleted_at.eq(deleted),
                            ))
                            .execute(c)?;
                    }
                    Entity::Contacts => {
                        diesel::update(contacts::table.find(ContactId(r.id)))
                            .set((
                                contacts::created_at.eq(created),
                                contacts::updated_at.eq(updated),
                                contacts::deleted_at.eq(deleted),
                            ))
                            .execute(c)?;
                    }
                    Entity::Deals => {
                        let close = match b.get("expected_close") {
                            Val::Date(d) => Some(*d),
                            _ => None,
                        };
                        diesel::update(deals::table.find(DealId(r.id)))
                            .set((
                                deals::created_at.eq(created),
                                deals::updated_at.eq(updated),
                                deals::deleted_at.eq(deleted),
                                deals::closed_at.eq(opt_time(b, "closed_at")),
                                deals::expected_close.eq(close),
                            ))
                            .execute(c)?;
                    }
                    Entity::Activities => {
                        diesel::update(activities::table.find(ActivityId(r.id)))
                            .set((
                                activities::created_at.eq(created),
                                activities::updated_at.eq(updated),
                                activities::deleted_at.eq(deleted),
                                activities::due_at.eq(opt_time(b, "due_at")),
                                activities::completed_at.eq(opt_time(b, "completed_at")),
                            ))
                            .execute(c)?;
                    }
                    Entity::Views | Entity::Teams => {}
                }
            }
        }
        Ok(())
    })
    .expect("align timestamps");
}

/// Two seeded databases holding the same rows, and which PostgreSQL id is which SQLite id.
struct World {
    sqlite: common::TestDb,
    postgres: common::TestDb,
    snap: Snapshot,
    pg_to_sqlite: HashMap<Id, Id>,
    me: UserId,
    now: NaiveDateTime,
}

fn world() -> World {
    // whole seconds: the clock of every relative date in every filter
    common::fixed_clock();
    let now = rolo::db::now().trunc_subsecs(0);
    let sqlite = common::sqlite();
    let postgres = common::postgres();
    let (mut sq, mut pg) = (sqlite.conn(), postgres.conn());
    seed(&mut sq, now);
    seed(&mut pg, now);
    let snap = Snapshot::load(&mut sq);
    let pg_snap = Snapshot::load(&mut pg);
    let map = pair_ids(&snap, &pg_snap);
    align_times(&mut pg, &snap, &pg_snap, &map);
    let aligned = Snapshot::load(&mut pg).translated(&map);
    for entity in ENTITIES {
        for (a, b) in snap.rows(entity).iter().zip(aligned.rows(entity)) {
            assert_eq!(a, b, "{entity}: the databases hold different data");
        }
        let mut links = snap.links(entity).to_vec();
        links.sort();
        assert_eq!(links, aligned.links(entity), "{entity}: different tags");
    }
    let me = user_id(&mut sq, &format!("user0.s{}@synthetic.example", SIZES.seed));
    assert_eq!(
        me,
        user_id(&mut pg, &format!("user0.s{}@synthetic.example", SIZES.seed))
    );
    drop((sq, pg));
    World {
        sqlite,
        postgres,
        snap,
        pg_to_sqlite: map,
        me,
        now,
    }
}

// ---------------------------------------------------------------------------------------------
// running a filter

/// Every row a filter selects through the entity's repository: one big page, then the same rows
/// again in small keyset pages, and `count`. Any disagreement among the three is an error.
fn select(conn: &mut DbConn, entity: Entity, sql: &SqlPredicate) -> Result<Vec<Id>, String> {
    macro_rules! run {
        ($repo:ident, $sort:expr) => {{
            let mut pages = |limit: i64| -> Result<Vec<Id>, DbError> {
                let (mut ids, mut after, mut n) = (Vec::new(), None, 0);
                loop {
                    let mut q = ListQuery::sorted($sort, limit);
                    q.after = after.take();
                    let page = repo::$repo::list(conn, &q, Some(Box::new(sql.clone())))?;
                    ids.extend(page.rows.iter().map(|r| r.id.id()));
                    n += 1;
                    match page.next {
                        Some(c) if n < 1000 => after = Some(c),
                        _ => return Ok(ids),
                    }
                }
            };
            let all = pages(1_000_000).map_err(|e| format!("list: {e}"))?;
            let small = (all.len() as i64 / 3).max(2);
            let paged = pages(small).map_err(|e| format!("paged list: {e}"))?;
            let count = repo::$repo::count(conn, Liveness::Live, Some(Box::new(sql.clone())))
                .map_err(|e| format!("count: {e}"))?;
            if paged != all {
                return Err(format!(
                    "keyset pages of {small} return {} rows, one page {}",
                    paged.len(),
                    all.len()
                ));
            }
            if count != all.len() as i64 {
                return Err(format!("count says {count}, list returns {}", all.len()));
            }
            Ok(all)
        }};
    }
    match entity {
        Entity::Companies => run!(company, repo::company::CompanySort::Name),
        Entity::Contacts => run!(contact, repo::contact::ContactSort::FirstName),
        Entity::Deals => run!(deal, repo::deal::DealSort::Title),
        Entity::Activities => run!(activity, repo::activity::ActivitySort::Created),
        Entity::Users => run!(user, repo::user::UserSort::Name),
        Entity::Stages => run!(stage, repo::stage::StageSort::Position),
        other => Err(format!("{other} cannot be listed")),
    }
}

struct Harness<'a> {
    w: &'a World,
    sq: RefCell<rolo::db::PooledConn>,
    pg: RefCell<rolo::db::PooledConn>,
}

enum Verdict {
    Same(usize),
    /// Not a usable case: the text is outside the documented behaviour, or does not compile.
    Skipped(String),
    Differs(String),
}

impl Harness<'_> {
    fn context(&self, entity: Entity) -> Context {
        Context {
            entity,
            me: Some(self.w.me),
            now: self.w.now,
        }
    }

    fn ids(
        &self,
        entity: Entity,
        pred: &Pred,
        backend: BackendKind,
        shapes: &Shapes,
    ) -> Result<BTreeSet<Id>, String> {
        let sql = lower::lower_shaped(pred, entity, backend, shapes);
        let (conn, map) = match backend {
            BackendKind::Sqlite => (&self.sq, None),
            BackendKind::Postgres => (&self.pg, Some(&self.w.pg_to_sqlite)),
        };
        let ids = select(&mut conn.borrow_mut(), entity, &sql)?;
        let set: BTreeSet<Id> = ids
            .iter()
            .map(|id| map.map_or(*id, |m| *m.get(id).unwrap_or(id)))
            .collect();
        if set.len() != ids.len() {
            return Err(format!("{} rows but {} distinct", ids.len(), set.len()));
        }
        Ok(set)
    }

    fn run(&self, entity: Entity, text: &str) -> Verdict {
        let cx = self.context(entity);
        let expr = match filter::parse(text) {
            Ok(Some(e)) => e,
            Ok(None) => return Verdict::Skipped("empty".into()),
            Err(e) => return Verdict::Skipped(format!("parse: {}", e.render(text))),
        };
        let pred = match check::check(&expr, &cx) {
            Ok(p) => p,
            Err(e) => return Verdict::Skipped(format!("check: {}", e.render(text))),
        };
        let want = Reference { snap: &self.w.snap }.matching(entity, &pred);
        for (label, shapes) in self.shape_sets(entity, &pred) {
            let sqlite = self.ids(entity, &pred, BackendKind::Sqlite, &shapes);
            let postgres = self.ids(entity, &pred, BackendKind::Postgres, &shapes);
            if sqlite.as_ref() != Ok(&want) || postgres.as_ref() != Ok(&want) {
                return self.differs(
                    text,
                    entity,
                    &pred,
                    &want,
                    label,
                    &shapes,
                    [sqlite, postgres],
                );
            }
        }
        Verdict::Same(want.len())
    }

    /// The shapes to run a filter in: the defaults, and where the filter has a related condition
    /// or a money test, every alternative shape and the shapes the probes choose for a page and
    /// for a count (on this small data set the probes mostly keep the defaults).
    fn shape_sets(&self, entity: Entity, pred: &Pred) -> Vec<(&'static str, Shapes)> {
        let mut sets = vec![("default shapes", Shapes::default())];
        if has_shaped(pred) {
            sets.push((
                "correlated related, money branches, tags as an array",
                Shapes::uniform(
                    RelatedShape::Correlated,
                    MoneyShape::Branches,
                    TagShape::Array,
                ),
            ));
            sets.push((
                "correlated related, normalized money, tags IN",
                Shapes::uniform(
                    RelatedShape::Correlated,
                    MoneyShape::Normalized,
                    TagShape::In,
                ),
            ));
            // each backend's probes choose for that backend; both backends run each choice
            for (label, backend, purpose) in [
                (
                    "probed on SQLite for a page",
                    BackendKind::Sqlite,
                    Purpose::Rows,
                ),
                (
                    "probed on SQLite for a count",
                    BackendKind::Sqlite,
                    Purpose::Count,
                ),
                (
                    "probed on PostgreSQL for a page",
                    BackendKind::Postgres,
                    Purpose::Rows,
                ),
            ] {
                let mut conn = match backend {
                    BackendKind::Sqlite => self.sq.borrow_mut(),
                    BackendKind::Postgres => self.pg.borrow_mut(),
                };
                sets.push((label, probe::choose(&mut conn, pred, entity, purpose)));
            }
        }
        sets
    }

    #[allow(clippy::too_many_arguments)]
    fn differs(
        &self,
        text: &str,
        entity: Entity,
        pred: &Pred,
        want: &BTreeSet<Id>,
        label: &str,
        shapes: &Shapes,
        [sqlite, postgres]: [Result<BTreeSet<Id>, String>; 2],
    ) -> Verdict {
        let mut out = format!(
            "{entity} filter: {text}\n  checked: {pred:?}\n  reference: {} rows\n  shapes: {label}\n",
            want.len()
        );
        for (backend, got) in [
            (BackendKind::Sqlite, &sqlite),
            (BackendKind::Postgres, &postgres),
        ] {
            let (sql, binds) = lower::lower_shaped(pred, entity, backend, shapes).describe();
            out.push_str(&format!("  {backend} SQL: {sql}\n    binds: {binds:?}\n"));
            match got {
                Err(e) => out.push_str(&format!("  {backend}: ERROR {e}\n")),
                Ok(got) if got == want => out.push_str(&format!("  {backend}: same\n")),
                Ok(got) => {
                    for (what, ids) in [
                        ("returns, reference does not", got - want),
                        ("misses, reference selects", want - got),
                    ] {
                        if ids.is_empty() {
                            continue;
                        }
                        out.push_str(&format!("  {backend} {what} ({}):\n", ids.len()));
                        for id in ids.iter().take(5) {
                            out.push_str(&format!("      {}\n", self.w.snap.describe(entity, *id)));
                        }
                    }
                }
            }
        }
        Verdict::Differs(out)
    }
}

/// Whether a filter has a condition whose SQL shape can vary (see `rolo::filter::shape`).
fn has_shaped(p: &Pred) -> bool {
    match p {
        Pred::And(parts) | Pred::Or(parts) => parts.iter().any(has_shaped),
        Pred::Not(inner) => has_shaped(inner),
        Pred::Related { .. } | Pred::Money { .. } | Pred::Tag { .. } => true,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// the tests

/// Filters that always run, chosen for the corners of the data and the language.
const PINNED: &[(Entity, &str)] = &[
    (Entity::Companies, "industry:software"),
    (Entity::Companies, "industry:SOFTWARE -name~eu"),
    (Entity::Companies, "industry:empty"),
    (Entity::Companies, "-industry:empty"),
    (Entity::Companies, "industry!=software"),
    (Entity::Companies, "name~%"),
    (Entity::Companies, "name~_"),
    (Entity::Companies, "name~\"\\\\\""),
    (Entity::Companies, "name^\"o'\""),
    (Entity::Companies, "name:\"o'reilly & sons\""),
    (Entity::Companies, "name:\"x'; DROP TABLE companies; --\""),
    (Entity::Companies, "name>m name<=t"),
    (Entity::Companies, "\"100%\""),
    (Entity::Companies, "natural_"),
    (Entity::Companies, "crème"),
    (Entity::Companies, "creme"),
    (Entity::Companies, "'say \"hi\"'"),
    (Entity::Companies, "acme"),
    (Entity::Companies, "ac"),
    (Entity::Companies, "currency:usd"),
    (Entity::Companies, "currency:EUR,jpy"),
    (
        Entity::Companies,
        "website:\"https://acme-widgets.example/about-us\"",
    ),
    (Entity::Companies, "notes:\"met at tradeshow 2025\""),
    (Entity::Companies, "notes~tradeshow"),
    (Entity::Companies, "revenue>=1000"),
    (Entity::Companies, "revenue:1000"),
    (Entity::Companies, "revenue:12345.678"),
    (Entity::Companies, "revenue>12345.6"),
    (Entity::Companies, "revenue<250.5"),
    (Entity::Companies, "revenue:empty"),
    (Entity::Companies, "revenue!=0.5"),
    (Entity::Companies, "revenue:empty revenue!=99.999"),
    (Entity::Companies, "-revenue!=0.001"),
    (Entity::Companies, "employees:0"),
    (Entity::Companies, "employees>=1_000"),
    (Entity::Companies, "owner:me"),
    (Entity::Companies, "owner:deleted.person@rolo.example"),
    (Entity::Companies, "owner:\"mixed case user\""),
    (Entity::Companies, "-owner:me"),
    (Entity::Companies, "owner:empty"),
    (Entity::Companies, "tag:vip,mixedcase"),
    (Entity::Companies, "tag:retired"),
    (Entity::Companies, "-tag:retired"),
    (Entity::Companies, "parent.name:\"acme widgets\""),
    (Entity::Companies, "parent:\"zombie corp\""),
    (Entity::Companies, "-parent.industry:software"),
    (Entity::Companies, "parent.parent.name~a"),
    (Entity::Companies, "created>-30d"),
    (Entity::Companies, "created:today"),
    (Entity::Companies, "country:jp city:zürich"),
    (Entity::Companies, "city:zürich"),
    (Entity::Companies, "city~ürich"),
    (Entity::Contacts, "lovelace"),
    (Entity::Contacts, "ada@acme"),
    (Entity::Contacts, "wu"),
    (Entity::Contacts, "zoë"),
    (Entity::Contacts, "d'arc"),
    (Entity::Contacts, "title~\"_lead 50%\""),
    (Entity::Contacts, "notes:\"prefers email\""),
    (Entity::Contacts, "company.industry:software"),
    (Entity::Contacts, "company:empty"),
    (Entity::Contacts, "-company.name~zombie"),
    (Entity::Contacts, "primary:yes"),
    (Entity::Contacts, "tag:MIXEDCASE"),
    (Entity::Deals, "currency:usd"),
    (Entity::Deals, "currency:jpy value:1234"),
    (Entity::Deals, "value:12.345"),
    (Entity::Deals, "value:12.34"),
    (Entity::Deals, "value>12.3"),
    (Entity::Deals, "value<12.3"),
    (Entity::Deals, "value:1000"),
    (Entity::Deals, "value:250.5"),
    (Entity::Deals, "value!=250.5,1000"),
    (Entity::Deals, "value>=1000.001"),
    (Entity::Deals, "lost_reason:\"went with competitor\""),
    (Entity::Deals, "lost_reason~competitor"),
    (Entity::Deals, "stage:proposal,WON"),
    (Entity::Deals, "stage:dormant"),
    (Entity::Deals, "-stage:lead"),
    (Entity::Deals, "overdue"),
    (Entity::Deals, "open close<+30d"),
    (Entity::Deals, "close:this-week"),
    (Entity::Deals, "close:today"),
    (Entity::Deals, "close!=today"),
    (Entity::Deals, "close:empty"),
    (Entity::Deals, "company.name:\"zombie corp\""),
    (Entity::Deals, "-company.name:\"zombie corp\""),
    (Entity::Deals, "contact.company.industry:software"),
    (Entity::Deals, "tag:retired"),
    (Entity::Deals, "tag:strategic,mixedcase"),
    (Entity::Deals, "owner:me or owner:\"MIXED CASE USER\""),
    (Entity::Deals, "\"100%\" | uptime_"),
    (Entity::Deals, "probability:empty"),
    (Entity::Deals, "closed>-7d"),
    (Entity::Activities, "overdue"),
    (Entity::Activities, "open -overdue"),
    (Entity::Activities, "done"),
    (Entity::Activities, "due<today"),
    (Entity::Activities, "due>-30d"),
    (Entity::Activities, "due>=-30d"),
    (Entity::Activities, "due<=+1d"),
    (Entity::Activities, "due<+1d"),
    (Entity::Activities, "due:this-week"),
    (Entity::Activities, "body:\"mixed body text\""),
    (Entity::Activities, "body~\"body text\""),
    (Entity::Activities, "deal.title:\"deleted deal\""),
    (Entity::Activities, "deal:\"zombie deal\""),
    (Entity::Activities, "deal.company.name~zombie"),
    (Entity::Activities, "company.tag:vip"),
    (Entity::Activities, "assignee:me -owner:me"),
    (Entity::Activities, "\"100%\""),
    (Entity::Activities, "déjà"),
    (Entity::Users, "timezone:utc"),
    (Entity::Users, "email:\"mixed.case@rolo.example\""),
    (Entity::Users, "name:\"deleted person\""),
    (Entity::Users, "role:sales-rep"),
    (Entity::Users, "mixed"),
    (Entity::Stages, "kind:open active:yes"),
    (Entity::Stages, "name:dormant"),
    (Entity::Stages, "position>=3"),
    (Entity::Stages, "won"),
];

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn filters_select_the_same_rows_on_both_backends_as_the_reference() {
    let started = Instant::now();
    let w = world();
    let setup = started.elapsed();
    let h = Harness {
        w: &w,
        sq: RefCell::new(w.sqlite.conn()),
        pg: RefCell::new(w.postgres.conn()),
    };
    let mut failures: Vec<String> = Vec::new();

    // the pinned filters
    for (entity, text) in PINNED {
        match h.run(*entity, text) {
            Verdict::Same(_) => {}
            Verdict::Skipped(why) => {
                failures.push(format!("pinned filter does not compile: {why}"))
            }
            Verdict::Differs(report) => failures.push(report),
        }
    }

    // the random ones
    let pools = Pools::new(&w.snap);
    let gen = Gen {
        pools: &pools,
        today: w.now.date(),
    };
    let seed = env_u64("ROLO_DIFF_SEED").unwrap_or(0x5eed_f11e);
    let scale = env_u64("ROLO_DIFF_CASES").map_or(1.0, |n| n as f64 / 100.0);
    let collect = std::env::var("ROLO_DIFF_COLLECT").is_ok_and(|v| v == "1");
    let (ran, matched_rows, skipped) = (Cell::new(0u32), Cell::new(0usize), Cell::new(0u32));
    let none = Cell::new(0u32);
    let rejects: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let collected: RefCell<Vec<String>> = RefCell::new(Vec::new());
    for (i, (entity, cases)) in CASES.iter().enumerate() {
        let entity = *entity;
        let config = Config {
            cases: ((*cases as f64) * scale).ceil() as u32,
            max_shrink_iters: 100,
            failure_persistence: None,
            ..Config::default()
        };
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        seed_bytes[8] = i as u8;
        let mut runner = TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
        );
        let result = runner.run(&tree(), |g| {
            let text = gen.render(entity, &g);
            if !pools.is_safe(&text) {
                skipped.set(skipped.get() + 1);
                return Ok(());
            }
            ran.set(ran.get() + 1);
            match h.run(entity, &text) {
                Verdict::Same(n) => {
                    matched_rows.set(matched_rows.get() + n);
                    none.set(none.get() + u32::from(n == 0));
                    Ok(())
                }
                Verdict::Skipped(why) => {
                    rejects.borrow_mut().push(why);
                    Ok(())
                }
                Verdict::Differs(report) if collect => {
                    collected.borrow_mut().push(report);
                    Ok(())
                }
                Verdict::Differs(report) => Err(TestCaseError::fail(report)),
            }
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(report, _)) => {
                failures.push(format!("(shrunk; seed {seed:#x}) {report}"))
            }
            Err(e) => failures.push(format!("{entity}: {e}")),
        }
    }
    failures.extend(collected.into_inner());
    let rejects = rejects.into_inner();
    eprintln!(
        "filter differential: setup {:.1}s, {} pinned + {} random filters run ({} rows selected \
         in all, {} selecting nothing), {} outside the ASCII case rule skipped (stored letters {:?}), {} did not \
         compile, total {:.1}s",
        setup.as_secs_f64(),
        PINNED.len(),
        ran.get(),
        matched_rows.get(),
        none.get(),
        skipped.get(),
        pools.hazard,
        rejects.len(),
        started.elapsed().as_secs_f64()
    );
    for r in rejects.iter().take(10) {
        eprintln!("  did not compile: {r}");
    }
    assert!(
        rejects.len() * 10 <= ran.get() as usize,
        "the generator writes too many filters that do not compile ({} of {})",
        rejects.len(),
        ran.get()
    );
    assert!(
        failures.is_empty(),
        "{} filter(s) select different rows:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
