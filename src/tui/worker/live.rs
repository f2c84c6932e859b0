//! The change feed of the TUI: one thread with one connection of its own (outside the pool, on
//! `listen_database` when configured), sending what others commit as [`Action::Changed`]. A lost
//! connection is retried with a growing pause; once back, everything is treated as changed, since
//! what was committed meanwhile is unknown.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::Ctx;
use crate::db::changes::{Change, Feed};
use crate::db::conn::Timeouts;
use crate::db::DatabaseUrl;
use crate::tui::action::Action;

/// How long one read of the feed waits before checking that the app is still there.
const READ: Duration = Duration::from_secs(1);
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);

/// Start the feed thread. It ends when the app's channel closes.
pub fn spawn(ctx: &Ctx, tx: UnboundedSender<Action>) {
    let listen = ctx.settings.listen_database();
    let url = match DatabaseUrl::parse(&listen) {
        Ok(url) => url,
        Err(e) => {
            let _ = tx.send(Action::LiveStatus(Err(format!("listen_database: {e}"))));
            return;
        }
    };
    let timeouts = ctx.settings.timeouts().unwrap_or_default();
    let started = std::thread::Builder::new()
        .name("rolo-live".into())
        .spawn(move || follow(&url, &timeouts, &tx));
    if let Err(e) = started {
        tracing::warn!(%e, "the live updates thread did not start");
    }
}

fn follow(url: &DatabaseUrl, timeouts: &Timeouts, tx: &UnboundedSender<Action>) {
    let mut retry = RETRY_FIRST;
    // a gap to cover once listening again; the app told that live updates are paused
    let mut lost = false;
    let mut told = false;
    loop {
        let mut feed = match Feed::open(url, timeouts) {
            Ok(feed) => feed,
            Err(e) => {
                tracing::warn!(%e, "live updates: cannot listen");
                if !told && tx.send(Action::LiveStatus(Err(e.to_string()))).is_err() {
                    return;
                }
                told = true;
                lost = true;
                std::thread::sleep(retry);
                retry = (retry * 2).min(RETRY_MAX);
                if tx.is_closed() {
                    return;
                }
                continue;
            }
        };
        if lost {
            told = false;
            let back = [
                Action::LiveStatus(Ok(())),
                Action::Changed(Change::everything()),
            ];
            if back.into_iter().any(|a| tx.send(a).is_err()) {
                return;
            }
        }
        retry = RETRY_FIRST;
        loop {
            match feed.next(READ) {
                Ok(changes) if changes.is_empty() => {
                    if tx.is_closed() {
                        return;
                    }
                }
                Ok(changes) => {
                    if tx.send(Action::Changed(changes)).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    // reconnect at once (a restored SQLite file needs only that); what happened
                    // in between is unknown
                    tracing::warn!(%e, "live updates: the feed stopped");
                    lost = true;
                    break;
                }
            }
        }
    }
}
