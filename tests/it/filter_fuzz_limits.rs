//! Property tests of the whole filter compiler (parse, check, lower on both backends) with dates,
//! amounts and numbers at their limits: it never panics, and an error has a valid span under the
//! offending text and renders with its message. (The parser alone: tests/filter_fuzz.rs.)

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rolo::db::BackendKind;
use rolo::domain::Entity;
use rolo::filter::{self, Context, Span};

fn span_ok(input: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= input.len()
        && input.is_char_boundary(s.start)
        && input.is_char_boundary(s.end)
}

// ---- the whole compiler at the limits of dates and numbers -----------------------------------

/// Numbers at and around the limits of i32, i64, u64 and the calendar, as digits.
fn huge_digits() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "0",
                "1",
                "7",
                "2932896",
                "2932897",
                "3652425",
                "99999999",
                "2147483647",
                "2147483648",
                "1317624576693539401",
                "1317624576693539402",
                "106751991167300",
                "9223372036854775807",
                "9223372036854775808",
                "18446744073709551615",
                "99999999999999999999999999999999",
            ][..]
        )
        .prop_map(str::to_string),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
    ]
}

/// Date values: offsets in days and weeks, absolute days from year 0 to past 262143, keywords.
fn date_value() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        prop::sample::select(
            &[0i64, 1, 1899, 1970, 9999, 10000, 99999, 262142, 262143, 262144][..]
        ),
        -300000i64..300000,
    ];
    prop_oneof![
        (
            prop::sample::select(&["+", "-"][..]),
            huge_digits(),
            prop::sample::select(&["d", "w", "m", ""][..])
        )
            .prop_map(|(s, n, u)| format!("{s}{n}{u}")),
        (year, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop::sample::select(
            &[
                "today",
                "tomorrow",
                "yesterday",
                "this-week",
                "next-week",
                "last-week",
                "this-month",
                "9999-12-31",
                "0001-01-01",
                "+262143-12-31",
                "-0001-01-01"
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

/// Amounts and whole numbers: huge, negative, fractional, grouped.
fn number_value() -> impl Strategy<Value = String> {
    prop_oneof![
        huge_digits(),
        (huge_digits(), huge_digits()).prop_map(|(a, b)| format!("{a}.{b}")),
        huge_digits().prop_map(|n| format!("-{n}")),
        prop::sample::select(
            &[
                "92233720368547758.07",
                "92233720368547758.08",
                "9,223,372,036,854,775,807",
                "-9223372036854775808",
                "9999999999999.99",
                "10000000000000",
                "0.001",
                "1e308",
                "NaN",
                "-0"
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

/// (entity, field) pairs of every date, timestamp, money and number kind.
const DATE_FIELDS: &[(Entity, &str)] = &[
    (Entity::Deals, "close"),
    (Entity::Deals, "closed"),
    (Entity::Deals, "created"),
    (Entity::Companies, "updated"),
    (Entity::Activities, "due"),
    (Entity::Activities, "completed"),
    (Entity::Contacts, "company.created"),
    (Entity::Activities, "deal.close"),
];
const NUMBER_FIELDS: &[(Entity, &str)] = &[
    (Entity::Deals, "value"),
    (Entity::Deals, "probability"),
    (Entity::Companies, "revenue"),
    (Entity::Companies, "employees"),
    (Entity::Stages, "position"),
    (Entity::Contacts, "company.revenue"),
];

fn limit_filter() -> impl Strategy<Value = (Entity, String)> {
    let op = prop::sample::select(&[":", "!=", "<", "<=", ">", ">="][..]);
    let dates = (
        prop::sample::select(DATE_FIELDS),
        op.clone(),
        prop::collection::vec(date_value(), 1..3),
    );
    let numbers = (
        prop::sample::select(NUMBER_FIELDS),
        op,
        prop::collection::vec(number_value(), 1..3),
    );
    let cond = prop_oneof![
        dates.prop_map(|((e, f), op, v)| (e, format!("{f}{op}{}", v.join(",")))),
        numbers.prop_map(|((e, f), op, v)| (e, format!("{f}{op}{}", v.join(",")))),
    ];
    (cond, prop::sample::select(&["", "-", "not "][..]))
        .prop_map(|((e, c), neg)| (e, format!("{neg}{c}")))
}

fn clock() -> impl Strategy<Value = NaiveDateTime> {
    let fixed = NaiveDate::from_ymd_opt(2026, 3, 4)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .unwrap_or_default();
    prop_oneof![
        4 => Just(fixed),
        1 => Just(NaiveDateTime::MIN),
        1 => Just(NaiveDateTime::MAX),
        1 => (-262000i32..262000, 1u32..366).prop_map(move |(y, d)| {
            NaiveDate::from_yo_opt(y, d).map_or(fixed, |d| d.and_time(fixed.time()))
        }),
    ]
}

/// Compiles on both backends without a panic: a predicate, or an error with a valid span that
/// renders with its message.
fn compiles_or_points(entity: Entity, text: &str, now: NaiveDateTime) -> Result<(), TestCaseError> {
    let cx = Context {
        entity,
        me: None,
        now,
    };
    for backend in [BackendKind::Sqlite, BackendKind::Postgres] {
        match filter::compile(text, &cx, backend) {
            Ok(p) => prop_assert!(p.is_some(), "{text:?} compiled to no filter"),
            Err(e) => {
                prop_assert!(
                    span_ok(text, e.span) && e.span.start < e.span.end.max(1),
                    "bad span {:?} for {text:?}",
                    e.span
                );
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.render(text).contains(&e.message));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn dates_and_numbers_at_their_limits_never_panic((entity, text) in limit_filter(), now in clock()) {
        compiles_or_points(entity, &text, now)?;
    }
}

/// The cases of the report, by hand: each is an error under the value, naming the range.
#[test]
fn huge_relative_dates_are_errors_under_the_value() {
    let now = NaiveDate::from_ymd_opt(2026, 3, 4)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .unwrap_or_default();
    for (entity, text, value) in [
        (Entity::Companies, "created>+99999999d", "+99999999d"),
        (Entity::Deals, "close<+99999999d", "+99999999d"),
        (Entity::Activities, "due<+99999999d", "+99999999d"),
        (
            Entity::Deals,
            "status:open close<-9223372036854775807w",
            "-9223372036854775807w",
        ),
        (
            Entity::Deals,
            "close:+99999999999999999999999d",
            "+99999999999999999999999d",
        ),
        (Entity::Activities, "due>+2932897d", "+2932897d"),
    ] {
        let cx = Context {
            entity,
            me: None,
            now,
        };
        let e = filter::compile(text, &cx, BackendKind::Sqlite).expect_err(text);
        assert_eq!(&text[e.span.start..e.span.end], value, "{text}");
        assert!(
            e.message.contains("between 0001-01-01 and 9999-12-31"),
            "{text}: {}",
            e.message
        );
    }
    // the last representable day still works, on a date and on a timestamp
    for (entity, text) in [
        (Entity::Deals, "close<=9999-12-31"),
        (Entity::Deals, "close:9999-12-31"),
        (Entity::Deals, "close>9999-12-31"),
        (Entity::Deals, "created!=9999-12-31"),
        (Entity::Deals, "close>=0001-01-01"),
    ] {
        let cx = Context {
            entity,
            me: None,
            now,
        };
        assert!(
            filter::compile(text, &cx, BackendKind::Postgres).is_ok(),
            "{text}"
        );
    }
}
