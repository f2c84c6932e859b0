//! Shared by the board tests: a pipeline, deals, and the per-stage totals written by hand in SQL
//! (the reference `stage_totals` is checked against).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use rolo::db::models::{Deal, Stage};
use rolo::db::repo::board::StageTotals;
use rolo::db::repo::{deal, stage, user, Predicate};
use rolo::db::schema::deals;
use rolo::db::types::sql::Uuid;
use rolo::db::{BackendKind, DbConn};
use rolo::domain::{DealDraft, Entity, Id, Role, StageDraft, StageKind, UserDraft, UserId};
use rolo::filter::{self, Context, SqlPredicate};

pub struct Pipeline {
    pub lead: Stage,
    pub proposal: Stage,
    /// Inactive: not on the board.
    pub parked: Stage,
    pub won: Stage,
    pub lost: Stage,
}

impl Pipeline {
    pub fn create(conn: &mut DbConn) -> Pipeline {
        let mut mk = |name: &str, position, probability, kind, active| {
            let mut d = StageDraft::new(name, position, probability, kind);
            d.active = active;
            stage::create(conn, None, d).unwrap()
        };
        // created out of board order on purpose: the board sorts by position
        let won = mk("Won", 4, 100, StageKind::Won, true);
        let lead = mk("Lead", 0, 10, StageKind::Open, true);
        let parked = mk("Parked", 2, 30, StageKind::Open, false);
        let proposal = mk("Proposal", 1, 55, StageKind::Open, true);
        let lost = mk("Lost", 5, 0, StageKind::Lost, true);
        Pipeline {
            lead,
            proposal,
            parked,
            won,
            lost,
        }
    }

    /// The active stages in board order.
    pub fn board(&self) -> Vec<&Stage> {
        vec![&self.lead, &self.proposal, &self.won, &self.lost]
    }
}

pub fn user(conn: &mut DbConn, name: &str) -> UserId {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    user::create(conn, None, UserDraft::new(name, email, Role::SalesRep))
        .unwrap()
        .id
}

#[derive(Clone)]
pub struct DealSpec {
    pub title: String,
    pub stage: rolo::domain::StageId,
    pub value: i64,
    pub currency: &'static str,
    pub probability: Option<i32>,
    pub close: Option<NaiveDate>,
    pub owner: Option<UserId>,
}

pub fn spec(title: &str, stage: &Stage, value: i64, currency: &'static str) -> DealSpec {
    DealSpec {
        title: title.into(),
        stage: stage.id,
        value,
        currency,
        probability: None,
        close: None,
        owner: None,
    }
}

pub fn create(conn: &mut DbConn, s: &DealSpec, lost_reason: Option<&str>) -> Deal {
    let mut d = DealDraft::new(s.title.clone(), s.stage);
    d.value = s.value;
    d.currency = s.currency.into();
    d.probability = s.probability;
    d.expected_close = s.close;
    d.owner_id = s.owner;
    d.lost_reason = lost_reason.map(Into::into);
    deal::create(conn, None, d).unwrap()
}

/// A compiled deals filter, as the CLI and the TUI make it.
pub fn compile(conn: &DbConn, text: &str, me: Option<UserId>) -> Option<SqlPredicate> {
    let cx = Context::new(Entity::Deals, me);
    filter::compile(text, &cx, conn.backend()).unwrap()
}

pub fn boxed(p: &Option<SqlPredicate>) -> Option<Predicate<deals::table>> {
    p.clone().map(|p| Box::new(p) as Predicate<deals::table>)
}

#[derive(QueryableByName, Debug, PartialEq, Eq, Clone)]
pub struct HandRow {
    #[diesel(sql_type = Uuid)]
    pub stage_id: Id,
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = BigInt)]
    pub deals: i64,
    #[diesel(sql_type = BigInt)]
    pub value: i64,
    #[diesel(sql_type = BigInt)]
    pub weighted: i64,
}

/// Per (active stage, currency): deals, Σ value and Σ value × probability / 100 rounded, written
/// by hand with a join on the stages. `extra` is more SQL for the WHERE clause over `d`.
pub fn hand_totals(conn: &mut DbConn, extra: &str) -> Vec<HandRow> {
    let sql = format!(
        "SELECT d.stage_id AS stage_id, d.currency AS currency, COUNT(*) AS deals, \
                CAST(SUM(d.value) AS BIGINT) AS value, \
                (CAST(SUM(d.value * COALESCE(d.probability, s.probability)) AS BIGINT) + 50) / 100 AS weighted \
         FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id \
         WHERE d.deleted_at IS NULL AND s.deleted_at IS NULL AND s.active = TRUE {extra} \
         GROUP BY d.stage_id, d.currency"
    );
    let mut rows = diesel::sql_query(sql).load::<HandRow>(conn).unwrap();
    rows.sort_by(|a, b| (a.stage_id, &a.currency).cmp(&(b.stage_id, &b.currency)));
    rows
}

/// `stage_totals` flattened the same way (stages with no deals give no rows).
pub fn flatten(totals: &[StageTotals]) -> Vec<HandRow> {
    let mut rows: Vec<HandRow> = totals
        .iter()
        .flat_map(|t| {
            t.currencies.iter().map(|c| HandRow {
                stage_id: t.stage.id.id(),
                currency: c.currency.clone(),
                deals: c.deals,
                value: i64::try_from(c.value).expect("a test total fits i64"),
                weighted: i64::try_from(c.weighted).expect("a test total fits i64"),
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.stage_id, &a.currency).cmp(&(b.stage_id, &b.currency)));
    rows
}

/// Live deal counts per stage id straight from the table.
pub fn counts_by_stage(conn: &mut DbConn) -> BTreeMap<Id, i64> {
    deals::table
        .filter(deals::deleted_at.is_null())
        .group_by(deals::stage_id)
        .select((deals::stage_id, diesel::dsl::count_star()))
        .load::<(Id, i64)>(conn)
        .unwrap()
        .into_iter()
        .collect()
}

/// A SQL literal for an id on this backend (for hand-written WHERE clauses).
pub fn id_literal(conn: &DbConn, id: Id) -> String {
    match conn.backend() {
        BackendKind::Sqlite => format!("X'{}'", id.0.simple()),
        BackendKind::Postgres => format!("'{}'::uuid", id.0),
    }
}
