//! Completion, table-driven: (line, what Tab offers) and (keys, what the line becomes).

use super::*;
use crate::tui::input::TextInput;
use crate::tui::pane::PaneId;

fn names() -> Names {
    Names {
        known: Known {
            users: vec!["ada@example.com".into(), "avery.chen@rolo.example".into()],
            stages: vec!["Lead".into(), "Proposal sent".into(), "Won".into()],
            tags: vec!["vip".into(), "東京".into()],
        },
        views: vec![
            ("Big 🚀 deals".into(), Entity::Deals),
            ("Berlin leads".into(), Entity::Companies),
            ("Biggest".into(), Entity::Deals),
        ],
        values: vec![(
            Entity::Companies,
            "industry",
            vec!["software".into(), "logistics".into(), "food & drink".into()],
        )],
    }
}

fn texts(t: &Target) -> Vec<&str> {
    t.candidates.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn a_filter_offers_fields_relations_keywords_and_values() {
    let n = names();
    // (entity, text before the cursor, where the word starts, the first candidates offered)
    let cases: &[(Entity, &str, usize, &[&str])] = &[
        (Entity::Companies, "indu", 0, &["industry"]),
        (Entity::Companies, "city:berlin st", 12, &["status"]),
        (Entity::Companies, "-sta", 1, &["status"]),
        (Entity::Companies, "(size:small | ind", 14, &["industry"]),
        (Entity::Deals, "comp", 0, &["company."]),
        (Entity::Deals, "company.ind", 0, &["company.industry"]),
        (
            Entity::Activities,
            "deal.company.ci",
            0,
            &["deal.company.city"],
        ),
        (Entity::Deals, "over", 0, &["overdue"]),
        (Entity::Companies, "status:c", 7, &["customer"]),
        (Entity::Companies, "status:lead,pro", 12, &["prospect"]),
        (Entity::Companies, "status!=in", 8, &["inactive"]),
        (Entity::Deals, "company.status:cu", 15, &["customer"]),
        // a free-text field: the values in use
        (Entity::Deals, "company.industry:soft", 17, &["software"]),
        (
            Entity::Companies,
            "industry:",
            9,
            &["software", "logistics", "\"food & drink\"", "empty"],
        ),
        (
            Entity::Deals,
            "owner:",
            6,
            &["me", "ada@example.com", "avery.chen@rolo.example", "empty"],
        ),
        (Entity::Deals, "owner:av", 6, &["avery.chen@rolo.example"]),
        (Entity::Deals, "stage:pro", 6, &["\"Proposal sent\""]),
        (Entity::Deals, "stage:\"pro", 6, &["\"Proposal sent\""]),
        (Entity::Deals, "tag:東", 4, &["東京"]),
        (Entity::Contacts, "do_not_contact:", 15, &["yes", "no"]),
        (Entity::Deals, "close<+3", 6, &["+30d"]),
        (Entity::Deals, "company:", 8, &["empty"]),
        // a misspelling finds the field it meant
        (Entity::Companies, "industy", 0, &["industry"]),
        (Entity::Companies, "stauts", 0, &["status"]),
        (Entity::Companies, "owner:\"Ada L\" ci", 14, &["city"]),
    ];
    for (entity, text, start, want) in cases {
        let t = filter_target(text, text.len(), *entity, &n);
        assert_eq!(t.start, *start, "{text}");
        assert_eq!(t.end, text.len());
        let got = texts(&t);
        assert!(
            got.len() >= want.len() && got[..want.len()] == **want,
            "{entity:?} {text:?}: {got:?}"
        );
    }
    // nothing for a free-text field whose values are not read
    assert!(filter_target("name:ac", 7, Entity::Companies, &n)
        .candidates
        .is_empty());
    // what follows each kind of candidate
    let then = |text: &str, e| filter_target(text, text.len(), e, &n).candidates[0].then;
    assert_eq!(then("indu", Entity::Companies), ":");
    assert_eq!(then("comp", Entity::Deals), "");
    assert_eq!(then("overd", Entity::Deals), " ");
    assert_eq!(then("status:cu", Entity::Companies), " ");
}

#[test]
fn a_command_line_offers_commands_then_their_arguments() {
    let n = names();
    let cases: &[(PaneId, &str, usize, &[&str])] = &[
        (
            PaneId::Companies,
            "",
            0,
            &[
                "companies",
                "contacts",
                "deals",
                "activities",
                "view",
                "views",
            ],
        ),
        (PaneId::Companies, "vi", 0, &["view", "views"]),
        (PaneId::Companies, "  so", 2, &["sort"]),
        (PaneId::Companies, "sort ci", 5, &["city"]),
        (PaneId::Deals, "sort cl", 5, &["close"]),
        (PaneId::Companies, "sort city d", 10, &["desc"]),
        (
            PaneId::Companies,
            "view Bi",
            5,
            &["Big 🚀 deals", "Biggest"],
        ),
        (PaneId::Companies, "view big 🚀", 5, &["Big 🚀 deals"]),
        (PaneId::Deals, "save B", 5, &["Big 🚀 deals", "Biggest"]),
        (PaneId::Companies, "save B", 5, &["Berlin leads"]),
        (
            PaneId::Companies,
            "deals company.ind",
            6,
            &["company.industry"],
        ),
        (PaneId::Companies, "comp status:pro", 12, &["prospect"]),
        (
            PaneId::Companies,
            "deals status:",
            13,
            &["open", "won", "lost"],
        ),
    ];
    for (pane, text, start, want) in cases {
        let t = command_target(text, text.len(), *pane, &n);
        assert_eq!(t.start, *start, "{text}");
        let got = texts(&t);
        assert!(
            got.len() >= want.len() && got[..want.len()] == **want,
            "{pane:?} {text:?}: {got:?}"
        );
    }
    assert!(command_target("stages x", 8, PaneId::Deals, &n)
        .candidates
        .is_empty());
    assert!(command_target("nosuch x", 8, PaneId::Deals, &n)
        .candidates
        .is_empty());
}

/// Keys on a line: `\t` Tab, `\u{8}` shift-Tab, `\n` Enter (accept), `\u{1b}` Esc (cancel).
fn run(pane: PaneId, text: &str, keys: &str) -> (String, Option<Menu>, Vec<Pressed>) {
    let n = names();
    let mut input = TextInput::new(text);
    let mut menu = None;
    let mut pressed = vec![];
    for k in keys.chars() {
        match k {
            '\t' | '\u{8}' => {
                pressed.push(menu::press(&mut input, &mut menu, k == '\u{8}', |t, c| {
                    command_target(t, c, pane, &n)
                }))
            }
            '\n' => {
                menu::accept(&mut input, &mut menu);
            }
            '\u{1b}' => menu::cancel(&mut input, &mut menu),
            _ => unreachable!(),
        }
    }
    assert_eq!(
        input.cursor,
        input.text.len(),
        "the cursor follows: {input:?}"
    );
    (input.text, menu, pressed)
}

#[test]
fn tab_completes_lists_cycles_accepts_and_cancels() {
    use Pressed::*;
    let cases: &[(&str, &str, &str, &[Pressed], bool)] = &[
        // one candidate: taken, with what follows it
        ("so", "\t", "sort ", &[Completed], false),
        ("sort cl", "\t", "sort close ", &[Completed], false),
        ("comp indu", "\t", "comp industry:", &[Completed], false),
        ("deals compa", "\t", "deals company.", &[Completed], false),
        // several: the common part, and the list
        ("vi", "\t", "view", &[Listed], true),
        ("view bi", "\t", "view Big", &[Listed], true),
        // Tab again cycles (wrapping), shift-Tab goes back, Enter takes it with its space
        ("vi", "\t\t", "view", &[Listed, Cycled], true),
        ("vi", "\t\t\t", "views", &[Listed, Cycled, Cycled], true),
        (
            "vi",
            "\t\t\t\t",
            "view",
            &[Listed, Cycled, Cycled, Cycled],
            true,
        ),
        ("vi", "\t\u{8}", "views", &[Listed, Cycled], true),
        ("vi", "\t\t\n", "view ", &[Listed, Cycled], false),
        (
            "view bi",
            "\t\t\t\n",
            "view Biggest",
            &[Listed, Cycled, Cycled],
            false,
        ),
        // Esc puts back what was there before cycling
        (
            "view bi",
            "\t\t\u{1b}",
            "view Big",
            &[Listed, Cycled],
            false,
        ),
        // nothing fits
        ("stages now", "\t", "stages now", &[NoMatch], false),
    ];
    for (text, keys, want, pressed, open) in cases {
        let (got, menu, p) = run(PaneId::Deals, text, keys);
        assert_eq!(got, *want, "{text:?} {keys:?}");
        assert_eq!(p, *pressed, "{text:?} {keys:?}");
        assert_eq!(menu.is_some(), *open, "{text:?} {keys:?}: {menu:?}");
    }
}

#[test]
fn a_candidate_already_followed_by_its_separator_is_not_doubled() {
    let n = names();
    let mut input = TextInput::new("indu:software");
    input.cursor = 4;
    let mut menu = None;
    let p = menu::press(&mut input, &mut menu, false, |t, c| {
        filter_target(t, c, Entity::Companies, &n)
    });
    assert_eq!(p, Pressed::Completed);
    assert_eq!(input.text, "industry:software");
    assert_eq!(input.cursor, "industry:".len());
}
