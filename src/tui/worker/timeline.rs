//! The activities timeline: the agenda sections read through `repo::agenda`, turned into lines
//! in local time, and completing a task.

use chrono::NaiveDateTime;

use crate::app::Ctx;
use crate::db::repo::agenda::{self, AgendaItem, AgendaQuery, Section};
use crate::db::{DbConn, DbError};
use crate::domain::zone::Zone;
use crate::domain::{ActivityId, ActivityKind, Id};
use crate::tui::state::timeline::{ItemView, Line};

/// Items per section.
const LIMIT: i64 = 200;

pub fn symbol(kind: ActivityKind) -> char {
    match kind {
        ActivityKind::Call => 'C',
        ActivityKind::Email => 'E',
        ActivityKind::Meeting => 'M',
        ActivityKind::Note => 'N',
        ActivityKind::Task => 'T',
    }
}

fn view(i: &AgendaItem, zone: Zone, with_date: bool) -> ItemView {
    let at = i.completed_at.or(i.due_at).map(|t| zone.to_local(t));
    let when = at.map_or_else(String::new, |t| {
        if with_date {
            t.format("%a %d %b %H:%M").to_string()
        } else {
            t.format("%H:%M").to_string()
        }
    });
    let links = [&i.company, &i.contact, &i.deal]
        .into_iter()
        .flatten()
        .map(|n| n.name.clone())
        .collect::<Vec<_>>()
        .join(" · ");
    ItemView {
        id: i.id.id(),
        version: i.version,
        symbol: symbol(i.kind),
        kind: i.kind.to_string(),
        subject: i.subject.clone(),
        when,
        links,
        owner: i
            .assignee
            .as_ref()
            .or(i.owner.as_ref())
            .map(|n| n.name.clone())
            .unwrap_or_default(),
        outcome: i.outcome.map(|o| o.to_string()).unwrap_or_default(),
        done: i.completed_at.is_some(),
    }
}

fn section(lines: &mut Vec<Line>, name: &str, s: &Section, zone: Zone, by_day: bool) {
    lines.push(Line::Section {
        name: name.to_string(),
        count: s.items.len(),
        more: s.more,
    });
    let mut day = None;
    for i in &s.items {
        if by_day {
            let d = i.due_at.map(|t| zone.to_local(t).date());
            if d != day {
                day = d;
                if let Some(d) = d {
                    lines.push(Line::Day(d.format("%A %d %B").to_string()));
                }
            }
        }
        lines.push(Line::Item(view(i, zone, !by_day && name == "Overdue")));
    }
}

pub fn load(
    ctx: &Ctx,
    conn: &mut DbConn,
    mine: bool,
    days: u32,
    now: Option<NaiveDateTime>,
) -> Result<Vec<Line>, DbError> {
    let zone = ctx.zone;
    let now = now.unwrap_or_else(crate::db::now);
    let mut q = AgendaQuery::new(if mine { ctx.actor } else { None }, now);
    q.zone = zone;
    q.days = days;
    q.include_done = true;
    q.limit = LIMIT;
    let a = agenda::agenda_for(conn, &q, &ctx.access)?;
    let mut lines = Vec::new();
    section(&mut lines, "Overdue", &a.overdue, zone, false);
    section(&mut lines, "Today", &a.today, zone, false);
    section(
        &mut lines,
        &format!("Next {days} days"),
        &a.upcoming,
        zone,
        true,
    );
    if let Some(done) = &a.done {
        section(&mut lines, "Done today", done, zone, false);
    }
    Ok(lines)
}

pub fn complete(ctx: &Ctx, conn: &mut DbConn, id: Id, version: i32) -> Result<(), DbError> {
    crate::db::repo::activity::complete(conn, ctx.actor, ActivityId(id), version).map(drop)
}

/// `x` in the activities table, or its undo.
pub fn mark(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: Id,
    version: i32,
    to: crate::tui::effect::DoneTo,
) -> Result<crate::tui::state::Marked, DbError> {
    use crate::db::repo::activity;
    use crate::tui::effect::DoneTo;
    let before = activity::get_live(conn, ActivityId(id))?;
    let at = match to {
        DoneTo::Toggle if before.fields.completed_at.is_some() => None,
        DoneTo::Toggle => Some(crate::db::now()),
        DoneTo::Back(at) => at,
    };
    let after = activity::set_completed(conn, ctx.actor, ActivityId(id), version, at)?;
    Ok(crate::tui::state::Marked {
        version: after.version,
        done: after.fields.completed_at.is_some(),
        before: before.fields.completed_at,
    })
}
