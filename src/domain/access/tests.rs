//! The rules table, cell by cell: every role × visibility × kind of record.

use super::*;
use crate::domain::{Entity, Role, TeamId, UserId};
use Visibility::*;

struct World {
    me: UserId,
    mate: UserId,
    other: UserId,
    team: TeamId,
    other_team: TeamId,
}

fn world() -> World {
    World {
        me: UserId::new(),
        mate: UserId::new(),
        other: UserId::new(),
        team: TeamId::new(),
        other_team: TeamId::new(),
    }
}

fn me(w: &World, role: Role) -> Principal {
    Principal {
        id: w.me,
        name: "Me".into(),
        role,
        team: Some(w.team),
    }
}

/// Whose record: mine, a team mate's, another team's, nobody's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Whose {
    Mine,
    Mate,
    Other,
    Unowned,
}
use Whose::*;
const WHOSE: [Whose; 4] = [Mine, Mate, Other, Unowned];

fn owner(w: &World, whose: Whose) -> Owner {
    let (id, team) = match whose {
        Mine => (Some(w.me), Some(w.team)),
        Mate => (Some(w.mate), Some(w.team)),
        Other => (Some(w.other), Some(w.other_team)),
        Unowned => (None, None),
    };
    Owner {
        id,
        team,
        name: id.map(|_| "Ben Ode".to_string()),
    }
}

fn deal(w: &World, whose: Whose) -> Facts {
    Facts::new(Entity::Deals, "Acme renewal", owner(w, whose))
}

/// The owner rule's expected answer for a non-admin.
fn expected_visible(vis: Visibility, whose: Whose) -> bool {
    matches!(
        (vis, whose),
        (All, _) | (_, Mine) | (_, Unowned) | (Team, Mate)
    )
}

#[test]
fn owner_bearing_records_follow_the_owner_rule_for_every_role() {
    let w = world();
    for role in Role::ALL {
        for vis in [Own, Team, All] {
            for whose in WHOSE {
                let p = me(&w, *role);
                for entity in [Entity::Companies, Entity::Deals] {
                    let f = Facts::new(entity, "x", owner(&w, whose));
                    let want = *role == Role::Admin || expected_visible(vis, whose);
                    assert_eq!(
                        visible(&p, vis, &f),
                        want,
                        "{role} {vis} {whose:?} {entity}"
                    );
                }
            }
        }
    }
}

#[test]
fn without_a_team_team_visibility_is_own() {
    let w = world();
    let mut p = me(&w, Role::SalesRep);
    p.team = None;
    let mut mate = owner(&w, Mate);
    mate.team = None;
    assert!(!visible(&p, Team, &Facts::new(Entity::Deals, "x", mate)));
    assert!(visible(&p, Team, &deal(&w, Unowned)));
    assert!(visible(&p, Team, &deal(&w, Mine)));
}

#[test]
fn contacts_follow_their_company_else_their_owner() {
    let w = world();
    let p = me(&w, Role::SalesRep);
    for company_visible in [true, false] {
        for whose in WHOSE {
            let mut f = Facts::new(Entity::Contacts, "Ada", owner(&w, whose));
            f.company_visible = Some(company_visible);
            assert_eq!(visible(&p, Own, &f), company_visible, "{whose:?}");
        }
    }
    for whose in WHOSE {
        let f = Facts::new(Entity::Contacts, "Ada", owner(&w, whose));
        assert_eq!(visible(&p, Own, &f), expected_visible(Own, whose));
    }
}

#[test]
fn activities_follow_the_most_specific_link_or_the_assignee() {
    let w = world();
    let p = me(&w, Role::Manager);
    let base = || Facts::new(Entity::Activities, "Call", owner(&w, Other));
    // linked to nothing: the activity's owner
    assert!(!visible(&p, Own, &base()));
    // the deal decides, even over a visible contact or company
    let mut f = base();
    f.links = Links {
        deal: Some(false),
        contact: Some(true),
        company: Some(true),
    };
    assert!(!visible(&p, Own, &f));
    f.links.deal = Some(true);
    f.links.contact = Some(false);
    assert!(visible(&p, Own, &f));
    // then the contact, then the company
    f.links = Links {
        deal: None,
        contact: Some(false),
        company: Some(true),
    };
    assert!(!visible(&p, Own, &f));
    f.links = Links {
        deal: None,
        contact: None,
        company: Some(true),
    };
    assert!(visible(&p, Own, &f));
    // the assignee always sees it
    let mut f = base();
    f.links.deal = Some(false);
    f.assignee = Some(w.me);
    assert!(visible(&p, Own, &f));
}

#[test]
fn writes_by_role_and_owner() {
    let w = world();
    for vis in [Own, Team, All] {
        for whose in WHOSE {
            let f = deal(&w, whose);
            for op in [Op::Create, Op::Change] {
                let ok = |role| may_write(&me(&w, role), vis, op, &f).is_ok();
                assert!(ok(Role::Admin));
                assert!(!ok(Role::ReadOnly), "{vis} {whose:?} {op:?}");
                assert_eq!(ok(Role::SalesRep), whose == Mine, "{vis} {whose:?} {op:?}");
                let manager = op == Op::Create || expected_visible(vis, whose);
                assert_eq!(ok(Role::Manager), manager, "{vis} {whose:?} {op:?}");
            }
        }
    }
}

#[test]
fn reps_change_contacts_of_their_companies_and_activities_assigned_to_them() {
    let w = world();
    let p = me(&w, Role::SalesRep);
    let mut c = Facts::new(Entity::Contacts, "Ada", owner(&w, Other));
    assert!(may_write(&p, All, Op::Change, &c).is_err());
    c.company_owner = Some(w.me);
    assert!(may_write(&p, All, Op::Change, &c).is_ok());
    let mut a = Facts::new(Entity::Activities, "Call", owner(&w, Other));
    assert!(may_write(&p, All, Op::Change, &a).is_err());
    a.assignee = Some(w.me);
    assert!(may_write(&p, All, Op::Change, &a).is_ok());
}

#[test]
fn a_refusal_names_the_record_its_owner_and_the_rule() {
    let w = world();
    let e = may_write(&me(&w, Role::SalesRep), All, Op::Change, &deal(&w, Other)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "deal \"Acme renewal\" is owned by Ben Ode; a sales rep may change only their own records"
    );
    let e = may_write(&me(&w, Role::ReadOnly), All, Op::Create, &deal(&w, Mine)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "deal \"Acme renewal\": Me is read-only; a read-only user may change nothing"
    );
}

#[test]
fn management_by_role() {
    let w = world();
    use Managed as A;
    let table: &[(A, [bool; 4])] = &[
        // admin, manager, sales_rep, read_only
        (A::Users, [true, false, false, false]),
        (A::Teams, [true, false, false, false]),
        (A::Stages, [true, false, false, false]),
        (A::Settings, [true, false, false, false]),
        (A::Seed, [true, false, false, false]),
        (A::SharedView, [true, false, false, false]),
        (A::Imports, [true, true, false, false]),
        (A::ChangeTag, [true, true, false, false]),
        (A::CreateTag, [true, true, true, false]),
        (A::OwnView, [true, true, true, false]),
    ];
    let roles = [Role::Admin, Role::Manager, Role::SalesRep, Role::ReadOnly];
    for (what, want) in table {
        for (role, ok) in roles.iter().zip(want) {
            assert_eq!(
                may_manage(&me(&w, *role), *what).is_ok(),
                *ok,
                "{what:?} {role}"
            );
        }
    }
    let e = may_manage(&me(&w, Role::Manager), A::Users).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Me is manager; users are managed by admin only"
    );
    assert!(may_read_imports(&me(&w, Role::Manager)));
    assert!(!may_read_imports(&me(&w, Role::SalesRep)));
}
