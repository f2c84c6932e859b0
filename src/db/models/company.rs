use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::companies;
use crate::domain::{Address, CompanyDraft, CompanyId, CompanySize, CompanyStatus, UserId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = companies, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CompanyFields {
    pub name: String,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub status: CompanyStatus,
    pub category: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub billing_street: Option<String>,
    pub billing_city: Option<String>,
    pub billing_region: Option<String>,
    pub billing_postal_code: Option<String>,
    pub billing_country: Option<String>,
    pub service_street: Option<String>,
    pub service_city: Option<String>,
    pub service_region: Option<String>,
    pub service_postal_code: Option<String>,
    pub service_country: Option<String>,
    pub annual_revenue: Option<i64>,
    pub currency: String,
    pub employee_count: Option<i32>,
    pub parent_id: Option<CompanyId>,
    pub owner_id: Option<UserId>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = companies)]
pub struct Company {
    pub id: CompanyId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: CompanyFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = companies, treat_none_as_default_value = false)]
pub struct NewCompany {
    pub id: CompanyId,
    #[diesel(embed)]
    pub fields: CompanyFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<CompanyDraft> for CompanyFields {
    fn from(d: CompanyDraft) -> Self {
        CompanyFields {
            name: d.name,
            domain: d.domain,
            website: d.website,
            industry: d.industry,
            size: d.size,
            status: d.status,
            category: d.category,
            phone: d.phone,
            email: d.email,
            billing_street: d.billing.street,
            billing_city: d.billing.city,
            billing_region: d.billing.region,
            billing_postal_code: d.billing.postal_code,
            billing_country: d.billing.country,
            service_street: d.service.street,
            service_city: d.service.city,
            service_region: d.service.region,
            service_postal_code: d.service.postal_code,
            service_country: d.service.country,
            annual_revenue: d.annual_revenue,
            currency: d.currency,
            employee_count: d.employee_count,
            parent_id: d.parent_id,
            owner_id: d.owner_id,
            notes: d.notes,
        }
    }
}

impl From<CompanyFields> for CompanyDraft {
    fn from(f: CompanyFields) -> Self {
        CompanyDraft {
            name: f.name,
            domain: f.domain,
            website: f.website,
            industry: f.industry,
            size: f.size,
            status: f.status,
            category: f.category,
            phone: f.phone,
            email: f.email,
            billing: Address {
                street: f.billing_street,
                city: f.billing_city,
                region: f.billing_region,
                postal_code: f.billing_postal_code,
                country: f.billing_country,
            },
            service: Address {
                street: f.service_street,
                city: f.service_city,
                region: f.service_region,
                postal_code: f.service_postal_code,
                country: f.service_country,
            },
            annual_revenue: f.annual_revenue,
            currency: f.currency,
            employee_count: f.employee_count,
            parent_id: f.parent_id,
            owner_id: f.owner_id,
            notes: f.notes,
        }
    }
}
