//! Snapshots of the deal board and the activities timeline at 80x24 and 160x48: the demo data,
//! an empty stage, a long title, and a stage holding thousands of deals; the stages screen at
//! 80x24 and 120x40.

use crate::common;

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::KeyCode;
use diesel::prelude::*;
use rolo::db::repo;
use rolo::domain::{ActivityDraft, ActivityKind, DealDraft};

use common::tui::{press, render, started};

macro_rules! snap {
    ($name:expr, $text:expr) => {
        // no masks: the tests' clock is fixed (common::NOW), so dates are part of the picture
        insta::assert_snapshot!($name, $text);
    };
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn the_board_on_demo_data() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    press(&ctx, &mut app, KeyCode::Char('3'));
    snap!("board_demo_80x24", render(&mut app, 80, 24));
    snap!("board_demo_160x48", render(&mut app, 160, 48));
    // focus the next column and its card: the selection is marked, not only coloured
    press(&ctx, &mut app, KeyCode::Char('l'));
    snap!("board_demo_focus_160x48", render(&mut app, 160, 48));
}

#[test]
fn the_lost_reason_prompt_shows_its_own_keys() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    press(&ctx, &mut app, KeyCode::Char('3'));
    press(&ctx, &mut app, KeyCode::Char('X'));
    assert!(app.board.prompt.is_some(), "{:?}", app.message);
    common::tui::typed(&ctx, &mut app, "Budget");
    let text = render(&mut app, 80, 24);
    assert!(text.contains("Enter confirm · Esc cancel"), "{text}");
    assert!(!text.contains("q quit"), "{text}");
    snap!("board_lost_prompt_80x24", text);
}

#[test]
fn the_stages_screen_on_demo_data() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    {
        // one inactive stage, so "hidden" shows
        let mut conn = db.conn();
        let lost = repo::stage::find_by_name(&mut conn, "Lost")
            .unwrap()
            .unwrap();
        let mut d = rolo::domain::StageDraft::from(lost.fields.clone());
        d.active = false;
        repo::stage::update(&mut conn, None, lost.id, lost.version, d).unwrap();
    }
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    press(&ctx, &mut app, KeyCode::Char('3'));
    press(&ctx, &mut app, KeyCode::Char('P'));
    press(&ctx, &mut app, KeyCode::Char('j'));
    snap!("stages_demo_80x24", render(&mut app, 80, 24));
    snap!("stages_demo_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Char('?'));
    snap!("stages_help_120x40", render(&mut app, 120, 40));
}

#[test]
fn a_board_without_stages_points_to_the_stages_screen() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    // past the welcome screen of an empty database
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Char('3'));
    let text = render(&mut app, 80, 24);
    assert!(text.contains("Press P to manage the stages"), "{text}");
    assert!(!text.contains("rolo stages create"), "{text}");
    snap!("board_no_stages_80x24", text);
    // and P does open the stages screen from there
    press(&ctx, &mut app, KeyCode::Char('P'));
    let text = render(&mut app, 80, 24);
    assert!(
        text.contains("No stages yet. Press n to add the first."),
        "{text}"
    );
}

#[test]
fn a_board_with_an_empty_stage_a_long_title_and_thousands_of_deals() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    let mut conn = db.conn();
    let stages = rolo::seed::synthetic::ensure_stages(&mut conn).unwrap();
    let first = stages[0].id;
    let far = NaiveDate::from_ymd_opt(2099, 1, 1).unwrap();
    // 2,500 deals in the first stage, one with a very long title
    conn.transaction::<_, rolo::db::DbError, _>(|conn| {
        for i in 0..2_500 {
            let title = if i == 0 {
                "An extraordinarily long deal title that goes on and on well past any column width on any terminal".to_string()
            } else {
                format!("Deal {i:04}")
            };
            let mut d = DealDraft::new(title, first);
            d.value = 100_000 + i64::from(i);
            d.expected_close = Some(far);
            repo::deal::create(conn, None, d)?;
        }
        Ok(())
    })
    .unwrap();
    drop(conn);
    let (ctx, mut app) = started(&db, None);
    press(&ctx, &mut app, KeyCode::Char('3'));
    let screen = render(&mut app, 160, 48);
    assert!(screen.contains("2,500 deals"), "{screen}");
    snap!("board_many_160x48", screen);
    snap!("board_many_80x24", render(&mut app, 80, 24));
    // scrolling a column loads more cards, never all 2,500
    for _ in 0..30 {
        press(&ctx, &mut app, KeyCode::Char('j'));
    }
    let col = app.board.column().unwrap();
    assert!(
        col.cards.len() > 20 && col.cards.len() <= 60,
        "{}",
        col.cards.len()
    );
    assert_eq!(col.selected, 30);
}

#[test]
fn the_timeline_with_a_fixed_clock() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    {
        let mut conn = db.conn();
        use rolo::db::schema::activities;
        // the demo's activities are relative to today; pin them for a stable picture
        diesel::delete(activities::table)
            .execute(&mut conn)
            .unwrap();
        let avery = repo::user::find_by_email(&mut conn, "avery.chen@rolo.example")
            .unwrap()
            .unwrap()
            .id;
        use rolo::db::schema::companies;
        let brightline: rolo::domain::CompanyId = companies::table
            .filter(companies::name.eq("Brightline Software"))
            .select(companies::id)
            .first(&mut conn)
            .unwrap();
        let acts = [
            (
                ActivityKind::Task,
                "Send the renewal contract",
                Some("2026-11-20 09:00"),
                None,
            ),
            (
                ActivityKind::Call,
                "Call Lena about the add-on",
                Some("2026-11-23 15:30"),
                None,
            ),
            (
                ActivityKind::Meeting,
                "Quarterly review",
                Some("2026-11-25 10:00"),
                None,
            ),
            (
                ActivityKind::Task,
                "Prepare pricing",
                Some("2026-11-26 12:00"),
                None,
            ),
            (
                ActivityKind::Email,
                "Sent the proposal",
                Some("2026-11-23 08:00"),
                Some("2026-11-23 08:30"),
            ),
        ];
        for (kind, subject, due, done) in acts {
            let mut a = ActivityDraft::new(kind, subject);
            a.owner_id = Some(avery);
            a.company_id = Some(brightline);
            a.due_at = due.map(at);
            a.completed_at = done.map(at);
            repo::activity::create(&mut conn, None, a).unwrap();
        }
    }
    let (ctx, mut app) = started(&db, Some("avery.chen@rolo.example"));
    app.clock = Some(at("2026-11-23 12:00"));
    press(&ctx, &mut app, KeyCode::Char('4'));
    snap!("timeline_80x24", render(&mut app, 80, 24));
    snap!("timeline_160x48", render(&mut app, 160, 48));
    // jump to the next section, complete the task there
    press(&ctx, &mut app, KeyCode::Char('l'));
    let item = app.timeline.item().unwrap().clone();
    assert_eq!(item.subject, "Call Lena about the add-on");
    press(&ctx, &mut app, KeyCode::Char('x'));
    assert!(app.message.as_ref().unwrap().1.contains("Done: Call Lena"));
    // it left today's open items: completed now, at the agenda's 12:00 (the tests' clock is
    // stopped there), so it is done today
    let shown = render(&mut app, 160, 48);
    assert!(
        !shown.contains("  [C] 15:30 Call Lena about the add-on"),
        "{shown}"
    );
    assert!(shown.contains("Today (0) — nothing"), "{shown}");
    assert!(
        shown.contains("✓[C] 12:00 Call Lena about the add-on — "),
        "{shown}"
    );
    let a = repo::activity::get(&mut db.conn(), rolo::domain::ActivityId(item.id)).unwrap();
    assert!(a.fields.completed_at.is_some());
    assert_eq!(a.version, item.version + 1);
}
