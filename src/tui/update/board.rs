//! The deal board: moving between columns and cards, moving cards between stages (asking for a
//! lost reason when a lost stage needs one), paging a column, and the replies.

use super::{reload, Outcome};
use crate::db::repo::board::MoveTarget;
use crate::tui::action::{Action, MoveFailure};
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::detail::DetailState;
use crate::tui::state::prompt::Prompt;
use crate::tui::state::{App, Mode, Undo};

/// A normal-mode command on the board; `None` lets the table/app handle it.
pub fn command(app: &mut App, command: KeyCommand) -> Option<Outcome> {
    let b = &mut app.board;
    let effects = match command {
        KeyCommand::Down => {
            b.move_card_selection(1);
            more_cards(app)
        }
        KeyCommand::Up => {
            b.move_card_selection(-1);
            vec![]
        }
        KeyCommand::PageDown => {
            let h = b.height.max(1) as isize;
            b.move_card_selection(h);
            more_cards(app)
        }
        KeyCommand::PageUp => {
            let h = b.height.max(1) as isize;
            b.move_card_selection(-h);
            vec![]
        }
        KeyCommand::Top => {
            if let Some(c) = b.column_mut() {
                c.selected = 0;
            }
            vec![]
        }
        KeyCommand::Bottom => {
            b.move_card_selection(isize::MAX / 2);
            more_cards(app)
        }
        KeyCommand::NextTab => {
            b.move_focus(1);
            vec![]
        }
        KeyCommand::PrevTab => {
            b.move_focus(-1);
            vec![]
        }
        KeyCommand::MoveNext | KeyCommand::MovePrev | KeyCommand::Won | KeyCommand::Lost
            if b.pending.is_some() =>
        {
            // the card's version is about to change: moving it now would be a conflict
            app.info("the board is reloading; move again in a moment");
            vec![]
        }
        KeyCommand::MoveNext | KeyCommand::MovePrev | KeyCommand::Won | KeyCommand::Lost => {
            match b.card() {
                Some(card) => vec![Effect::MoveDeal {
                    deal: card.id,
                    version: card.version,
                    title: card.title.clone(),
                    to: match command {
                        KeyCommand::MoveNext => MoveTarget::Next,
                        KeyCommand::MovePrev => MoveTarget::Previous,
                        KeyCommand::Won => MoveTarget::Won,
                        _ => MoveTarget::Lost,
                    },
                    reason: None,
                }],
                None => vec![],
            }
        }
        KeyCommand::Open => match b.card() {
            Some(card) => {
                let (id, label) = (card.id, card.title.clone());
                let req = app.req();
                app.detail = Some(DetailState::new(PaneId::Deals, id, label, req));
                vec![Effect::LoadDetail {
                    pane: PaneId::Deals,
                    req,
                    id,
                }]
            }
            None => vec![],
        },
        KeyCommand::Delete => {
            if let Some(card) = b.card() {
                app.mode = Mode::Confirm(Prompt::delete_record(
                    PaneId::Deals,
                    card.id,
                    card.version,
                    card.title.clone(),
                ));
            }
            vec![]
        }
        KeyCommand::Sort | KeyCommand::Reverse => {
            app.info("the board is sorted by expected close date; b shows the table, which sorts");
            vec![]
        }
        _ => return None,
    };
    Some(Outcome::redraw(effects))
}

/// Ask for the next cards of the focused column when its selection nears the end.
fn more_cards(app: &mut App) -> Vec<Effect> {
    let Some((_, after)) = app.board.wanted_cards() else {
        return vec![];
    };
    let req = app.req();
    let filter = app.listing().query.filter.clone();
    let Some(col) = app.board.column_mut() else {
        return vec![];
    };
    col.pending = Some(req);
    vec![Effect::LoadCards {
        req,
        stage: col.stage,
        filter,
        after,
    }]
}

/// `b`: board or table for deals.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    app.board.shown = !app.board.shown;
    let board = &app.board;
    let table = app.listings.get(&PaneId::Deals);
    let stale = if board.shown {
        // never read, or read for another filter (one set while the table was shown reloads
        // only the table)
        let filter = table.map(|l| l.query.filter.as_str()).unwrap_or_default();
        board.pending.is_none() && board.data.as_ref().is_none_or(|d| d.filter != filter)
    } else {
        // the board's reloads leave the table unread until it is shown
        table.is_none_or(|l| !l.loaded && l.pending.is_none())
    };
    if stale {
        reload(app, PaneId::Deals)
    } else {
        vec![]
    }
}

pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::BoardLoaded { req, result, ms } => {
            if app.board.pending != Some(req) {
                return Outcome::nothing();
            }
            app.board.pending = None;
            app.last_ms = Some(ms);
            match result {
                Ok(data) => app.board.apply(data),
                Err(e) => app.board.error = Some(e),
            }
            Outcome::redraw(vec![])
        }
        Action::CardsLoaded { req, stage, result } => {
            let Some(col) = app
                .board
                .data
                .as_mut()
                .and_then(|d| d.columns.iter_mut().find(|c| c.stage == stage))
                .filter(|c| c.pending == Some(req))
            else {
                return Outcome::nothing();
            };
            col.pending = None;
            match result {
                Ok((cards, next)) => {
                    let known: std::collections::HashSet<_> =
                        col.cards.iter().map(|c| c.id).collect();
                    col.cards
                        .extend(cards.into_iter().filter(|c| !known.contains(&c.id)));
                    col.next = next;
                }
                Err(e) => app.error(e),
            }
            Outcome::redraw(vec![])
        }
        Action::DealMoved {
            deal,
            version,
            title,
            result,
        } => match result {
            Ok(moved) => {
                let stage = moved.stage;
                if let Some(from) = moved.undid {
                    app.info(format!("Undid the move: {title} is back in {stage}"));
                    // the move before it, from the state the deal is in again: still undoable
                    if let Some(Undo::Moved { deal: d, back, .. }) = app.undo.last_mut() {
                        if *d == deal && back.version == from {
                            back.version = moved.version;
                        }
                    }
                } else if let Some(back) = moved.undo {
                    let undo = app.keymap.hint(KeyCommand::Undo);
                    app.info(format!("Moved {title} to {stage} — {undo} to undo"));
                    app.undo.push(Undo::Moved { deal, title, back });
                } else {
                    app.info(format!("{title} is already in {stage}"));
                }
                app.board.follow = Some(deal);
                Outcome::redraw(reload(app, PaneId::Deals))
            }
            Err(MoveFailure::NeedsReason { stage, stage_name }) => {
                app.board.prompt = Some(Prompt::lost_reason(
                    deal,
                    version,
                    title,
                    stage,
                    &stage_name,
                ));
                Outcome::redraw(vec![])
            }
            Err(MoveFailure::Conflict(_)) => {
                // the deal by its title, short enough that the whole message fits at 80 columns
                let title = crate::domain::text::fit(&title, 26);
                app.error(format!(
                    "not moved: {title} changed meanwhile; board reloaded"
                ));
                Outcome::redraw(reload(app, PaneId::Deals))
            }
            Err(MoveFailure::Other(e)) => {
                app.error(format!("not moved: {e}"));
                Outcome::redraw(vec![])
            }
        },
        _ => Outcome::nothing(),
    }
}
