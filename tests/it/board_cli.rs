//! The real binary on the demo data, both backends: `rolo deals board`, `rolo deals move`,
//! `rolo stages move|activate|deactivate` and `rolo agenda`, their output and exit codes, checked
//! against the library and the database.
use crate::common;

use std::process::Output;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::repo::agenda::{agenda, AgendaQuery};
use rolo::db::repo::board::stage_totals;
use rolo::db::repo::{history, stage, user};
use rolo::db::schema::deals;
use rolo::domain::{DealId, DealStatus};
use serde_json::Value;

/// `rolo --database URL …` with an isolated environment.
fn rolo(db: &TestDb, dir: &std::path::Path, args: &[&str]) -> Output {
    common::rolo_command()
        .env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(db.url_string())
        .args(args)
        .output()
        .expect("run rolo")
}

fn ok(o: &Output) -> String {
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(
        o.status.success(),
        "exit {:?}: {out} {err}",
        o.status.code()
    );
    out
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&ok(o)).expect("JSON output")
}

fn fails(o: &Output, code: i32, says: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert!(err.contains(says), "{err} does not say {says:?}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

const JORDAN: &str = "jordan.patel@rolo.example";

both_backends!(board_prints_the_library_totals, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&rolo(&db, d, &["seed", "demo"]));
    let v = json(&rolo(&db, d, &["deals", "board", "--output", "json"]));
    let totals = stage_totals(&mut db.conn(), rolo::db::repo::board::no_filter).unwrap();
    assert_eq!(v["stages"], serde_json::to_value(&totals).unwrap());
    assert_eq!(v["stages"].as_array().unwrap().len(), 6);
    assert_eq!(v["summary"]["open_deals"], 5);
    assert!(
        v["stages"][0].get("cards").is_none(),
        "no cards unless asked"
    );

    // the filter language, and the first cards of every stage
    let v = json(&rolo(
        &db,
        d,
        &[
            "--as", JORDAN, "deals", "board", "--where", "owner:me", "--cards", "1", "--output",
            "json",
        ],
    ));
    let counts: Vec<i64> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["deals"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [0, 1, 2, 1, 0, 0]);
    let proposal = &v["stages"][2];
    assert_eq!(proposal["cards"].as_array().unwrap().len(), 1);
    assert_eq!(proposal["more_cards"], true);
    assert_eq!(proposal["cards"][0]["owner_initials"], "JP");
    assert_eq!(proposal["cards"][0]["title"], "Quanta line monitoring");

    let table = ok(&rolo(&db, d, &["deals", "board", "--cards", "5"]));
    assert!(table.starts_with("STAGE"), "{table}");
    assert!(
        table.contains("Proposal     open   50%      2  76,500.00 EUR  38,250.00 EUR"),
        "{table}"
    );
    assert!(table.contains("Open pipeline: 5 deal(s), 124,500.00 EUR; 43,000.00 USD (weighted forecast 74,250.00 EUR; 7,000.00 USD)"), "{table}");
    assert!(table.contains("== Won (1 deal(s)) =="), "{table}");
    let bad = rolo(&db, d, &["deals", "board", "--where", "colour:red"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("invalid filter") && err.contains("^^^^^^ unknown field 'colour'"),
        "{err}"
    );
    fails(
        &rolo(&db, d, &["deals", "board", "--view", "nope"]),
        2,
        "no saved view",
    );
});

both_backends!(
    deals_move_through_the_stages_with_exit_codes,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        ok(&rolo(&db, d, &["seed", "demo"]));
        let deal: DealId = deals::table
            .filter(deals::title.eq("Meridian patient intake pilot"))
            .select(deals::id)
            .first(&mut *db.conn())
            .unwrap();
        let id = deal.to_string();
        let state = || {
            deals::table
                .find(deal)
                .select((deals::stage_id, deals::status, deals::version))
                .first::<(rolo::domain::StageId, DealStatus, i32)>(&mut *db.conn())
                .unwrap()
        };
        let stage_named = |name: &str| {
            stage::find_by_name(&mut db.conn(), name)
                .unwrap()
                .unwrap()
                .id
        };
        assert_eq!(state(), (stage_named("Lead"), DealStatus::Open, 1));
        let out = ok(&rolo(&db, d, &["deals", "move", &id, "--next"]));
        assert!(
            out.contains("is in stage 'Qualified' (open), version 2"),
            "{out}"
        );
        fails(
            &rolo(&db, d, &["deals", "move", &id, "--lost"]),
            2,
            "needs a lost reason",
        );
        fails(
            &rolo(
                &db,
                d,
                &["deals", "move", &id, "--to", "won", "--if-version", "1"],
            ),
            4,
            "changed by someone else",
        );
        fails(
            &rolo(&db, d, &["deals", "move", &id, "--to", "nowhere"]),
            3,
            "no live pipeline stage",
        );
        fails(
            &rolo(
                &db,
                d,
                &[
                    "deals",
                    "move",
                    "0193aaaa-0000-7000-8000-000000000000",
                    "--next",
                ],
            ),
            3,
            "not found",
        );
        fails(
            &rolo(&db, d, &["deals", "move", "junk", "--next"]),
            2,
            "not a deal id",
        );
        assert_eq!(
            state(),
            (stage_named("Qualified"), DealStatus::Open, 2),
            "refused moves wrote nothing"
        );
        let v = json(&rolo(
            &db,
            d,
            &[
                "deals",
                "move",
                &id,
                "--lost",
                "--reason",
                "budget cut",
                "--output",
                "json",
            ],
        ));
        assert_eq!(
            (v["status"].as_str(), v["lost_reason"].as_str()),
            (Some("lost"), Some("budget cut"))
        );
        fails(
            &rolo(&db, d, &["deals", "move", &id, "--next"]),
            2,
            "no next active stage",
        );
        ok(&rolo(
            &db,
            d,
            &["deals", "move", &id, "--won", "--if-version", "3"],
        ));
        assert_eq!(state(), (stage_named("Won"), DealStatus::Won, 4));
        assert_eq!(
            history::for_record(&mut db.conn(), deal.id())
                .unwrap()
                .len(),
            4
        );
        // exactly one target
        let o = rolo(&db, d, &["deals", "move", &id, "--next", "--won"]);
        assert_eq!(o.status.code(), Some(2));
        let o = rolo(&db, d, &["deals", "move", &id]);
        assert_eq!(o.status.code(), Some(2));
    }
);

both_backends!(stages_reorder_and_hide_by_name, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&rolo(&db, d, &["seed", "demo"]));
    let names = || -> Vec<String> {
        stage::live_ordered(&mut db.conn())
            .unwrap()
            .into_iter()
            .map(|s| format!("{}:{}", s.fields.position, s.fields.name))
            .collect()
    };
    let out = ok(&rolo(
        &db,
        d,
        &["stages", "move", "negotiation", "--to", "1"],
    ));
    assert!(
        out.starts_with("0  Lead\n1  Negotiation\n2  Qualified"),
        "{out}"
    );
    assert_eq!(
        names(),
        [
            "0:Lead",
            "1:Negotiation",
            "2:Qualified",
            "3:Proposal",
            "4:Won",
            "5:Lost"
        ]
    );
    ok(&rolo(&db, d, &["stages", "move", "Lead", "--to", "99"]));
    assert_eq!(names()[5], "5:Lead");
    let out = ok(&rolo(&db, d, &["stages", "deactivate", "lead"]));
    assert!(
        out.contains("inactive") && out.contains("its 1 deal(s) stay"),
        "{out}"
    );
    let v = json(&rolo(&db, d, &["deals", "board", "--output", "json"]));
    let shown: Vec<&str> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        shown,
        ["Negotiation", "Qualified", "Proposal", "Won", "Lost"]
    );
    assert!(ok(&rolo(&db, d, &["stages", "deactivate", "Lead"])).contains("already inactive"));
    ok(&rolo(&db, d, &["stages", "activate", "LEAD"]));
    assert_eq!(
        json(&rolo(&db, d, &["deals", "board", "--output", "json"]))["stages"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    fails(
        &rolo(&db, d, &["stages", "activate", "Nope"]),
        3,
        "no live pipeline stage named 'Nope'",
    );
    // the generic record commands still work under `stages`
    let out = ok(&rolo(&db, d, &["stages", "list", "--output", "ids"]));
    assert_eq!(out.lines().count(), 6);
});

both_backends!(agenda_for_the_acting_user_or_everyone, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&rolo(&db, d, &["seed", "demo"]));
    let v = json(&rolo(
        &db,
        d,
        &["--as", JORDAN, "agenda", "--output", "json"],
    ));
    let me = user::find_by_email(&mut db.conn(), JORDAN)
        .unwrap()
        .unwrap()
        .id;
    let lib = agenda(&mut db.conn(), &AgendaQuery::new(Some(me), rolo::db::now())).unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let lib_ids = |s: &rolo::db::repo::agenda::Section| -> Vec<String> {
        s.items.iter().map(|i| i.id.to_string()).collect()
    };
    assert_eq!(ids(&v["overdue"]), lib_ids(&lib.overdue));
    assert_eq!(ids(&v["overdue"]).len(), 1, "{v}");
    assert_eq!(
        v["overdue"]["items"][0]["subject"],
        "Send revised quote to Quanta"
    );
    assert_eq!(ids(&v["upcoming"]), lib_ids(&lib.upcoming));
    assert!(v.get("done").is_none());
    let all = json(&rolo(
        &db,
        d,
        &["agenda", "--all-owners", "--overdue", "--output", "json"],
    ));
    let keys: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["window", "overdue"]);
    assert_eq!(ids(&all["overdue"]).len(), 2);
    let table = ok(&rolo(
        &db,
        d,
        &["--as", JORDAN, "agenda", "--done", "--days", "30"],
    ));
    assert!(table.starts_with("OVERDUE (1)\n"), "{table}");
    assert!(table.contains("UPCOMING (next 30 days)"), "{table}");
    assert!(table.contains("DONE TODAY (0)"), "{table}");
    assert!(
        table.contains("Quanta Robotics / Tobias Brandt / Quanta line monitoring"),
        "{table}"
    );
    let limited = ok(&rolo(&db, d, &["agenda", "--all-owners", "--limit", "1"]));
    assert!(limited.starts_with("OVERDUE (1+)\n"), "{limited}");
    fails(
        &rolo(&db, d, &["agenda", "--all-owners", "--limit", "0"]),
        2,
        "--limit",
    );
});

both_backends!(agenda_days_are_the_acting_users_days, |db: TestDb| {
    use chrono::{NaiveDateTime, NaiveTime, TimeZone};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&rolo(&db, d, &["seed", "demo"]));
    let id = ok(&rolo(
        &db,
        d,
        &[
            "users",
            "list",
            "--where",
            &format!("email:{JORDAN}"),
            "--output",
            "ids",
        ],
    ));
    let id = id.trim();
    // a zone name the time zone database does not know is refused, with the nearest one
    let bad = rolo(
        &db,
        d,
        &["users", "update", id, "--set", "timezone=Pacific/Aukland"],
    );
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean 'Pacific/Auckland'?"), "{err}");
    ok(&rolo(
        &db,
        d,
        &["users", "update", id, "--set", "timezone=pacific/auckland"],
    ));
    let v = json(&rolo(
        &db,
        d,
        &["--as", JORDAN, "agenda", "--output", "json"],
    ));
    let at = |k: &str| -> NaiveDateTime { serde_json::from_value(v["window"][k].clone()).unwrap() };
    // today is Auckland's day: it starts at midnight there (UTC+13 in November), not in UTC
    let now = at("now");
    let auckland = chrono_tz::Pacific::Auckland;
    let local_day = auckland.from_utc_datetime(&now).date_naive();
    let midnight = auckland
        .from_local_datetime(&local_day.and_time(NaiveTime::MIN))
        .earliest()
        .unwrap()
        .naive_utc();
    assert_eq!(at("today_start"), midnight, "{v}");
    assert_eq!(
        at("today_end") - at("today_start"),
        chrono::Duration::days(1)
    );
});
