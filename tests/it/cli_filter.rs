//! The filter language through the real binary: list/count output, a hand-written SQL baseline on
//! both backends, injection attempts, error carets, and `rolo explain` finding an index for every
//! indexed single field.
use crate::common;
use common::rolo_in as rolo;

use std::process::Output;

use diesel::prelude::*;
use diesel::sql_types::Text;
use rolo::domain::Entity;
use rolo::filter::catalogue::{self, ValueKind};

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{:?}: {}{}",
        o.status,
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[derive(QueryableByName)]
struct IdText {
    #[diesel(sql_type = Text)]
    id: String,
}

fn hand_written_baseline(db: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    stdout(&rolo(dir.path(), &url, &["seed", "demo"]));
    let out = stdout(&rolo(
        dir.path(),
        &url,
        &[
            "deals",
            "list",
            "--where",
            "value>=10000 company.industry:software",
            "--output",
            "ids",
        ],
    ));
    let mut got: Vec<String> = out.lines().map(str::to_string).collect();
    got.sort();
    // the same question in hand-written SQL (demo deals are in 2-decimal currencies)
    let sql = match db.name() {
        "sqlite" => "SELECT lower(substr(hex(d.id),1,8)||'-'||substr(hex(d.id),9,4)||'-'||substr(hex(d.id),13,4)||'-'||substr(hex(d.id),17,4)||'-'||substr(hex(d.id),21)) AS id \
                     FROM deals d JOIN companies c ON c.id = d.company_id \
                     WHERE d.deleted_at IS NULL AND c.deleted_at IS NULL AND d.value >= 1000000 AND lower(c.industry) = 'software' ORDER BY 1",
        _ => "SELECT d.id::text AS id FROM deals d JOIN companies c ON c.id = d.company_id \
              WHERE d.deleted_at IS NULL AND c.deleted_at IS NULL AND d.value >= 1000000 AND lower(c.industry) = 'software' ORDER BY 1",
    };
    let want: Vec<String> = diesel::sql_query(sql)
        .load::<IdText>(&mut *db.conn())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(want.len(), 2, "the demo data has two such deals");
    assert_eq!(got, want);

    // an injection attempt is just a value: nothing found, nothing changed
    let before = stdout(&rolo(dir.path(), &url, &["companies", "count"]));
    let evil = stdout(&rolo(
        dir.path(),
        &url,
        &[
            "companies",
            "list",
            "--where",
            "name:\"x'; DROP TABLE companies; --\"",
            "--output",
            "ids",
        ],
    ));
    assert_eq!(evil, "");
    assert_eq!(
        stdout(&rolo(dir.path(), &url, &["companies", "count"])),
        before
    );
    assert_eq!(before.trim(), "8");
    let capped = |n: &str| {
        stdout(&rolo(
            dir.path(),
            &url,
            &["companies", "count", "--up-to", n],
        ))
    };
    assert_eq!(capped("5").trim(), "at least 5");
    assert_eq!(capped("7").trim(), "at least 7");
    assert_eq!(capped("8").trim(), "8");

    // a bad filter: exit 2, the text, a caret under the span, the reason
    let bad = rolo(
        dir.path(),
        &url,
        &[
            "companies",
            "list",
            "--where",
            "status:customer industy:software",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("status:customer industy:software\n                ^^^^^^^ unknown field 'industy' — did you mean 'industry'?"),
        "{err}"
    );

    // saved views
    stdout(&rolo(
        dir.path(),
        &url,
        &[
            "views",
            "save",
            "Big software deals",
            "--entity",
            "deals",
            "--where",
            "value>=10000 company.industry:software",
            "--sort",
            "value:desc",
        ],
    ));
    let via_view = stdout(&rolo(
        dir.path(),
        &url,
        &[
            "deals",
            "list",
            "--view",
            "big software deals",
            "--output",
            "ids",
        ],
    ));
    let mut via_view: Vec<String> = via_view.lines().map(str::to_string).collect();
    via_view.sort();
    assert_eq!(via_view, want);
    assert!(stdout(&rolo(dir.path(), &url, &["views", "list"])).contains("Big software deals"));
    stdout(&rolo(
        dir.path(),
        &url,
        &["views", "delete", "Big software deals"],
    ));
    assert_eq!(
        rolo(
            dir.path(),
            &url,
            &["deals", "list", "--view", "Big software deals"]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn deals_filter_matches_hand_written_sql_sqlite() {
    hand_written_baseline(common::sqlite());
}

#[test]
fn deals_filter_matches_hand_written_sql_postgres() {
    hand_written_baseline(common::postgres());
}

fn sample_value(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Text => "x",
        ValueKind::Enum(values) => values[0],
        ValueKind::Int | ValueKind::Money => "5",
        ValueKind::Date | ValueKind::Timestamp => "2026-01-01",
        ValueKind::Bool => "yes",
        ValueKind::User => "ada@example.com",
        ValueKind::Stage => "lead",
    }
}

#[test]
fn explain_shows_an_index_for_every_indexed_single_field_on_sqlite() {
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    for entity in [
        Entity::Companies,
        Entity::Contacts,
        Entity::Deals,
        Entity::Activities,
        Entity::Users,
    ] {
        for f in catalogue::fields(entity).into_iter().filter(|f| f.indexed) {
            let filter = format!("{}:{}", f.name, sample_value(f.kind));
            let out = stdout(&rolo(
                dir.path(),
                &url,
                &["explain", entity.as_str(), "--where", &filter],
            ));
            let plan = out.split("-- plan\n").nth(1).unwrap_or_default();
            let first = plan.lines().next().unwrap_or_default();
            assert!(
                first.contains("USING INDEX")
                    || first.contains("USING COVERING INDEX")
                    || first.contains("PRIMARY KEY"),
                "{entity:?} {filter}: {plan}"
            );
            assert!(
                !first.starts_with(&format!("SCAN {}", entity.as_str())) || first.contains("INDEX"),
                "{filter}: {plan}"
            );
        }
    }
}
