//! Live updates of what the user may see: a change to a user, a team or the visibility rule has
//! the session read its access again; when that changed, everything is read again with a message.

use super::live_tests::{companies, refresh_req};
use super::*;
use crate::db::changes::Change;
use crate::domain::{Entity, HistoryAction, Id};
use crate::tui::action::AccessReloaded;

fn user_changed() -> Change {
    Change {
        entity: Entity::Users,
        id: Some(Id::new()),
        action: Some(HistoryAction::Update),
        actor: Some("Ada Admin".into()),
    }
}

#[test]
fn a_change_to_users_teams_or_settings_reads_the_access_again_first() {
    for c in [
        user_changed(),
        Change::access(),
        Change {
            entity: Entity::Teams,
            ..user_changed()
        },
    ] {
        let mut a = companies();
        let out = update(&mut a, Action::Changed(vec![c.clone()]));
        assert_eq!(
            out.effects.first(),
            Some(&Effect::ReloadAccess),
            "{c:?}: {:?}",
            out.effects
        );
    }
    let mut a = companies();
    let company = Change {
        entity: Entity::Companies,
        ..user_changed()
    };
    let out = update(&mut a, Action::Changed(vec![company]));
    assert!(!out.effects.contains(&Effect::ReloadAccess));
}

#[test]
fn changed_access_reads_every_pane_again_and_says_why() {
    let mut a = companies();
    let out = update(
        &mut a,
        Action::AccessReloaded(Ok(AccessReloaded {
            changed: Some("visibility is now all (was team)".into()),
            name: Some("Rita Rep".into()),
        })),
    );
    assert!(out.redraw);
    let (_, from, _) = refresh_req(&out.effects);
    assert_eq!(
        from,
        a.listing().refresh_from().0,
        "the window in view, in place"
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::Count { .. })));
    let (_, text) = a.message.clone().expect("a message");
    assert_eq!(
        text,
        "visibility is now all (was team); showing what you may see now"
    );
    assert_eq!(a.me_name.as_deref(), Some("Rita Rep"));
    for pane in PaneId::ALL {
        if pane != PaneId::Companies {
            assert!(
                a.live.stale.contains_key(&pane),
                "{pane:?} is read when shown"
            );
        }
    }
}

#[test]
fn unchanged_access_reads_nothing_and_a_failure_says_so() {
    let mut a = companies();
    let out = update(
        &mut a,
        Action::AccessReloaded(Ok(AccessReloaded {
            changed: None,
            name: None,
        })),
    );
    assert!(out.effects.is_empty());
    assert!(a.message.is_none());
    update(
        &mut a,
        Action::AccessReloaded(Err("database is locked".into())),
    );
    let (level, text) = a.message.clone().expect("a message");
    assert_eq!(level, crate::tui::state::Level::Error);
    assert!(text.contains("database is locked"), "{text}");
}
