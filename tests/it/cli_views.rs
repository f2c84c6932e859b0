//! `rolo views list`: with `--as` a user's own views and the shared ones; without a user only the
//! shared ones, and a note on stderr saying how to see one's own.

use crate::common::{self, rolo_in as rolo, TestDb};
use rolo::db::repo::user;
use rolo::domain::{Role, UserDraft};

fn run(dir: &std::path::Path, url: &str, args: &[&str]) -> (String, String) {
    let out = rolo(dir, url, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

both_backends!(
    views_list_without_a_user_shows_the_shared_ones_and_says_so,
    |db: TestDb| {
        let dir = tempfile::tempdir().unwrap();
        let url = db.url_string();
        user::create(
            &mut db.conn(),
            None,
            UserDraft::new("Ada 王", "ada@example.com", Role::SalesRep),
        )
        .unwrap();
        let save = ["views", "save", "--entity", "deals", "--where", "open"];
        run(
            dir.path(),
            &url,
            &[&save[..], &["Team pipeline 🚀", "--shared"]].concat(),
        );
        run(
            dir.path(),
            &url,
            &[&save[..], &["My deals", "--as", "ada@example.com"]].concat(),
        );

        let (out, err) = run(dir.path(), &url, &["views", "list"]);
        assert!(
            out.contains("Team pipeline 🚀") && out.contains("shared"),
            "{out}"
        );
        assert!(!out.contains("My deals"), "{out}");
        assert_eq!(
            err,
            "1 shared view; your own views are listed with --as EMAIL (or ROLO_USER, or `user` in \
         the config file)\n"
        );

        let (out, err) = run(
            dir.path(),
            &url,
            &["views", "list", "--as", "ada@example.com"],
        );
        assert!(
            out.contains("Team pipeline 🚀") && out.contains("My deals"),
            "{out}"
        );
        assert!(out.contains("mine"), "{out}");
        assert_eq!(err, "");
        let _ = common::sqlite;
    }
);
