//! The deal board on both backends: per-stage totals against a hand-written SQL aggregate (with
//! and without filters), the pipeline summary, card pages (no duplicate or missing card across
//! pages, undated deals last), the overdue and stale flags, and moves (edges, won, lost reasons,
//! conflicts, history).
use crate::board_fixture;
use crate::checks;
use crate::common;

use std::collections::HashSet;

use board_fixture::{
    boxed, compile, create, flatten, hand_totals, id_literal, spec, user, Pipeline,
};
use checks::{actions, all_pages, conflict};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::Deal;
use rolo::db::repo::board::{
    self, cards, no_filter, pipeline_summary, stage_totals, Card, CardOptions, CurrencyTotals,
    MoveError, MoveTarget,
};
use rolo::db::repo::{activity, deal, stage};
use rolo::db::schema::activities;
use rolo::db::DbError;
use rolo::domain::{ActivityDraft, ActivityKind, DealStatus, HistoryAction, StageDraft, StageKind};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

both_backends!(totals_equal_a_hand_written_aggregate, |db: TestDb| {
    let mut conn = db.conn();
    let p = Pipeline::create(&mut conn);
    let ada = user(&mut conn, "Ada Lovelace");
    let bob = user(&mut conn, "Bob Stone");
    let mut specs = vec![
        spec("a", &p.lead, 10_000, "USD"),
        spec("b", &p.lead, 2_550, "USD"),
        spec("c", &p.lead, 99_999, "EUR"),
        spec("d", &p.proposal, 123_457, "USD"),
        spec("e", &p.proposal, 5_000, "JPY"),
        spec("f", &p.won, 70_000, "EUR"),
        spec("g", &p.parked, 1_000_000, "USD"),
        spec("h", &p.proposal, 0, "USD"),
    ];
    specs[1].probability = Some(33);
    specs[3].probability = Some(0);
    specs[4].probability = Some(100);
    for (i, s) in specs.iter_mut().enumerate() {
        s.owner = Some(if i % 3 == 0 { ada } else { bob });
    }
    for s in &specs {
        create(&mut conn, s, None);
    }
    let lost = create(
        &mut conn,
        &spec("lost", &p.lost, 4_000, "GBP"),
        Some("price"),
    );
    let gone = create(&mut conn, &spec("gone", &p.lead, 777, "USD"), None);
    deal::soft_delete(&mut conn, None, gone.id, None).unwrap();

    let totals = stage_totals(&mut conn, no_filter).unwrap();
    let order: Vec<&str> = totals
        .iter()
        .map(|t| t.stage.fields.name.as_str())
        .collect();
    assert_eq!(
        order,
        ["Lead", "Proposal", "Won", "Lost"],
        "active stages in board order"
    );
    assert_eq!(flatten(&totals), hand_totals(&mut conn, ""));
    let lead = &totals[0];
    assert_eq!(lead.deals, 3);
    assert_eq!(
        lead.currencies,
        vec![
            CurrencyTotals {
                currency: "EUR".into(),
                deals: 1,
                value: 99_999,
                weighted: 10_000, // 9_999.9 rounds up
            },
            CurrencyTotals {
                currency: "USD".into(),
                deals: 2,
                value: 12_550,
                weighted: 1_842, // 1_000 + 841.5 (own 33%), rounded
            },
        ]
    );
    assert_eq!(totals[3].deals, 1);
    assert_eq!(totals[3].currencies[0].weighted, 0);
    assert_eq!(totals[3].stage.id, lost.fields.stage_id);

    let s = pipeline_summary(&totals);
    assert_eq!((s.open_deals, s.won_deals, s.lost_deals), (6, 1, 1));
    let open: Vec<(&str, i128, i128)> = s
        .open
        .iter()
        .map(|c| (c.currency.as_str(), c.value, c.weighted))
        .collect();
    // USD: lead 12_550 / 1_842 and proposal 123_457 + 0 at own 0% / 55% → 0
    assert_eq!(
        open,
        [
            ("EUR", 99_999, 10_000),
            ("JPY", 5_000, 5_000),
            ("USD", 136_007, 1_842)
        ]
    );
    assert_eq!(s.won[0].value, 70_000);

    // filtered: the compiled filter language, against the same WHERE written by hand
    let cases = [
        ("owner:me", format!("AND d.owner_id = {}", id_literal(&conn, ada.id()))),
        ("currency:usd", "AND d.currency = 'USD'".to_string()),
        // money filters are in major units of each deal's currency (JPY has no minor unit)
        (
            "value>=100",
            "AND ((d.currency = 'JPY' AND d.value >= 100) OR (d.currency <> 'JPY' AND d.value >= 10000))".to_string(),
        ),
        (
            "value>=1000000",
            "AND ((d.currency = 'JPY' AND d.value >= 1000000) OR (d.currency <> 'JPY' AND d.value >= 100000000))".to_string(),
        ),
    ];
    for (text, sql) in cases {
        let pred = compile(&conn, text, Some(ada));
        let got = stage_totals(&mut conn, || boxed(&pred)).unwrap();
        assert_eq!(got.len(), 4, "{text}: every active stage, empty or not");
        assert_eq!(flatten(&got), hand_totals(&mut conn, &sql), "{text}");
    }
    let none = compile(&conn, "value>=1000000", None);
    let empty = stage_totals(&mut conn, || boxed(&none)).unwrap();
    assert!(empty
        .iter()
        .all(|t| t.deals == 0 && t.currencies.is_empty()));
    assert_eq!(pipeline_summary(&empty).open, vec![]);
});

/// `n` deals in one stage: dates with ties and gaps, and some undated.
fn crowd(conn: &mut rolo::db::DbConn, p: &Pipeline, n: usize) -> Vec<Deal> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut s = spec(
            &format!("deal {i:02}"),
            &p.lead,
            (i as i64 + 1) * 100,
            "USD",
        );
        s.close = match i % 4 {
            0 => None,
            1 => Some(date(2026, 5, 1)),
            2 => Some(date(2026, 5, 1) + Duration::days(i as i64)),
            _ => Some(date(2026, 4, 1) - Duration::days(i as i64 % 3)),
        };
        out.push(create(conn, &s, None));
    }
    out
}

fn ids(cards: &[Card]) -> Vec<rolo::domain::DealId> {
    cards.iter().map(|c| c.id).collect()
}

both_backends!(
    card_pages_cover_a_stage_once_in_close_date_order,
    |db: TestDb| {
        let mut conn = db.conn();
        let p = Pipeline::create(&mut conn);
        let mut all = crowd(&mut conn, &p, 23);
        // not in the column: another stage, a deleted deal
        create(&mut conn, &spec("elsewhere", &p.proposal, 5, "USD"), None);
        let gone = all.pop().unwrap();
        deal::soft_delete(&mut conn, None, gone.id, None).unwrap();
        let mut want = all.clone();
        want.sort_by_key(|d| {
            (
                d.fields.expected_close.is_none(),
                d.fields.expected_close,
                d.id,
            )
        });
        let want: Vec<_> = want.iter().map(|d| d.id).collect();
        let now = date(2026, 4, 15).and_hms_opt(12, 0, 0).unwrap();
        for limit in [1, 2, 5, 6, 7, 21, 22, 50] {
            let mut opts = CardOptions::new(now);
            opts.limit = limit;
            let (rows, pages) =
                all_pages(|after| cards(&mut conn, p.lead.id, no_filter, after, &opts).unwrap());
            assert_eq!(ids(&rows), want, "limit {limit}");
            let distinct: HashSet<_> = rows.iter().map(|c| c.id).collect();
            assert_eq!(distinct.len(), rows.len(), "limit {limit}: duplicates");
            let limit = usize::try_from(limit).unwrap();
            assert_eq!(
                pages,
                want.len().div_ceil(limit).max(1),
                "limit {limit}: pages"
            );
        }
        // with a filter: the cheap half
        let pred = compile(&conn, "value<=10", None);
        let filter = || boxed(&pred);
        let mut opts = CardOptions::new(now);
        opts.limit = 3;
        let (rows, _) =
            all_pages(|after| cards(&mut conn, p.lead.id, filter, after, &opts).unwrap());
        let cheap: Vec<_> = want
            .iter()
            .filter(|id| all.iter().any(|d| d.id == **id && d.fields.value <= 1_000))
            .copied()
            .collect();
        assert_eq!(ids(&rows), cheap);
        // an empty column, and a cursor from somewhere else
        let empty = cards(&mut conn, p.won.id, no_filter, None, &opts).unwrap();
        assert!(empty.rows.is_empty() && empty.next.is_none());
        let alien = rolo::db::repo::Cursor {
            key: rolo::db::repo::SortValue::Int(3),
            id: all[0].id.id(),
        };
        assert!(matches!(
            cards(&mut conn, p.lead.id, no_filter, Some(alien), &opts),
            Err(DbError::Constraint(_))
        ));
    }
);

both_backends!(
    cards_carry_names_and_flag_overdue_and_stale_deals,
    |db: TestDb| {
        let mut conn = db.conn();
        let p = Pipeline::create(&mut conn);
        let ada = user(&mut conn, "Ada Lovelace");
        let acme = rolo::db::repo::company::create(
            &mut conn,
            None,
            rolo::domain::CompanyDraft::new("Acme Ltd"),
        )
        .unwrap();
        // "now" a month ahead of the wall clock, so deals created just now are 30 days old
        let now: NaiveDateTime = rolo::db::now() + Duration::days(30);
        let today = now.date();
        let mut mk = |title: &str, stage: &rolo::db::models::Stage, close: Option<NaiveDate>| {
            let mut d = rolo::domain::DealDraft::new(title, stage.id);
            d.expected_close = close;
            d.owner_id = Some(ada);
            d.company_id = Some(acme.id);
            d.value = 100;
            deal::create(&mut conn, None, d).unwrap()
        };
        let late = mk("late", &p.lead, Some(today - Duration::days(1)));
        let due_today = mk("due today", &p.lead, Some(today));
        let undated = mk("undated", &p.lead, None);
        let touched = mk("touched", &p.lead, Some(today + Duration::days(9)));
        let old_touch = mk("old touch", &p.lead, Some(today + Duration::days(10)));
        let deleted_touch = mk("deleted touch", &p.lead, Some(today + Duration::days(11)));
        let closed = mk("closed late", &p.won, Some(today - Duration::days(5)));
        let mut log = |deal: rolo::domain::DealId, days_ago: i64| {
            let mut a = ActivityDraft::new(ActivityKind::Call, "call");
            a.deal_id = Some(deal);
            let a = activity::create(&mut conn, None, a).unwrap();
            diesel::update(activities::table.find(a.id))
                .set(activities::created_at.eq(now - Duration::days(days_ago)))
                .execute(&mut conn)
                .unwrap();
            a
        };
        log(touched.id, 20);
        log(touched.id, 3);
        log(old_touch.id, 20);
        let d = log(deleted_touch.id, 1);
        log(closed.id, 40);
        activity::soft_delete(&mut conn, None, d.id, None).unwrap();

        let opts = CardOptions::new(now);
        let page = cards(&mut conn, p.lead.id, no_filter, None, &opts).unwrap();
        let by_title = |t: &str| page.rows.iter().find(|c| c.title == t).unwrap().clone();
        let flags = |t: &str| {
            let c = by_title(t);
            (c.overdue, c.stale)
        };
        assert_eq!(flags("late"), (true, true));
        assert_eq!(flags("due today"), (false, true));
        assert_eq!(flags("undated"), (false, true));
        assert_eq!(flags("touched"), (false, false));
        assert_eq!(flags("old touch"), (false, true));
        assert_eq!(flags("deleted touch"), (false, true));
        let t = by_title("touched");
        assert_eq!(t.last_activity_at, Some(now - Duration::days(3)));
        assert_eq!(t.company.as_deref(), Some("Acme Ltd"));
        assert_eq!(t.owner.as_deref(), Some("Ada Lovelace"));
        assert_eq!(t.owner_initials.as_deref(), Some("AL"));
        assert_eq!(t.probability, 10, "the stage's probability");
        assert_eq!(t.version, touched.version);
        assert_eq!(by_title("deleted touch").last_activity_at, None);
        assert_eq!(ids(&page.rows)[..2], [late.id, due_today.id]);
        assert_eq!(page.rows.last().unwrap().id, undated.id);
        let _ = old_touch;
        // with a longer stale window only the untouched-for-30-days deals stay stale
        let mut relaxed = opts;
        relaxed.stale_days = 25;
        let page = cards(&mut conn, p.lead.id, no_filter, None, &relaxed).unwrap();
        let stale: Vec<&str> = page
            .rows
            .iter()
            .filter(|c| c.stale)
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(stale, ["late", "due today", "deleted touch", "undated"]);
        // a won deal is neither overdue nor stale
        let won = cards(&mut conn, p.won.id, no_filter, None, &opts).unwrap();
        assert_eq!((won.rows[0].overdue, won.rows[0].stale), (false, false));
        assert_eq!(won.rows[0].status, DealStatus::Won);
    }
);

both_backends!(
    moves_follow_the_board_and_refuse_what_they_must,
    |db: TestDb| {
        let mut conn = db.conn();
        let p = Pipeline::create(&mut conn);
        let d = create(&mut conn, &spec("mover", &p.lead, 500, "USD"), None);
        let id = d.id;
        let mv = |conn: &mut rolo::db::DbConn, v: i32, t: MoveTarget, r: Option<&str>| {
            board::move_deal(conn, None, id, v, t, r.map(String::from))
        };
        // Previous from the first column: nothing there
        let e = mv(&mut conn, 1, MoveTarget::Previous, None).unwrap_err();
        assert!(
            matches!(
                e,
                MoveError::NoStage {
                    target: "previous",
                    ..
                }
            ),
            "{e}"
        );
        // Next skips the inactive stage (Parked, position 2) after Proposal
        // a reason is only used when the deal enters a lost stage
        let d = mv(&mut conn, 1, MoveTarget::Next, Some("not lost")).unwrap();
        assert_eq!((d.fields.stage_id, d.version), (p.proposal.id, 2));
        assert_eq!(d.fields.lost_reason, None);
        let d = mv(&mut conn, 2, MoveTarget::Next, None).unwrap();
        assert_eq!(d.fields.stage_id, p.won.id);
        assert_eq!(d.fields.status, DealStatus::Won);
        assert!(d.fields.closed_at.is_some());
        // into Lost without a reason: a typed error, nothing written
        let e = mv(&mut conn, 3, MoveTarget::Next, None).unwrap_err();
        match &e {
            MoveError::LostReasonRequired {
                stage, stage_name, ..
            } => {
                assert_eq!((*stage, stage_name.as_str()), (p.lost.id, "Lost"));
            }
            other => panic!("{other}"),
        }
        assert!(matches!(
            mv(&mut conn, 3, MoveTarget::Lost, Some("  ")),
            Err(MoveError::LostReasonRequired { .. })
        ));
        assert_eq!(deal::get(&mut conn, id).unwrap().version, 3);
        // a stale version is a conflict, even with a reason; nothing written
        let e = mv(&mut conn, 2, MoveTarget::Lost, Some("price")).unwrap_err();
        match e {
            MoveError::Db(e) => assert_eq!(conflict(&e), Some((2, 3))),
            other => panic!("{other}"),
        }
        let d = mv(&mut conn, 3, MoveTarget::Lost, Some("price")).unwrap();
        assert_eq!(d.fields.status, DealStatus::Lost);
        assert_eq!(d.fields.lost_reason.as_deref(), Some("price"));
        // Next from the last column: nothing there
        assert!(matches!(
            mv(&mut conn, 4, MoveTarget::Next, None),
            Err(MoveError::NoStage { target: "next", .. })
        ));
        // between lost stages the reason carries over
        let junk = stage::create(
            &mut conn,
            None,
            StageDraft::new("Junk", 9, 0, StageKind::Lost),
        )
        .unwrap();
        let d = mv(&mut conn, 4, MoveTarget::Stage(junk.id), None).unwrap();
        assert_eq!(
            (d.fields.stage_id, d.fields.lost_reason.as_deref()),
            (junk.id, Some("price"))
        );
        // to the stage it is in: nothing changes
        let same = mv(&mut conn, 5, MoveTarget::Stage(junk.id), None).unwrap();
        assert_eq!(same.version, 5);
        // Won from anywhere; reopening clears the reason and closed_at
        let d = mv(&mut conn, 5, MoveTarget::Won, None).unwrap();
        assert_eq!(
            (d.fields.stage_id, d.fields.lost_reason.clone()),
            (p.won.id, None)
        );
        let d = mv(&mut conn, 6, MoveTarget::Stage(p.lead.id), None).unwrap();
        assert_eq!(
            (d.fields.status, d.fields.closed_at),
            (DealStatus::Open, None)
        );
        // one history entry per move that moved
        let h = actions(&mut conn, id);
        assert_eq!(h.len(), 7);
        assert!(h[1..].iter().all(|a| *a == HistoryAction::Update));
        // a deleted deal cannot move
        deal::soft_delete(&mut conn, None, id, None).unwrap();
        assert!(matches!(
            mv(&mut conn, 8, MoveTarget::Next, None),
            Err(MoveError::Db(DbError::NotFound { .. }))
        ));
    }
);

both_backends!(open_loads_every_column_with_one_filter, |db: TestDb| {
    let mut conn = db.conn();
    let p = Pipeline::create(&mut conn);
    crowd(&mut conn, &p, 9);
    for i in 0..4 {
        create(
            &mut conn,
            &spec(&format!("p{i}"), &p.proposal, 1_000, "USD"),
            None,
        );
    }
    let now = date(2026, 4, 15).and_hms_opt(12, 0, 0).unwrap();
    let mut opts = CardOptions::new(now);
    opts.limit = 3;
    let pred = compile(&conn, "value>=5", None);
    let b = board::open(&mut conn, || boxed(&pred), || boxed(&pred), &opts).unwrap();
    let shape: Vec<(&str, i64, usize, bool)> = b
        .columns
        .iter()
        .map(|c| {
            (
                c.stage().fields.name.as_str(),
                c.totals.deals,
                c.cards.rows.len(),
                c.cards.next.is_some(),
            )
        })
        .collect();
    // lead deals are worth 100..900 minor units: 500 and up are 5 of them
    assert_eq!(
        shape,
        [
            ("Lead", 5, 3, true),
            ("Proposal", 4, 3, true),
            ("Won", 0, 0, false),
            ("Lost", 0, 0, false)
        ]
    );
    assert_eq!(b.summary.open_deals, 9);
    assert_eq!(stage_totals(&mut conn, no_filter).unwrap()[0].deals, 9);
});

// The board both front ends open (`app::board::open`): the totals read on a second pooled
// connection beside the cards give the same board as one connection reading both, and with every
// pooled connection busy the one it was given does both.
both_backends!(
    the_board_read_side_by_side_equals_the_board_read_in_turn,
    |db: TestDb| {
        let mut conn = db.conn();
        let p = Pipeline::create(&mut conn);
        crowd(&mut conn, &p, 9);
        for (i, cur) in ["USD", "EUR", "USD", "JPY"].iter().enumerate() {
            create(
                &mut conn,
                &spec(&format!("p{i}"), &p.proposal, 1_000 * (i as i64 + 1), cur),
                None,
            );
        }
        let now = date(2026, 4, 15).and_hms_opt(12, 0, 0).unwrap();
        let mut opts = CardOptions::new(now);
        opts.limit = 3;
        let ctx = crate::common::tui::ctx_for(&db, None);
        for text in ["", "value>=5", "currency:usd"] {
            let pred = compile(&conn, text, None);
            let one = board::open(&mut conn, || boxed(&pred), || boxed(&pred), &opts).unwrap();
            let side_by_side = rolo::app::board::open(&ctx, &mut conn, text, &opts).unwrap();
            assert_eq!(side_by_side, one, "{text:?}");
            // every other connection of the pool busy: no spare one, the same board
            let busy: Vec<_> = std::iter::from_fn(|| db.pool.try_get())
                .chain((db.pool.state().connections..db.pool.max_size()).map(|_| db.conn()))
                .collect();
            assert_eq!(db.pool.state().idle_connections, 0);
            let alone = rolo::app::board::open(&ctx, &mut conn, text, &opts).unwrap();
            assert_eq!(alone, one, "{text:?} on one connection");
            drop(busy);
        }
        assert!(one_board_has_cards(
            &rolo::app::board::open(&ctx, &mut conn, "", &opts).unwrap()
        ));
    }
);

fn one_board_has_cards(b: &board::Board) -> bool {
    b.columns.iter().any(|c| !c.cards.rows.is_empty()) && b.summary.open_deals == 13
}
