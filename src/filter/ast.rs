//! The syntax tree of a filter, as written (no knowledge of fields or Diesel). Spans are byte
//! offsets into the filter text, for error carets.

/// A byte range `start..end` of the filter text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Juxtaposition: every part must hold.
    And(Vec<Expr>),
    /// `a or b`, `a | b`.
    Or(Vec<Expr>),
    /// `-x`, `not x`.
    Not(Box<Expr>, Span),
    Cond(Cond),
    /// A bare word or quoted phrase: search the entity's text (full-text index).
    Search(Value),
    /// A bare keyword with a fixed meaning per entity, e.g. `overdue`.
    Keyword(String, Span),
}

/// `field OP value[,value…]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cond {
    pub field: FieldRef,
    pub op: Op,
    /// One or more (comma-separated: "one of") values.
    pub values: Vec<Value>,
    pub span: Span,
}

/// `industry`, or a related entity's field: `company.industry`. Lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub path: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `:` — equals (case-insensitive for text), or one of, with several values.
    Eq,
    /// `!=` (also written `-field:value`, which the parser gives as `Not(Cond Eq)`).
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `~` — text contains.
    Contains,
    /// `^` — text starts with.
    StartsWith,
}

/// A value as written; `quoted` values are literal (never keywords such as `empty`, `me`, `today`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub quoted: bool,
    pub span: Span,
}
