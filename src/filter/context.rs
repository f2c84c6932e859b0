//! What a filter is checked against: the entity, the acting user (`owner:me`) and "now" (relative
//! dates).

use chrono::NaiveDateTime;

use crate::domain::{Entity, UserId};

/// What a filter is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub entity: Entity,
    /// The acting user, for `owner:me`.
    pub me: Option<UserId>,
    /// "Now" in UTC; relative dates are computed from it.
    pub now: NaiveDateTime,
}

impl Context {
    pub fn new(entity: Entity, me: Option<UserId>) -> Self {
        Context {
            entity,
            me,
            now: crate::db::now(),
        }
    }
}
