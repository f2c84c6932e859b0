//! Lowering a checked filter to SQL for one backend. The result is a Diesel query fragment
//! ([`SqlPredicate`]) that `list`/`count` put in their WHERE clause: SQL text built only from the
//! catalogue's fixed names, and every user value a bound parameter.

use super::catalogue;
use super::pred::{Lit, MoneyTest, Pred, UserRef};
use super::shape::{MoneyShape, RelatedShape, Shapes, TagShape};
use super::sql::Part;
pub use super::sql::{Bind, SqlPredicate};
use crate::db::BackendKind;
use crate::domain::Entity;

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
        if fold {
            self.sql(&format!("lower({q}.{column})"));
        } else {
            self.sql(&format!("{q}.{column}"));
        }
    }

    fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("f{}", self.aliases)
    }

    fn join(&mut self, parts: &[Pred], op: &str, empty: &str, entity: Entity, q: &str) {
        if parts.is_empty() {
            self.sql(empty);
            return;
        }
        self.sql("(");
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.sql(op);
            }
            self.pred(p, entity, q);
        }
        self.sql(")");
    }

    fn pred(&mut self, p: &Pred, entity: Entity, q: &str) {
        match p {
            Pred::And(parts) => self.join(parts, " AND ", "1 = 1", entity, q),
            Pred::Or(parts) => self.join(parts, " OR ", "1 = 0", entity, q),
            Pred::Not(inner) => {
                // two-valued logic: a condition on a NULL column is false, so its negation is true
                self.sql("NOT COALESCE(");
                self.pred(inner, entity, q);
                self.sql(if self.backend == BackendKind::Postgres {
                    ", FALSE)"
                } else {
                    ", 0)"
                });
            }
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
            } => {
                self.column(q, column, *text);
                self.sql(" IN (");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.sql(", ");
                    }
                    self.lit(v);
                }
                self.sql(")");
            }
            Pred::Like { column, pattern } => {
                self.column(q, column, true);
                self.sql(" LIKE ");
                self.bind(Bind::Text(pattern.clone()));
                self.sql(" ESCAPE '\\'");
            }
            Pred::Empty { column, text: true } => {
                self.sql(&format!("({q}.{column} IS NULL OR {q}.{column} = '')"))
            }
            Pred::Empty {
                column,
                text: false,
            } => self.sql(&format!("{q}.{column} IS NULL")),
            Pred::Money { column, tests } => match self.shapes.money(p) {
                MoneyShape::Normalized if self.backend == BackendKind::Sqlite => {
                    self.money_normalized(q, column, tests)
                }
                _ => self.money(q, column, tests),
            },
            Pred::User { column, who } => {
                self.sql("(");
                for (i, w) in who.iter().enumerate() {
                    if i > 0 {
                        self.sql(" OR ");
                    }
                    match w {
                        UserRef::Id(id) => {
                            self.sql(&format!("{q}.{column} = "));
                            self.bind(Bind::Id(id.id()));
                        }
                        UserRef::EmailOrName(text) => {
                            let a = self.alias();
                            self.sql(&format!(
                                "{q}.{column} IN (SELECT {a}.id FROM users {a} WHERE {a}.deleted_at IS NULL AND ("
                            ));
                            self.column(&a, "email", true);
                            self.sql(" = ");
                            self.bind(Bind::Text(text.clone()));
                            self.sql(" OR ");
                            self.column(&a, "name", true);
                            self.sql(" = ");
                            self.bind(Bind::Text(text.clone()));
                            self.sql("))");
                        }
                    }
                }
                self.sql(")");
            }
            Pred::Stage { column, names } => {
                let a = self.alias();
                self.sql(&format!(
                    "{q}.{column} IN (SELECT {a}.id FROM pipeline_stages {a} WHERE {a}.deleted_at IS NULL AND "
                ));
                let values: Vec<Lit> = names.iter().map(|n| Lit::Text(n.clone())).collect();
                self.pred(
                    &Pred::In {
                        column: "name",
                        text: true,
                        values,
                    },
                    Entity::Stages,
                    &a,
                );
                self.sql(")");
            }
            Pred::Tag { names } => {
                let Some((join, key)) = catalogue::tag_table(entity) else {
                    self.sql("1 = 0");
                    return;
                };
                // driven from the (few) tagged rows: `id IN (tagged ids)`, not a probe per row
                let (j, t) = (self.alias(), self.alias());
                let array =
                    self.backend == BackendKind::Postgres && self.shapes.tag(p) == TagShape::Array;
                self.sql(&format!(
                    "{q}.id {}(SELECT {j}.{key} FROM {join} {j} JOIN tags {t} ON {t}.id = {j}.tag_id WHERE {t}.deleted_at IS NULL AND ",
                    if array { "= ANY (ARRAY" } else { "IN " }
                ));
                let values: Vec<Lit> = names.iter().map(|n| Lit::Text(n.clone())).collect();
                self.pred(
                    &Pred::In {
                        column: "name",
                        text: true,
                        values,
                    },
                    Entity::Tags,
                    &t,
                );
                self.sql(if array { "))" } else { ")" });
            }
            Pred::Related {
                via,
                target,
                pred: inner,
            } => {
                let a = self.alias();
                let table = target.as_str();
                match self.shapes.related(p) {
                    RelatedShape::In => self.sql(&format!(
                        "{q}.{via} IN (SELECT {a}.id FROM {table} {a} WHERE {a}.deleted_at IS NULL AND "
                    )),
                    // a scalar subquery, not EXISTS: SQLite turns EXISTS into a join it may
                    // start from the related table, which is what this shape is there to avoid
                    RelatedShape::Correlated => self.sql(&format!(
                        "(SELECT 1 FROM {table} {a} WHERE {a}.id = {q}.{via} AND {a}.deleted_at IS NULL AND "
                    )),
                }
                self.pred(inner, *target, &a);
                self.sql(match self.shapes.related(p) {
                    RelatedShape::In => ")",
                    RelatedShape::Correlated => ") = 1",
                });
            }
            Pred::Search { words } => {
                self.sql("(");
                for (i, word) in words.iter().enumerate() {
                    if i > 0 {
                        self.sql(" AND ");
                    }
                    self.search_word(entity, q, word);
                }
                self.sql(")");
            }
        }
    }

    fn money(&mut self, q: &str, column: &str, tests: &[MoneyTest; 3]) {
        let quoted = |codes: &[&str]| {
            codes
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (zero, three) = (
            quoted(&crate::domain::money::ZERO_DECIMALS),
            quoted(&crate::domain::money::THREE_DECIMALS),
        );
        let groups = [
            format!("{q}.currency IN ({zero})"),
            format!("{q}.currency NOT IN ({zero}, {three})"),
            format!("{q}.currency IN ({three})"),
        ];
        self.sql("(");
        for (i, (group, test)) in groups.iter().zip(tests).enumerate() {
            if i > 0 {
                self.sql(" OR ");
            }
            self.sql(&format!("({group} AND "));
            match test {
                MoneyTest::Never => self.sql("1 = 0"),
                // every amount differs from a fractional one, but a missing amount is no amount
                MoneyTest::Always => self.sql(&format!("{q}.{column} IS NOT NULL")),
                MoneyTest::Cmp(op, v) => {
                    self.sql(&format!("{q}.{column} {} ", op.sql()));
                    self.bind(Bind::Int(*v));
                }
            }
            self.sql(")");
        }
        self.sql(")");
    }

    /// The money test as one comparison of the amount in thousandths of a major unit, written
    /// exactly as the expression of SQLite's `…_value_norm_live_idx` indexes ([`money_norm`]).
    /// The 3-decimal test is always the amount in thousandths with the original operator, and
    /// the other two groups' tests are that comparison rounded to their minor units, so this
    /// selects the same rows as [`Self::money`].
    fn money_normalized(&mut self, q: &str, column: &str, tests: &[MoneyTest; 3]) {
        let MoneyTest::Cmp(op, thousandths) = tests[2] else {
            self.money(q, column, tests);
            return;
        };
        self.sql(&format!("{} {} ", money_norm(q, column), op.sql()));
        self.bind(Bind::Int(thousandths));
    }

    /// One search word: a substring of one of the entity's search columns, ignoring ASCII case.
    /// SQLite answers words of three or more characters from the FTS5 trigram index.
    fn search_word(&mut self, entity: Entity, q: &str, word: &str) {
        let fts = match entity {
            Entity::Companies => Some("companies_fts"),
            Entity::Contacts => Some("contacts_fts"),
            _ => None,
        };
        if let (BackendKind::Sqlite, Some(fts), true) =
            (self.backend, fts, word.chars().count() >= 3)
        {
            self.sql(&format!(
                "{q}.seq IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
            ));
            self.bind(Bind::Text(format!("\"{}\"", word.replace('"', "\"\""))));
            self.sql(")");
            return;
        }
        let mut escaped = String::new();
        for ch in word.chars() {
            if matches!(ch, '%' | '_' | '\\') {
                escaped.push('\\');
            }
            escaped.push(ch);
        }
        let pattern = format!("%{escaped}%");
        let columns = catalogue::search_columns(entity);
        self.sql("(");
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                self.sql(" OR ");
            }
            self.column(q, column, true);
            self.sql(" LIKE ");
            self.bind(Bind::Text(pattern.clone()));
            self.sql(" ESCAPE '\\'");
        }
        self.sql(")");
    }
}

/// `column` of table `q` in thousandths of a major unit of the row's currency: the expression
/// SQLite's `deals_value_norm_live_idx` / `companies_revenue_norm_live_idx` index (the migration
/// `2026-11-22-000002_statistics` spells it out; a test compares the two).
pub fn money_norm(q: &str, column: &str) -> String {
    let quoted = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "({q}.{column} * CASE WHEN {q}.currency IN ({}) THEN 1000 WHEN {q}.currency IN ({}) THEN 1 ELSE 10 END)",
        quoted(&crate::domain::money::ZERO_DECIMALS),
        quoted(&crate::domain::money::THREE_DECIMALS)
    )
}
