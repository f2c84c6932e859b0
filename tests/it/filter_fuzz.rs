//! Property tests: the filter parser never panics, its spans are always valid byte ranges of the
//! input on char boundaries, errors always render, and well-formed filters round-trip. The whole
//! compiler at the limits of dates and numbers: tests/filter_fuzz_limits.rs.

use proptest::prelude::*;
use rolo::filter::{parse, Cond, Expr, FieldRef, Op, Span, Value};

fn span_ok(input: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= input.len()
        && input.is_char_boundary(s.start)
        && input.is_char_boundary(s.end)
}

/// Every span in the tree is valid, and says what it covers.
fn check_tree(input: &str, e: &Expr) -> Result<(), TestCaseError> {
    match e {
        Expr::And(parts) | Expr::Or(parts) => {
            prop_assert!(parts.len() >= 2, "single-child and/or in {input:?}");
            for p in parts {
                prop_assert!(
                    !matches!(
                        (e, p),
                        (Expr::And(_), Expr::And(_)) | (Expr::Or(_), Expr::Or(_))
                    ),
                    "unflattened {input:?}"
                );
                check_tree(input, p)?;
            }
        }
        Expr::Not(inner, s) => {
            prop_assert!(span_ok(input, *s));
            let text = &input[s.start..s.end];
            prop_assert!(text.starts_with('-') || text.to_lowercase().starts_with("not"));
            check_tree(input, inner)?;
        }
        Expr::Keyword(k, s) => {
            prop_assert!(span_ok(input, *s));
            prop_assert_eq!(&input[s.start..s.end].to_lowercase(), k);
        }
        Expr::Search(v) => check_value(input, v)?,
        Expr::Cond(c) => {
            prop_assert!(span_ok(input, c.span) && span_ok(input, c.field.span));
            prop_assert!(!c.values.is_empty());
            prop_assert_eq!(c.span.start, c.field.span.start);
            let name = input[c.field.span.start..c.field.span.end].to_lowercase();
            prop_assert_eq!(name, c.field.path.join("."));
            for v in &c.values {
                check_value(input, v)?;
                prop_assert!(c.span.start <= v.span.start && v.span.end <= c.span.end);
            }
        }
    }
    Ok(())
}

fn check_value(input: &str, v: &Value) -> Result<(), TestCaseError> {
    prop_assert!(span_ok(input, v.span));
    let written = &input[v.span.start..v.span.end];
    if v.quoted {
        prop_assert!(written.starts_with(['"', '\'']) && written.len() >= 2);
    } else {
        prop_assert_eq!(written, v.text.as_str());
        prop_assert!(!written.is_empty());
    }
    Ok(())
}

fn check(input: &str) -> Result<(), TestCaseError> {
    match parse(input) {
        Ok(None) => prop_assert!(input.trim().is_empty()),
        Ok(Some(e)) => check_tree(input, &e)?,
        Err(e) => {
            prop_assert!(
                span_ok(input, e.span),
                "bad span {:?} for {input:?}",
                e.span
            );
            prop_assert!(!e.message.is_empty());
            let rendered = e.render(input);
            prop_assert!(rendered.contains(&e.message));
        }
    }
    Ok(())
}

/// Pieces of the language, so random strings reach deep parser states.
const PIECES: &[&str] = &[
    "status",
    "company.industry",
    "Deal.Stage",
    ":",
    "!=",
    ">=",
    "<=",
    "<",
    ">",
    "~",
    "^",
    "-",
    "not",
    "NOT",
    "or",
    "Or",
    "and",
    "|",
    "(",
    ")",
    ",",
    "\"",
    "'",
    "\"a b\"",
    "'x y'",
    "\\",
    "\\\"",
    "lead",
    "-7d",
    "+30d",
    "today",
    "empty",
    "overdue",
    "won",
    "São",
    "🦀",
    "é",
    "!",
    "=",
    "\t",
    ".",
    "_",
    "a@b.c",
    "1",
    "10:30",
];

fn soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(PIECES);
    let sep = prop::sample::select(&["", "", " ", "  "][..]);
    prop::collection::vec((piece, sep), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

// ---- well-formed filters: print, parse, print again ------------------------------------------

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Eq => ":",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Contains => "~",
        Op::StartsWith => "^",
    }
}

fn print_value(v: &Value) -> String {
    if v.quoted {
        format!("\"{}\"", v.text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        v.text.clone()
    }
}

/// Canonical text with the fewest parentheses.
fn print(e: &Expr) -> String {
    let group = |e: &Expr| match e {
        Expr::And(_) | Expr::Or(_) => format!("({})", print(e)),
        _ => print(e),
    };
    match e {
        Expr::And(parts) => {
            let p: Vec<String> = parts
                .iter()
                .map(|p| {
                    if matches!(p, Expr::Or(_)) {
                        group(p)
                    } else {
                        print(p)
                    }
                })
                .collect();
            p.join(" ")
        }
        Expr::Or(parts) => parts.iter().map(print).collect::<Vec<_>>().join(" or "),
        Expr::Not(inner, _) => format!("-{}", group(inner)),
        Expr::Keyword(k, _) => k.clone(),
        Expr::Search(v) => print_value(v),
        Expr::Cond(c) => {
            let values: Vec<String> = c.values.iter().map(print_value).collect();
            format!(
                "{}{}{}",
                c.field.path.join("."),
                op_text(c.op),
                values.join(",")
            )
        }
    }
}

fn value(bare: &'static str) -> impl Strategy<Value = Value> {
    prop_oneof![
        bare.prop_map(|text| Value {
            text,
            quoted: false,
            span: Span::default()
        }),
        "[ a-zA-Z'\"\\\\,()|:é🦀-]{0,8}".prop_map(|text| Value {
            text,
            quoted: true,
            span: Span::default()
        }),
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    let op = prop::sample::select(
        &[
            Op::Eq,
            Op::Ne,
            Op::Lt,
            Op::Le,
            Op::Gt,
            Op::Ge,
            Op::Contains,
            Op::StartsWith,
        ][..],
    );
    let cond = (
        "[a-z_][a-z0-9_]{0,5}(\\.[a-z_][a-z0-9_]{0,5})?",
        op,
        prop::collection::vec(value("[a-z0-9@+.:/-][a-z0-9@+.:/'!=-]{0,7}"), 1..4),
    )
        .prop_map(|(field, op, values)| {
            Expr::Cond(Cond {
                field: FieldRef {
                    path: field.split('.').map(str::to_string).collect(),
                    span: Span::default(),
                },
                op,
                values,
                span: Span::default(),
            })
        });
    let search = value("[a-z][a-z0-9é🦀]{0,6}")
        .prop_filter("not an operator or keyword", |v| {
            v.quoted
                || !["or", "and", "not", "overdue", "open", "done", "won", "lost"]
                    .contains(&v.text.as_str())
        })
        .prop_map(Expr::Search);
    let kw = prop::sample::select(&["overdue", "open", "done", "won", "lost"][..])
        .prop_map(|k| Expr::Keyword(k.to_string(), Span::default()));
    prop_oneof![3 => cond, 2 => search, 1 => kw]
}

fn filter() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e), Span::default())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        check(&input)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn token_soup_never_panics(input in soup()) {
        check(&input)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn well_formed_filters_round_trip(e in filter()) {
        let text = print(&e);
        let parsed = match parse(&text) {
            Ok(Some(p)) => p,
            other => return Err(TestCaseError::fail(format!("{text:?}: {other:?}"))),
        };
        check_tree(&text, &parsed)?;
        prop_assert_eq!(print(&parsed), text);
    }
}
