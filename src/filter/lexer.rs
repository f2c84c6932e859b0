//! Tokens of the filter language. The lexer knows one piece of context: right after `field OP`
//! it reads values (where `-`, `:`, `.`, `@`, `/` are ordinary characters, and `,` separates
//! values); everywhere else it reads terms (`(`, `)`, `|`, a leading `-`, words, conditions).
//!
//! Every span is a byte range on char boundaries of the input.

use super::ast::{FieldRef, Op, Span, Value};
use super::error::FilterError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    LParen(Span),
    RParen(Span),
    /// `|`
    Pipe(Span),
    /// `-` directly before a term: negation.
    Minus(Span),
    /// `,` between the values of one condition.
    Comma(Span),
    /// The unquoted word `or` (any case).
    Or(Span),
    /// The unquoted word `and` (any case).
    And(Span),
    /// The unquoted word `not` (any case).
    Not(Span),
    /// A bare word or quoted phrase standing alone: a search term or keyword.
    Word(Value),
    /// The field of a condition; always followed by `Op`.
    Field(FieldRef),
    Op(Op, Span),
    /// A value of a condition; follows `Op` or `Comma`.
    Value(Value),
}

impl Token {
    pub fn span(&self) -> Span {
        match self {
            Token::LParen(s)
            | Token::RParen(s)
            | Token::Pipe(s)
            | Token::Minus(s)
            | Token::Comma(s)
            | Token::Or(s)
            | Token::And(s)
            | Token::Not(s)
            | Token::Op(_, s) => *s,
            Token::Word(v) | Token::Value(v) => v.span,
            Token::Field(f) => f.span,
        }
    }
}

/// Split filter text into tokens. Fails on lexical errors (unterminated quote, stray `!`/`=`,
/// operator without a field, malformed field name, …) with the span of the offending text.
pub fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut lexer = Lexer {
        src: input,
        pos: 0,
        out: Vec::new(),
    };
    lexer.terms()?;
    Ok(lexer.out)
}

/// Operators, two-character ones first so `>=` wins over `>`.
const OPS: [(&str, Op); 8] = [
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    (":", Op::Eq),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("~", Op::Contains),
    ("^", Op::StartsWith),
];

/// Characters a field name may be scanned from (validated afterwards, so `close-date:x` or
/// `São:x` get a clear error instead of silently becoming a search term).
fn is_field_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// Where a bare word or bare value stops. (`,` stops values only; see `values`.)
fn ends_bare(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '|')
}

fn valid_field(name: &str) -> bool {
    name.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

const NEEDS_OPERAND: &str = "'-' needs a condition right after it (no space), e.g. -status:lost";
const STRAY_COMMA: &str =
    "unexpected ',': commas separate the values of one condition, e.g. status:lead,prospect";

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    out: Vec<Token>,
}

impl Lexer<'_> {
    fn peek_at(&self, at: usize) -> Option<char> {
        self.src.get(at..).and_then(|s| s.chars().next())
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(self.pos)
    }

    /// The operator starting at byte `at`, if any.
    fn op_at(&self, at: usize) -> Option<(Op, usize)> {
        let rest = self.src.get(at..)?;
        OPS.iter()
            .find(|(text, _)| rest.starts_with(text))
            .map(|(text, op)| (*op, text.len()))
    }

    fn char_span(&self, at: usize) -> Span {
        let len = self.peek_at(at).map_or(0, char::len_utf8);
        Span::new(at, at + len)
    }

    fn text(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// Scan forward from `from` while `keep` holds; the end byte offset.
    fn scan(&self, from: usize, keep: impl Fn(char) -> bool) -> usize {
        let rest = self.src.get(from..).unwrap_or("");
        rest.char_indices()
            .find(|&(_, c)| !keep(c))
            .map_or(self.src.len(), |(i, _)| from + i)
    }

    fn terms(&mut self) -> Result<(), FilterError> {
        while let Some(c) = self.peek() {
            let span = self.char_span(self.pos);
            match c {
                c if c.is_whitespace() => self.pos = span.end,
                '(' | ')' | '|' => {
                    self.pos = span.end;
                    self.out.push(match c {
                        '(' => Token::LParen(span),
                        ')' => Token::RParen(span),
                        _ => Token::Pipe(span),
                    });
                }
                '-' => {
                    if self
                        .peek_at(span.end)
                        .is_none_or(|n| ends_bare(n) && n != '(')
                    {
                        return Err(FilterError::new(span, NEEDS_OPERAND));
                    }
                    self.pos = span.end;
                    self.out.push(Token::Minus(span));
                }
                ',' => return Err(FilterError::new(span, STRAY_COMMA)),
                '"' | '\'' => {
                    let value = self.quoted()?;
                    self.out.push(Token::Word(value));
                }
                _ => self.term()?,
            }
        }
        Ok(())
    }

    /// A condition `field OP values`, or a bare word.
    fn term(&mut self) -> Result<(), FilterError> {
        let start = self.pos;
        if let Some((_, len)) = self.op_at(start) {
            let span = Span::new(start, start + len);
            let op = self.text(span);
            let example = match op {
                ":" => "industry:software",
                "!=" => "status!=lost",
                "~" => "name~acme",
                "^" => "name^ac",
                _ => "value>=10000",
            };
            return Err(FilterError::new(
                span,
                format!("'{op}' needs a field name before it, e.g. {example}"),
            ));
        }
        let name_end = self.scan(start, is_field_char);
        if name_end > start {
            if let Some((op, len)) = self.op_at(name_end) {
                return self.condition(Span::new(start, name_end), op, len);
            }
        }
        if let Some(c @ ('!' | '=')) = self.peek_at(name_end) {
            return Err(self.stray(name_end, c, Span::new(start, name_end)));
        }
        let end = self.scan(start, |c| !ends_bare(c));
        let span = Span::new(start, end);
        let text = self.text(span);
        let token = match text.to_lowercase().as_str() {
            "or" => Token::Or(span),
            "and" => Token::And(span),
            "not" => Token::Not(span),
            _ => {
                if self.peek_at(end) == Some('(') {
                    return Err(self.paren_after(end, text, "text"));
                }
                Token::Word(Value {
                    text: text.to_string(),
                    quoted: false,
                    span,
                })
            }
        };
        self.pos = end;
        self.out.push(token);
        Ok(())
    }

    /// A `(` glued to the end of a bare word or value (`acme(uk)`).
    fn paren_after(&self, at: usize, word: &str, what: &str) -> FilterError {
        let message = format!(
            "unexpected '(' right after '{word}': add a space before it, or quote the {what}"
        );
        FilterError::new(self.char_span(at), message)
    }

    /// A `!` or `=` that is not part of `!=`, `>=`, `<=`.
    fn stray(&self, at: usize, c: char, field: Span) -> FilterError {
        let name = self.text(field);
        let hint = match (c, name.is_empty()) {
            ('!', true) => "use '-' or 'not' to negate, e.g. -status:lost".to_string(),
            ('!', false) => {
                format!("use '!=' for not equal ({name}!=lead), or quote the text to search for it")
            }
            (_, true) => "conditions are written field:value, e.g. status:lead".to_string(),
            (_, false) => format!("use ':' for equals, e.g. {name}:lead"),
        };
        FilterError::new(self.char_span(at), format!("unexpected '{c}': {hint}"))
    }

    fn condition(&mut self, name: Span, op: Op, op_len: usize) -> Result<(), FilterError> {
        let text = self.text(name);
        if !valid_field(text) {
            return Err(FilterError::new(
                name,
                format!(
                    "'{text}' is not a field name: field names use letters, digits and '_', \
                     joined by '.' (company.industry); quote the text to search for it"
                ),
            ));
        }
        let path = text.to_lowercase().split('.').map(str::to_string).collect();
        self.out.push(Token::Field(FieldRef { path, span: name }));
        let op_span = Span::new(name.end, name.end + op_len);
        self.out.push(Token::Op(op, op_span));
        self.pos = op_span.end;
        self.values()
    }

    /// Values after an operator: `v`, `"v"`, `v1,v2,…`. Stops at whitespace, `)`, `|` or the end;
    /// the parser reports a missing value (no value, or nothing after a comma).
    fn values(&mut self) -> Result<(), FilterError> {
        while let Some(c) = self.peek() {
            let span = self.char_span(self.pos);
            match c {
                ',' => {
                    self.pos = span.end;
                    self.out.push(Token::Comma(span));
                }
                '(' => return Err(FilterError::new(
                    span,
                    "unexpected '(' in a value: for several values write status:lead,prospect; \
                         quote a value that holds '('",
                )),
                '"' | '\'' => {
                    let value = self.quoted()?;
                    self.out.push(Token::Value(value));
                }
                c if ends_bare(c) => break,
                _ => {
                    let end = self.scan(self.pos, |c| !ends_bare(c) && c != ',');
                    let span = Span::new(self.pos, end);
                    if self.peek_at(end) == Some('(') {
                        return Err(self.paren_after(end, self.text(span), "value"));
                    }
                    self.out.push(Token::Value(Value {
                        text: self.text(span).to_string(),
                        quoted: false,
                        span,
                    }));
                    self.pos = end;
                }
            }
        }
        Ok(())
    }

    /// A `"…"` or `'…'` string; `\"`, `\'` and `\\` are escapes, any other `\` is literal. The
    /// closing quote must be followed by whitespace, `)`, `|`, `,` or the end.
    fn quoted(&mut self) -> Result<Value, FilterError> {
        let start = self.pos;
        let rest = self.src.get(start..).unwrap_or("");
        let mut chars = rest.char_indices();
        let quote = chars.next().map_or('"', |(_, q)| q);
        let mut text = String::new();
        let end = loop {
            match chars.next() {
                None => {
                    return Err(FilterError::new(
                        Span::new(start, self.src.len()),
                        format!("unterminated quote: add a closing {quote}"),
                    ))
                }
                Some((i, c)) if c == quote => break start + i + c.len_utf8(),
                Some((_, '\\')) => match chars.clone().next() {
                    Some((_, e @ ('"' | '\'' | '\\'))) => {
                        text.push(e);
                        chars.next();
                    }
                    _ => text.push('\\'),
                },
                Some((_, c)) => text.push(c),
            }
        };
        self.pos = end;
        match self.peek() {
            Some(c) if !c.is_whitespace() && !matches!(c, ')' | '|' | ',') => {
                Err(FilterError::new(
                    self.char_span(end),
                    format!(
                        "unexpected '{c}' right after the closing {quote}: add a space before it"
                    ),
                ))
            }
            _ => Ok(Value {
                text,
                quoted: true,
                span: Span::new(start, end),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<String> {
        tokenize(input)
            .unwrap()
            .iter()
            .map(|t| {
                let s = t.span();
                input[s.start..s.end].to_string()
            })
            .collect()
    }

    #[test]
    fn splits_conditions_values_and_words() {
        assert_eq!(
            kinds("-(a:b,\"c d\" | x>=-7d) not Müller"),
            [
                "-", "(", "a", ":", "b", ",", "\"c d\"", "|", "x", ">=", "-7d", ")", "not",
                "Müller"
            ]
        );
    }

    #[test]
    fn escapes_in_quotes() {
        let toks = tokenize(r#"name:"a\"b\\c\d""#).unwrap();
        assert!(matches!(&toks[2], Token::Value(v) if v.text == r#"a"b\c\d"# && v.quoted));
    }

    #[test]
    fn field_names_are_validated() {
        assert_eq!(tokenize("close-date:x").unwrap_err().span, Span::new(0, 10));
        assert_eq!(tokenize("a..b:x").unwrap_err().span, Span::new(0, 4));
        assert!(tokenize("close-date").is_ok());
    }
}
