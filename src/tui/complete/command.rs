//! The `:` line: a command's name, then its argument (a filter for `:companies` …, a view name,
//! a sort and `asc`/`desc`).

use super::{filter_target, matching, Candidate, Names, Target};
use crate::tui::keymap::{LineArg, LINE_COMMANDS};
use crate::tui::pane::PaneId;

/// What the word before `cursor` in a command line may become; `pane` is the pane on screen.
pub fn command_target(text: &str, cursor: usize, pane: PaneId, names: &Names) -> Target {
    let before = text.get(..cursor).unwrap_or(text);
    let lead = before.len() - before.trim_start().len();
    let line = &before[lead..];
    let Some(gap) = line.find(char::is_whitespace) else {
        let all = LINE_COMMANDS
            .iter()
            .map(|c| Candidate::new(c.name, if c.arg == LineArg::None { "" } else { " " }))
            .collect();
        return Target {
            start: lead,
            end: cursor,
            candidates: matching(line, all),
        };
    };
    let word = &line[..gap];
    let rest_at = lead + gap + (line[gap..].len() - line[gap..].trim_start().len());
    let rest = &before[rest_at..];
    let (arg, target_pane) = match LINE_COMMANDS.iter().find(|c| c.name == word) {
        Some(c) => (c.arg, PaneId::parse(word).unwrap_or(pane)),
        None => match word {
            "v" => (LineArg::View, pane),
            w => match PaneId::parse(w) {
                Some(p) => (LineArg::Filter, p),
                None => (LineArg::None, pane),
            },
        },
    };
    let at = |start: usize, candidates: Vec<Candidate>| Target {
        start,
        end: cursor,
        candidates,
    };
    match arg {
        LineArg::None => at(cursor, vec![]),
        LineArg::Filter => {
            let t = filter_target(rest, rest.len(), target_pane.entity(), names);
            at(rest_at + t.start, t.candidates)
        }
        // a view's name is the rest of the line, spaces and all
        LineArg::View => {
            let all = names
                .views
                .iter()
                .map(|(n, _)| Candidate::new(n.clone(), ""))
                .collect();
            at(rest_at, matching(rest, all))
        }
        LineArg::NewView => {
            let entity = pane.entity();
            let all = names
                .views
                .iter()
                .filter(|(_, e)| *e == entity)
                .map(|(n, _)| Candidate::new(n.clone(), ""))
                .collect();
            at(rest_at, matching(rest, all))
        }
        LineArg::Sort => match rest.rfind(char::is_whitespace) {
            Some(i) => {
                let word_at = rest_at + i + 1;
                let all = ["asc", "desc"]
                    .into_iter()
                    .map(|d| Candidate::new(d, ""))
                    .collect();
                at(word_at, matching(&before[word_at..], all))
            }
            None => {
                let all = pane
                    .sort_descs()
                    .iter()
                    .map(|s| Candidate::new(s.name, " "))
                    .collect();
                at(rest_at, matching(rest, all))
            }
        },
    }
}
