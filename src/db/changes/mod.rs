//! The change feed: what other sessions changed, as it is committed. Every write records a
//! history row in its own transaction (see `repo::history`); the feed reports those rows, one
//! [`Change`] per record, on a connection of its own outside the pool.
//!
//! * PostgreSQL: a trigger on `history` (migration `change_notify`) calls `pg_notify` on channel
//!   [`CHANNEL`] in the writing transaction, so a notification is delivered only once the change
//!   is committed; the feed `LISTEN`s on a session of its own. LISTEN needs a session that stays
//!   the same server connection: not through a transaction-mode pooler (PgBouncer), so the TUI
//!   can be given a direct URL for it (`listen_database`).
//! * SQLite: no notifications exist across processes; the feed polls `PRAGMA data_version`
//!   (which changes when another connection commits) every [`SQLITE_POLL`] and then reads the
//!   history rows added since, by `rowid`.
//!
//! A feed that lost its connection, or saw more at once than it reports one by one, says so with
//! [`Change::everything`]: every entity may have changed.
//!
//! The org's settings (the `visibility` rule) are not records with history; a committed change
//! to them is reported as [`Change::access`], as is any change to users or teams: who may see
//! what may have changed (PostgreSQL: a statement trigger on `settings` notifies on the same
//! channel; SQLite: the feed compares the settings' versions whenever `data_version` moves).

mod pg;
mod sqlite;

use std::time::Duration;

use crate::db::conn::{self, DatabaseUrl, Timeouts};
use crate::db::DbError;
use crate::domain::{Entity, HistoryAction, Id};

/// The PostgreSQL notification channel the history trigger sends on.
pub const CHANNEL: &str = "rolo_changes";
/// How often the SQLite feed asks whether anything was committed.
pub const SQLITE_POLL: Duration = Duration::from_millis(250);
/// How often the PostgreSQL feed reads its socket for notifications that arrived (no round trip).
pub const PG_POLL: Duration = Duration::from_millis(50);
/// At most this many changes are reported one by one per read; past it, per entity.
pub const MAX_DETAILED: usize = 200;

/// One committed change to one record (or, with `id` None, to any records of an entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub entity: Entity,
    /// `None`: many records of this entity changed (an import), or the feed missed some.
    pub id: Option<Id>,
    pub action: Option<HistoryAction>,
    /// The acting user's name, when the change had one.
    pub actor: Option<String>,
}

impl Change {
    /// Every entity may have changed: what a feed reports after a gap.
    pub fn everything() -> Vec<Change> {
        Entity::ALL
            .iter()
            .map(|&entity| Change {
                entity,
                id: None,
                action: None,
                actor: None,
            })
            .collect()
    }
}

impl Change {
    /// The settings changed (the visibility rule): reported as "any user may have changed", which
    /// every screen that shows records refreshes for, and which tells a session to read its
    /// access again ([`Change::touches_access`]).
    pub fn access() -> Change {
        Change {
            entity: Entity::Users,
            id: None,
            action: None,
            actor: None,
        }
    }

    /// Whether what a session may see may have changed with this: a user (roles, teams, the
    /// acting user's own row), a team, or the settings.
    pub fn touches_access(&self) -> bool {
        matches!(self.entity, Entity::Users | Entity::Teams)
    }
}

/// Collapse a long list into one change per entity (`id` None), keeping short lists as they are.
fn bounded(changes: Vec<Change>) -> Vec<Change> {
    if changes.len() <= MAX_DETAILED {
        return changes;
    }
    let mut entities: Vec<Entity> = changes.iter().map(|c| c.entity).collect();
    entities.sort();
    entities.dedup();
    entities
        .into_iter()
        .map(|entity| Change {
            entity,
            id: None,
            action: None,
            actor: None,
        })
        .collect()
}

/// A listening connection to one database.
pub enum Feed {
    Pg(pg::PgFeed),
    Sqlite(sqlite::SqliteFeed),
}

impl Feed {
    /// Connect and start listening: what is committed from now on is reported.
    pub fn open(url: &DatabaseUrl, timeouts: &Timeouts) -> Result<Feed, DbError> {
        let conn = conn::connect_dedicated(url, timeouts)?;
        match conn {
            conn::DbConn::Pg(c) => pg::PgFeed::listen(c).map(Feed::Pg),
            conn::DbConn::Sqlite(_) => {
                sqlite::SqliteFeed::start(conn, url.clone()).map(Feed::Sqlite)
            }
        }
    }

    /// Wait up to `within` for changes; returns as soon as some arrived (empty when none did).
    /// An error means the connection is lost: open a new feed, and treat the gap as
    /// [`Change::everything`].
    pub fn next(&mut self, within: Duration) -> Result<Vec<Change>, DbError> {
        let changes = match self {
            Feed::Pg(f) => f.next(within)?,
            Feed::Sqlite(f) => f.next(within)?,
        };
        Ok(bounded(changes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_becomes_one_change_per_entity() {
        let one = |entity| Change {
            entity,
            id: Some(Id::new()),
            action: Some(HistoryAction::Create),
            actor: None,
        };
        let short: Vec<Change> = (0..3).map(|_| one(Entity::Companies)).collect();
        assert_eq!(bounded(short.clone()), short);
        let mut long: Vec<Change> = (0..MAX_DETAILED).map(|_| one(Entity::Contacts)).collect();
        long.push(one(Entity::Companies));
        let got = bounded(long);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|c| c.id.is_none()));
        assert_eq!(
            got.iter().map(|c| c.entity).collect::<Vec<_>>(),
            vec![Entity::Companies, Entity::Contacts]
        );
    }
}
