//! Runs effects on the connection pool, off the UI thread, and sends the result back as an
//! action. For requests that supersede each other (a pane's rows, its count, a record), a job
//! that is no longer the newest of its slot when it starts is skipped: typing a filter fast runs
//! the last query, not every one.

mod access;
pub mod board;
mod cells;
mod detail;
pub mod form;
mod history;
pub mod history_writer;
mod identity;
mod job;
pub mod live;
mod names;
mod pick;
mod rows;
pub mod stages;
mod timeline;
mod user_form;
mod views;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::mpsc::UnboundedSender;

use super::action::Action;
use super::effect::{Effect, Slot};
use crate::app::Ctx;
pub(crate) use job::Job;

/// The cap for the live count under a table: beyond it the status bar says "10,000+".
pub const COUNT_CAP: i64 = 10_000;

type Latest = Arc<Mutex<HashMap<Slot, u64>>>;

#[derive(Clone)]
pub struct Worker {
    /// The session effects run in; replaced when the user says who they are (`:user`).
    ctx: Arc<RwLock<Arc<Ctx>>>,
    tx: UnboundedSender<Action>,
    latest: Latest,
    /// How many replaced-file reopens the app has been told about.
    replaced: Arc<AtomicU64>,
}

impl Worker {
    pub fn new(ctx: Ctx, tx: UnboundedSender<Action>) -> Self {
        Worker {
            ctx: Arc::new(RwLock::new(Arc::new(ctx))),
            tx,
            latest: Arc::default(),
            replaced: Arc::new(AtomicU64::new(crate::db::conn::replaced_files())),
        }
    }

    /// Queue an effect on the blocking pool (a timer waits on the runtime instead).
    pub fn spawn(&self, effect: Effect) {
        if let Effect::Debounce { ms } = effect {
            let tx = self.tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                let _ = tx.send(Action::LiveDue);
            });
            return;
        }
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
            let reply = this.run(effect);
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

impl Worker {
    /// The session as it is now.
    fn ctx(&self) -> Arc<Ctx> {
        match self.ctx.read() {
            Ok(ctx) => Arc::clone(&ctx),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Run an effect in the current session; a user chosen in the picker is the session's from
    /// then on (effects already running finish as they began).
    fn run(&self, effect: Effect) -> Option<Action> {
        let ctx = self.ctx();
        let (reply, next) = match effect {
            Effect::Identity(effect) => identity::run(&ctx, effect),
            Effect::ReloadAccess => access::run(&ctx),
            effect => return run(&ctx, effect),
        };
        if let Some(next) = next {
            match self.ctx.write() {
                Ok(mut slot) => *slot = Arc::new(next),
                Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
            }
        }
        Some(reply)
    }
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Run one effect to completion on this thread (the worker calls it on the blocking pool; tests
/// call it directly). Each arm takes its own connection, so each reply is built in one place,
/// whether the work ran or no connection could be had.
pub fn run(ctx: &Ctx, effect: Effect) -> Option<Action> {
    let job = Job::start(ctx);
    Some(match effect {
        Effect::LoadSummary => {
            Action::SummaryLoaded(job.with_conn(|c| views::summary(c).map_err(text)))
        }
        Effect::LoadRows {
            pane,
            req,
            query,
            from,
            limit,
        } => {
            let (result, ms) =
                job.timed(|c| rows::load(ctx, c, pane, &query, &from, limit).map_err(text));
            Action::RowsLoaded {
                pane,
                req,
                from,
                result,
                ms,
            }
        }
        Effect::Count { pane, req, filter } => Action::Counted {
            pane,
            req,
            result: job.with_conn(|c| rows::count(ctx, c, pane, &filter, COUNT_CAP).map_err(text)),
        },
        Effect::LoadDetail { pane, req, id } => {
            let (result, ms) =
                job.timed(|c| detail::load(c, &ctx.access, ctx.zone, pane, id).map_err(text));
            Action::DetailLoaded { req, result, ms }
        }
        Effect::Delete {
            pane,
            id,
            version,
            label,
        } => Action::Deleted {
            pane,
            id,
            label,
            result: job.with_conn(|c| rows::delete(ctx, c, pane, id, version).map_err(text)),
        },
        Effect::Restore { pane, id, label } => Action::Restored {
            pane,
            id,
            label,
            result: job.with_conn(|c| rows::restore(ctx, c, pane, id).map_err(text)),
        },
        Effect::FindView { name } => Action::ViewLoaded {
            result: job.with_conn(|c| views::find_view(ctx, c, &name)),
            name,
        },
        Effect::SaveView {
            name,
            pane,
            filter,
            sort,
            replace,
        } => Action::ViewSaved {
            result: job.with_conn(|c| {
                let (f, s) = (filter.clone(), sort.clone());
                views::save_view(ctx, c, &name, pane.entity(), f, s, replace).map_err(text)
            }),
            name,
            pane,
            filter,
            sort,
        },
        Effect::LoadViews => {
            Action::ViewsListed(job.with_conn(|c| views::listed(ctx, c).map_err(text)))
        }
        Effect::DeleteView { id, name } => Action::ViewChanged(job.with_conn(|c| {
            views::delete(ctx, c, id)
                .map(|()| format!("Deleted view '{name}'"))
                .map_err(|e| format!("could not delete view '{name}': {e}"))
        })),
        Effect::RenameView { view, to } => Action::ViewChanged(job.with_conn(|c| {
            let from = view.name.clone();
            views::rename(ctx, c, view, &to)
                .map(|()| format!("Renamed view '{from}' to '{to}'"))
                .map_err(|e| format!("could not rename view '{from}': {e}"))
        })),
        Effect::LoadKnown => Action::KnownLoaded(job.with_conn(|c| views::known(c).map_err(text))),
        Effect::LoadNames => {
            Action::NamesLoaded(job.with_conn(|c| views::names(ctx, c).map_err(text)))
        }
        Effect::LoadHistory { path } => Action::HistoryLoaded(history::load(&path)),
        // the event loop's history writer takes these (worker/history_writer.rs); a job here
        // could be lost when the app quits
        Effect::AppendHistory { path, entry } => {
            Action::HistorySaved(history::append(&path, &entry))
        }
        e @ (Effect::LoadStages { .. } | Effect::ChangeStage { .. }) => stages_job(job, e)?,
        e @ (Effect::LoadBoard { .. }
        | Effect::LoadCards { .. }
        | Effect::MoveDeal { .. }
        | Effect::PutBack { .. }) => board_job(job, e)?,
        e @ (Effect::LoadTimeline { .. }
        | Effect::CompleteActivity { .. }
        | Effect::MarkDone { .. }) => timeline_job(job, e)?,
        Effect::Form(effect) => form::run(job, effect),
        // acting as the choice needs the worker's session (`Worker::run`); here only the reply
        Effect::Identity(effect) => identity::run(ctx, effect).0,
        Effect::ReloadAccess => access::run(ctx).0,
        // the loop runs the editor itself
        Effect::EditText { .. } => return None,
        // the worker waits on the runtime; run here (tests), it waits on this thread
        Effect::Debounce { ms } => {
            std::thread::sleep(std::time::Duration::from_millis(ms));
            Action::LiveDue
        }
        Effect::SeedDemo => Action::DemoLoaded(job.with_conn(|c| {
            crate::seed::demo::load(c, ctx.actor)
                .map(|_| ())
                .map_err(text)
        })),
    })
}

/// The stages screen's effects. `None` for any other effect (`run` routes only these here).
fn stages_job(job: Job<'_>, effect: Effect) -> Option<Action> {
    let ctx = job.ctx;
    Some(match effect {
        Effect::LoadStages { req } => Action::StagesLoaded {
            req,
            result: job.with_conn(|c| stages::load(c).map_err(text)),
        },
        Effect::ChangeStage {
            id,
            version,
            name,
            change,
        } => Action::StageChanged {
            result: job.with_conn(|c| stages::change(ctx, c, id, version, &name, change)),
            id,
            name,
        },
        _ => return None,
    })
}

/// The board's effects. `None` for any other effect (`run` routes only these here).
fn board_job(job: Job<'_>, effect: Effect) -> Option<Action> {
    let ctx = job.ctx;
    Some(match effect {
        Effect::LoadBoard { req, filter } => {
            let (result, ms) = job.timed(|c| board::load(ctx, c, &filter).map_err(text));
            Action::BoardLoaded { req, result, ms }
        }
        Effect::LoadCards {
            req,
            stage,
            filter,
            after,
        } => Action::CardsLoaded {
            req,
            stage,
            result: job.with_conn(|c| board::more(ctx, c, &filter, stage, after).map_err(text)),
        },
        Effect::MoveDeal {
            deal,
            version,
            title,
            to,
            reason,
        } => Action::DealMoved {
            result: job.with_conn(|c| board::move_card(ctx, c, deal, version, to, reason)),
            deal,
            version,
            title,
        },
        Effect::PutBack { deal, title, back } => Action::DealMoved {
            result: job.with_conn(|c| board::put_back(ctx, c, deal, &back)),
            deal,
            version: back.version,
            title,
        },
        _ => return None,
    })
}

/// The timeline's effects and marking an activity done. `None` for any other effect (`run`
/// routes only these here).
fn timeline_job(job: Job<'_>, effect: Effect) -> Option<Action> {
    let ctx = job.ctx;
    Some(match effect {
        Effect::LoadTimeline {
            req,
            mine,
            days,
            now,
        } => {
            let (result, ms) = job.timed(|c| timeline::load(ctx, c, mine, days, now).map_err(text));
            Action::TimelineLoaded { req, result, ms }
        }
        Effect::CompleteActivity {
            id,
            version,
            subject,
        } => Action::Completed {
            result: job.with_conn(|c| timeline::complete(ctx, c, id, version).map_err(text)),
            subject,
        },
        Effect::MarkDone {
            id,
            version,
            subject,
            to,
        } => Action::MarkedDone {
            result: job.with_conn(|c| timeline::mark(ctx, c, id, version, to).map_err(text)),
            undo: matches!(to, crate::tui::effect::DoneTo::Back(_)),
            id,
            subject,
        },
        _ => return None,
    })
}
