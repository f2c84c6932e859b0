//! Snapshots with CJK and emoji names and several currencies, at 80x24, 120x40 and 200x50: the
//! board (cards laid out in lines, columns off screen named in the border), the status line and
//! every pane's table (columns sized by content). The demo data plus a few records with wide
//! names, dated from the tests' fixed clock.

use crate::common;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rolo::db::repo;
use rolo::domain::{
    ActivityDraft, ActivityKind, CompanyDraft, CompanySize, ContactDraft, DealDraft, Role,
    UserDraft,
};
use rolo::tui::pane::PaneId;
use rolo::tui::{update, Action, App};

use common::tui::{drive, press, render, started, typed};

macro_rules! snap {
    ($name:expr, $text:expr) => {
        // no masks: the tests' clock is fixed (common::NOW), so dates are part of the picture
        insta::assert_snapshot!($name, $text);
    };
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];

/// The demo data and a user, company, contact, deal and activity with wide names.
fn wide_app() -> (common::TestDb, rolo::app::Ctx, App) {
    let db = common::sqlite();
    {
        let mut conn = db.conn();
        rolo::seed::demo::load(&mut conn, None).unwrap();
        let yamada = repo::user::create(
            &mut conn,
            None,
            UserDraft::new("山田 太郎🎌", "yamada@example.jp", Role::SalesRep),
        )
        .unwrap();
        let mut c = CompanyDraft::new("株式会社🦀クラブ東京支社とても長い名前の会社");
        c.industry = Some("ソフトウェア".into());
        c.size = Some(CompanySize::Enterprise);
        c.billing.city = Some("東京".into());
        c.owner_id = Some(yamada.id);
        let company = repo::company::create(&mut conn, None, c).unwrap();
        let mut p = ContactDraft::new("李");
        p.last_name = Some("小龍 🐉".into());
        p.company_id = Some(company.id);
        p.email = Some("li@example.jp".into());
        p.title = Some("営業部長".into());
        repo::contact::create(&mut conn, None, p).unwrap();
        let proposal = repo::stage::find_by_name(&mut conn, "Proposal")
            .unwrap()
            .unwrap();
        let mut d = DealDraft::new("🚀 ロケット案件 for the 東京 office", proposal.id);
        d.company_id = Some(company.id);
        d.owner_id = Some(yamada.id);
        d.value = 12_345_678;
        d.currency = "JPY".into();
        d.expected_close = NaiveDate::from_ymd_opt(2027, 3, 14);
        let deal = repo::deal::create(&mut conn, None, d).unwrap();
        let mut a =
            ActivityDraft::new(ActivityKind::Meeting, "🍣 打ち合わせ: 契約の最終確認と価格");
        a.company_id = Some(company.id);
        a.deal_id = Some(deal.id);
        a.owner_id = Some(yamada.id);
        repo::activity::create(&mut conn, None, a).unwrap();
    }
    let (ctx, app) = started(&db, Some("ada@example.com"));
    (db, ctx, app)
}

fn to_pane(ctx: &rolo::app::Ctx, app: &mut App, pane: PaneId) {
    let out = update::update(
        app,
        Action::Key(KeyEvent::new(
            KeyCode::Char(char::from(b'1' + pane.index() as u8)),
            KeyModifiers::NONE,
        )),
    );
    drive(ctx, app, out.effects);
}

#[test]
fn every_table_with_wide_names_at_three_sizes() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    app.board.shown = false;
    app.timeline.shown = false;
    for pane in PaneId::ALL {
        to_pane(&ctx, &mut app, pane);
        for (w, h) in SIZES {
            let screen = render(&mut app, w, h);
            let name = format!("wide_{}_{w}x{h}", pane.title().to_lowercase());
            snap!(name, screen);
        }
    }
}

#[test]
fn short_words_and_money_are_never_cut_at_80_columns() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    app.board.shown = false;
    app.timeline.shown = false;
    let screen = render(&mut app, 80, 24);
    // the size column is wide enough for its longest word while names give up room
    assert!(screen.contains("enterprise"), "{screen}");
    assert!(!screen.contains("enterpr…"), "{screen}");
    to_pane(&ctx, &mut app, PaneId::Deals);
    let screen = render(&mut app, 80, 24);
    // every value with its currency, in one column
    for v in ["12,500.00 EUR", "25,000.00 USD", "12,345,678 JPY"] {
        assert!(screen.contains(v), "{v}: {screen}");
    }
    to_pane(&ctx, &mut app, PaneId::Activities);
    let screen = render(&mut app, 80, 24);
    for word in ["Kind", "Subject", "Due", "meeting", "2026-11-26 12:00"] {
        assert!(screen.contains(word), "{word}: {screen}");
    }
}

#[test]
fn the_board_with_wide_names_at_three_sizes() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    to_pane(&ctx, &mut app, PaneId::Deals);
    // the wide deal, third in the Proposal column; then the focus one column further, so
    // stages lie off screen on both sides at 80 columns
    for k in ['l', 'l', 'j', 'j'] {
        press(&ctx, &mut app, KeyCode::Char(k));
    }
    assert!(app.board.card().unwrap().title.contains("ロケット"));
    snap!("wide_board_card_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Char('l'));
    for (w, h) in SIZES {
        let screen = render(&mut app, w, h);
        snap!(format!("wide_board_{w}x{h}"), screen);
    }
    let narrow = render(&mut app, 80, 24);
    // three of six stages fit at 80 columns: the border says what is off screen
    assert!(narrow.contains("◀ 1 more · 2 more ▶"), "{narrow}");
    assert!(narrow.contains("@山田 太郎🎌"), "{narrow}");
    assert!(narrow.contains("12,345,678 JPY"), "{narrow}");
    assert!(narrow.contains("2027-03-14"), "{narrow}");
    let wide = render(&mut app, 200, 50);
    assert!(!wide.contains("more ▶"), "every stage fits: {wide}");
    assert!(
        wide.contains("12,345,678 JPY · 2027-03-14"),
        "value and date share a line when they fit: {wide}"
    );
    assert!(wide.contains("won 1 · lost 1"), "{wide}");
}

#[test]
fn the_status_line_keeps_pane_filter_count_user_and_spinner() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    // a long filter and a long location: the user and the spinner's place stay
    app.location = "/home/someone/.local/share/rolo/a/very/long/path/to/rolo.db".into();
    press(&ctx, &mut app, KeyCode::Char('/'));
    typed(
        &ctx,
        &mut app,
        "status:customer or status:prospect or status:partner",
    );
    press(&ctx, &mut app, KeyCode::Enter);
    for (w, h) in SIZES {
        let screen = render(&mut app, w, h);
        let status = screen.lines().nth(usize::from(h) - 2).unwrap().to_string();
        assert!(status.contains("Companies"), "{status}");
        assert!(status.contains("rows"), "{status}");
        assert!(status.contains("ada@example.com"), "{w}: {status}");
        assert!(!status.contains("/home/someone"), "{status}");
        snap!(format!("wide_status_{w}x{h}"), status);
    }
    // while something loads, the spinner shows in its own place at the end, even at 80
    app.listings.get_mut(&PaneId::Companies).unwrap().count_req = Some(999);
    let screen = render(&mut app, 80, 24);
    let status = screen.lines().nth(22).unwrap().to_string();
    assert!(status.ends_with("⠋\""), "{status}");
    assert!(status.contains("ada@example.com"), "{status}");
}

#[test]
fn a_new_board_filter_shows_no_old_totals_until_its_board_arrives() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    to_pane(&ctx, &mut app, PaneId::Deals);
    let before = render(&mut app, 120, 40);
    assert!(before.contains("Open pipeline: 6 deals"), "{before}");
    // type a filter without running its effects: the board is still the unfiltered one
    press(&ctx, &mut app, KeyCode::Char('/'));
    let mut last = vec![];
    for c in "owner:yamada@example.jp".chars() {
        last = update::update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        )
        .effects;
    }
    let pending = render(&mut app, 120, 40);
    assert!(pending.contains("owner:yamada@example.jp"), "{pending}");
    assert!(!pending.contains("Open pipeline: 6 deals"), "{pending}");
    assert!(!pending.contains("8 deals"), "{pending}");
    assert!(
        pending.contains("Loading the board for this filter…"),
        "{pending}"
    );
    snap!("wide_board_pending_120x40", pending);
    // once it arrives (the last keystroke's requests), its own totals
    drive(&ctx, &mut app, last);
    press(&ctx, &mut app, KeyCode::Enter);
    let after = render(&mut app, 120, 40);
    assert!(after.contains("Open pipeline: 1 deal"), "{after}");
    assert!(after.contains("│ 1 deal │"), "{after}");
}

#[test]
fn an_invalid_filter_shows_nothing_of_the_last_one() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = wide_app();
    press(&ctx, &mut app, KeyCode::Char('/'));
    typed(&ctx, &mut app, "industy");
    // a word is a valid search: nothing matches it
    assert!(render(&mut app, 80, 24).contains("No companies match `industy`"));
    typed(&ctx, &mut app, ":soft");
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("No companies match"), "{screen}");
    assert!(!screen.contains("0 rows"), "{screen}");
    assert!(
        screen.contains("error: unknown field 'industy'"),
        "{screen}"
    );
    // the board too: no totals of the last filter under the error
    press(&ctx, &mut app, KeyCode::Esc);
    to_pane(&ctx, &mut app, PaneId::Deals);
    press(&ctx, &mut app, KeyCode::Char('/'));
    typed(&ctx, &mut app, "stgae:lead");
    let board = render(&mut app, 120, 40);
    assert!(!board.contains("Open pipeline"), "{board}");
    assert!(board.contains("The filter has an error"), "{board}");
    snap!("wide_board_invalid_filter_120x40", board);
}
