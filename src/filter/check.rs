//! Resolve a parsed filter against an entity's catalogue: the structure (and, or, not, search
//! words, keywords such as `open`), related fields (`company.name:acme`) and tags; unknown fields
//! are errors with the span and the nearest valid name. One field's condition becomes a typed
//! predicate in [`super::typed`].

use super::ast::{Cond, Expr, Op, Span};
use super::catalogue;
use super::context::Context;
use super::error::{nearest, FilterError};
use super::pred::{Cmp, Lit, Pred};
use super::typed::{is_empty_word, only_ops, typed};
use crate::domain::Entity;

pub fn check(expr: &Expr, cx: &Context) -> Result<Pred, FilterError> {
    check_in(expr, cx, cx.entity, 0)
}

fn check_in(expr: &Expr, cx: &Context, entity: Entity, depth: usize) -> Result<Pred, FilterError> {
    Ok(match expr {
        Expr::And(parts) => Pred::And(
            parts
                .iter()
                .map(|e| check_in(e, cx, entity, depth))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(parts) => Pred::Or(
            parts
                .iter()
                .map(|e| check_in(e, cx, entity, depth))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Not(inner, _) => Pred::Not(Box::new(check_in(inner, cx, entity, depth)?)),
        Expr::Search(v) => {
            let words: Vec<String> = v
                .text
                .split_whitespace()
                .map(|w| w.to_ascii_lowercase())
                .collect();
            if words.is_empty() {
                Pred::Const(true)
            } else {
                Pred::Search { words }
            }
        }
        Expr::Keyword(word, span) => keyword(word, *span, cx, entity)?,
        Expr::Cond(c) => cond(c, cx, entity, depth)?,
    })
}

fn keyword(word: &str, span: Span, cx: &Context, entity: Entity) -> Result<Pred, FilterError> {
    let status = |s: &str| Pred::Cmp {
        column: "status",
        text: false,
        op: Cmp::Eq,
        value: Lit::Text(s.into()),
    };
    let open_task = || Pred::Empty {
        column: "completed_at",
        text: false,
    };
    Ok(match (entity, word) {
        (Entity::Deals, "open" | "won" | "lost") => status(word),
        (Entity::Stages, "open" | "won" | "lost") => Pred::Cmp {
            column: "kind",
            text: false,
            op: Cmp::Eq,
            value: Lit::Text(word.into()),
        },
        (Entity::Deals, "overdue") => Pred::And(vec![
            status("open"),
            Pred::Cmp {
                column: "expected_close",
                text: false,
                op: Cmp::Lt,
                value: Lit::Date(cx.now.date()),
            },
        ]),
        (Entity::Activities, "open") => open_task(),
        (Entity::Activities, "done") => Pred::Not(Box::new(open_task())),
        (Entity::Activities, "overdue") => Pred::And(vec![
            open_task(),
            Pred::Cmp {
                column: "due_at",
                text: false,
                op: Cmp::Lt,
                value: Lit::Time(cx.now),
            },
        ]),
        _ => {
            return Err(FilterError::new(
                span,
                format!(
                    "'{word}' means nothing for {}; keywords: {}",
                    entity.as_str(),
                    match entity {
                        Entity::Deals => "open, won, lost, overdue",
                        Entity::Activities => "open, done, overdue",
                        Entity::Stages => "open, won, lost",
                        _ => "none",
                    }
                ),
            ))
        }
    })
}

fn cond(c: &Cond, cx: &Context, entity: Entity, depth: usize) -> Result<Pred, FilterError> {
    let path = &c.field.path;
    let head = path.first().map(String::as_str).unwrap_or_default();
    if path.len() > 1 {
        let Some(rel) = catalogue::relation(entity, head) else {
            return Err(unknown_field(head, c.field.span, entity));
        };
        if depth > 2 {
            return Err(FilterError::new(
                c.field.span,
                "related fields may be nested at most three deep",
            ));
        }
        let inner = Cond {
            field: super::ast::FieldRef {
                path: path[1..].to_vec(),
                span: c.field.span,
            },
            op: c.op,
            values: c.values.clone(),
            span: c.span,
        };
        let pred = cond(&inner, cx, rel.target, depth + 1)?;
        return Ok(Pred::Related {
            via: rel.via,
            target: rel.target,
            pred: Box::new(pred),
        });
    }
    if head == "tag" || head == "tags" {
        if catalogue::tag_table(entity).is_none() {
            return Err(FilterError::new(
                c.field.span,
                format!("{} cannot be tagged", entity.as_str()),
            ));
        }
        only_ops(c, &[Op::Eq], "tag takes tag:NAME or tag:A,B")?;
        return Ok(Pred::Tag {
            names: c
                .values
                .iter()
                .map(|v| v.text.to_ascii_lowercase())
                .collect(),
        });
    }
    if let Some(rel) = catalogue::relation(entity, head) {
        // `company:empty` is "has no company"
        if c.values.len() == 1 && is_empty_word(&c.values[0]) && matches!(c.op, Op::Eq | Op::Ne) {
            let none = Pred::Empty {
                column: rel.via,
                text: false,
            };
            return Ok(if c.op == Op::Ne {
                Pred::Not(Box::new(none))
            } else {
                none
            });
        }
        // `company:acme` is shorthand for `company.name:acme`
        let target_field = match rel.target {
            Entity::Contacts => "email",
            Entity::Deals => "title",
            _ => "name",
        };
        let mut with_field = c.clone();
        with_field.field.path = vec![head.to_string(), target_field.to_string()];
        return cond(&with_field, cx, entity, depth);
    }
    let Some(field) = catalogue::field(entity, head) else {
        return Err(unknown_field(head, c.field.span, entity));
    };
    typed(c, &field, cx)
}

fn unknown_field(name: &str, span: Span, entity: Entity) -> FilterError {
    let names = catalogue::all_names(entity);
    match nearest(name, names.iter().copied()) {
        Some(n) => FilterError::new(
            span,
            format!("unknown field '{name}' — did you mean '{n}'?"),
        ),
        None => FilterError::new(
            span,
            format!(
                "unknown field '{name}' for {}; fields: {}",
                entity.as_str(),
                names.join(", ")
            ),
        ),
    }
}
