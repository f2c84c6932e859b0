//! Money conditions: a test per currency group on minor units, or on SQLite one comparison of
//! the normalized amount that its `…_norm_live_idx` indexes serve.

use super::{Bind, Writer};
use crate::db::BackendKind;
use crate::filter::pred::{MoneyTest, Pred};
use crate::filter::shape::MoneyShape;

impl Writer<'_> {
    /// The shape chosen for this condition decides how it is written.
    pub(super) fn money_condition(
        &mut self,
        p: &Pred,
        q: &str,
        column: &str,
        tests: &[MoneyTest; 3],
    ) {
        match self.shapes.money(p) {
            MoneyShape::Normalized if self.backend == BackendKind::Sqlite => {
                self.money_normalized(q, column, tests)
            }
            _ => self.money(q, column, tests),
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
