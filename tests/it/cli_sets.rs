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
        // a manager may create records for anyone (a sales rep only for themselves)
        "--set",
        "role=manager",
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
    // a filter name that is not set directly says why, not "no field"
    let bad = run(&[
        "companies",
        "create",
        "--set",
        "name=Gamma",
        "--set",
        "created=2026-01-01",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("'created' cannot be set on companies: the database keeps it"),
        "{err}"
    );
}
both_backends!(set_takes_the_filter_field_names, filter_names);

/// Contacts' mobile phone, a field added by its migration, model, draft and description only: set,
/// validated as a phone, filtered, exported and imported back.
fn mobile_phone(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let ann = json(&run(&[
        "contacts",
        "create",
        "--set",
        "first_name=Ann",
        "--set",
        "mobile=+49 151 2345 6789",
        "--output",
        "json",
    ]));
    assert_eq!(
        ann["mobile_phone"].as_str(),
        Some("+4915123456789"),
        "{ann}"
    );
    let bad = run(&[
        "contacts",
        "create",
        "--set",
        "first_name=Bo",
        "--set",
        "mobile_phone=call me",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("mobile_phone"),
        "{}",
        text(&bad)
    );
    let found = run(&[
        "contacts",
        "list",
        "--where",
        "mobile_phone:+4915123456789",
        "--output",
        "ids",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&found.stdout).trim(),
        ann["id"].as_str().expect("id"),
        "{}",
        text(&found)
    );

    let csv = dir.path().join("contacts.csv");
    let out = run(&[
        "export",
        "contacts",
        "--file",
        csv.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let exported = std::fs::read_to_string(&csv).expect("export");
    let header = exported.lines().next().expect("header");
    assert!(header.split(',').any(|h| h == "mobile_phone"), "{header}");
    // another tool's spelling of the column lands in the new field, not in phone
    let other = dir.path().join("other.csv");
    std::fs::write(
        &other,
        "First Name,Mobile Phone,Phone\nCy,+44 7700 900123,+44 20 7946 0000\n",
    )
    .expect("write");
    let out = run(&["import", "contacts", other.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let cy = json(&run(&[
        "contacts",
        "list",
        "--where",
        "first_name:Cy",
        "--output",
        "json",
    ]));
    assert_eq!(
        cy[0]["mobile_phone"].as_str(),
        Some("+447700900123"),
        "{cy}"
    );
    assert_eq!(cy[0]["phone"].as_str(), Some("+442079460000"), "{cy}");
}
both_backends!(contacts_have_a_mobile_phone, mobile_phone);

/// `--set tags=a,b`: the record's whole tag list on create and update (checked, deduplicated
/// ignoring case), the list the filter's `tag:` finds; a bad name is exit 2 and nothing is written.
fn tag_lists(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let c = json(&run(&[
        "companies",
        "create",
        "--set",
        "name=Tagco",
        "--set",
        "tags=vip, b2b,VIP,東京🗼",
        "--output",
        "json",
    ]));
    let id = c["id"].as_str().expect("id").to_string();
    let ids = |filter: &str| {
        let o = run(&["companies", "list", "--where", filter, "--output", "ids"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(ids("tag:vip"), id);
    assert_eq!(ids("tag:東京🗼"), id);
    let o = run(&["companies", "update", &id, "--set", "tags=b2b"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(ids("tag:vip"), "");
    assert_eq!(ids("tag:b2b"), id);
    let bad = run(&[
        "companies",
        "update",
        &id,
        "--set",
        "name=Renamed",
        "--set",
        "tags=two words",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'two words' may not contain spaces"));
    assert_eq!(ids("name:Tagco"), id, "nothing was written");
    let o = run(&["companies", "update", &id, "--set", "tags="]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(ids("tag:b2b"), "");
}
both_backends!(set_tags_gives_the_whole_list, tag_lists);
