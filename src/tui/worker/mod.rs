//! Runs effects on the connection pool, off the UI thread, and sends the result back as an
//! action. For requests that supersede each other (a pane's rows, its count, a record), a job
//! that is no longer the newest of its slot when it starts is skipped: typing a filter fast runs
//! the last query, not every one.

pub mod board;
mod detail;
pub mod form;
mod names;
mod pick;
mod rows;
pub mod stages;
mod timeline;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use super::action::Action;
use super::effect::Effect;
use super::pane::PaneId;
use super::state::listing::Count;
use super::state::Summary;
use crate::app::Ctx;
use crate::db::repo::{self, Liveness};
use crate::db::DbConn;
use crate::domain::{Entity, ViewDraft};
use crate::error::AppError;

/// The cap for the live count under a table: beyond it the status bar says "10,000+".
pub const COUNT_CAP: i64 = 10_000;

type Latest = Arc<Mutex<HashMap<(PaneId, u8), u64>>>;

#[derive(Clone)]
pub struct Worker {
    ctx: Ctx,
    tx: UnboundedSender<Action>,
    latest: Latest,
    /// How many replaced-file reopens the app has been told about.
    replaced: Arc<AtomicU64>,
}

impl Worker {
    pub fn new(ctx: Ctx, tx: UnboundedSender<Action>) -> Self {
        Worker {
            ctx,
            tx,
            latest: Arc::default(),
            replaced: Arc::new(AtomicU64::new(crate::db::conn::replaced_files())),
        }
    }

    /// Queue an effect on the blocking pool.
    pub fn spawn(&self, effect: Effect) {
        let key = effect.slot().zip(effect.req());
        if let Some((slot, req)) = key {
            if let Ok(mut latest) = self.latest.lock() {
                latest.insert(slot, req);
            }
        }
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            if let Some((slot, req)) = key {
                let newest = this.latest.lock().ok().and_then(|l| l.get(&slot).copied());
                if newest.is_some_and(|n| n != req) {
                    return;
                }
            }
            let reply = run(&this.ctx, effect);
            let replaced = crate::db::conn::replaced_files();
            if this.replaced.swap(replaced, Ordering::Relaxed) < replaced {
                let _ = this.tx.send(Action::DatabaseReplaced);
            }
            if let Some(action) = reply {
                let _ = this.tx.send(action);
            }
        });
    }
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn ms_since(t: Instant) -> u64 {
    u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Run one effect to completion on this thread (the worker calls it on the blocking pool; tests
/// call it directly).
pub fn run(ctx: &Ctx, effect: Effect) -> Option<Action> {
    let started = Instant::now();
    let conn = ctx.conn();
    let mut conn = match conn {
        Ok(c) => c,
        Err(e) => return Some(failed(effect, e.to_string())),
    };
    let conn: &mut DbConn = &mut conn;
    Some(match effect {
        Effect::LoadSummary => Action::SummaryLoaded(summary(conn).map_err(text)),
        Effect::LoadRows {
            pane,
            req,
            query,
            from,
            limit,
        } => {
            let result = rows::load(ctx, conn, pane, &query, &from, limit).map_err(text);
            Action::RowsLoaded {
                pane,
                req,
                from,
                result,
                ms: ms_since(started),
            }
        }
        Effect::Count { pane, req, filter } => Action::Counted {
            pane,
            req,
            result: rows::count(ctx, conn, pane, &filter, COUNT_CAP).map_err(text),
        },
        Effect::LoadDetail { pane, req, id } => Action::DetailLoaded {
            req,
            result: detail::load(conn, pane, id).map_err(text),
            ms: ms_since(started),
        },
        Effect::Delete {
            pane,
            id,
            version,
            label,
        } => Action::Deleted {
            pane,
            id,
            label,
            result: rows::delete(ctx, conn, pane, id, version).map_err(text),
        },
        Effect::Restore { pane, id, label } => Action::Restored {
            pane,
            id,
            label,
            result: rows::restore(ctx, conn, pane, id).map_err(text),
        },
        Effect::FindView { name } => Action::ViewLoaded {
            result: find_view(ctx, conn, &name),
            name,
        },
        Effect::SaveView {
            name,
            pane,
            filter,
            sort,
        } => Action::ViewSaved {
            result: save_view(ctx, conn, &name, pane.entity(), filter, sort).map_err(text),
            name,
        },
        Effect::LoadKnown => Action::KnownLoaded(known(conn).map_err(text)),
        Effect::LoadStages { req } => Action::StagesLoaded {
            req,
            result: stages::load(conn).map_err(text),
        },
        Effect::ChangeStage {
            id,
            version,
            name,
            change,
        } => Action::StageChanged {
            result: stages::change(ctx, conn, id, version, &name, change),
            id,
            name,
        },
        Effect::Form(effect) => form::run(ctx, conn, effect),
        // the loop runs the editor itself
        Effect::EditText { .. } => return None,
        Effect::LoadTimeline {
            req,
            mine,
            days,
            now,
        } => Action::TimelineLoaded {
            req,
            result: timeline::load(ctx, conn, mine, days, now).map_err(text),
            ms: ms_since(started),
        },
        Effect::CompleteActivity {
            id,
            version,
            subject,
        } => Action::Completed {
            result: timeline::complete(ctx, conn, id, version).map_err(text),
            subject,
        },
        Effect::MarkDone {
            id,
            version,
            subject,
            to,
        } => Action::MarkedDone {
            result: timeline::mark(ctx, conn, id, version, to).map_err(text),
            undo: matches!(to, crate::tui::effect::DoneTo::Back(_)),
            id,
            subject,
        },
        Effect::LoadBoard { req, filter } => Action::BoardLoaded {
            req,
            result: board::load(ctx, conn, &filter).map_err(text),
            ms: ms_since(started),
        },
        Effect::LoadCards {
            req,
            stage,
            filter,
            after,
        } => Action::CardsLoaded {
            req,
            stage,
            result: board::more(ctx, conn, &filter, stage, after).map_err(text),
        },
        Effect::MoveDeal {
            deal,
            version,
            title,
            to,
            reason,
        } => Action::DealMoved {
            result: board::move_card(ctx, conn, deal, version, to, reason),
            deal,
            version,
            title,
        },
        Effect::PutBack { deal, title, back } => Action::DealMoved {
            result: board::put_back(ctx, conn, deal, &back),
            deal,
            version: back.version,
            title,
        },
        Effect::SeedDemo => Action::DemoLoaded(
            crate::seed::demo::load(conn, ctx.actor)
                .map(|_| ())
                .map_err(text),
        ),
    })
}

/// The reply an effect gets when no connection could be had.
fn failed(effect: Effect, e: String) -> Action {
    match effect {
        Effect::LoadSummary => Action::SummaryLoaded(Err(e)),
        Effect::LoadRows {
            pane, req, from, ..
        } => Action::RowsLoaded {
            pane,
            req,
            from,
            result: Err(e),
            ms: 0,
        },
        Effect::Count { pane, req, .. } => Action::Counted {
            pane,
            req,
            result: Err(e),
        },
        Effect::LoadDetail { req, .. } => Action::DetailLoaded {
            req,
            result: Err(e),
            ms: 0,
        },
        Effect::Delete {
            pane, id, label, ..
        } => Action::Deleted {
            pane,
            id,
            label,
            result: Err(e),
        },
        Effect::Restore { pane, id, label } => Action::Restored {
            pane,
            id,
            label,
            result: Err(e),
        },
        Effect::FindView { name } => Action::ViewLoaded {
            name,
            result: Err(e),
        },
        Effect::SaveView { name, .. } => Action::ViewSaved {
            name,
            result: Err(e),
        },
        Effect::SeedDemo => Action::DemoLoaded(Err(e)),
        Effect::LoadKnown => Action::KnownLoaded(Err(e)),
        Effect::LoadStages { req } => Action::StagesLoaded {
            req,
            result: Err(e),
        },
        Effect::ChangeStage { id, name, .. } => Action::StageChanged {
            id,
            name,
            result: Err(stages::StageFailure::Other(e)),
        },
        Effect::Form(effect) => form::failed(effect, e),
        Effect::EditText { .. } => Action::Form(crate::tui::forms::FormAction::NotesEdited(Err(e))),
        Effect::LoadBoard { req, .. } => Action::BoardLoaded {
            req,
            result: Err(e),
            ms: 0,
        },
        Effect::LoadTimeline { req, .. } => Action::TimelineLoaded {
            req,
            result: Err(e),
            ms: 0,
        },
        Effect::CompleteActivity { subject, .. } => Action::Completed {
            subject,
            result: Err(e),
        },
        Effect::MarkDone {
            id, subject, to, ..
        } => Action::MarkedDone {
            id,
            subject,
            undo: matches!(to, crate::tui::effect::DoneTo::Back(_)),
            result: Err(e),
        },
        Effect::LoadCards { req, stage, .. } => Action::CardsLoaded {
            req,
            stage,
            result: Err(e),
        },
        Effect::MoveDeal {
            deal,
            version,
            title,
            ..
        } => Action::DealMoved {
            deal,
            version,
            title,
            result: Err(board::MoveFailure::Other(e)),
        },
        Effect::PutBack { deal, title, back } => Action::DealMoved {
            deal,
            version: back.version,
            title,
            result: Err(board::MoveFailure::Other(e)),
        },
    }
}

fn summary(conn: &mut DbConn) -> Result<Summary, crate::db::DbError> {
    Ok(Summary {
        companies: repo::company::count_up_to(conn, Liveness::Live, None, 1)?,
        contacts: repo::contact::count_up_to(conn, Liveness::Live, None, 1)?,
        deals: repo::deal::count_up_to(conn, Liveness::Live, None, 1)?,
        activities: repo::activity::count_up_to(conn, Liveness::Live, None, 1)?,
    })
}

/// Values the filter builder offers: live users' emails, stage names, tag names.
fn known(conn: &mut DbConn) -> Result<crate::tui::state::builder::Known, crate::db::DbError> {
    use crate::db::schema::{tags, users};
    use diesel::prelude::*;
    let users = users::table
        .filter(users::deleted_at.is_null())
        .order(users::email.asc())
        .select(users::email)
        .limit(500)
        .load::<String>(conn)?;
    let stages = repo::stage::live_ordered(conn)?
        .into_iter()
        .map(|s| s.fields.name)
        .collect();
    let tags = tags::table
        .filter(tags::deleted_at.is_null())
        .order(tags::name.asc())
        .select(tags::name)
        .limit(1000)
        .load::<String>(conn)?;
    Ok(crate::tui::state::builder::Known {
        users,
        stages,
        tags,
    })
}

fn find_view(ctx: &Ctx, conn: &mut DbConn, name: &str) -> Result<(PaneId, String), String> {
    let view = repo::view::find(conn, ctx.actor, name)
        .map_err(text)?
        .ok_or_else(|| format!("no saved view named '{name}'"))?;
    let pane = PaneId::from_entity(view.fields.entity).ok_or_else(|| {
        format!(
            "view '{name}' lists {}, which has no pane",
            view.fields.entity
        )
    })?;
    Ok((pane, view.fields.filter))
}

fn save_view(
    ctx: &Ctx,
    conn: &mut DbConn,
    name: &str,
    entity: Entity,
    filter: String,
    sort: Option<String>,
) -> Result<(), AppError> {
    let draft = ViewDraft {
        owner_id: ctx.actor,
        entity,
        name: name.to_string(),
        filter,
        sort,
    };
    match repo::view::find(conn, ctx.actor, name)?.filter(|v| v.fields.owner_id == ctx.actor) {
        Some(v) => repo::view::update(conn, ctx.actor, v.id, v.version, draft)?,
        None => repo::view::create(conn, ctx.actor, draft)?,
    };
    Ok(())
}

impl Count {
    /// Interpret a count taken with `count_up_to(cap + 1)`.
    pub fn capped(n: i64, cap: i64) -> Count {
        if n > cap {
            Count::AtLeast(cap)
        } else {
            Count::Exact(n)
        }
    }
}
