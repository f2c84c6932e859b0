//! A long-lived session's access read again: an admin changed the visibility rule, or the acting
//! user's role or team, while a TUI was open. The session's reads take the visibility predicate
//! from [`Ctx::access`], so they follow the change only once it is read again (writes always
//! decide on the access as it is in their own transaction). On PostgreSQL row security applies
//! the change at once underneath; this keeps what rolo asks for in step with it.

use crate::db::access::Access;
use crate::db::{self, repo, DbConn};
use crate::domain::access::Principal;
use crate::error::AppError;

use super::Ctx;

/// What changed for the user, in words ("visibility is now all (was team)").
pub fn describe(before: &Access, after: &Access, team_name: Option<&str>) -> Option<String> {
    let mut said = Vec::new();
    let (b, a) = (before.principal.as_ref(), after.principal.as_ref());
    if let (Some(b), Some(a)) = (b, a) {
        if b.role != a.role {
            said.push(format!(
                "you are now {} (was {})",
                a.role.as_str(),
                b.role.as_str()
            ));
        }
        if b.team != a.team {
            said.push(match team_name {
                Some(t) => format!("you are now in team {t}"),
                None => "you are no longer in a team".to_string(),
            });
        }
    }
    if before.visibility != after.visibility && a.is_some() {
        said.push(format!(
            "visibility is now {} (was {})",
            after.visibility.as_str(),
            before.visibility.as_str()
        ));
    }
    (!said.is_empty()).then(|| said.join("; "))
}

/// Whether two accesses decide the same: the same role, team and visibility (a renamed user
/// decides as before).
fn same_rules(a: &Access, b: &Access) -> bool {
    let key = |p: &Option<Principal>| p.as_ref().map(|p| (p.id, p.role, p.team));
    key(&a.principal) == key(&b.principal)
        && (a.principal.is_none() || a.visibility == b.visibility)
}

/// The session's access as it is now.
pub struct Reread {
    /// The session to use from now on.
    pub ctx: Ctx,
    /// What changed for the user, when what they may see or do changed.
    pub changed: Option<String>,
}

impl Ctx {
    /// Read the acting user and the visibility rule again. `changed` is `None` when nothing that
    /// decides access changed (the user's name may have: `ctx` carries it).
    pub fn reread_access(&self, conn: &mut DbConn) -> Result<Reread, AppError> {
        let access = db::access::load(conn, self.actor)?;
        let mut ctx = self.clone();
        if let Some(p) = &access.principal {
            ctx.actor_name = Some(p.name.clone());
        }
        if same_rules(&self.access, &access) {
            ctx.access = access;
            return Ok(Reread { ctx, changed: None });
        }
        let team = match access.principal.as_ref().and_then(|p| p.team) {
            Some(id) => Some(repo::team::get(conn, id)?.fields.name),
            None => None,
        };
        let changed = describe(&self.access, &access, team.as_deref())
            .or_else(|| Some("what you may see changed".to_string()));
        ctx.access = access;
        Ok(Reread { ctx, changed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, TeamId, UserId, Visibility};

    fn access(role: Role, team: Option<TeamId>, visibility: Visibility) -> Access {
        Access {
            principal: Some(Principal {
                id: UserId::new(),
                name: "Rita".into(),
                role,
                team,
            }),
            visibility,
        }
    }

    #[test]
    fn says_what_changed() {
        let north = Some(TeamId::new());
        let before = access(Role::SalesRep, north, Visibility::Team);
        let mut after = before.clone();
        after.visibility = Visibility::All;
        assert_eq!(
            describe(&before, &after, Some("North")).as_deref(),
            Some("visibility is now all (was team)")
        );
        let mut moved = before.clone();
        if let Some(p) = moved.principal.as_mut() {
            p.role = Role::Manager;
            p.team = Some(TeamId::new());
        }
        assert_eq!(
            describe(&before, &moved, Some("South")).as_deref(),
            Some("you are now manager (was sales_rep); you are now in team South")
        );
        assert!(!same_rules(&before, &moved));
        let mut renamed = before.clone();
        if let Some(p) = renamed.principal.as_mut() {
            p.name = "Rita Renamed".into();
        }
        assert!(same_rules(&before, &renamed));
        assert_eq!(describe(&before, &renamed, None), None);
        // without an acting user the setting decides nothing
        let anon = Access::default();
        let anon_all = Access {
            principal: None,
            visibility: Visibility::All,
        };
        assert!(same_rules(&anon, &anon_all));
    }
}
