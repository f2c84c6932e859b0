//! The filter builder: pick a field, an operator valid for its type, and a value, in AND groups
//! joined by OR. It writes filter-language text, so it compiles to exactly the query that typing
//! that text would.

use crate::domain::Entity;
use crate::filter::catalogue::{self, ValueKind};

use super::listing::Count;
use crate::tui::input::TextInput;

mod field;

pub use field::{quote, Condition, FieldChoice, FieldKind, Known, Op};

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

fn kind_of(kind: ValueKind, nullable: bool) -> FieldKind {
    match kind {
        ValueKind::Text => FieldKind::Text { nullable },
        ValueKind::Enum(values) => FieldKind::Enum {
            values: values.iter().map(|v| v.to_string()).collect(),
            nullable,
        },
        ValueKind::Int | ValueKind::Money => FieldKind::Number { nullable },
        ValueKind::Date | ValueKind::Timestamp => FieldKind::Date { nullable },
        ValueKind::Bool => FieldKind::Bool,
        ValueKind::User => FieldKind::User,
        ValueKind::Stage => FieldKind::Stage,
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
mod tests;
