//! What the benchmark reads as the database owner, outside rolo's repository: the team (users,
//! roles, teams, the visibility setting), the records each rep will write, their state before and
//! after a run, the facts the visibility check needs, and the server's connections.

use std::collections::HashMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

pub type Res<T> = Result<T, String>;

fn q<T>(r: diesel::QueryResult<T>, what: &str) -> Res<T> {
    r.map_err(|e| format!("{what}: {e}"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Admin,
    Manager,
    Rep,
    ReadOnly,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub login: String,
    pub role: Role,
    pub team: Option<Uuid>,
}

#[derive(QueryableByName)]
struct UserRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    login: String,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    team_id: Option<Uuid>,
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Users with a login whose name starts with `prefix` (the simulated reps), by login.
pub fn users(c: &mut PgConnection, prefix: &str) -> Res<Vec<User>> {
    let rows: Vec<UserRow> = q(
        sql_query(
            "SELECT id, login, role, team_id FROM users \
             WHERE deleted_at IS NULL AND active AND starts_with(login, $1) ORDER BY login",
        )
        .bind::<Text, _>(prefix)
        .load(c),
        "reading the users",
    )?;
    rows.into_iter()
        .map(|r| {
            let role = match r.role.as_str() {
                "admin" => Role::Admin,
                "manager" => Role::Manager,
                "sales_rep" => Role::Rep,
                "read_only" => Role::ReadOnly,
                other => return Err(format!("user {}: unknown role {other}", r.login)),
            };
            Ok(User {
                id: r.id,
                login: r.login,
                role,
                team: r.team_id,
            })
        })
        .collect()
}

/// Every user's team (owners of records may be users without a login too).
pub fn teams_of_all(c: &mut PgConnection) -> Res<HashMap<Uuid, Option<Uuid>>> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
        #[diesel(sql_type = Nullable<SqlUuid>)]
        team_id: Option<Uuid>,
    }
    let rows: Vec<R> = q(
        sql_query("SELECT id, team_id FROM users").load(c),
        "reading teams",
    )?;
    Ok(rows.into_iter().map(|r| (r.id, r.team_id)).collect())
}

pub fn visibility(c: &mut PgConnection) -> Res<String> {
    let rows: Vec<One> = q(
        sql_query("SELECT value FROM settings WHERE key = 'visibility'").load(c),
        "reading the visibility setting",
    )?;
    Ok(rows.into_iter().next().map_or("team".into(), |r| r.value))
}

/// The ids of the active stages of kind open, in board order.
pub fn open_stages(c: &mut PgConnection) -> Res<Vec<Uuid>> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let rows: Vec<R> = q(
        sql_query(
            "SELECT id FROM pipeline_stages WHERE deleted_at IS NULL AND active AND kind = 'open' \
             ORDER BY position, id",
        )
        .load(c),
        "reading the stages",
    )?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// A record's state: version and the counter the edits bump (companies: `employee_count`;
/// deals: the stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub version: i32,
    pub employees: Option<i32>,
    pub stage: Option<Uuid>,
}

#[derive(QueryableByName)]
struct StateRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Integer)]
    version: i32,
    #[diesel(sql_type = Nullable<Integer>)]
    employees: Option<i32>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    stage: Option<Uuid>,
}

fn states(rows: Vec<StateRow>) -> HashMap<Uuid, State> {
    rows.into_iter()
        .map(|r| {
            (
                r.id,
                State {
                    version: r.version,
                    employees: r.employees,
                    stage: r.stage,
                },
            )
        })
        .collect()
}

/// `per_user` live companies of each user, chosen by a hash of the id (the same every run).
pub fn hot_companies(
    c: &mut PgConnection,
    users: &[Uuid],
    per_user: i64,
) -> Res<HashMap<Uuid, Vec<Uuid>>> {
    hot(
        c,
        "SELECT id, owner_id FROM (SELECT id, owner_id, row_number() OVER \
         (PARTITION BY owner_id ORDER BY md5(id::text)) AS n FROM companies \
         WHERE deleted_at IS NULL AND owner_id = ANY($1)) t WHERE n <= $2",
        users,
        per_user,
    )
}

/// `per_user` live open deals in open stages of each user.
pub fn hot_deals(
    c: &mut PgConnection,
    users: &[Uuid],
    per_user: i64,
) -> Res<HashMap<Uuid, Vec<Uuid>>> {
    hot(
        c,
        "SELECT id, owner_id FROM (SELECT d.id, d.owner_id, row_number() OVER \
         (PARTITION BY d.owner_id ORDER BY md5(d.id::text)) AS n FROM deals d \
         JOIN pipeline_stages s ON s.id = d.stage_id AND s.kind = 'open' AND s.active \
         WHERE d.deleted_at IS NULL AND d.status = 'open' AND d.owner_id = ANY($1)) t \
         WHERE n <= $2",
        users,
        per_user,
    )
}

fn hot(
    c: &mut PgConnection,
    sql: &str,
    users: &[Uuid],
    per_user: i64,
) -> Res<HashMap<Uuid, Vec<Uuid>>> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
        #[diesel(sql_type = SqlUuid)]
        owner_id: Uuid,
    }
    let rows: Vec<R> = q(
        sql_query(sql)
            .bind::<Array<SqlUuid>, _>(users)
            .bind::<BigInt, _>(per_user)
            .load(c),
        "choosing the records to write",
    )?;
    let mut by: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for r in rows {
        by.entry(r.owner_id).or_default().push(r.id);
    }
    for v in by.values_mut() {
        v.sort();
    }
    Ok(by)
}

pub fn company_states(c: &mut PgConnection, ids: &[Uuid]) -> Res<HashMap<Uuid, State>> {
    let rows = q(
        sql_query(
            "SELECT id, version, employee_count AS employees, NULL::uuid AS stage \
             FROM companies WHERE id = ANY($1)",
        )
        .bind::<Array<SqlUuid>, _>(ids)
        .load(c),
        "reading companies",
    )?;
    Ok(states(rows))
}

pub fn deal_states(c: &mut PgConnection, ids: &[Uuid]) -> Res<HashMap<Uuid, State>> {
    let rows = q(
        sql_query(
            "SELECT id, version, NULL::integer AS employees, stage_id AS stage \
             FROM deals WHERE id = ANY($1)",
        )
        .bind::<Array<SqlUuid>, _>(ids)
        .load(c),
        "reading deals",
    )?;
    Ok(states(rows))
}

/// `update` history rows of `ids` written at or after `after`, per (entity id, login): what each login's successful writes left behind.
pub fn history_since(
    c: &mut PgConnection,
    entity: &str,
    ids: &[Uuid],
    after: chrono::NaiveDateTime,
) -> Res<HashMap<(Uuid, String), i64>> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = SqlUuid)]
        entity_id: Uuid,
        #[diesel(sql_type = Text)]
        login: String,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let rows: Vec<R> = q(
        sql_query(
            "SELECT entity_id, coalesce(login, '') AS login, count(*) AS n FROM history \
             WHERE entity = $1 AND entity_id = ANY($2) AND at >= $3 AND action = 'update' \
             GROUP BY 1, 2",
        )
        .bind::<Text, _>(entity)
        .bind::<Array<SqlUuid>, _>(ids)
        .bind::<diesel::sql_types::Timestamptz, _>(after)
        .load(c),
        "reading history",
    )?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.entity_id, r.login), r.n))
        .collect())
}

/// The columns visibility depends on, for the records a run showed.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub owner: Option<Uuid>,
    pub company: Option<Uuid>,
    pub contact: Option<Uuid>,
    pub deal: Option<Uuid>,
    pub assignee: Option<Uuid>,
}

#[derive(QueryableByName)]
struct LinkRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    owner_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    company_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    contact_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    deal_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    assignee_id: Option<Uuid>,
}

/// `table` is one of four fixed names (never user input).
pub fn links(c: &mut PgConnection, table: &str, ids: &[Uuid]) -> Res<HashMap<Uuid, Links>> {
    let cols = match table {
        "companies" => {
            "id, owner_id, NULL::uuid AS company_id, NULL::uuid AS contact_id, \
                        NULL::uuid AS deal_id, NULL::uuid AS assignee_id"
        }
        "contacts" => {
            "id, owner_id, company_id, NULL::uuid AS contact_id, \
                       NULL::uuid AS deal_id, NULL::uuid AS assignee_id"
        }
        "deals" => {
            "id, owner_id, company_id, NULL::uuid AS contact_id, \
                    NULL::uuid AS deal_id, NULL::uuid AS assignee_id"
        }
        "activities" => "id, owner_id, company_id, contact_id, deal_id, assignee_id",
        other => return Err(format!("no such table {other}")),
    };
    let mut out = HashMap::new();
    for chunk in ids.chunks(20_000) {
        let rows: Vec<LinkRow> = q(
            sql_query(format!("SELECT {cols} FROM {table} WHERE id = ANY($1)"))
                .bind::<Array<SqlUuid>, _>(chunk)
                .load(c),
            "reading links",
        )?;
        out.extend(rows.into_iter().map(|r| {
            (
                r.id,
                Links {
                    owner: r.owner_id,
                    company: r.company_id,
                    contact: r.contact_id,
                    deal: r.deal_id,
                    assignee: r.assignee_id,
                },
            )
        }));
    }
    Ok(out)
}

/// Server connections of the reps' logins (`pg_stat_activity`), by state.
pub fn connections(c: &mut PgConnection, db: &str, prefix: &str) -> Res<(i64, i64)> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = BigInt)]
        total: i64,
        #[diesel(sql_type = BigInt)]
        active: i64,
    }
    let rows: Vec<R> = q(
        sql_query(
            "SELECT count(*) AS total, count(*) FILTER (WHERE state <> 'idle') AS active \
             FROM pg_stat_activity WHERE datname = $1 AND starts_with(usename, $2)",
        )
        .bind::<Text, _>(db)
        .bind::<Text, _>(prefix)
        .load(c),
        "reading pg_stat_activity",
    )?;
    Ok(rows.first().map_or((0, 0), |r| (r.total, r.active)))
}

pub fn now(c: &mut PgConnection) -> Res<chrono::NaiveDateTime> {
    #[derive(QueryableByName)]
    struct R {
        #[diesel(sql_type = diesel::sql_types::Timestamptz)]
        t: chrono::NaiveDateTime,
    }
    let rows: Vec<R> = q(sql_query("SELECT now() AS t").load(c), "reading the clock")?;
    rows.into_iter()
        .next()
        .map(|r| r.t)
        .ok_or_else(|| "no time".to_string())
}
