//! Activities in the TUI, keys driven through update with the worker running the effects against
//! real databases (both backends): a call logged with `A` on a deal card with an outcome is done
//! and on the deal's company and contact; the form's Done field marks any activity done or open;
//! `x` in the activities table marks the selected one done or open again, and `u` undoes it.

use crate::common;

use common::tui::{ctrl, form, press, started, tab_to, typed};

use crossterm::event::KeyCode;
use rolo::db::models::Activity;
use rolo::db::repo;
use rolo::domain::{ActivityDraft, ActivityKind, CompanyDraft};
use rolo::tui::pane::PaneId;
use rolo::tui::state::Mode;
use rolo::tui::App;

use common::TestDb;

fn activity(db: &TestDb, subject: &str) -> Activity {
    repo::activity::list(&mut db.conn(), &repo::ListQuery::default(), None)
        .unwrap()
        .rows
        .into_iter()
        .find(|a| a.fields.subject == subject)
        .unwrap_or_else(|| panic!("no activity {subject}"))
}

fn done_field(app: &App) -> String {
    let f = form(app);
    f.fields[f.kind.position("done").unwrap()].value.display()
}

fn message(app: &App) -> String {
    app.message.clone().expect("a message").1
}

both_backends!(
    a_call_logged_on_a_deal_card_with_an_outcome_is_done_and_on_its_company,
    |db: TestDb| {
        rolo::seed::demo::load(&mut db.conn(), None).unwrap();
        let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
        press(&ctx, &mut app, KeyCode::Char('3'));
        let title = "Quanta line monitoring";
        {
            let data = app.board.data.as_ref().unwrap();
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
                .unwrap();
            app.board.focus = col;
            app.board.data.as_mut().unwrap().columns[col].selected = card;
        }
        press(&ctx, &mut app, KeyCode::Char('A'));
        assert_eq!(done_field(&app), "no", "a call with no outcome yet");
        tab_to(&ctx, &mut app, "subject");
        typed(&ctx, &mut app, "Called about the rollout");
        tab_to(&ctx, &mut app, "outcome");
        press(&ctx, &mut app, KeyCode::Char('p'));
        assert_eq!(
            done_field(&app),
            "yes",
            "a logged call with an outcome happened"
        );
        ctrl(&ctx, &mut app, 's');
        assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
        let call = activity(&db, "Called about the rollout");
        assert!(call.fields.completed_at.is_some(), "done");
        let deal = repo::deal::get(&mut db.conn(), call.fields.deal_id.unwrap()).unwrap();
        assert_eq!(deal.fields.title, title);
        assert_eq!(call.fields.company_id, deal.fields.company_id);
        assert_eq!(call.fields.contact_id, deal.fields.contact_id);
        let company = deal.fields.company_id.unwrap();
        let on_company =
            repo::activity::list_for_company(&mut db.conn(), company, None, 100).unwrap();
        assert!(
            on_company.rows.iter().any(|a| a.id == call.id),
            "in its timeline"
        );

        // a planned call (due later) is not done; Done can still be set by hand
        press(&ctx, &mut app, KeyCode::Char('A'));
        tab_to(&ctx, &mut app, "subject");
        typed(&ctx, &mut app, "Planned call");
        tab_to(&ctx, &mut app, "due_at");
        typed(&ctx, &mut app, "+2d");
        tab_to(&ctx, &mut app, "outcome");
        press(&ctx, &mut app, KeyCode::Char('p'));
        assert_eq!(done_field(&app), "no");
        ctrl(&ctx, &mut app, 's');
        assert!(activity(&db, "Planned call").fields.completed_at.is_none());
    }
);

both_backends!(
    the_form_marks_done_and_open_and_an_edit_keeps_the_time,
    |db: TestDb| {
        rolo::seed::demo::load(&mut db.conn(), None).unwrap();
        let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
        press(&ctx, &mut app, KeyCode::Char('4'));
        if app.timeline.shown {
            press(&ctx, &mut app, KeyCode::Char('b'));
        }
        let subject = "Send revised quote to Quanta";
        let at = app
            .listing()
            .rows
            .iter()
            .position(|r| r.label == subject)
            .unwrap();
        app.listing_mut().selected = at;
        press(&ctx, &mut app, KeyCode::Char('e'));
        assert_eq!(done_field(&app), "no");
        tab_to(&ctx, &mut app, "done");
        press(&ctx, &mut app, KeyCode::Char(' '));
        ctrl(&ctx, &mut app, 's');
        assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
        let done = activity(&db, subject).fields.completed_at.expect("done");
        // edit something else: the completion time stays
        app.listing_mut().selected = app
            .listing()
            .rows
            .iter()
            .position(|r| r.label == subject)
            .unwrap();
        press(&ctx, &mut app, KeyCode::Char('e'));
        assert_eq!(done_field(&app), "yes");
        tab_to(&ctx, &mut app, "subject");
        // the filled subject is selected as focus enters it: End keeps it and types on
        press(&ctx, &mut app, KeyCode::End);
        typed(&ctx, &mut app, " (v2)");
        ctrl(&ctx, &mut app, 's');
        let subject = "Send revised quote to Quanta (v2)";
        assert_eq!(activity(&db, subject).fields.completed_at, Some(done));
        // and open again
        app.listing_mut().selected = app
            .listing()
            .rows
            .iter()
            .position(|r| r.label == subject)
            .unwrap();
        press(&ctx, &mut app, KeyCode::Char('e'));
        tab_to(&ctx, &mut app, "done");
        press(&ctx, &mut app, KeyCode::Char('n'));
        ctrl(&ctx, &mut app, 's');
        assert!(activity(&db, subject).fields.completed_at.is_none());
    }
);

both_backends!(x_in_the_table_marks_done_and_u_undoes_it, |db: TestDb| {
    let company =
        repo::company::create(&mut db.conn(), None, CompanyDraft::new("Acme Ltd")).unwrap();
    for subject in ["Call Ann", "Send the contract", "Book the venue"] {
        let mut d = ActivityDraft::new(ActivityKind::Task, subject);
        d.company_id = Some(company.id);
        repo::activity::create(&mut db.conn(), None, d).unwrap();
    }
    let (ctx, mut app) = started(&db, None);
    press(&ctx, &mut app, KeyCode::Char('4'));
    if app.timeline.shown {
        press(&ctx, &mut app, KeyCode::Char('b'));
    }
    assert_eq!(app.pane, PaneId::Activities);
    let subject = "Send the contract";
    let at = app
        .listing()
        .rows
        .iter()
        .position(|r| r.label == subject)
        .unwrap();
    app.listing_mut().selected = at;
    press(&ctx, &mut app, KeyCode::Char('x'));
    // the session's first write without an acting user says so, once
    assert_eq!(
        message(&app),
        format!(
            "Done: {subject} — u to undo · {}",
            rolo::tui::update::identity::ANONYMOUS_WRITE
        )
    );
    let done = activity(&db, subject).fields.completed_at.expect("done");
    assert_eq!(
        app.listing().selected_row().map(|r| r.label.as_str()),
        Some(subject),
        "the selection stays on it"
    );
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(message(&app), format!("Undid: {subject} is open again"));
    assert!(activity(&db, subject).fields.completed_at.is_none());
    // done again, then x reopens it, and u brings back the time it was done
    press(&ctx, &mut app, KeyCode::Char('x'));
    let done = activity(&db, subject).fields.completed_at.unwrap_or(done);
    press(&ctx, &mut app, KeyCode::Char('x'));
    assert_eq!(message(&app), format!("Reopened: {subject} — u to undo"));
    assert!(activity(&db, subject).fields.completed_at.is_none());
    press(&ctx, &mut app, KeyCode::Char('u'));
    assert_eq!(activity(&db, subject).fields.completed_at, Some(done));
    let others = ["Call Ann", "Book the venue"];
    assert!(others
        .iter()
        .all(|s| activity(&db, s).fields.completed_at.is_none()));
});
