//! A filter (the `/` bar, or after `:companies`): the term before the cursor is a field name
//! (`indu` → `industry:`, `company.` → the company's fields), a keyword (`overdue`), or, after an
//! operator, a value of that field (`status:cu` → `customer`, `owner:` → `me` and the users,
//! `stage:` → the stages, `industry:` → the industries in use); in a list (`status:lead,pro`)
//! the last value.

use super::{matching, Candidate, Names, Target};
use crate::domain::Entity;
use crate::filter::catalogue;
use crate::tui::state::builder::{field_choices, quote, FieldKind};

/// What the word before `cursor` in a filter for `entity` may become.
pub fn filter_target(text: &str, cursor: usize, entity: Entity, names: &Names) -> Target {
    let before = text.get(..cursor).unwrap_or(text);
    let start = term_start(before);
    let term = &before[start..];
    // `-status:lead` is `not status:lead`
    let (neg, term) = match term.strip_prefix('-') {
        Some(t) => (1, t),
        None => (0, term),
    };
    let field_at = start + neg;
    let at = |start: usize, candidates: Vec<Candidate>| Target {
        start,
        end: cursor,
        candidates,
    };
    match operator(term) {
        None => at(field_at, matching(term, field_names(entity, term))),
        Some((field, value_at)) => {
            let values = &term[value_at..];
            // the last of a list (`status:lead,pro`)
            let last = values.rfind(',').map_or(0, |i| i + 1);
            let word_at = field_at + value_at + last;
            let word = &before[word_at..];
            let all = value_candidates(entity, field, names);
            at(word_at, matching(word, all))
        }
    }
}

/// Where the term the cursor is in starts: after the last space, `(`, `)` or `|` outside quotes.
fn term_start(text: &str) -> usize {
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() || matches!(c, '(' | ')' | '|') => {
                start = i + c.len_utf8();
            }
            None => {}
        }
    }
    start
}

/// The field before an operator (`:`, `!=`, `>=`, `~`, …) and where the value starts.
fn operator(term: &str) -> Option<(&str, usize)> {
    let ops = [':', '!', '=', '<', '>', '~', '^'];
    let at = term.find(ops)?;
    let after = term[at..]
        .char_indices()
        .find(|(_, c)| !ops.contains(c))
        .map_or(term.len(), |(i, _)| at + i);
    Some((&term[..at], after))
}

/// The names a term may complete to: with `company.` (a relation) in front, the related entity's
/// fields; else the entity's fields, `tag`, its relations (`company.`) and keywords.
fn field_names(entity: Entity, term: &str) -> Vec<Candidate> {
    let mut target = entity;
    let mut prefix = String::new();
    let mut path: Vec<&str> = term.split('.').collect();
    path.pop();
    for part in path {
        match catalogue::relation(target, part) {
            Some(r) => {
                target = r.target;
                prefix.push_str(part);
                prefix.push('.');
            }
            None => return vec![],
        }
    }
    let top = prefix.is_empty();
    let mut out = Vec::new();
    for choice in field_choices(target) {
        // only one level of `relation.` from the builder's list: the rest comes by relation
        if choice.name.contains('.') {
            continue;
        }
        let then = match choice.kind {
            FieldKind::Search => continue,
            FieldKind::Keyword if !top => continue,
            FieldKind::Keyword => " ",
            _ => ":",
        };
        out.push(Candidate::new(format!("{prefix}{}", choice.name), then));
    }
    for r in catalogue::relations(target) {
        out.push(Candidate::new(format!("{prefix}{}.", r.name), ""));
    }
    out
}

/// The values worth offering for a field (`company.status` too): enum words, yes/no, dates words,
/// `me` and the users, the stages, the tags; `empty` where a field may have none.
fn value_candidates(entity: Entity, field: &str, names: &Names) -> Vec<Candidate> {
    let mut target = entity;
    let mut parts: Vec<&str> = field.split('.').collect();
    let Some(last) = parts.pop() else {
        return vec![];
    };
    for part in parts {
        match catalogue::relation(target, part) {
            Some(r) => target = r.target,
            None => return vec![],
        }
    }
    let last = if last == "tags" { "tag" } else { last };
    let Some(choice) = field_choices(target).into_iter().find(|c| c.name == last) else {
        // `company:empty`: has no company
        return if catalogue::relation(target, last).is_some() {
            vec![Candidate::new("empty", " ")]
        } else {
            vec![]
        };
    };
    let mut values: Vec<Candidate> = choice
        .kind
        .suggestions(&names.known)
        .iter()
        .chain(names.values_of(target, last))
        .map(|v| Candidate::new(quote(v), " "))
        .collect();
    let nullable = match choice.kind {
        FieldKind::Text { nullable }
        | FieldKind::Enum { nullable, .. }
        | FieldKind::Number { nullable }
        | FieldKind::Date { nullable } => nullable,
        FieldKind::User => true,
        _ => false,
    };
    if nullable {
        values.push(Candidate::new("empty", " "));
    }
    values
}
