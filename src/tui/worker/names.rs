//! Names for the ids on a page (company, owner, stage, contact), fetched once per page with one
//! `IN (…)` query each, never per row.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use diesel::prelude::*;

use crate::db::schema::{companies, contacts, deals, pipeline_stages, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, StageId, UserId};

fn distinct<T: Copy + Eq + Hash>(ids: impl IntoIterator<Item = Option<T>>) -> Vec<T> {
    ids.into_iter()
        .flatten()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect()
}

pub fn companies(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<CompanyId>>,
) -> Result<HashMap<CompanyId, String>, DbError> {
    let ids = distinct(ids);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(companies::table
        .filter(companies::id.eq_any(ids))
        .select((companies::id, companies::name))
        .load::<(CompanyId, String)>(conn)?
        .into_iter()
        .collect())
}

pub fn users(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<UserId>>,
) -> Result<HashMap<UserId, String>, DbError> {
    let ids = distinct(ids);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(UserId, String)>(conn)?
        .into_iter()
        .collect())
}

pub fn contacts(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<ContactId>>,
) -> Result<HashMap<ContactId, String>, DbError> {
    let ids = distinct(ids);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(contacts::table
        .filter(contacts::id.eq_any(ids))
        .select((contacts::id, contacts::first_name, contacts::last_name))
        .load::<(ContactId, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, f, l)| (id, full_name(&f, l.as_deref())))
        .collect())
}

pub fn deals(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<DealId>>,
) -> Result<HashMap<DealId, String>, DbError> {
    let ids = distinct(ids);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(deals::table
        .filter(deals::id.eq_any(ids))
        .select((deals::id, deals::title))
        .load::<(DealId, String)>(conn)?
        .into_iter()
        .collect())
}

/// Every stage's name (stages are few).
pub fn stages(conn: &mut DbConn) -> Result<HashMap<StageId, String>, DbError> {
    Ok(pipeline_stages::table
        .select((pipeline_stages::id, pipeline_stages::name))
        .load::<(StageId, String)>(conn)?
        .into_iter()
        .collect())
}

pub fn full_name(first: &str, last: Option<&str>) -> String {
    match last.filter(|l| !l.is_empty()) {
        Some(l) => format!("{first} {l}"),
        None => first.to_string(),
    }
}

/// A name looked up in a map, or "" for none.
pub fn of<K: Eq + Hash>(map: &HashMap<K, String>, key: Option<K>) -> String {
    key.and_then(|k| map.get(&k).cloned()).unwrap_or_default()
}
