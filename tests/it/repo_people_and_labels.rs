//! Users, pipeline stages, tags and saved views on both backends.
use crate::common;

use common::TestDb;
use rolo::db::repo::{company, history, stage, tag, user, view, ListQuery};
use rolo::db::DbError;
use rolo::domain::{
    CompanyDraft, Entity, HistoryAction, Role, StageDraft, StageKind, TagDraft, Tagged, UserDraft,
    ViewDraft,
};

both_backends!(user_emails_are_unique_case_insensitively, |db: TestDb| {
    let mut conn = db.conn();
    let ada = user::create(
        &mut conn,
        None,
        UserDraft::new("Ada", "Ada@Example.com", Role::Admin),
    )
    .unwrap();
    assert_eq!(ada.fields.email, "ada@example.com");
    let err = user::create(
        &mut conn,
        None,
        UserDraft::new("Other", "ADA@example.COM", Role::SalesRep),
    )
    .unwrap_err();
    assert!(matches!(err, DbError::Duplicate(_)), "{err}");
    assert_eq!(
        user::find_by_email(&mut conn, " ADA@EXAMPLE.COM")
            .unwrap()
            .map(|u| u.id),
        Some(ada.id)
    );
    let err = user::create(
        &mut conn,
        None,
        UserDraft::new("Bad", "not-an-email", Role::SalesRep),
    )
    .unwrap_err();
    assert!(err.to_string().contains("email"), "{err}");
});

both_backends!(the_last_admin_stays, |db: TestDb| {
    let mut conn = db.conn();
    let ada = user::create(
        &mut conn,
        None,
        UserDraft::new("Ada", "ada@example.com", Role::Admin),
    )
    .unwrap();
    let err = user::soft_delete(&mut conn, None, ada.id, None).unwrap_err();
    assert!(matches!(err, DbError::InUse { .. }), "{err}");
    let mut d: UserDraft = ada.fields.clone().into();
    d.role = Role::SalesRep;
    assert!(matches!(
        user::update(&mut conn, None, ada.id, ada.version, d.clone()),
        Err(DbError::InUse { .. })
    ));
    user::create(
        &mut conn,
        None,
        UserDraft::new("Grace", "grace@example.com", Role::Admin),
    )
    .unwrap();
    let ada = user::update(&mut conn, None, ada.id, ada.version, d).unwrap();
    assert_eq!(ada.fields.role, Role::SalesRep);
    let deleted = user::soft_delete(&mut conn, None, ada.id, Some(ada.version)).unwrap();
    assert!(deleted.deleted_at.is_some());
    // the email is free again while the user is deleted; restoring then clashes
    let again = user::create(
        &mut conn,
        None,
        UserDraft::new("Ada II", "ada@example.com", Role::SalesRep),
    )
    .unwrap();
    assert!(matches!(
        user::restore(&mut conn, None, ada.id),
        Err(DbError::Duplicate(_))
    ));
    user::soft_delete(&mut conn, None, again.id, None).unwrap();
    assert!(user::restore(&mut conn, None, ada.id)
        .unwrap()
        .deleted_at
        .is_none());
    let page = user::list(&mut conn, &ListQuery::default(), None).unwrap();
    let names: Vec<_> = page.rows.iter().map(|u| u.fields.name.as_str()).collect();
    assert_eq!(names, ["Ada", "Grace"]);
});

both_backends!(stages_validate_order_and_rename, |db: TestDb| {
    let mut conn = db.conn();
    let err = stage::create(
        &mut conn,
        None,
        StageDraft::new("Lead", 0, 120, StageKind::Open),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("probability: must be between 0 and 100 (got 120)"),
        "{err}"
    );
    let lead = stage::create(
        &mut conn,
        None,
        StageDraft::new("Lead", 0, 10, StageKind::Open),
    )
    .unwrap();
    let won = stage::create(
        &mut conn,
        None,
        StageDraft::new("Won", 1, 100, StageKind::Won),
    )
    .unwrap();
    let dup = stage::create(
        &mut conn,
        None,
        StageDraft::new("lead", 2, 10, StageKind::Open),
    )
    .unwrap_err();
    assert!(matches!(dup, DbError::Duplicate(_)), "{dup}");
    let ordered = stage::reorder(&mut conn, None, &[won.id, lead.id]).unwrap();
    let names: Vec<_> = ordered.iter().map(|s| s.fields.name.as_str()).collect();
    assert_eq!(names, ["Won", "Lead"]);
    assert_eq!(ordered[1].version, 2);
    // an empty stage may change kind and be deleted, then purged
    let mut d: StageDraft = ordered[1].fields.clone().into();
    d.kind = StageKind::Lost;
    let lost = stage::update(&mut conn, None, lead.id, 2, d).unwrap();
    assert_eq!(lost.fields.kind, StageKind::Lost);
    stage::soft_delete(&mut conn, None, lead.id, Some(lost.version)).unwrap();
    assert_eq!(stage::live_ordered(&mut conn).unwrap().len(), 1);
    stage::purge(&mut conn, lead.id).unwrap();
    assert!(matches!(
        stage::get(&mut conn, lead.id),
        Err(DbError::NotFound { .. })
    ));
});

both_backends!(tags_are_unique_and_tagging_is_recorded, |db: TestDb| {
    let mut conn = db.conn();
    let vip = tag::create(&mut conn, None, TagDraft::new("VIP")).unwrap();
    assert!(matches!(
        tag::create(&mut conn, None, TagDraft::new("vip")),
        Err(DbError::Duplicate(_))
    ));
    assert_eq!(tag::ensure(&mut conn, None, "Vip").unwrap().id, vip.id);
    let bad = tag::create(&mut conn, None, TagDraft::new("two words")).unwrap_err();
    assert!(bad.to_string().contains("two-words"), "{bad}");
    let acme = company::create(&mut conn, None, CompanyDraft::new("Acme")).unwrap();
    let target = Tagged::Company(acme.id);
    assert!(tag::attach(&mut conn, None, vip.id, target).unwrap());
    assert!(!tag::attach(&mut conn, None, vip.id, target).unwrap());
    let names: Vec<_> = tag::tags_of(&mut conn, target)
        .unwrap()
        .into_iter()
        .map(|t| t.fields.name)
        .collect();
    assert_eq!(names, ["VIP"]);
    assert!(tag::detach(&mut conn, None, vip.id, target).unwrap());
    assert!(tag::tags_of(&mut conn, target).unwrap().is_empty());
    let actions: Vec<_> = history::for_record(&mut conn, acme.id.id())
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(
        actions,
        [
            HistoryAction::Create,
            HistoryAction::Tag,
            HistoryAction::Untag
        ]
    );
    // a deleted record cannot be tagged
    company::soft_delete(&mut conn, None, acme.id, None).unwrap();
    assert!(matches!(
        tag::attach(&mut conn, None, vip.id, target),
        Err(DbError::NotFound { .. })
    ));
});

both_backends!(saved_views_are_unique_per_owner, |db: TestDb| {
    let mut conn = db.conn();
    let ada = user::create(
        &mut conn,
        None,
        UserDraft::new("Ada", "ada@example.com", Role::Admin),
    )
    .unwrap();
    let draft = |owner, name: &str| ViewDraft {
        owner_id: owner,
        entity: Entity::Deals,
        name: name.into(),
        filter: "owner:me close<+30d".into(),
        sort: Some("value:desc".into()),
    };
    let mine = view::create(&mut conn, Some(ada.id), draft(Some(ada.id), "Closing soon")).unwrap();
    assert!(matches!(
        view::create(&mut conn, None, draft(Some(ada.id), "closing SOON")),
        Err(DbError::Duplicate(_))
    ));
    let shared = view::create(&mut conn, None, draft(None, "Closing soon")).unwrap();
    assert_eq!(
        view::find(&mut conn, Some(ada.id), "closing soon")
            .unwrap()
            .map(|v| v.id),
        Some(mine.id)
    );
    assert_eq!(
        view::find(&mut conn, None, "closing soon")
            .unwrap()
            .map(|v| v.id),
        Some(shared.id)
    );
    view::soft_delete(&mut conn, None, mine.id).unwrap();
    assert_eq!(
        view::find(&mut conn, Some(ada.id), "closing soon")
            .unwrap()
            .map(|v| v.id),
        Some(shared.id)
    );
});

// A session opened before its user was deactivated (an open TUI) writes nothing more: every
// write asks whether the user is still active.
both_backends!(a_deactivated_user_writes_nothing, |db: TestDb| {
    let mut conn = db.conn();
    let rita = user::create(
        &mut conn,
        None,
        UserDraft::new("Rita Rep", "rita@example.com", Role::SalesRep),
    )
    .unwrap();
    let mut draft = CompanyDraft::new("Rita's");
    draft.owner_id = Some(rita.id);
    let co = company::create(&mut conn, Some(rita.id), draft.clone()).unwrap();
    let mut off: UserDraft = rita.fields.clone().into();
    off.active = false;
    user::update(&mut conn, None, rita.id, rita.version, off).unwrap();
    draft.name = "Renamed".into();
    let err =
        company::update(&mut conn, Some(rita.id), co.id, co.version, draft.clone()).unwrap_err();
    assert!(
        matches!(err, DbError::NotPermitted(_))
            && err.to_string().contains("Rita Rep is deactivated"),
        "{}: {err}",
        db.name()
    );
    assert!(company::create(&mut conn, Some(rita.id), draft).is_err());
    assert_eq!(
        company::get(&mut conn, co.id).unwrap().fields.name,
        "Rita's"
    );
});
