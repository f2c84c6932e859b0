use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::json;

use super::*;

fn id(n: u8) -> Id {
    format!("0193a3b0-0000-7000-8000-0000000000{n:02}")
        .parse()
        .unwrap()
}

fn changes(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn names() -> RefNames {
    HashMap::from([
        ((Entity::Stages, id(1)), RefName::Live("Lead".into())),
        ((Entity::Stages, id(2)), RefName::Live("Won".into())),
        (
            (Entity::Companies, id(3)),
            RefName::Deleted("株式会社 🚀".into()),
        ),
        ((Entity::Users, id(4)), RefName::Hidden),
    ])
}

fn berlin() -> Zone {
    Zone::named("Europe/Berlin").unwrap()
}

#[test]
fn references_read_as_names_deleted_hidden_and_unknown() {
    let names = names();
    let r = Reading {
        entity: Entity::Deals,
        names: &names,
        currency: Some("USD"),
        zone: berlin(),
    };
    let c = changes(json!({
        "stage_id": {"old": id(1).to_string(), "new": id(2).to_string()},
        "company_id": {"old": null, "new": id(3).to_string()},
        "owner_id": {"old": id(4).to_string(), "new": id(9).to_string()},
    }));
    let got = readable(&r, &c);
    let by = |f: &str| got.iter().find(|c| c.field == f).unwrap().clone();
    assert_eq!(
        (
            by("stage_id").label.as_str(),
            by("stage_id").old.as_str(),
            by("stage_id").new.as_str()
        ),
        ("Stage", "Lead", "Won")
    );
    assert_eq!(by("company_id").old, "∅");
    assert_eq!(by("company_id").new, "株式会社 🚀 (deleted)");
    assert_eq!(by("owner_id").label, "Owner");
    assert_eq!(by("owner_id").old, "(hidden)");
    assert_eq!(by("owner_id").new, "(unknown)");
    let mut wanted = references(Entity::Deals, &c);
    wanted.sort_by_key(|(e, i)| (e.to_string(), *i));
    assert_eq!(wanted.len(), 5);
}

#[test]
fn money_reads_in_major_units_with_its_currency_and_a_currency_change_applies_per_side() {
    let names = names();
    let r = Reading {
        entity: Entity::Deals,
        names: &names,
        currency: Some("USD"),
        zone: berlin(),
    };
    let c = changes(json!({"value": {"old": 1250000, "new": 123400}}));
    assert_eq!(
        summary(&readable(&r, &c)),
        "Value: 12,500.00 USD → 1,234.00 USD"
    );
    let c = changes(json!({
        "currency": {"old": "USD", "new": "JPY"},
        "value": {"old": 1250000, "new": 123400},
    }));
    let got = readable(&r, &c);
    let value = got.iter().find(|c| c.field == "value").unwrap();
    assert_eq!(
        (value.old.as_str(), value.new.as_str()),
        ("12,500.00 USD", "123,400 JPY")
    );
    assert_eq!(
        machine(Entity::Deals, &c, Some("USD"))["value"],
        json!({"old": {"value": "12500.00", "currency": "USD"}, "new": {"value": "123400", "currency": "JPY"}})
    );
}

#[test]
fn timestamps_read_in_the_zone_and_flags_as_yes_or_no() {
    let names = names();
    let r = Reading {
        entity: Entity::Deals,
        names: &names,
        currency: None,
        zone: berlin(),
    };
    let c = changes(json!({
        "closed_at": {"old": null, "new": "2026-12-01T19:49:51.992166"},
        "deleted_at": {"old": null, "new": "2026-07-01 10:00:00"},
    }));
    let got = readable(&r, &c);
    assert_eq!(got[0].label, "Closed");
    assert_eq!(got[0].new, "2026-12-01 20:49");
    assert_eq!(got[1].label, "Deleted");
    assert_eq!(got[1].new, "2026-07-01 12:00");
    let t = NaiveDateTime::parse_from_str("2026-12-01 23:30", "%Y-%m-%d %H:%M").unwrap();
    assert_eq!(moment(t, berlin()), "2026-12-02 00:30");
    let r = Reading {
        entity: Entity::Contacts,
        ..r
    };
    let c = changes(json!({"is_primary": {"old": true, "new": false}}));
    assert_eq!(summary(&readable(&r, &c)), "Primary contact: yes → no");
}

#[test]
fn a_record_for_machines_keeps_ids_and_gives_money_as_a_decimal_string() {
    let fields = changes(json!({
        "value": 123400, "currency": "EUR", "stage_id": id(1).to_string(),
    }));
    let out = machine_record(Entity::Deals, fields);
    assert_eq!(out["value"], json!({"value": "1234.00", "currency": "EUR"}));
    assert_eq!(out["stage_id"], json!(id(1).to_string()));
    let out = machine_record(Entity::Deals, changes(json!({"value": -5})));
    assert_eq!(out["value"], json!(-5), "no currency: left as stored");
}

#[test]
fn who_names_the_actor_and_an_impersonating_login() {
    let ada = RefName::Live("Ada".into());
    assert_eq!(who(Some(&ada), true, None), "Ada");
    assert_eq!(who(Some(&ada), true, Some("Root")), "Root as Ada");
    assert_eq!(who(None, false, None), "—");
    assert_eq!(who(None, true, None), "(unknown)");
}
