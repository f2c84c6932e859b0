//! Who owns a new record unless the user says otherwise: the acting user, for every entity
//! that has an owner (companies, contacts, deals, activities). One rule for the command line's
//! `create` (before its `--set owner=…`, which may name someone else or nobody) and the TUI's
//! new-record forms (the owner field starts on it); with no acting user a record starts unowned.

use crate::domain::describe::describe;
use crate::domain::{Entity, UserId};

/// The owner a new `entity` record starts with when `actor` creates it.
pub fn default_owner(entity: Entity, actor: Option<UserId>) -> Option<UserId> {
    actor.filter(|_| has_owner(entity))
}

/// Whether records of `entity` have an owner field.
pub fn has_owner(entity: Entity) -> bool {
    describe(entity).field("owner_id").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acting_user_owns_what_has_an_owner() {
        let me = UserId::new();
        for e in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
        ] {
            assert_eq!(default_owner(e, Some(me)), Some(me), "{e}");
            assert_eq!(default_owner(e, None), None, "{e}: anonymous");
        }
        for e in [Entity::Stages, Entity::Users, Entity::Tags, Entity::Teams] {
            assert_eq!(default_owner(e, Some(me)), None, "{e}");
        }
    }
}
