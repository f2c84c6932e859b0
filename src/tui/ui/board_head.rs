//! A board column's header lines, each the longest form that fits the column: the count line
//! ("81,414 deals · open · 10%"), the total and the weighted total ("Σ 76,500.00 EUR + 1,200 JPY"),
//! and the "20 of 2,500 shown" line under the cards. They give up detail in a fixed order, like
//! the summary line, and are cut with `…` only below the shortest form.

use super::{display_width, fit};
use crate::tui::state::board::{BoardColumn, Money};

/// The first of `forms` that fits `width`, else the last cut to it.
fn first_fit(forms: Vec<String>, width: usize) -> String {
    let last = forms.last().cloned().unwrap_or_default();
    forms
        .into_iter()
        .find(|f| display_width(f) <= width)
        .unwrap_or_else(|| fit(&last, width))
}

/// "1 deal", "2,500 deals".
pub fn deals(n: i64) -> String {
    let count = crate::tui::state::listing::thousands(n);
    if n == 1 {
        format!("{count} deal")
    } else {
        format!("{count} deals")
    }
}

/// The count line: "81,414 deals · open · 10%", then without the kind ("81,414 deals · 10%"),
/// then the count alone ("81,414 deals", "81,414").
pub fn count_line(col: &BoardColumn, width: usize) -> String {
    let n = deals(col.deals);
    let p = col.probability;
    first_fit(
        vec![
            format!("{n} · {} · {p}%", col.kind),
            format!("{n} · {p}%"),
            n,
            crate::tui::state::listing::thousands(col.deals),
        ],
        width,
    )
}

/// "Σ 76,500.00 EUR + 12,345,678 JPY" (or "w …" for the weighted totals), then the first
/// currency and how many more ("Σ 76,500.00 EUR +1 cur.", "Σ 76,500.00 EUR +1"), then amounts in short form
/// ("Σ 76.5k EUR +1"), then without the currency ("Σ 76.5k +1"). "—" when nothing is open.
pub fn money_line(m: &[Money], weighted: bool, width: usize) -> String {
    let sign = if weighted { "w" } else { "Σ" };
    let value = |one: &Money| if weighted { &one.weighted } else { &one.value }.clone();
    let [first, rest @ ..] = m else {
        return "—".into();
    };
    let more = |form: &str| {
        if rest.is_empty() {
            String::new()
        } else {
            format!("{form}{}", rest.len())
        }
    };
    let all = m
        .iter()
        .map(|one| format!("{} {}", value(one), one.currency))
        .collect::<Vec<_>>()
        .join(" + ");
    let short = short_amount(&value(first));
    first_fit(
        vec![
            format!("{sign} {all}"),
            format!("{sign} {} {}{}", value(first), first.currency, more(" +"))
                + if rest.is_empty() { "" } else { " cur." },
            format!("{sign} {} {}{}", value(first), first.currency, more(" +")),
            format!("{sign} {short} {}{}", first.currency, more(" +")),
            format!("{sign} {short}{}", more(" +")),
        ],
        width,
    )
}

/// "20 of 2,500 shown; j for more", then "20 of 2,500; j more", then "20/2,500".
pub fn shown_line(shown: usize, total: i64, width: usize) -> String {
    let t = crate::tui::state::listing::thousands;
    let s = t(i64::try_from(shown).unwrap_or(i64::MAX));
    let all = t(total);
    first_fit(
        vec![
            format!("  {s} of {all} shown; j for more"),
            format!("  {s} of {all}; j more"),
            format!("  {s}/{all}"),
        ],
        width,
    )
}

/// A formatted amount ("2,531,237.50", "1,200,000") in three significant digits with a
/// suffix: "2.53M", "76.5k", "950". Unchanged when it does not read as a number.
pub fn short_amount(formatted: &str) -> String {
    let plain: String = formatted.chars().filter(|c| *c != ',').collect();
    let Ok(v) = plain.parse::<f64>() else {
        return formatted.to_string();
    };
    let (scaled, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| v.abs() >= *unit)
        .map_or((v, ""), |(unit, s)| (v / unit, s));
    let text = match scaled.abs() {
        a if suffix.is_empty() => format!("{:.0}", a.copysign(scaled)),
        a if a < 10.0 => format!("{scaled:.2}"),
        a if a < 100.0 => format!("{scaled:.1}"),
        _ => format!("{scaled:.0}"),
    };
    // "25.0k" reads as "25k"
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(value: &str, currency: &str, weighted: &str) -> Money {
        Money {
            currency: currency.into(),
            value: value.into(),
            weighted: weighted.into(),
        }
    }

    fn column(deals: i64, kind: &str, probability: i32) -> BoardColumn {
        BoardColumn {
            stage: crate::domain::Id::new(),
            name: "Negotiation".into(),
            kind: kind.into(),
            probability,
            deals,
            totals: Vec::new(),
            cards: Vec::new(),
            next: None,
            pending: None,
            selected: 0,
        }
    }

    #[test]
    fn the_count_line_drops_the_kind_then_the_probability_then_the_word() {
        let col = column(81_414, "open", 10);
        // (width, line): 24 is a column's inside at 80 columns with three columns
        let cases: &[(usize, &str)] = &[
            (40, "81,414 deals · open · 10%"),
            (25, "81,414 deals · open · 10%"),
            (24, "81,414 deals · 10%"),
            (17, "81,414 deals"),
            (11, "81,414"),
            (4, "81,…"),
        ];
        for (w, want) in cases {
            let got = count_line(&col, *w);
            assert_eq!(got, *want, "at {w}");
            assert!(display_width(&got) <= *w, "{got} at {w}");
        }
        assert_eq!(
            count_line(&column(1, "won", 100), 30),
            "1 deal · won · 100%"
        );
    }

    #[test]
    fn a_total_keeps_its_first_currency_and_says_how_many_more() {
        let m = [
            money("2,531,237.50", "EUR", "253,123.75"),
            money("43,000.00", "USD", "7,000.00"),
            money("1,200,000", "JPY", "300,000"),
        ];
        let cases: &[(usize, bool, &str)] = &[
            (
                80,
                false,
                "Σ 2,531,237.50 EUR + 43,000.00 USD + 1,200,000 JPY",
            ),
            (40, false, "Σ 2,531,237.50 EUR +2 cur."),
            (24, false, "Σ 2,531,237.50 EUR +2"),
            (20, false, "Σ 2.53M EUR +2"),
            (24, true, "w 253,123.75 EUR +2 cur."),
            (20, true, "w 253,123.75 EUR +2"),
            (18, true, "w 253k EUR +2"),
            (10, false, "Σ 2.53M +2"),
            (6, false, "Σ 2.5…"),
        ];
        for (w, weighted, want) in cases {
            let got = money_line(&m, *weighted, *w);
            assert_eq!(got, *want, "at {w}");
            assert!(display_width(&got) <= *w, "{got} at {w}");
        }
        let one = [money("76,500.00", "EUR", "38,250.00")];
        assert_eq!(money_line(&one, false, 24), "Σ 76,500.00 EUR");
        assert_eq!(money_line(&one, false, 12), "Σ 76.5k EUR");
        assert_eq!(money_line(&[], false, 12), "—");
    }

    #[test]
    fn short_amounts_keep_three_significant_digits() {
        let cases = [
            ("2,531,237.50", "2.53M"),
            ("76,500.00", "76.5k"),
            ("25,000.00", "25k"),
            ("253,123.75", "253k"),
            ("950.40", "950"),
            ("1,200,000", "1.2M"),
            ("-12,500.00", "-12.5k"),
            ("7,000,000,000", "7B"),
            ("n/a", "n/a"),
        ];
        for (from, want) in cases {
            assert_eq!(short_amount(from), want, "{from}");
        }
    }

    #[test]
    fn the_shown_line_shortens_before_it_is_cut() {
        assert_eq!(shown_line(20, 2_500, 40), "  20 of 2,500 shown; j for more");
        assert_eq!(shown_line(20, 2_500, 24), "  20 of 2,500; j more");
        assert_eq!(shown_line(20, 2_500, 12), "  20/2,500");
    }
}
