//! The filter builder: pick a field, an operator valid for its type, and a value, in AND groups
//! joined by OR. It writes filter-language text, so it compiles to exactly the query that typing
//! that text would.

use crate::domain::Entity;
use crate::filter::catalogue::{self, Kind};

use super::listing::Count;
use crate::tui::input::TextInput;

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

/// Where the builder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Choosing a field (fuzzy).
    Field,
    /// Choosing an operator for the field.
    Op(FieldChoice),
    /// Typing or choosing the value(s).
    Value(FieldChoice, Op),
    /// Looking at the result: add, OR, remove, apply, save.
    Review,
    /// Typing a name to save the filter as a view.
    SaveAs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Builder {
    pub entity: Entity,
    /// A filter that was in force when the builder opened, kept as the first AND part.
    pub base: String,
    /// OR of AND-groups.
    pub groups: Vec<Vec<Condition>>,
    pub step: Step,
    pub input: TextInput,
    /// Candidates of the current step (fields, operators or values), already ranked.
    pub choices: Vec<String>,
    pub selected: usize,
    /// Values ticked with Space in a multi-value step.
    pub ticked: Vec<String>,
    pub known: Known,
    pub count: Option<Count>,
    pub error: Option<String>,
    /// The filter before the builder opened (Esc restores it).
    pub before: String,
}

/// The fields the builder offers for an entity: own fields, `tag`, related fields, keywords and
/// text search.
pub fn field_choices(entity: Entity) -> Vec<FieldChoice> {
    let mut out: Vec<FieldChoice> = catalogue::fields(entity)
        .into_iter()
        .map(|f| FieldChoice {
            name: f.name.to_string(),
            kind: kind_of(f.kind, f.nullable),
        })
        .collect();
    if catalogue::tag_table(entity).is_some() {
        out.push(FieldChoice {
            name: "tag".into(),
            kind: FieldKind::Tag,
        });
    }
    for r in catalogue::relations(entity) {
        for f in catalogue::fields(r.target) {
            out.push(FieldChoice {
                name: format!("{}.{}", r.name, f.name),
                kind: kind_of(f.kind, true),
            });
        }
    }
    let keywords: &[&str] = match entity {
        Entity::Deals => &["open", "won", "lost", "overdue"],
        Entity::Activities => &["open", "done", "overdue"],
        _ => &[],
    };
    out.extend(keywords.iter().map(|k| FieldChoice {
        name: (*k).to_string(),
        kind: FieldKind::Keyword,
    }));
    out.push(FieldChoice {
        name: "text".into(),
        kind: FieldKind::Search,
    });
    out
}

fn kind_of(kind: Kind, nullable: bool) -> FieldKind {
    match kind {
        Kind::Text => FieldKind::Text { nullable },
        Kind::Enum(values) => FieldKind::Enum {
            values: values.iter().map(|v| v.to_string()).collect(),
            nullable,
        },
        Kind::Int | Kind::Money => FieldKind::Number { nullable },
        Kind::Date | Kind::Timestamp => FieldKind::Date { nullable },
        Kind::Bool => FieldKind::Bool,
        Kind::User => FieldKind::User,
        Kind::Stage => FieldKind::Stage,
    }
}

impl Builder {
    pub fn new(entity: Entity, current: &str) -> Builder {
        let mut b = Builder {
            entity,
            base: current.trim().to_string(),
            groups: vec![vec![]],
            step: Step::Field,
            input: TextInput::default(),
            choices: vec![],
            selected: 0,
            ticked: vec![],
            known: Known::default(),
            count: None,
            error: None,
            before: current.to_string(),
        };
        b.refresh_choices();
        b
    }

    /// The filter text the builder stands for.
    pub fn text(&self) -> String {
        let groups: Vec<Vec<String>> = self
            .groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| g.iter().map(Condition::text).collect())
            .collect();
        let ors = groups.len() > 1;
        let built = groups
            .iter()
            .map(|g| {
                let and = g.join(" ");
                if ors && g.len() > 1 {
                    format!("({and})")
                } else {
                    and
                }
            })
            .collect::<Vec<_>>()
            .join(" or ");
        match (self.base.is_empty(), built.is_empty()) {
            (true, _) => built,
            (false, true) => self.base.clone(),
            (false, false) if ors => format!("({}) ({built})", self.base),
            (false, false) => format!("({}) {built}", self.base),
        }
    }

    fn all_choices(&self) -> Vec<String> {
        match &self.step {
            Step::Field => field_choices(self.entity)
                .into_iter()
                .map(|f| f.name)
                .collect(),
            Step::Op(f) => f
                .kind
                .ops()
                .iter()
                .map(|o| o.label(&f.kind).to_string())
                .collect(),
            Step::Value(f, _) => f.kind.suggestions(&self.known),
            Step::Review | Step::SaveAs => vec![],
        }
    }

    /// Re-rank the current step's candidates against what has been typed.
    pub fn refresh_choices(&mut self) {
        let all = self.all_choices();
        let query = match self.step {
            Step::Op(_) => "",
            _ => self.input.text.as_str(),
        };
        self.choices = crate::tui::fuzzy::rank(query, &all)
            .into_iter()
            .map(|i| all[i].clone())
            .collect();
        self.selected = self.selected.min(self.choices.len().saturating_sub(1));
    }

    pub fn current_group(&mut self) -> &mut Vec<Condition> {
        if self.groups.is_empty() {
            self.groups.push(vec![]);
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    pub fn go(&mut self, step: Step) {
        self.step = step;
        self.input.clear();
        self.selected = 0;
        self.ticked.clear();
        self.error = None;
        self.refresh_choices();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(name: &str, kind: FieldKind, op: Op, values: &[&str]) -> Condition {
        Condition {
            field: FieldChoice {
                name: name.into(),
                kind,
            },
            op,
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn conditions_write_the_filter_language() {
        let e = FieldKind::Enum {
            values: vec![],
            nullable: false,
        };
        assert_eq!(
            cond("status", e.clone(), Op::Is, &["lead", "prospect"]).text(),
            "status:lead,prospect"
        );
        assert_eq!(
            cond("status", e, Op::IsNot, &["lead"]).text(),
            "-status:lead"
        );
        let t = FieldKind::Text { nullable: true };
        assert_eq!(
            cond("name", t.clone(), Op::Contains, &["north wind"]).text(),
            "name~\"north wind\""
        );
        assert_eq!(
            cond("name", t.clone(), Op::Is, &["say \"hi\""]).text(),
            "name:\"say \\\"hi\\\"\""
        );
        assert_eq!(
            cond("industry", t.clone(), Op::Empty, &[]).text(),
            "industry:empty"
        );
        assert_eq!(
            cond("industry", t, Op::Is, &["empty"]).text(),
            "industry:\"empty\""
        );
        let n = FieldKind::Number { nullable: false };
        assert_eq!(cond("value", n, Op::Ge, &["10000"]).text(), "value>=10000");
        let d = FieldKind::Date { nullable: true };
        assert_eq!(cond("close", d, Op::Lt, &["+30d"]).text(), "close<+30d");
        assert_eq!(
            cond("overdue", FieldKind::Keyword, Op::Is, &[]).text(),
            "overdue"
        );
    }

    #[test]
    fn groups_join_with_or_and_keep_the_base_filter() {
        let t = FieldKind::Text { nullable: true };
        let mut b = Builder::new(Entity::Companies, "");
        b.groups = vec![
            vec![
                cond("industry", t.clone(), Op::Is, &["software"]),
                cond("city", t.clone(), Op::Is, &["berlin"]),
            ],
            vec![cond("tag", FieldKind::Tag, Op::Is, &["vip"])],
        ];
        assert_eq!(b.text(), "(industry:software city:berlin) or tag:vip");
        b.base = "owner:me".into();
        assert_eq!(
            b.text(),
            "(owner:me) ((industry:software city:berlin) or tag:vip)"
        );
        b.groups = vec![vec![cond("industry", t, Op::Is, &["software"])]];
        assert_eq!(b.text(), "(owner:me) industry:software");
    }

    #[test]
    fn every_offered_field_is_one_the_filter_language_accepts() {
        for entity in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
        ] {
            for f in field_choices(entity) {
                let c = Condition {
                    op: f.kind.ops().first().copied().unwrap_or(Op::Is),
                    values: match &f.kind {
                        FieldKind::Enum { values, .. } => vec![values[0].clone()],
                        FieldKind::Number { .. } => vec!["5".into()],
                        FieldKind::Date { .. } => vec!["today".into()],
                        FieldKind::Bool => vec!["yes".into()],
                        FieldKind::User => vec!["me".into()],
                        _ => vec!["x".into()],
                    },
                    field: f.clone(),
                };
                let text = c.text();
                let expr = crate::filter::parse(&text).unwrap().unwrap();
                let cx = crate::filter::Context::new(entity, Some(crate::domain::UserId::new()));
                crate::filter::check::check(&expr, &cx)
                    .unwrap_or_else(|e| panic!("{entity}: {text}: {e}"));
            }
        }
    }
}
