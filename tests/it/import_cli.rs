//! `rolo import`, `import list`, `import undo` and `rolo export` through the real binary: reports,
//! exit codes (2 for invalid rows and bad options, 3 unknown import, 4 undo refused), files.
use crate::common;
use common::rolo_in as rolo;

use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn session(db: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    let awkward = fixture("contacts_awkward.csv");
    let awkward = awkward.to_str().unwrap();

    // invalid rows: nothing imported, exit 2, the full report on stdout
    let o = rolo(dir.path(), &url, &["import", "contacts", awkward]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        out(&o).contains("line 8, column 'E-mail Address' (email): 'bob@'"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("line 10: duplicate of line 2"),
        "{}",
        out(&o)
    );
    assert!(
        err(&o).contains("2 invalid rows; nothing was imported"),
        "{}",
        err(&o)
    );
    assert_eq!(
        out(&rolo(dir.path(), &url, &["contacts", "count"])).trim(),
        "0"
    );

    // bad option combinations are usage errors
    let o = rolo(
        dir.path(),
        &url,
        &["import", "contacts", awkward, "--skip-invalid"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--skip-invalid needs --rejects"),
        "{}",
        err(&o)
    );
    let o = rolo(
        dir.path(),
        &url,
        &["import", "deals", fixture("contacts.vcf").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = rolo(
        dir.path(),
        &url,
        &["import", "contacts", awkward, "--match", "domain"],
    );
    assert!(
        err(&o).contains("contacts cannot be matched by domain"),
        "{}",
        err(&o)
    );

    // dry run with --skip-invalid: exit 0, nothing written
    let rejects = dir.path().join("rejects.csv");
    let rejects = rejects.to_str().unwrap();
    let o = rolo(
        dir.path(),
        &url,
        &[
            "import",
            "contacts",
            awkward,
            "--dry-run",
            "--skip-invalid",
            "--rejects",
            rejects,
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(out(&o).contains("7 would be created"), "{}", out(&o));
    assert_eq!(
        out(&rolo(dir.path(), &url, &["contacts", "count"])).trim(),
        "0"
    );

    // the real thing, as JSON
    let o = rolo(
        dir.path(),
        &url,
        &[
            "import",
            "contacts",
            awkward,
            "--skip-invalid",
            "--rejects",
            rejects,
            "--output",
            "json",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let report: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(report["created"], 7);
    assert_eq!(report["invalid"], 2);
    let id = report["import_id"].as_str().unwrap().to_string();
    assert_eq!(
        out(&rolo(dir.path(), &url, &["contacts", "count"])).trim(),
        "7"
    );
    assert!(std::fs::read_to_string(rejects)
        .unwrap()
        .contains("import_error"));

    let o = rolo(dir.path(), &url, &["import", "list"]);
    assert!(o.status.success());
    assert!(
        out(&o).contains(&id) && out(&o).contains("contacts"),
        "{}",
        out(&o)
    );

    // export to stdout and to a file
    let o = rolo(
        dir.path(),
        &url,
        &["export", "contacts", "--where", "email~example.cn"],
    );
    assert!(o.status.success(), "{o:?}");
    assert_eq!(out(&o).lines().count(), 2, "{}", out(&o));
    assert!(out(&o).contains("李,小龙,li@example.cn"));
    let file = dir.path().join("out.json");
    let o = rolo(
        dir.path(),
        &url,
        &[
            "export",
            "contacts",
            "--output",
            "json",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(err(&o).contains("exported 7 contacts"), "{}", err(&o));
    let rows: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 7);
    let o = rolo(dir.path(), &url, &["export", "deals", "--output", "vcf"]);
    assert_eq!(o.status.code(), Some(2));
    let o = rolo(
        dir.path(),
        &url,
        &["export", "contacts", "--where", "nosuchfield:1"],
    );
    assert_eq!(o.status.code(), Some(2));

    // undo: a changed record makes it refuse (exit 4); --force undoes the rest
    let changed = out(&rolo(
        dir.path(),
        &url,
        &[
            "contacts",
            "list",
            "--where",
            "email:julia@example.ru",
            "--output",
            "ids",
        ],
    ));
    let o = rolo(
        dir.path(),
        &url,
        &["contacts", "update", changed.trim(), "--set", "title=Boss"],
    );
    assert!(o.status.success(), "{o:?}");
    let o = rolo(dir.path(), &url, &["import", "undo", &id]);
    assert_eq!(o.status.code(), Some(4), "{o:?}");
    assert!(err(&o).contains("changed since"), "{}", err(&o));
    assert_eq!(
        out(&rolo(dir.path(), &url, &["contacts", "count"])).trim(),
        "7"
    );
    let o = rolo(dir.path(), &url, &["import", "undo", &id, "--force"]);
    assert!(o.status.success(), "{o:?}");
    assert!(out(&o).contains("left as it is: contact"), "{}", out(&o));
    assert_eq!(
        out(&rolo(dir.path(), &url, &["contacts", "count"])).trim(),
        "1"
    );
    let o = rolo(dir.path(), &url, &["import", "undo", &id]);
    assert_eq!(o.status.code(), Some(2), "already undone");
    let o = rolo(
        dir.path(),
        &url,
        &["import", "undo", "0193a5c4-0000-7000-8000-000000000001"],
    );
    assert_eq!(o.status.code(), Some(3), "{o:?}");
}

#[test]
fn import_export_and_undo_on_sqlite() {
    session(common::sqlite());
}

#[test]
fn import_export_and_undo_on_postgres() {
    session(common::postgres());
}

/// `rolo import users|stages`: an export of them loads into an empty database (users and stages
/// first, then the deals that name them); vCards are for contacts only.
#[test]
fn users_and_stages_import_from_their_exports() {
    let (from, to) = (common::sqlite(), common::sqlite());
    let dir = tempfile::tempdir().unwrap();
    let (src, dst) = (from.url_string(), to.url_string());
    assert!(rolo(dir.path(), &src, &["seed", "demo"]).status.success());
    for entity in ["users", "stages", "companies", "contacts", "deals"] {
        let file = dir.path().join(format!("{entity}.csv"));
        let file = file.to_str().unwrap();
        let o = rolo(dir.path(), &src, &["export", entity, "--file", file]);
        assert!(o.status.success(), "{o:?}");
        let o = rolo(dir.path(), &dst, &["import", entity, file]);
        assert!(o.status.success(), "{entity}: {o:?}");
    }
    for (entity, n) in [("users", "3"), ("stages", "6"), ("deals", "7")] {
        assert_eq!(out(&rolo(dir.path(), &dst, &[entity, "count"])).trim(), n);
    }
    let o = rolo(dir.path(), &dst, &["import", "users", "x.vcf"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(err(&o).contains("vCard files hold contacts"), "{}", err(&o));
    let help = out(&rolo(dir.path(), &dst, &["import", "--help"]));
    assert!(help.contains("users") && help.contains("stages"), "{help}");
}
