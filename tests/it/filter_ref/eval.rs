//! The reference semantics of a checked filter (`filter::pred::Pred`), evaluated row by row over a
//! [`Snapshot`], written from the language's definition and not from the SQL lowering:
//!
//! * two-valued logic: any test of a NULL column is false, and `Not` is plain negation;
//! * text compares ASCII-case-insensitively (both sides `to_ascii_lowercase`), ordered by bytes;
//! * `Like` patterns: `%` any run, `_` one character, `\` makes the next character literal;
//! * money is tested per currency group of the row's own currency;
//! * users, stages, tags and related records must be live (not soft-deleted);
//! * search: every word is a substring of one of the entity's search columns.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rolo::domain::money::currency_exponent;
use rolo::domain::{Entity, Id};
use rolo::filter::catalogue;
use rolo::filter::pred::{Cmp, Lit, MoneyTest, Pred, UserRef};

use super::model::{Row, Snapshot, Val};

pub struct Reference<'a> {
    pub snap: &'a Snapshot,
}

fn fold(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn holds(op: Cmp, ord: Ordering) -> bool {
    match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
    }
}

/// Order a stored value against a literal; `None` for NULL. A type mismatch is a checker bug.
fn order(column: &str, v: &Val, lit: &Lit, text: bool) -> Option<Ordering> {
    Some(match (v, lit) {
        (Val::Null, _) => return None,
        // text columns compare ignoring ASCII case; enum columns (stored lower-case) exactly
        (Val::Text(s), Lit::Text(t)) if text => fold(s).as_bytes().cmp(fold(t).as_bytes()),
        (Val::Text(s), Lit::Text(t)) => s.as_bytes().cmp(t.as_bytes()),
        (Val::Int(i), Lit::Int(j)) => i.cmp(j),
        (Val::Date(d), Lit::Date(e)) => d.cmp(e),
        (Val::Time(t), Lit::Time(u)) => t.cmp(u),
        (Val::Bool(a), Lit::Bool(b)) => a.cmp(b),
        (v, l) => panic!("{column}: the checker compares {v:?} with {l:?}"),
    })
}

/// SQL `LIKE` over characters: `%` any run (also empty), `_` exactly one character, `\x` is `x`.
pub fn like(text: &str, pattern: &str) -> bool {
    #[derive(Clone, Copy, PartialEq, Debug)]
    enum P {
        Any,
        One,
        Lit(char),
    }
    let mut pat = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        pat.push(match c {
            '%' => P::Any,
            '_' => P::One,
            // a trailing lone escape matches a literal backslash
            '\\' => P::Lit(chars.next().unwrap_or('\\')),
            c => P::Lit(c),
        });
    }
    let s: Vec<char> = text.chars().collect();
    // dp[j]: pattern[..i] matches s[..j]
    let mut dp = vec![false; s.len() + 1];
    dp[0] = true;
    for p in &pat {
        let mut next = vec![false; s.len() + 1];
        match p {
            P::Any => {
                let mut any = false;
                for j in 0..=s.len() {
                    any |= dp[j];
                    next[j] = any;
                }
            }
            P::One => {
                next[1..].copy_from_slice(&dp[..s.len()]);
            }
            P::Lit(c) => {
                for j in 1..=s.len() {
                    next[j] = dp[j - 1] && s[j - 1] == *c;
                }
            }
        }
        dp = next;
    }
    dp[s.len()]
}

fn money_group(currency: &str) -> usize {
    match currency_exponent(currency) {
        0 => 0,
        3 => 2,
        _ => 1,
    }
}

impl Reference<'_> {
    /// Ids of the live rows of `entity` that satisfy `pred`.
    pub fn matching(&self, entity: Entity, pred: &Pred) -> BTreeSet<Id> {
        self.snap
            .rows(entity)
            .iter()
            .filter(|r| r.live() && self.eval(entity, r, pred))
            .map(|r| r.id)
            .collect()
    }

    fn live(&self, entity: Entity, id: Id) -> Option<&Row> {
        self.snap.row(entity, id).filter(|r| r.live())
    }

    fn id_col(row: &Row, column: &str) -> Option<Id> {
        match row.get(column) {
            Val::Id(i) => Some(*i),
            Val::Null => None,
            v => panic!("{column} is not an id column: {v:?}"),
        }
    }

    pub fn eval(&self, entity: Entity, row: &Row, pred: &Pred) -> bool {
        match pred {
            Pred::And(parts) => parts.iter().all(|p| self.eval(entity, row, p)),
            Pred::Or(parts) => parts.iter().any(|p| self.eval(entity, row, p)),
            Pred::Not(inner) => !self.eval(entity, row, inner),
            Pred::Const(b) => *b,
            Pred::Cmp {
                column,
                text,
                op,
                value,
            } => order(column, row.get(column), value, *text).is_some_and(|o| holds(*op, o)),
            Pred::In {
                column,
                text,
                values,
            } => values
                .iter()
                .any(|v| order(column, row.get(column), v, *text) == Some(Ordering::Equal)),
            Pred::Like { column, pattern } => row
                .text(column)
                .is_some_and(|s| like(&fold(s), &fold(pattern))),
            Pred::Empty { column, text } => match row.get(column) {
                Val::Null => true,
                Val::Text(s) => *text && s.is_empty(),
                _ => false,
            },
            Pred::Money { column, tests } => {
                let Val::Int(amount) = row.get(column) else {
                    return false;
                };
                let currency = row
                    .text("currency")
                    .expect("a row with money has a currency");
                match tests[money_group(currency)] {
                    MoneyTest::Never => false,
                    MoneyTest::Always => true,
                    MoneyTest::Cmp(op, v) => holds(op, amount.cmp(&v)),
                }
            }
            Pred::User { column, who } => {
                let Some(uid) = Self::id_col(row, column) else {
                    return false;
                };
                who.iter().any(|w| match w {
                    UserRef::Id(me) => me.id() == uid,
                    UserRef::EmailOrName(t) => self.live(Entity::Users, uid).is_some_and(|u| {
                        let t = fold(t);
                        u.text("email").is_some_and(|e| fold(e) == t)
                            || u.text("name").is_some_and(|n| fold(n) == t)
                    }),
                })
            }
            Pred::Stage { column, names } => {
                let Some(sid) = Self::id_col(row, column) else {
                    return false;
                };
                self.live(Entity::Stages, sid).is_some_and(|s| {
                    let name = fold(s.text("name").unwrap_or_default());
                    names.iter().any(|n| fold(n) == name)
                })
            }
            Pred::Tag { names } => self
                .snap
                .links(entity)
                .iter()
                .filter(|(record, _)| *record == row.id)
                .filter_map(|(_, tag)| self.live(Entity::Tags, *tag))
                .any(|t| {
                    let name = fold(t.text("name").unwrap_or_default());
                    names.iter().any(|n| fold(n) == name)
                }),
            Pred::Related { via, target, pred } => Self::id_col(row, via)
                .and_then(|id| self.live(*target, id))
                .is_some_and(|other| self.eval(*target, other, pred)),
            Pred::Search { words } => words.iter().all(|w| {
                let w = fold(w);
                catalogue::search_columns(entity)
                    .iter()
                    .any(|c| row.text(c).is_some_and(|s| fold(s).contains(&w)))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn like_patterns() {
        assert!(like("abc", "%"));
        assert!(like("", "%"));
        assert!(like("abc", "a_c"));
        assert!(!like("ac", "a_c"));
        assert!(like("100% sure", "%0\\%%"));
        assert!(!like("100 sure", "%0\\%%"));
        assert!(like("a_b", "a\\_b"));
        assert!(!like("axb", "a\\_b"));
        assert!(like("back\\slash", "%\\\\%"));
        assert!(like("zoë", "zo_"));
        assert!(like("crème", "cr%me"));
    }
}
