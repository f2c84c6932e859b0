//! `create --set` through the real binary: the owner defaults to the acting user, as in the TUI.
use crate::common;
use common::describe as text;
use common::rolo_in as rolo;
use common::TestDb;

use serde_json::Value;
use std::process::Output;

#[track_caller]
fn json(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", text(o));
    serde_json::from_slice(&o.stdout).expect("json")
}

fn owner_default(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let ada = json(&run(&[
        "users",
        "create",
        "--set",
        "name=Ada",
        "--set",
        "email=ada@example.com",
        "--output",
        "json",
    ]));
    let ada_id = ada["id"].as_str().expect("user id").to_string();
    let bob = json(&run(&[
        "users",
        "create",
        "--set",
        "name=Bob",
        "--set",
        "email=bob@example.com",
        "--output",
        "json",
    ]));
    let bob_id = bob["id"].as_str().expect("user id").to_string();

    let as_ada = |extra: &[&str]| {
        let mut args = vec!["--as", "ada@example.com"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--output", "json"]);
        json(&run(&args))
    };
    let c = as_ada(&["companies", "create", "--set", "name=Acme"]);
    assert_eq!(c["owner_id"].as_str(), Some(ada_id.as_str()), "{c}");
    let contact = as_ada(&["contacts", "create", "--set", "first_name=Ann"]);
    let contact_id = contact["id"].as_str().expect("contact id").to_string();
    assert_eq!(
        contact["owner_id"].as_str(),
        Some(ada_id.as_str()),
        "{contact}"
    );
    let link = format!("contact={contact_id}");
    let a = as_ada(&[
        "activities",
        "create",
        "--set",
        "subject=Call",
        "--set",
        &link,
    ]);
    assert_eq!(a["owner_id"].as_str(), Some(ada_id.as_str()), "{a}");
    // an explicit owner wins; an explicit empty owner keeps none
    let c = as_ada(&[
        "companies",
        "create",
        "--set",
        "name=Beta",
        "--set",
        "owner=bob@example.com",
    ]);
    assert_eq!(c["owner_id"].as_str(), Some(bob_id.as_str()), "{c}");
    let c = as_ada(&[
        "companies",
        "create",
        "--set",
        "name=Gamma",
        "--set",
        "owner=",
    ]);
    assert!(c["owner_id"].is_null(), "{c}");
    // without an acting user there is nobody to default to
    let c = json(&run(&[
        "companies",
        "create",
        "--set",
        "name=Delta",
        "--output",
        "json",
    ]));
    assert!(c["owner_id"].is_null(), "{c}");
}
both_backends!(owner_defaults_to_the_acting_user, owner_default);

fn filter_names(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let c = json(&run(&[
        "companies",
        "create",
        "--set",
        "name=Acme",
        "--set",
        "city=Berlin",
        "--set",
        "country=DE",
        "--set",
        "revenue=1000",
        "--output",
        "json",
    ]));
    assert_eq!(c["billing_city"].as_str(), Some("Berlin"), "{c}");
    assert_eq!(c["billing_country"].as_str(), Some("DE"), "{c}");
    // what `--set city=` wrote, the filter `city:` finds
    let n = run(&["companies", "count", "--where", "city:berlin"]);
    assert_eq!(
        String::from_utf8_lossy(&n.stdout).trim(),
        "1",
        "{}",
        text(&n)
    );
    let bad = run(&[
        "companies",
        "create",
        "--set",
        "name=Beta",
        "--set",
        "ctiy=Berlin",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("no field 'ctiy'"), "{err}");
    assert!(err.contains("did you mean 'city'?"), "{err}");
    assert!(
        err.contains("billing_city") && err.contains("industry"),
        "{err}"
    );
}
both_backends!(set_takes_the_filter_field_names, filter_names);
