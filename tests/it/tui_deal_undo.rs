//! Closing a deal on the board (`W`, `X`) or moving it (`L`, `H`) is undone with `u`: the deal goes
//! back to its stage with its status, close date and lost reason as they were. Keys driven through
//! update with the worker running the effects against real databases (both backends).

use crate::common;

use common::tui::{press, started, typed};

use crossterm::event::KeyCode;
use rolo::db::models::Deal;
use rolo::db::repo;
use rolo::domain::DealStatus;
use rolo::tui::App;

use common::TestDb;

/// Focus the board's card titled `title`.
fn select(app: &mut App, title: &str) {
    let data = app.board.data.as_ref().expect("the board is loaded");
    let (col, card) = data
        .columns
        .iter()
        .enumerate()
        .find_map(|(i, c)| {
            c.cards
                .iter()
                .position(|k| k.title == title)
                .map(|j| (i, j))
        })
        .unwrap_or_else(|| panic!("no card {title}"));
    app.board.focus = col;
    app.board.data.as_mut().unwrap().columns[col].selected = card;
}

fn deal(db: &TestDb, title: &str) -> Deal {
    let mut conn = db.conn();
    let id = repo::deal::list(&mut conn, &repo::ListQuery::default(), None)
        .unwrap()
        .rows
        .into_iter()
        .find(|d| d.fields.title == title)
        .unwrap()
        .id;
    repo::deal::get(&mut conn, id).unwrap()
}

fn stage_name(db: &TestDb, d: &Deal) -> String {
    repo::stage::get(&mut db.conn(), d.fields.stage_id)
        .unwrap()
        .fields
        .name
}

fn message(app: &App) -> String {
    app.message.clone().expect("a message").1
}

both_backends!(won_and_lost_are_undone_with_u, |db: TestDb| {
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    press(&ctx, &mut app, KeyCode::Char('3'));
    assert!(app.board.shown && app.board.data.is_some());

    // an accidental Won on an open deal, taken back
    let title = "Brightline analytics add-on";
    let before = deal(&db, title);
    assert_eq!(stage_name(&db, &before), "Proposal");
    select(&mut app, title);
    press(&ctx, &mut app, KeyCode::Char('W'));
    assert_eq!(message(&app), format!("Moved {title} to Won — u to undo"));
    let won = deal(&db, title);
    assert_eq!(won.fields.status, DealStatus::Won);
    assert!(won.fields.closed_at.is_some());
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(
        message(&app),
        format!("Undid the move: {title} is back in Proposal")
    );
    let back = deal(&db, title);
    assert_eq!(
        back.fields, before.fields,
        "stage, status, close date as before"
    );
    assert_eq!(back.version, won.version + 1);
    assert_eq!(app.board.card().map(|c| c.title.as_str()), Some(title));

    // a lost deal marked won by mistake gets its reason and close date back
    let title = "Northwind distributor portal";
    let before = deal(&db, title);
    assert_eq!(
        before.fields.lost_reason.as_deref(),
        Some("Chose an in-house build")
    );
    select(&mut app, title);
    press(&ctx, &mut app, KeyCode::Char('W'));
    let won = deal(&db, title);
    assert_eq!(
        (won.fields.status, won.fields.lost_reason.as_deref()),
        (DealStatus::Won, None)
    );
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(deal(&db, title).fields, before.fields);

    // X asks for a reason; the lost move is undone too, and the one before it after that
    let title = "Quanta line monitoring";
    let before = deal(&db, title);
    select(&mut app, title);
    press(&ctx, &mut app, KeyCode::Char('L'));
    assert_eq!(stage_name(&db, &deal(&db, title)), "Negotiation");
    press(&ctx, &mut app, KeyCode::Char('X'));
    assert!(app.board.prompt.is_some(), "{:?}", app.message);
    typed(&ctx, &mut app, "Budget cut");
    press(&ctx, &mut app, KeyCode::Enter);
    let lost = deal(&db, title);
    assert_eq!(
        (lost.fields.status, lost.fields.lost_reason.as_deref()),
        (DealStatus::Lost, Some("Budget cut"))
    );
    press(&ctx, &mut app, KeyCode::Char('u'));
    let once = deal(&db, title);
    assert_eq!(stage_name(&db, &once), "Negotiation");
    assert_eq!(
        (
            once.fields.status,
            once.fields.lost_reason,
            once.fields.closed_at
        ),
        (DealStatus::Open, None, None)
    );
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(deal(&db, title).fields, before.fields);
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(message(&app), "Nothing to undo");

    // each move and each undo is one history entry by the acting user
    let avery = repo::user::find_by_email(&mut db.conn(), "avery.chen@rolo.example")
        .unwrap()
        .unwrap();
    let history = repo::history::for_record(&mut db.conn(), before.id.id()).unwrap();
    let last: Vec<_> = history.iter().rev().take(4).collect();
    assert!(last.iter().all(|h| h.actor_id == Some(avery.id)));
    assert!(last[0].changes.contains("\"stage_id\""), "{:?}", last[0]);
});

both_backends!(
    an_undo_after_someone_else_changed_the_deal_is_refused,
    |db: TestDb| {
        rolo::seed::demo::load(&mut db.conn(), None).unwrap();
        let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
        press(&ctx, &mut app, KeyCode::Char('3'));
        let title = "Brightline analytics add-on";
        select(&mut app, title);
        press(&ctx, &mut app, KeyCode::Char('W'));
        // meanwhile someone edits the won deal
        let won = deal(&db, title);
        let mut d: rolo::domain::DealDraft = won.fields.clone().into();
        d.title = "Analytics add-on (signed)".into();
        repo::deal::update(&mut db.conn(), None, won.id, won.version, d).unwrap();
        press(&ctx, &mut app, KeyCode::Char('u'));
        assert!(message(&app).starts_with("not moved:"), "{}", message(&app));
        let now = deal(&db, "Analytics add-on (signed)");
        assert_eq!(now.fields.status, DealStatus::Won, "their edit stands");
    }
);
