//! The agenda on both backends with a fixed "now": which section each activity falls in, whose
//! agenda it is on (assignee, else owner), deleted / undated / completed items, the local day,
//! limits, and the names of linked records.
use crate::common;

use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime};
use common::TestDb;
use rolo::db::repo::agenda::{agenda, Agenda, AgendaQuery, Section};
use rolo::db::repo::{activity, company, contact, deal, stage, user};
use rolo::db::DbConn;
use rolo::domain::{
    ActivityDraft, ActivityId, ActivityKind, CompanyDraft, ContactDraft, DealDraft, Role,
    StageDraft, StageKind, UserDraft, UserId,
};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2030, 1, 15)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap()
}

fn ids(s: &Section) -> Vec<ActivityId> {
    s.items.iter().map(|i| i.id).collect()
}

struct Seeded {
    ada: UserId,
    bob: UserId,
    a: Vec<ActivityId>,
}

/// kind, owner, assignee, due, completed
type Spec = (
    ActivityKind,
    Option<UserId>,
    Option<UserId>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The twelve activities below as `a[1]`..`a[12]` (`a[0]` is unused).
fn seed(conn: &mut DbConn) -> Seeded {
    let mk_user = |conn: &mut DbConn, name: &str, email: &str| {
        user::create(conn, None, UserDraft::new(name, email, Role::SalesRep))
            .unwrap()
            .id
    };
    let ada = mk_user(conn, "Ada Lovelace", "ada@example.com");
    let bob = mk_user(conn, "Bob Stone", "bob@example.com");
    let acme = company::create(conn, None, CompanyDraft::new("Acme Ltd")).unwrap();
    let mut c = ContactDraft::new("Grace");
    c.last_name = Some("Hopper".into());
    c.company_id = Some(acme.id);
    let grace = contact::create(conn, None, c).unwrap();
    let lead = stage::create(conn, None, StageDraft::new("Lead", 0, 10, StageKind::Open)).unwrap();
    let big = deal::create(conn, None, DealDraft::new("Big renewal", lead.id)).unwrap();
    let n = now();
    let h = Duration::hours;
    let d = Duration::days;
    // (kind, owner, assignee, due, completed)
    let specs: [Spec; 12] = [
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n - d(3)),
            None,
        ), // 1 overdue
        (
            ActivityKind::Task,
            Some(bob),
            Some(ada),
            Some(n - h(1)),
            None,
        ), // 2 overdue (earlier today)
        (
            ActivityKind::Call,
            Some(ada),
            Some(ada),
            Some(n + h(2)),
            None,
        ), // 3 today
        (ActivityKind::Meeting, Some(ada), None, Some(n + h(3)), None), // 4 today, owned unassigned
        (
            ActivityKind::Task,
            Some(ada),
            Some(bob),
            Some(n + h(1)),
            None,
        ), // 5 bob's today
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n + h(22)),
            None,
        ), // 6 upcoming (tomorrow 10:00)
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n + d(8)),
            None,
        ), // 7 beyond 7 days
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n - d(2)),
            Some(n - h(1)),
        ), // 8 done today
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n + d(1)),
            Some(n - h(13)),
        ), // 9 done yesterday (UTC)
        (
            ActivityKind::Task,
            Some(ada),
            Some(ada),
            Some(n - d(1)),
            None,
        ), // 10 deleted
        (ActivityKind::Note, Some(ada), Some(ada), None, None),         // 11 no due time
        (ActivityKind::Task, Some(ada), None, Some(n - d(5)), None), // 12 overdue, owned unassigned
    ];
    let mut a = vec![ActivityId::new()];
    for (i, (kind, owner, assignee, due, done)) in specs.into_iter().enumerate() {
        let mut draft = ActivityDraft::new(kind, format!("item {}", i + 1));
        draft.company_id = Some(acme.id);
        if i == 0 {
            draft.contact_id = Some(grace.id);
            draft.deal_id = Some(big.id);
        }
        draft.owner_id = owner;
        draft.assignee_id = assignee;
        draft.due_at = due;
        draft.completed_at = done;
        a.push(activity::create(conn, None, draft).unwrap().id);
    }
    activity::soft_delete(conn, None, a[10], None).unwrap();
    Seeded { ada, bob, a }
}

fn read(conn: &mut DbConn, q: AgendaQuery) -> Agenda {
    agenda(conn, &q).unwrap()
}

both_backends!(sections_hold_what_is_due_for_whom, |db: TestDb| {
    let mut conn = db.conn();
    let s = seed(&mut conn);
    let a = &s.a;
    let mut q = AgendaQuery::new(Some(s.ada), now());
    q.include_done = true;
    let ada = read(&mut conn, q);
    assert_eq!(ids(&ada.overdue), [a[12], a[1], a[2]]);
    assert_eq!(ids(&ada.today), [a[3], a[4]]);
    assert_eq!(ids(&ada.upcoming), [a[6]]);
    assert_eq!(ids(&ada.done.clone().unwrap()), [a[8]]);
    assert!(!ada.overdue.more && !ada.today.more && !ada.upcoming.more);

    let bob = read(&mut conn, AgendaQuery::new(Some(s.bob), now()));
    assert!(bob.overdue.items.is_empty());
    assert_eq!(ids(&bob.today), [a[5]]);
    assert!(bob.upcoming.items.is_empty());
    assert_eq!(bob.done, None, "done only when asked for");

    let mut q = AgendaQuery::new(None, now());
    q.include_done = true;
    let all = read(&mut conn, q);
    assert_eq!(ids(&all.overdue), [a[12], a[1], a[2]]);
    assert_eq!(ids(&all.today), [a[5], a[3], a[4]]);
    assert_eq!(ids(&all.upcoming), [a[6]]);
    assert_eq!(ids(&all.done.unwrap()), [a[8]]);

    // a longer window reaches the activity 8 days ahead
    let mut q = AgendaQuery::new(Some(s.ada), now());
    q.days = 8;
    assert_eq!(ids(&read(&mut conn, q).upcoming), [a[6], a[7]]);
    q.days = 0;
    assert!(read(&mut conn, q).upcoming.items.is_empty());
});

both_backends!(items_carry_the_names_of_what_they_link_to, |db: TestDb| {
    let mut conn = db.conn();
    let s = seed(&mut conn);
    let ada = read(&mut conn, AgendaQuery::new(Some(s.ada), now()));
    let first = ada.overdue.items.iter().find(|i| i.id == s.a[1]).unwrap();
    let name = |n: &Option<rolo::db::repo::agenda::Named>| n.as_ref().map(|n| n.name.clone());
    assert_eq!(name(&first.company).as_deref(), Some("Acme Ltd"));
    assert_eq!(name(&first.contact).as_deref(), Some("Grace Hopper"));
    assert_eq!(name(&first.deal).as_deref(), Some("Big renewal"));
    assert_eq!(name(&first.owner).as_deref(), Some("Ada Lovelace"));
    assert_eq!(first.assignee.as_ref().map(|n| n.id), Some(s.ada.id()));
    assert_eq!(first.subject, "item 1");
    assert_eq!(first.kind, ActivityKind::Task);
    assert_eq!(first.due_at, Some(now() - Duration::days(3)));
    assert_eq!(first.version, 1);
    let second = ada.overdue.items.iter().find(|i| i.id == s.a[2]).unwrap();
    assert_eq!(name(&second.owner).as_deref(), Some("Bob Stone"));
    assert_eq!(second.contact, None);
    let unassigned = &ada.overdue.items[0];
    assert_eq!(
        (unassigned.id, unassigned.assignee.clone()),
        (s.a[12], None)
    );
});

both_backends!(
    limits_bound_each_section_and_say_there_is_more,
    |db: TestDb| {
        let mut conn = db.conn();
        let s = seed(&mut conn);
        let a = &s.a;
        let mut q = AgendaQuery::new(Some(s.ada), now());
        q.limit = 2;
        let ada = read(&mut conn, q);
        // the merged order (unassigned a12 first) decides what the limit keeps
        assert_eq!(ids(&ada.overdue), [a[12], a[1]]);
        assert!(ada.overdue.more);
        assert_eq!(ids(&ada.today), [a[3], a[4]]);
        assert!(!ada.today.more);
        q.limit = 1;
        q.owner = None;
        let all = read(&mut conn, q);
        assert_eq!((ids(&all.overdue), all.overdue.more), (vec![a[12]], true));
        assert_eq!((ids(&all.today), all.today.more), (vec![a[5]], true));
        assert_eq!((ids(&all.upcoming), all.upcoming.more), (vec![a[6]], false));
        // completing an overdue task takes it off the agenda
        let v = activity::get(&mut conn, a[12]).unwrap().version;
        activity::complete(&mut conn, None, a[12], v).unwrap();
        q.limit = 10;
        assert_eq!(ids(&read(&mut conn, q).overdue), [a[1], a[2]]);
    }
);

both_backends!(today_is_the_users_local_day, |db: TestDb| {
    let mut conn = db.conn();
    let s = seed(&mut conn);
    let a = &s.a;
    // UTC-13: "now" (12:00 UTC) is 23:00 the day before, and that day ends at 13:00 UTC
    let mut q = AgendaQuery::new(Some(s.ada), now());
    q.utc_offset = FixedOffset::west_opt(13 * 3600).unwrap();
    q.include_done = true;
    let late = read(&mut conn, q);
    assert_eq!(late.window.today_end, now() + Duration::hours(1));
    assert!(late.today.items.is_empty());
    assert_eq!(ids(&late.upcoming), [a[3], a[4], a[6]]);
    assert_eq!(ids(&late.done.unwrap()), [a[9], a[8]]);
    // UTC+5: 17:00 local; the day began at 19:00 UTC yesterday, so a9 was completed "today"
    q.utc_offset = FixedOffset::east_opt(5 * 3600).unwrap();
    let east = read(&mut conn, q);
    assert_eq!(east.window.today_start, now() - Duration::hours(17));
    assert_eq!(ids(&east.today), [a[3], a[4]]);
    assert_eq!(ids(&east.upcoming), [a[6]]);
    assert_eq!(ids(&east.done.unwrap()), [a[9], a[8]]);
});
