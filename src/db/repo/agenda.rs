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

use chrono::{NaiveDateTime, NaiveTime};

use crate::db::access::Access;
use crate::db::{DbConn, DbError};
use crate::domain::zone::Zone;
use crate::domain::{ActivityId, ActivityKind, Id, Outcome, UserId};

mod names;
mod query;

use names::Names;
use query::{section_rows, Span};

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

/// The agenda of `q.owner` (or everyone's), unrestricted (no acting user): see [`agenda_for`].
pub fn agenda(conn: &mut DbConn, q: &AgendaQuery) -> Result<Agenda, DbError> {
    agenda_for(conn, q, &Access::default())
}

/// The agenda of `q.owner` (or everyone's): each section one or two bounded indexed statements,
/// then one lookup per linked table for the names. Only what `access` may see: activities by the
/// visibility predicate, and a linked company, contact or deal the user may not see is left out
/// of its item (no name of a hidden record is shown).
pub fn agenda_for(conn: &mut DbConn, q: &AgendaQuery, access: &Access) -> Result<Agenda, DbError> {
    let scope = crate::db::access::predicate(access, crate::domain::Entity::Activities);
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
        sections.push(section_rows(conn, q.owner, *span, limit, scope.as_deref())?);
    }
    let names = Names::load(conn, access, sections.iter().flat_map(|(rows, _)| rows))?;
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

#[cfg(test)]
mod tests;
