//! CJK and emoji on screen: wide characters take two columns, so a cut value ends in '…' within
//! its column and whatever follows (the next column, a border, the cursor) stays where it belongs.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use super::{draw, Theme};
use crate::db::repo::{Cursor, SortValue};
use crate::domain::Id;
use crate::tui::forms::{FormKind, Value};
use crate::tui::keymap::Keymap;
use crate::tui::pane::PaneId;
use crate::tui::state::board::{BoardColumn, BoardData, CardView};
use crate::tui::state::form::FormState;
use crate::tui::state::listing::Row;
use crate::tui::state::{App, Mode};

const WIDE: &str = "日本語の会社🦀株式会社とても長い名前";

fn app() -> App {
    App::new("sqlite".into(), "/tmp/x.db".into(), None, Keymap::default())
}

fn row(n: u128, cells: &[&str]) -> Row {
    let id = Id(uuid::Uuid::from_u128(n));
    Row {
        id,
        version: 1,
        cursor: Cursor {
            key: SortValue::Text(cells[0].to_string()),
            id,
        },
        label: cells[0].to_string(),
        cells: cells.iter().map(|c| c.to_string()).collect(),
    }
}

/// Draw and return the screen, and where the terminal cursor was left.
fn render(app: &App, w: u16, h: u16) -> (Buffer, (u16, u16)) {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test backend");
    t.draw(|f| {
        draw(f, app, Theme { color: false });
    })
    .expect("drawing on a test backend");
    let pos = t.get_cursor_position().expect("a test backend's cursor");
    (t.backend().buffer().clone(), (pos.x, pos.y))
}

/// The screen column where `text` starts on line `y` (cells hidden by a wide character are
/// skipped), if it is there.
fn find(buf: &Buffer, y: u16, text: &str) -> Option<u16> {
    let line = line_cells(buf, y);
    let want: Vec<String> = text.chars().map(String::from).collect();
    (0..line.len())
        .find(|i| {
            line[*i..]
                .iter()
                .map(|(_, s)| s)
                .take(want.len())
                .eq(want.iter())
        })
        .map(|i| line[i].0)
}

/// Line `y` as (screen column, symbol), without the blank cells a wide character covers.
fn line_cells(buf: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let s = buf[(x, y)].symbol().to_string();
        let w = crate::domain::text::width(&s).max(1);
        out.push((x, s));
        x += u16::try_from(w).unwrap_or(1);
    }
    out
}

fn text_of(buf: &Buffer, y: u16) -> String {
    line_cells(buf, y).into_iter().map(|(_, s)| s).collect()
}

#[test]
fn a_wide_name_in_a_table_cell_is_cut_with_an_ellipsis_and_the_next_column_stays_put() {
    let mut a = app();
    let l = a.listing_mut();
    l.loaded = true;
    l.rows = vec![
        row(
            1,
            &["Acme", "Software", "customer", "small", "Berlin", "ada"],
        ),
        row(
            2,
            &[
                &WIDE.repeat(3),
                "Software",
                "customer",
                "small",
                "東京",
                "ada",
            ],
        ),
        row(
            3,
            &["👨‍👩‍👧 family", "Software", "customer", "small", "Köln", "ada"],
        ),
    ];
    let (buf, _) = render(&a, 80, 24);
    // header on line 2, rows from line 3 (line 0 is the pane bar, 1 the table's border)
    let header_x = find(&buf, 2, "Industry").expect("the Industry header");
    for y in 3..6 {
        assert_eq!(
            find(&buf, y, "Software"),
            Some(header_x),
            "line {y}: {}",
            text_of(&buf, y)
        );
    }
    let wide_line = text_of(&buf, 4);
    assert!(wide_line.contains("日本語の会社🦀"), "{wide_line}");
    assert!(wide_line.contains('…'), "the cut is marked: {wide_line}");
    assert_eq!(find(&buf, 4, "東京"), find(&buf, 3, "Berlin"));
    assert_eq!(find(&buf, 5, "Köln"), find(&buf, 3, "Berlin"));
}

fn card(n: u128, title: &str, company: &str) -> CardView {
    CardView {
        id: Id(uuid::Uuid::from_u128(n)),
        version: 1,
        title: title.into(),
        company: company.into(),
        value: "12,500.00 USD".into(),
        close: None,
        owner: "ada".into(),
        overdue: false,
        stale: false,
    }
}

fn column(n: u128, name: &str, cards: Vec<CardView>) -> BoardColumn {
    BoardColumn {
        stage: Id(uuid::Uuid::from_u128(100 + n)),
        name: name.into(),
        kind: "open".into(),
        probability: 10,
        deals: i64::try_from(cards.len()).unwrap_or(0),
        totals: vec![],
        cards,
        next: None,
        pending: None,
        selected: 0,
    }
}

#[test]
fn a_wide_title_on_a_board_card_is_cut_inside_its_column() {
    let mut a = app();
    a.pane = PaneId::Deals;
    a.board.shown = true;
    a.board.data = Some(BoardData {
        filter: String::new(),
        columns: vec![
            column(
                1,
                "Lead",
                vec![
                    card(1, "Plain title", "Acme"),
                    card(2, WIDE, "日本の会社🦀"),
                ],
            ),
            column(2, "Won", vec![card(3, "Done deal", "Acme")]),
        ],
        summary: Default::default(),
    });
    let (buf, _) = render(&a, 80, 24);
    let wide_y = (0..24)
        .find(|y| text_of(&buf, *y).contains("日本語"))
        .expect("the wide card");
    let line = text_of(&buf, wide_y);
    assert!(line.contains('…'), "the cut is marked: {line}");
    // the borders of both columns are where they are on a plain card's line
    let plain_y = (0..24)
        .find(|y| text_of(&buf, *y).contains("Plain title"))
        .expect("the plain card");
    let borders = |y| {
        line_cells(&buf, y)
            .into_iter()
            .filter(|(_, s)| s == "│")
            .map(|(x, _)| x)
            .collect::<Vec<_>>()
    };
    assert_eq!(borders(wide_y), borders(plain_y), "{line}");
    assert_eq!(
        borders(wide_y + 1),
        borders(plain_y),
        "the card's second line"
    );
    // the board's own border and two for each of its two columns
    assert_eq!(borders(wide_y).len(), 6, "{line}");
}

#[test]
fn a_wide_value_in_a_form_field_puts_the_cursor_after_it() {
    let mut a = app();
    let mut values = FormKind::Company.blank(None);
    let name = FormKind::Company.position("name").expect("a name field");
    values[name] = Value::text("日本🦀");
    let city = FormKind::Company
        .position("billing_city")
        .expect("a city field");
    values[city] = Value::text(WIDE.repeat(4));
    let mut form = FormState::new(FormKind::Company, None, None, values, a.zone);
    form.focus = name;
    form.selected = None;
    a.mode = Mode::Form(Box::new(form));
    let (buf, (cx, cy)) = render(&a, 80, 24);
    let value_x = find(&buf, cy, "日本🦀").expect("the name on the cursor's line");
    // 日, 本 and 🦀 take two columns each
    assert_eq!(cx, value_x + 6, "{}", text_of(&buf, cy));
    // a value too long for the line ends in '…' before the form's border
    let y = (0..24)
        .find(|y| text_of(&buf, *y).contains("Billing city"))
        .expect("the city line");
    let line = text_of(&buf, y);
    assert!(line.contains('…'), "{line}");
    let border_x = line_cells(&buf, y)
        .into_iter()
        .filter(|(_, s)| s == "│")
        .map(|(x, _)| x)
        .collect::<Vec<_>>();
    let plain = (0..24)
        .find(|y| text_of(&buf, *y).contains("Billing region"))
        .expect("the region line");
    let plain_border: Vec<u16> = line_cells(&buf, plain)
        .into_iter()
        .filter(|(_, s)| s == "│")
        .map(|(x, _)| x)
        .collect();
    assert_eq!(border_x, plain_border, "{line}");
    // the value column starts where the other fields' values start
    assert_eq!(find(&buf, y, "日本語"), find(&buf, cy, "日本🦀"));
}
