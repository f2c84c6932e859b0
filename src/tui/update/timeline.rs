//! The activities timeline: moving over items, jumping between sections, completing a task,
//! mine/everyone's, and the replies.

use super::Outcome;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::detail::DetailState;
use crate::tui::state::App;

pub fn active(app: &App) -> bool {
    app.pane == PaneId::Activities && app.timeline.shown && app.detail.is_none()
}

/// Ask for the timeline (when it is shown).
pub fn load(app: &mut App) -> Vec<Effect> {
    if !app.timeline.shown {
        return vec![];
    }
    let req = app.req();
    app.timeline.pending = Some(req);
    vec![Effect::LoadTimeline {
        req,
        mine: app.timeline.mine,
        days: app.timeline.days,
        now: app.clock,
    }]
}

pub fn command(app: &mut App, command: KeyCommand) -> Option<Outcome> {
    let t = &mut app.timeline;
    let effects = match command {
        KeyCommand::Down => {
            t.move_by(1);
            vec![]
        }
        KeyCommand::Up => {
            t.move_by(-1);
            vec![]
        }
        KeyCommand::PageDown => {
            let h = t.height.max(1) as isize;
            t.move_by(h);
            vec![]
        }
        KeyCommand::PageUp => {
            let h = t.height.max(1) as isize;
            t.move_by(-h);
            vec![]
        }
        KeyCommand::Top => {
            t.selected = 0;
            t.move_by(0);
            vec![]
        }
        KeyCommand::Bottom => {
            t.move_by(isize::MAX / 2);
            vec![]
        }
        KeyCommand::NextTab => {
            t.jump_section(true);
            vec![]
        }
        KeyCommand::PrevTab => {
            t.jump_section(false);
            vec![]
        }
        KeyCommand::Complete => match t.item() {
            Some(i) if i.done => {
                let msg = format!("'{}' is already done", i.subject);
                app.info(msg);
                vec![]
            }
            Some(i) => vec![Effect::CompleteActivity {
                id: i.id,
                version: i.version,
                subject: i.subject.clone(),
            }],
            None => vec![],
        },
        KeyCommand::Open => match t.item() {
            Some(i) => {
                let (id, label) = (i.id, i.subject.clone());
                let req = app.req();
                app.detail = Some(DetailState::new(PaneId::Activities, id, label, req));
                vec![Effect::LoadDetail {
                    pane: PaneId::Activities,
                    req,
                    id,
                }]
            }
            None => vec![],
        },
        KeyCommand::Refresh => load(app),
        KeyCommand::Sort | KeyCommand::Reverse => {
            app.info("the timeline is in due order; b shows the table, which sorts");
            vec![]
        }
        _ => return None,
    };
    Some(Outcome::redraw(effects))
}

/// `a` on the timeline: my agenda or everyone's.
pub fn toggle_mine(app: &mut App) -> Vec<Effect> {
    if app.me.is_none() && !app.timeline.mine {
        app.info("no acting user (--as or ROLO_USER): showing everyone's agenda");
        return vec![];
    }
    app.timeline.mine = !app.timeline.mine;
    load(app)
}

/// `b` on activities: timeline or table.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    app.timeline.shown = !app.timeline.shown;
    if app.timeline.shown && !app.timeline.loaded && app.timeline.pending.is_none() {
        load(app)
    } else {
        vec![]
    }
}

pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::TimelineLoaded { req, result, ms } => {
            if app.timeline.pending != Some(req) {
                return Outcome::nothing();
            }
            app.timeline.pending = None;
            app.last_ms = Some(ms);
            match result {
                Ok(lines) => app.timeline.apply(lines),
                Err(e) => {
                    app.timeline.loaded = true;
                    app.timeline.error = Some(e);
                }
            }
            Outcome::redraw(vec![])
        }
        Action::Completed { subject, result } => match result {
            Ok(()) => {
                app.info(format!("Done: {subject}"));
                Outcome::redraw(super::reload(app, PaneId::Activities))
            }
            Err(e) => {
                app.error(format!("could not complete '{subject}': {e}"));
                Outcome::redraw(load(app))
            }
        },
        _ => Outcome::nothing(),
    }
}
