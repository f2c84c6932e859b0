//! Export on both backends: the round trip (export every entity from one database, users and
//! stages included, import into an empty one, export again: byte-identical), paging past one page, filters, and
//! the JSON and vCard forms.
use crate::common;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::repo;
use rolo::db::schema::contacts;
use rolo::db::DbConn;
use rolo::domain::{
    CompanyDraft, ContactDraft, DealDraft, Entity, Role, StageDraft, StageKind, Tagged, UserDraft,
};
use rolo::filter::{self, Context};
use rolo::transfer::export::{export, ExportFormat};
use rolo::transfer::{self, ImportOptions};

/// Every exported entity, in the order an empty database takes them: users and stages first (the
/// others name them), companies before the contacts and deals that name them.
const ENTITIES: [Entity; 6] = [
    Entity::Users,
    Entity::Stages,
    Entity::Companies,
    Entity::Contacts,
    Entity::Deals,
    Entity::Activities,
];

fn exported(conn: &mut DbConn, entity: Entity, filter_text: &str, format: ExportFormat) -> String {
    let pred = filter::compile(filter_text, &Context::new(entity, None), conn.backend()).unwrap();
    let mut out = Vec::new();
    export(conn, entity, pred, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The demo data plus the awkward cases: a parent created after its child, text with line
/// breaks, quotes, commas and emoji, a won deal, tags.
fn awkward_data(conn: &mut DbConn) {
    rolo::seed::demo::load(conn, None).unwrap();
    let child =
        repo::company::create(conn, None, CompanyDraft::new("Child \"Quoted\", Inc.")).unwrap();
    let mut parent = CompanyDraft::new("Parent Holding");
    parent.annual_revenue = Some(123_456_789);
    parent.currency = "JPY".into();
    let parent = repo::company::create(conn, None, parent).unwrap();
    let mut d = CompanyDraft::from(child.fields.clone());
    d.parent_id = Some(parent.id);
    d.notes = Some("line one\nline two, with \"quotes\"; and 🎉".into());
    repo::company::update(conn, None, child.id, child.version, d).unwrap();
    let mut c = ContactDraft::new("Zoë 🦄");
    c.last_name = Some("O'Brien".into());
    c.company_id = Some(child.id);
    c.is_primary = true;
    c.notes = Some("x".repeat(10_000));
    let zoe = repo::contact::create(conn, None, c).unwrap();
    for t in ["vip", "b2b"] {
        let tag = repo::tag::ensure(conn, None, t).unwrap();
        repo::tag::attach(conn, None, tag.id, Tagged::Contact(zoe.id)).unwrap();
        repo::tag::attach(conn, None, tag.id, Tagged::Company(child.id)).unwrap();
    }
    let won = repo::stage::find_by_name(conn, "Won").unwrap().unwrap();
    let mut deal = DealDraft::new("Big win", won.id);
    deal.company_id = Some(child.id);
    deal.contact_id = Some(zoe.id);
    deal.value = 99_999;
    repo::deal::create(conn, None, deal).unwrap();
    // a user off UTC with a name that needs quoting; a hidden stage with a hex colour after a
    // gap in the positions (a stage deleted before it)
    let mut u = UserDraft::new("Zoë \"Z\", Admin", "Zoe.Admin@Example.com", Role::Manager);
    u.timezone = "Europe/Berlin".into();
    repo::user::create(conn, None, u).unwrap();
    let gone = repo::stage::create(conn, None, StageDraft::new("Gone", 20, 5, StageKind::Open));
    repo::stage::soft_delete(conn, None, gone.unwrap().id, None).unwrap();
    let mut hidden = StageDraft::new("On hold, \"later\"", 21, 15, StageKind::Open);
    hidden.color = "#A1B2C3".into();
    hidden.active = false;
    repo::stage::create(conn, None, hidden).unwrap();
}

/// The users and stages of one database, exported and imported into another (users first).
fn same_people_and_stages(from: &mut DbConn, to: &mut DbConn) {
    let dir = tempfile::tempdir().unwrap();
    for e in [Entity::Users, Entity::Stages] {
        let path = dir.path().join(format!("{e}.csv"));
        std::fs::write(&path, exported(from, e, "", ExportFormat::Csv)).unwrap();
        let r = transfer::import(to, &ImportOptions::new(e, &path)).unwrap();
        assert!(
            r.written && r.invalid == 0 && r.rows > 0 && r.created == r.rows,
            "{e}: {r:#?}"
        );
    }
}

fn round_trip(a: TestDb, b: TestDb) {
    let mut ca = a.conn();
    awkward_data(&mut ca);
    let dir = tempfile::tempdir().unwrap();
    let mut first = Vec::new();
    for e in ENTITIES {
        let text = exported(&mut ca, e, "", ExportFormat::Csv);
        assert!(text.lines().count() > 2, "{e}: {text}");
        let path = dir.path().join(format!("{e}.csv"));
        std::fs::write(&path, &text).unwrap();
        first.push((e, path, text));
    }
    let mut cb = b.conn();
    for (e, path, _) in &first {
        let r = transfer::import(&mut cb, &ImportOptions::new(*e, path)).unwrap();
        assert!(
            r.written && r.invalid == 0 && r.duplicates == 0,
            "{e}: {r:#?}"
        );
        assert_eq!(
            r.companies_created, 0,
            "{e}: every company came from the companies file"
        );
    }
    for (e, _, text) in &first {
        let again = exported(&mut cb, *e, "", ExportFormat::Csv);
        assert_eq!(
            &again, text,
            "{e}: the second export differs from the first"
        );
    }
    // and importing the export again adds nothing: every row is a duplicate (by id)
    for (e, path, _) in &first {
        let r = transfer::import(&mut cb, &ImportOptions::new(*e, path)).unwrap();
        assert_eq!((r.created, r.duplicates), (0, r.rows), "{e}: {r:#?}");
    }
}

#[test]
fn round_trip_sqlite() {
    round_trip(common::sqlite(), common::sqlite());
}

#[test]
fn round_trip_postgres() {
    round_trip(common::postgres(), common::postgres());
}

#[test]
fn round_trip_across_backends() {
    round_trip(common::sqlite(), common::postgres());
}

both_backends!(
    exports_stream_past_a_page_in_id_order_and_filter,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("many.csv");
        let mut text = String::from("first_name,email\n");
        for i in 0..2_500 {
            let domain = if i % 5 == 0 {
                "five.example"
            } else {
                "other.example"
            };
            text.push_str(&format!("P{i},p{i}@{domain}\n"));
        }
        std::fs::write(&path, text).unwrap();
        let r =
            transfer::import(&mut db.conn(), &ImportOptions::new(Entity::Contacts, &path)).unwrap();
        assert_eq!(r.created, 2_500);
        let mut conn = db.conn();
        let csv = exported(&mut conn, Entity::Contacts, "", ExportFormat::Csv);
        let ids: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(ids.len(), 2_500);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ids, "every record once, in id order");
        let five = exported(
            &mut conn,
            Entity::Contacts,
            "email~five.example",
            ExportFormat::Csv,
        );
        assert_eq!(five.lines().count(), 1 + 500);
        let json: serde_json::Value = serde_json::from_str(&exported(
            &mut conn,
            Entity::Contacts,
            "email~five.example",
            ExportFormat::Json,
        ))
        .unwrap();
        let rows = json.as_array().unwrap();
        assert_eq!(rows.len(), 500);
        assert_eq!(rows[0]["is_primary"], serde_json::Value::Bool(false));
        assert_eq!(rows[0]["tags"], serde_json::json!([]));
        assert_eq!(rows[0]["last_name"], serde_json::Value::Null);
        let empty = exported(
            &mut conn,
            Entity::Contacts,
            "email~nobody",
            ExportFormat::Json,
        );
        assert_eq!(empty, "[]\n");
        // users and stages export too
        assert!(exported(&mut conn, Entity::Users, "", ExportFormat::Csv)
            .starts_with("id,name,email,role"));
    }
);

both_backends!(vcard_export_reads_back_as_the_same_people, |db: TestDb| {
    let mut conn = db.conn();
    awkward_data(&mut conn);
    let cards = exported(&mut conn, Entity::Contacts, "", ExportFormat::Vcf);
    let count: i64 = contacts::table
        .filter(contacts::deleted_at.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(cards.matches("BEGIN:VCARD").count() as i64, count);
    assert!(cards.lines().all(|l| l.len() <= 75));
    let csv_before = exported(&mut conn, Entity::Contacts, "", ExportFormat::Csv);
    drop(conn);
    let other = common::sqlite();
    let mut co = other.conn();
    same_people_and_stages(&mut db.conn(), &mut co);
    let companies = exported(&mut db.conn(), Entity::Companies, "", ExportFormat::Csv);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.csv"), companies).unwrap();
    std::fs::write(dir.path().join("p.vcf"), &cards).unwrap();
    transfer::import(
        &mut co,
        &ImportOptions::new(Entity::Companies, dir.path().join("c.csv")),
    )
    .unwrap();
    let r = transfer::import(
        &mut co,
        &ImportOptions::new(Entity::Contacts, dir.path().join("p.vcf")),
    )
    .unwrap();
    assert_eq!((r.created as i64, r.invalid), (count, 0), "{r:#?}");
    assert!(
        r.ignored_properties.is_empty(),
        "{:?}",
        r.ignored_properties
    );
    assert_eq!(
        exported(&mut co, Entity::Contacts, "", ExportFormat::Csv),
        csv_before
    );
});
