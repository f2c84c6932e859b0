//! A company as the user edits it: every editable field, validated and normalized by `validated`.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{money, CompanyId, CompanySize, CompanyStatus, UserId};

/// A postal address; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

impl Address {
    fn validated(self, prefix: &'static [&'static str; 5], errs: &mut ValidationErrors) -> Self {
        let [street, city, region, postal, country] = *prefix;
        Address {
            street: errs
                .check(v::optional_text(street, self.street.as_deref(), 200))
                .flatten(),
            city: errs
                .check(v::optional_text(city, self.city.as_deref(), 100))
                .flatten(),
            region: errs
                .check(v::optional_text(region, self.region.as_deref(), 100))
                .flatten(),
            postal_code: match self
                .postal_code
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(p) => errs.check(v::postal_code(postal, p)),
                None => None,
            },
            country: match self
                .country
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(c) => errs.check(v::country(country, c)),
                None => None,
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &Address::default()
    }
}

pub const BILLING: [&str; 5] = [
    "billing_street",
    "billing_city",
    "billing_region",
    "billing_postal_code",
    "billing_country",
];
pub const SERVICE: [&str; 5] = [
    "service_street",
    "service_city",
    "service_region",
    "service_postal_code",
    "service_country",
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CompanyDraft {
    pub name: String,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub status: CompanyStatus,
    pub category: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub billing: Address,
    pub service: Address,
    /// Minor units of `currency`.
    pub annual_revenue: Option<i64>,
    pub currency: String,
    pub employee_count: Option<i32>,
    pub parent_id: Option<CompanyId>,
    pub owner_id: Option<UserId>,
    pub notes: Option<String>,
}

impl CompanyDraft {
    pub fn new(name: impl Into<String>) -> Self {
        CompanyDraft {
            name: name.into(),
            domain: None,
            website: None,
            industry: None,
            size: None,
            status: CompanyStatus::Lead,
            category: None,
            phone: None,
            email: None,
            billing: Address::default(),
            service: Address::default(),
            annual_revenue: None,
            currency: "USD".into(),
            employee_count: None,
            parent_id: None,
            owner_id: None,
            notes: None,
        }
    }

    /// Check every field; on success the values are normalized (trimmed, lower-cased email and
    /// domain, E.164 phone, upper-case currency).
    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 200));
        let domain = e
            .check(v::optional_domain("domain", self.domain.as_deref()))
            .flatten();
        let website = match self
            .website
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(w) => e.check(v::url("website", w)),
            None => None,
        };
        let industry = e
            .check(v::optional_text("industry", self.industry.as_deref(), 100))
            .flatten();
        let category = e
            .check(v::optional_text("category", self.category.as_deref(), 100))
            .flatten();
        let phone = e
            .check(v::optional_phone("phone", self.phone.as_deref(), None))
            .flatten();
        let email = e
            .check(v::optional_email("email", self.email.as_deref()))
            .flatten();
        let billing = self.billing.validated(&BILLING, &mut e);
        let service = self.service.validated(&SERVICE, &mut e);
        let currency = e.check(v::currency("currency", &self.currency));
        let annual_revenue = match self.annual_revenue {
            Some(r) => e.check(
                v::non_negative("annual_revenue", r)
                    .and_then(|m| money::bounded("annual_revenue", m, &self.currency)),
            ),
            None => None,
        };
        if let Some(n) = self.employee_count {
            e.check(v::non_negative("employee_count", n.into()));
        }
        let notes = e
            .check(v::optional_text("notes", self.notes.as_deref(), 100_000))
            .flatten();
        let draft = CompanyDraft {
            name: name.unwrap_or_default(),
            domain,
            website,
            industry,
            size: self.size,
            status: self.status,
            category,
            phone,
            email,
            billing,
            service,
            annual_revenue,
            currency: currency.unwrap_or_default(),
            employee_count: self.employee_count,
            parent_id: self.parent_id,
            owner_id: self.owner_id,
            notes,
        };
        e.into_result(draft)
    }

    /// Set one field from text, as typed on the command line (`--set industry=software`).
    /// An empty value clears an optional field. Money is read in major units of the currency.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Companies, field);
        let opt = || Some(value.to_string()).filter(|s| !s.trim().is_empty());
        match field {
            "name" => self.name = value.to_string(),
            "domain" => self.domain = opt(),
            "website" => self.website = opt(),
            "industry" => self.industry = opt(),
            "category" => self.category = opt(),
            "phone" => self.phone = opt(),
            "email" => self.email = opt(),
            "notes" => self.notes = opt(),
            "currency" => self.currency = value.to_string(),
            "size" => self.size = super::parse_optional("size", value)?,
            "status" => self.status = super::parse_required("status", value)?,
            "annual_revenue" | "revenue" => {
                self.annual_revenue = match opt() {
                    Some(v) => Some(money::parse_amount("annual_revenue", &v, &self.currency)?),
                    None => None,
                }
            }
            "employee_count" | "employees" => {
                self.employee_count = match opt() {
                    Some(v) => Some(v.trim().parse().map_err(|_| {
                        FieldError::new("employee_count", format!("'{v}' is not a whole number"))
                    })?),
                    None => None,
                }
            }
            "parent" | "parent_id" => self.parent_id = super::parse_id("parent_id", value)?,
            "owner" | "owner_id" => self.owner_id = super::parse_id("owner_id", value)?,
            other => {
                let address = |prefix: &str| other.strip_prefix(prefix);
                let (addr, part) = if let Some(p) = address("billing_") {
                    (&mut self.billing, p)
                } else if let Some(p) = address("service_") {
                    (&mut self.service, p)
                } else {
                    return Err(unknown_field(other));
                };
                let slot = match part {
                    "street" => &mut addr.street,
                    "city" => &mut addr.city,
                    "region" => &mut addr.region,
                    "postal_code" => &mut addr.postal_code,
                    "country" => &mut addr.country,
                    _ => return Err(unknown_field(other)),
                };
                *slot = opt();
            }
        }
        Ok(())
    }
}

fn unknown_field(field: &str) -> FieldError {
    super::fields::unknown(super::Entity::Companies, "companies", field)
}
