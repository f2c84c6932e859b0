//! Money at its limits, through the real binary on both backends: an amount above
//! `money::MAX_MINOR` is refused where it comes in (`--set`, import) with the limit in the
//! message, and the board sums any stored amounts, older over-limit ones included, without an
//! overflow.
use crate::common;
use common::describe as text;
use common::rolo_in as rolo;

use std::process::Output;

use common::TestDb;
use diesel::connection::SimpleConnection;

#[track_caller]
fn exit(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "{}", text(o));
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn amounts_are_bounded_at_input(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    exit(&run(&["seed", "demo"]), 0);
    let count = || exit(&run(&["deals", "count"]), 0).trim().to_string();
    let before = count();

    // the report's value, and one cent over the limit
    for value in ["92233720368547758.07", "10000000000000"] {
        let set = format!("value={value}");
        let e = exit(
            &run(&["deals", "create", "--set", "title=Huge", "--set", &set]),
            2,
        );
        assert!(
            e.contains("value: '") && e.contains("must be at most 9,999,999,999,999.99 USD"),
            "{e}"
        );
    }
    let e = exit(
        &run(&[
            "deals",
            "create",
            "--set",
            "title=Yen",
            "--set",
            "currency=JPY",
            "--set",
            "value=1000000000000000",
        ]),
        2,
    );
    assert!(e.contains("must be at most 999,999,999,999,999 JPY"), "{e}");
    let e = exit(
        &run(&[
            "companies",
            "create",
            "--set",
            "name=Rich",
            "--set",
            "revenue=10000000000000",
        ]),
        2,
    );
    assert!(
        e.contains("annual_revenue") && e.contains("at most 9,999,999,999,999.99"),
        "{e}"
    );
    assert_eq!(count(), before, "nothing was created");

    // the limit itself is fine, and updating past it is refused
    let o = run(&[
        "deals",
        "create",
        "--set",
        "title=Max",
        "--set",
        "value=9,999,999,999,999.99",
        "--output",
        "json",
    ]);
    exit(&o, 0);
    // stdout alone (stderr notes that the write has no acting user)
    let id: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(id["value"], 999_999_999_999_999i64);
    let id = id["id"].as_str().unwrap_or_default().to_string();
    let e = exit(
        &run(&["deals", "update", &id, "--set", "value=10000000000000.00"]),
        2,
    );
    assert!(
        e.contains("must be at most 9,999,999,999,999.99 USD"),
        "{e}"
    );

    // the importer: the row is refused with the limit, nothing is imported
    let csv = dir.path().join("deals.csv");
    std::fs::write(
        &csv,
        "title,value,currency\nFine,10,USD\nHuge,92233720368547758.07,USD\n",
    )
    .expect("write csv");
    let e = exit(
        &run(&["import", "deals", csv.to_str().unwrap_or_default()]),
        2,
    );
    assert!(
        e.contains("must be at most 9,999,999,999,999.99 USD"),
        "{e}"
    );
    assert_eq!(
        exit(&run(&["deals", "count", "--where", "title:fine"]), 0).trim(),
        "0"
    );
}

both_backends!(
    amounts_above_the_limit_are_refused_with_it,
    amounts_are_bounded_at_input
);

fn over_limit_rows_do_not_break_the_board(db: TestDb) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    let run = |args: &[&str]| rolo(dir.path(), &url, args);
    exit(&run(&["seed", "demo"]), 0);
    // rows written before the limit existed: every deal at i64::MAX minor units of USD
    db.conn()
        .batch_execute("UPDATE deals SET value = 9223372036854775807, currency = 'USD'")
        .expect("update");
    let out = exit(
        &run(&["deals", "board", "--output", "json", "--cards", "2"]),
        0,
    );
    let board: serde_json::Value = serde_json::from_str(&out).expect("json");
    let open = board["summary"]["open_deals"].as_i64().unwrap_or_default();
    assert!(open >= 2, "{out}");
    let want = (i128::from(i64::MAX) * i128::from(open)).to_string();
    let open_usd = &board["summary"]["open"][0];
    assert_eq!(open_usd["currency"], "USD");
    assert_eq!(
        open_usd["value"],
        serde_json::Value::String(want.clone()),
        "{out}"
    );
    // each stage's sum is exact too
    let mut stages_sum: i128 = 0;
    for s in board["stages"].as_array().into_iter().flatten() {
        for c in s["currencies"].as_array().into_iter().flatten() {
            let v = match &c["value"] {
                serde_json::Value::String(t) => t.parse::<i128>().unwrap_or(-1),
                n => i128::from(n.as_i64().unwrap_or(-1)),
            };
            let deals = i128::from(c["deals"].as_i64().unwrap_or(0));
            assert_eq!(v, deals * i128::from(i64::MAX), "{c}");
            stages_sum += v;
        }
    }
    assert!(stages_sum > i128::from(i64::MAX));
    // the table shows the exact total, formatted
    let table = exit(&run(&["deals", "board"]), 0);
    let shown = usd(i128::from(i64::MAX) * i128::from(open));
    assert!(table.contains(&format!("{shown} USD")), "{table}");
    // a filtered board and money filters still run
    exit(&run(&["deals", "board", "--where", "value>=10000"]), 0);
    let all = exit(&run(&["deals", "count"]), 0);
    let big = exit(
        &run(&["deals", "count", "--where", "value>=9999999999999.99"]),
        0,
    );
    assert_eq!(big, all);
    exit(
        &run(&["deals", "list", "--where", "value>=9999999999999.99"]),
        0,
    );
}

both_backends!(
    the_board_sums_over_limit_rows_exactly,
    over_limit_rows_do_not_break_the_board
);

/// Minor units of USD as the board writes them: `1,234.56`.
fn usd(minor: i128) -> String {
    let major = (minor / 100).to_string();
    let mut out = String::new();
    for (i, c) in major.chars().enumerate() {
        if i > 0 && (major.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{:02}", minor % 100)
}
