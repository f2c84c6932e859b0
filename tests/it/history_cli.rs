//! `rolo deals history ID` and `rolo deals get ID` through the real binary on both backends: for
//! people, field labels, references by name (`(deleted)`, `(hidden)`), money with separators and
//! currency; for machines (`--output json`), ids as ids and money as a decimal string with its
//! currency.

use crate::common::{self, TestDb};
use rolo::db::repo;
use rolo::domain::{
    CompanyDraft, CompanyId, DealDraft, DealId, Role, StageDraft, StageKind, UserDraft,
};

const ADMIN: &str = "ada@example.com";
const REP: &str = "rita@example.com";
/// A name a terminal shows two columns per character, with an emoji.
const HIDDEN_CO: &str = "株式会社ミライ 🚀";

struct World {
    db: TestDb,
    dir: tempfile::TempDir,
    deal: DealId,
    sven_co: CompanyId,
}

/// Rita's deal moved by Ada from Lead at 12,500.00 USD with Rita's company (then deleted) to Won
/// at 1,234.00 USD with Sven's company.
fn world(db: TestDb) -> World {
    common::fixed_clock();
    let mut c = db.conn();
    let c = &mut *c;
    let user = |c: &mut _, name: &str, email: &str, role| {
        repo::user::create(c, None, UserDraft::new(name, email, role))
            .unwrap()
            .id
    };
    user(c, "Ada Admin", ADMIN, Role::Admin);
    let rita = user(c, "Rita Rep", REP, Role::SalesRep);
    let sven = user(c, "Sven South", "sven@example.com", Role::SalesRep);
    let lead = repo::stage::create(c, None, StageDraft::new("Lead", 0, 10, StageKind::Open))
        .unwrap()
        .id;
    repo::stage::create(c, None, StageDraft::new("Won", 1, 100, StageKind::Won)).unwrap();
    let mut co = CompanyDraft::new("Gone Co");
    co.owner_id = Some(rita);
    let gone_co = repo::company::create(c, None, co).unwrap().id;
    let mut co = CompanyDraft::new(HIDDEN_CO);
    co.owner_id = Some(sven);
    let sven_co = repo::company::create(c, None, co).unwrap().id;
    let mut d = DealDraft::new("Rita renewal", lead);
    d.owner_id = Some(rita);
    d.company_id = Some(gone_co);
    d.currency = "USD".into();
    d.value = 1_250_000;
    let deal = repo::deal::create(c, None, d).unwrap().id;
    let w = World {
        db,
        dir: tempfile::tempdir().unwrap(),
        deal,
        sven_co,
    };
    let out = w.run(
        ADMIN,
        &[
            "deals",
            "update",
            &deal.to_string(),
            "--set",
            "value=1234",
            "--set",
            "stage=Won",
            "--set",
            &format!("company={sven_co}"),
        ],
    );
    assert!(out.status.success(), "{}", common::describe(&out));
    repo::company::soft_delete(&mut w.db.conn(), None, gone_co, None).unwrap();
    w
}

impl World {
    fn run(&self, who: &str, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--as", who];
        all.extend_from_slice(args);
        common::rolo_in(self.dir.path(), &self.db.url_string(), &all)
    }

    fn text(&self, who: &str, args: &[&str]) -> String {
        let out = self.run(who, args);
        assert!(out.status.success(), "{}", common::describe(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, who: &str, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        serde_json::from_str(&self.text(who, &all)).unwrap()
    }
}

fn readable_and_machine(w: &World) {
    let id = w.deal.to_string();
    let history = w.text(ADMIN, &["deals", "history", &id]);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 2, "{history}");
    // the creation: every field by label, the company by its name though it is in the trash
    assert!(lines[0].starts_with("2026-"), "{history}");
    assert!(lines[0].contains("create"), "{history}");
    assert!(lines[0].contains("Title: ∅ → Rita renewal"), "{history}");
    assert!(lines[0].contains("Owner: ∅ → Rita Rep"), "{history}");
    // the update, by Ada
    let update = lines[1];
    assert!(update.contains(" update "), "{history}");
    assert!(update.contains("Ada Admin"), "{history}");
    assert!(update.contains("Stage: Lead → Won"), "{history}");
    assert!(
        update.contains("Value: 12,500.00 USD → 1,234.00 USD"),
        "{history}"
    );
    assert!(
        update.contains(&format!("Company: Gone Co (deleted) → {HIDDEN_CO}")),
        "{history}"
    );
    assert!(!update.contains("stage_id"), "{history}");

    let json = w.json(ADMIN, &["deals", "history", &id]);
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{json}");
    let changes = &entries[1]["changes"];
    assert_eq!(
        changes["value"],
        serde_json::json!({
            "old": {"value": "12500.00", "currency": "USD"},
            "new": {"value": "1234.00", "currency": "USD"},
        }),
        "{json}"
    );
    assert_eq!(
        changes["company_id"]["new"],
        w.sven_co.to_string(),
        "{json}"
    );
    assert_eq!(entries[1]["action"], "update");

    let get = w.text(ADMIN, &["deals", "get", &id]);
    let field = |label: &str| {
        get.lines()
            .find(|l| l.starts_with(label))
            .map(|l| l[label.len()..].trim().to_string())
            .unwrap_or_else(|| panic!("no {label} in:\n{get}"))
    };
    assert_eq!(field("Value"), "1,234.00 USD");
    assert_eq!(field("Stage"), "Won");
    assert_eq!(field("Company"), HIDDEN_CO);
    assert_eq!(field("Owner"), "Rita Rep");
    let json = w.json(ADMIN, &["deals", "get", &id]);
    assert_eq!(
        json["value"],
        serde_json::json!({"value": "1234.00", "currency": "USD"})
    );
    assert_eq!(json["company_id"], w.sven_co.to_string());
}

#[test]
fn history_and_get_read_names_and_money_sqlite() {
    readable_and_machine(&world(common::sqlite()));
}

#[test]
fn history_and_get_read_names_and_money_postgres() {
    readable_and_machine(&world(common::postgres()));
}

#[test]
fn a_reference_the_rep_may_not_see_reads_hidden() {
    let w = world(common::sqlite());
    let out = w.run(ADMIN, &["settings", "set", "visibility", "own"]);
    assert!(out.status.success(), "{}", common::describe(&out));
    let id = w.deal.to_string();
    let history = w.text(REP, &["deals", "history", &id]);
    assert!(
        history.contains("Company: Gone Co (deleted) → (hidden)"),
        "{history}"
    );
    assert!(!history.contains(HIDDEN_CO), "{history}");
    let get = w.text(REP, &["deals", "get", &id]);
    assert!(
        get.lines()
            .any(|l| l.starts_with("Company") && l.ends_with("(hidden)")),
        "{get}"
    );
    // machines still get the id: it is the deal's own field
    let json = w.json(REP, &["deals", "get", &id]);
    assert_eq!(json["company_id"], w.sven_co.to_string());
}
