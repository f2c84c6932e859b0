//! The help pages: what each screen lists, and how rows wrap and stack at narrow widths.

use super::*;
use crate::tui::keymap::Keymap;
use crate::tui::state::FilterBar;

fn keys(page: &HelpPage) -> Vec<(&str, &str)> {
    page.lines
        .iter()
        .filter_map(|l| match l {
            HelpLine::Key(k, d) => Some((k.as_str(), d.as_str())),
            _ => None,
        })
        .collect()
}

#[test]
fn rows_wrap_what_does_not_fit_and_never_cut_it() {
    let page = HelpPage {
        title: "t".into(),
        lines: vec![
            HelpLine::Heading("Keys".into()),
            HelpLine::Key("j".into(), "move down one row in the 東京 table 🚀".into()),
            HelpLine::Key("a-very-long-key".into(), "short".into()),
        ],
    };
    let got: Vec<String> = rows(&page, 50).into_iter().map(|r| r.text).collect();
    // keys take at most a third of the width (16); the text wraps beside them
    assert_eq!(
        got,
        [
            "Keys",
            "j                move down one row in the 東京",
            "                 table 🚀",
            "a-very-long-key  short",
        ]
    );
    // narrower than STACKED, each key is a line and what it does wraps under it
    let got: Vec<String> = rows(&page, 20).into_iter().map(|r| r.text).collect();
    assert_eq!(
        got,
        [
            "Keys",
            "j",
            "  move down one row",
            "  in the 東京 table",
            "  🚀",
            "a-very-long-key",
            "  short",
        ]
    );
    for w in [12, 20, 34, 47, 48, 74] {
        for r in rows(&page, w) {
            assert!(crate::domain::text::width(&r.text) <= w, "{w}: {r:?}");
        }
    }
}

#[test]
fn each_screen_has_its_own_page_with_the_keymaps_keys() {
    let mut o = std::collections::BTreeMap::new();
    o.insert("won".to_string(), vec!["ctrl-w".to_string()]);
    let mut app = App::new(
        "sqlite".into(),
        "x".into(),
        None,
        Keymap::with_overrides(&o).unwrap(),
    );
    // (pane, board shown, title, a key row it has, one it has not)
    type Case<'a> = (PaneId, bool, &'a str, (&'a str, &'a str), &'a str);
    let cases: &[Case] = &[
        (
            PaneId::Companies,
            false,
            "companies table",
            ("s", "sort by the column under the cursor"),
            "mark the deal won",
        ),
        (
            PaneId::Deals,
            true,
            "deals board",
            ("ctrl-w", "mark the deal won"),
            "clear the filter",
        ),
        (
            PaneId::Deals,
            false,
            "deals table",
            ("b", "back to the board"),
            "mark the deal won",
        ),
        (
            PaneId::Activities,
            true,
            "agenda",
            ("x", "complete the task"),
            "mark the deal won",
        ),
    ];
    for (pane, shown, title, (k, about), not) in cases {
        app.pane = *pane;
        app.board.shown = *shown;
        app.timeline.shown = *shown;
        let page = page(&app, &Mode::Normal);
        assert_eq!(page.title, *title);
        let rows = keys(&page);
        assert!(
            rows.iter().any(|(key, d)| key == k && d.starts_with(about)),
            "{title}: {rows:?}"
        );
        assert!(!rows.iter().any(|(_, d)| d.contains(not)), "{title}: {not}");
        // every screen lists the commands and the keys it shares
        assert!(
            rows.iter().any(|(k, _)| *k == ":sort FIELD [desc]"),
            "{title}"
        );
        assert!(
            rows.iter().any(|(k, d)| *k == "q ctrl-c" && *d == "quit"),
            "{title}"
        );
    }
    // the filter bar: the line's keys, the syntax and the pane's fields
    app.pane = PaneId::Deals;
    let bar = page(&app, &Mode::Filter(FilterBar::new("")));
    assert_eq!(bar.title, "filter bar (deals)");
    let rows = keys(&bar);
    assert!(rows.iter().any(|(k, _)| *k == "↑ / ↓"));
    assert!(rows
        .iter()
        .any(|(k, d)| *k == "fields" && d.starts_with("title, stage")));
    assert!(rows
        .iter()
        .any(|(k, d)| *k == "related" && d.contains("company.FIELD")));
}
