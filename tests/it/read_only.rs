//! Read-only mode (`--read-only`, `ROLO_READ_ONLY`, `read_only = true`): reads work, writes are
//! refused up front with exit 6 naming the mode, and the database itself refuses them too
//! (SQLite opened `mode=ro`, PostgreSQL sessions `default_transaction_read_only`).

use rolo::db::conn::{open_pool_session, Session, SqliteMmap, Timeouts};
use rolo::db::repo;
use rolo::domain::CompanyDraft;
use rolo::error::exit;

use crate::common::{self, describe, rolo_in, rolo_isolated, TestDb};

fn acme(db: &TestDb) {
    repo::company::create(&mut db.conn(), None, CompanyDraft::new("Acme Read")).unwrap();
}

both_backends!(
    the_flag_the_variable_and_the_config_refuse_writes,
    |db: TestDb| {
        acme(&db);
        let dir = tempfile::tempdir().unwrap();
        let url = db.url_string();
        let list = rolo_in(dir.path(), &url, &["--read-only", "companies", "list"]);
        assert_eq!(list.status.code(), Some(0), "{}", describe(&list));
        assert!(String::from_utf8_lossy(&list.stdout).contains("Acme Read"));

        let config = dir.path().join("ro.toml");
        std::fs::write(&config, "read_only = true\n").unwrap();
        let mut by_config = rolo_isolated(
            dir.path(),
            &url,
            &["companies", "create", "--set", "name=X"],
        );
        by_config.env("ROLO_CONFIG", &config);
        let mut by_env = rolo_isolated(dir.path(), &url, &["deals", "move", "x", "--next"]);
        by_env.env("ROLO_READ_ONLY", "1");
        let by_flag = rolo_isolated(dir.path(), &url, &["--read-only", "import", "undo", "x"]);
        for (mut cmd, what) in [
            (by_config, "creating companies"),
            (by_env, "moving a deal"),
            (by_flag, "undoing an import"),
        ] {
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(exit::NOT_PERMITTED),
                "{what}: {}",
                describe(&out)
            );
            assert!(
                stderr.starts_with(&format!(
                    "rolo: not permitted: {what} is not allowed in read-only mode"
                )),
                "{stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
        // nothing was written, and an explicit 0 in the environment beats the config file
        let mut writable = rolo_isolated(dir.path(), &url, &["companies", "count"]);
        writable
            .env("ROLO_CONFIG", &config)
            .env("ROLO_READ_ONLY", "0");
        let count = writable.output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&count.stdout).trim(),
            "1",
            "{}",
            describe(&count)
        );
    }
);

both_backends!(
    the_database_refuses_writes_of_a_read_only_session,
    |db: TestDb| {
        acme(&db);
        let session = Session {
            read_only: true,
            user_hint: None,
        };
        let pool =
            open_pool_session(&db.url, 2, Timeouts::default(), SqliteMmap::Large, session).unwrap();
        let mut conn = pool.get().unwrap();
        // reads work
        let n = repo::company::count(&mut conn, repo::Liveness::Live, None).unwrap();
        assert_eq!(n, 1);
        // a write that got past the front end is still refused by the database: exit 6
        let err = repo::company::create(&mut conn, None, CompanyDraft::new("Sneaky")).unwrap_err();
        assert!(
            matches!(err, rolo::db::DbError::ReadOnly(_)),
            "{}: {err:?}",
            db.name()
        );
        drop(conn);
        assert_eq!(
            repo::company::count(&mut db.conn(), repo::Liveness::Live, None).unwrap(),
            1
        );
    }
);

#[test]
fn read_only_mode_never_creates_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.db");
    let out = rolo_in(
        dir.path(),
        &path.display().to_string(),
        &["--read-only", "companies", "list"],
    );
    assert_eq!(
        out.status.code(),
        Some(exit::UNAVAILABLE),
        "{}",
        describe(&out)
    );
    assert!(!path.exists());
}

#[test]
fn the_tui_says_read_only_and_refuses_a_delete() {
    use crossterm::event::KeyCode;
    let db = common::sqlite();
    acme(&db);
    let mut ctx = common::tui::ctx_for(&db, None);
    ctx.settings.read_only = true;
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.ask_identity = false;
    let effects = rolo::tui::update::start(&mut app);
    common::tui::drive(&ctx, &mut app, effects);
    let screen = common::tui::render(&mut app, 100, 12);
    assert!(screen.contains("Companies │ [read-only] │"), "{screen}");
    common::tui::press(&ctx, &mut app, KeyCode::Char('d'));
    let screen = common::tui::render(&mut app, 100, 12);
    assert!(
        screen.contains("read-only mode: deleting a record is not allowed"),
        "{screen}"
    );
    assert_eq!(
        repo::company::count(&mut db.conn(), repo::Liveness::Live, None).unwrap(),
        1
    );
}
