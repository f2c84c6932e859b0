//! Tab completion and history on the `:` and `/` lines, through `update`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{app, code, key};
use super::*;
use crate::domain::Entity;
use crate::tui::complete::Names;
use crate::tui::history::{Entry, LineKind};
use crate::tui::state::builder::Known;

fn typed(a: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(a, key(c)).effects)
        .collect()
}

fn line(a: &App) -> (&str, bool) {
    match &a.mode {
        Mode::CommandLine(l) => (l.input.text.as_str(), l.assist.menu.is_some()),
        Mode::Filter(b) => (b.input.text.as_str(), b.assist.menu.is_some()),
        other => panic!("no line open: {other:?}"),
    }
}

fn with_names(a: &mut App) {
    update(
        a,
        Action::NamesLoaded(Ok(Names {
            known: Known {
                users: vec!["ada@example.com".into()],
                stages: vec!["Proposal sent".into()],
                tags: vec![],
            },
            views: vec![("Berlin 東京".into(), Entity::Companies)],
            values: vec![],
        })),
    );
}

fn filters(effects: &[Effect]) -> Vec<&str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { query, .. } => Some(query.filter.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn opening_a_line_reads_the_names_once_and_again_only_after_a_change() {
    use crate::db::changes::Change;
    let mut a = app();
    let reopen = |a: &mut App, k: char| {
        update(a, code(KeyCode::Esc));
        update(a, key(k)).effects.contains(&Effect::LoadNames)
    };
    assert_eq!(update(&mut a, key(':')).effects, vec![Effect::LoadNames]);
    update(&mut a, Action::NamesLoaded(Ok(Default::default())));
    assert!(!reopen(&mut a, '/'), "the session's names are in hand");
    assert!(!reopen(&mut a, ':'));
    // a change reported by the feed (someone's new tag; this session's own writes come back too)
    update(
        &mut a,
        Action::Changed(vec![Change {
            entity: Entity::Tags,
            id: None,
            action: None,
            actor: None,
        }]),
    );
    assert!(reopen(&mut a, '/'), "read again after a change");
    assert!(!reopen(&mut a, '/'));
    // a read that failed is tried again next time
    update(&mut a, Action::NamesLoaded(Err("gone".into())));
    assert!(reopen(&mut a, ':'));
    assert!(!reopen(&mut a, ':'));
    // the feed paused: changes may go unreported
    update(&mut a, Action::LiveStatus(Err("down".into())));
    assert!(reopen(&mut a, '/'));
    assert!(!reopen(&mut a, '/'));
    // a view saved here
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key(':'));
    typed(&mut a, "save mine");
    update(&mut a, code(KeyCode::Enter));
    assert!(reopen(&mut a, '/'), "a saved view is offered");
}

#[test]
fn tab_on_the_command_line_lists_cycles_and_enter_takes_then_runs() {
    let mut a = app();
    update(&mut a, key(':'));
    with_names(&mut a);
    typed(&mut a, "vi");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("view", true), "the common part, and the list");
    update(&mut a, code(KeyCode::Tab));
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("views", true));
    // Enter takes the candidate; the line stays open
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    assert_eq!(line(&a), ("views", false));
    // back to `view `, a view's name by Tab, then Enter runs it
    update(&mut a, code(KeyCode::Backspace));
    typed(&mut a, " b");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("view Berlin 東京", false));
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        out.effects,
        vec![Effect::FindView {
            name: "Berlin 東京".into()
        }]
    );
    assert_eq!(a.history.command, ["view Berlin 東京"]);
}

#[test]
fn any_other_key_keeps_the_candidate_and_esc_puts_back_what_was_typed() {
    let mut a = app();
    update(&mut a, key(':'));
    typed(&mut a, "s");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("s", true), "save, sort, stages: no common part");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("save", true));
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(line(&a), ("s", false), "Esc closes the list, not the line");
    update(&mut a, code(KeyCode::Tab));
    update(&mut a, code(KeyCode::BackTab));
    assert_eq!(line(&a), ("stages", true));
    typed(&mut a, "!");
    assert_eq!(line(&a), ("stages!", false));
    // a Tab that finds nothing says so
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut a, "xqxqxq");
    update(&mut a, code(KeyCode::Tab));
    let Mode::CommandLine(l) = &a.mode else {
        panic!()
    };
    assert!(l.assist.no_match);
}

#[test]
fn tab_in_the_filter_bar_completes_and_the_list_follows() {
    let mut a = app();
    update(&mut a, key('/'));
    with_names(&mut a);
    typed(&mut a, "status:cu");
    let out = update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("status:customer ", false));
    assert_eq!(filters(&out.effects), ["status:customer"]);
    typed(&mut a, "own");
    let out = update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("status:customer owner:", false));
    assert!(
        filters(&out.effects).is_empty(),
        "owner: alone does not parse"
    );
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(
        line(&a),
        ("status:customer owner:", true),
        "me, ada…, empty"
    );
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("status:customer owner:me", true));
    let out = update(&mut a, code(KeyCode::Tab));
    assert_eq!(line(&a), ("status:customer owner:ada@example.com", true));
    assert_eq!(
        filters(&out.effects),
        ["status:customer owner:ada@example.com"]
    );
}

#[test]
fn each_line_recalls_its_own_history_by_prefix_and_saves_it_through_an_effect() {
    let mut a = app();
    let path = std::path::PathBuf::from("/state/line-history.jsonl");
    a.history.file = Some(path.clone());
    // the file's entries come first
    update(
        &mut a,
        Action::HistoryLoaded(Ok(vec![Entry {
            line: LineKind::Command,
            text: "sort city".into(),
        }])),
    );
    for cmd in ["sort name desc", "companies status:lead"] {
        update(&mut a, key(':'));
        typed(&mut a, cmd);
        let out = update(&mut a, code(KeyCode::Enter));
        assert!(out.effects.contains(&Effect::AppendHistory {
            path: path.clone(),
            entry: Entry {
                line: LineKind::Command,
                text: cmd.into(),
            },
        }));
    }
    update(&mut a, key('/'));
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut a, "city:berlin");
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.history.filter, ["city:berlin"]);

    update(&mut a, key(':'));
    let up = |a: &mut App| update(a, code(KeyCode::Up));
    up(&mut a);
    assert_eq!(line(&a).0, "companies status:lead");
    up(&mut a);
    assert_eq!(line(&a).0, "sort name desc");
    update(&mut a, code(KeyCode::Down));
    update(&mut a, code(KeyCode::Down));
    assert_eq!(line(&a).0, "", "back to what was typed");
    update(&mut a, code(KeyCode::Esc));
    // typed text filters the walk
    update(&mut a, key(':'));
    typed(&mut a, "so");
    up(&mut a);
    assert_eq!(line(&a).0, "sort name desc");
    up(&mut a);
    assert_eq!(line(&a).0, "sort city");
    up(&mut a);
    assert_eq!(line(&a).0, "sort city", "nothing older");
    update(&mut a, code(KeyCode::Esc));
    // the filter bar has its own, and a recalled filter is applied as typed
    update(&mut a, key('/'));
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    let out = up(&mut a);
    assert_eq!(line(&a).0, "city:berlin");
    assert_eq!(filters(&out.effects), ["city:berlin"]);
    update(&mut a, code(KeyCode::Enter));
    // opened on a filter in force, the bar offers every entry, and Down brings that filter back
    a.history.push(LineKind::Filter, "status:lead");
    update(&mut a, key('/'));
    assert_eq!(line(&a).0, "city:berlin");
    up(&mut a);
    assert_eq!(line(&a).0, "status:lead");
    update(&mut a, code(KeyCode::Down));
    assert_eq!(line(&a).0, "city:berlin");
}

#[test]
fn a_history_file_error_is_said_once() {
    let mut a = app();
    update(
        &mut a,
        Action::HistorySaved(Err("line history /x: cannot write it".into())),
    );
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("line history /x: cannot write it")
    );
    a.message = None;
    update(&mut a, Action::HistorySaved(Err("again".into())));
    update(&mut a, Action::HistoryLoaded(Err("again".into())));
    assert_eq!(a.message, None);
    update(&mut a, Action::HistorySaved(Ok(())));
    assert_eq!(a.message, None);
}

#[test]
fn an_unknown_command_names_the_closest_one() {
    // (typed, what the message says)
    let cases = [
        ("sotr city", "unknown command ':sotr' — did you mean :sort? (Tab completes commands)"),
        ("vews", "unknown command ':vews' — did you mean :views? (Tab completes commands)"),
        ("zzz", "unknown command ':zzz'; commands: :companies, :contacts, :deals, :activities, :view, :views, :save, :sort, :stages, :help, :quit (Tab completes them)"),
    ];
    for (line, want) in cases {
        let mut a = app();
        update(&mut a, key(':'));
        typed(&mut a, line);
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            a.message.as_ref().map(|(_, m)| m.as_str()),
            Some(want),
            "{line}"
        );
    }
}
