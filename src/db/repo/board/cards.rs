//! The cards of one column: a bounded keyset page of a stage's live deals, sorted by expected
//! close date then id, undated deals last.
//!
//! SQLite sorts NULL first and PostgreSQL last, and a keyset predicate cannot step over NULLs, so a
//! page reads the dated deals (`expected_close IS NOT NULL`, keyset on `(expected_close, id)`) and,
//! when those run out, the undated ones (`expected_close IS NULL`, keyset on `id`). Both are range
//! scans of `deals_stage_close_live_idx (stage_id, expected_close, id)`. The cursor's key is the
//! last card's close date as text (`YYYY-MM-DD`), or empty text once the undated cards have begun.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;

use super::DealFilter;
use crate::db::conn::MultiBackend;
use crate::db::models::{Deal, Stage};
use crate::db::repo::{stage, Cursor, Page, SortValue};
use crate::db::schema::{activities, companies, deals, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, DealId, DealStatus, Priority, StageId, UserId};

/// What a card shows, and what a move needs (`id`, `version`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Card {
    pub id: DealId,
    pub version: i32,
    pub stage_id: StageId,
    pub title: String,
    pub company_id: Option<CompanyId>,
    /// The company's name (also when the company was deleted since).
    pub company: Option<String>,
    /// Minor units of `currency`.
    pub value: i64,
    pub currency: String,
    /// The deal's own probability, else its stage's.
    pub probability: i32,
    pub expected_close: Option<NaiveDate>,
    pub status: DealStatus,
    pub priority: Priority,
    pub owner_id: Option<UserId>,
    pub owner: Option<String>,
    /// Up to two letters ("Avery Chen" → "AC").
    pub owner_initials: Option<String>,
    /// When the newest live activity on the deal was logged.
    pub last_activity_at: Option<NaiveDateTime>,
    /// Open, and its expected close date is before today.
    pub overdue: bool,
    /// Open, and neither an activity nor the deal itself is younger than `stale_days`.
    pub stale: bool,
}

/// How a page of cards is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardOptions {
    /// Cards per page (at least 1).
    pub limit: i64,
    /// "Now" in UTC: a deal is overdue when its close date is before `now`'s date.
    pub now: NaiveDateTime,
    /// A deal with no activity logged in this many days is stale.
    pub stale_days: u32,
}

impl CardOptions {
    pub fn new(now: NaiveDateTime) -> Self {
        CardOptions {
            limit: 20,
            now,
            stale_days: 14,
        }
    }
}

/// Where a page starts.
enum Start {
    /// Dated deals after this (close date, id), or from the first one.
    Dated(Option<(NaiveDate, DealId)>),
    /// Undated deals after this id.
    Undated(DealId),
}

fn start(after: Option<&Cursor>) -> Result<Start, DbError> {
    let Some(c) = after else {
        return Ok(Start::Dated(None));
    };
    let mismatch =
        || DbError::Constraint("the page cursor does not belong to a board column".into());
    let SortValue::Text(key) = &c.key else {
        return Err(mismatch());
    };
    if key.is_empty() {
        return Ok(Start::Undated(c.id.into()));
    }
    let date = NaiveDate::parse_from_str(key, "%Y-%m-%d").map_err(|_| mismatch())?;
    Ok(Start::Dated(Some((date, c.id.into()))))
}

fn cursor_of(d: &Deal) -> Cursor {
    let key = d
        .fields
        .expected_close
        .map(|c| c.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Cursor {
        key: SortValue::Text(key),
        id: d.id.id(),
    }
}

/// One page of the cards of `stage` that match the filter, after `after` (a page's `next`).
pub fn cards(
    conn: &mut DbConn,
    stage: StageId,
    filter: impl DealFilter,
    after: Option<Cursor>,
    opts: &CardOptions,
) -> Result<Page<Card>, DbError> {
    let stage = stage::get(conn, stage)?;
    let page = deal_page(conn, stage.id, &filter, after, opts.limit)?;
    let mut pages = decorate(conn, &[&stage], vec![page], opts)?;
    Ok(pages.pop().unwrap_or(Page {
        rows: Vec::new(),
        next: None,
    }))
}

/// One page of the stage's deals in card order: the dated ones, then the undated ones.
pub(super) fn deal_page(
    conn: &mut DbConn,
    stage: StageId,
    filter: &impl DealFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page<Deal>, DbError> {
    let limit = limit.max(1);
    let from = start(after.as_ref())?;
    let mut rows = Vec::new();
    if let Start::Dated(after) = from {
        let mut q = deals::table
            .filter(deals::deleted_at.is_null())
            .filter(deals::stage_id.eq(stage))
            .filter(deals::expected_close.is_not_null())
            .select(Deal::as_select())
            .into_boxed::<MultiBackend>();
        if let Some(f) = filter() {
            q = q.filter(f);
        }
        if let Some((date, id)) = after {
            q = q.filter(
                deals::expected_close
                    .ge(date)
                    .and(deals::expected_close.gt(date).or(deals::id.gt(id))),
            );
        }
        rows = q
            .order((deals::expected_close.asc(), deals::id.asc()))
            .limit(limit + 1)
            .load(conn)?;
    }
    let wanted = limit + 1 - i64::try_from(rows.len()).unwrap_or(i64::MAX);
    if wanted > 0 {
        let mut q = deals::table
            .filter(deals::deleted_at.is_null())
            .filter(deals::stage_id.eq(stage))
            .filter(deals::expected_close.is_null())
            .select(Deal::as_select())
            .into_boxed::<MultiBackend>();
        if let Some(f) = filter() {
            q = q.filter(f);
        }
        if let Start::Undated(id) = from {
            q = q.filter(deals::id.gt(id));
        }
        rows.extend(q.order(deals::id.asc()).limit(wanted).load(conn)?);
    }
    Ok(Page::from_rows(rows, limit, cursor_of))
}

/// Turn pages of deals (of these stages) into pages of cards, with one lookup per table for all
/// of them together.
pub(super) fn decorate(
    conn: &mut DbConn,
    stages: &[&Stage],
    pages: Vec<Page<Deal>>,
    opts: &CardOptions,
) -> Result<Vec<Page<Card>>, DbError> {
    let probability: HashMap<StageId, i32> = stages
        .iter()
        .map(|s| (s.id, s.fields.probability))
        .collect();
    let sizes: Vec<(usize, Option<Cursor>)> = pages
        .iter()
        .map(|p| (p.rows.len(), p.next.clone()))
        .collect();
    let mut cards = to_cards(
        conn,
        &probability,
        pages.into_iter().flat_map(|p| p.rows).collect(),
        opts,
    )?
    .into_iter();
    Ok(sizes
        .into_iter()
        .map(|(n, next)| Page {
            rows: cards.by_ref().take(n).collect(),
            next,
        })
        .collect())
}

/// "Avery Chen" → "AC", "ada" → "A", "Jean-Luc Picard Smith" → "JP".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .take(2)
        .collect()
}

/// Names, newest activity and flags for the deals of one page (a few indexed lookups).
fn to_cards(
    conn: &mut DbConn,
    probability: &HashMap<StageId, i32>,
    rows: Vec<Deal>,
    opts: &CardOptions,
) -> Result<Vec<Card>, DbError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let company_ids: HashSet<CompanyId> = rows.iter().filter_map(|d| d.fields.company_id).collect();
    let companies: HashMap<CompanyId, String> = if company_ids.is_empty() {
        HashMap::new()
    } else {
        companies::table
            .filter(companies::id.eq_any(company_ids))
            .select((companies::id, companies::name))
            .load::<(CompanyId, String)>(conn)?
            .into_iter()
            .collect()
    };
    let owner_ids: HashSet<UserId> = rows.iter().filter_map(|d| d.fields.owner_id).collect();
    let owners: HashMap<UserId, String> = if owner_ids.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(owner_ids))
            .select((users::id, users::name))
            .load::<(UserId, String)>(conn)?
            .into_iter()
            .collect()
    };
    let deal_ids: Vec<DealId> = rows.iter().map(|d| d.id).collect();
    let touched: HashMap<DealId, NaiveDateTime> = activities::table
        .filter(activities::deal_id.eq_any(deal_ids))
        .filter(activities::deleted_at.is_null())
        .group_by(activities::deal_id)
        .select((activities::deal_id, max(activities::created_at)))
        .load::<(Option<DealId>, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .filter_map(|(d, at)| Some((d?, at?)))
        .collect();
    let today = opts.now.date();
    // checked: a huge --stale-days reaches before any date (nothing is stale), never a panic
    let stale_before = opts
        .now
        .checked_sub_signed(Duration::days(i64::from(opts.stale_days)))
        .unwrap_or(NaiveDateTime::MIN);
    Ok(rows
        .into_iter()
        .map(|d| {
            let f = d.fields;
            let open = f.status == DealStatus::Open;
            let last_activity_at = touched.get(&d.id).copied();
            let last_touch = last_activity_at.map_or(d.created_at, |a| a.max(d.created_at));
            let owner = f.owner_id.and_then(|o| owners.get(&o).cloned());
            Card {
                id: d.id,
                version: d.version,
                stage_id: f.stage_id,
                company: f.company_id.and_then(|c| companies.get(&c).cloned()),
                company_id: f.company_id,
                title: f.title,
                value: f.value,
                currency: f.currency,
                probability: f
                    .probability
                    .or_else(|| probability.get(&f.stage_id).copied())
                    .unwrap_or(0),
                expected_close: f.expected_close,
                status: f.status,
                priority: f.priority,
                owner_id: f.owner_id,
                owner_initials: owner.as_deref().map(initials),
                owner,
                last_activity_at,
                overdue: open && f.expected_close.is_some_and(|c| c < today),
                stale: open && last_touch < stale_before,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_letter_of_two_words() {
        for (name, want) in [
            ("Avery Chen", "AC"),
            ("ada", "A"),
            ("  jean-luc   picard smith ", "JP"),
            ("", ""),
            ("Émile Zola", "ÉZ"),
            ("(Ops) Team", "OT"),
        ] {
            assert_eq!(initials(name), want, "{name:?}");
        }
    }
}
