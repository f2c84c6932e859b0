//! `rolo agenda`: what is due for the acting user (`--as`, ROLO_USER or the config's `user`) —
//! overdue, today, the next `--days` days and, with `--done`, what was completed today — in the
//! acting user's time zone (`users.timezone`; the machine's for `--all-owners` without one). Without an acting user it
//! shows everyone's agenda (as `--all-owners` does) with a one-line note on stderr saying why, so
//! a cron job that meant one user's tasks is not silently misled.

use std::io::Write;

use chrono::NaiveDateTime;
use serde_json::Value;

use super::args::{AgendaArgs, ViewOutput};
use crate::app::Ctx;
use crate::db::repo::agenda::{self, AgendaItem, AgendaQuery, Section};
use crate::domain::text;
use crate::domain::zone::Zone;
use crate::error::{exit, AppError};

pub fn run(ctx: &Ctx, args: AgendaArgs) -> Result<i32, AppError> {
    if args.limit < 1 {
        return Err(AppError::Usage("--limit must be at least 1".into()));
    }
    let owner = match (args.all_owners, ctx.actor) {
        (true, _) => None,
        (false, Some(me)) => Some(me),
        (false, None) => {
            // stderr only, so a script reading stdout is not misled yet still gets the agenda
            eprintln!(
                "rolo: note: showing everyone's agenda because no acting user is set; \
                 pass --as EMAIL, set ROLO_USER or `user = \"EMAIL\"` in the config file"
            );
            None
        }
    };
    let mut q = AgendaQuery::new(owner, crate::db::now());
    q.zone = ctx.zone;
    q.days = args.days;
    q.include_done = args.done && !args.overdue;
    q.limit = args.limit;
    let mut conn = ctx.conn()?;
    let a = agenda::agenda_for(&mut conn, &q, &ctx.access)?;
    let written = match args.output {
        ViewOutput::Json => {
            let mut v = serde_json::to_value(&a).map_err(|e| AppError::Internal(e.to_string()))?;
            if let Value::Object(map) = &mut v {
                if args.overdue {
                    map.retain(|k, _| k == "window" || k == "overdue");
                } else if !q.include_done {
                    map.remove("done");
                }
            }
            writeln!(super::out::data(), "{v}")
        }
        ViewOutput::Table => {
            let mut sections = vec![("OVERDUE".to_string(), &a.overdue, false)];
            if !args.overdue {
                sections.push(("TODAY".to_string(), &a.today, false));
                let days = match args.days {
                    1 => "tomorrow".to_string(),
                    n => format!("next {n} days"),
                };
                sections.push((format!("UPCOMING ({days})"), &a.upcoming, false));
                if let Some(done) = &a.done {
                    sections.push(("DONE TODAY".to_string(), done, true));
                }
            }
            let mut out = super::out::text();
            sections
                .into_iter()
                .try_for_each(|(title, s, done)| write_section(&mut out, &title, s, done, ctx.zone))
        }
    };
    match written {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(e.into()),
    }
}

/// The wall-clock time of `t` in `zone`, by the zone's rules at that instant.
fn local(t: Option<NaiveDateTime>, zone: Zone) -> String {
    t.map(|t| zone.to_local(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}

/// "Acme Ltd / Ada Lovelace / Big renewal", the links that are set.
fn links(i: &AgendaItem) -> String {
    [&i.company, &i.contact, &i.deal]
        .into_iter()
        .flatten()
        .map(|n| text::sanitize(&n.name))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn write_section(
    out: &mut impl Write,
    title: &str,
    s: &Section,
    done: bool,
    zone: Zone,
) -> std::io::Result<()> {
    let more = if s.more { "+" } else { "" };
    writeln!(out, "{title} ({}{more})", s.items.len())?;
    if s.items.is_empty() {
        writeln!(out, "  (nothing)")?;
    }
    for i in &s.items {
        let when = if done {
            local(i.completed_at, zone)
        } else {
            local(i.due_at, zone)
        };
        let who = i
            .assignee
            .as_ref()
            .or(i.owner.as_ref())
            .map(|n| text::sanitize(&n.name))
            .unwrap_or_default();
        writeln!(
            out,
            "  {when}  {:<7}  {}  {}  {who}",
            i.kind.as_str(),
            text::fill(&text::sanitize(&i.subject), 40),
            text::fill(&links(i), 40)
        )?;
    }
    if s.more {
        writeln!(
            out,
            "  … more not shown (raise --limit, now {})",
            s.items.len()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ActivityId;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn item(subject: &str, due: &str) -> AgendaItem {
        AgendaItem {
            id: ActivityId(crate::domain::Id::new()),
            version: 1,
            kind: crate::domain::ActivityKind::Task,
            subject: subject.into(),
            due_at: Some(utc(due)),
            completed_at: None,
            outcome: None,
            company: None,
            contact: None,
            deal: None,
            owner: None,
            assignee: None,
        }
    }

    #[test]
    fn each_item_shows_its_own_wall_time_across_a_daylight_saving_change() {
        // Berlin: 09:00 on both sides of 2027-03-28 (CET, UTC+1, then CEST, UTC+2)
        let s = Section {
            items: vec![
                item("before", "2027-03-27 08:00"),
                item("after", "2027-03-29 07:00"),
            ],
            more: false,
        };
        let mut out = Vec::new();
        let berlin = Zone::named("Europe/Berlin").unwrap();
        write_section(&mut out, "UPCOMING", &s, false, berlin).unwrap();
        let text = String::from_utf8(out).unwrap();
        let whens: Vec<&str> = text.lines().skip(1).map(|l| &l[2..18]).collect();
        assert_eq!(whens, ["2027-03-27 09:00", "2027-03-29 09:00"]);
    }
}
