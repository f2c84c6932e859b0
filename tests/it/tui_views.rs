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
