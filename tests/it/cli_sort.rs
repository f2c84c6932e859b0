//! `--sort` on the command line and `rolo explain --sort`, on both backends: every sort the
//! descriptions list is accepted by `list` and `explain`; explain says which sorts no index serves
//! (a deal's stage and owner, looked up per row); blanks come last both ways.

use crate::common::{self, rolo_in as rolo, TestDb};
use rolo::db::record::{self, Record};
use rolo::domain::describe::describe;
use rolo::domain::Entity;
use serde_json::Value;

fn names(out: &std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    rows.iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

both_backends!(list_sorts_by_city_with_blanks_last, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    {
        let mut conn = db.conn();
        for (name, city) in [
            ("Acme", "berlin"),
            ("Blank One", ""),
            ("東京商事", "東京"),
            ("Zeta", "Austin"),
            ("Blank Two", ""),
            ("🚀 Rockets", "Berlin"),
        ] {
            let mut d = record::Companies::blank(&mut conn).unwrap();
            record::Companies::set(&mut d, "name", name).unwrap();
            record::Companies::set(&mut d, "city", city).unwrap();
            record::Companies::create(&mut conn, None, d).unwrap();
        }
    }
    let list = |sort: &str| {
        names(&rolo(
            dir.path(),
            &url,
            &["companies", "list", "--sort", sort, "--output", "json"],
        ))
    };
    assert_eq!(
        list("city"),
        [
            "Zeta",
            "Acme",
            "🚀 Rockets",
            "東京商事",
            "Blank One",
            "Blank Two"
        ]
    );
    assert_eq!(
        list("city:desc"),
        [
            "東京商事",
            "🚀 Rockets",
            "Acme",
            "Zeta",
            "Blank Two",
            "Blank One"
        ]
    );
    let bad = rolo(dir.path(), &url, &["companies", "list", "--sort", "notes"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("cannot sort companies by 'notes'")
            && err.contains("industry, status, size, city, country"),
        "{err}"
    );
});

both_backends!(explain_names_the_sorts_no_index_serves, |db: TestDb| {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    for entity in [
        Entity::Companies,
        Entity::Contacts,
        Entity::Deals,
        Entity::Activities,
    ] {
        for s in describe(entity).sorts {
            for dir_suffix in ["", ":desc"] {
                let sort = format!("{}{dir_suffix}", s.name);
                let out = rolo(
                    dir.path(),
                    &url,
                    &["explain", entity.as_str(), "--sort", &sort],
                );
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(
                    out.status.success(),
                    "{entity:?} {sort}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let unserved = entity == Entity::Deals && ["stage", "owner"].contains(&s.name);
                let note = format!(
                    "-- no index gives {} by {} in order",
                    describe(entity).plural,
                    s.name
                );
                assert_eq!(
                    text.contains(&note),
                    unserved,
                    "{entity:?} --sort {sort}:\n{text}"
                );
            }
        }
    }
    let bad = rolo(
        dir.path(),
        &url,
        &["explain", "deals", "--sort", "probability"],
    );
    assert_eq!(bad.status.code(), Some(2));
    let _ = common::sqlite;
});
