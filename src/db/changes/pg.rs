//! PostgreSQL: `LISTEN` on a session of its own; the history trigger's notifications carry the
//! change as JSON. Diesel's `notifications_iter` reads what already arrived on the socket without
//! a round trip, so waiting is a cheap poll of the socket every [`PG_POLL`](super::PG_POLL).

use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::RunQueryDsl;
use serde::Deserialize;

use super::{Change, CHANNEL, PG_POLL};
use crate::db::DbError;
use crate::domain::{Entity, HistoryAction, Id};

pub struct PgFeed {
    conn: PgConnection,
}

/// The payload's `entity` when the settings changed (migration `settings_notify`).
const SETTINGS: &str = "settings";

/// A notification's payload, as the trigger writes it.
#[derive(Deserialize)]
struct Payload {
    entity: String,
    id: Option<String>,
    action: Option<String>,
    actor: Option<String>,
}

/// One notification's change; `None` for a payload this rolo cannot read (logged).
pub(super) fn parse(payload: &str) -> Option<Change> {
    let p: Payload = match serde_json::from_str(payload) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(%e, payload, "unreadable change notification");
            return None;
        }
    };
    if p.entity == SETTINGS {
        return Some(Change::access());
    }
    let entity: Entity = p.entity.parse().ok()?;
    Some(Change {
        entity,
        id: p.id.and_then(|s| uuid::Uuid::parse_str(&s).ok()).map(Id),
        action: p.action.and_then(|a| a.parse::<HistoryAction>().ok()),
        actor: p.actor,
    })
}

impl PgFeed {
    pub(super) fn listen(mut conn: PgConnection) -> Result<PgFeed, DbError> {
        // the channel is a constant identifier, not a value
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
        Ok(PgFeed { conn })
    }

    pub(super) fn next(&mut self, within: Duration) -> Result<Vec<Change>, DbError> {
        let start = Instant::now();
        loop {
            let mut changes = Vec::new();
            for n in self.conn.notifications_iter() {
                let n =
                    n.map_err(|e| DbError::Interrupted(format!("the listening connection: {e}")))?;
                if n.channel == CHANNEL {
                    changes.extend(parse(&n.payload));
                }
            }
            if !changes.is_empty() || start.elapsed() >= within {
                return Ok(changes);
            }
            std::thread::sleep(PG_POLL.min(within.saturating_sub(start.elapsed())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_into_changes() {
        let id = "0193a4b2-0000-7000-8000-000000000001";
        let cases: [(&str, Option<Change>); 5] = [
            (
                &format!(r#"{{"entity":"companies","id":"{id}","action":"update","actor":"Ann"}}"#),
                Some(Change {
                    entity: Entity::Companies,
                    id: Some(Id(uuid::Uuid::parse_str(id).unwrap())),
                    action: Some(HistoryAction::Update),
                    actor: Some("Ann".into()),
                }),
            ),
            (
                r#"{"entity":"deals","id":null,"action":null,"actor":null}"#,
                Some(Change {
                    entity: Entity::Deals,
                    id: None,
                    action: None,
                    actor: None,
                }),
            ),
            (
                r#"{"entity":"settings","id":null,"action":null,"actor":null}"#,
                Some(Change::access()),
            ),
            (r#"{"entity":"nonsense","id":null}"#, None),
            ("not json", None),
        ];
        for (payload, want) in cases {
            assert_eq!(parse(payload), want, "{payload}");
        }
    }
}
