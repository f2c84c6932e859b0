//! The `:` and `/` lines' completion list at 80x24, 120x40 and 200x50, over the demo data with
//! saved views and a tag named in CJK and emoji.

use crate::common;

use common::tui::{press, render, typed};

use crossterm::event::KeyCode;
use rolo::domain::{Entity, ViewDraft};

fn app_with_names() -> (common::TestDb, rolo::app::Ctx, rolo::tui::App) {
    let (db, ctx, app) = common::tui::demo(Some("ada@example.com"));
    let mut conn = db.conn();
    for (name, entity, filter) in [
        (
            "東京 customers",
            Entity::Companies,
            "status:customer city:東京",
        ),
        ("Big 🚀 deals", Entity::Deals, "value>=20000"),
        ("Berlin leads", Entity::Companies, "city:berlin status:lead"),
    ] {
        let draft = ViewDraft {
            owner_id: None,
            entity,
            name: name.into(),
            filter: filter.into(),
            sort: None,
        };
        rolo::db::repo::view::create(&mut conn, None, draft).unwrap();
    }
    drop(conn);
    (db, ctx, app)
}

#[test]
fn the_completion_list_at_three_sizes() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = app_with_names();
    // `:view ` Tab: every view, listed above the line under the word
    press(&ctx, &mut app, KeyCode::Char(':'));
    typed(&ctx, &mut app, "view ");
    press(&ctx, &mut app, KeyCode::Tab);
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        insta::assert_snapshot!(format!("complete_views_{w}x{h}"), render(&mut app, w, h));
    }
    // Tab again: the first is in the line and marked
    press(&ctx, &mut app, KeyCode::Tab);
    insta::assert_snapshot!("complete_views_cycled_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Esc);

    // the filter bar: every field, tag, relation and keyword; the list scrolls with the selection
    press(&ctx, &mut app, KeyCode::Char('/'));
    typed(&ctx, &mut app, "status:customer ");
    press(&ctx, &mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&ctx, &mut app, KeyCode::BackTab);
    }
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        insta::assert_snapshot!(format!("complete_fields_{w}x{h}"), render(&mut app, w, h));
    }
}

/// `?` on each screen: its own keys, then the shared ones and the commands, scrolled with G.
#[test]
fn the_help_of_each_screen_at_three_sizes() {
    use common::tui::key;
    use crossterm::event::KeyModifiers;
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = app_with_names();
    let f1 = |app: &mut rolo::tui::App| key(&ctx, app, KeyCode::F(1), KeyModifiers::NONE);
    // the board: all of it fits at 200x50; at 80x24 it scrolls, and G shows the end
    press(&ctx, &mut app, KeyCode::Char('3'));
    press(&ctx, &mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_board_200x50", render(&mut app, 200, 50));
    insta::assert_snapshot!("help_board_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Char('G'));
    insta::assert_snapshot!("help_board_end_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Esc);
    // an open record
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_detail_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Esc);
    // the lines and a form (F1, since ? is typed text there)
    press(&ctx, &mut app, KeyCode::Char(':'));
    f1(&mut app);
    insta::assert_snapshot!("help_command_line_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Char('1'));
    press(&ctx, &mut app, KeyCode::Char('/'));
    f1(&mut app);
    insta::assert_snapshot!("help_filter_bar_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Char('n'));
    f1(&mut app);
    insta::assert_snapshot!("help_form_80x24", render(&mut app, 80, 24));
}

/// Below 80 columns the help wraps (under 48 columns inside its box each key is a line with
/// what it does under it), and it scrolls to its last line at every size down to 40x12, where
/// the rest of rolo says the terminal is too small.
#[test]
fn the_help_stays_readable_and_scrolls_below_80_columns() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = app_with_names();
    press(&ctx, &mut app, KeyCode::Char('3'));
    press(&ctx, &mut app, KeyCode::Char('?'));
    for (w, h) in [(60, 16), (40, 12)] {
        press(&ctx, &mut app, KeyCode::Char('g'));
        let top = render(&mut app, w, h);
        assert!(top.contains("Help: deals board"), "{top}");
        insta::assert_snapshot!(format!("help_board_{w}x{h}"), top);
        press(&ctx, &mut app, KeyCode::Char('G'));
        let end = render(&mut app, w, h);
        // the last key of the page ("Esc, any other key: close") shows at the bottom
        assert!(end.contains("Esc, any other key"), "{end}");
        assert!(end.contains("close"), "{end}");
        insta::assert_snapshot!(format!("help_board_end_{w}x{h}"), end);
    }
    press(&ctx, &mut app, KeyCode::Esc);
    assert!(matches!(app.mode, rolo::tui::state::Mode::Normal));
    let small = render(&mut app, 40, 12);
    assert!(small.contains("terminal too small"), "{small}");
    assert!(small.contains("? help"), "{small}");
}
