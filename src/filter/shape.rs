//! How some conditions are written when a backend's planner needs help: the choices
//! [`probe`](super::probe) makes from the data and [`lower`](super::lower) follows. The rows a
//! filter selects never depend on these choices, only how fast they are found. No Diesel here.

use std::collections::{HashMap, HashSet};

use super::pred::Pred;

/// What a compiled filter will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A page of rows in a sort order (`ORDER BY … LIMIT`): list pages.
    Rows,
    /// Counting, exact or capped (`count --up-to`): no order, so the fastest way in is always
    /// through the most selective index, which the default shapes allow.
    Count,
}

/// How a condition on a related record (`company.industry:software` on deals) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelatedShape {
    /// `fk IN (SELECT id FROM target WHERE …)`: the planner can start from the related records.
    /// Fast when they are few; when they are many, the whole id list is built first and a page
    /// sorts every matching row.
    #[default]
    In,
    /// `(SELECT 1 FROM target WHERE id = fk AND …) = 1`: one primary-key probe per row, so a
    /// page keeps walking the list's own order and stops after the page. Fast when many rows
    /// match, a full scan when few do.
    Correlated,
}

/// How a money test (`value>=10000`, per currency group) is written on SQLite. PostgreSQL always
/// gets the branches: it combines one bitmap index scan per branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyShape {
    /// One comparison of the amount in thousandths of a major unit, the expression of the
    /// `…_norm_live_idx` indexes, so the index finds the rows. Fast for a count and for a page
    /// of few matches; a page of many matches sorts them all.
    #[default]
    Normalized,
    /// Three currency-group branches, each on the stored minor units. No index serves the
    /// branch of the 2-decimal currencies (`currency NOT IN (…)`), so a page walks its own order
    /// and tests each row: fast when many rows match, a full scan when few do.
    Branches,
}

/// How a tag condition (`tag:vip`) is written on PostgreSQL (SQLite always gets `In`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TagShape {
    /// `id IN (SELECT tagged ids …)`: PostgreSQL plans it as a semi join, and for a page walks
    /// the list's order probing each row's tags, in parallel on big tables. Fast when many rows
    /// carry the tag.
    #[default]
    In,
    /// `id = ANY (ARRAY(SELECT tagged ids …))`: the tagged ids are read once through the tag
    /// index, their rows fetched by primary key and sorted. Fast when few rows carry the tag.
    Array,
}

/// How the plain column tests of a conjunction (`overdue` on activities: `completed_at IS NULL
/// AND due_at < now`) are written on SQLite for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RangeShape {
    /// As they are: the planner may start from an index on the tested columns. Fast when few rows
    /// match; when many do, a page reads every match and sorts them all.
    #[default]
    Indexed,
    /// Range comparisons and emptiness tests written on `+column`, which SQLite cannot serve
    /// from an index, so a page walks its own sort order and tests each row, stopping after the
    /// page (equality tests stay indexable: they pair with the sort key in `(column, sort)`
    /// indexes). Fast when many rows match, a long walk when few do.
    Walk,
}

/// The shape chosen for each probed condition, keyed by the condition's address in the checked
/// filter it was chosen for; conditions without a choice take the defaults.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    related: HashMap<usize, RelatedShape>,
    money: HashMap<usize, MoneyShape>,
    tag: HashMap<usize, TagShape>,
    walk: HashSet<usize>,
    default_related: RelatedShape,
    default_money: MoneyShape,
    default_tag: TagShape,
}

fn key(p: &Pred) -> usize {
    p as *const Pred as usize
}

impl Shapes {
    /// The same shape for every related condition, money test and tag condition (tests use
    /// this to run each shape against the reference).
    pub fn uniform(related: RelatedShape, money: MoneyShape, tag: TagShape) -> Self {
        Shapes {
            default_related: related,
            default_money: money,
            default_tag: tag,
            ..Shapes::default()
        }
    }

    pub(crate) fn set_related(&mut self, p: &Pred, shape: RelatedShape) {
        self.related.insert(key(p), shape);
    }

    pub(crate) fn set_money(&mut self, p: &Pred, shape: MoneyShape) {
        self.money.insert(key(p), shape);
    }

    pub(crate) fn set_tag(&mut self, p: &Pred, shape: TagShape) {
        self.tag.insert(key(p), shape);
    }

    pub(crate) fn set_walk(&mut self, p: &Pred) {
        self.walk.insert(key(p));
    }

    /// The shape of the conjunction (or lone column test) `p`.
    pub(crate) fn range(&self, p: &Pred) -> RangeShape {
        if self.walk.contains(&key(p)) {
            RangeShape::Walk
        } else {
            RangeShape::Indexed
        }
    }

    pub(crate) fn tag(&self, p: &Pred) -> TagShape {
        self.tag.get(&key(p)).copied().unwrap_or(self.default_tag)
    }

    pub(crate) fn related(&self, p: &Pred) -> RelatedShape {
        self.related
            .get(&key(p))
            .copied()
            .unwrap_or(self.default_related)
    }

    pub(crate) fn money(&self, p: &Pred) -> MoneyShape {
        self.money
            .get(&key(p))
            .copied()
            .unwrap_or(self.default_money)
    }
}
