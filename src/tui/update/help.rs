//! Keys on the help overlay: the move keys scroll it (`j`/`k`, PgDn/PgUp, `g`/`G`, as remapped),
//! any other key closes it, back to the screen it was opened from.

use crossterm::event::{KeyCode, KeyEvent};

use super::Outcome;
use crate::tui::help;
use crate::tui::keymap::KeyCommand;
use crate::tui::state::{App, Mode};

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Mode::Help(under) = &app.mode else {
        return Outcome::nothing();
    };
    // as the overlay lays it out at this screen size: its width, and the lines it shows at once
    let (width, page) = help::geometry(app.screen, app.listing().height);
    let total = help::rows(&help::page(app, under), width).len();
    let last = total.saturating_sub(page);
    let at = app.help_scroll.min(last);
    let to = match (app.keymap.command(&key), key.code) {
        (Some(KeyCommand::Down), _) | (_, KeyCode::Down) => at + 1,
        (Some(KeyCommand::Up), _) | (_, KeyCode::Up) => at.saturating_sub(1),
        (Some(KeyCommand::PageDown), _) | (_, KeyCode::PageDown) => at + page,
        (Some(KeyCommand::PageUp), _) | (_, KeyCode::PageUp) => at.saturating_sub(page),
        (Some(KeyCommand::Top), _) | (_, KeyCode::Home) => 0,
        (Some(KeyCommand::Bottom), _) | (_, KeyCode::End) => last,
        _ => {
            if let Mode::Help(under) = std::mem::replace(&mut app.mode, Mode::Normal) {
                app.mode = *under;
            }
            app.help_scroll = 0;
            return Outcome::redraw(vec![]);
        }
    };
    let to = to.min(last);
    if to == app.help_scroll {
        return Outcome::nothing();
    }
    app.help_scroll = to;
    Outcome::redraw(vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::update::tests::{app, code, key as ch};
    use crate::tui::update::update;

    #[test]
    fn the_move_keys_scroll_within_the_page_and_others_close_it() {
        let mut a = app();
        a.listing_mut().height = 10;
        update(&mut a, ch('?'));
        assert!(matches!(a.mode, Mode::Help(_)));
        let Mode::Help(under) = &a.mode else {
            unreachable!()
        };
        let total = help::rows(&help::page(&a, under), help::WIDTH).len();
        assert!(
            total > 30,
            "the table's help is longer than a screen: {total}"
        );
        // (key, first line shown after it)
        let steps: &[(Action, usize)] = &[
            (ch('j'), 1),
            (code(KeyCode::Down), 2),
            (ch('k'), 1),
            (code(KeyCode::PageDown), 11),
            (ch('G'), total - 10),
            (ch('j'), total - 10),
            (code(KeyCode::PageUp), total - 20),
            (ch('g'), 0),
            (ch('k'), 0),
        ];
        for (k, want) in steps {
            update(&mut a, k.clone());
            assert_eq!(a.help_scroll, *want, "{k:?}");
        }
        update(&mut a, ch('G'));
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.help_scroll, 0, "it opens at the top next time");
    }

    #[test]
    fn at_any_size_the_scroll_reaches_the_last_line_the_overlay_lays_out() {
        for (w, h) in [(40u16, 12u16), (60, 16), (79, 24), (200, 50)] {
            let mut a = app();
            update(&mut a, Action::ScreenSize(w, h));
            update(&mut a, ch('?'));
            let Mode::Help(under) = &a.mode else {
                unreachable!()
            };
            let (width, room) = help::geometry(a.screen, a.listing().height);
            let total = help::rows(&help::page(&a, under), width).len();
            update(&mut a, ch('G'));
            assert_eq!(a.help_scroll, total.saturating_sub(room), "{w}x{h}");
            // every line fits the box
            for r in help::rows(&help::page(&a, under_of(&a)), width) {
                assert!(
                    crate::domain::text::width(&r.text) <= width,
                    "{w}x{h}: {r:?}"
                );
            }
        }
    }

    fn under_of(a: &App) -> &Mode {
        match &a.mode {
            Mode::Help(under) => under,
            other => other,
        }
    }
}
