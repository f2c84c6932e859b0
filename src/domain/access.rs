//! Who may see and change what (issue 12; the table is docs/teams.md). Pure: the repository
//! gathers the facts a decision needs (a record's owner and the owner's team, whether its parent
//! is visible, …) and asks here; the SQL form of [`visible`] is `db::access`.

pub use super::Visibility;
use super::{Entity, Role, TeamId, UserId};

impl Default for Visibility {
    /// What a new database starts with.
    fn default() -> Self {
        Visibility::Team
    }
}

/// The acting user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub team: Option<TeamId>,
}

/// A record's owner, as a decision needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owner {
    pub id: Option<UserId>,
    pub team: Option<TeamId>,
    /// For messages ("owned by Ben Ode").
    pub name: Option<String>,
}

impl Owner {
    pub fn none() -> Self {
        Owner::default()
    }
}

/// What an activity is linked to, most specific first; `Some(visible)` for each link it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links {
    pub deal: Option<bool>,
    pub contact: Option<bool>,
    pub company: Option<bool>,
}

/// The facts about one record (as stored, or as it would be after a write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub entity: Entity,
    /// For messages: the record's name or title.
    pub label: String,
    pub owner: Owner,
    /// A contact's company: `Some(visible)` when it has one.
    pub company_visible: Option<bool>,
    /// A contact's company's owner (a rep may change contacts of a company they own).
    pub company_owner: Option<UserId>,
    /// An activity's links.
    pub links: Links,
    /// An activity's assignee.
    pub assignee: Option<UserId>,
}

impl Facts {
    pub fn new(entity: Entity, label: impl Into<String>, owner: Owner) -> Self {
        Facts {
            entity,
            label: label.into(),
            owner,
            company_visible: None,
            company_owner: None,
            links: Links::default(),
            assignee: None,
        }
    }
}

/// What was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Change,
}

/// A refused write: one line naming the record and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}; {rule}")]
pub struct Refusal {
    /// `deal "Acme renewal" is owned by Ben Ode`
    pub what: String,
    /// `a sales rep may change only their own records`
    pub rule: String,
}

impl Refusal {
    fn new(what: impl Into<String>, rule: impl Into<String>) -> Self {
        Refusal {
            what: what.into(),
            rule: rule.into(),
        }
    }
}

/// A deactivated user writes nothing, whatever their role: a session opened before the
/// deactivation keeps running, so every write asks again.
pub fn may_act(p: &Principal, active: bool) -> Result<(), Refusal> {
    if active {
        return Ok(());
    }
    Err(Refusal::new(
        format!("{} is deactivated", p.name),
        "a deactivated user may change nothing; an admin reactivates them with --set active=true",
    ))
}

/// The owner rule: admins always; `all` always; `team` mine, my team's or unowned; `own` mine or
/// unowned.
pub fn owner_visible(p: &Principal, vis: Visibility, owner: &Owner) -> bool {
    if p.role == Role::Admin || vis == Visibility::All {
        return true;
    }
    match owner.id {
        None => true,
        Some(id) if id == p.id => true,
        Some(_) => vis == Visibility::Team && p.team.is_some() && owner.team == p.team,
    }
}

/// Whether `p` sees the record.
pub fn visible(p: &Principal, vis: Visibility, f: &Facts) -> bool {
    if p.role == Role::Admin {
        return true;
    }
    match f.entity {
        Entity::Contacts => match f.company_visible {
            Some(v) => v,
            None => owner_visible(p, vis, &f.owner),
        },
        Entity::Activities => {
            if f.assignee == Some(p.id) {
                return true;
            }
            let l = f.links;
            l.deal
                .or(l.contact)
                .or(l.company)
                .unwrap_or_else(|| owner_visible(p, vis, &f.owner))
        }
        Entity::Companies | Entity::Deals => owner_visible(p, vis, &f.owner),
        // users, teams, stages, tags: every role reads them; saved views are filtered by owner
        Entity::Users | Entity::Teams | Entity::Stages | Entity::Tags | Entity::Views => true,
    }
}

fn role_words(r: Role) -> &'static str {
    match r {
        Role::Admin => "an admin",
        Role::Manager => "a manager",
        Role::SalesRep => "a sales rep",
        Role::ReadOnly => "a read-only user",
    }
}

fn named(f: &Facts) -> String {
    if f.label.is_empty() {
        f.entity.singular().to_string()
    } else {
        format!("{} \"{}\"", f.entity.singular(), f.label)
    }
}

fn owned_by(f: &Facts) -> String {
    match (&f.owner.id, &f.owner.name) {
        (None, _) => format!("{} is unowned", named(f)),
        (Some(_), Some(n)) => format!("{} is owned by {n}", named(f)),
        (Some(id), None) => format!("{} is owned by user {id}", named(f)),
    }
}

/// A sales rep's own-record rule: owned by them; a contact also when its company is theirs; an
/// activity also when it is assigned to them.
fn reps_own(p: &Principal, f: &Facts) -> bool {
    let mine = f.owner.id == Some(p.id);
    match f.entity {
        Entity::Contacts => mine || f.company_owner == Some(p.id),
        Entity::Activities => mine || f.assignee == Some(p.id),
        _ => mine,
    }
}

/// Whether `p` may create, change (update, delete, restore, move, tag) a company, contact, deal
/// or activity described by `f`. For a change, ask with the record as stored and again as it
/// would be after (a rep cannot hand a record to another owner).
pub fn may_write(p: &Principal, vis: Visibility, op: Op, f: &Facts) -> Result<(), Refusal> {
    match p.role {
        Role::Admin => Ok(()),
        Role::ReadOnly => Err(Refusal::new(
            format!("{}: {} is read-only", named(f), p.name),
            format!("{} may change nothing", role_words(p.role)),
        )),
        Role::Manager => {
            // a manager writes what they see; what they create they may give to anyone
            if op == Op::Create || visible(p, vis, f) {
                Ok(())
            } else {
                Err(Refusal::new(
                    owned_by(f),
                    "a manager may change only records they can see",
                ))
            }
        }
        Role::SalesRep => {
            if reps_own(p, f) {
                return Ok(());
            }
            let rule = match (op, f.entity) {
                (Op::Create, _) => "a sales rep may create only records they own",
                (Op::Change, Entity::Contacts) => {
                    "a sales rep may change only their own contacts and those of companies they own"
                }
                (Op::Change, Entity::Activities) => {
                    "a sales rep may change only activities they own or are assigned"
                }
                (Op::Change, _) => "a sales rep may change only their own records",
            };
            Err(Refusal::new(owned_by(f), rule))
        }
    }
}

/// The things only some roles manage, beside records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Managed {
    Users,
    Teams,
    Stages,
    Settings,
    Seed,
    /// Run an import or undo one.
    Imports,
    /// Create a tag.
    CreateTag,
    /// Rename, recolour or delete a tag.
    ChangeTag,
    /// A saved view shared with everybody (no owner).
    SharedView,
    /// One's own saved view.
    OwnView,
}

impl Managed {
    fn what(self) -> &'static str {
        match self {
            Managed::Users => "users",
            Managed::Teams => "teams",
            Managed::Stages => "pipeline stages",
            Managed::Settings => "settings",
            Managed::Seed => "seeding the database",
            Managed::Imports => "imports",
            Managed::CreateTag => "creating tags",
            Managed::ChangeTag => "changing tags",
            Managed::SharedView => "shared saved views",
            Managed::OwnView => "saved views",
        }
    }

    fn allowed(self) -> &'static [Role] {
        use Role::*;
        match self {
            Managed::Users
            | Managed::Teams
            | Managed::Stages
            | Managed::Settings
            | Managed::Seed => &[Admin],
            Managed::SharedView => &[Admin],
            Managed::Imports | Managed::ChangeTag => &[Admin, Manager],
            Managed::CreateTag | Managed::OwnView => &[Admin, Manager, SalesRep],
        }
    }
}

/// Whether `p` may do `what` (manage users, teams, …).
pub fn may_manage(p: &Principal, what: Managed) -> Result<(), Refusal> {
    if what.allowed().contains(&p.role) {
        return Ok(());
    }
    let who: Vec<&str> = what.allowed().iter().map(|r| r.as_str()).collect();
    Err(Refusal::new(
        format!("{} is {}", p.name, p.role),
        format!("{} are managed by {} only", what.what(), who.join(" and ")),
    ))
}

/// Whether imports and their rows' history are readable (admins and managers).
pub fn may_read_imports(p: &Principal) -> bool {
    matches!(p.role, Role::Admin | Role::Manager)
}

#[cfg(test)]
mod tests;
