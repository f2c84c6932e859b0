//! The filter options and the filter language at their limits, through the real binary: filters
//! starting with '-', relative dates past the calendar, oversized filters, huge day counts. Each
//! is exit 0 or a clear exit 2, never a panic (101) or an internal error (1).
use crate::common;
use common::describe as text;
use common::rolo_in as rolo;

use std::process::Output;

use common::TestDb;

#[track_caller]
fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", text(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Exit 2; the message on stderr.
#[track_caller]
fn usage(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{}", text(o));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The caret line under `filter` in an error report, as (column, width).
fn caret(stderr: &str, filter: &str) -> (usize, usize) {
    let mut lines = stderr.lines().skip_while(|l| *l != filter);
    assert!(lines.next().is_some(), "no filter line in {stderr}");
    let line = lines.next().unwrap_or_default();
    let start = line.find('^').unwrap_or(usize::MAX);
    let width = line[start.min(line.len())..]
        .chars()
        .take_while(|c| *c == '^')
        .count();
    (start, width)
}

fn seeded(db: &TestDb) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    ok(&rolo(dir.path(), &url, &["seed", "demo"]));
    (dir, url)
}

// ---- item: filters starting with '-' ---------------------------------------------------------

fn hyphen_filters(db: TestDb) {
    let (dir, url) = seeded(&db);
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let all: usize = ok(&run(&["companies", "count"])).trim().parse().unwrap();
    let software: usize = ok(&run(&[
        "companies",
        "count",
        "--where",
        "industry:software",
    ]))
    .trim()
    .parse()
    .unwrap();
    let not: usize = ok(&run(&[
        "companies",
        "count",
        "--where",
        "-industry:software",
    ]))
    .trim()
    .parse()
    .unwrap();
    assert!(software > 0 && not > 0);
    assert_eq!(not, all - software);
    let ids = ok(&run(&[
        "companies",
        "list",
        "--where",
        "-industry:software",
        "--output",
        "ids",
    ]));
    assert_eq!(ids.lines().count(), not);
    ok(&run(&["deals", "list", "--where", "-status:won"]));
    ok(&run(&["deals", "board", "--where", "-stage:lead"]));
    ok(&run(&[
        "export",
        "companies",
        "--where",
        "-industry:software",
    ]));
    ok(&run(&[
        "explain",
        "companies",
        "--where",
        "-industry:software",
    ]));
    ok(&run(&[
        "views",
        "save",
        "not-software",
        "--entity",
        "companies",
        "--where",
        "-industry:software",
    ]));
    let via_view: usize = ok(&run(&["companies", "count", "--view", "not-software"]))
        .trim()
        .parse()
        .unwrap();
    assert_eq!(via_view, not);
    // a value that is not a filter is still refused with the filter's own message
    let e = usage(&run(&["companies", "count", "--where", "-"]));
    assert!(e.contains("invalid filter"), "{e}");
}

both_backends!(filters_may_start_with_a_hyphen, hyphen_filters);

// ---- item: relative dates beyond the calendar -----------------------------------------------

#[test]
fn huge_relative_dates_are_exit_2_with_a_caret_everywhere() {
    let db = common::sqlite();
    let (dir, url) = seeded(&db);
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    let cases: &[(&[&str], &str)] = &[
        (&["companies", "count", "--where"], "created>+99999999d"),
        (&["companies", "list", "--where"], "created>+99999999d"),
        (&["deals", "list", "--where"], "close<+99999999d"),
        (&["activities", "count", "--where"], "due<+99999999d"),
        (&["deals", "board", "--where"], "close<-99999999w"),
        (&["export", "deals", "--where"], "close<+99999999d"),
        (&["explain", "deals", "--where"], "close<+99999999d"),
        (
            &["views", "save", "far", "--entity", "deals", "--where"],
            "close<+99999999d",
        ),
    ];
    for (args, filter) in cases {
        let mut all = args.to_vec();
        all.push(filter);
        let e = usage(&run(&all));
        assert!(
            e.contains("between 0001-01-01 and 9999-12-31"),
            "{all:?}: {e}"
        );
        let at = filter.find(['+', '-']).unwrap_or(0);
        assert_eq!(caret(&e, filter), (at, filter.len() - at), "{all:?}: {e}");
    }
    // nothing was saved
    assert!(!ok(&run(&["views", "list"])).contains("far"));
    // far but representable is fine
    ok(&run(&["deals", "count", "--where", "close<+2900000d"]));
}

#[test]
fn huge_day_counts_do_not_panic() {
    let db = common::sqlite();
    let (dir, url) = seeded(&db);
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    ok(&run(&[
        "deals",
        "board",
        "--stale-days",
        "4294967295",
        "--cards",
        "3",
    ]));
    ok(&run(&["agenda", "--all-owners", "--days", "4294967295"]));
}

// ---- item: oversized filters ------------------------------------------------------------------

fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every limit at once, just within it: 64 levels of nesting around 200 terms, two of them
/// lists of 500 values (a money list is a chain of 500 ORs in SQL).
fn everything_at_its_limit() -> String {
    let values: Vec<String> = (1..=500).map(|i| i.to_string()).collect();
    let titles: Vec<String> = (0..500).map(|i| format!("t{i}")).collect();
    let inner = format!(
        "value:{} title~{} {}",
        values.join(","),
        titles.join(","),
        words(198)
    );
    format!("{}{inner}{}", "-(".repeat(32), ")".repeat(32))
}

fn oversized_filters(db: TestDb) {
    let (dir, url) = seeded(&db);
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    // just within the limits: runs
    assert_eq!(
        ok(&run(&["companies", "count", "--where", &words(200)])).trim(),
        "0"
    );
    let worst = everything_at_its_limit();
    ok(&run(&["deals", "count", "--where", &worst]));
    ok(&run(&["deals", "list", "--where", &worst]));
    let list: Vec<String> = (0..500).map(|i| format!("x{i}@example.com")).collect();
    let emails = format!("email:{}", list.join(","));
    ok(&run(&["contacts", "list", "--where", &emails]));
    let long = format!("name:\"{}\"", "x".repeat(32 * 1024 - 7));
    ok(&run(&["companies", "count", "--where", &long]));

    // one past a limit: exit 2, with a caret where it was passed
    let over = words(4000);
    let e = usage(&run(&["companies", "count", "--where", &over]));
    assert!(
        e.contains("too many terms: a filter holds at most 200"),
        "{e}"
    );
    assert_eq!(caret(&e, &over), (over.find("w200 ").unwrap_or(0), 4));
    let over = format!("{emails},y@example.com");
    let e = usage(&run(&["contacts", "list", "--where", &over]));
    assert!(e.contains("a condition lists at most 500"), "{e}");
    assert_eq!(caret(&e, &over).0, over.len() - "y@example.com".len());
    let over = format!("{emails} {emails} city:x");
    let e = usage(&run(&["contacts", "count", "--where", &over]));
    assert!(e.contains("at most 1,000 in all"), "{e}");
    assert_eq!(caret(&e, &over), (over.len() - 1, 1));
    let over = format!("name:\"{}\"", "x".repeat(32 * 1024));
    let e = usage(&run(&["companies", "count", "--where", &over]));
    assert!(e.contains("the filter is too long"), "{e}");
    assert!(e.contains("at most 32,768"), "{e}");
    let nested = format!("{}x{}", "(".repeat(65), ")".repeat(65));
    let e = usage(&run(&["companies", "count", "--where", &nested]));
    assert!(e.contains("nests too deeply"), "{e}");
}

both_backends!(oversized_filters_are_exit_2, oversized_filters);
