//! The visibility rule of docs/teams.md, written again here from the owner/team columns (not
//! rolo's `domain::access`), to check every record a rep was shown.

use std::collections::HashMap;

use uuid::Uuid;

use super::facts::{Links, Role, User};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Company,
    Contact,
    Deal,
    Activity,
}

impl Kind {
    pub fn table(self) -> &'static str {
        match self {
            Kind::Company => "companies",
            Kind::Contact => "contacts",
            Kind::Deal => "deals",
            Kind::Activity => "activities",
        }
    }
}

/// Everything the rule reads, as the database owner read it after the run.
pub struct World {
    pub visibility: String,
    pub team_of: HashMap<Uuid, Option<Uuid>>,
    pub links: HashMap<Kind, HashMap<Uuid, Links>>,
}

impl World {
    /// "Owner rule": admins and visibility `all` see everything; otherwise unowned records,
    /// one's own, and (visibility `team`, with a team) those of one's team.
    pub fn owner_rule(&self, me: &User, owner: Option<Uuid>) -> bool {
        if me.role == Role::Admin || self.visibility == "all" {
            return true;
        }
        let Some(owner) = owner else { return true };
        if owner == me.id {
            return true;
        }
        self.visibility == "team"
            && me.team.is_some()
            && self.team_of.get(&owner).copied().flatten() == me.team
    }

    fn get(&self, kind: Kind, id: Uuid) -> Option<&Links> {
        self.links.get(&kind).and_then(|m| m.get(&id))
    }

    /// Whether `me` may see record `id` of `kind`; `None` when the record's facts were not read.
    pub fn visible(&self, me: &User, kind: Kind, id: Uuid) -> Option<bool> {
        let l = self.get(kind, id)?;
        Some(match kind {
            Kind::Company | Kind::Deal => self.owner_rule(me, l.owner),
            // with its company, else by its owner
            Kind::Contact => match l.company {
                Some(c) => self.visible(me, Kind::Company, c)?,
                None => self.owner_rule(me, l.owner),
            },
            // always to its assignee; else with the most specific link; else by its owner
            Kind::Activity => {
                if l.assignee == Some(me.id) {
                    true
                } else if let Some(d) = l.deal {
                    self.visible(me, Kind::Deal, d)?
                } else if let Some(c) = l.contact {
                    self.visible(me, Kind::Contact, c)?
                } else if let Some(c) = l.company {
                    self.visible(me, Kind::Company, c)?
                } else {
                    self.owner_rule(me, l.owner)
                }
            }
        })
    }
}

/// What `me` may change under the rules table (companies and deals): admins all, managers what
/// they see, reps what they own, read-only nothing.
pub fn may_write(world: &World, me: &User, owner: Option<Uuid>) -> bool {
    match me.role {
        Role::Admin => true,
        Role::Manager => world.owner_rule(me, owner),
        Role::Rep => owner == Some(me.id),
        Role::ReadOnly => false,
    }
}
