//! Activities on both backends: the link rule, live references, completion, versions, soft
//! delete/restore, timelines and keyset paging.
use crate::checks;
use crate::common;

use checks::{actions, all_pages, assert_has, conflict, fields_of};
use chrono::{NaiveDate, NaiveDateTime};
use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::Activity;
use rolo::db::repo::activity::{self, ActivitySort};
use rolo::db::repo::{company, contact, deal, history, stage, user, ListQuery, Liveness};
use rolo::db::schema::activities;
use rolo::db::{DbConn, DbError};
use rolo::domain::HistoryAction::{Create, Delete, Restore, Update};
use rolo::domain::{
    ActivityDraft, ActivityId, ActivityKind, CompanyDraft, CompanyId, ContactDraft, DealDraft,
    DealId, Outcome, Role, StageDraft, StageKind, UserDraft,
};

struct World {
    acme: CompanyId,
    ada: rolo::domain::ContactId,
    deal: DealId,
}

fn world(conn: &mut DbConn) -> World {
    let acme = company::create(conn, None, CompanyDraft::new("Acme"))
        .unwrap()
        .id;
    let mut c = ContactDraft::new("Ada");
    c.company_id = Some(acme);
    let ada = contact::create(conn, None, c).unwrap().id;
    let lead = stage::create(conn, None, StageDraft::new("Lead", 0, 10, StageKind::Open))
        .unwrap()
        .id;
    let mut d = DealDraft::new("Renewal", lead);
    d.company_id = Some(acme);
    let deal = deal::create(conn, None, d).unwrap().id;
    World { acme, ada, deal }
}

fn note(
    conn: &mut DbConn,
    subject: &str,
    deal: Option<DealId>,
    company: Option<CompanyId>,
) -> Activity {
    let mut d = ActivityDraft::new(ActivityKind::Note, subject);
    d.deal_id = deal;
    d.company_id = company;
    activity::create(conn, None, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .unwrap()
}

both_backends!(create_stores_links_and_records_history, |db: TestDb| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let rita = user::create(
        &mut conn,
        None,
        UserDraft::new("Rita", "rita@example.com", Role::SalesRep),
    )
    .unwrap()
    .id;
    let mut d = ActivityDraft::new(ActivityKind::Task, "  Send the quote ");
    d.body = Some("  ".into());
    d.company_id = Some(w.acme);
    d.contact_id = Some(w.ada);
    d.deal_id = Some(w.deal);
    d.owner_id = Some(rita);
    d.assignee_id = Some(rita);
    d.due_at = Some(at(2026, 3, 1, 14, 30));
    let a = activity::create(&mut conn, Some(rita), d).unwrap();
    assert_eq!(a.fields.subject, "Send the quote");
    assert_eq!(a.fields.body, None);
    assert_eq!(a.fields.kind, ActivityKind::Task);
    assert_eq!(
        (a.fields.company_id, a.fields.contact_id, a.fields.deal_id),
        (Some(w.acme), Some(w.ada), Some(w.deal))
    );
    assert_eq!(a.fields.due_at, Some(at(2026, 3, 1, 14, 30)));
    assert_eq!(a.fields.completed_at, None);
    assert_eq!(a.version, 1);
    assert_eq!(activity::get(&mut conn, a.id).unwrap(), a);
    let h = history::for_record(&mut conn, a.id.id()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].action, h[0].actor_id), (Create, Some(rita)));
    assert_has(
        &h[0].changes,
        r#""due_at":{"old":null,"new":"2026-03-01T14:30:00"}"#,
    );
});

both_backends!(links_are_required_and_must_be_live, |db: TestDb| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let mut d = ActivityDraft::new(ActivityKind::Call, " ");
    d.body = Some("x".repeat(100_001));
    let err = activity::create(&mut conn, None, d).unwrap_err();
    assert_eq!(fields_of(&err), ["subject", "body", "links"]);
    let msg = err.to_string();
    assert_has(&msg, "body: is longer than 100000 characters (got 100001)");
    assert_has(&msg, "links: an activity needs a company, contact or deal");

    contact::soft_delete(&mut conn, None, w.ada, None).unwrap();
    let mut d = ActivityDraft::new(ActivityKind::Call, "Call Ada");
    d.contact_id = Some(w.ada);
    let err = activity::create(&mut conn, None, d).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid activity: contact_id: contact {} does not exist or is deleted",
            w.ada
        )
    );
    let mut d = ActivityDraft::new(ActivityKind::Call, "Call");
    d.deal_id = Some(DealId::new());
    d.assignee_id = Some(rolo::domain::UserId::new());
    let err = activity::create(&mut conn, None, d).unwrap_err();
    assert_eq!(fields_of(&err), ["deal_id", "assignee_id"]);
    assert_eq!(activity::count(&mut conn, Liveness::All, None).unwrap(), 0);

    // an activity whose contact was deleted stays editable; clearing every link is refused
    contact::restore(&mut conn, None, w.ada).unwrap();
    let mut d = ActivityDraft::new(ActivityKind::Call, "Call Ada");
    d.contact_id = Some(w.ada);
    let a = activity::create(&mut conn, None, d).unwrap();
    contact::soft_delete(&mut conn, None, w.ada, None).unwrap();
    let mut edit: ActivityDraft = a.fields.clone().into();
    edit.outcome = Some(Outcome::Positive);
    let a2 = activity::update(&mut conn, None, a.id, 1, edit.clone()).unwrap();
    assert_eq!(a2.fields.outcome, Some(Outcome::Positive));
    edit.contact_id = None;
    let err = activity::update(&mut conn, None, a.id, 2, edit).unwrap_err();
    assert_eq!(fields_of(&err), ["links"]);

    // and the database holds the same line
    let err = diesel::update(activities::table.find(a.id))
        .set(activities::contact_id.eq(None::<rolo::domain::ContactId>))
        .execute(&mut *conn)
        .map_err(DbError::from)
        .unwrap_err();
    assert!(matches!(err, DbError::Constraint(_)), "{err}");
});

both_backends!(complete_and_stale_versions, |db: TestDb| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let mut d = ActivityDraft::new(ActivityKind::Task, "Follow up");
    d.deal_id = Some(w.deal);
    let a = activity::create(&mut conn, None, d).unwrap();

    let mut edit: ActivityDraft = a.fields.clone().into();
    edit.subject = "Follow up on pricing".into();
    let a2 = activity::update(&mut conn, None, a.id, 1, edit.clone()).unwrap();
    assert_eq!(
        (a2.version, a2.fields.subject.as_str()),
        (2, "Follow up on pricing")
    );

    // stale: refused, nothing written
    edit.subject = "Something else".into();
    let err = activity::update(&mut conn, None, a.id, 1, edit).unwrap_err();
    assert_eq!(conflict(&err), Some((1, 2)), "{err}");
    let err = activity::complete(&mut conn, None, a.id, 1).unwrap_err();
    assert_eq!(conflict(&err), Some((1, 2)), "{err}");
    assert_eq!(activity::get(&mut conn, a.id).unwrap(), a2);

    let done = activity::complete(&mut conn, None, a.id, 2).unwrap();
    let when = done.fields.completed_at.expect("completed");
    assert!(when >= a2.updated_at);
    assert_eq!(done.version, 3);
    assert_eq!(done.fields.subject, "Follow up on pricing");
    // completing again changes nothing
    assert_eq!(activity::complete(&mut conn, None, a.id, 3).unwrap(), done);

    assert_eq!(actions(&mut conn, a.id), [Create, Update, Update]);
    let h = history::for_record(&mut conn, a.id.id()).unwrap();
    assert_eq!(
        h[1].changes,
        "{\"subject\":{\"old\":\"Follow up\",\"new\":\"Follow up on pricing\"}}"
    );
    assert_eq!(
        h[2].changes,
        format!(
            "{{\"completed_at\":{{\"old\":null,\"new\":{}}}}}",
            serde_json::to_value(when).unwrap()
        )
    );
});

both_backends!(soft_delete_restore_and_timelines, |db: TestDb| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let first = note(&mut conn, "First", Some(w.deal), None);
    let second = note(&mut conn, "Second", None, Some(w.acme));
    let third = note(&mut conn, "Third", Some(w.deal), Some(w.acme));
    let fourth = note(&mut conn, "Fourth", Some(w.deal), None);

    let err = activity::soft_delete(&mut conn, None, third.id, Some(2)).unwrap_err();
    assert!(matches!(err, DbError::Conflict { .. }), "{err}");
    let gone = activity::soft_delete(&mut conn, None, third.id, Some(1)).unwrap();
    assert!(gone.deleted_at.is_some());
    assert!(matches!(
        activity::get_live(&mut conn, third.id),
        Err(DbError::NotFound { .. })
    ));

    let ids = |rows: &[Activity]| rows.iter().map(|a| a.id).collect::<Vec<ActivityId>>();
    let page = activity::list_for_deal(&mut conn, w.deal, None, 1).unwrap();
    assert_eq!(ids(&page.rows), [fourth.id]);
    let page = activity::list_for_deal(&mut conn, w.deal, page.next, 1).unwrap();
    assert_eq!(ids(&page.rows), [first.id]);
    assert_eq!(page.next, None);
    let page = activity::list_for_company(&mut conn, w.acme, None, 10).unwrap();
    assert_eq!(ids(&page.rows), [second.id]);
    assert!(activity::list_for_contact(&mut conn, w.ada, None, 10)
        .unwrap()
        .rows
        .is_empty());

    let back = activity::restore(&mut conn, None, third.id).unwrap();
    assert!(back.deleted_at.is_none());
    assert_eq!(back.version, 3);
    let page = activity::list_for_company(&mut conn, w.acme, None, 10).unwrap();
    assert_eq!(ids(&page.rows), [third.id, second.id]);
    let page = activity::list_for_deal(&mut conn, w.deal, None, 10).unwrap();
    assert_eq!(ids(&page.rows), [fourth.id, third.id, first.id]);
    assert_eq!(actions(&mut conn, third.id), [Create, Delete, Restore]);
});

both_backends!(keyset_pages_have_no_gaps_or_duplicates, |db: TestDb| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let mut all: Vec<Activity> = (0..8)
        .map(|i| note(&mut conn, &format!("Note {i}"), Some(w.deal), None))
        .collect();
    let gone = all.remove(5);
    activity::soft_delete(&mut conn, None, gone.id, None).unwrap();
    // touch two, so the Updated order differs from the Created one
    for i in [1, 3] {
        let a = &all[i];
        let mut edit: ActivityDraft = a.fields.clone().into();
        edit.kind = ActivityKind::Call;
        all[i] = activity::update(&mut conn, None, a.id, a.version, edit).unwrap();
    }
    for (sort, descending) in [
        (ActivitySort::Created, false),
        (ActivitySort::Created, true),
        (ActivitySort::Updated, false),
        (ActivitySort::Updated, true),
    ] {
        let mut expected = all.clone();
        expected.sort_by_key(|a| match sort {
            ActivitySort::Created => (a.created_at, a.id),
            ActivitySort::Updated => (a.updated_at, a.id),
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
            activity::list(&mut conn, &q, None).unwrap()
        });
        assert_eq!(rows, expected, "{sort:?} descending={descending}");
        assert_eq!(pages, 3, "{sort:?}");
    }
    let q = ListQuery::sorted(ActivitySort::Updated, 10);
    let calls = Box::new(activities::kind.eq(ActivityKind::Call).nullable());
    let page = activity::list(&mut conn, &q, Some(calls)).unwrap();
    assert_eq!(
        page.rows.iter().map(|a| a.id).collect::<Vec<_>>(),
        [all[1].id, all[3].id]
    );
    assert_eq!(activity::count(&mut conn, Liveness::Live, None).unwrap(), 7);
    assert_eq!(
        activity::count(&mut conn, Liveness::Deleted, None).unwrap(),
        1
    );
});
