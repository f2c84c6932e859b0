//! Filter errors carry the span of the offending text, a reason, and (when there is one) the
//! nearest valid alternative.

use super::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    pub span: Span,
    /// e.g. "unknown field 'industy' — did you mean 'industry'?"
    pub message: String,
}

impl FilterError {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        FilterError {
            span,
            message: message.into(),
        }
    }

    /// The filter, a caret line under the span, and the message:
    /// ```text
    /// industy:software
    /// ^^^^^^^ unknown field 'industy' — did you mean 'industry'?
    /// ```
    pub fn render(&self, input: &str) -> String {
        let start = input[..self.span.start.min(input.len())].chars().count();
        let width = input
            .get(self.span.start.min(input.len())..self.span.end.min(input.len()))
            .map(|s| s.chars().count())
            .unwrap_or(0)
            .max(1);
        format!(
            "{input}\n{}{} {}",
            " ".repeat(start),
            "^".repeat(width),
            self.message
        )
    }
}

/// The candidate nearest to `wanted` (edit distance), if it is close enough to be a likely typo.
pub use crate::domain::fields::nearest;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_sit_under_the_span() {
        let e = FilterError::new(
            Span::new(6, 13),
            "unknown field 'industy' — did you mean 'industry'?",
        );
        assert_eq!(
            e.render("value>industy:software"),
            "value>industy:software\n      ^^^^^^^ unknown field 'industy' — did you mean 'industry'?"
        );
    }

    #[test]
    fn nearest_finds_typos_only() {
        assert_eq!(
            nearest("industy", ["industry", "status", "size"]),
            Some("industry")
        );
        assert_eq!(nearest("zzz", ["industry", "status"]), None);
    }
}
