//! Property, on both backends: after any sequence of moves (next, previous, won, lost — with or
//! without a lost reason — and moves from a stale version) over seeded deals, the per-stage counts
//! and sums of `stage_totals` equal a direct SQL aggregate, with and without a filter; every deal
//! sits where a model of the board says; and each deal's status follows its stage's kind.
use crate::board_fixture;
use crate::common;

use std::cell::RefCell;

use board_fixture::{
    boxed, compile, create, flatten, hand_totals, id_literal, spec, user, Pipeline,
};
use common::TestDb;
use diesel::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rolo::db::models::Stage;
use rolo::db::repo::board::{move_deal, stage_totals, MoveError, MoveTarget};
use rolo::db::repo::deal;
use rolo::db::schema::{deals, pipeline_stages};
use rolo::db::DbError;
use rolo::domain::{DealId, DealStatus, StageId, StageKind};

const DEALS: usize = 24;

/// Where the model says a deal in `at` goes; None when the move is refused.
fn model(board: &[&Stage], at: StageId, op: u8, reason: bool, has_reason: bool) -> Option<StageId> {
    let i = board.iter().position(|s| s.id == at)?;
    let to = match op {
        0 => board.get(i + 1)?,
        1 => board.get(i.checked_sub(1)?)?,
        2 => board.iter().find(|s| s.fields.kind == StageKind::Won)?,
        _ => board.iter().find(|s| s.fields.kind == StageKind::Lost)?,
    };
    if to.id != at && to.fields.kind == StageKind::Lost && !reason && !has_reason {
        return None;
    }
    Some(to.id)
}

both_backends!(stage_totals_equal_sql_after_any_moves, |db: TestDb| {
    let conn = RefCell::new(db.conn());
    let (p, ada, ids) = {
        let c = &mut *conn.borrow_mut();
        let p = Pipeline::create(c);
        let ada = user(c, "Ada Lovelace");
        let bob = user(c, "Bob Stone");
        let currencies = ["USD", "EUR", "JPY"];
        let mut ids: Vec<DealId> = Vec::new();
        for i in 0..DEALS {
            let stage = [&p.lead, &p.proposal, &p.won][i % 3];
            let mut s = spec(
                &format!("deal {i}"),
                stage,
                (i as i64 * 7_919) % 50_000,
                currencies[i % 3],
            );
            s.probability = (i % 4 == 0).then_some((i as i32 * 13) % 101);
            s.owner = Some(if i % 2 == 0 { ada } else { bob });
            ids.push(create(c, &s, None).id);
        }
        (p, ada, ids)
    };
    let board = p.board();
    let mine = format!("AND d.owner_id = {}", id_literal(&conn.borrow(), ada.id()));
    let ops = proptest::collection::vec((0..DEALS, 0u8..5, any::<bool>()), 1..16);
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&ops, |ops| {
        let c = &mut *conn.borrow_mut();
        for (i, op, reason) in ops {
            let before = deal::get(c, ids[i]).unwrap();
            let at = before.fields.stage_id;
            if op == 4 {
                // a stale version: a conflict, and nothing moves
                let e = move_deal(c, None, ids[i], before.version - 1, MoveTarget::Next, None);
                let conflict = matches!(e, Err(MoveError::Db(DbError::Conflict { .. })));
                prop_assert!(
                    conflict,
                    "a stale version moved: {:?}",
                    e.map(|d| d.version)
                );
                prop_assert_eq!(deal::get(c, ids[i]).unwrap(), before);
                continue;
            }
            let target = [
                MoveTarget::Next,
                MoveTarget::Previous,
                MoveTarget::Won,
                MoveTarget::Lost,
            ][op as usize];
            let why = reason.then(|| format!("reason {op}"));
            let got = move_deal(c, None, ids[i], before.version, target, why);
            let want = model(&board, at, op, reason, before.fields.lost_reason.is_some());
            match (got, want) {
                (Ok(after), Some(to)) => {
                    prop_assert_eq!(after.fields.stage_id, to);
                    let moved = to != at;
                    prop_assert_eq!(after.version, before.version + i32::from(moved));
                }
                (Err(MoveError::NoStage { .. } | MoveError::LostReasonRequired { .. }), None) => {
                    prop_assert_eq!(deal::get(c, ids[i]).unwrap(), before);
                }
                (got, want) => prop_assert!(
                    false,
                    "{:?} from {:?}: got {:?}, model {:?}",
                    target,
                    at,
                    got.map(|d| d.fields.stage_id),
                    want
                ),
            }
        }
        let totals = stage_totals(c, rolo::db::repo::board::no_filter).unwrap();
        prop_assert_eq!(flatten(&totals), hand_totals(c, ""));
        let counts = board_fixture::counts_by_stage(c);
        for t in &totals {
            prop_assert_eq!(t.deals, counts.get(&t.stage.id.id()).copied().unwrap_or(0));
        }
        prop_assert_eq!(totals.iter().map(|t| t.deals).sum::<i64>(), DEALS as i64);
        let pred = compile(c, "owner:me", Some(ada));
        let owned = stage_totals(c, || boxed(&pred)).unwrap();
        prop_assert_eq!(flatten(&owned), hand_totals(c, &mine));
        // status follows the stage kind
        let statuses: Vec<(DealStatus, String)> = deals::table
            .inner_join(pipeline_stages::table)
            .select((deals::status, pipeline_stages::kind))
            .load(c)
            .unwrap();
        for (status, kind) in statuses {
            prop_assert_eq!(status.as_str(), kind);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
});
