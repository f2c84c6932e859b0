//! A contact (a person) as the user edits it. A contact may belong to one company and may be that
//! company's primary contact; the repository keeps at most one primary per company.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{Channel, CompanyId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContactDraft {
    pub company_id: Option<CompanyId>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A mobile number besides the main phone (E.164 once validated).
    pub mobile_phone: Option<String>,
    pub title: Option<String>,
    /// The company's main contact; needs `company_id`.
    pub is_primary: bool,
    pub preferred_channel: Channel,
    pub do_not_contact: bool,
    pub owner_id: Option<UserId>,
    pub notes: Option<String>,
}

impl ContactDraft {
    pub fn new(first_name: impl Into<String>) -> Self {
        ContactDraft {
            company_id: None,
            first_name: first_name.into(),
            last_name: None,
            email: None,
            phone: None,
            mobile_phone: None,
            title: None,
            is_primary: false,
            preferred_channel: Channel::Email,
            do_not_contact: false,
            owner_id: None,
            notes: None,
        }
    }

    /// Check every field; on success the values are normalized (trimmed text, lower-cased email,
    /// E.164 phone).
    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let first_name = e.check(v::required_text("first_name", &self.first_name, 100));
        let last_name = e
            .check(v::optional_text(
                "last_name",
                self.last_name.as_deref(),
                100,
            ))
            .flatten();
        let email = e
            .check(v::optional_email("email", self.email.as_deref()))
            .flatten();
        let phone = e
            .check(v::optional_phone("phone", self.phone.as_deref(), None))
            .flatten();
        let mobile_phone = e
            .check(v::optional_phone(
                "mobile_phone",
                self.mobile_phone.as_deref(),
                None,
            ))
            .flatten();
        let title = e
            .check(v::optional_text("title", self.title.as_deref(), 100))
            .flatten();
        if self.is_primary && self.company_id.is_none() {
            e.push(FieldError::new(
                "is_primary",
                "only a contact of a company can be its primary contact (set company_id)",
            ));
        }
        let notes = e
            .check(v::optional_text("notes", self.notes.as_deref(), 100_000))
            .flatten();
        let draft = ContactDraft {
            company_id: self.company_id,
            first_name: first_name.unwrap_or_default(),
            last_name,
            email,
            phone,
            mobile_phone,
            title,
            is_primary: self.is_primary,
            preferred_channel: self.preferred_channel,
            do_not_contact: self.do_not_contact,
            owner_id: self.owner_id,
            notes,
        };
        e.into_result(draft)
    }

    /// Set one field from text, as typed on the command line (`--set title=CTO`). An empty value
    /// clears an optional field.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Contacts, field);
        let opt = || Some(value.to_string()).filter(|s| !s.trim().is_empty());
        match field {
            "first_name" => self.first_name = value.to_string(),
            "last_name" => self.last_name = opt(),
            "email" => self.email = opt(),
            "phone" => self.phone = opt(),
            "mobile_phone" => self.mobile_phone = opt(),
            "title" => self.title = opt(),
            "notes" => self.notes = opt(),
            "is_primary" | "primary" => self.is_primary = super::parse_bool("is_primary", value)?,
            "preferred_channel" | "channel" => {
                self.preferred_channel = super::parse_required("preferred_channel", value)?
            }
            "do_not_contact" | "dnc" => {
                self.do_not_contact = super::parse_bool("do_not_contact", value)?
            }
            "company" | "company_id" => self.company_id = super::parse_id("company_id", value)?,
            "owner" | "owner_id" => self.owner_id = super::parse_id("owner_id", value)?,
            other => {
                return Err(super::fields::unknown(
                    super::Entity::Contacts,
                    "contacts",
                    other,
                ))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_set_field_by_field() {
        let mut d = ContactDraft::new("Ann");
        d.set("last_name", "Lee").unwrap();
        d.set("channel", "SMS").unwrap();
        d.set("dnc", "yes").unwrap();
        d.set("email", "  ").unwrap();
        let acme = CompanyId::new();
        d.set("company", &acme.to_string()).unwrap();
        d.set("primary", "true").unwrap();
        assert_eq!(d.last_name.as_deref(), Some("Lee"));
        assert_eq!(d.preferred_channel, Channel::Sms);
        assert!(d.do_not_contact && d.is_primary);
        assert_eq!(d.email, None);
        assert_eq!(d.company_id, Some(acme));
        let err = d.set("channel", "pigeon").unwrap_err();
        assert_eq!(err.field, "preferred_channel");
        assert_eq!(d.set("company", "acme").unwrap_err().field, "company_id");
        assert_eq!(d.set("dnc", "maybe").unwrap_err().field, "do_not_contact");
        let err = d.set("nickname", "x").unwrap_err().to_string();
        assert!(
            err.starts_with("field: contacts have no field 'nickname' (fields: "),
            "{err}"
        );
    }
}
