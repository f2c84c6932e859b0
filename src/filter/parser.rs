//! Recursive-descent parser from tokens to the AST. Grammar (juxtaposition is AND, which binds
//! tighter than OR):
//!
//! ```text
//! filter  = [ or ] ;
//! or      = and { ("or" | "|") and } ;
//! and     = unary { ["and"] unary } ;
//! unary   = ("-" | "not") unary | primary ;
//! primary = "(" or ")" | field op value { "," value } | word ;
//! ```

use super::ast::{Cond, Expr, Span, Value};
use super::error::FilterError;
use super::lexer::{tokenize, Token};

/// Bare words with a fixed meaning per entity (the checker decides which apply).
pub const KEYWORDS: [&str; 5] = ["overdue", "open", "done", "won", "lost"];

/// How deep `(` and negations may nest; deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// Parse filter text into an AST; empty text is `Ok(None)`.
pub fn parse(input: &str) -> Result<Option<Expr>, FilterError> {
    super::limits::text(input)?;
    let tokens = tokenize(input)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser {
        src: input,
        tokens,
        pos: 0,
        depth: 0,
    };
    let (expr, _) = parser.or()?;
    // Only a stray `)` can stop the top-level expression early.
    match parser.peek() {
        None => {
            super::limits::size(&expr)?;
            Ok(Some(expr))
        }
        Some(_) => Err(parser.missing_operand()),
    }
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

/// `parts` joined by AND (`or == false`) or OR, nested ones of the same kind flattened; a single
/// part is itself.
fn join(parts: Vec<Expr>, or: bool) -> Expr {
    let mut flat = Vec::with_capacity(parts.len());
    for part in parts {
        match (part, or) {
            (Expr::Or(inner), true) | (Expr::And(inner), false) => flat.extend(inner),
            (part, _) => flat.push(part),
        }
    }
    match flat.len() {
        1 => flat.pop().unwrap_or(Expr::And(Vec::new())),
        _ if or => Expr::Or(flat),
        _ => Expr::And(flat),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += usize::from(token.is_some());
        token
    }

    fn text(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn unexpected(&self, span: Span) -> FilterError {
        FilterError::new(
            span,
            format!("unexpected '{}': remove it or quote it", self.text(span)),
        )
    }

    fn both_sides(&self, span: Span) -> FilterError {
        let op = self.text(span).to_lowercase();
        FilterError::new(
            span,
            format!(
                "'{op}' needs a condition on both sides, e.g. status:lead {op} status:prospect"
            ),
        )
    }

    /// `op` (or/|/and) is not followed by an operand. A doubled operator (`a | | b`) is reported
    /// at the extra one, which lacks a left side.
    fn lacks_right_side(&self, op: Span) -> FilterError {
        match self.peek() {
            Some(Token::Or(_) | Token::Pipe(_) | Token::And(_)) => self.missing_operand(),
            _ => self.both_sides(op),
        }
    }

    /// Whether the next token can start an operand.
    fn at_operand(&self) -> bool {
        matches!(
            self.peek(),
            Some(
                Token::LParen(_)
                    | Token::Minus(_)
                    | Token::Not(_)
                    | Token::Word(_)
                    | Token::Field(_)
            )
        )
    }

    /// The error for a missing operand at the current token (nothing, `)`, `or`, `and`, …).
    fn missing_operand(&self) -> FilterError {
        match self.peek() {
            Some(Token::Or(s) | Token::Pipe(s) | Token::And(s)) => self.both_sides(*s),
            Some(Token::RParen(s)) => FilterError::new(
                *s,
                "')' has no matching '(': remove it or add a '(' before it",
            ),
            Some(t) => self.unexpected(t.span()),
            None => FilterError::new(
                Span::new(self.src.len(), self.src.len()),
                "the filter ends where a condition is expected",
            ),
        }
    }

    fn or(&mut self) -> Result<(Expr, Span), FilterError> {
        let (first, mut span) = self.and()?;
        let mut parts = vec![first];
        while let Some(Token::Or(s) | Token::Pipe(s)) = self.peek() {
            let op = *s;
            self.pos += 1;
            if !self.at_operand() {
                return Err(self.lacks_right_side(op));
            }
            let (part, part_span) = self.and()?;
            span = span.to(part_span);
            parts.push(part);
        }
        Ok((join(parts, true), span))
    }

    fn and(&mut self) -> Result<(Expr, Span), FilterError> {
        if !self.at_operand() {
            return Err(self.missing_operand());
        }
        let (first, mut span) = self.unary()?;
        let mut parts = vec![first];
        loop {
            if let Some(Token::And(s)) = self.peek() {
                let op = *s;
                self.pos += 1;
                if !self.at_operand() {
                    return Err(self.lacks_right_side(op));
                }
            } else if !self.at_operand() {
                break;
            }
            let (part, part_span) = self.unary()?;
            span = span.to(part_span);
            parts.push(part);
        }
        Ok((join(parts, false), span))
    }

    fn deeper(&mut self, span: Span) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let message = format!(
                "'{}' nests too deeply: use at most {MAX_DEPTH} levels of parentheses and negation",
                self.text(span)
            );
            return Err(FilterError::new(span, message));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<(Expr, Span), FilterError> {
        let Some(Token::Minus(neg) | Token::Not(neg)) = self.peek() else {
            return self.primary();
        };
        let neg = *neg;
        self.pos += 1;
        if !self.at_operand() {
            let word = self.text(neg).to_lowercase();
            let space = if word == "-" { "" } else { " " };
            return Err(FilterError::new(
                neg,
                format!("'{word}' needs a condition after it, e.g. {word}{space}status:lost"),
            ));
        }
        self.deeper(neg)?;
        let (inner, inner_span) = self.unary()?;
        self.depth -= 1;
        let span = neg.to(inner_span);
        Ok((Expr::Not(Box::new(inner), span), span))
    }

    fn primary(&mut self) -> Result<(Expr, Span), FilterError> {
        match self.next() {
            Some(Token::LParen(open)) => self.group(open),
            Some(Token::Field(field)) => {
                let Some(Token::Op(op, op_span)) = self.next() else {
                    return Err(self.unexpected(field.span));
                };
                let values = self.values(field.span, op_span)?;
                let last = values.last().map_or(op_span, |v| v.span);
                let span = field.span.to(last);
                Ok((
                    Expr::Cond(Cond {
                        field,
                        op,
                        values,
                        span,
                    }),
                    span,
                ))
            }
            Some(Token::Word(word)) => {
                let span = word.span;
                let lower = word.text.to_lowercase();
                if !word.quoted && KEYWORDS.contains(&lower.as_str()) {
                    Ok((Expr::Keyword(lower, span), span))
                } else {
                    Ok((Expr::Search(word), span))
                }
            }
            other => {
                self.pos -= usize::from(other.is_some());
                Err(self.missing_operand())
            }
        }
    }

    /// After `(`: an expression and its `)`.
    fn group(&mut self, open: Span) -> Result<(Expr, Span), FilterError> {
        match self.peek() {
            None => return Err(FilterError::new(open, "'(' is never closed: add a ')'")),
            Some(Token::RParen(close)) => {
                return Err(FilterError::new(
                    open.to(*close),
                    "'()' is empty: put a condition inside or remove it",
                ))
            }
            _ => {}
        }
        self.deeper(open)?;
        let (inner, _) = self.or()?;
        self.depth -= 1;
        match self.next() {
            Some(Token::RParen(close)) => Ok((inner, open.to(close))),
            _ => Err(FilterError::new(open, "'(' is never closed: add a ')'")),
        }
    }

    /// The value list after `field OP`.
    fn values(&mut self, field: Span, op: Span) -> Result<Vec<Value>, FilterError> {
        let cond = field.to(op);
        let written = self.text(cond).to_string();
        let first = match self.next() {
            Some(Token::Value(v)) => v,
            Some(Token::Comma(comma)) => {
                return Err(FilterError::new(
                    comma,
                    format!("'{written}' needs a value before ','"),
                ))
            }
            _ => return Err(self.missing_value(field, op)),
        };
        let mut values = vec![first];
        while let Some(Token::Comma(comma)) = self.peek() {
            let comma = *comma;
            self.pos += 1;
            match self.next() {
                Some(Token::Value(v)) => values.push(v),
                _ => {
                    let so_far = self.text(cond.to(comma));
                    let message = format!(
                        "empty value after '{so_far}': remove the ',' or put a value right after it"
                    );
                    return Err(FilterError::new(comma, message));
                }
            }
        }
        Ok(values)
    }

    fn missing_value(&self, field: Span, op: Span) -> FilterError {
        let cond = field.to(op);
        let written = self.text(cond);
        let rest = self.src.get(cond.end..).unwrap_or("");
        let after_space = rest.trim_start();
        if rest.starts_with(char::is_whitespace)
            && !after_space.is_empty()
            && !after_space.starts_with([')', '|'])
        {
            return FilterError::new(
                cond,
                format!("'{written}' needs a value right after it: remove the space"),
            );
        }
        let name = self.text(field);
        let hint = match self.text(op) {
            ":" => format!(" (use {name}:empty for no value)"),
            "!=" => format!(" (use {name}!=empty for any value)"),
            _ => " right after it, e.g. value>=10000".to_string(),
        };
        FilterError::new(cond, format!("'{written}' needs a value{hint}"))
    }
}
