//! CSV formula injection: `export --file` guards formula-like cells (OWASP: a leading quote, and
//! a byte-order mark that says so), standard output stays raw, `--no-spreadsheet-safe` turns the
//! guard off, and rolo's own import removes it, so export → import → export is byte-identical on
//! both backends.
use crate::common;

use std::path::Path;
use std::process::Output;

const NAMES: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1 555 0100",
    "@SUM(A1:A9)",
    "-2+3",
    "'=already quoted",
    "Plain Co",
];

fn rolo(dir: &Path, db: &str, args: &[&str]) -> Output {
    let out = common::rolo_command()
        .env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(db)
        .args(args)
        .output()
        .expect("run rolo");
    assert!(out.status.success(), "rolo {args:?}: {out:?}");
    out
}

fn cells(csv_bytes: &[u8]) -> Vec<Vec<String>> {
    let data = csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv_bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn names(dir: &Path, db: &str) -> Vec<String> {
    let o = rolo(
        dir,
        db,
        &["companies", "list", "--output", "json", "--limit", "100"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut n: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

fn round_trip(target: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("src.db").to_string_lossy().into_owned();
    for name in NAMES {
        let set = format!("name={name}");
        rolo(
            d,
            &src,
            &[
                "companies",
                "create",
                "--set",
                &set,
                "--set",
                "notes=-12.50",
            ],
        );
    }
    let file = |n: &str| d.join(n).to_string_lossy().into_owned();

    // to a file: guarded
    rolo(
        d,
        &src,
        &["export", "companies", "--file", &file("safe.csv")],
    );
    let safe = std::fs::read(d.join("safe.csv")).unwrap();
    assert!(
        safe.starts_with(b"\xEF\xBB\xBF"),
        "a guarded file starts with the mark"
    );
    let rows = cells(&safe);
    let col = |h: &str| rows[0].iter().position(|c| c == h).unwrap();
    let (name, notes) = (col("name"), col("notes"));
    let mut written: Vec<&str> = rows[1..].iter().map(|r| r[name].as_str()).collect();
    written.sort();
    let mut expected = vec![
        "'+1 555 0100",
        "'-2+3",
        "'=HYPERLINK(\"http://evil.example\",\"click\")",
        "''=already quoted",
        "'@SUM(A1:A9)",
        "Plain Co",
    ];
    expected.sort();
    assert_eq!(written, expected);
    for r in &rows[1..] {
        assert_eq!(r[notes], "-12.50", "a number is not mangled");
        for c in r {
            let first = c.chars().next();
            assert!(
                c == "-12.50" || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "unguarded formula cell {c:?}"
            );
        }
    }

    // standard output and --no-spreadsheet-safe: raw, the same bytes
    let raw = rolo(d, &src, &["export", "companies"]).stdout;
    assert!(!raw.starts_with(b"\xEF\xBB\xBF"));
    assert!(cells(&raw)[1..]
        .iter()
        .any(|r| r[name].starts_with("=HYPERLINK")));
    rolo(
        d,
        &src,
        &[
            "export",
            "companies",
            "--file",
            &file("raw.csv"),
            "--no-spreadsheet-safe",
        ],
    );
    assert_eq!(std::fs::read(d.join("raw.csv")).unwrap(), raw);

    // rolo's import removes its own guard: the values, and the next export, are identical
    let dst = target.url_string();
    rolo(d, &dst, &["import", "companies", &file("safe.csv")]);
    assert_eq!(names(d, &dst), names(d, &src));
    rolo(
        d,
        &dst,
        &["export", "companies", "--file", &file("again.csv")],
    );
    assert_eq!(
        String::from_utf8(std::fs::read(d.join("again.csv")).unwrap()).unwrap(),
        String::from_utf8(safe).unwrap()
    );
    // and the raw export round-trips too (its quotes are data, kept as they are)
    let raw_again = rolo(d, &dst, &["export", "companies"]).stdout;
    assert_eq!(
        String::from_utf8(raw_again).unwrap(),
        String::from_utf8(raw).unwrap()
    );
}

#[test]
fn guarded_export_round_trip_sqlite() {
    round_trip(common::sqlite());
}

#[test]
fn guarded_export_round_trip_postgres() {
    round_trip(common::postgres());
}

#[test]
fn a_raw_export_with_guard_like_values_imports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("src.db").to_string_lossy().into_owned();
    rolo(d, &src, &["companies", "create", "--set", "name='=kept"]);
    let raw = d.join("raw.csv");
    rolo(
        d,
        &src,
        &[
            "export",
            "companies",
            "--file",
            &raw.to_string_lossy(),
            "--no-spreadsheet-safe",
        ],
    );
    let dst = d.join("dst.db").to_string_lossy().into_owned();
    rolo(d, &dst, &["import", "companies", &raw.to_string_lossy()]);
    assert_eq!(names(d, &dst), vec!["'=kept".to_string()]);
}
