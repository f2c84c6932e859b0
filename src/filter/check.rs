//! Resolve a parsed filter against an entity's catalogue: unknown fields and values are errors with
//! the span and the nearest valid name; values become typed literals; relative dates are fixed
//! against the context's clock.

use chrono::NaiveDateTime;

use super::ast::{Cond, Expr, Op, Span, Value};
use super::catalogue::{self, Field, Kind};
use super::dates::date_pred;
use super::error::{nearest, FilterError};
use super::pred::{Cmp, Lit, MoneyTest, Pred, UserRef};
use crate::domain::{money, Entity, UserId};

/// What a filter is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub entity: Entity,
    /// The acting user, for `owner:me`.
    pub me: Option<UserId>,
    /// "Now" in UTC; relative dates are computed from it.
    pub now: NaiveDateTime,
}

impl Context {
    pub fn new(entity: Entity, me: Option<UserId>) -> Self {
        Context {
            entity,
            me,
            now: crate::db::now(),
        }
    }
}

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

fn only_ops(c: &Cond, ops: &[Op], hint: &str) -> Result<(), FilterError> {
    if ops.contains(&c.op) {
        Ok(())
    } else {
        Err(FilterError::new(
            c.span,
            format!("that operator does not apply here: {hint}"),
        ))
    }
}

fn cmp_of(op: Op) -> Option<Cmp> {
    Some(match op {
        Op::Eq => Cmp::Eq,
        Op::Ne => Cmp::Ne,
        Op::Lt => Cmp::Lt,
        Op::Le => Cmp::Le,
        Op::Gt => Cmp::Gt,
        Op::Ge => Cmp::Ge,
        Op::Contains | Op::StartsWith => return None,
    })
}

fn is_empty_word(v: &Value) -> bool {
    !v.quoted && v.text.eq_ignore_ascii_case("empty")
}

/// `field:empty` / `field!=empty`.
fn empty_test(c: &Cond, f: &Field) -> Result<Option<Pred>, FilterError> {
    if c.values.len() != 1 || !is_empty_word(&c.values[0]) {
        return Ok(None);
    }
    let text = matches!(f.kind, Kind::Text);
    if !f.nullable && !text {
        return Ok(Some(Pred::Const(c.op == Op::Ne)));
    }
    let empty = Pred::Empty {
        column: f.column,
        text,
    };
    match c.op {
        Op::Eq => Ok(Some(empty)),
        Op::Ne => Ok(Some(Pred::Not(Box::new(empty)))),
        _ => Err(FilterError::new(
            c.values[0].span,
            "'empty' goes with ':' or '!=' (industry:empty, -industry:empty)",
        )),
    }
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.to_ascii_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn typed(c: &Cond, f: &Field, cx: &Context) -> Result<Pred, FilterError> {
    if let Some(p) = empty_test(c, f)? {
        return Ok(p);
    }
    match c.op {
        Op::Contains | Op::StartsWith => {
            if !matches!(f.kind, Kind::Text) {
                return Err(FilterError::new(
                    c.span,
                    format!("'{}' is not text: '~' and '^' match text only", f.name),
                ));
            }
            let pats: Vec<Pred> = c
                .values
                .iter()
                .map(|v| {
                    let e = escape_like(&v.text);
                    let pattern = if c.op == Op::Contains {
                        format!("%{e}%")
                    } else {
                        format!("{e}%")
                    };
                    Pred::Like {
                        column: f.column,
                        pattern,
                    }
                })
                .collect();
            return Ok(one_or_any(pats));
        }
        _ => {}
    }
    let cmp = cmp_of(c.op).unwrap_or(Cmp::Eq);
    if c.values.len() > 1 && !matches!(c.op, Op::Eq | Op::Ne) {
        return Err(FilterError::new(
            c.span,
            "a list of values goes with ':' or '!=' only",
        ));
    }
    let list = |values: Vec<Lit>, text: bool| -> Pred {
        let p = if values.len() == 1 {
            Pred::Cmp {
                column: f.column,
                text,
                op: Cmp::Eq,
                value: values.into_iter().next().unwrap_or(Lit::Bool(false)),
            }
        } else {
            Pred::In {
                column: f.column,
                text,
                values,
            }
        };
        if cmp == Cmp::Ne {
            Pred::Not(Box::new(p))
        } else {
            p
        }
    };
    Ok(match f.kind {
        Kind::Text => {
            let values = c
                .values
                .iter()
                .map(|v| Lit::Text(v.text.to_ascii_lowercase()))
                .collect();
            if matches!(cmp, Cmp::Eq | Cmp::Ne) {
                list(values, true)
            } else {
                Pred::Cmp {
                    column: f.column,
                    text: true,
                    op: cmp,
                    value: Lit::Text(c.values[0].text.to_ascii_lowercase()),
                }
            }
        }
        Kind::Enum(allowed) => {
            let mut values = Vec::new();
            for v in &c.values {
                let t = v.text.to_ascii_lowercase().replace('-', "_");
                if !allowed.contains(&t.as_str()) {
                    let hint = nearest(&t, allowed.iter().copied())
                        .map(|n| format!(" — did you mean '{n}'?"))
                        .unwrap_or_else(|| format!(" (one of: {})", allowed.join(", ")));
                    return Err(FilterError::new(
                        v.span,
                        format!("'{}' is not a valid {}{hint}", v.text, f.name),
                    ));
                }
                values.push(Lit::Text(t));
            }
            if !matches!(cmp, Cmp::Eq | Cmp::Ne) {
                return Err(FilterError::new(
                    c.span,
                    format!("'{}' takes ':' or '!=' (it has no order)", f.name),
                ));
            }
            // stored lower-case and checked above: compare the column itself, so its index serves
            list(values, false)
        }
        Kind::Int => {
            let values = c
                .values
                .iter()
                .map(|v| int(v).map(Lit::Int))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(cmp, Cmp::Eq | Cmp::Ne) {
                list(values, false)
            } else {
                Pred::Cmp {
                    column: f.column,
                    text: false,
                    op: cmp,
                    value: values.into_iter().next().unwrap_or(Lit::Int(0)),
                }
            }
        }
        Kind::Money => {
            let parts = c
                .values
                .iter()
                .map(|v| money_pred(f.column, cmp, v))
                .collect::<Result<Vec<_>, _>>()?;
            if cmp == Cmp::Ne && parts.len() > 1 {
                Pred::And(parts)
            } else {
                one_or_any(parts)
            }
        }
        Kind::Bool => {
            let values = c
                .values
                .iter()
                .map(|v| boolean(v).map(Lit::Bool))
                .collect::<Result<Vec<_>, _>>()?;
            list(values, false)
        }
        Kind::Date | Kind::Timestamp => {
            let parts = c
                .values
                .iter()
                .map(|v| date_pred(f, cmp, v, cx))
                .collect::<Result<Vec<_>, _>>()?;
            if cmp == Cmp::Ne {
                Pred::And(parts)
            } else {
                one_or_any(parts)
            }
        }
        Kind::User => {
            only_ops(
                c,
                &[Op::Eq, Op::Ne],
                "owner:me, owner:EMAIL, owner:\"Full Name\"",
            )?;
            let mut who = Vec::new();
            for v in &c.values {
                if !v.quoted && v.text.eq_ignore_ascii_case("me") {
                    let me = cx.me.ok_or_else(|| FilterError::new(v.span, "'me' needs an acting user: pass --as EMAIL or set user in the config file"))?;
                    who.push(UserRef::Id(me));
                } else {
                    who.push(UserRef::EmailOrName(v.text.to_ascii_lowercase()));
                }
            }
            let p = Pred::User {
                column: f.column,
                who,
            };
            if cmp == Cmp::Ne {
                Pred::Not(Box::new(p))
            } else {
                p
            }
        }
        Kind::Stage => {
            only_ops(c, &[Op::Eq, Op::Ne], "stage:NAME or stage:A,B")?;
            let p = Pred::Stage {
                column: f.column,
                names: c
                    .values
                    .iter()
                    .map(|v| v.text.to_ascii_lowercase())
                    .collect(),
            };
            if cmp == Cmp::Ne {
                Pred::Not(Box::new(p))
            } else {
                p
            }
        }
    })
}

fn one_or_any(mut parts: Vec<Pred>) -> Pred {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Pred::Or(parts)
    }
}

fn int(v: &Value) -> Result<i64, FilterError> {
    v.text
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| FilterError::new(v.span, format!("'{}' is not a whole number", v.text)))
}

fn boolean(v: &Value) -> Result<bool, FilterError> {
    crate::domain::parse_bool("value", &v.text)
        .map_err(|_| FilterError::new(v.span, format!("'{}' is not yes or no", v.text)))
}

/// `value OP X` with X in major units becomes, per currency group (0, 2, 3 decimals), a test on
/// the integer minor units: `value > 10.5` on a 0-decimal currency is `value > 10`.
fn money_pred(column: &'static str, op: Cmp, v: &Value) -> Result<Pred, FilterError> {
    // exact thousandths of the major unit; negative amounts are refused by parse_major
    let thousandths = money::parse_major("value", &v.text, "BHD").map_err(|e| {
        FilterError::new(
            v.span,
            format!("'{}' is not an amount: {}", v.text, e.reason),
        )
    })?;
    let test = |exp: u32| {
        let scale = 10i64.pow(3 - exp);
        let (q, fractional) = (thousandths / scale, thousandths % scale != 0);
        match (op, fractional) {
            (_, false) => MoneyTest::Cmp(op, q),
            (Cmp::Eq, true) => MoneyTest::Never,
            (Cmp::Ne, true) => MoneyTest::Always,
            (Cmp::Gt | Cmp::Ge, true) => MoneyTest::Cmp(Cmp::Gt, q),
            (Cmp::Lt | Cmp::Le, true) => MoneyTest::Cmp(Cmp::Le, q),
        }
    };
    Ok(Pred::Money {
        column,
        tests: [test(0), test(2), test(3)],
    })
}
