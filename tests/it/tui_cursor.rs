//! After a save or an undone delete the cursor goes to that record wherever it sorts, not only
//! when the first page holds it: the page around it is read (keyset), with rows before it.

use crate::common;

use common::tui::{ctrl, press, started, typed};

use crossterm::event::KeyCode;
use diesel::Connection;
use rolo::db::repo;
use rolo::domain::CompanyDraft;

use common::TestDb;

fn selected(app: &rolo::tui::App) -> String {
    app.listing()
        .selected_row()
        .map(|r| r.label.clone())
        .unwrap_or_default()
}

both_backends!(
    the_cursor_goes_to_a_saved_or_restored_record_far_down_the_sort_order,
    |db: TestDb| {
        {
            let mut conn = db.conn();
            conn.transaction::<_, rolo::db::DbError, _>(|c| {
                for i in 0..1000 {
                    repo::company::create(c, None, CompanyDraft::new(format!("Company {i:03}")))?;
                }
                Ok(())
            })
            .unwrap();
        }
        let (ctx, mut app) = started(&db, None);
        assert_eq!(selected(&app), "Company 000");
        // a new company that sorts far past the first page (sorted by name)
        press(&ctx, &mut app, KeyCode::Char('n'));
        typed(&ctx, &mut app, "Company 750½");
        ctrl(&ctx, &mut app, 's');
        assert!(
            matches!(app.mode, rolo::tui::state::Mode::Normal),
            "{:?}",
            app.message
        );
        assert_eq!(selected(&app), "Company 750½");
        let l = app.listing();
        assert!(l.more_before && l.more_after, "a page in the middle");
        let i = l.selected;
        assert_eq!(l.rows[i - 1].label, "Company 750");
        assert_eq!(l.rows[i + 1].label, "Company 751");
        // moving on from it pages on as usual
        press(&ctx, &mut app, KeyCode::Char('j'));
        assert_eq!(selected(&app), "Company 751");

        // delete one far down, go back to the top, undo: the cursor is on it again
        press(&ctx, &mut app, KeyCode::Char('G'));
        press(&ctx, &mut app, KeyCode::Char('k'));
        assert_eq!(selected(&app), "Company 998");
        press(&ctx, &mut app, KeyCode::Char('d'));
        press(&ctx, &mut app, KeyCode::Char('y'));
        press(&ctx, &mut app, KeyCode::Char('g'));
        assert_eq!(selected(&app), "Company 000");
        press(&ctx, &mut app, KeyCode::Char('u'));
        assert_eq!(selected(&app), "Company 998", "{:?}", app.message);
        assert!(app.listing().more_before);

        // a saved record the filter does not list: the first page, as before
        press(&ctx, &mut app, KeyCode::Char('/'));
        typed(&ctx, &mut app, "name:\"Company 1\"");
        press(&ctx, &mut app, KeyCode::Enter);
        press(&ctx, &mut app, KeyCode::Char('n'));
        typed(&ctx, &mut app, "Zebra Ltd");
        ctrl(&ctx, &mut app, 's');
        assert!(!app.listing().more_before);
        assert_eq!(app.listing().selected, 0);
    }
);
