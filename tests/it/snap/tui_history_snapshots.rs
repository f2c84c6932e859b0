//! A deal's History tab and an opened change, at 80x24, 120x40 and 200x50, with a CJK company, a
//! CJK stage and an emoji in names: references by name, money with its currency, the cursor, and
//! every field of the opened change wrapped rather than cut.

use crate::common;

use common::tui::{drive, press, render, typed};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rolo::db::repo::{self, named};
use rolo::domain::{CompanyId, DealId};
use rolo::tui::{update, Action};

/// Long enough that the opened change has to wrap it.
const COMPANY: &str =
    "株式会社ミライ・ロボティクス・ホールディングス 🚀 東京本社・大阪支社・名古屋営業所を含むグループ全体";
const STAGE: &str = "成約 🎉";
const REP: &str = "山田 太郎 🍣";

#[test]
fn history_tab_and_an_opened_change() {
    let _clock = super::frozen_clock();
    let (db, ctx, mut app) = common::tui::demo(Some("avery.chen@rolo.example"));
    {
        let mut c = db.conn();
        let c = &mut *c;
        let avery = repo::user::find_by_email(c, "avery.chen@rolo.example")
            .unwrap()
            .unwrap()
            .id;
        let jordan = repo::user::find_by_email(c, "jordan.patel@rolo.example")
            .unwrap()
            .unwrap();
        let mut u = jordan.fields.clone();
        u.name = REP.into();
        repo::user::update(c, Some(avery), jordan.id, jordan.version, u.into()).unwrap();
        let won = repo::stage::find_by_name(c, "Won").unwrap().unwrap();
        let mut s = won.fields.clone();
        s.name = STAGE.into();
        repo::stage::update(c, Some(avery), won.id, won.version, s.into()).unwrap();
        let quanta = CompanyId(
            named::companies_by_name_or_domain(c, "Quanta Robotics", "quanta robotics").unwrap()[0],
        );
        let q = repo::company::get(c, quanta).unwrap();
        let mut f = q.fields.clone();
        f.name = COMPANY.into();
        repo::company::update(c, Some(avery), quanta, q.version, f.into()).unwrap();
        let deal = DealId(named::deals_by_title(c, "Brightline analytics add-on").unwrap()[0]);
        let d = repo::deal::get(c, deal).unwrap();
        let mut f = d.fields.clone();
        f.value = 123_400;
        f.stage_id = won.id;
        f.company_id = Some(quanta);
        f.contact_id = named::contacts_by_email(c, "t.brandt@quanta-robotics.de")
            .unwrap()
            .first()
            .map(|&id| rolo::domain::ContactId(id));
        // by the renamed rep: a CJK name in the Who column
        repo::deal::update(c, Some(jordan.id), deal, d.version, f.into()).unwrap();
    }
    app.board.shown = false;
    let out = update::update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)),
    );
    drive(&ctx, &mut app, out.effects);
    typed(&ctx, &mut app, "/");
    typed(&ctx, &mut app, "title:\"Brightline analytics add-on\"");
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Enter);
    // the Fields tab reads the same way: names, money with its currency
    let fields = render(&mut app, 80, 24);
    insta::assert_snapshot!("deal_fields_80x24", fields);
    assert!(fields.contains("1,234.00 EUR"), "{fields}");
    // Fields, Activities, History
    press(&ctx, &mut app, KeyCode::Char('l'));
    press(&ctx, &mut app, KeyCode::Char('l'));
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        insta::assert_snapshot!(format!("deal_history_{w}x{h}"), render(&mut app, w, h));
    }

    // the newest change, opened: every field, wrapped
    press(&ctx, &mut app, KeyCode::Enter);
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.opened, Some(0));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains(&format!("Stage: Proposal → {STAGE}")),
        "{screen}"
    );
    assert!(
        screen.contains("Value: 12,500.00 EUR → 1,234.00 EUR"),
        "{screen}"
    );
    assert!(screen.contains(REP), "{screen}");
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        insta::assert_snapshot!(format!("deal_change_{w}x{h}"), render(&mut app, w, h));
    }
    // j opens the one before (the creation), Esc closes it and leaves the record open
    press(&ctx, &mut app, KeyCode::Char('j'));
    assert_eq!(app.detail.as_ref().unwrap().opened, Some(1));
    insta::assert_snapshot!("deal_change_created_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Esc);
    let d = app.detail.as_ref().unwrap();
    assert_eq!((d.opened, d.selected), (None, 1));
    press(&ctx, &mut app, KeyCode::Esc);
    assert!(app.detail.is_none());
}
