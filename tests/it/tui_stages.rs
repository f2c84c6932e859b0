//! The stages screen driven by keys, with the worker running its effects against real databases
//! (both backends): reorder, rename, recolour, change the probability, deactivate, add and delete
//! an empty stage; a stage holding deals is refused deletion and a kind change; a stale version
//! is a conflict that reloads. The database is checked after each: positions, fields, history.

use crate::common;

use common::tui::{ctrl, form, press, started, tab_to, typed};

use crossterm::event::KeyCode;
use rolo::app::Ctx;
use rolo::db::repo;
use rolo::domain::{Id, StageDraft, StageId};
use rolo::tui::state::{Level, Mode};
use rolo::tui::App;

use common::TestDb;

/// Replace a text field's value, as a user would (ctrl-u clears the line).
fn retype(ctx: &Ctx, app: &mut App, name: &str, text: &str) {
    tab_to(ctx, app, name);
    ctrl(ctx, app, 'u');
    typed(ctx, app, text);
}

fn names_on_screen(app: &App) -> Vec<String> {
    app.stages
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.name.clone())
        .collect()
}

fn select(app: &mut App, name: &str) {
    let s = app.stages.as_mut().unwrap();
    s.selected = s.rows.iter().position(|r| r.name == name).unwrap();
}

/// (name, position) of the live stages in board order.
fn in_db(db: &TestDb) -> Vec<(String, i32)> {
    repo::stage::live_ordered(&mut db.conn())
        .unwrap()
        .into_iter()
        .map(|s| (s.fields.name, s.fields.position))
        .collect()
}

fn history(db: &TestDb, id: Id) -> Vec<(String, String)> {
    repo::history::for_record(&mut db.conn(), id)
        .unwrap()
        .into_iter()
        .map(|h| (h.action.to_string(), h.changes))
        .collect()
}

fn message(app: &App) -> (Level, String) {
    app.message.clone().expect("a message")
}

both_backends!(stages_are_managed_from_the_board, |db: TestDb| {
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    press(&ctx, &mut app, KeyCode::Char('3'));
    press(&ctx, &mut app, KeyCode::Char('P'));
    assert_eq!(
        names_on_screen(&app),
        [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    let rows = app.stages.as_ref().unwrap().rows.clone();
    assert_eq!(rows.iter().map(|r| r.deals).sum::<i64>(), 7);
    let proposal = rows.iter().find(|r| r.name == "Proposal").unwrap().id;

    // K moves Proposal before Qualified: positions stay 0..n, one history entry per moved stage
    select(&mut app, "Proposal");
    press(&ctx, &mut app, KeyCode::Char('K'));
    assert_eq!(message(&app).1, "Moved Proposal to position 2 of 6");
    let order: Vec<(String, i32)> = in_db(&db);
    assert_eq!(
        order,
        [
            ("Lead".to_string(), 0),
            ("Proposal".into(), 1),
            ("Qualified".into(), 2),
            ("Negotiation".into(), 3),
            ("Won".into(), 4),
            ("Lost".into(), 5),
        ]
    );
    assert_eq!(names_on_screen(&app)[1], "Proposal", "the list reloaded");
    assert_eq!(app.stages.as_ref().unwrap().row().unwrap().id, proposal);
    let h = history(&db, proposal);
    assert_eq!(h.last().unwrap().0, "update");
    assert!(h.last().unwrap().1.contains("position"), "{h:?}");
    // J takes it back
    press(&ctx, &mut app, KeyCode::Char('J'));
    assert_eq!(in_db(&db)[1].0, "Qualified");
    assert_eq!(in_db(&db)[2], ("Proposal".to_string(), 2));

    // e: rename, recolour, new probability, through the stage form
    press(&ctx, &mut app, KeyCode::Char('e'));
    assert_eq!(form(&app).fields[0].value.display(), "Proposal");
    retype(&ctx, &mut app, "name", "Proposal sent");
    retype(&ctx, &mut app, "color", "plaid");
    assert!(form(&app).fields[3].error.is_some(), "checked as typed");
    retype(&ctx, &mut app, "color", "Light Green");
    retype(&ctx, &mut app, "probability", "55");
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(message(&app).1, "Saved Proposal sent");
    assert!(app.stages.is_some(), "back on the stages screen");
    let s = repo::stage::get_live(&mut db.conn(), StageId(proposal)).unwrap();
    assert_eq!(
        (
            s.fields.name.as_str(),
            s.fields.color.as_str(),
            s.fields.probability,
            s.fields.position
        ),
        ("Proposal sent", "light-green", 55, 2),
        "the position is kept"
    );
    let changes = history(&db, proposal).last().unwrap().1.clone();
    for field in ["name", "color", "probability"] {
        assert!(changes.contains(field), "{changes}");
    }

    // a stage holding deals keeps its kind: the refusal shows next to the field
    press(&ctx, &mut app, KeyCode::Char('e'));
    tab_to(&ctx, &mut app, "kind");
    press(&ctx, &mut app, KeyCode::Right);
    ctrl(&ctx, &mut app, 's');
    let f = form(&app);
    let kind = &f.fields[f.kind.position("kind").unwrap()];
    assert!(
        kind.server_error
            .as_deref()
            .unwrap_or("")
            .contains("deal(s); move them to another stage before you change its kind"),
        "{:?}",
        kind
    );
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Char('y'));
    assert_eq!(app.mode, Mode::Normal);

    // x deactivates: hidden from the board, its deal stays in it
    press(&ctx, &mut app, KeyCode::Char('x'));
    assert!(message(&app).1.contains("inactive"), "{:?}", app.message);
    let s = repo::stage::get_live(&mut db.conn(), StageId(proposal)).unwrap();
    assert!(!s.fields.active);
    assert!(history(&db, proposal).last().unwrap().1.contains("active"));
    assert!(!app.stages.as_ref().unwrap().row().unwrap().active);

    // d on a stage holding deals is refused without asking
    press(&ctx, &mut app, KeyCode::Char('d'));
    assert_eq!(message(&app).0, Level::Error);
    assert!(message(&app).1.contains("cannot be deleted"));

    // n adds a stage (last); d, y deletes it while it is empty
    press(&ctx, &mut app, KeyCode::Char('n'));
    typed(&ctx, &mut app, "Pilot");
    retype(&ctx, &mut app, "probability", "40");
    ctrl(&ctx, &mut app, 's');
    assert_eq!(message(&app).1, "Saved Pilot");
    assert_eq!(in_db(&db).last().unwrap(), &("Pilot".to_string(), 6));
    assert_eq!(app.stages.as_ref().unwrap().row().unwrap().name, "Pilot");
    press(&ctx, &mut app, KeyCode::Char('d'));
    press(&ctx, &mut app, KeyCode::Char('y'));
    assert_eq!(message(&app).1, "Deleted stage Pilot");
    assert!(!names_on_screen(&app).contains(&"Pilot".to_string()));

    // someone else changes a stage meanwhile: the move is refused, says so, and reloads
    select(&mut app, "Lead");
    {
        let mut conn = db.conn();
        let lead = repo::stage::find_by_name(&mut conn, "Lead")
            .unwrap()
            .unwrap();
        let mut d = StageDraft::from(lead.fields.clone());
        d.probability = 15;
        repo::stage::update(&mut conn, None, lead.id, lead.version, d).unwrap();
    }
    press(&ctx, &mut app, KeyCode::Char('J'));
    let (level, text) = message(&app);
    assert_eq!(level, Level::Error);
    assert!(text.contains("reloaded"), "{text}");
    assert_eq!(in_db(&db)[0].0, "Lead", "nothing moved");
    assert_eq!(app.stages.as_ref().unwrap().row().unwrap().probability, 15);
    press(&ctx, &mut app, KeyCode::Char('J'));
    assert_eq!(in_db(&db)[1].0, "Lead", "moved once the list is fresh");

    // Esc: the board reloads without the inactive stage
    press(&ctx, &mut app, KeyCode::Esc);
    assert!(app.stages.is_none());
    let columns: Vec<String> = app
        .board
        .data
        .as_ref()
        .unwrap()
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(columns, ["Qualified", "Lead", "Negotiation", "Won", "Lost"]);
});
