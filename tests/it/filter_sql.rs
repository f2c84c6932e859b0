//! Snapshots of the SQL the filter language emits per backend (`SqlPredicate::describe`: the SQL
//! with `?` per parameter, and the parameters), and proof that SQL-looking filter values are bound
//! parameters that run harmlessly.
use crate::common;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestDb;
use rolo::db::repo::{company, ListQuery, Liveness};
use rolo::db::BackendKind;
use rolo::domain::{Entity, Id, UserId};
use rolo::filter::lower::Bind;
use rolo::filter::{self, Context};

fn now() -> NaiveDateTime {
    // a Wednesday
    NaiveDate::from_ymd_opt(2026, 3, 4)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .expect("date")
}

fn me() -> Id {
    Id(uuid::Uuid::from_u128(
        0x0190_0000_0000_7000_8000_0000_0000_0001,
    ))
}

fn describe(entity: Entity, text: &str, backend: BackendKind) -> (String, Vec<Bind>) {
    let cx = Context {
        entity,
        me: Some(UserId(me())),
        now: now(),
    };
    filter::compile(text, &cx, backend)
        .unwrap_or_else(|e| panic!("{text}: {}", e.render(text)))
        .expect("a non-empty filter")
        .describe()
}

fn text(s: &str) -> Bind {
    Bind::Text(s.into())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

const ZERO: &str = "'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', \
                    'VND', 'VUV', 'XAF', 'XOF', 'XPF'";
const THREE: &str = "'BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'";

struct Case {
    entity: Entity,
    filter: &'static str,
    sqlite: String,
    postgres: String,
    /// The parameters, the same on both backends unless `postgres_binds` says otherwise.
    binds: Vec<Bind>,
    postgres_binds: Option<Vec<Bind>>,
}

fn case(
    entity: Entity,
    filter: &'static str,
    sqlite: &str,
    postgres: &str,
    binds: Vec<Bind>,
) -> Case {
    Case {
        entity,
        filter,
        sqlite: sqlite.into(),
        postgres: postgres.into(),
        binds,
        postgres_binds: None,
    }
}

fn cases() -> Vec<Case> {
    let money = format!(
        "((\"companies\".currency IN ({ZERO}) AND \"companies\".annual_revenue > ?) OR \
         (\"companies\".currency NOT IN ({ZERO}, {THREE}) AND \"companies\".annual_revenue >= ?) OR \
         (\"companies\".currency IN ({THREE}) AND \"companies\".annual_revenue >= ?))"
    );
    vec![
        case(
            Entity::Companies,
            "industry:software",
            r#""companies".industry = ?"#,
            r#"lower("companies".industry) = ?"#,
            vec![text("software")],
        ),
        case(
            Entity::Companies,
            "status:lead,prospect -industry:empty",
            r#"("companies".status IN (?, ?) AND NOT COALESCE(("companies".industry IS NULL OR "companies".industry = ''), 0))"#,
            r#"("companies".status IN (?, ?) AND NOT COALESCE(("companies".industry IS NULL OR "companies".industry = ''), FALSE))"#,
            vec![text("lead"), text("prospect")],
        ),
        case(
            Entity::Companies,
            r#"name~"50%_Off\\" | name^AC"#,
            r#"("companies".name LIKE ? ESCAPE '\' OR "companies".name LIKE ? ESCAPE '\')"#,
            r#"(lower("companies".name) LIKE ? ESCAPE '\' OR lower("companies".name) LIKE ? ESCAPE '\')"#,
            vec![text(r"%50\%\_off\\%"), text("ac%")],
        ),
        // SQLite: the amount in thousandths, the expression its norm index is on; PostgreSQL:
        // one branch per currency group (it combines a bitmap index scan per branch)
        Case {
            postgres_binds: Some(vec![
                Bind::Int(1000),
                Bind::Int(100_050),
                Bind::Int(1_000_500),
            ]),
            ..case(
                Entity::Companies,
                "revenue>=1000.5",
                &format!(
                    "(\"companies\".annual_revenue * CASE WHEN \"companies\".currency IN ({ZERO}) THEN 1000 \
                     WHEN \"companies\".currency IN ({THREE}) THEN 1 ELSE 10 END) >= ?"
                ),
                &money,
                vec![Bind::Int(1_000_500)],
            )
        },
        case(
            Entity::Companies,
            "owner:me,Ada@Example.com",
            r#"("companies".owner_id = ? OR "companies".owner_id IN (SELECT f1.id FROM users f1 WHERE f1.deleted_at IS NULL AND (f1.email = ? OR f1.name = ?)))"#,
            r#"("companies".owner_id = ? OR "companies".owner_id IN (SELECT f1.id FROM users f1 WHERE f1.deleted_at IS NULL AND (lower(f1.email) = ? OR lower(f1.name) = ?)))"#,
            vec![
                Bind::Id(me()),
                text("ada@example.com"),
                text("ada@example.com"),
            ],
        ),
        case(
            Entity::Companies,
            "tag:VIP,churn-risk",
            r#""companies".id IN (SELECT f1.company_id FROM company_tags f1 JOIN tags f2 ON f2.id = f1.tag_id WHERE f2.deleted_at IS NULL AND f2.name IN (?, ?))"#,
            r#""companies".id IN (SELECT f1.company_id FROM company_tags f1 JOIN tags f2 ON f2.id = f1.tag_id WHERE f2.deleted_at IS NULL AND lower(f2.name) IN (?, ?))"#,
            vec![text("vip"), text("churn-risk")],
        ),
        case(
            Entity::Companies,
            r#"name:"x'; DROP TABLE companies; --""#,
            r#""companies".name = ?"#,
            r#"lower("companies".name) = ?"#,
            vec![text("x'; drop table companies; --")],
        ),
        Case {
            postgres_binds: Some(vec![
                text("%acme%"),
                text("%acme%"),
                text("%wu%"),
                text("%wu%"),
            ]),
            ..case(
                Entity::Contacts,
                // three characters or more: SQLite's trigram index; shorter: LIKE
                "Acme wu",
                r#"(("contacts".seq IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)) AND (("contacts".first_name LIKE ? ESCAPE '\' OR "contacts".last_name LIKE ? ESCAPE '\' OR "contacts".email LIKE ? ESCAPE '\')))"#,
                // the full name as the trigram index holds it, so the index answers the word
                r#"(((lower("contacts".first_name || ' ' || coalesce("contacts".last_name, '')) LIKE ? ESCAPE '\' OR lower("contacts".email) LIKE ? ESCAPE '\')) AND ((lower("contacts".first_name || ' ' || coalesce("contacts".last_name, '')) LIKE ? ESCAPE '\' OR lower("contacts".email) LIKE ? ESCAPE '\')))"#,
                vec![text("\"acme\""), text("%wu%"), text("%wu%"), text("%wu%")],
            )
        },
        case(
            Entity::Deals,
            "stage:proposal company.industry:software",
            r#"("deals".stage_id IN (SELECT f1.id FROM pipeline_stages f1 WHERE f1.deleted_at IS NULL AND f1.name IN (?)) AND "deals".company_id IN (SELECT f2.id FROM companies f2 WHERE f2.deleted_at IS NULL AND f2.industry = ?))"#,
            r#"("deals".stage_id IN (SELECT f1.id FROM pipeline_stages f1 WHERE f1.deleted_at IS NULL AND lower(f1.name) IN (?)) AND "deals".company_id IN (SELECT f2.id FROM companies f2 WHERE f2.deleted_at IS NULL AND lower(f2.industry) = ?))"#,
            vec![text("proposal"), text("software")],
        ),
        case(
            Entity::Deals,
            "overdue close:this-week",
            r#"(("deals".status = ? AND "deals".expected_close < ?) AND ("deals".expected_close >= ? AND "deals".expected_close < ?))"#,
            r#"(("deals".status = ? AND "deals".expected_close < ?) AND ("deals".expected_close >= ? AND "deals".expected_close < ?))"#,
            vec![
                text("open"),
                Bind::Date(date(2026, 3, 4)),
                Bind::Date(date(2026, 3, 2)),
                Bind::Date(date(2026, 3, 9)),
            ],
        ),
        case(
            Entity::Activities,
            // `today` is the day's start; a relative offset on a timestamp is that instant
            "due<today created>-30d",
            r#"("activities".due_at < ? AND "activities".created_at > ?)"#,
            r#"("activities".due_at < ? AND "activities".created_at > ?)"#,
            vec![
                Bind::Time(date(2026, 3, 4).and_hms_opt(0, 0, 0).expect("time")),
                Bind::Time(date(2026, 2, 2).and_hms_opt(10, 30, 0).expect("time")),
            ],
        ),
        case(
            Entity::Activities,
            "deal.company.parent.name:acme",
            r#""activities".deal_id IN (SELECT f1.id FROM deals f1 WHERE f1.deleted_at IS NULL AND f1.company_id IN (SELECT f2.id FROM companies f2 WHERE f2.deleted_at IS NULL AND f2.parent_id IN (SELECT f3.id FROM companies f3 WHERE f3.deleted_at IS NULL AND f3.name = ?)))"#,
            r#""activities".deal_id IN (SELECT f1.id FROM deals f1 WHERE f1.deleted_at IS NULL AND f1.company_id IN (SELECT f2.id FROM companies f2 WHERE f2.deleted_at IS NULL AND f2.parent_id IN (SELECT f3.id FROM companies f3 WHERE f3.deleted_at IS NULL AND lower(f3.name) = ?)))"#,
            vec![text("acme")],
        ),
    ]
}

#[test]
fn emitted_sql_per_backend() {
    for c in cases() {
        let (sql, binds) = describe(c.entity, c.filter, BackendKind::Sqlite);
        assert_eq!(
            sql, c.sqlite,
            "SQLite SQL of {} filter {}",
            c.entity, c.filter
        );
        assert_eq!(
            binds, c.binds,
            "SQLite binds of {} filter {}",
            c.entity, c.filter
        );
        let (sql, binds) = describe(c.entity, c.filter, BackendKind::Postgres);
        assert_eq!(
            sql, c.postgres,
            "PostgreSQL SQL of {} filter {}",
            c.entity, c.filter
        );
        assert_eq!(
            binds,
            c.postgres_binds.unwrap_or(c.binds),
            "PostgreSQL binds of {} filter {}",
            c.entity,
            c.filter
        );
    }
}

/// Values that look like SQL, in every place a value can go.
const INJECTIONS: &[&str] = &[
    r#"name:"x'; DROP TABLE companies; --""#,
    r#"name~"'; DROP TABLE companies; --""#,
    r#"name^"x\"; DROP TABLE companies; --""#,
    r#"industry<"'') OR 1=1 --" industry>"'') OR 1=1 --""#,
    r#""x'); DROP TABLE companies; --""#,
    r#"parent.name:"x'; DROP TABLE companies; --""#,
    r#"owner:"x' OR '1'='1""#,
    r#"tag:"x'--""#,
];

/// The other shapes the probes can choose (tests/filter_shapes.rs shows when): a related
/// condition as a correlated primary-key probe, and money as three currency branches on SQLite.
#[test]
fn emitted_sql_of_the_alternative_shapes() {
    use rolo::filter::shape::{MoneyShape, RelatedShape, Shapes, TagShape};
    let shapes = Shapes::uniform(
        RelatedShape::Correlated,
        MoneyShape::Branches,
        TagShape::Array,
    );
    let cx = Context {
        entity: Entity::Deals,
        me: Some(UserId(me())),
        now: now(),
    };
    let expr = filter::parse("value>=10000 company.industry:software")
        .unwrap()
        .unwrap();
    let pred = filter::check::check(&expr, &cx).unwrap();
    let money = format!(
        "((\"deals\".currency IN ({ZERO}) AND \"deals\".value >= ?) OR \
         (\"deals\".currency NOT IN ({ZERO}, {THREE}) AND \"deals\".value >= ?) OR \
         (\"deals\".currency IN ({THREE}) AND \"deals\".value >= ?))"
    );
    for (backend, industry) in [
        (BackendKind::Sqlite, "f1.industry = ?"),
        (BackendKind::Postgres, "lower(f1.industry) = ?"),
    ] {
        let (sql, binds) =
            filter::lower::lower_shaped(&pred, Entity::Deals, backend, &shapes).describe();
        assert_eq!(
            sql,
            format!(
                "({money} AND (SELECT 1 FROM companies f1 WHERE f1.id = \"deals\".company_id \
                 AND f1.deleted_at IS NULL AND {industry}) = 1)"
            ),
            "{backend}"
        );
        assert_eq!(
            binds,
            vec![
                Bind::Int(10_000),
                Bind::Int(1_000_000),
                Bind::Int(10_000_000),
                text("software"),
            ],
            "{backend}"
        );
    }
    let cx = Context {
        entity: Entity::Companies,
        ..cx
    };
    let pred = filter::check::check(&filter::parse("tag:vip").unwrap().unwrap(), &cx).unwrap();
    for (backend, sql) in [
        (
            BackendKind::Sqlite,
            r#""companies".id IN (SELECT f1.company_id FROM company_tags f1 JOIN tags f2 ON f2.id = f1.tag_id WHERE f2.deleted_at IS NULL AND f2.name IN (?))"#,
        ),
        (
            BackendKind::Postgres,
            r#""companies".id = ANY (ARRAY(SELECT f1.company_id FROM company_tags f1 JOIN tags f2 ON f2.id = f1.tag_id WHERE f2.deleted_at IS NULL AND lower(f2.name) IN (?)))"#,
        ),
    ] {
        let got =
            filter::lower::lower_shaped(&pred, Entity::Companies, backend, &shapes).describe();
        assert_eq!(got, (sql.to_string(), vec![text("vip")]), "{backend}");
    }
}

#[test]
fn sql_looking_values_are_parameters() {
    for backend in [BackendKind::Sqlite, BackendKind::Postgres] {
        for f in INJECTIONS {
            let (sql, binds) = describe(Entity::Companies, f, backend);
            let lower = sql.to_ascii_lowercase();
            assert!(
                !lower.contains("drop") && !lower.contains("1=1") && !lower.contains("x'"),
                "{backend}: a value of {f} is in the SQL text: {sql}"
            );
            assert!(
                binds
                    .iter()
                    .any(|b| matches!(b, Bind::Text(t) if t.contains("drop") || t.contains("'"))),
                "{backend}: the SQL-looking value of {f} is not a parameter: {binds:?}"
            );
        }
    }
}

both_backends!(
    sql_looking_values_match_nothing_and_change_nothing,
    |db: TestDb| {
        let mut conn = db.conn();
        rolo::seed::demo::load(&mut conn, None).expect("demo data");
        let before = company::count(&mut conn, Liveness::All, None).expect("count");
        assert!(before > 0);
        let cx = Context {
            entity: Entity::Companies,
            me: None,
            now: now(),
        };
        for f in INJECTIONS {
            let pred = filter::compile(f, &cx, conn.backend())
                .unwrap_or_else(|e| panic!("{f}: {}", e.render(f)))
                .expect("a filter");
            let page = company::list(
                &mut conn,
                &ListQuery::sorted(company::CompanySort::Name, 1000),
                Some(Box::new(pred.clone())),
            )
            .unwrap_or_else(|e| panic!("{}: list {f}: {e}", db.name()));
            assert!(
                page.rows.is_empty(),
                "{}: {f} lists {:?}",
                db.name(),
                page.rows
            );
            let n = company::count(&mut conn, Liveness::Live, Some(Box::new(pred)))
                .unwrap_or_else(|e| panic!("{}: count {f}: {e}", db.name()));
            assert_eq!(n, 0, "{}: {f} counts rows", db.name());
        }
        assert_eq!(
            company::count(&mut conn, Liveness::All, None).expect("count"),
            before,
            "{}: the companies table changed",
            db.name()
        );
    }
);
