//! Conditions answered by a subquery: a user by id, email or name; a stage by name; a tag; a
//! condition on a related record.

use super::{Bind, Writer};
use crate::db::BackendKind;
use crate::domain::Entity;
use crate::filter::catalogue;
use crate::filter::pred::{Lit, Pred, UserRef};
use crate::filter::shape::{RelatedShape, TagShape};

impl Writer<'_> {
    pub(super) fn user(&mut self, q: &str, column: &str, who: &[UserRef]) {
        if who.is_empty() {
            // named users resolved to none (`resolve`): nobody's records
            self.sql("1 = 0");
            return;
        }
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

    pub(super) fn stage(&mut self, q: &str, column: &str, names: &[String]) {
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

    pub(super) fn tag(&mut self, p: &Pred, entity: Entity, q: &str, names: &[String]) {
        let Some((join, key)) = catalogue::tag_table(entity) else {
            self.sql("1 = 0");
            return;
        };
        // driven from the (few) tagged rows: `id IN (tagged ids)`, not a probe per row
        let (j, t) = (self.alias(), self.alias());
        let array = self.backend == BackendKind::Postgres && self.shapes.tag(p) == TagShape::Array;
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

    pub(super) fn related(&mut self, p: &Pred, q: &str, via: &str, target: Entity, inner: &Pred) {
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
        self.pred(inner, target, &a);
        self.sql(match self.shapes.related(p) {
            RelatedShape::In => ")",
            RelatedShape::Correlated => ") = 1",
        });
    }
}
