//! Contacts on both backends: normalization, validation, versions, the one-primary-per-company
//! rule, soft delete and restore (also through their company) and keyset paging.
use crate::checks;
use crate::common;

use checks::{actions, all_pages, assert_has, changes, conflict};
use common::TestDb;
use diesel::prelude::*;
use rolo::db::models::{Contact, NewContact};
use rolo::db::repo::contact::{self, ContactSort};
use rolo::db::repo::{company, history, user, ListQuery, Liveness};
use rolo::db::schema::contacts;
use rolo::db::{now, DbConn, DbError};
use rolo::domain::HistoryAction::{Create, Delete, Restore, Update};
use rolo::domain::{
    Channel, CompanyDraft, CompanyId, ContactDraft, ContactId, Role, UserDraft, UserId,
};

fn company(conn: &mut DbConn, name: &str) -> CompanyId {
    company::create(conn, None, CompanyDraft::new(name))
        .unwrap()
        .id
}

fn rep(conn: &mut DbConn, name: &str) -> UserId {
    let email = format!("{}@example.com", name.to_lowercase());
    user::create(conn, None, UserDraft::new(name, email, Role::SalesRep))
        .unwrap()
        .id
}

fn person(conn: &mut DbConn, first: &str, company: Option<CompanyId>, primary: bool) -> Contact {
    let mut d = ContactDraft::new(first);
    d.company_id = company;
    d.is_primary = primary;
    contact::create(conn, None, d).unwrap()
}

fn ids(rows: &[Contact]) -> Vec<ContactId> {
    rows.iter().map(|c| c.id).collect()
}

fn last_changes(conn: &mut DbConn, id: ContactId) -> String {
    changes(conn, id).pop().map(|(_, c)| c).unwrap_or_default()
}

both_backends!(create_normalizes_and_records_history, |db: TestDb| {
    let mut conn = db.conn();
    let acme = company(&mut conn, "Acme");
    let owner = rep(&mut conn, "Rita");
    let mut d = ContactDraft::new("  Grace ");
    d.last_name = Some(" Hopper ".into());
    d.email = Some(" Grace@Navy.MIL ".into());
    d.phone = Some("+1 (202) 555-0143".into());
    d.title = Some("Rear Admiral".into());
    d.company_id = Some(acme);
    d.is_primary = true;
    d.preferred_channel = Channel::Phone;
    d.owner_id = Some(owner);
    d.notes = Some("   ".into());
    let c = contact::create(&mut conn, Some(owner), d).unwrap();
    assert_eq!(c.fields.first_name, "Grace");
    assert_eq!(c.fields.last_name.as_deref(), Some("Hopper"));
    assert_eq!(c.fields.email.as_deref(), Some("grace@navy.mil"));
    assert_eq!(c.fields.phone.as_deref(), Some("+12025550143"));
    assert_eq!(c.fields.notes, None);
    assert_eq!(c.fields.company_id, Some(acme));
    assert!(c.fields.is_primary);
    assert_eq!(c.fields.preferred_channel, Channel::Phone);
    assert!(!c.fields.do_not_contact);
    assert_eq!(c.version, 1);
    assert_eq!(contact::get(&mut conn, c.id).unwrap(), c);
    let h = history::for_record(&mut conn, c.id.id()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, Create);
    assert_eq!(h[0].actor_id, Some(owner));
    assert_has(
        &h[0].changes,
        r#""email":{"old":null,"new":"grace@navy.mil"}"#,
    );
});

both_backends!(validation_errors_name_the_fields, |db: TestDb| {
    let mut conn = db.conn();
    let mut d = ContactDraft::new("  ");
    d.email = Some("grace@".into());
    d.phone = Some("555 0143".into());
    d.is_primary = true;
    let err = contact::create(&mut conn, None, d).unwrap_err();
    assert!(matches!(err, DbError::Invalid { .. }), "{err}");
    let msg = err.to_string();
    assert_has(&msg, "first_name: is required");
    assert_has(&msg, "email: 'grace@' is not a valid email address");
    assert_has(&msg, "phone: '555 0143' needs a country code");
    assert_has(&msg, "is_primary: only a contact of a company");

    // references must be live
    let gone = company(&mut conn, "Gone");
    company::soft_delete(&mut conn, None, gone, None).unwrap();
    let mut d = ContactDraft::new("Ann");
    d.company_id = Some(gone);
    let msg = contact::create(&mut conn, None, d).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!("invalid contact: company_id: company {gone} does not exist or is deleted")
    );
    let mut d = ContactDraft::new("Ann");
    d.owner_id = Some(UserId::new());
    let msg = contact::create(&mut conn, None, d).unwrap_err().to_string();
    assert_has(&msg, "owner_id: user ");
    let n: i64 = contacts::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(n, 0);

    // ... also when an update points at them
    let ann = person(&mut conn, "Ann", None, false);
    let mut d: ContactDraft = ann.fields.clone().into();
    d.company_id = Some(gone);
    let err = contact::update(&mut conn, None, ann.id, 1, d).unwrap_err();
    assert_has(&err.to_string(), "company_id: company ");
    assert_eq!(contact::get(&mut conn, ann.id).unwrap(), ann);
});

both_backends!(
    stale_versions_conflict_and_overwrite_nothing,
    |db: TestDb| {
        let mut conn = db.conn();
        let acme = company(&mut conn, "Acme");
        let first = person(&mut conn, "Ada", Some(acme), true);
        let c = person(&mut conn, "Bob", Some(acme), false);
        let mut d: ContactDraft = c.fields.clone().into();
        d.title = Some("CTO".into());
        let c2 = contact::update(&mut conn, None, c.id, 1, d.clone()).unwrap();
        assert_eq!(c2.version, 2);
        assert_eq!(c2.fields.title.as_deref(), Some("CTO"));

        // a second writer holding version 1 tries to make Bob primary: refused, nothing demoted
        d.title = Some("CEO".into());
        d.is_primary = true;
        let err = contact::update(&mut conn, None, c.id, 1, d).unwrap_err();
        assert_eq!(conflict(&err), Some((1, 2)), "{err}");
        let bob = contact::get(&mut conn, c.id).unwrap();
        assert_eq!(bob, c2);
        let ada = contact::get(&mut conn, first.id).unwrap();
        assert!(ada.fields.is_primary);
        assert_eq!(ada.version, 1);
        assert_eq!(actions(&mut conn, c.id), [Create, Update]);
        assert_eq!(
            last_changes(&mut conn, c.id),
            "{\"title\":{\"old\":null,\"new\":\"CTO\"}}"
        );
    }
);

both_backends!(making_a_contact_primary_demotes_the_other, |db: TestDb| {
    let mut conn = db.conn();
    let acme = company(&mut conn, "Acme");
    let ada = person(&mut conn, "Ada", Some(acme), true);
    let bob = person(&mut conn, "Bob", Some(acme), true);
    let ada1 = contact::get(&mut conn, ada.id).unwrap();
    assert!(!ada1.fields.is_primary);
    assert_eq!(ada1.version, 2);
    assert!(bob.fields.is_primary);
    assert_eq!(actions(&mut conn, ada.id), [Create, Update]);
    assert_eq!(
        last_changes(&mut conn, ada.id),
        "{\"is_primary\":{\"old\":true,\"new\":false}}"
    );

    let ada2 = contact::make_primary(&mut conn, None, ada.id, ada1.version).unwrap();
    assert!(ada2.fields.is_primary);
    assert_eq!(ada2.version, 3);
    let bob2 = contact::get(&mut conn, bob.id).unwrap();
    assert!(!bob2.fields.is_primary);
    assert_eq!(bob2.version, 2);

    // moving a primary contact to a company that has one demotes that company's primary
    let globex = company(&mut conn, "Globex");
    let gil = person(&mut conn, "Gil", Some(globex), true);
    let mut d: ContactDraft = ada2.fields.clone().into();
    d.company_id = Some(globex);
    let moved = contact::update(&mut conn, None, ada.id, ada2.version, d).unwrap();
    assert_eq!(moved.fields.company_id, Some(globex));
    assert!(moved.fields.is_primary);
    assert!(!contact::get(&mut conn, gil.id).unwrap().fields.is_primary);

    // primary first, then last name (none first), first name
    let mut cy = ContactDraft::new("Cy");
    cy.company_id = Some(globex);
    cy.last_name = Some("Zorn".into());
    let cy = contact::create(&mut conn, None, cy).unwrap();
    let mut al = ContactDraft::new("Al");
    al.company_id = Some(globex);
    al.last_name = Some("abel".into());
    let al = contact::create(&mut conn, None, al).unwrap();
    let people = |conn: &mut DbConn, c| ids(&contact::list_for_company(conn, c).unwrap());
    assert_eq!(people(&mut conn, globex), [ada.id, gil.id, al.id, cy.id]);
    assert_eq!(people(&mut conn, acme), [bob.id]);
});

both_backends!(the_database_refuses_two_primaries, |db: TestDb| {
    let mut conn = db.conn();
    let acme = company(&mut conn, "Acme");
    let ada = person(&mut conn, "Ada", Some(acme), true);
    let raw = |first: &str| NewContact {
        id: ContactId::new(),
        fields: {
            let mut f = ada.fields.clone();
            f.first_name = first.into();
            f
        },
        created_at: now(),
        updated_at: now(),
    };
    let err = diesel::insert_into(contacts::table)
        .values(&raw("Eve"))
        .execute(&mut *conn)
        .map_err(DbError::from)
        .unwrap_err();
    assert!(matches!(err, DbError::Duplicate(_)), "{err}");

    let mut orphan = raw("Orphan");
    orphan.fields.company_id = None;
    let err = diesel::insert_into(contacts::table)
        .values(&orphan)
        .execute(&mut *conn)
        .map_err(DbError::from)
        .unwrap_err();
    assert!(matches!(err, DbError::Constraint(_)), "{err}");

    // a deleted primary does not hold the slot
    contact::soft_delete(&mut conn, None, ada.id, Some(1)).unwrap();
    diesel::insert_into(contacts::table)
        .values(&raw("Eve"))
        .execute(&mut *conn)
        .unwrap();
    assert_eq!(contact::list_for_company(&mut conn, acme).unwrap().len(), 1);
});

both_backends!(soft_delete_and_restore, |db: TestDb| {
    let mut conn = db.conn();
    let acme = company(&mut conn, "Acme");
    let ada = person(&mut conn, "Ada", Some(acme), true);
    let err = contact::soft_delete(&mut conn, None, ada.id, Some(7)).unwrap_err();
    assert_eq!(conflict(&err), Some((7, 1)), "{err}");
    let deleted = contact::soft_delete(&mut conn, None, ada.id, Some(1)).unwrap();
    assert!(deleted.deleted_at.is_some());
    assert_eq!(deleted.version, 2);
    assert!(matches!(
        contact::get_live(&mut conn, ada.id),
        Err(DbError::NotFound { .. })
    ));
    assert_eq!(contact::count(&mut conn, Liveness::Live, None).unwrap(), 0);
    assert_eq!(
        contact::count(&mut conn, Liveness::Deleted, None).unwrap(),
        1
    );

    // meanwhile Bob became primary: Ada comes back, but not as primary
    let bob = person(&mut conn, "Bob", Some(acme), true);
    let back = contact::restore(&mut conn, None, ada.id).unwrap();
    assert!(back.deleted_at.is_none());
    assert_eq!(back.fields.company_id, Some(acme));
    assert!(!back.fields.is_primary);
    assert_eq!(back.version, 4);
    assert!(contact::get(&mut conn, bob.id).unwrap().fields.is_primary);
    assert_eq!(
        actions(&mut conn, ada.id),
        [Create, Delete, Update, Restore]
    );

    // restoring a contact whose company is gone brings it back without a company
    let cy = person(&mut conn, "Cy", Some(acme), false);
    contact::soft_delete(&mut conn, None, cy.id, None).unwrap();
    company::soft_delete(&mut conn, None, acme, None).unwrap();
    let cy = contact::restore(&mut conn, None, cy.id).unwrap();
    assert_eq!(cy.fields.company_id, None);
    assert!(cy.deleted_at.is_none());
    // restoring a live contact changes nothing
    assert_eq!(contact::restore(&mut conn, None, cy.id).unwrap(), cy);
});

both_backends!(
    company_delete_detaches_and_restore_reattaches,
    |db: TestDb| {
        let mut conn = db.conn();
        let acme = company(&mut conn, "Acme");
        let globex = company(&mut conn, "Globex");
        let ada = person(&mut conn, "Ada", Some(acme), true);
        let bob = person(&mut conn, "Bob", Some(acme), false);
        let cy = person(&mut conn, "Cy", Some(acme), false);
        let gil = person(&mut conn, "Gil", Some(globex), true);

        company::soft_delete(&mut conn, None, acme, None).unwrap();
        for c in [&ada, &bob, &cy] {
            let now = contact::get_live(&mut conn, c.id).unwrap();
            assert_eq!(now.fields.company_id, None, "{}", now.fields.first_name);
            assert!(!now.fields.is_primary);
            assert_eq!(now.version, 2);
        }
        assert_eq!(
        last_changes(&mut conn, ada.id),
        format!(
            "{{\"company_id\":{{\"old\":\"{acme}\",\"new\":null}},\"is_primary\":{{\"old\":true,\"new\":false}}}}"
        )
    );
        assert_eq!(contact::get(&mut conn, gil.id).unwrap(), gil);
        assert!(contact::list_for_company(&mut conn, acme)
            .unwrap()
            .is_empty());

        // Cy moves to Globex before Acme comes back: Cy stays there
        let cy_now = contact::get(&mut conn, cy.id).unwrap();
        let mut d: ContactDraft = cy_now.fields.clone().into();
        d.company_id = Some(globex);
        contact::update(&mut conn, None, cy.id, cy_now.version, d).unwrap();

        company::restore(&mut conn, None, acme).unwrap();
        let ids: Vec<_> = contact::list_for_company(&mut conn, acme)
            .unwrap()
            .into_iter()
            .map(|c| (c.fields.first_name, c.fields.is_primary))
            .collect();
        assert_eq!(ids, [("Ada".to_string(), true), ("Bob".to_string(), false)]);
        assert_eq!(
            contact::get(&mut conn, cy.id).unwrap().fields.company_id,
            Some(globex)
        );
        assert_eq!(actions(&mut conn, ada.id), [Create, Update, Update]);
    }
);

both_backends!(keyset_pages_have_no_gaps_or_duplicates, |db: TestDb| {
    let mut conn = db.conn();
    let mut all = vec![];
    for first in ["Mia", "Ann", "Zoe", "Bob", "Ann", "Lea", "Bob", "Kim"] {
        let mut d = ContactDraft::new(first);
        d.do_not_contact = first == "Bob";
        all.push(contact::create(&mut conn, None, d).unwrap());
    }
    let gone = all.pop().unwrap();
    contact::soft_delete(&mut conn, None, gone.id, None).unwrap();

    for (sort, descending) in [
        (ContactSort::FirstName, false),
        (ContactSort::FirstName, true),
        (ContactSort::Created, false),
        (ContactSort::Updated, true),
    ] {
        let mut expected = all.clone();
        expected.sort_by(|a, b| match sort {
            ContactSort::FirstName => {
                (&a.fields.first_name, a.id).cmp(&(&b.fields.first_name, b.id))
            }
            ContactSort::Created => (a.created_at, a.id).cmp(&(b.created_at, b.id)),
            ContactSort::Updated => (a.updated_at, a.id).cmp(&(b.updated_at, b.id)),
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
            contact::list(&mut conn, &q, None).unwrap()
        });
        assert_eq!(rows, expected, "{sort:?} descending={descending}");
        assert_eq!(pages, 3, "{sort:?}");
    }

    let filter = Box::new(contacts::do_not_contact.eq(true).nullable());
    let page = contact::list(&mut conn, &ListQuery::default(), Some(filter)).unwrap();
    let names: Vec<_> = page
        .rows
        .iter()
        .map(|c| c.fields.first_name.as_str())
        .collect();
    assert_eq!(names, ["Bob", "Bob"]);
    let q = ListQuery {
        liveness: Liveness::Deleted,
        ..ListQuery::<ContactSort>::default()
    };
    let page = contact::list(&mut conn, &q, None).unwrap();
    assert_eq!(ids(&page.rows), [gone.id]);
    assert_eq!(contact::count(&mut conn, Liveness::All, None).unwrap(), 8);
});
