//! How large a filter may be. Far above anything typed or saved (a long hand-written filter has
//! a dozen terms), low enough that every filter within them compiles to SQL both backends run:
//! SQLite refuses expressions nested more than 1,000 deep ("Expression tree is too large"; a
//! chain of N ANDs or ORs is N deep) and PostgreSQL spends seconds planning thousands of
//! terms. Past a limit the filter is an error (exit 2) pointing at where the limit was passed.
//!
//! Depth of the SQL for the worst filter within the limits: 64 nested levels (at most 2 deep
//! each) + a chain of 200 terms + a list of 500 values written as a chain of ORs (money, dates,
//! `~`) + a few levels for one value's test: under 850.

use super::ast::{Expr, Span};
use super::error::FilterError;

/// Bytes of filter text.
pub const MAX_TEXT: usize = 32 * 1024;
/// Conditions, keywords and search words in one filter.
pub const MAX_TERMS: usize = 200;
/// Values in one condition's list (`email:a,b,c`).
pub const MAX_LIST: usize = 500;
/// Values of all conditions together.
pub const MAX_VALUES: usize = 1_000;

/// Refuse text longer than [`MAX_TEXT`], pointing at the first byte past it.
pub fn text(input: &str) -> Result<(), FilterError> {
    if input.len() <= MAX_TEXT {
        return Ok(());
    }
    let mut at = MAX_TEXT;
    while !input.is_char_boundary(at) {
        at -= 1;
    }
    Err(FilterError::new(
        Span::new(at, input.len()),
        format!(
            "the filter is too long: {} bytes, at most {} are allowed",
            group(input.len()),
            group(MAX_TEXT)
        ),
    ))
}

/// Refuse a parsed filter with more than [`MAX_TERMS`] terms, [`MAX_LIST`] values in a list or
/// [`MAX_VALUES`] values in all, pointing at the first term or value past the limit.
pub fn size(expr: &Expr) -> Result<(), FilterError> {
    let mut count = Count::default();
    count.expr(expr)
}

#[derive(Default)]
struct Count {
    terms: usize,
    values: usize,
}

impl Count {
    fn term(&mut self, n: usize, span: Span) -> Result<(), FilterError> {
        self.terms += n;
        if self.terms > MAX_TERMS {
            return Err(FilterError::new(
                span,
                format!(
                    "too many terms: a filter holds at most {MAX_TERMS} conditions, keywords and search words"
                ),
            ));
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), FilterError> {
        match e {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().try_for_each(|p| self.expr(p)),
            Expr::Not(inner, _) => self.expr(inner),
            Expr::Keyword(_, span) => self.term(1, *span),
            Expr::Search(v) => self.term(v.text.split_whitespace().count().max(1), v.span),
            Expr::Cond(c) => {
                self.term(1, c.span)?;
                for (i, v) in c.values.iter().enumerate() {
                    if i == MAX_LIST {
                        return Err(FilterError::new(
                            v.span,
                            format!("too many values: a condition lists at most {MAX_LIST}"),
                        ));
                    }
                    self.values += 1;
                    if self.values > MAX_VALUES {
                        return Err(FilterError::new(
                            v.span,
                            format!(
                                "too many values: a filter holds at most {} in all",
                                group(MAX_VALUES)
                            ),
                        ));
                    }
                }
                Ok(())
            }
        }
    }
}

/// 32768 -> "32,768".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    fn words(n: usize) -> String {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn terms_up_to_the_limit_parse_and_one_more_points_at_it() {
        assert!(parse(&words(MAX_TERMS)).is_ok());
        let text = words(MAX_TERMS + 1);
        let e = parse(&text).expect_err("one term too many");
        assert_eq!(&text[e.span.start..e.span.end], format!("w{MAX_TERMS}"));
        assert!(e.message.contains("at most 200"), "{}", e.message);
        // the words of a quoted phrase are search words too
        let phrase = format!("\"{}\"", words(MAX_TERMS + 1));
        assert!(parse(&phrase).is_err());
    }

    #[test]
    fn lists_and_values_are_bounded() {
        let list = |n: usize| {
            let v: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
            format!("name:{}", v.join(","))
        };
        assert!(parse(&list(MAX_LIST)).is_ok());
        let text = list(MAX_LIST + 1);
        let e = parse(&text).expect_err("one value too many");
        assert_eq!(&text[e.span.start..e.span.end], format!("v{MAX_LIST}"));
        assert!(e.message.contains("at most 500"), "{}", e.message);
        let two = format!("{} {}", list(MAX_LIST), list(MAX_LIST));
        assert!(parse(&two).is_ok());
        let three = format!("{two} city:x");
        let e = parse(&three).expect_err("one value too many in all");
        assert_eq!(&three[e.span.start..e.span.end], "x");
        assert!(e.message.contains("at most 1,000 in all"), "{}", e.message);
    }

    #[test]
    fn text_is_bounded_on_a_char_boundary() {
        let at_limit = format!("name:\"{}\"", "x".repeat(MAX_TEXT - 7));
        assert_eq!(at_limit.len(), MAX_TEXT);
        assert!(parse(&at_limit).is_ok());
        let over = format!("name:\"{}é\"", "x".repeat(MAX_TEXT - 8));
        let e = parse(&over).expect_err("too long");
        assert!(over.is_char_boundary(e.span.start) && e.span.end == over.len());
        assert!(e.message.contains("at most 32,768"), "{}", e.message);
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}
