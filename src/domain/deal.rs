//! A deal as the user edits it. Its status is not editable: the repository derives it from the kind
//! of the deal's pipeline stage (see [`super::StageKind::deal_status`]), with `closed_at`.

use chrono::NaiveDate;

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{money, CompanyId, ContactId, Priority, StageId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DealDraft {
    pub title: String,
    pub company_id: Option<CompanyId>,
    pub contact_id: Option<ContactId>,
    pub stage_id: StageId,
    /// Minor units of `currency`.
    pub value: i64,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    /// Overrides the stage's win probability, in percent.
    pub probability: Option<i32>,
    pub priority: Priority,
    pub owner_id: Option<UserId>,
    /// Only a lost deal has one.
    pub lost_reason: Option<String>,
}

impl DealDraft {
    pub fn new(title: impl Into<String>, stage_id: StageId) -> Self {
        DealDraft {
            title: title.into(),
            company_id: None,
            contact_id: None,
            stage_id,
            value: 0,
            currency: "USD".into(),
            expected_close: None,
            probability: None,
            priority: Priority::Medium,
            owner_id: None,
            lost_reason: None,
        }
    }

    /// Check every field; on success the values are normalized (trimmed text, upper-case currency).
    /// Whether a lost reason is allowed depends on the stage, which the repository checks.
    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = e.check(v::required_text("title", &self.title, 200));
        let value = e.check(
            v::non_negative("value", self.value)
                .and_then(|m| money::bounded("value", m, &self.currency)),
        );
        let currency = e.check(v::currency("currency", &self.currency));
        let probability = match self.probability {
            Some(p) => e
                .check(v::probability("probability", p.into()))
                .map(i32::from),
            None => None,
        };
        let lost_reason = e
            .check(v::optional_text(
                "lost_reason",
                self.lost_reason.as_deref(),
                1000,
            ))
            .flatten();
        let draft = DealDraft {
            title: title.unwrap_or_default(),
            company_id: self.company_id,
            contact_id: self.contact_id,
            stage_id: self.stage_id,
            value: value.unwrap_or_default(),
            currency: currency.unwrap_or_default(),
            expected_close: self.expected_close,
            probability,
            priority: self.priority,
            owner_id: self.owner_id,
            lost_reason,
        };
        e.into_result(draft)
    }

    /// Set one field from text, as typed on the command line (`--set value=12,500.00`). An empty
    /// value clears an optional field. The value is read in major units of the current currency,
    /// so set `currency` first when changing both.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Deals, field);
        let opt = || Some(value.to_string()).filter(|s| !s.trim().is_empty());
        match field {
            "title" => self.title = value.to_string(),
            "currency" => self.currency = value.to_string(),
            "lost_reason" => self.lost_reason = opt(),
            "value" | "amount" => {
                self.value = match opt() {
                    Some(v) => money::parse_amount("value", &v, &self.currency)?,
                    None => 0,
                }
            }
            "expected_close" | "close" => {
                self.expected_close = match opt() {
                    Some(d) => Some(v::date("expected_close", &d)?),
                    None => None,
                }
            }
            "probability" => {
                self.probability = match opt() {
                    Some(p) => {
                        let n: i64 =
                            p.trim().trim_end_matches('%').trim().parse().map_err(|_| {
                                FieldError::new(
                                    "probability",
                                    format!("'{p}' is not a whole number"),
                                )
                            })?;
                        Some(v::probability("probability", n)?.into())
                    }
                    None => None,
                }
            }
            "priority" => self.priority = super::parse_required("priority", value)?,
            "stage" | "stage_id" => {
                self.stage_id = super::parse_id("stage_id", value)?
                    .ok_or_else(|| FieldError::new("stage_id", "is required"))?
            }
            "company" | "company_id" => self.company_id = super::parse_id("company_id", value)?,
            "contact" | "contact_id" => self.contact_id = super::parse_id("contact_id", value)?,
            "owner" | "owner_id" => self.owner_id = super::parse_id("owner_id", value)?,
            other => return Err(super::fields::unknown(super::Entity::Deals, "deals", other)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_set_field_by_field() {
        let stage = StageId::new();
        let mut d = DealDraft::new("X", stage);
        d.set("value", "12,500.50").unwrap();
        assert_eq!(d.value, 1_250_050);
        d.set("currency", "jpy").unwrap();
        d.set("value", "¥1,000").unwrap();
        assert_eq!(d.value, 1_000);
        d.set("close", "2026-02-28").unwrap();
        assert_eq!(d.expected_close, NaiveDate::from_ymd_opt(2026, 2, 28));
        d.set("probability", "75%").unwrap();
        assert_eq!(d.probability, Some(75));
        d.set("probability", "").unwrap();
        assert_eq!(d.probability, None);
        d.set("priority", "HIGH").unwrap();
        assert_eq!(d.priority, Priority::High);
        assert_eq!(
            d.set("probability", "150").unwrap_err().field,
            "probability"
        );
        assert_eq!(
            d.set("close", "2026-02-30").unwrap_err().field,
            "expected_close"
        );
        assert_eq!(
            d.set("stage", "").unwrap_err().to_string(),
            "stage_id: is required"
        );
        assert_eq!(d.stage_id, stage);
        let err = d.set("status", "won").unwrap_err().to_string();
        assert!(
            err.starts_with(
                "field: 'status' cannot be set on deals: a deal's status follows its stage"
            ),
            "{err}"
        );
    }
}
