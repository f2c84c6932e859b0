//! The checked filter: every field resolved against the catalogue, every value typed. This is
//! what the SQL lowering and the reference evaluator both consume.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{Entity, UserId};

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// ASCII-lower-cased: text matching ignores ASCII case on both backends.
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Time(NaiveDateTime),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn sql(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "<>",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

/// Who a user field must be.
#[derive(Debug, Clone, PartialEq)]
pub enum UserRef {
    Id(UserId),
    /// An email or a name, ASCII-lower-cased.
    EmailOrName(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    And(Vec<Pred>),
    Or(Vec<Pred>),
    Not(Box<Pred>),
    /// `column OP value`. A NULL column never satisfies it (nor its negation by `Not`, which
    /// lowering writes as `NOT (… )` with NULLs treated as false on both sides).
    Cmp {
        column: &'static str,
        text: bool,
        op: Cmp,
        value: Lit,
    },
    /// `column` equals one of the values.
    In {
        column: &'static str,
        text: bool,
        values: Vec<Lit>,
    },
    /// Text `LIKE` with a pattern whose `%`/`_`/`\` in user text are escaped with `\`.
    Like {
        column: &'static str,
        pattern: String,
    },
    /// NULL (or, for text, the empty string).
    Empty {
        column: &'static str,
        text: bool,
    },
    /// Money written in major units, compared in each row's own currency: one test for the
    /// currencies with 0, 2 and 3 decimals (see `domain::money::currency_exponent`).
    Money {
        column: &'static str,
        tests: [MoneyTest; 3],
    },
    User {
        column: &'static str,
        who: Vec<UserRef>,
    },
    /// Stage by name.
    Stage {
        column: &'static str,
        names: Vec<String>,
    },
    /// Tagged with any of these names.
    Tag {
        names: Vec<String>,
    },
    /// The related record (through `via`) matches.
    Related {
        via: &'static str,
        target: Entity,
        pred: Box<Pred>,
    },
    /// Every word appears (as a substring, ignoring ASCII case) in one of the search columns.
    Search {
        words: Vec<String>,
    },
    /// Constant (e.g. `value=10.5` on integer minor units of a 0-decimal currency).
    Const(bool),
}

/// How the minor-unit amount of one currency group is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyTest {
    Never,
    Always,
    Cmp(Cmp, i64),
}
