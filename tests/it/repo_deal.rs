//! Deals on both backends: status and closed_at follow the stage kind, lost reasons, references,
//! versions, stages that hold deals, soft delete/restore and keyset paging.
use crate::checks;
use crate::common;

use checks::{actions, all_pages, assert_has, changes, conflict, fields_of};
use chrono::NaiveDate;
use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::{Deal, Stage};
use rolo::db::repo::deal::{self, DealSort};
use rolo::db::repo::{company, contact, stage, ListQuery, Liveness};
use rolo::db::schema::deals;
use rolo::db::{DbConn, DbError};
use rolo::domain::HistoryAction::{Create, Delete, Restore, Update};
use rolo::domain::{
    CompanyDraft, ContactDraft, DealDraft, DealStatus, Priority, StageDraft, StageId, StageKind,
};

struct Pipeline {
    lead: Stage,
    won: Stage,
    lost: Stage,
    junk: Stage,
}

fn pipeline(conn: &mut DbConn) -> Pipeline {
    let mut mk = |name: &str, position, probability, kind| {
        stage::create(
            conn,
            None,
            StageDraft::new(name, position, probability, kind),
        )
        .unwrap()
    };
    Pipeline {
        lead: mk("Lead", 0, 10, StageKind::Open),
        won: mk("Won", 1, 100, StageKind::Won),
        lost: mk("Lost", 2, 0, StageKind::Lost),
        junk: mk("Disqualified", 3, 0, StageKind::Lost),
    }
}

fn deal_in(conn: &mut DbConn, title: &str, stage: StageId) -> Deal {
    deal::create(conn, None, DealDraft::new(title, stage)).unwrap()
}

both_backends!(create_normalizes_and_derives_status, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let acme = company::create(&mut conn, None, CompanyDraft::new("Acme")).unwrap();
    let mut c = ContactDraft::new("Ada");
    c.company_id = Some(acme.id);
    let ada = contact::create(&mut conn, None, c).unwrap();
    let mut d = DealDraft::new("  Big renewal ", p.lead.id);
    d.company_id = Some(acme.id);
    d.contact_id = Some(ada.id);
    d.value = 1_250_000;
    d.currency = " eur".into();
    d.probability = Some(40);
    d.priority = Priority::High;
    d.expected_close = NaiveDate::from_ymd_opt(2026, 6, 30);
    let big = deal::create(&mut conn, None, d).unwrap();
    assert_eq!(big.fields.title, "Big renewal");
    assert_eq!(big.fields.currency, "EUR");
    assert_eq!(big.fields.value, 1_250_000);
    assert_eq!(big.fields.status, DealStatus::Open);
    assert_eq!(big.fields.closed_at, None);
    assert_eq!(big.fields.priority, Priority::High);
    assert_eq!(
        big.fields.expected_close,
        NaiveDate::from_ymd_opt(2026, 6, 30)
    );
    assert_eq!(big.version, 1);
    assert_eq!(deal::get(&mut conn, big.id).unwrap(), big);
    let h = changes(&mut conn, big.id);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, Create);
    assert_has(&h[0].1, r#""status":{"old":null,"new":"open"}"#);
    assert_has(
        &h[0].1,
        r#""expected_close":{"old":null,"new":"2026-06-30"}"#,
    );

    // created straight into a won stage: won and closed
    let done = deal_in(&mut conn, "Done deal", p.won.id);
    assert_eq!(done.fields.status, DealStatus::Won);
    assert!(done.fields.closed_at.is_some());
    let of_acme = deal::list_for_company(&mut conn, acme.id).unwrap();
    assert_eq!(of_acme, vec![big]);
});

both_backends!(validation_and_references_name_the_fields, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let mut d = DealDraft::new(" ", p.lead.id);
    d.value = -1;
    d.currency = "EURO".into();
    d.probability = Some(101);
    let err = deal::create(&mut conn, None, d).unwrap_err();
    assert_eq!(
        fields_of(&err),
        ["title", "value", "currency", "probability"]
    );
    let msg = err.to_string();
    assert_has(&msg, "title: is required");
    assert_has(&msg, "value: must not be negative (got -1)");
    assert_has(&msg, "probability: must be between 0 and 100 (got 101)");

    let missing = StageId::new();
    let err = deal::create(&mut conn, None, DealDraft::new("X", missing)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("invalid deal: stage_id: pipeline stage {missing} does not exist or is deleted")
    );

    // every bad reference is reported at once
    let mut d = DealDraft::new("X", missing);
    d.company_id = Some(rolo::domain::CompanyId::new());
    d.owner_id = Some(rolo::domain::UserId::new());
    let err = deal::create(&mut conn, None, d).unwrap_err();
    assert_eq!(fields_of(&err), ["stage_id", "company_id", "owner_id"]);

    // a contact given with a company must belong to it (or to none)
    let acme = company::create(&mut conn, None, CompanyDraft::new("Acme")).unwrap();
    let globex = company::create(&mut conn, None, CompanyDraft::new("Globex")).unwrap();
    let mut c = ContactDraft::new("Gil");
    c.company_id = Some(globex.id);
    let gil = contact::create(&mut conn, None, c).unwrap();
    let mut d = DealDraft::new("Cross", p.lead.id);
    d.company_id = Some(acme.id);
    d.contact_id = Some(gil.id);
    let err = deal::create(&mut conn, None, d.clone()).unwrap_err();
    assert_eq!(fields_of(&err), ["contact_id"]);
    assert!(
        err.to_string()
            .contains(&format!("belongs to company {}", globex.id)),
        "{err}"
    );
    let free = contact::create(&mut conn, None, ContactDraft::new("Free")).unwrap();
    d.contact_id = Some(free.id);
    let ok = deal::create(&mut conn, None, d).unwrap();
    assert_eq!(ok.fields.contact_id, Some(free.id));

    // a deleted company cannot be linked
    company::soft_delete(&mut conn, None, globex.id, None).unwrap();
    let mut d = DealDraft::new("Late", p.lead.id);
    d.company_id = Some(globex.id);
    assert_eq!(
        fields_of(&deal::create(&mut conn, None, d).unwrap_err()),
        ["company_id"]
    );
    let mut edit: DealDraft = ok.fields.clone().into();
    edit.company_id = Some(globex.id);
    edit.contact_id = None;
    let err = deal::update(&mut conn, None, ok.id, ok.version, edit).unwrap_err();
    assert_eq!(fields_of(&err), ["company_id"]);
    assert_eq!(deal::get(&mut conn, ok.id).unwrap(), ok);

    // the database refuses a negative value written behind the repository's back
    let err = diesel::update(deals::table.find(ok.id))
        .set(deals::value.eq(-5_i64))
        .execute(&mut *conn)
        .map_err(DbError::from)
        .unwrap_err();
    assert!(matches!(err, DbError::Constraint(_)), "{err}");
    assert_eq!(deal::count(&mut conn, Liveness::All, None).unwrap(), 1);
});

both_backends!(status_and_closed_at_follow_the_stage, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let d = deal_in(&mut conn, "Kanban", p.lead.id);

    let won = deal::move_to_stage(&mut conn, None, d.id, 1, p.won.id, None).unwrap();
    assert_eq!(
        (won.fields.status, won.fields.stage_id, won.version),
        (DealStatus::Won, p.won.id, 2)
    );
    let closed = won.fields.closed_at.expect("closed_at set on winning");
    assert!(closed >= d.created_at);

    let reopened = deal::move_to_stage(&mut conn, None, d.id, 2, p.lead.id, None).unwrap();
    assert_eq!(reopened.fields.status, DealStatus::Open);
    assert_eq!(reopened.fields.closed_at, None);

    let lost = deal::move_to_stage(
        &mut conn,
        None,
        d.id,
        3,
        p.lost.id,
        Some(" Budget cut ".into()),
    )
    .unwrap();
    assert_eq!(lost.fields.status, DealStatus::Lost);
    assert_eq!(lost.fields.lost_reason.as_deref(), Some("Budget cut"));
    let lost_at = lost.fields.closed_at.expect("closed_at set on losing");

    // lost -> lost keeps the reason and the close time
    let junk = deal::move_to_stage(&mut conn, None, d.id, 4, p.junk.id, None).unwrap();
    assert_eq!(junk.fields.lost_reason.as_deref(), Some("Budget cut"));
    assert_eq!(junk.fields.closed_at, Some(lost_at));

    // a stale move is refused and changes nothing
    let err = deal::move_to_stage(&mut conn, None, d.id, 4, p.won.id, None).unwrap_err();
    assert_eq!(conflict(&err), Some((4, 5)), "{err}");
    assert_eq!(deal::get(&mut conn, d.id).unwrap(), junk);

    // leaving the lost stage clears the reason
    let back = deal::move_to_stage(&mut conn, None, d.id, 5, p.lead.id, None).unwrap();
    assert_eq!(
        (back.fields.status, back.fields.lost_reason.clone()),
        (DealStatus::Open, None)
    );
    assert_eq!(back.fields.closed_at, None);

    let h = changes(&mut conn, d.id);
    let actions: Vec<_> = h.iter().map(|(a, _)| *a).collect();
    assert_eq!(actions, [Create, Update, Update, Update, Update, Update]);
    let (lead, won, at) = (p.lead.id, p.won.id, serde_json::to_value(closed).unwrap());
    let moved = |from, to, old: &str, new: &str, closed: (&str, &str)| {
        format!(
            r#"{{"stage_id":{{"old":"{from}","new":"{to}"}},"status":{{"old":"{old}","new":"{new}"}},"closed_at":{{"old":{},"new":{}}}}}"#,
            closed.0, closed.1
        )
    };
    let at = at.to_string();
    assert_eq!(h[1].1, moved(lead, won, "open", "won", ("null", &at)));
    assert_eq!(h[2].1, moved(won, lead, "won", "open", (&at, "null")));
    assert_has(&h[5].1, r#""lost_reason":{"old":"Budget cut","new":null}"#);
});

both_backends!(lost_reasons_only_on_lost_deals, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let mut d = DealDraft::new("Hopeful", p.lead.id);
    d.lost_reason = Some("Too pricey".into());
    let err = deal::create(&mut conn, None, d.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid deal: lost_reason: only a lost deal has a lost reason, and stage 'Lead' is not a lost stage (its kind is open)"
    );
    d.stage_id = p.lost.id;
    let lost = deal::create(&mut conn, None, d).unwrap();
    assert_eq!(lost.fields.lost_reason.as_deref(), Some("Too pricey"));
    assert_eq!(lost.fields.status, DealStatus::Lost);

    // an explicit reason for a stage that is not lost is refused, nothing changes
    let err =
        deal::move_to_stage(&mut conn, None, lost.id, 1, p.won.id, Some("x".into())).unwrap_err();
    assert_eq!(fields_of(&err), ["lost_reason"]);
    assert_eq!(deal::get(&mut conn, lost.id).unwrap(), lost);

    // editing the stage of a lost deal drops the reason it carried
    let mut edit: DealDraft = lost.fields.clone().into();
    edit.stage_id = p.lead.id;
    let open = deal::update(&mut conn, None, lost.id, 1, edit.clone()).unwrap();
    assert_eq!(
        (open.fields.status, open.fields.lost_reason.clone()),
        (DealStatus::Open, None)
    );
    // but a reason typed for an open deal is refused
    edit.lost_reason = Some("Changed mind".into());
    let err = deal::update(&mut conn, None, lost.id, 2, edit).unwrap_err();
    assert_eq!(fields_of(&err), ["lost_reason"]);

    // the CHECK constraint holds the same line
    let err = diesel::update(deals::table.find(lost.id))
        .set(deals::lost_reason.eq(Some("sneaky")))
        .execute(&mut *conn)
        .map_err(DbError::from)
        .unwrap_err();
    assert!(matches!(err, DbError::Constraint(_)), "{err}");
});

both_backends!(updates_are_versioned, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let d = deal_in(&mut conn, "Upsell", p.lead.id);
    let mut edit: DealDraft = d.fields.clone().into();
    edit.value = 50_000;
    edit.stage_id = p.won.id;
    let d2 = deal::update(&mut conn, None, d.id, 1, edit.clone()).unwrap();
    assert_eq!(
        (d2.version, d2.fields.value, d2.fields.status),
        (2, 50_000, DealStatus::Won)
    );
    assert!(d2.fields.closed_at.is_some());

    edit.value = 90_000;
    let err = deal::update(&mut conn, None, d.id, 1, edit).unwrap_err();
    assert_eq!(conflict(&err), Some((1, 2)), "{err}");
    assert_eq!(deal::get(&mut conn, d.id).unwrap(), d2);
    let h = changes(&mut conn, d.id);
    assert_eq!(h.len(), 2);
    assert_has(&h[1].1, r#""value":{"old":0,"new":50000}"#);
});

both_backends!(stages_holding_deals_stay, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let d = deal_in(&mut conn, "Anchor", p.lead.id);
    let err = stage::soft_delete(&mut conn, None, p.lead.id, None).unwrap_err();
    assert!(matches!(err, DbError::InUse { .. }), "{err}");
    let err = stage::purge(&mut conn, p.lead.id).unwrap_err();
    assert!(matches!(err, DbError::InUse { .. }), "{err}");

    // a deleted deal frees the stage for a soft delete, but still blocks the purge
    let gone = deal::soft_delete(&mut conn, None, d.id, Some(1)).unwrap();
    assert!(gone.deleted_at.is_some());
    assert!(matches!(
        deal::get_live(&mut conn, d.id),
        Err(DbError::NotFound { .. })
    ));
    stage::soft_delete(&mut conn, None, p.lead.id, None).unwrap();
    let err = stage::purge(&mut conn, p.lead.id).unwrap_err();
    assert!(matches!(err, DbError::InUse { .. }), "{err}");

    // the deal cannot come back into a deleted stage
    let err = deal::restore(&mut conn, None, d.id).unwrap_err();
    assert_eq!(fields_of(&err), ["stage_id"]);
    assert_has(&err.to_string(), "restore it first");
    stage::restore(&mut conn, None, p.lead.id).unwrap();
    let back = deal::restore(&mut conn, None, d.id).unwrap();
    assert!(back.deleted_at.is_none());
    assert_eq!(back.version, 3);
    assert_eq!(actions(&mut conn, d.id), [Create, Delete, Restore]);
    // an unused stage can be purged
    stage::purge(&mut conn, p.won.id).unwrap();
});

both_backends!(keyset_pages_have_no_gaps_or_duplicates, |db: TestDb| {
    let mut conn = db.conn();
    let p = pipeline(&mut conn);
    let mut all = vec![];
    let titles = [
        "Omega", "Alpha", "Kappa", "Alpha", "Delta", "Sigma", "Beta", "Gone",
    ];
    for (title, value) in titles
        .into_iter()
        .zip([300, 100, 300, 700, 0, 300, 100, 50])
    {
        let mut d = DealDraft::new(title, p.lead.id);
        d.value = value;
        all.push(deal::create(&mut conn, None, d).unwrap());
    }
    let gone = all.pop().unwrap();
    deal::soft_delete(&mut conn, None, gone.id, None).unwrap();
    let moved = deal::move_to_stage(&mut conn, None, all[0].id, 1, p.won.id, None).unwrap();
    all[0] = moved;

    for (sort, descending) in [
        (DealSort::Title, false),
        (DealSort::Title, true),
        (DealSort::Value, false),
        (DealSort::Value, true),
        (DealSort::Created, false),
        (DealSort::Updated, true),
    ] {
        let mut expected = all.clone();
        expected.sort_by(|a, b| match sort {
            DealSort::Title => (&a.fields.title, a.id).cmp(&(&b.fields.title, b.id)),
            DealSort::Value => (a.fields.value, a.id).cmp(&(b.fields.value, b.id)),
            DealSort::Created => (a.created_at, a.id).cmp(&(b.created_at, b.id)),
            DealSort::Updated => (a.updated_at, a.id).cmp(&(b.updated_at, b.id)),
            _ => unreachable!("not among the sorts above"),
        });
        if descending {
            expected.reverse();
        }
        let (rows, pages) = all_pages(|after| {
            let q = ListQuery {
                after,
                descending,
                ..ListQuery::sorted(sort, 3)
            };
            deal::list(&mut conn, &q, None).unwrap()
        });
        assert_eq!(rows, expected, "{sort:?} descending={descending}");
        assert_eq!(pages, 3, "{sort:?}");
    }
    let filter = Box::new(deals::status.eq(DealStatus::Open).nullable());
    assert_eq!(
        deal::count(&mut conn, Liveness::Live, Some(filter)).unwrap(),
        6
    );
    assert_eq!(deal::count(&mut conn, Liveness::Deleted, None).unwrap(), 1);
    let filter = Box::new(deals::value.eq(300_i64).nullable());
    let page = deal::list(
        &mut conn,
        &ListQuery::sorted(DealSort::Title, 10),
        Some(filter),
    )
    .unwrap();
    let titles: Vec<_> = page.rows.iter().map(|d| d.fields.title.as_str()).collect();
    assert_eq!(titles, ["Kappa", "Omega", "Sigma"]);
    assert_eq!(page.next, None);
});
