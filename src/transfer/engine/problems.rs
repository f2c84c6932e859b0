//! What the report says about a row that is not written: a skipped duplicate, or an invalid row
//! with each problem under the column(s) of the file that feed the field. An invalid row stops
//! the writing unless invalid rows are skipped (then it goes to the rejects file).

use super::Engine;
use crate::domain::ValidationErrors;
use crate::transfer::kinds::ImportKind;
use crate::transfer::rejects::Reject;
use crate::transfer::report::{Problem, Skipped};
use crate::transfer::source::SourceRow;

impl<K: ImportKind> Engine<'_, K> {
    pub(super) fn skip(&mut self, line: u64, reason: String) {
        self.report.duplicates += 1;
        self.report.skipped.push(Skipped { line, reason });
    }

    pub(super) fn problem(
        &self,
        line: u64,
        column: Option<String>,
        field: Option<&str>,
        reason: String,
    ) -> Problem {
        Problem {
            line,
            column,
            field: field.map(String::from),
            reason,
        }
    }

    pub(super) fn invalid(&mut self, row: &SourceRow, problems: Vec<Problem>) {
        self.report.invalid += 1;
        if self.s.skip_invalid {
            let reason: Vec<String> = problems.iter().map(ToString::to_string).collect();
            self.rejects.push(Reject {
                span: row.span.clone(),
                width: row.width,
                reason: reason.join("; "),
            });
        } else if self.writing {
            self.writing = false;
            self.writer.clear();
            self.forget_pending_external();
        }
        self.report.problems.extend(problems);
    }

    /// Field errors of a draft as problems naming the column(s) that feed each field.
    pub(super) fn field_problems(&self, line: u64, errors: ValidationErrors) -> Vec<Problem> {
        errors
            .0
            .into_iter()
            .map(|e| {
                let fed_by: Vec<&str> = match e.field {
                    "company_id" => vec!["company_id", "company"],
                    "parent_id" => vec!["parent_id", "parent"],
                    "contact_id" => vec!["contact_id", "contact"],
                    "deal_id" => vec!["deal_id", "deal"],
                    "owner_id" => vec!["owner"],
                    "assignee_id" => vec!["assignee"],
                    "stage_id" => vec!["stage"],
                    "first_name" => vec!["first_name", "full_name"],
                    "last_name" => vec!["last_name", "full_name"],
                    crate::domain::activity::LINKS => {
                        vec![
                            "company",
                            "company_id",
                            "contact",
                            "contact_id",
                            "deal",
                            "deal_id",
                        ]
                    }
                    other => vec![other],
                };
                let labels: Vec<String> = fed_by
                    .iter()
                    .filter_map(|n| self.columns.get(n).map(|c| self.label(*c)))
                    .collect();
                let mut reason = e.reason;
                if labels.is_empty() && reason == "is required" {
                    reason = format!("is required, and no column of the file gives {}", e.field);
                }
                let column = (!labels.is_empty()).then(|| labels.join("', '"));
                Problem {
                    line,
                    column,
                    field: Some(e.field.to_string()),
                    reason,
                }
            })
            .collect()
    }
}
