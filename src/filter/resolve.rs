//! Resolving before lowering: `owner:EMAIL` and `owner:"Full Name"` become the ids of the live
//! users with that email or name, read once, so the filter is `owner_id = ?` like `owner:me` and
//! the owner indexes serve it (a subquery of users made SQLite scan all 250,000 entries of the
//! board's stage index). A name that matches nobody is no user: the condition matches no rows,
//! as it did as a subquery. Two users with the same name both count.
//!
//! A lookup that fails leaves the condition as it was (a subquery): the same rows either way.

use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

use super::lower::lower;
use super::pred::{Cmp, Lit, Pred, UserRef};
use super::sql::SqlPredicate;
use crate::db::conn::MultiBackend;
use crate::db::types::sql::Uuid;
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, UserId};

/// `pred` with every user named by email or name replaced by the ids of the matching users.
pub fn users(conn: &mut DbConn, pred: Pred) -> Pred {
    match pred {
        Pred::And(parts) => Pred::And(parts.into_iter().map(|p| users(conn, p)).collect()),
        Pred::Or(parts) => Pred::Or(parts.into_iter().map(|p| users(conn, p)).collect()),
        Pred::Not(inner) => Pred::Not(Box::new(users(conn, *inner))),
        Pred::Related { via, target, pred } => Pred::Related {
            via,
            target,
            pred: Box::new(users(conn, *pred)),
        },
        Pred::User { column, who } => Pred::User {
            column,
            who: who.into_iter().flat_map(|w| resolve(conn, w)).collect(),
        },
        other => other,
    }
}

/// The users `w` names: itself when it is an id or the lookup failed, else the live users whose
/// email or name is the text (case-folded as everywhere), possibly none.
fn resolve(conn: &mut DbConn, w: UserRef) -> Vec<UserRef> {
    let UserRef::EmailOrName(text) = &w else {
        return vec![w];
    };
    let test = |column| Pred::Cmp {
        column,
        text: true,
        op: Cmp::Eq,
        value: Lit::Text(text.clone()),
    };
    let named = lower(
        &Pred::Or(vec![test("email"), test("name")]),
        Entity::Users,
        conn.backend(),
    );
    match user_ids(conn, &named) {
        Ok(ids) => ids.into_iter().map(UserRef::Id).collect(),
        Err(e) => {
            tracing::warn!("resolving a user in a filter failed, keeping the subquery: {e}");
            vec![w]
        }
    }
}

fn user_ids(conn: &mut DbConn, named: &SqlPredicate) -> Result<Vec<UserId>, DbError> {
    Ok(LiveUsers { named }.load(conn)?)
}

/// `SELECT id FROM users WHERE deleted_at IS NULL AND {named}` (the filter's own fixed SQL).
struct LiveUsers<'a> {
    named: &'a SqlPredicate,
}

impl QueryId for LiveUsers<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for LiveUsers<'_> {
    type SqlType = Uuid;
}

impl QueryFragment<MultiBackend> for LiveUsers<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql("SELECT \"users\".id FROM \"users\" WHERE \"users\".deleted_at IS NULL AND ");
        self.named.walk_ast(out.reborrow())?;
        out.push_sql(" ORDER BY \"users\".id");
        Ok(())
    }
}

impl RunQueryDsl<DbConn> for LiveUsers<'_> {}
