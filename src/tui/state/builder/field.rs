//! What the builder offers and writes: a field's kind, the operators valid for it, the values
//! worth suggesting, and a condition written as filter-language text.

/// What a field is, for choosing operators and offering values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        nullable: bool,
    },
    Enum {
        values: Vec<String>,
        nullable: bool,
    },
    Number {
        nullable: bool,
    },
    Date {
        nullable: bool,
    },
    Bool,
    User,
    Stage,
    Tag,
    /// A keyword such as `overdue`: no operator, no value.
    Keyword,
    /// Bare words: full-text search.
    Search,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChoice {
    /// As written in a filter: `industry`, `company.city`, `tag`, `overdue`.
    pub name: String,
    pub kind: FieldKind,
}

/// An operator and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Is,
    IsNot,
    Contains,
    StartsWith,
    Gt,
    Ge,
    Lt,
    Le,
    Empty,
    NotEmpty,
}

impl Op {
    pub fn label(self, kind: &FieldKind) -> &'static str {
        let date = matches!(kind, FieldKind::Date { .. });
        match self {
            Op::Is if date => "on",
            Op::Is if matches!(kind, FieldKind::Enum { .. } | FieldKind::Stage) => "is one of",
            Op::Is if matches!(kind, FieldKind::Tag) => "has tag",
            Op::Is => "is",
            Op::IsNot if matches!(kind, FieldKind::Tag) => "does not have tag",
            Op::IsNot => "is not",
            Op::Contains => "contains",
            Op::StartsWith => "starts with",
            Op::Gt if date => "after",
            Op::Gt => ">",
            Op::Ge if date => "on or after",
            Op::Ge => "≥",
            Op::Lt if date => "before",
            Op::Lt => "<",
            Op::Le if date => "on or before",
            Op::Le => "≤",
            Op::Empty => "is empty",
            Op::NotEmpty => "has a value",
        }
    }

    pub fn needs_value(self) -> bool {
        !matches!(self, Op::Empty | Op::NotEmpty)
    }
}

impl FieldKind {
    pub fn ops(&self) -> Vec<Op> {
        use Op::*;
        let mut ops = match self {
            FieldKind::Text { .. } => vec![Is, IsNot, Contains, StartsWith],
            FieldKind::Enum { .. } | FieldKind::Stage | FieldKind::User | FieldKind::Tag => {
                vec![Is, IsNot]
            }
            FieldKind::Number { .. } | FieldKind::Date { .. } => vec![Is, Gt, Ge, Lt, Le, IsNot],
            FieldKind::Bool => vec![Is],
            FieldKind::Keyword | FieldKind::Search => vec![],
        };
        let nullable = match self {
            FieldKind::Text { nullable }
            | FieldKind::Enum { nullable, .. }
            | FieldKind::Number { nullable }
            | FieldKind::Date { nullable } => *nullable,
            FieldKind::User => true,
            _ => false,
        };
        if nullable {
            ops.extend([Empty, NotEmpty]);
        }
        ops
    }

    /// Values to offer (the rest is typed).
    pub fn suggestions(&self, known: &Known) -> Vec<String> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        match self {
            FieldKind::Enum { values, .. } => values.clone(),
            FieldKind::Bool => owned(&["yes", "no"]),
            FieldKind::Date { .. } => owned(&[
                "today",
                "tomorrow",
                "yesterday",
                "this-week",
                "next-week",
                "last-week",
                "this-month",
                "-7d",
                "-30d",
                "+7d",
                "+30d",
            ]),
            FieldKind::User => {
                let mut v = vec!["me".to_string()];
                v.extend(known.users.iter().cloned());
                v
            }
            FieldKind::Stage => known.stages.clone(),
            FieldKind::Tag => known.tags.clone(),
            _ => vec![],
        }
    }

    /// Whether several values can be chosen (`status:lead,prospect`).
    pub fn multi(&self) -> bool {
        matches!(
            self,
            FieldKind::Enum { .. } | FieldKind::Stage | FieldKind::Tag | FieldKind::User
        )
    }
}

/// Names the database knows, offered as values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    pub users: Vec<String>,
    pub stages: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: FieldChoice,
    pub op: Op,
    pub values: Vec<String>,
}

/// Quote a value when the lexer would otherwise split or misread it.
pub fn quote(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+' | '/' | '&'))
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "or" | "not" | "and" | "empty"
        );
    if plain {
        v.to_string()
    } else {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl Condition {
    /// The condition in the filter language.
    pub fn text(&self) -> String {
        let f = &self.field.name;
        let vals = self
            .values
            .iter()
            .map(|v| quote(v))
            .collect::<Vec<_>>()
            .join(",");
        match (&self.field.kind, self.op) {
            (FieldKind::Keyword, _) => f.clone(),
            (FieldKind::Search, _) => self
                .values
                .iter()
                .map(|v| quote(v))
                .collect::<Vec<_>>()
                .join(" "),
            (_, Op::Is) => format!("{f}:{vals}"),
            (_, Op::IsNot) => format!("-{f}:{vals}"),
            (_, Op::Contains) => format!("{f}~{vals}"),
            (_, Op::StartsWith) => format!("{f}^{vals}"),
            (_, Op::Gt) => format!("{f}>{vals}"),
            (_, Op::Ge) => format!("{f}>={vals}"),
            (_, Op::Lt) => format!("{f}<{vals}"),
            (_, Op::Le) => format!("{f}<={vals}"),
            (_, Op::Empty) => format!("{f}:empty"),
            (_, Op::NotEmpty) => format!("-{f}:empty"),
        }
    }

    /// Human words: `industry is software`.
    pub fn describe(&self) -> String {
        match self.field.kind {
            FieldKind::Keyword => self.field.name.clone(),
            FieldKind::Search => format!("text contains {}", self.values.join(" ")),
            _ => format!(
                "{} {} {}",
                self.field.name,
                self.op.label(&self.field.kind),
                self.values.join(", ")
            )
            .trim_end()
            .to_string(),
        }
    }
}
