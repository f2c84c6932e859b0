//! The filter language's syntax: input -> AST (rendered compactly), spans, and errors.

use rolo::filter::{parse, Expr, FilterError, Op, Span, Value};

fn val(v: &Value) -> String {
    format!("{}{:?}", if v.quoted { "q" } else { "" }, v.text)
}

/// `(and (eq industry "software") (ge value "10000"))`, `(in status "a" "b")`, `q"…"` for quoted.
fn show(e: &Expr) -> String {
    let list = |name: &str, parts: &[Expr]| {
        let inner: Vec<String> = parts.iter().map(show).collect();
        format!("({name} {})", inner.join(" "))
    };
    match e {
        Expr::And(parts) => list("and", parts),
        Expr::Or(parts) => list("or", parts),
        Expr::Not(inner, _) => format!("(not {})", show(inner)),
        Expr::Search(v) => format!("(search {})", val(v)),
        Expr::Keyword(k, _) => format!("(kw {k})"),
        Expr::Cond(c) => {
            let op = match (c.op, c.values.len()) {
                (Op::Eq, 1) => "eq",
                (Op::Eq, _) => "in",
                (Op::Ne, _) => "ne",
                (Op::Lt, _) => "lt",
                (Op::Le, _) => "le",
                (Op::Gt, _) => "gt",
                (Op::Ge, _) => "ge",
                (Op::Contains, _) => "contains",
                (Op::StartsWith, _) => "starts",
            };
            let values: Vec<String> = c.values.iter().map(val).collect();
            format!("({op} {} {})", c.field.path.join("."), values.join(" "))
        }
    }
}

fn ok(input: &str) -> String {
    match parse(input) {
        Ok(Some(e)) => show(&e),
        Ok(None) => "none".to_string(),
        Err(e) => panic!("{input:?} failed:\n{}", e.render(input)),
    }
}

fn err(input: &str) -> FilterError {
    match parse(input) {
        Err(e) => e,
        Ok(e) => panic!("{input:?} parsed to {:?}", e.as_ref().map(show)),
    }
}

#[test]
fn parses_to_the_expected_tree() {
    let cases: &[(&str, &str)] = &[
        ("", "none"),
        ("   \t\n ", "none"),
        ("industry:software", r#"(eq industry "software")"#),
        ("Industry:Software", r#"(eq industry "Software")"#),
        (
            "value>=10000 company.industry:software",
            r#"(and (ge value "10000") (eq company.industry "software"))"#,
        ),
        (
            "status:prospect,customer",
            r#"(in status "prospect" "customer")"#,
        ),
        ("status:a,b,c", r#"(in status "a" "b" "c")"#),
        ("status!=lost", r#"(ne status "lost")"#),
        ("value>5", r#"(gt value "5")"#),
        ("value<5", r#"(lt value "5")"#),
        ("value<=5.5", r#"(le value "5.5")"#),
        ("name~acme", r#"(contains name "acme")"#),
        ("name^ac", r#"(starts name "ac")"#),
        (r#"name~"acme corp""#, r#"(contains name q"acme corp")"#),
        (
            r#"name:"x'; DROP TABLE companies; --""#,
            r#"(eq name q"x'; DROP TABLE companies; --")"#,
        ),
        (
            "(status:lead | status:prospect) -owner:me",
            r#"(and (or (eq status "lead") (eq status "prospect")) (not (eq owner "me")))"#,
        ),
        ("close<+30d", r#"(lt close "+30d")"#),
        ("due<today", r#"(lt due "today")"#),
        ("created>-7d", r#"(gt created "-7d")"#),
        ("close:this-week", r#"(eq close "this-week")"#),
        ("close:2026-12-31", r#"(eq close "2026-12-31")"#),
        ("tag:vip", r#"(eq tag "vip")"#),
        ("owner:ada@example.com", r#"(eq owner "ada@example.com")"#),
        ("industry:empty", r#"(eq industry "empty")"#),
        ("-industry:empty", r#"(not (eq industry "empty"))"#),
        ("industry:\"empty\"", r#"(eq industry q"empty")"#),
        ("not status:lost", r#"(not (eq status "lost"))"#),
        ("NOT status:lost", r#"(not (eq status "lost"))"#),
        ("not not a", r#"(not (not (search "a")))"#),
        ("--a", r#"(not (not (search "a")))"#),
        ("not(a or b)", r#"(not (or (search "a") (search "b")))"#),
        ("-(a or b)", r#"(not (or (search "a") (search "b")))"#),
        ("-vip", r#"(not (search "vip"))"#),
        ("acme", r#"(search "acme")"#),
        (r#""acme corp""#, r#"(search q"acme corp")"#),
        ("'it\\'s \"quoted\"'", r#"(search q"it's \"quoted\"")"#),
        (r#""back\\slash \d""#, r#"(search q"back\\slash \\d")"#),
        ("o'brien", r#"(search "o'brien")"#),
        ("name:o'brien", r#"(eq name "o'brien")"#),
        ("overdue", "(kw overdue)"),
        (
            "OPEN won lost done",
            "(and (kw open) (kw won) (kw lost) (kw done))",
        ),
        ("-overdue", "(not (kw overdue))"),
        (r#""overdue""#, r#"(search q"overdue")"#),
        ("a b c", r#"(and (search "a") (search "b") (search "c"))"#),
        ("a and b", r#"(and (search "a") (search "b"))"#),
        ("a or b", r#"(or (search "a") (search "b"))"#),
        (
            "a OR b | c",
            r#"(or (search "a") (search "b") (search "c"))"#,
        ),
        ("a|b", r#"(or (search "a") (search "b"))"#),
        (
            "status:a|status:b",
            r#"(or (eq status "a") (eq status "b"))"#,
        ),
        (
            "a b or c d",
            r#"(or (and (search "a") (search "b")) (and (search "c") (search "d")))"#,
        ),
        ("(a b) c", r#"(and (search "a") (search "b") (search "c"))"#),
        (
            "(a or b) or (c or d)",
            r#"(or (search "a") (search "b") (search "c") (search "d"))"#,
        ),
        ("((a))", r#"(search "a")"#),
        (
            "a (b or c)",
            r#"(and (search "a") (or (search "b") (search "c")))"#,
        ),
        ("(a)(b)", r#"(and (search "a") (search "b"))"#),
        ("(status:lead)", r#"(eq status "lead")"#),
        (r#"name:"a b","c""#, r#"(in name q"a b" q"c")"#),
        (r#"name:'say "hi"'"#, r#"(eq name q"say \"hi\"")"#),
        (r#"city:"São Paulo""#, r#"(eq city q"São Paulo")"#),
        ("name:Müller", r#"(eq name "Müller")"#),
        ("Müller", r#"(search "Müller")"#),
        ("tag:🔥 🦀", r#"(and (eq tag "🔥") (search "🦀"))"#),
        ("url:http://x.io/a?b=c", r#"(eq url "http://x.io/a?b=c")"#),
        ("time:10:30", r#"(eq time "10:30")"#),
        ("deal.stage:won", r#"(eq deal.stage "won")"#),
        ("_x.y_2:1", r#"(eq _x.y_2 "1")"#),
        ("value>=-5", r#"(ge value "-5")"#),
        ("or:x", r#"(eq or "x")"#),
        ("acme,inc", r#"(search "acme,inc")"#),
        (
            "2026-12-31 this-week",
            r#"(and (search "2026-12-31") (search "this-week"))"#,
        ),
        ("a-b", r#"(search "a-b")"#),
        (
            "status:prospect,customer -tag:churn-risk",
            r#"(and (in status "prospect" "customer") (not (eq tag "churn-risk")))"#,
        ),
        (
            "industry:software,retail employees>=50 city:berlin",
            r#"(and (in industry "software" "retail") (ge employees "50") (eq city "berlin"))"#,
        ),
        (r#"owner:"Ada Lovelace""#, r#"(eq owner q"Ada Lovelace")"#),
        ("updated:yesterday", r#"(eq updated "yesterday")"#),
    ];
    let mut failures = Vec::new();
    for (input, want) in cases {
        let got = ok(input);
        if got != *want {
            failures.push(format!("{input:?}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 40);
}

fn only(input: &str) -> Expr {
    match parse(input) {
        Ok(Some(e)) => e,
        other => panic!("{input:?}: {other:?}"),
    }
}

fn slice(input: &str, s: Span) -> &str {
    &input[s.start..s.end]
}

#[test]
fn spans_cover_the_text_as_written() {
    let input = r#"company.industry:"soft ware""#;
    let Expr::Cond(c) = only(input) else { panic!() };
    assert_eq!(slice(input, c.field.span), "company.industry");
    assert_eq!(slice(input, c.values[0].span), r#""soft ware""#);
    assert_eq!(c.values[0].text, "soft ware");
    assert_eq!(c.span, Span::new(0, input.len()));

    let input = "  status:lead,prospect  ";
    let Expr::Cond(c) = only(input) else { panic!() };
    assert_eq!(slice(input, c.span), "status:lead,prospect");
    assert_eq!(slice(input, c.values[1].span), "prospect");

    let input = "x -owner:me y";
    let Expr::And(parts) = only(input) else {
        panic!()
    };
    let Expr::Not(inner, span) = &parts[1] else {
        panic!()
    };
    assert_eq!(slice(input, *span), "-owner:me");
    let Expr::Cond(c) = &**inner else { panic!() };
    assert_eq!(slice(input, c.field.span), "owner");

    let input = "not (a or b) c";
    let Expr::And(parts) = only(input) else {
        panic!()
    };
    let Expr::Not(_, span) = &parts[0] else {
        panic!()
    };
    assert_eq!(slice(input, *span), "not (a or b)");

    let input = "city:\"São Paulo\" Müller overdue";
    let Expr::And(parts) = only(input) else {
        panic!()
    };
    let Expr::Cond(c) = &parts[0] else { panic!() };
    assert_eq!(slice(input, c.values[0].span), "\"São Paulo\"");
    let Expr::Search(v) = &parts[1] else { panic!() };
    assert_eq!(slice(input, v.span), "Müller");
    let Expr::Keyword(k, s) = &parts[2] else {
        panic!()
    };
    assert_eq!((k.as_str(), slice(input, *s)), ("overdue", "overdue"));
}

#[test]
fn sql_looking_value_is_one_literal_condition() {
    let Expr::Cond(c) = only(r#"name:"x'; DROP TABLE companies; --""#) else {
        panic!()
    };
    assert_eq!(c.field.path, ["name"]);
    assert_eq!(c.op, Op::Eq);
    assert_eq!(c.values.len(), 1);
    assert_eq!(c.values[0].text, "x'; DROP TABLE companies; --");
    assert!(c.values[0].quoted);
}

#[test]
fn errors_point_at_the_offending_text() {
    // (input, span start, span end, message substring)
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            r#"name:"acme"#,
            5,
            10,
            "unterminated quote: add a closing \"",
        ),
        ("x 'abc", 2, 6, "unterminated quote: add a closing '"),
        (r#"name:"a\""#, 5, 9, "unterminated quote"),
        ("a)", 1, 2, "')' has no matching '('"),
        (")", 0, 1, "')' has no matching '('"),
        ("(a", 0, 1, "'(' is never closed"),
        ("((a) b", 0, 1, "'(' is never closed"),
        ("a ()", 2, 4, "'()' is empty"),
        (
            "industry:",
            0,
            9,
            "'industry:' needs a value (use industry:empty for no value)",
        ),
        ("(industry:)", 1, 10, "'industry:' needs a value"),
        ("status!= x", 0, 8, "remove the space"),
        ("value>=", 0, 7, "'value>=' needs a value"),
        ("a or", 2, 4, "'or' needs a condition on both sides"),
        ("or a", 0, 2, "'or' needs a condition on both sides"),
        ("a | | b", 4, 5, "'|' needs a condition on both sides"),
        ("a or OR b", 5, 7, "'or' needs a condition on both sides"),
        ("a and or b", 6, 8, "'or' needs a condition on both sides"),
        ("(a |)", 3, 4, "needs a condition on both sides"),
        ("a and", 2, 5, "'and' needs a condition on both sides"),
        ("status:a,,b", 8, 9, "empty value after 'status:a,'"),
        ("status:a,", 8, 9, "remove the ','"),
        ("status:,a", 7, 8, "'status:' needs a value before ','"),
        ("status:a, b", 8, 9, "empty value"),
        (":x", 0, 1, "':' needs a field name before it"),
        (">=5", 0, 2, "'>=' needs a field name before it"),
        ("a ~x", 2, 3, "'~' needs a field name"),
        ("!status:lead", 0, 1, "unexpected '!'"),
        ("status!lead", 6, 7, "use '!=' for not equal"),
        ("status=lead", 6, 7, "use ':' for equals"),
        ("wow!", 3, 4, "unexpected '!'"),
        (
            "close-date<today",
            0,
            10,
            "'close-date' is not a field name",
        ),
        ("São:x", 0, 4, "'São' is not a field name"),
        ("10:30", 0, 2, "quote the text"),
        ("a..b:x", 0, 4, "not a field name"),
        ("- a", 0, 1, "'-' needs a condition"),
        ("a -", 2, 3, "'-' needs a condition"),
        ("not", 0, 3, "'not' needs a condition after it"),
        ("a not )", 2, 5, "'not' needs a condition"),
        ("\"a\"b", 3, 4, "right after the closing \""),
        ("name:\"a\"(", 8, 9, "add a space"),
        ("acme(uk)", 4, 5, "unexpected '('"),
        ("name:acme(uk)", 9, 10, "quote the value"),
        ("status:(a b)", 7, 8, "unexpected '(' in a value"),
        (",a", 0, 1, "unexpected ','"),
        ("\"a\",\"b\"", 3, 4, "unexpected ','"),
        ("a 🦀 )", 7, 8, "')' has no matching '('"),
    ];
    let mut failures = Vec::new();
    for &(input, start, end, msg) in cases {
        let e = err(input);
        if e.span != Span::new(start, end) || !e.message.contains(msg) {
            failures.push(format!(
                "{input:?}: got {}..{} {:?}, want {start}..{end} containing {msg:?}\n{}",
                e.span.start,
                e.span.end,
                e.message,
                e.render(input)
            ));
        }
        assert!(
            !e.message.starts_with(char::is_uppercase),
            "{:?}",
            e.message
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_renders_with_a_caret() {
    let e = err("industry:");
    assert_eq!(
        e.render("industry:"),
        "industry:\n^^^^^^^^^ 'industry:' needs a value (use industry:empty for no value)"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(err(&deep).message.contains("nests too deeply"));
    let negs = format!("{}a", "-".repeat(10_000));
    assert!(err(&negs).message.contains("nests too deeply"));
    let fine = format!("{}a{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(ok(&fine), r#"(search "a")"#);
}

#[test]
fn long_flat_input_parses_up_to_the_size_limits() {
    let long = vec!["status:lead"; rolo::filter::limits::MAX_TERMS].join(" or ");
    let Expr::Or(parts) = only(&long) else {
        panic!()
    };
    assert_eq!(parts.len(), rolo::filter::limits::MAX_TERMS);
    // longer is an error (see src/filter/limits.rs), not a stack overflow
    let longer = vec!["a"; 5_000].join(" | ");
    assert!(err(&longer).message.contains("too many terms"));
    let longest = vec!["status:lead"; 5_000].join(" or ");
    assert!(err(&longest).message.contains("the filter is too long"));
}
