//! Saving a view from the TUI (`:save NAME`, the builder's "save as view") on both backends: a new
//! name is saved; one of yours with that name is left alone until the save says to replace it.

use crate::common::{self, TestDb};
use rolo::db::repo::view;
use rolo::tui::action::Action;
use rolo::tui::effect::Effect;
use rolo::tui::pane::PaneId;
use rolo::tui::worker;

fn save(ctx: &rolo::app::Ctx, filter: &str, replace: bool) -> Result<bool, String> {
    let reply = worker::run(
        ctx,
        Effect::SaveView {
            name: "Big 🚀 deals".into(),
            pane: PaneId::Deals,
            filter: filter.into(),
            sort: None,
            replace,
        },
    );
    match reply {
        Some(Action::ViewSaved { result, .. }) => result,
        other => panic!("{other:?}"),
    }
}

both_backends!(saving_over_a_view_needs_replace, |db: TestDb| {
    let ctx = common::tui::ctx_for(&db, None);
    assert_eq!(save(&ctx, "value>=10000", false), Ok(true));
    // the same name again: nothing written, the reply says it exists
    assert_eq!(save(&ctx, "open", false), Ok(false));
    let filter = |db: &TestDb| {
        view::find(&mut db.conn(), None, "big 🚀 deals")
            .unwrap()
            .unwrap()
            .fields
            .filter
    };
    assert_eq!(filter(&db), "value>=10000");
    assert_eq!(save(&ctx, "open", true), Ok(true));
    assert_eq!(filter(&db), "open");
});

/// The `:views` list over the demo data: Enter applies a view, `d` asks and deletes, `r` renames.
#[test]
fn the_views_list_picks_deletes_and_renames() {
    use common::tui::{press, typed};
    use crossterm::event::KeyCode;
    use rolo::domain::{Entity, ViewDraft};
    use rolo::tui::state::Mode;
    let (db, ctx, mut app) = common::tui::demo(Some("jordan.patel@rolo.example"));
    assert!(ctx.actor.is_some());
    for (name, filter) in [("Alpha 東京", "open"), ("Beta 🚀", "value>=20000")] {
        let draft = ViewDraft {
            owner_id: ctx.actor,
            entity: Entity::Deals,
            name: name.into(),
            filter: filter.into(),
            sort: None,
        };
        view::create(&mut db.conn(), ctx.actor, draft).unwrap();
    }
    let open = |app: &mut rolo::tui::App| {
        press(&ctx, app, KeyCode::Char(':'));
        typed(&ctx, app, "view");
        press(&ctx, app, KeyCode::Enter);
    };
    let names = |app: &rolo::tui::App| match &app.mode {
        Mode::Views(l) => l.items.iter().map(|v| v.name.clone()).collect::<Vec<_>>(),
        other => panic!("no views list: {other:?} {:?}", app.message),
    };
    open(&mut app);
    assert_eq!(names(&app), ["Alpha 東京", "Beta 🚀"]);

    // Enter uses the selected view
    press(&ctx, &mut app, KeyCode::Char('j'));
    press(&ctx, &mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.pane, PaneId::Deals);
    assert_eq!(app.listing().query.filter, "value>=20000");

    // r renames (the old name is there to edit)
    open(&mut app);
    press(&ctx, &mut app, KeyCode::Char('r'));
    for _ in 0.."Alpha 東京".chars().count() {
        press(&ctx, &mut app, KeyCode::Backspace);
    }
    typed(&ctx, &mut app, "Open deals");
    press(&ctx, &mut app, KeyCode::Enter);
    assert_eq!(names(&app), ["Beta 🚀", "Open deals"], "{:?}", app.message);
    assert_eq!(
        app.message.clone().map(|(_, m)| m).as_deref(),
        Some("Renamed view 'Alpha 東京' to 'Open deals'")
    );

    // d asks; n keeps it, y deletes it
    press(&ctx, &mut app, KeyCode::Char('d'));
    let Mode::Confirm(p) = &app.mode else {
        panic!("no question: {:?}", app.mode)
    };
    assert_eq!(p.question, "Delete the saved view 'Beta 🚀'? y/N");
    press(&ctx, &mut app, KeyCode::Char('n'));
    assert_eq!(names(&app), ["Beta 🚀", "Open deals"]);
    press(&ctx, &mut app, KeyCode::Char('d'));
    press(&ctx, &mut app, KeyCode::Char('y'));
    assert_eq!(names(&app), ["Open deals"]);
    assert!(view::find(&mut db.conn(), ctx.actor, "Beta 🚀")
        .unwrap()
        .is_none());
    press(&ctx, &mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
}
