//! Live updates: changes others committed arrive as [`Action::Changed`]; after a short debounce
//! ([`DEBOUNCE_MS`]) what is on screen and shows a changed entity is read again — the pane's
//! rows in place (the selection stays on its record), its count, the open record, the board,
//! the timeline, the stages list. Panes not on screen are read when next shown. A form open on
//! a changed record says who changed it; saving then meets the usual version check.

use std::collections::BTreeSet;

use super::Outcome;
use crate::db::changes::Change;
use crate::domain::{Entity, HistoryAction, Id};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::pane::PaneId;
use crate::tui::state::live::DEBOUNCE_MS;
use crate::tui::state::{App, Level, Mode};

/// Whether a pane's rows show anything of `entity`: its own records, or a name they reference
/// (a company on a contact's row, an owner, a stage, tags), or who may see them (teams).
pub fn shows(pane: PaneId, entity: Entity) -> bool {
    use Entity as E;
    match pane {
        PaneId::Companies => matches!(entity, E::Companies | E::Users | E::Teams | E::Tags),
        PaneId::Contacts => matches!(
            entity,
            E::Contacts | E::Companies | E::Users | E::Teams | E::Tags
        ),
        PaneId::Deals => matches!(
            entity,
            E::Deals | E::Companies | E::Contacts | E::Stages | E::Users | E::Teams | E::Tags
        ),
        PaneId::Activities => matches!(
            entity,
            E::Activities | E::Companies | E::Contacts | E::Deals | E::Users | E::Teams
        ),
    }
}

pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Changed(changes) => changed(app, changes),
        Action::LiveDue => due(app),
        Action::LiveStatus(Err(e)) => {
            // changes go unreported while the feed is down
            app.names_stale = true;
            let first = !app.live.paused;
            app.live.paused = true;
            if first {
                app.error(format!(
                    "live updates paused (retrying): {e}; r reloads by hand"
                ));
            }
            Outcome::redraw(vec![])
        }
        Action::AccessReloaded(reply) => access_reloaded(app, reply),
        Action::LiveStatus(Ok(())) => {
            if !std::mem::take(&mut app.live.paused) {
                return Outcome::nothing();
            }
            app.names_stale = true;
            app.info("live updates resumed");
            Outcome::redraw(vec![])
        }
        _ => Outcome::nothing(),
    }
}

fn form_entity(kind: crate::tui::forms::FormKind) -> Option<Entity> {
    use crate::tui::forms::FormKind as K;
    Some(match kind {
        K::Company => Entity::Companies,
        K::Contact => Entity::Contacts,
        K::Deal => Entity::Deals,
        K::Activity => Entity::Activities,
        K::Stage => Entity::Stages,
        K::User => Entity::Users,
    })
}

fn who(c: &Change) -> String {
    c.actor
        .as_deref()
        .map_or_else(|| "someone".to_string(), |a| a.to_string())
}

/// Remember the records the effects about to run write: their reports come back through the feed.
pub fn note_own_writes(app: &mut App, effects: &[Effect]) {
    use crate::tui::forms::FormEffect;
    for effect in effects {
        if matches!(
            effect,
            Effect::SaveView { .. }
                | Effect::DeleteView { .. }
                | Effect::RenameView { .. }
                | Effect::SeedDemo
                | Effect::Identity(_)
        ) {
            // names Tab offers (views, users) change with these
            app.names_stale = true;
        }
        let id = match effect {
            Effect::Delete { id, .. }
            | Effect::Restore { id, .. }
            | Effect::CompleteActivity { id, .. }
            | Effect::MarkDone { id, .. }
            | Effect::ChangeStage { id, .. } => Some(*id),
            Effect::MoveDeal { deal, .. } | Effect::PutBack { deal, .. } => Some(*deal),
            Effect::Form(FormEffect::Save(r)) => r.id,
            _ => None,
        };
        if let Some(id) = id {
            // a saved record can bring a new tag, city or industry to complete
            app.names_stale = true;
            if app.live.own.len() >= 64 {
                // writes that never reported (they failed): forget them
                app.live.own.clear();
            }
            app.live.own.insert(id);
        }
    }
}

/// Changes arrived: an open form on a changed record says so now; the rest waits for the debounce.
fn changed(app: &mut App, mut changes: Vec<Change>) -> Outcome {
    // any committed change, this session's own included, may bring or take a name to complete
    if !changes.is_empty() {
        app.names_stale = true;
    }
    // a user, a team or the visibility rule changed (this session's own writes too: an admin
    // changing their own role): what this session may see is read again, first
    let reload = changes.iter().any(Change::touches_access);
    let mut effects = Vec::new();
    if reload {
        effects.push(Effect::ReloadAccess);
    }
    // this app's own writes (by its user) are on screen already
    let me = app.me_name.clone();
    let own = &mut app.live.own;
    changes.retain(|c| !(c.actor == me && c.id.is_some_and(|id| own.remove(&id))));
    if changes.is_empty() {
        return Outcome {
            effects,
            redraw: false,
        };
    }
    let mut redraw = false;
    if let Mode::Form(form) = &mut app.mode {
        let mine = form.id;
        let hit = changes
            .iter()
            .find(|c| Some(c.entity) == form_entity(form.kind) && c.id.is_some() && c.id == mine);
        if let (Some(c), None, None) = (hit, form.saving, form.loading) {
            let what = if c.action == Some(HistoryAction::Delete) {
                "deleted"
            } else {
                "changed"
            };
            form.message = Some((
                Level::Error,
                format!(
                    "{} {what} this record while you edit it; saving shows their values",
                    crate::tui::sanitize(&who(c))
                ),
            ));
            redraw = true;
        }
    }
    app.live.pending.extend(changes);
    if !app.live.timer {
        app.live.timer = true;
        effects.push(Effect::Debounce { ms: DEBOUNCE_MS });
    }
    Outcome { effects, redraw }
}

/// The session's access was read again. When what the user may see changed, say how and read
/// everything again: the pane on screen now, the others when next shown.
fn access_reloaded(
    app: &mut App,
    reply: Result<crate::tui::action::AccessReloaded, String>,
) -> Outcome {
    let r = match reply {
        Ok(r) => r,
        Err(e) => {
            app.error(format!(
                "could not read what you may see again: {e}; r reloads by hand"
            ));
            return Outcome::redraw(vec![]);
        }
    };
    if r.name.is_some() {
        app.me_name = r.name;
    }
    let Some(text) = r.changed else {
        return Outcome::nothing();
    };
    for pane in PaneId::ALL {
        if pane != app.pane {
            app.live.stale.insert(pane, Change::everything());
        }
    }
    let pane = app.pane;
    let effects = refresh(app, pane, Change::everything());
    app.info(format!("{text}; showing what you may see now"));
    Outcome::redraw(effects)
}

/// The debounce is over: refetch what shows a changed entity, on screen; remember the rest.
fn due(app: &mut App) -> Outcome {
    app.live.timer = false;
    let changes = std::mem::take(&mut app.live.pending);
    if changes.is_empty() {
        return Outcome::nothing();
    }
    for pane in PaneId::ALL {
        if pane != app.pane && changes.iter().any(|c| shows(pane, c.entity)) {
            let stale = app.live.stale.entry(pane).or_default();
            stale.extend(changes.iter().filter(|c| shows(pane, c.entity)).cloned());
        }
    }
    let pane = app.pane;
    let effects = refresh(app, pane, changes);
    Outcome {
        redraw: false,
        effects,
    }
}

/// Read again what pane `pane` shows of these changes (its rows and count, its board or
/// timeline, the open record, the stages list).
pub fn refresh(app: &mut App, pane: PaneId, changes: Vec<Change>) -> Vec<Effect> {
    app.live.stale.remove(&pane);
    let mut effects = vec![];
    if let Some(d) = &app.detail {
        let of_it = changes.iter().any(|c| c.id.is_none_or(|id| id == d.id));
        let related = changes.iter().any(|c| c.entity != d.pane.entity());
        if d.home() == pane && (of_it || related) {
            let (dpane, id) = (d.pane, d.id);
            let req = app.req();
            if let Some(d) = app.detail.as_mut() {
                d.pending = Some(req);
            }
            let mine: Vec<Change> = changes
                .iter()
                .filter(|c| c.id == Some(id))
                .cloned()
                .collect();
            app.live.detail = Some((req, mine));
            effects.push(Effect::LoadDetail {
                pane: dpane,
                req,
                id,
            });
        }
    }
    let entities: BTreeSet<Entity> = changes.iter().map(|c| c.entity).collect();
    if !entities.iter().any(|e| shows(pane, *e)) {
        return effects;
    }
    if pane == PaneId::Deals && app.board.shown {
        let req = app.req();
        app.board.pending = Some(req);
        let filter = app.listings.entry(pane).or_default().query.filter.clone();
        effects.push(Effect::LoadBoard { req, filter });
    }
    if pane == PaneId::Deals
        && app.stages.is_some()
        && entities
            .iter()
            .any(|e| matches!(e, Entity::Stages | Entity::Deals))
    {
        effects.extend(super::stages::load(app));
    }
    if pane == PaneId::Activities && app.timeline.shown {
        effects.extend(super::timeline::load(app));
    }
    effects.extend(rows(app, pane, changes));
    effects
}

/// Read the pane's loaded window again in place, and its count.
fn rows(app: &mut App, pane: PaneId, changes: Vec<Change>) -> Vec<Effect> {
    let l = app.listings.entry(pane).or_default();
    // nothing loaded yet, or a reload on its way: that read brings the change
    if !l.loaded || l.jumping() {
        return vec![];
    }
    let rows = app.req();
    let count = app.req();
    let l = app.listings.entry(pane).or_default();
    let (from, limit) = l.refresh_from();
    l.request(rows, from.clone());
    l.refresh = Some(rows);
    l.count_req = Some(count);
    let query = l.query.clone();
    app.live.refreshing.insert(pane, changes);
    vec![
        Effect::LoadRows {
            pane,
            req: rows,
            query: query.clone(),
            from,
            limit,
        },
        Effect::Count {
            pane,
            req: count,
            filter: query.filter,
        },
    ]
}

/// A pane's window was read again: say which changed records left it, and who changed them.
pub fn rows_refreshed(app: &mut App, pane: PaneId, gone: Vec<(Id, String)>) {
    let changes = app.live.refreshing.remove(&pane).unwrap_or_default();
    let l = app.listings.entry(pane).or_default();
    let whole = !l.more_before && !l.more_after;
    let left: Vec<(String, &Change)> = gone
        .into_iter()
        .filter_map(|(id, label)| {
            changes
                .iter()
                .rev()
                .find(|c| c.entity == pane.entity() && c.id == Some(id))
                .map(|c| (label, c))
        })
        .collect();
    let text = match left.as_slice() {
        [] => return,
        [(label, c)] if c.action == Some(HistoryAction::Delete) => {
            format!("{label} was deleted by {}", who(c))
        }
        [(label, c)] if whole => {
            format!("{label} is no longer in this list (changed by {})", who(c))
        }
        [(label, c)] => format!("{label} moved out of view (changed by {})", who(c)),
        many => format!(
            "{} records changed by others are no longer in view",
            many.len()
        ),
    };
    app.info(text);
}

/// The open record was read again: if it is gone (deleted, or no longer visible to you), close
/// it with a message (true).
pub fn detail_refreshed(
    app: &mut App,
    req: u64,
    result: &Result<crate::tui::state::Detail, String>,
) -> bool {
    let Some((r, changes)) = app.live.detail.take() else {
        return false;
    };
    if r != req {
        app.live.detail = Some((r, changes));
        return false;
    }
    let deleted = changes
        .iter()
        .rev()
        .find(|c| c.action == Some(HistoryAction::Delete));
    // the reply carries the error as text: `DbError::NotFound` reads "<entity> <id> not found"
    // (also what a row-level rule hiding the record gives)
    let missing = matches!(result, Err(e) if e.contains("not found"));
    if deleted.is_none() && !missing {
        return false;
    }
    let Some(d) = app.detail.take() else {
        return false;
    };
    let text = match (deleted, changes.last()) {
        (Some(c), _) => format!("{} was deleted by {}", d.label, who(c)),
        (None, Some(c)) => format!(
            "{} is no longer visible to you (changed by {})",
            d.label,
            who(c)
        ),
        (None, None) => format!("{} is no longer visible to you", d.label),
    };
    // opened from another record: back to that one, as it was last read
    app.detail = d.back();
    app.info(text);
    true
}
