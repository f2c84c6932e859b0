//! One field's condition checked against its kind: text, enum words, numbers, money, yes/no,
//! dates (see [`super::dates`]), users and stages; values become typed literals, bad ones errors
//! with their span.

use super::ast::{Cond, Op, Value};
use super::catalogue::{Field, ValueKind};
use super::context::Context;
use super::dates::date_pred;
use super::error::{nearest, FilterError};
use super::pred::{Cmp, Lit, MoneyTest, Pred, UserRef};
use crate::domain::money;

pub fn only_ops(c: &Cond, ops: &[Op], hint: &str) -> Result<(), FilterError> {
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

pub fn is_empty_word(v: &Value) -> bool {
    !v.quoted && v.text.eq_ignore_ascii_case("empty")
}

/// `field:empty` / `field!=empty`.
fn empty_test(c: &Cond, f: &Field) -> Result<Option<Pred>, FilterError> {
    if c.values.len() != 1 || !is_empty_word(&c.values[0]) {
        return Ok(None);
    }
    let text = matches!(f.kind, ValueKind::Text);
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

/// One field's condition (`stage:won`, `value>10k`, `name~acme`) as a typed predicate.
pub fn typed(c: &Cond, f: &Field, cx: &Context) -> Result<Pred, FilterError> {
    if let Some(p) = empty_test(c, f)? {
        return Ok(p);
    }
    if matches!(c.op, Op::Contains | Op::StartsWith) {
        return like(c, f);
    }
    let cmp = cmp_of(c.op).unwrap_or(Cmp::Eq);
    if c.values.len() > 1 && !matches!(c.op, Op::Eq | Op::Ne) {
        return Err(FilterError::new(
            c.span,
            "a list of values goes with ':' or '!=' only",
        ));
    }
    Ok(match f.kind {
        ValueKind::Text => {
            let values = c
                .values
                .iter()
                .map(|v| Lit::Text(v.text.to_ascii_lowercase()))
                .collect();
            if matches!(cmp, Cmp::Eq | Cmp::Ne) {
                list(f, cmp, values, true)
            } else {
                Pred::Cmp {
                    column: f.column,
                    text: true,
                    op: cmp,
                    value: Lit::Text(c.values[0].text.to_ascii_lowercase()),
                }
            }
        }
        ValueKind::Enum(allowed) => enum_pred(c, f, cmp, allowed)?,
        ValueKind::Int => {
            let values = c
                .values
                .iter()
                .map(|v| int(v).map(Lit::Int))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(cmp, Cmp::Eq | Cmp::Ne) {
                list(f, cmp, values, false)
            } else {
                Pred::Cmp {
                    column: f.column,
                    text: false,
                    op: cmp,
                    value: values.into_iter().next().unwrap_or(Lit::Int(0)),
                }
            }
        }
        ValueKind::Money => {
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
        ValueKind::Bool => {
            let values = c
                .values
                .iter()
                .map(|v| boolean(v).map(Lit::Bool))
                .collect::<Result<Vec<_>, _>>()?;
            list(f, cmp, values, false)
        }
        ValueKind::Date | ValueKind::Timestamp => {
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
        ValueKind::User => negated(cmp, user_pred(c, f, cx)?),
        ValueKind::Stage => {
            only_ops(c, &[Op::Eq, Op::Ne], "stage:NAME or stage:A,B")?;
            negated(
                cmp,
                Pred::Stage {
                    column: f.column,
                    names: c
                        .values
                        .iter()
                        .map(|v| v.text.to_ascii_lowercase())
                        .collect(),
                },
            )
        }
    })
}

/// `name~acme` (contains) and `name^ac` (starts with): text only.
fn like(c: &Cond, f: &Field) -> Result<Pred, FilterError> {
    if !matches!(f.kind, ValueKind::Text) {
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
    Ok(one_or_any(pats))
}

/// `p`, or not `p` for `!=`.
fn negated(cmp: Cmp, p: Pred) -> Pred {
    if cmp == Cmp::Ne {
        Pred::Not(Box::new(p))
    } else {
        p
    }
}

/// `field:v` (equal) or `field:a,b` (one of), negated for `!=`.
fn list(f: &Field, cmp: Cmp, values: Vec<Lit>, text: bool) -> Pred {
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
    negated(cmp, p)
}

/// An enum field: each word one of `allowed` (`-` read as `_`), compared for equality only.
fn enum_pred(
    c: &Cond,
    f: &Field,
    cmp: Cmp,
    allowed: &'static [&'static str],
) -> Result<Pred, FilterError> {
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
    Ok(list(f, cmp, values, false))
}

/// `owner:me`, `owner:EMAIL`, `owner:"Full Name"` (not yet negated).
fn user_pred(c: &Cond, f: &Field, cx: &Context) -> Result<Pred, FilterError> {
    only_ops(
        c,
        &[Op::Eq, Op::Ne],
        "owner:me, owner:EMAIL, owner:\"Full Name\"",
    )?;
    let mut who = Vec::new();
    for v in &c.values {
        if !v.quoted && v.text.eq_ignore_ascii_case("me") {
            let me = cx.me.ok_or_else(|| {
                FilterError::new(
                    v.span,
                    "'me' needs an acting user: pass --as EMAIL or set user in the config file",
                )
            })?;
            who.push(UserRef::Id(me));
        } else {
            who.push(UserRef::EmailOrName(v.text.to_ascii_lowercase()));
        }
    }
    Ok(Pred::User {
        column: f.column,
        who,
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
