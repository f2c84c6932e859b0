//! The access rules of docs/teams.md, run through the real binary with `--as EMAIL` on both
//! backends (on PostgreSQL the tests connect as the superuser and act with `--as`). Each test is
//! named after the table cells it covers; every role is tried at every visibility.
//!
//! The world: teams North (rep Rita, her mate Mats, manager Mona, read-only Rob) and South (rep
//! Sven); admin Ada is in no team. Companies: Rita's, Mats's, Sven's and one unowned.

use crate::common::{self, TestDb};
use rolo::db::repo;
use rolo::domain::{
    ActivityDraft, ActivityKind, CompanyDraft, CompanyId, ContactDraft, ContactId, DealDraft,
    DealId, Role, StageDraft, StageKind, TeamDraft, UserDraft, UserId,
};

struct World {
    db: TestDb,
    dir: tempfile::TempDir,
    rita_co: CompanyId,
    mats_co: CompanyId,
    sven_co: CompanyId,
    pool_co: CompanyId,
    /// Rita's contact at Sven's company: follows the company.
    rita_at_sven: ContactId,
    sven_deal: DealId,
}

const ADMIN: &str = "ada@example.com";
const MANAGER: &str = "mona@example.com";
const REP: &str = "rita@example.com";
const READ_ONLY: &str = "rob@example.com";

fn world(db: TestDb) -> World {
    common::fixed_clock();
    // due a day before the test clock's now: both are overdue on every agenda that shows them
    let due = rolo::domain::clock::parse(common::NOW)
        .map(|t| t - chrono::Duration::days(1))
        .ok();
    let mut c = db.conn();
    let c = &mut *c;
    let north = repo::team::create(c, None, TeamDraft::new("North"))
        .unwrap()
        .id;
    let south = repo::team::create(c, None, TeamDraft::new("South"))
        .unwrap()
        .id;
    let mut user = |name: &str, email: &str, role: Role, team| -> UserId {
        let mut d = UserDraft::new(name, email, role);
        d.team_id = team;
        repo::user::create(c, None, d).unwrap().id
    };
    user("Ada Admin", ADMIN, Role::Admin, None);
    user("Mona Manager", MANAGER, Role::Manager, Some(north));
    let rita = user("Rita Rep", REP, Role::SalesRep, Some(north));
    user("Rob Reader", READ_ONLY, Role::ReadOnly, Some(north));
    let mats = user("Mats Mate", "mats@example.com", Role::SalesRep, Some(north));
    let sven = user(
        "Sven South",
        "sven@example.com",
        Role::SalesRep,
        Some(south),
    );
    let mut company = |name: &str, owner: Option<UserId>| {
        let mut d = CompanyDraft::new(name);
        d.owner_id = owner;
        repo::company::create(c, None, d).unwrap().id
    };
    let rita_co = company("Rita Co", Some(rita));
    let mats_co = company("Mats Co", Some(mats));
    let sven_co = company("Sven Co", Some(sven));
    let pool_co = company("Pool Co", None);
    let mut contact = ContactDraft::new("Carla");
    contact.company_id = Some(sven_co);
    contact.owner_id = Some(rita);
    let rita_at_sven = repo::contact::create(c, None, contact).unwrap().id;
    let stage = repo::stage::create(c, None, StageDraft::new("Lead", 0, 10, StageKind::Open))
        .unwrap()
        .id;
    let mut deal = DealDraft::new("Sven renewal", stage);
    deal.owner_id = Some(sven);
    deal.company_id = Some(sven_co);
    let sven_deal = repo::deal::create(c, None, deal).unwrap().id;
    // on Sven's deal: one assigned to Rita (she sees it), one not
    let mut a = ActivityDraft::new(ActivityKind::Task, "Call for Rita");
    a.deal_id = Some(sven_deal);
    a.owner_id = Some(sven);
    a.assignee_id = Some(rita);
    a.due_at = due;
    repo::activity::create(c, None, a).unwrap();
    let mut a = ActivityDraft::new(ActivityKind::Task, "Sven's own call");
    a.deal_id = Some(sven_deal);
    a.owner_id = Some(sven);
    a.due_at = due;
    repo::activity::create(c, None, a).unwrap();
    World {
        db,
        dir: tempfile::tempdir().unwrap(),
        rita_co,
        mats_co,
        sven_co,
        pool_co,
        rita_at_sven,
        sven_deal,
    }
}

impl World {
    fn run(&self, who: &str, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--as", who];
        all.extend_from_slice(args);
        common::rolo_in(self.dir.path(), &self.db.url_string(), &all)
    }

    fn code(&self, who: &str, args: &[&str]) -> i32 {
        self.run(who, args).status.code().unwrap_or(-1)
    }

    fn count(&self, who: &str, entity: &str) -> i64 {
        let out = self.run(who, &[entity, "count"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    fn set_visibility(&self, v: &str) {
        assert_eq!(self.code(ADMIN, &["settings", "set", "visibility", v]), 0);
    }

    fn company_name(&self, id: CompanyId) -> String {
        repo::company::get(&mut self.db.conn(), id)
            .unwrap()
            .fields
            .name
    }
}

fn id<T: ToString>(v: T) -> String {
    v.to_string()
}

/// Reads: companies, contacts, deals and activities each role sees at each visibility, and a
/// hidden record's `get` is exit 3 (like a missing one).
fn reads(w: &World) {
    // (visibility, role, companies, contacts, deals, activities)
    let table: &[(&str, &str, i64, i64, i64, i64)] = &[
        ("own", ADMIN, 4, 1, 1, 2),
        ("own", MANAGER, 1, 0, 0, 0),
        ("own", REP, 2, 0, 0, 1),
        ("own", READ_ONLY, 1, 0, 0, 0),
        ("team", ADMIN, 4, 1, 1, 2),
        ("team", MANAGER, 3, 0, 0, 0),
        ("team", REP, 3, 0, 0, 1),
        ("team", READ_ONLY, 3, 0, 0, 0),
        ("all", ADMIN, 4, 1, 1, 2),
        ("all", MANAGER, 4, 1, 1, 2),
        ("all", REP, 4, 1, 1, 2),
        ("all", READ_ONLY, 4, 1, 1, 2),
    ];
    for &(vis, who, companies, contacts, deals, activities) in table {
        w.set_visibility(vis);
        let got = (
            w.count(who, "companies"),
            w.count(who, "contacts"),
            w.count(who, "deals"),
            w.count(who, "activities"),
        );
        assert_eq!(got, (companies, contacts, deals, activities), "{vis} {who}");
        let hidden = companies < 4;
        let get = w.code(who, &["companies", "get", &id(w.sven_co)]);
        assert_eq!(get, if hidden { 3 } else { 0 }, "get {vis} {who}");
        let get = w.code(who, &["contacts", "get", &id(w.rita_at_sven)]);
        assert_eq!(get, if hidden { 3 } else { 0 }, "get contact {vis} {who}");
    }
    // the unowned pool is everyone's at every setting
    w.set_visibility("own");
    for who in [ADMIN, MANAGER, REP, READ_ONLY] {
        assert_eq!(
            w.code(who, &["companies", "get", &id(w.pool_co)]),
            0,
            "{who}"
        );
    }
}

/// The agenda, the names of linked records, and `import list` follow the same rules: an activity
/// the user sees (Rita's, assigned to her on Sven's deal) shows no name of a record they do not
/// (the deal); the import log is for those who may import.
fn related_reads(w: &World) {
    // (visibility, role, sees Rita's call, sees Sven's own call, sees the deal's name)
    let table: &[(&str, &str, bool, bool, bool)] = &[
        ("own", ADMIN, true, true, true),
        ("own", MANAGER, false, false, false),
        ("own", REP, true, false, false),
        ("own", READ_ONLY, false, false, false),
        ("team", MANAGER, false, false, false),
        ("team", REP, true, false, false),
        ("all", MANAGER, true, true, true),
        ("all", REP, true, true, true),
        ("all", READ_ONLY, true, true, true),
    ];
    for &(vis, who, rita_call, sven_call, deal_name) in table {
        w.set_visibility(vis);
        let out = w.run(who, &["agenda", "--all-owners"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", common::describe(&out));
        let got = (
            text.contains("Call for Rita"),
            text.contains("Sven's own call"),
            text.contains("Sven renewal"),
        );
        assert_eq!(
            got,
            (rita_call, sven_call, deal_name),
            "agenda {vis} {who}: {text}"
        );
        // the same through the library, as the TUI timeline reads it
        let mut c = w.db.conn();
        let c = &mut *c;
        let me = repo::user::find_by_email(c, who).unwrap().map(|u| u.id);
        let access = rolo::db::access::load(c, me).unwrap();
        let q = repo::agenda::AgendaQuery::new(None, rolo::db::now());
        let a = repo::agenda::agenda_for(c, &q, &access).unwrap();
        let deals: Vec<_> = a
            .overdue
            .items
            .iter()
            .filter_map(|i| i.deal.clone())
            .collect();
        assert_eq!(
            a.overdue.items.len(),
            usize::from(rita_call) + usize::from(sven_call)
        );
        assert_eq!(!deals.is_empty(), deal_name, "library agenda {vis} {who}");
        // the names of linked records (TUI details, related rows) are narrowed alike
        let seen = rolo::db::access::visible_ids(
            c,
            &access,
            rolo::domain::Entity::Deals,
            [w.sven_deal.id()],
        )
        .unwrap();
        let shown = seen.is_none_or(|s| s.contains(&w.sven_deal.id()));
        assert_eq!(shown, deal_name, "visible_ids {vis} {who}");
    }
    w.set_visibility("team");
    // the import log: admins and managers (on PostgreSQL its policy says the same)
    for (who, want) in [(ADMIN, 0), (MANAGER, 0), (REP, 6), (READ_ONLY, 6)] {
        let out = w.run(who, &["import", "list"]);
        assert_eq!(out.status.code(), Some(want), "import list {who}");
        if want == 6 {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.starts_with("rolo: not permitted: "), "{err}");
            assert!(out.stdout.is_empty());
        }
    }
    // purging a stage is a stage change: admins only
    let mut c = w.db.conn();
    let c = &mut *c;
    let gone = repo::stage::create(c, None, StageDraft::new("Gone", 9, 0, StageKind::Open))
        .unwrap()
        .id;
    let rita = repo::user::find_by_email(c, REP).unwrap().map(|u| u.id);
    let err = repo::stage::purge_as(c, rita, gone).unwrap_err();
    assert!(matches!(err, rolo::db::DbError::NotPermitted(_)), "{err}");
    let ada = repo::user::find_by_email(c, ADMIN).unwrap().map(|u| u.id);
    repo::stage::purge_as(c, ada, gone).unwrap();
}

/// Writes to records: exit 0, 6 (visible, not permitted: one line naming record and rule) or 3
/// (hidden); nothing is written when refused.
fn record_writes(w: &World) {
    // (visibility, role, company, expected exit)
    let table: &[(&str, &str, CompanyId, i32)] = &[
        ("team", ADMIN, w.sven_co, 0),
        ("team", MANAGER, w.mats_co, 0),
        ("team", MANAGER, w.sven_co, 3),
        ("team", REP, w.rita_co, 0),
        ("team", REP, w.mats_co, 6),
        ("team", REP, w.pool_co, 6),
        ("team", REP, w.sven_co, 3),
        ("team", READ_ONLY, w.rita_co, 6),
        ("own", MANAGER, w.mats_co, 3),
        ("own", REP, w.mats_co, 3),
        ("all", MANAGER, w.sven_co, 0),
        ("all", REP, w.sven_co, 6),
        ("all", READ_ONLY, w.pool_co, 6),
    ];
    for (i, &(vis, who, company, want)) in table.iter().enumerate() {
        w.set_visibility(vis);
        let before = w.company_name(company);
        let name = format!("Renamed {i}");
        let out = w.run(
            who,
            &[
                "companies",
                "update",
                &id(company),
                "--set",
                &format!("name={name}"),
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(want), "{vis} {who} {before}: {err}");
        let after = w.company_name(company);
        if want == 0 {
            assert_eq!(after, name);
        } else {
            assert_eq!(after, before, "nothing written: {vis} {who}");
        }
        if want == 6 {
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("rolo: not permitted: "), "{err}");
            assert!(err.contains(&format!("\"{before}\"")), "{err}");
        }
        // deletes follow the same rule (a permitted delete is undone for the next row)
        let del = w.code(who, &["companies", "delete", &id(company)]);
        assert_eq!(del, want, "delete {vis} {who}");
        if del == 0 {
            assert_eq!(w.code(ADMIN, &["companies", "restore", &id(company)]), 0);
        }
    }
    w.set_visibility("team");
    // the exact message
    let out = w.run(
        REP,
        &["companies", "update", &id(w.mats_co), "--set", "name=X"],
    );
    let before = w.company_name(w.mats_co);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!(
            "rolo: not permitted: company \"{before}\" is owned by Mats Mate; a sales rep may change only their own records"
        )
    );
    // a rep's new record is theirs; giving it (or one of theirs) to someone else is refused
    assert_eq!(
        w.code(REP, &["companies", "create", "--set", "name=Rita New"]),
        0
    );
    assert_eq!(
        w.code(
            REP,
            &[
                "companies",
                "create",
                "--set",
                "name=For Mats",
                "--set",
                "owner=mats@example.com"
            ]
        ),
        6
    );
    assert_eq!(
        w.code(
            REP,
            &[
                "companies",
                "update",
                &id(w.rita_co),
                "--set",
                "owner=mats@example.com"
            ]
        ),
        6
    );
    assert_eq!(
        w.code(READ_ONLY, &["companies", "create", "--set", "name=Nope"]),
        6
    );
    // a manager creates for anyone; moves a deal they see
    assert_eq!(
        w.code(
            MANAGER,
            &[
                "companies",
                "create",
                "--set",
                "name=For Sven",
                "--set",
                "owner=sven@example.com"
            ]
        ),
        0
    );
    // deals: hidden to the rep at team, not theirs at all
    assert_eq!(
        w.code(
            REP,
            &["deals", "update", &id(w.sven_deal), "--set", "title=X"]
        ),
        3
    );
    w.set_visibility("all");
    assert_eq!(
        w.code(
            REP,
            &["deals", "update", &id(w.sven_deal), "--set", "title=X"]
        ),
        6
    );
    assert_eq!(
        w.code(
            MANAGER,
            &["deals", "update", &id(w.sven_deal), "--set", "title=Y"]
        ),
        0
    );
    w.set_visibility("team");
}

/// Users, teams, stages and settings: admins only; every role reads them.
fn management(w: &World) {
    for who in [MANAGER, REP, READ_ONLY] {
        let new_user = [
            "users",
            "create",
            "--set",
            "name=New",
            "--set",
            "email=new@example.com",
        ];
        assert_eq!(w.code(who, &new_user), 6, "users {who}");
        assert_eq!(
            w.code(who, &["teams", "create", "--set", "name=East"]),
            6,
            "teams {who}"
        );
        assert_eq!(
            w.code(who, &["stages", "create", "--set", "name=Won"]),
            6,
            "stages {who}"
        );
        assert_eq!(
            w.code(who, &["settings", "set", "visibility", "all"]),
            6,
            "settings {who}"
        );
        assert_eq!(w.count(who, "users"), 6, "{who}");
        assert_eq!(w.count(who, "teams"), 2, "{who}");
        let out = w.run(who, &["settings", "get", "visibility"]);
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "team");
    }
    assert_eq!(w.count(ADMIN, "users"), 6);
    let create = [
        "users",
        "create",
        "--set",
        "name=Nia",
        "--set",
        "email=nia@example.com",
        "--set",
        "login=nia",
        "--set",
        "team=South",
    ];
    assert_eq!(w.code(ADMIN, &create), 0);
    assert_eq!(w.code(ADMIN, &["teams", "create", "--set", "name=East"]), 0);
    let bad = [
        "users",
        "create",
        "--set",
        "name=B",
        "--set",
        "email=b@example.com",
        "--set",
        "login=Not Valid",
    ];
    assert_eq!(w.code(ADMIN, &bad), 2);
    let out = w.run(ADMIN, &["users", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("LOGIN") && text.contains("TEAM") && text.contains("ACTIVE"),
        "{text}"
    );
    assert!(text.contains("nia"), "{text}");
    // a user's team reads by name in the table (JSON and CSV keep its id)
    let rita = text
        .lines()
        .find(|l| l.contains(REP))
        .unwrap_or_default()
        .to_string();
    assert!(rita.contains("North"), "{text}");
    assert_eq!(
        w.code(ADMIN, &["settings", "set", "visibility", "sometimes"]),
        2
    );
}

/// No acting user: full access, as before teams (SQLite).
#[test]
fn no_acting_user_keeps_full_access_sqlite() {
    let w = world(common::sqlite());
    let out = common::rolo_in(w.dir.path(), &w.db.url_string(), &["companies", "count"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "4");
}

#[test]
fn reads_by_role_and_visibility_sqlite() {
    reads(&world(common::sqlite()));
}

#[test]
fn reads_by_role_and_visibility_postgres() {
    reads(&world(common::postgres()));
}

#[test]
fn agenda_linked_names_and_import_list_by_role_sqlite() {
    related_reads(&world(common::sqlite()));
}

#[test]
fn agenda_linked_names_and_import_list_by_role_postgres() {
    related_reads(&world(common::postgres()));
}

#[test]
fn record_writes_by_role_and_visibility_sqlite() {
    record_writes(&world(common::sqlite()));
}

#[test]
fn record_writes_by_role_and_visibility_postgres() {
    record_writes(&world(common::postgres()));
}

#[test]
fn management_is_for_admins_sqlite() {
    management(&world(common::sqlite()));
}

#[test]
fn management_is_for_admins_postgres() {
    management(&world(common::postgres()));
}

/// A deactivated user cannot act: `--as` them is exit 6 naming why, and nothing is read.
#[test]
fn a_deactivated_user_cannot_act_sqlite() {
    let w = world(common::sqlite());
    assert_eq!(
        w.code(
            ADMIN,
            &[
                "users",
                "create",
                "--set",
                "name=Ina Gone",
                "--set",
                "email=ina@rolo.example",
                "--set",
                "role=sales_rep",
                "--set",
                "active=false"
            ]
        ),
        0
    );
    let out = w.run("ina@rolo.example", &["companies", "list"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rolo: not permitted: Ina Gone (ina@rolo.example) is deactivated; an admin reactivates \
         them with --set active=true\n"
    );
}

/// The names of linked records in the TUI's tables and forms: a deal Rita owns at Sven's company
/// shows the company as "(hidden)" to her under `own` and `team` (the link is kept, so saving the
/// form leaves it), by name under `all` and to the admin; a record she may not see does not open
/// in a form at all.
fn linked_names_in_tables_and_forms(w: &World) {
    use rolo::tui::effect::Effect;
    use rolo::tui::forms::FormKind;
    use rolo::tui::pane::PaneId;
    use rolo::tui::state::listing::{PageFrom, Query};
    use rolo::tui::{worker, Action};

    let rita_deal = {
        let mut c = w.db.conn();
        let c = &mut *c;
        let rita = repo::user::find_by_email(c, REP).unwrap().map(|u| u.id);
        let stage = repo::stage::live_ordered(c).unwrap()[0].id;
        let mut deal = DealDraft::new("Rita at Sven", stage);
        deal.owner_id = rita;
        deal.company_id = Some(w.sven_co);
        repo::deal::create(c, None, deal).unwrap().id
    };
    let company_col = rolo::domain::describe::describe(rolo::domain::Entity::Deals)
        .pane
        .iter()
        .position(|c| c.field == "company_id")
        .expect("the deals pane shows the company");
    for (vis, who, shown) in [
        ("own", REP, "(hidden)"),
        ("team", REP, "(hidden)"),
        ("all", REP, "Sven Co"),
        ("own", ADMIN, "Sven Co"),
    ] {
        w.set_visibility(vis);
        let ctx = common::tui::ctx_for(&w.db, Some(who));
        let query = Query {
            filter: "title:\"rita at sven\"".into(),
            sort: 0,
            descending: false,
        };
        let effect = Effect::LoadRows {
            pane: PaneId::Deals,
            req: 1,
            query,
            from: PageFrom::Start,
            limit: 50,
        };
        let Some(Action::RowsLoaded { result, .. }) = worker::run(&ctx, effect) else {
            panic!("rows for {vis} {who}");
        };
        let rows = result.unwrap().rows;
        assert_eq!(rows.len(), 1, "{vis} {who}");
        assert_eq!(rows[0].cells[company_col], shown, "table {vis} {who}");
        let mut conn = ctx.conn().unwrap();
        let form = worker::form::load(
            &mut conn,
            &ctx.access,
            FormKind::Deal,
            rita_deal.id(),
            ctx.zone,
        )
        .unwrap();
        let text = format!("{:?}", form.values);
        assert!(text.contains(shown), "form {vis} {who}: {text}");
        if shown == "(hidden)" {
            assert!(!text.contains("Sven Co"), "form {vis} {who}: {text}");
            // Sven's own deal is not hers to open
            let err = worker::form::load(
                &mut conn,
                &ctx.access,
                FormKind::Deal,
                w.sven_deal.id(),
                ctx.zone,
            )
            .unwrap_err();
            assert!(matches!(err, rolo::db::DbError::NotFound { .. }), "{err}");
        }
    }
}

#[test]
fn linked_names_in_tables_and_forms_follow_visibility_sqlite() {
    linked_names_in_tables_and_forms(&world(common::sqlite()));
}

#[test]
fn linked_names_in_tables_and_forms_follow_visibility_postgres() {
    linked_names_in_tables_and_forms(&world(common::postgres()));
}

/// The TUI's board (totals and cards) holds exactly the deals its deals table counts for the
/// same user: the visibility rule narrows the board too.
fn board_follows_visibility(w: &World) {
    use rolo::tui::effect::Effect;
    use rolo::tui::pane::PaneId;
    use rolo::tui::state::listing::Count;
    use rolo::tui::{worker, Action};

    let mut seen = Vec::new();
    for (vis, who) in [("own", REP), ("team", REP), ("all", REP), ("own", ADMIN)] {
        w.set_visibility(vis);
        let ctx = common::tui::ctx_for(&w.db, Some(who));
        let board = Effect::LoadBoard {
            req: 1,
            filter: String::new(),
        };
        let Some(Action::BoardLoaded { result, .. }) = worker::run(&ctx, board) else {
            panic!("board for {vis} {who}");
        };
        let board = result.unwrap();
        let on_board: i64 = board.columns.iter().map(|c| c.deals).sum();
        let cards: usize = board.columns.iter().map(|c| c.cards.len()).sum();
        let count = Effect::Count {
            pane: PaneId::Deals,
            req: 2,
            filter: String::new(),
        };
        let Some(Action::Counted { result, .. }) = worker::run(&ctx, count) else {
            panic!("count for {vis} {who}");
        };
        let Ok(Count::Exact(n)) = result else {
            panic!("count for {vis} {who}: {result:?}");
        };
        assert_eq!(on_board, n, "board totals {vis} {who}");
        assert_eq!(i64::try_from(cards).unwrap(), n, "board cards {vis} {who}");
        seen.push(n);
    }
    // the rule narrowed something: a rep seeing only their own deals sees fewer than the admin
    assert!(seen[0] < seen[3], "{seen:?}");
}

#[test]
fn the_board_follows_visibility_sqlite() {
    board_follows_visibility(&world(common::sqlite()));
}

#[test]
fn the_board_follows_visibility_postgres() {
    board_follows_visibility(&world(common::postgres()));
}
