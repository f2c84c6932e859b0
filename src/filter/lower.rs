//! Lowering a checked filter to SQL for one backend. The result is a Diesel query fragment
//! ([`SqlPredicate`]) that `list`/`count` put in their WHERE clause: SQL text built only from the
//! catalogue's fixed names, and every user value a bound parameter.

use super::catalogue;
use super::pred::Cmp;
use super::pred::{Lit, Pred};
use super::shape::{RangeShape, Shapes};
use super::sql::Part;
pub use super::sql::{Bind, SqlPredicate};
use crate::db::BackendKind;
use crate::domain::Entity;

mod money;
mod search;
mod subquery;

pub use money::money_norm;

/// Lower `pred` over `entity`'s table for `backend`, every condition in its default shape.
pub fn lower(pred: &Pred, entity: Entity, backend: BackendKind) -> SqlPredicate {
    lower_shaped(pred, entity, backend, &Shapes::default())
}

/// Lower `pred` with the shapes chosen for its conditions (see [`super::probe`]).
pub fn lower_shaped(
    pred: &Pred,
    entity: Entity,
    backend: BackendKind,
    shapes: &Shapes,
) -> SqlPredicate {
    let mut w = Writer {
        backend,
        shapes,
        parts: Vec::new(),
        aliases: 0,
        unindexed: false,
    };
    let q = format!("\"{}\"", entity.as_str());
    w.pred(pred, entity, &q);
    SqlPredicate::new(w.parts)
}

struct Writer<'s> {
    backend: BackendKind,
    shapes: &'s Shapes,
    parts: Vec<Part>,
    aliases: usize,
    /// Set while writing a range test or emptiness test of a conjunction in the
    /// [`RangeShape::Walk`] shape: its column is written `+column` (SQLite only).
    unindexed: bool,
}

/// A test that [`RangeShape::Walk`] writes unindexed: a range comparison or an emptiness test.
pub(crate) fn walkable(p: &Pred) -> bool {
    matches!(
        p,
        Pred::Cmp {
            op: Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge,
            ..
        } | Pred::Empty { .. }
    )
}

impl Writer<'_> {
    fn sql(&mut self, s: &str) {
        match self.parts.last_mut() {
            Some(Part::Sql(last)) => last.push_str(s),
            _ => self.parts.push(Part::Sql(s.to_string())),
        }
    }

    fn bind(&mut self, b: Bind) {
        self.parts.push(Part::Bind(b));
    }

    fn lit(&mut self, l: &Lit) {
        self.bind(match l {
            Lit::Text(t) => Bind::Text(t.clone()),
            Lit::Int(i) => Bind::Int(*i),
            Lit::Date(d) => Bind::Date(*d),
            Lit::Time(t) => Bind::Time(*t),
            Lit::Bool(b) => Bind::Bool(*b),
        });
    }

    /// A column, case-folded for text: `lower(col)` on PostgreSQL (whose indexes are on
    /// lower(col)); on SQLite the column itself where it is COLLATE NOCASE (so its index serves),
    /// else `lower(col)`.
    fn column(&mut self, q: &str, column: &str, text: bool) {
        let fold = match self.backend {
            BackendKind::Postgres => text,
            BackendKind::Sqlite => text && catalogue::SQLITE_CASE_SENSITIVE_TEXT.contains(&column),
        };
        let plus = if self.unindexed { "+" } else { "" };
        if fold {
            self.sql(&format!("lower({plus}{q}.{column})"));
        } else {
            self.sql(&format!("{plus}{q}.{column}"));
        }
    }

    /// A part of a conjunction, or a lone test, in `shape`: in [`RangeShape::Walk`] a range or
    /// emptiness test is written on `+column` so no index starts the page from it.
    fn shaped_part(&mut self, p: &Pred, shape: RangeShape, entity: Entity, q: &str) {
        let unindexed =
            shape == RangeShape::Walk && self.backend == BackendKind::Sqlite && walkable(p);
        self.unindexed = unindexed;
        self.pred_unshaped(p, entity, q);
        self.unindexed = false;
    }

    fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("f{}", self.aliases)
    }

    #[allow(clippy::too_many_arguments)]
    fn join(
        &mut self,
        parts: &[Pred],
        op: &str,
        empty: &str,
        shape: RangeShape,
        entity: Entity,
        q: &str,
    ) {
        if parts.is_empty() {
            self.sql(empty);
            return;
        }
        self.sql("(");
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.sql(op);
            }
            self.shaped_part(p, shape, entity, q);
        }
        self.sql(")");
    }

    /// One condition, in the range shape chosen for it (see [`RangeShape`]).
    fn pred(&mut self, p: &Pred, entity: Entity, q: &str) {
        let shape = self.shapes.range(p);
        match p {
            Pred::And(parts) => self.join(parts, " AND ", "1 = 1", shape, entity, q),
            _ if shape == RangeShape::Walk => self.shaped_part(p, shape, entity, q),
            _ => self.pred_unshaped(p, entity, q),
        }
    }

    /// One condition; each kind of condition is written by its own method.
    fn pred_unshaped(&mut self, p: &Pred, entity: Entity, q: &str) {
        match p {
            Pred::And(parts) => self.join(parts, " AND ", "1 = 1", RangeShape::Indexed, entity, q),
            Pred::Or(parts) => self.join(parts, " OR ", "1 = 0", RangeShape::Indexed, entity, q),
            Pred::Not(inner) => self.not(inner, entity, q),
            Pred::Const(true) => self.sql("1 = 1"),
            Pred::Const(false) => self.sql("1 = 0"),
            Pred::Cmp {
                column,
                text,
                op,
                value,
            } => {
                self.column(q, column, *text);
                self.sql(&format!(" {} ", op.sql()));
                self.lit(value);
            }
            Pred::In {
                column,
                text,
                values,
            } => self.in_list(q, column, *text, values),
            Pred::Like { column, pattern } => self.like(q, column, pattern),
            Pred::Empty { column, text } => self.empty(q, column, *text),
            Pred::Money { column, tests } => self.money_condition(p, q, column, tests),
            Pred::User { column, who } => self.user(q, column, who),
            Pred::Stage { column, names } => self.stage(q, column, names),
            Pred::Tag { names } => self.tag(p, entity, q, names),
            Pred::Related {
                via,
                target,
                pred: inner,
            } => self.related(p, q, via, *target, inner),
            Pred::Search { words } => self.search(entity, q, words),
        }
    }

    /// Two-valued logic: a condition on a NULL column is false, so its negation is true.
    fn not(&mut self, inner: &Pred, entity: Entity, q: &str) {
        self.sql("NOT COALESCE(");
        self.pred(inner, entity, q);
        self.sql(if self.backend == BackendKind::Postgres {
            ", FALSE)"
        } else {
            ", 0)"
        });
    }

    fn in_list(&mut self, q: &str, column: &str, text: bool, values: &[Lit]) {
        self.column(q, column, text);
        self.sql(" IN (");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.sql(", ");
            }
            self.lit(v);
        }
        self.sql(")");
    }

    fn like(&mut self, q: &str, column: &str, pattern: &str) {
        self.column(q, column, true);
        self.sql(" LIKE ");
        self.bind(Bind::Text(pattern.to_string()));
        self.sql(" ESCAPE '\\'");
    }

    fn empty(&mut self, q: &str, column: &str, text: bool) {
        let c = format!("{}{q}.{column}", if self.unindexed { "+" } else { "" });
        if text {
            self.sql(&format!("({c} IS NULL OR {c} = '')"))
        } else {
            self.sql(&format!("{c} IS NULL"))
        }
    }
}
