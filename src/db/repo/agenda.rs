//! The agenda: what is due for someone — overdue, today, the next days — and, on request, what
//! they completed today. An agenda item is any live activity with a due time (tasks, and calls or
//! meetings scheduled ahead), with the names of its company, contact, deal, owner and assignee.
//!
//! Whose agenda: an activity belongs to its **assignee**, or to its **owner** when it has no
//! assignee. Each section is read by keyset-ordered, bounded queries (`ORDER BY due_at, id LIMIT`):
//! assigned open items from the partial index `activities_open_due_live_idx (assignee_id, due_at,
//! id) WHERE deleted_at IS NULL AND completed_at IS NULL`, unassigned ones from the same index at
//! `assignee_id IS NULL`, and merged. Everyone's agenda reads `activities_due_live_idx (due_at, id)`.
//!
//! Sections (all bounds in UTC, "today" being the local day of `now` in `zone`, by the zone's
//! rules for that day: 23 or 25 hours long across a daylight-saving change):
//!
//! * overdue: open, due before `now` (oldest first);
//! * today: open, due from `now` to the end of today;
//! * upcoming: open, due from the end of today for `days` more days;
//! * done (when asked): completed from the start of today up to `now`, in completion order.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::db::conn::{BackendKind, MultiBackend};
use crate::db::models::Activity;
use crate::db::schema::{activities, companies, contacts, deals, users};
use crate::db::types::sql::Uuid;
use crate::db::{DbConn, DbError};
use crate::domain::zone::Zone;
use crate::domain::{ActivityId, ActivityKind, Id, Outcome, UserId};

/// What to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaQuery {
    /// Whose agenda; `None` is everyone's.
    pub owner: Option<UserId>,
    /// "Now" in UTC.
    pub now: NaiveDateTime,
    /// The user's time zone: it decides where "today" and the following days start and end.
    pub zone: Zone,
    /// How many days after today the upcoming section covers.
    pub days: u32,
    /// Also read the items completed today.
    pub include_done: bool,
    /// At most this many items per section (at least 1); [`Section::more`] says if there are more.
    pub limit: i64,
}

impl AgendaQuery {
    /// The agenda of `owner` (None: everyone) for the next 7 days, UTC days, 100 items a section.
    pub fn new(owner: Option<UserId>, now: NaiveDateTime) -> Self {
        AgendaQuery {
            owner,
            now,
            zone: Zone::Named(chrono_tz::UTC),
            days: 7,
            include_done: false,
            limit: 100,
        }
    }
}

/// The section bounds, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Window {
    pub now: NaiveDateTime,
    pub today_start: NaiveDateTime,
    pub today_end: NaiveDateTime,
    /// The end of the upcoming section.
    pub until: NaiveDateTime,
}

impl Window {
    pub fn of(q: &AgendaQuery) -> Window {
        // no later than the last day both backends compare alike
        let last = crate::domain::when::MAX_DATE;
        let today = q.zone.to_local(q.now).date();
        let after = |days: u32| {
            today
                .checked_add_days(chrono::Days::new(u64::from(days)))
                .map_or(last, |d| d.min(last))
        };
        let tomorrow = after(1);
        let until = after(1_u32.saturating_add(q.days));
        Window {
            now: q.now,
            today_start: q.zone.day_start(today),
            today_end: q.zone.day_start(tomorrow),
            until: q.zone.day_start(until).min(last.and_time(NaiveTime::MIN)),
        }
    }
}

/// A linked record: its id and what to call it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Named {
    pub id: Id,
    pub name: String,
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgendaItem {
    pub id: ActivityId,
    /// For completing or editing it (optimistic concurrency).
    pub version: i32,
    pub kind: ActivityKind,
    pub subject: String,
    pub due_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub outcome: Option<Outcome>,
    pub company: Option<Named>,
    pub contact: Option<Named>,
    pub deal: Option<Named>,
    pub owner: Option<Named>,
    pub assignee: Option<Named>,
}

/// One section: at most `limit` items, sorted; `more` when further items exist.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Section {
    pub items: Vec<AgendaItem>,
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Agenda {
    pub window: Window,
    pub overdue: Section,
    pub today: Section,
    pub upcoming: Section,
    /// Only when asked for ([`AgendaQuery::include_done`]).
    pub done: Option<Section>,
}

/// Which time a section is about.
#[derive(Clone, Copy)]
enum Span {
    /// Open items due in `[from, until)` (`from` None: no lower bound).
    Due {
        from: Option<NaiveDateTime>,
        until: NaiveDateTime,
    },
    /// Items completed in `[from, until]`.
    Done {
        from: NaiveDateTime,
        until: NaiveDateTime,
    },
}

/// Whose items one statement reads.
#[derive(Clone, Copy)]
enum Whose {
    Everyone,
    Assigned(UserId),
    OwnedUnassigned(UserId),
}

/// A term SQLite's planner must not pick an index for, as SQL on SQLite (wrapped in `likely()`).
///
/// SQLite plans from `sqlite_stat1`, which keeps only the average number of rows per indexed
/// value. `completed_at IS NULL` then looks like ~2 rows (the average over all completion times)
/// although every open activity has it, so SQLite reads `activities_completed_live_idx` and sorts
/// (measured: 3.3 s for the largest owner's agenda on 2M activities); and a person's id looks as
/// selective in several indexes. `likely(term)` tells it the term holds for most rows, so it picks
/// the index that matches the rest of the statement and its order, and partial indexes still see
/// the term. PostgreSQL keeps real statistics (null fraction, most common values) and gets the
/// plain term.
fn likely(sql: &'static str) -> diesel::expression::SqlLiteral<Bool> {
    diesel::dsl::sql::<Bool>(sql)
}

/// One bounded, ordered statement: `limit` rows of one person's (or everyone's) items in a span.
/// The intended plans: open items of one assignee from `activities_open_due_live_idx
/// (assignee_id, due_at, id)`, unassigned ones from the same index at `assignee_id IS NULL`,
/// everyone's from `activities_due_live_idx (due_at, id)`, and completed items from
/// `activities_completed_live_idx (completed_at, id)` in order, stopping at `limit`.
fn read(conn: &mut DbConn, whose: Whose, span: Span, limit: i64) -> Result<Vec<Activity>, DbError> {
    let sqlite = conn.backend() == BackendKind::Sqlite;
    let done = matches!(span, Span::Done { .. });
    let mut q = activities::table
        .filter(activities::deleted_at.is_null())
        .select(Activity::as_select())
        .into_boxed::<MultiBackend>();
    q = match whose {
        Whose::Everyone => q,
        Whose::Assigned(u) if sqlite && done => q.filter(
            likely(r#"likely("activities"."assignee_id" = "#)
                .bind::<Uuid, _>(u)
                .sql(")"),
        ),
        Whose::Assigned(u) => q.filter(activities::assignee_id.eq(u)),
        Whose::OwnedUnassigned(u) if sqlite => {
            let q = if done {
                q.filter(likely(r#"likely("activities"."assignee_id" IS NULL)"#))
            } else {
                q.filter(activities::assignee_id.is_null())
            };
            q.filter(
                likely(r#"likely("activities"."owner_id" = "#)
                    .bind::<Uuid, _>(u)
                    .sql(")"),
            )
        }
        Whose::OwnedUnassigned(u) => q
            .filter(activities::assignee_id.is_null())
            .filter(activities::owner_id.eq(u)),
    };
    q = match span {
        Span::Due { from, until } => {
            q = if sqlite {
                q.filter(likely(r#"likely("activities"."completed_at" IS NULL)"#))
            } else {
                q.filter(activities::completed_at.is_null())
            };
            q = q.filter(activities::due_at.lt(until));
            if let Some(from) = from {
                q = q.filter(activities::due_at.ge(from));
            }
            q.order((activities::due_at.asc(), activities::id.asc()))
        }
        Span::Done { from, until } => q
            .filter(activities::completed_at.ge(from))
            .filter(activities::completed_at.le(until))
            .order((activities::completed_at.asc(), activities::id.asc())),
    };
    Ok(q.limit(limit).load(conn)?)
}

/// The sort key of a section.
fn key(span: Span, a: &Activity) -> (Option<NaiveDateTime>, ActivityId) {
    match span {
        Span::Due { .. } => (a.fields.due_at, a.id),
        Span::Done { .. } => (a.fields.completed_at, a.id),
    }
}

/// A section's rows for `owner`: assigned ones and owned unassigned ones, merged in order.
fn section_rows(
    conn: &mut DbConn,
    owner: Option<UserId>,
    span: Span,
    limit: i64,
) -> Result<(Vec<Activity>, bool), DbError> {
    let mut rows = match owner {
        None => read(conn, Whose::Everyone, span, limit + 1)?,
        Some(u) => {
            let mut rows = read(conn, Whose::Assigned(u), span, limit + 1)?;
            rows.extend(read(conn, Whose::OwnedUnassigned(u), span, limit + 1)?);
            rows.sort_by_key(|a| key(span, a));
            rows
        }
    };
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}

/// The agenda of `q.owner` (or everyone's): each section one or two bounded indexed statements,
/// then one lookup per linked table for the names.
pub fn agenda(conn: &mut DbConn, q: &AgendaQuery) -> Result<Agenda, DbError> {
    let w = Window::of(q);
    let limit = q.limit.max(1);
    let spans = [
        Span::Due {
            from: None,
            until: w.now,
        },
        Span::Due {
            from: Some(w.now),
            until: w.today_end,
        },
        Span::Due {
            from: Some(w.today_end),
            until: w.until,
        },
        Span::Done {
            from: w.today_start,
            until: w.now,
        },
    ];
    let wanted = if q.include_done { 4 } else { 3 };
    let mut sections = Vec::with_capacity(wanted);
    for span in &spans[..wanted] {
        sections.push(section_rows(conn, q.owner, *span, limit)?);
    }
    let names = Names::load(conn, sections.iter().flat_map(|(rows, _)| rows))?;
    let mut sections = sections.into_iter().map(|(rows, more)| Section {
        items: rows.into_iter().map(|a| names.item(a)).collect(),
        more,
    });
    Ok(Agenda {
        window: w,
        overdue: sections.next().unwrap_or_default(),
        today: sections.next().unwrap_or_default(),
        upcoming: sections.next().unwrap_or_default(),
        done: sections.next(),
    })
}

/// The names of the records a set of activities link to.
#[derive(Default)]
struct Names {
    companies: HashMap<Id, String>,
    contacts: HashMap<Id, String>,
    deals: HashMap<Id, String>,
    users: HashMap<Id, String>,
}

impl Names {
    fn load<'a>(
        conn: &mut DbConn,
        rows: impl Iterator<Item = &'a Activity>,
    ) -> Result<Names, DbError> {
        let (mut co, mut ct, mut de, mut us) = (
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
        );
        for a in rows {
            let f = &a.fields;
            co.extend(f.company_id.map(|i| i.id()));
            ct.extend(f.contact_id.map(|i| i.id()));
            de.extend(f.deal_id.map(|i| i.id()));
            us.extend(f.owner_id.map(|i| i.id()));
            us.extend(f.assignee_id.map(|i| i.id()));
        }
        let mut n = Names::default();
        if !co.is_empty() {
            n.companies = companies::table
                .filter(companies::id.eq_any(co))
                .select((companies::id, companies::name))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        if !ct.is_empty() {
            n.contacts = contacts::table
                .filter(contacts::id.eq_any(ct))
                .select((contacts::id, contacts::first_name, contacts::last_name))
                .load::<(Id, String, Option<String>)>(conn)?
                .into_iter()
                .map(|(id, first, last)| match last {
                    Some(last) => (id, format!("{first} {last}")),
                    None => (id, first),
                })
                .collect();
        }
        if !de.is_empty() {
            n.deals = deals::table
                .filter(deals::id.eq_any(de))
                .select((deals::id, deals::title))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        if !us.is_empty() {
            n.users = users::table
                .filter(users::id.eq_any(us))
                .select((users::id, users::name))
                .load::<(Id, String)>(conn)?
                .into_iter()
                .collect();
        }
        Ok(n)
    }

    fn item(&self, a: Activity) -> AgendaItem {
        let named = |map: &HashMap<Id, String>, id: Option<Id>| {
            id.map(|id| Named {
                id,
                name: map.get(&id).cloned().unwrap_or_default(),
            })
        };
        let f = a.fields;
        AgendaItem {
            id: a.id,
            version: a.version,
            kind: f.kind,
            subject: f.subject,
            due_at: f.due_at,
            completed_at: f.completed_at,
            outcome: f.outcome,
            company: named(&self.companies, f.company_id.map(|i| i.id())),
            contact: named(&self.contacts, f.contact_id.map(|i| i.id())),
            deal: named(&self.deals, f.deal_id.map(|i| i.id())),
            owner: named(&self.users, f.owner_id.map(|i| i.id())),
            assignee: named(&self.users, f.assignee_id.map(|i| i.id())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate};

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn today_is_the_local_day_of_now() {
        let mut q = AgendaQuery::new(None, at(4, 23, 30));
        let w = Window::of(&q);
        assert_eq!((w.today_start, w.today_end), (at(4, 0, 0), at(5, 0, 0)));
        assert_eq!(w.until, at(12, 0, 0));
        // 23:30 UTC is already the 5th in Berlin (UTC+1): its day runs 23:00 to 23:00 UTC
        q.zone = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let w = Window::of(&q);
        assert_eq!((w.today_start, w.today_end), (at(4, 23, 0), at(5, 23, 0)));
        // and still the 4th in New York (UTC-5), which started at 05:00 UTC
        q.zone = Zone::Fixed(FixedOffset::west_opt(5 * 3600).unwrap());
        q.days = 0;
        let w = Window::of(&q);
        assert_eq!((w.today_start, w.today_end), (at(4, 5, 0), at(5, 5, 0)));
        assert_eq!(w.until, w.today_end);
    }

    #[test]
    fn days_follow_the_zones_daylight_saving_rules() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        // Berlin springs forward on 2027-03-28 at 02:00 (01:00 UTC): that day has 23 hours
        let mut q = AgendaQuery::new(None, utc("2027-03-28 10:00"));
        q.zone = berlin;
        q.days = 2;
        let w = Window::of(&q);
        assert_eq!(w.today_start, utc("2027-03-27 23:00")); // midnight CET
        assert_eq!(w.today_end, utc("2027-03-28 22:00")); // midnight CEST
        assert_eq!(w.until, utc("2027-03-30 22:00"));
        // the day before the change still has 24 winter hours
        q.now = utc("2027-03-27 10:00");
        let w = Window::of(&q);
        assert_eq!(
            (w.today_start, w.today_end),
            (utc("2027-03-26 23:00"), utc("2027-03-27 23:00"))
        );
        // and the upcoming days end at local midnight after the change, not 24 h multiples
        assert_eq!(w.until, utc("2027-03-29 22:00"));
        // New York falls back on 2027-11-07 at 02:00 (06:00 UTC): that day has 25 hours
        q.zone = Zone::named("America/New_York").unwrap();
        q.now = utc("2027-11-07 12:00");
        q.days = 0;
        let w = Window::of(&q);
        assert_eq!(w.today_start, utc("2027-11-07 04:00")); // midnight EDT
        assert_eq!(w.today_end, utc("2027-11-08 05:00")); // midnight EST
    }
}
