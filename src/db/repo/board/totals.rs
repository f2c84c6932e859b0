//! Per-stage totals from one aggregate query, and the pipeline summary derived from them.

use std::collections::BTreeMap;

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::DealFilter;
use crate::db::conn::MultiBackend;
use crate::db::models::Stage;
use crate::db::repo::{stage, Predicate};
use crate::db::schema::deals;
use crate::db::{DbConn, DbError};
use crate::domain::{StageId, StageKind};

/// The deals of one currency in one stage (or, in a [`PipelineSummary`], in several).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CurrencyTotals {
    /// ISO 4217 code.
    pub currency: String,
    pub deals: i64,
    /// Sum of the values, in minor units of `currency`. Exact for any number of deals (even
    /// over-limit ones from before `money::MAX_MINOR`); JSON gives it as a number while it fits
    /// `i64`, else as a string of digits.
    #[serde(serialize_with = "exact")]
    pub value: i128,
    /// Sum of value × probability / 100 (the deal's probability, else the stage's), minor units.
    #[serde(serialize_with = "exact")]
    pub weighted: i128,
}

fn exact<S: serde::Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
    match i64::try_from(*v) {
        Ok(n) => s.serialize_i64(n),
        Err(_) => s.serialize_str(&v.to_string()),
    }
}

/// One column header: the stage and what it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StageTotals {
    /// The stage (name, position, kind, probability, color, active, version).
    pub stage: Stage,
    /// Live deals in the stage, all currencies.
    pub deals: i64,
    /// Per currency, sorted by currency code; empty for an empty stage.
    pub currencies: Vec<CurrencyTotals>,
}

/// The summary line: the open pipeline (deals in open stages) and what was won, per currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct PipelineSummary {
    pub open_deals: i64,
    /// `value`: the open pipeline value; `weighted`: the weighted forecast.
    pub open: Vec<CurrencyTotals>,
    pub won_deals: i64,
    pub won: Vec<CurrencyTotals>,
    pub lost_deals: i64,
}

/// One row of the aggregate: stage, currency, deals, Σ value, Σ value of the deals without their
/// own probability, Σ value × own probability.
type AggRow = (StageId, String, i64, i128, i128, i128);

/// The exact sums of one row as text (parsed into `i128`): deals, Σ value, Σ value × own
/// probability, Σ value of the deals with their own probability.
type FastRow = (
    StageId,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The SQL sums of one row, each in two parts (see [`SPLIT`]).
type SqlRow = (StageId, String, i64, i64, i64, i64, i64, i64, i64);

/// The live deals matching `filter`, grouped by stage and currency: one statement with three
/// sums, and only when one of them leaves `i64` (SQLite's SUM fails on an overflow, and its
/// product turns into a float), a second one with the sums taken in parts ([`aggregate_split`]).
/// At data set L the unfiltered board took about half the instructions of the six parts.
fn aggregate(conn: &mut DbConn, filter: &impl DealFilter) -> Result<Vec<AggRow>, DbError> {
    match aggregate_fast(conn, filter()) {
        Ok(Some(rows)) => Ok(rows),
        Ok(None) => aggregate_split(conn, filter()),
        Err(diesel::result::Error::DatabaseError(_, info))
            if matches!(conn, DbConn::Sqlite(_)) && info.message().contains("overflow") =>
        {
            aggregate_split(conn, filter())
        }
        Err(e) => Err(e.into()),
    }
}

/// The three sums in one pass, as exact integers; `None` when one of them is not an integer
/// (an overflow that SQLite turned into a float). On PostgreSQL the sums are numeric and the
/// product is taken in numeric, so nothing overflows there.
fn aggregate_fast(
    conn: &mut DbConn,
    filter: Option<Predicate<deals::table>>,
) -> Result<Option<Vec<AggRow>>, diesel::result::Error> {
    let product = if matches!(conn, DbConn::Pg(_)) {
        r#"CAST(SUM(CAST("deals"."value" AS NUMERIC) * "deals"."probability") AS TEXT)"#
    } else {
        r#"CAST(SUM("deals"."value" * "deals"."probability") AS TEXT)"#
    };
    let mut q = deals::table
        .filter(deals::deleted_at.is_null())
        .group_by((deals::stage_id, deals::currency))
        .select((
            deals::stage_id,
            deals::currency,
            count_star(),
            sql::<Nullable<Text>>(r#"CAST(SUM("deals"."value") AS TEXT)"#),
            sql::<Nullable<Text>>(product),
            sql::<Nullable<Text>>(
                r#"CAST(SUM("deals"."value") FILTER (WHERE "deals"."probability" IS NOT NULL) AS TEXT)"#,
            ),
        ))
        .into_boxed::<MultiBackend>();
    if let Some(f) = filter {
        q = q.filter(f);
    }
    let exact = |v: Option<String>| -> Option<i128> {
        match v {
            None => Some(0),
            Some(t) => t.parse().ok(),
        }
    };
    let mut out = Vec::new();
    for (stage, currency, n, value, own_weighted, own_value) in q.load::<FastRow>(conn)? {
        let (Some(value), Some(own_weighted), Some(own_value)) =
            (exact(value), exact(own_weighted), exact(own_value))
        else {
            return Ok(None);
        };
        out.push((stage, currency, n, value, value - own_value, own_weighted));
    }
    Ok(Some(out))
}

/// Sums are taken of value / SPLIT and value % SPLIT apart: SQLite's SUM fails on an `i64`
/// overflow and PostgreSQL's is numeric, cast back to bigint. Each part of a value is below 10^9
/// (below 9.3 × 10^9 for an over-limit value up to `i64::MAX`), × 100 when weighted, so the
/// sums stay inside `i64` for tens of millions of deals; Rust joins the parts in `i128`
/// (`money::MAX_MINOR` explains the bound on single amounts).
const SPLIT: i64 = 1_000_000_000;

/// The same aggregate with every sum in two parts: exact for any amounts, twice the work.
fn aggregate_split(
    conn: &mut DbConn,
    filter: Option<Predicate<deals::table>>,
) -> Result<Vec<AggRow>, DbError> {
    const HI: &str = r#"("deals"."value" / 1000000000)"#;
    const LO: &str = r#"("deals"."value" % 1000000000)"#;
    let sum = |e: String| sql::<BigInt>(&format!("CAST(SUM({e}) AS BIGINT)"));
    let no_own =
        |part: &str| format!(r#"CASE WHEN "deals"."probability" IS NULL THEN {part} ELSE 0 END"#);
    let own = |part: &str| format!(r#"{part} * COALESCE("deals"."probability", 0)"#);
    let mut q = deals::table
        .filter(deals::deleted_at.is_null())
        .group_by((deals::stage_id, deals::currency))
        .select((
            deals::stage_id,
            deals::currency,
            count_star(),
            sum(HI.into()),
            sum(LO.into()),
            sum(no_own(HI)),
            sum(no_own(LO)),
            sum(own(HI)),
            sum(own(LO)),
        ))
        .into_boxed::<MultiBackend>();
    if let Some(f) = filter {
        q = q.filter(f);
    }
    let join = |hi: i64, lo: i64| i128::from(hi) * i128::from(SPLIT) + i128::from(lo);
    Ok(q.load::<SqlRow>(conn)?
        .into_iter()
        .map(
            |(stage, currency, n, v_hi, v_lo, no_hi, no_lo, own_hi, own_lo)| {
                (
                    stage,
                    currency,
                    n,
                    join(v_hi, v_lo),
                    join(no_hi, no_lo),
                    join(own_hi, own_lo),
                )
            },
        )
        .collect())
}

/// value × probability / 100 in hundredths, rounded to the nearest minor unit.
fn round_hundredths(x: i128) -> i128 {
    x.saturating_add(50).div_euclid(100)
}

/// The totals of every live, active stage in board order (position, then id), empty stages
/// included, for the live deals matching `filter`. One aggregate query plus the stage list.
pub fn stage_totals(
    conn: &mut DbConn,
    filter: impl DealFilter,
) -> Result<Vec<StageTotals>, DbError> {
    let stages = active_stages(conn)?;
    totals_of(conn, &stages, filter)
}

/// The board's columns: every live, active stage in board order (position, then id).
pub fn active_stages(conn: &mut DbConn) -> Result<Vec<Stage>, DbError> {
    Ok(stage::live_ordered(conn)?
        .into_iter()
        .filter(|s| s.fields.active)
        .collect())
}

/// The totals of each of `stages` (in their order, empty ones included) for the live deals
/// matching `filter`: one aggregate query. Deals of stages not in `stages` are left out.
pub fn totals_of(
    conn: &mut DbConn,
    stages: &[Stage],
    filter: impl DealFilter,
) -> Result<Vec<StageTotals>, DbError> {
    let mut by_stage: BTreeMap<StageId, Vec<AggRow>> = BTreeMap::new();
    for row in aggregate(conn, &filter)? {
        by_stage.entry(row.0).or_default().push(row);
    }
    Ok(stages
        .iter()
        .cloned()
        .map(|stage| {
            let mut rows = by_stage.remove(&stage.id).unwrap_or_default();
            rows.sort_by(|a, b| a.1.cmp(&b.1));
            let probability = i128::from(stage.fields.probability);
            let currencies: Vec<CurrencyTotals> = rows
                .into_iter()
                .map(
                    |(_, currency, n, value, no_own, own_weighted)| CurrencyTotals {
                        currency,
                        deals: n,
                        value,
                        weighted: round_hundredths(
                            no_own
                                .saturating_mul(probability)
                                .saturating_add(own_weighted),
                        ),
                    },
                )
                .collect();
            StageTotals {
                deals: currencies.iter().map(|c| c.deals).sum(),
                stage,
                currencies,
            }
        })
        .collect())
}

/// Add `from` into `into`, currency by currency (never across currencies).
fn add_into(into: &mut BTreeMap<String, CurrencyTotals>, from: &[CurrencyTotals]) {
    for c in from {
        let t = into
            .entry(c.currency.clone())
            .or_insert_with(|| CurrencyTotals {
                currency: c.currency.clone(),
                deals: 0,
                value: 0,
                weighted: 0,
            });
        t.deals += c.deals;
        t.value = t.value.saturating_add(c.value);
        t.weighted = t.weighted.saturating_add(c.weighted);
    }
}

/// The whole (filtered) pipeline shown on a board: open value and weighted forecast of the deals
/// in open stages, and the won value, per currency. The weighted forecast is the sum of the
/// columns' rounded weighted values, so it always equals what the headers add up to.
pub fn pipeline_summary(totals: &[StageTotals]) -> PipelineSummary {
    let mut open = BTreeMap::new();
    let mut won = BTreeMap::new();
    let mut s = PipelineSummary::default();
    for t in totals {
        match t.stage.fields.kind {
            StageKind::Open => {
                s.open_deals += t.deals;
                add_into(&mut open, &t.currencies);
            }
            StageKind::Won => {
                s.won_deals += t.deals;
                add_into(&mut won, &t.currencies);
            }
            StageKind::Lost => s.lost_deals += t.deals,
        }
    }
    s.open = open.into_values().collect();
    s.won = won.into_values().collect();
    s
}

#[cfg(test)]
mod tests {
    use super::round_hundredths;

    #[test]
    fn weighted_values_round_to_the_nearest_minor_unit() {
        assert_eq!(round_hundredths(0), 0);
        assert_eq!(round_hundredths(49), 0);
        assert_eq!(round_hundredths(50), 1);
        assert_eq!(round_hundredths(12_345 * 33), 4_074);
        assert_eq!(round_hundredths(149), 1);
        assert_eq!(round_hundredths(150), 2);
        // totals past i64 stay exact; the very top saturates instead of overflowing
        let big = i128::from(i64::MAX) * 100 * 3;
        assert_eq!(round_hundredths(big), i128::from(i64::MAX) * 3);
        assert_eq!(round_hundredths(i128::MAX), i128::MAX / 100);
    }
}
