//! `:sort` in the TUI takes the sort names `--sort` takes, and refuses an unknown one with the
//! same words.

use crate::common;
use common::rolo_in;
use common::tui::{demo, press, typed};

use crossterm::event::KeyCode;

#[test]
fn the_tui_and_the_command_line_take_the_same_sort_names() {
    let (db, ctx, mut app) = demo(None);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = db.url_string();
    press(&ctx, &mut app, KeyCode::Char('2'));

    typed(&ctx, &mut app, ":sort first_name desc");
    press(&ctx, &mut app, KeyCode::Enter);
    let q = &app.listing().query;
    assert_eq!((q.sort, q.descending), (0, true), "{:?}", app.message);
    let ok = rolo_in(
        dir.path(),
        &url,
        &["contacts", "list", "--sort", "first_name:desc"],
    );
    assert!(ok.status.success(), "{ok:?}");

    typed(&ctx, &mut app, ":sort notes");
    press(&ctx, &mut app, KeyCode::Enter);
    let (_, shown) = app.message.clone().expect("a message");
    assert_eq!(
        shown,
        "cannot sort contacts by 'notes'; sort by one of: first_name, last_name, email, phone, title, created, updated"
    );
    let bad = rolo_in(dir.path(), &url, &["contacts", "list", "--sort", "notes"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        format!("rolo: {shown}\n")
    );
}
