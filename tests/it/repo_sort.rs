//! Every described sort of companies, contacts, deals and activities, on both backends: the keyset
//! pages (forwards and backwards, several page sizes, ascending and descending) put together are
//! the whole list in the order an independent model computes from the rows — blanks last in both
//! directions, ties broken by id, text case-insensitive, enum words in their declared order, deal
//! values within their currency, stages by position, owners by name.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::checks::all_pages;
use crate::common::TestDb;
use diesel::prelude::*;
use rolo::db::record::{self, Record};
use rolo::db::repo::{stage, user, Cursor, ListQuery, Page, Predicate};
use rolo::db::schema::{activities, companies, contacts, deals};
use rolo::db::DbConn;
use rolo::domain::describe::{describe, FieldType};
use rolo::domain::{Role, StageDraft, StageKind, UserDraft};
use serde_json::Value;

/// What the model orders by: a value, or a blank (last).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Text(String),
    Int(i64),
    Pair(String, i64),
}

/// The names and positions the model looks up for references.
struct Lookups {
    positions: HashMap<String, i64>,
    owners: HashMap<String, String>,
}

fn key<R: Record>(row: &Value, field: &str, l: &Lookups) -> Option<Key> {
    let d = describe(R::ENTITY);
    let f = d.field(field).expect("sorted field");
    let v = &row[field];
    if v.is_null() {
        return None;
    }
    let s = v
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string());
    Some(match f.ty {
        FieldType::Enum(words) => Key::Int(words.iter().position(|w| *w == s).unwrap() as i64),
        FieldType::Money => Key::Pair(
            row["currency"].as_str().unwrap().to_string(),
            v.as_i64().unwrap(),
        ),
        FieldType::Ref(_) if field == "stage_id" => Key::Int(l.positions[&s]),
        FieldType::Ref(_) => Key::Text(l.owners[&s].to_lowercase()),
        FieldType::Int => Key::Int(v.as_i64().unwrap()),
        FieldType::Timestamp => Key::Text(
            chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%S%.9f")
                .to_string(),
        ),
        FieldType::Date => Key::Text(s),
        FieldType::Phone => Key::Text(s),
        _ => Key::Text(s.to_lowercase()),
    })
}

/// The model's order: values (ascending or descending, then id the same way), then blanks by id.
fn model<R: Record>(
    rows: &[R::Row],
    field: &str,
    desc: bool,
    l: &Lookups,
) -> Vec<rolo::domain::Id> {
    let mut keyed: Vec<(Option<Key>, rolo::domain::Id)> = rows
        .iter()
        .map(|r| {
            (
                key::<R>(&serde_json::to_value(r).unwrap(), field, l),
                R::id_of(r),
            )
        })
        .collect();
    keyed.sort_by(|(ka, ia), (kb, ib)| {
        let by_value = match (ka, kb) {
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            (a, b) => (a, ia).cmp(&(b, ib)),
        };
        if desc {
            by_value.reverse()
        } else {
            by_value
        }
    });
    keyed.into_iter().map(|(_, id)| id).collect()
}

fn ids<R: Record>(rows: &[R::Row]) -> Vec<rolo::domain::Id> {
    rows.iter().map(R::id_of).collect()
}

/// Every sort of `R`, every way round: the pages put together equal the model's order.
/// `only` keeps the rows with these ids (a filter over the entity's table).
fn check_sorts<R: Record>(
    conn: &mut DbConn,
    l: &Lookups,
    only: impl Fn(Vec<rolo::domain::Id>) -> Predicate<R::Table>,
) {
    let everything = R::list(
        conn,
        &ListQuery::sorted(sort_of::<R>("created_at"), 1000),
        None,
    )
    .unwrap()
    .rows;
    assert!(everything.len() >= 8, "{:?}", R::ENTITY);
    for s in describe(R::ENTITY).sorts {
        let sort = R::sort_by(s.field).unwrap();
        for descending in [false, true] {
            let expected = model::<R>(&everything, s.field, descending, l);
            let what = format!("{:?} by {} descending={descending}", R::ENTITY, s.name);
            for limit in [1, 2, 3, 1000] {
                let mut page = |after: Option<Cursor>, backward: bool| -> Page<R::Row> {
                    let q = ListQuery {
                        after,
                        descending,
                        backward,
                        ..ListQuery::sorted(sort, limit)
                    };
                    R::list(conn, &q, None).unwrap()
                };
                let (rows, _) = all_pages(|after| page(after, false));
                assert_eq!(ids::<R>(&rows), expected, "{what} limit={limit}");
                // walking backwards from the end gives the same order, reversed
                let (rows, _) = all_pages(|after| page(after, true));
                let mut back = ids::<R>(&rows);
                back.reverse();
                assert_eq!(back, expected, "{what} backwards limit={limit}");
            }
            // a filter is applied to the values and to the blanks alike
            let half: Vec<_> = expected.iter().step_by(2).copied().collect();
            let q = ListQuery {
                descending,
                ..ListQuery::sorted(sort, 2)
            };
            let (rows, _) = all_pages(|after| {
                let q = ListQuery { after, ..q.clone() };
                R::list(conn, &q, Some(only(half.clone()))).unwrap()
            });
            assert_eq!(ids::<R>(&rows), half, "{what} filtered");
        }
    }
}

fn sort_of<R: Record>(field: &str) -> R::Sort {
    R::sort_by(field).unwrap()
}

fn create<R: Record>(conn: &mut DbConn, sets: &[(&str, &str)]) -> R::Row {
    let mut d = R::blank(conn).unwrap();
    for (f, v) in sets {
        R::set(&mut d, f, v).unwrap();
    }
    R::create(conn, None, d).unwrap()
}

both_backends!(every_sort_pages_blanks_last_both_ways, |db: TestDb| {
    let mut conn = db.conn();
    let conn = &mut *conn;
    // users and stages created out of their name and position order
    let mut owners = HashMap::new();
    let mut user_ids = vec![];
    for (name, email) in [
        ("zoë", "z@x.io"),
        ("Ana", "a@x.io"),
        ("王芳", "w@x.io"),
        ("bob", "b@x.io"),
    ] {
        let u = user::create(conn, None, UserDraft::new(name, email, Role::SalesRep)).unwrap();
        owners.insert(u.id.to_string(), name.to_string());
        user_ids.push(u.id.to_string());
    }
    let mut positions = HashMap::new();
    let mut stage_ids = vec![];
    for (name, pos) in [("Late", 5), ("Early", 1), ("Middle", 3)] {
        let s = stage::create(conn, None, StageDraft::new(name, pos, 10, StageKind::Open)).unwrap();
        positions.insert(s.id.to_string(), i64::from(pos));
        stage_ids.push(s.id.to_string());
    }
    let l = Lookups { positions, owners };

    let industries = [
        "Retail",
        "",
        "retail",
        "Ωmega",
        "",
        "Banking",
        "東京 Trading",
        "🚀 Space",
        "banking",
    ];
    let statuses = [
        "prospect", "lead", "inactive", "customer", "lead", "partner", "lead", "customer", "lead",
    ];
    let sizes = [
        "",
        "enterprise",
        "solo",
        "small",
        "",
        "medium",
        "large",
        "solo",
        "",
    ];
    let cities = [
        "Berlin",
        "",
        "berlin",
        "東京",
        "Zürich",
        "",
        "Austin",
        "Berlin",
        "🌆 Metro",
    ];
    let countries = ["DE", "", "US", "JP", "CH", "de", "", "US", ""];
    let mut companies = vec![];
    for i in 0..9 {
        let c = create::<record::Companies>(
            conn,
            &[
                ("name", &format!("Company {}", 9 - i)),
                ("industry", industries[i]),
                ("status", statuses[i]),
                ("size", sizes[i]),
                ("city", cities[i]),
                ("country", countries[i]),
            ],
        );
        companies.push(c.id.to_string());
    }
    let last = ["Smith", "", "smith", "李", "", "Åberg", "Zed", "", "adams"];
    let emails = [
        "a@x.io", "", "B@x.io", "b@x.io", "", "z@x.io", "", "c@x.io", "A@y.io",
    ];
    let phones = [
        "+49 30 1234567",
        "",
        "+1 555 0100200",
        "+49 30 1234567",
        "",
        "+81 3 12345678",
        "",
        "+1 555 0100200",
        "+33 1 23456789",
    ];
    let titles = ["CEO", "", "cto", "CTO", "", "経理", "🎯 Lead", "ceo", ""];
    for i in 0..9 {
        create::<record::Contacts>(
            conn,
            &[
                ("first_name", &format!("Person {i}")),
                ("last_name", last[i]),
                ("email", emails[i]),
                ("phone", phones[i]),
                ("title", titles[i]),
            ],
        );
    }
    let currencies = [
        "USD", "EUR", "USD", "JPY", "EUR", "USD", "EUR", "USD", "JPY",
    ];
    let values = ["300", "10", "300", "5000", "10", "20", "999", "300", "1"];
    let closes = [
        "2026-03-01",
        "",
        "2026-01-15",
        "2026-03-01",
        "",
        "2025-12-31",
        "",
        "2026-01-15",
        "2027-01-01",
    ];
    for i in 0..9 {
        let owner = if i % 3 == 1 {
            ""
        } else {
            user_ids[i % 4].as_str()
        };
        create::<record::Deals>(
            conn,
            &[
                ("title", &format!("Deal {i}")),
                ("stage_id", stage_ids[i % 3].as_str()),
                ("currency", currencies[i]),
                ("value", values[i]),
                ("expected_close", closes[i]),
                ("owner_id", owner),
            ],
        );
    }
    let kinds = [
        "task", "call", "note", "call", "meeting", "email", "task", "call", "note",
    ];
    let subjects = [
        "Follow up",
        "follow up",
        "見積",
        "Call back",
        "🍣 lunch",
        "Agenda",
        "call back",
        "Zebra",
        "agenda",
    ];
    let dues = [
        "2026-05-01 09:00",
        "",
        "2026-04-01 10:00",
        "2026-05-01 09:00",
        "",
        "2026-01-01 08:00",
        "",
        "2026-04-01 10:00",
        "2026-06-01 12:00",
    ];
    let outcomes = [
        "", "positive", "negative", "", "neutral", "positive", "", "negative", "",
    ];
    for i in 0..9 {
        create::<record::Activities>(
            conn,
            &[
                ("kind", kinds[i]),
                ("subject", subjects[i]),
                ("company_id", companies[i].as_str()),
                ("due_at", dues[i]),
                ("outcome", outcomes[i]),
                ("completed_at", dues[(i + 4) % 9]),
            ],
        );
    }

    check_sorts::<record::Companies>(conn, &l, |ids| {
        let ids: Vec<rolo::domain::CompanyId> = ids.into_iter().map(Into::into).collect();
        Box::new(companies::id.eq_any(ids).nullable())
    });
    check_sorts::<record::Contacts>(conn, &l, |ids| {
        let ids: Vec<rolo::domain::ContactId> = ids.into_iter().map(Into::into).collect();
        Box::new(contacts::id.eq_any(ids).nullable())
    });
    check_sorts::<record::Deals>(conn, &l, |ids| {
        let ids: Vec<rolo::domain::DealId> = ids.into_iter().map(Into::into).collect();
        Box::new(deals::id.eq_any(ids).nullable())
    });
    check_sorts::<record::Activities>(conn, &l, |ids| {
        let ids: Vec<rolo::domain::ActivityId> = ids.into_iter().map(Into::into).collect();
        Box::new(activities::id.eq_any(ids).nullable())
    });
});
