//! Column widths for a pane's table, by content and by what each column can give up.
//!
//! Each column wants the width of its widest content (header or loaded cell), at most its
//! description's `width`. When the wants fit, each column gets its want and a column whose content
//! was capped takes spare room up to its content. When they do not fit, each column gives up room
//! in proportion to its slack — how far its want is above its `min` — so a 40-column name shrinks
//! before a ten-letter size or a date is cut. Only when every column is at its `min` does each
//! shrink further, in proportion to its width.

/// What a column asks for: its narrowest while others can give room, its widest, and the width
/// of its widest content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub min: usize,
    pub max: usize,
    pub content: usize,
}

/// The widths of columns laid out in `available` terminal columns, one column of spacing between
/// each; they never add up to more than fits.
pub fn widths(asks: &[Ask], available: usize) -> Vec<usize> {
    let room = available.saturating_sub(asks.len().saturating_sub(1));
    let want: Vec<usize> = asks.iter().map(|a| a.content.min(a.max).max(1)).collect();
    let total: usize = want.iter().sum();
    if total <= room {
        // spare room to the columns whose content was capped, up to their content
        let mut w = want;
        let mut spare = room - total;
        for (w, a) in w.iter_mut().zip(asks) {
            let more = a.content.saturating_sub(*w).min(spare);
            *w += more;
            spare -= more;
        }
        return w;
    }
    let floor: Vec<usize> = asks.iter().zip(&want).map(|(a, w)| a.min.min(*w)).collect();
    let slack: Vec<usize> = want.iter().zip(&floor).map(|(w, f)| w - f).collect();
    let cut = total - room;
    if cut <= slack.iter().sum() {
        let w = shrink(&want, &slack, cut);
        return w;
    }
    let floors: usize = floor.iter().sum();
    shrink(&floor, &floor, floors.saturating_sub(room))
}

/// `from` made `cut` narrower in all, each column by its share of `weight` (never below 1 where
/// it had width); rounding goes to the columns with the most weight left.
fn shrink(from: &[usize], weight: &[usize], cut: usize) -> Vec<usize> {
    let total: usize = weight.iter().sum();
    if total == 0 {
        return from.to_vec();
    }
    let mut taken: Vec<usize> = weight
        .iter()
        .zip(from)
        .map(|(wt, f)| (cut * wt / total).min(f.saturating_sub(1)))
        .collect();
    let mut left = cut.saturating_sub(taken.iter().sum());
    while left > 0 {
        let best = (0..from.len())
            .filter(|i| from[*i] > taken[*i] + 1 && weight[*i] > taken[*i])
            .max_by_key(|i| (weight[*i] - taken[*i], std::cmp::Reverse(*i)));
        let Some(i) = best else { break };
        taken[i] += 1;
        left -= 1;
    }
    from.iter().zip(taken).map(|(f, t)| f - t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(min: usize, max: usize, content: usize) -> Ask {
        Ask { min, max, content }
    }

    #[test]
    fn columns_that_fit_take_their_content() {
        let w = widths(&[ask(10, 40, 24), ask(8, 10, 10), ask(8, 20, 6)], 80);
        assert_eq!(w, [24, 10, 6]);
    }

    #[test]
    fn a_capped_column_takes_spare_room_up_to_its_content() {
        let w = widths(&[ask(16, 60, 90), ask(8, 10, 10)], 120);
        assert_eq!(w, [90, 10]);
        let w = widths(&[ask(16, 60, 90), ask(8, 10, 10)], 80);
        assert_eq!(w, [69, 10]);
    }

    #[test]
    fn long_text_gives_up_room_before_a_short_word_is_cut() {
        // companies at 80 columns: name, industry, status, size, city, owner
        let asks = [
            ask(18, 42, 26),
            ask(8, 16, 13),
            ask(8, 10, 8),
            ask(10, 10, 10),
            ask(8, 20, 10),
            ask(10, 20, 12),
        ];
        let w = widths(&asks, 78);
        assert_eq!(w.iter().sum::<usize>() + 5, 78, "{w:?}");
        assert_eq!(w[3], 10, "size keeps `enterprise` whole: {w:?}");
        assert_eq!(w[2], 8, "{w:?}");
        assert!(w[0] >= 18 && w[0] < 26, "{w:?}");
    }

    #[test]
    fn below_every_minimum_all_columns_shrink_and_still_fit() {
        let asks = [ask(20, 40, 40), ask(20, 40, 40), ask(20, 40, 40)];
        let w = widths(&asks, 32);
        assert_eq!(w.iter().sum::<usize>() + 2, 32, "{w:?}");
        assert!(w.iter().all(|x| *x >= 9), "{w:?}");
    }

    #[test]
    fn widths_never_exceed_the_line() {
        for available in 0..200 {
            let asks = [
                ask(7, 10, 9),
                ask(16, 60, 45),
                ask(16, 16, 16),
                ask(4, 5, 4),
            ];
            let w = widths(&asks, available);
            let used = w.iter().sum::<usize>() + 3;
            assert!(used <= available.max(w.len() + 3), "{available}: {w:?}");
        }
    }
}
