//! One card of the board as lines that fit its column: the title (with the selection mark and
//! the overdue / stale flags), the value and the expected close date (on one line when both fit,
//! else on two), the company, and the owner. Every line is cut by display width with `…`, so a
//! CJK or emoji name never splits a character or pushes the column's border.

use super::{display_width, fit};
use crate::tui::state::board::CardView;

/// Columns the lines under the title are indented by (the width of the title's lead and flags).
const INDENT: &str = "   ";

/// What a line of a card is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Detail,
}

/// The card's lines for a column `width` columns wide.
pub fn lines(card: &CardView, width: usize, selected: bool) -> Vec<(Part, String)> {
    let lead = if selected { "›" } else { " " };
    let flags = format!(
        "{}{}",
        if card.overdue { "!" } else { " " },
        if card.stale { "~" } else { " " }
    );
    let mut out = vec![(
        Part::Title,
        fit(&format!("{lead}{flags}{}", card.title), width),
    )];
    let room = width.saturating_sub(INDENT.len());
    let detail = |text: &str| (Part::Detail, format!("{INDENT}{}", fit(text, room)));
    match &card.close {
        Some(close) => {
            let both = format!("{} · {close}", card.value);
            if display_width(&both) <= room {
                out.push(detail(&both));
            } else {
                out.push(detail(&card.value));
                out.push(detail(close));
            }
        }
        None => out.push(detail(&card.value)),
    }
    if !card.company.is_empty() {
        out.push(detail(&card.company));
    }
    if !card.owner.is_empty() {
        out.push(detail(&format!("@{}", card.owner)));
    }
    out
}

/// The first card to draw so that the selected one is whole on screen, given each card's height
/// and the rows there are: as few cards above it as need skipping.
pub fn first_shown(heights: &[usize], selected: usize, rows: usize) -> usize {
    let selected = selected.min(heights.len().saturating_sub(1));
    let mut first = 0;
    let mut used: usize = heights.iter().take(selected + 1).sum();
    while used > rows && first < selected {
        used -= heights[first];
        first += 1;
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    fn card(title: &str, company: &str, owner: &str, close: Option<&str>) -> CardView {
        CardView {
            id: Id(uuid::Uuid::from_u128(1)),
            version: 1,
            title: title.into(),
            company: company.into(),
            value: "25,000.00 USD".into(),
            close: close.map(String::from),
            owner: owner.into(),
            overdue: true,
            stale: false,
        }
    }

    fn texts(l: &[(Part, String)]) -> Vec<&str> {
        l.iter().map(|(_, t)| t.as_str()).collect()
    }

    #[test]
    fn a_wide_column_shows_value_and_date_on_one_line_then_company_and_owner() {
        let c = card(
            "Meridian patient intake",
            "Meridian Health",
            "Morgan Reyes",
            Some("2027-03-14"),
        );
        assert_eq!(
            texts(&lines(&c, 30, true)),
            [
                "›! Meridian patient intake",
                "   25,000.00 USD · 2027-03-14",
                "   Meridian Health",
                "   @Morgan Reyes"
            ]
        );
    }

    #[test]
    fn a_narrow_column_puts_the_date_on_its_own_line_and_never_cuts_it() {
        let c = card("T", "", "", Some("2027-03-14"));
        assert_eq!(
            texts(&lines(&c, 22, false)),
            [" ! T", "   25,000.00 USD", "   2027-03-14"]
        );
    }

    #[test]
    fn wide_names_are_cut_by_display_width_with_an_ellipsis() {
        let c = card(
            "日本語の案件🦀とても長い",
            "株式会社🦀とても長い名前",
            "山田太郎さんです",
            None,
        );
        let l = lines(&c, 16, false);
        for (_, t) in &l {
            assert!(display_width(t) <= 16, "{t:?}");
        }
        assert_eq!(l[0].1, " ! 日本語の案件…");
        assert_eq!(l[2].1, "   株式会社🦀と…");
        assert_eq!(l[3].1, "   @山田太郎さ…");
    }

    #[test]
    fn the_selected_card_is_always_whole_on_screen() {
        let h = [4, 4, 3, 4, 4];
        assert_eq!(first_shown(&h, 0, 10), 0);
        assert_eq!(first_shown(&h, 1, 10), 0);
        assert_eq!(first_shown(&h, 2, 10), 1);
        assert_eq!(first_shown(&h, 4, 10), 3);
        // a card taller than the column still starts on screen
        assert_eq!(first_shown(&h, 4, 2), 4);
        assert_eq!(first_shown(&[], 0, 10), 0);
    }
}
