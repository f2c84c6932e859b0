use crate::common;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::repo::{company, history, ListQuery, Liveness};
use rolo::db::schema::companies;
use rolo::db::DbError;
use rolo::domain::{CompanyDraft, CompanySize, CompanyStatus, HistoryAction};

fn acme() -> CompanyDraft {
    let mut d = CompanyDraft::new("  Acme Corp ");
    d.domain = Some("https://www.ACME.com/about".into());
    d.industry = Some("Software".into());
    d.size = Some(CompanySize::Medium);
    d.status = CompanyStatus::Prospect;
    d.email = Some("Sales@Acme.COM".into());
    d.phone = Some("+1 (415) 555-0100".into());
    d.annual_revenue = Some(1_250_000_000);
    d.employee_count = Some(120);
    d.billing.city = Some("Berlin".into());
    d.billing.country = Some("de".into());
    d
}

both_backends!(create_get_normalizes_and_records_history, |db: TestDb| {
    let mut conn = db.conn();
    let c = company::create(&mut conn, None, acme()).unwrap();
    assert_eq!(c.fields.name, "Acme Corp");
    assert_eq!(c.fields.domain.as_deref(), Some("acme.com"));
    assert_eq!(c.fields.email.as_deref(), Some("sales@acme.com"));
    assert_eq!(c.fields.phone.as_deref(), Some("+14155550100"));
    assert_eq!(c.fields.billing_country.as_deref(), Some("DE"));
    assert_eq!(c.version, 1);
    let again = company::get(&mut conn, c.id).unwrap();
    assert_eq!(again, c);
    let h = history::for_record(&mut conn, c.id.id()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, HistoryAction::Create);
    assert!(
        h[0].changes
            .contains("\"name\":{\"old\":null,\"new\":\"Acme Corp\"}"),
        "{}",
        h[0].changes
    );
});

both_backends!(
    update_bumps_version_and_stale_version_conflicts,
    |db: TestDb| {
        let mut conn = db.conn();
        let c = company::create(&mut conn, None, acme()).unwrap();
        let mut d: CompanyDraft = c.fields.clone().into();
        d.industry = Some("Manufacturing".into());
        let c2 = company::update(&mut conn, None, c.id, 1, d.clone()).unwrap();
        assert_eq!(c2.version, 2);
        assert_eq!(c2.fields.industry.as_deref(), Some("Manufacturing"));

        // a second writer still holding version 1 is refused, and nothing is overwritten
        d.industry = Some("Retail".into());
        let err = company::update(&mut conn, None, c.id, 1, d).unwrap_err();
        assert!(
            matches!(
                err,
                DbError::Conflict {
                    expected: 1,
                    actual: 2,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains(&c.id.to_string()));
        let now = company::get(&mut conn, c.id).unwrap();
        assert_eq!(now.fields.industry.as_deref(), Some("Manufacturing"));
        let h = history::for_record(&mut conn, c.id.id()).unwrap();
        assert_eq!(h.len(), 2);
        assert!(
            h[1].changes
                .contains("\"industry\":{\"old\":\"Software\",\"new\":\"Manufacturing\"}"),
            "{}",
            h[1].changes
        );
    }
);

both_backends!(validation_errors_name_the_fields, |db: TestDb| {
    let mut conn = db.conn();
    let mut d = CompanyDraft::new("   ");
    d.email = Some("bob@".into());
    d.annual_revenue = Some(-5);
    let err = company::create(&mut conn, None, d).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, DbError::Invalid { .. }));
    assert!(msg.contains("name: is required"), "{msg}");
    assert!(msg.contains("email:"), "{msg}");
    assert!(msg.contains("annual_revenue:"), "{msg}");
    let n: i64 = companies::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(n, 0);
});

both_backends!(soft_delete_restore_and_listing, |db: TestDb| {
    let mut conn = db.conn();
    for name in ["Zeta", "Alpha", "Mu", "Beta", "Omega"] {
        company::create(&mut conn, None, CompanyDraft::new(name)).unwrap();
    }
    let mu = company::list(&mut conn, &ListQuery::default(), None)
        .unwrap()
        .rows[2]
        .clone();
    assert_eq!(mu.fields.name, "Mu");
    let deleted = company::soft_delete(&mut conn, None, mu.id, Some(mu.version)).unwrap();
    assert!(deleted.deleted_at.is_some());
    assert!(matches!(
        company::get_live(&mut conn, mu.id),
        Err(DbError::NotFound { .. })
    ));

    // keyset pages of two, by name
    let mut q = ListQuery::<company::CompanySort> {
        limit: 2,
        ..Default::default()
    };
    let mut names = vec![];
    loop {
        let page = company::list(&mut conn, &q, None).unwrap();
        names.extend(page.rows.iter().map(|c| c.fields.name.clone()));
        match page.next {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    assert_eq!(names, ["Alpha", "Beta", "Omega", "Zeta"]);
    assert_eq!(company::count(&mut conn, Liveness::Live, None).unwrap(), 4);
    assert_eq!(
        company::count(&mut conn, Liveness::Deleted, None).unwrap(),
        1
    );

    // descending with a filter
    let q = ListQuery {
        descending: true,
        ..ListQuery::<company::CompanySort>::default()
    };
    let f = Box::new(companies::name.ne("Zeta").nullable());
    let page = company::list(&mut conn, &q, Some(f)).unwrap();
    let names: Vec<_> = page.rows.iter().map(|c| c.fields.name.as_str()).collect();
    assert_eq!(names, ["Omega", "Beta", "Alpha"]);

    let restored = company::restore(&mut conn, None, mu.id).unwrap();
    assert!(restored.deleted_at.is_none());
    assert_eq!(restored.version, mu.version + 2);
    let actions: Vec<_> = history::for_record(&mut conn, mu.id.id())
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(
        actions,
        [
            HistoryAction::Create,
            HistoryAction::Delete,
            HistoryAction::Restore
        ]
    );
});

both_backends!(parent_cycles_are_refused, |db: TestDb| {
    let mut conn = db.conn();
    let parent = company::create(&mut conn, None, CompanyDraft::new("Holding")).unwrap();
    let mut d = CompanyDraft::new("Subsidiary");
    d.parent_id = Some(parent.id);
    let child = company::create(&mut conn, None, d).unwrap();
    let mut p: CompanyDraft = parent.fields.clone().into();
    p.parent_id = Some(child.id);
    let err = company::update(&mut conn, None, parent.id, parent.version, p).unwrap_err();
    assert!(err.to_string().contains("parent_id"), "{err}");
});

both_backends!(name_order_ignores_case_on_both_backends, |db: TestDb| {
    let mut conn = db.conn();
    for name in ["cherry", "Banana", "apple", "Apricot", "banana split"] {
        company::create(&mut conn, None, CompanyDraft::new(name)).unwrap();
    }
    let mut q = ListQuery::<company::CompanySort> {
        limit: 2,
        ..Default::default()
    };
    let mut names = vec![];
    loop {
        let page = company::list(&mut conn, &q, None).unwrap();
        names.extend(page.rows.iter().map(|c| c.fields.name.clone()));
        match page.next {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    assert_eq!(
        names,
        ["apple", "Apricot", "Banana", "banana split", "cherry"]
    );
});

both_backends!(saving_unchanged_fields_writes_nothing, |db: TestDb| {
    let mut conn = db.conn();
    let c = company::create(&mut conn, None, acme()).unwrap();
    let same: CompanyDraft = c.fields.clone().into();
    let after = company::update(&mut conn, None, c.id, c.version, same).unwrap();
    assert_eq!(after, c);
    assert_eq!(history::for_record(&mut conn, c.id.id()).unwrap().len(), 1);
});
