//! Companies: every field, the parent by name and id, the owner by email, tags.

use super::{id, name_of, opt, tag_cell, text, time, Cell, Lookups, Refs, Related, Row};
use crate::db::models::Company;
use crate::db::record::Companies;
use crate::domain::CompanyId;
use crate::transfer::values::major;

impl Row for Company {
    type Record = Companies;
    const TAGGED: bool = true;
    const EXTERNAL: bool = true;

    fn id(&self) -> crate::domain::Id {
        self.id.id()
    }

    fn refs(&self) -> Refs {
        Refs {
            company: self.fields.parent_id,
            ..Refs::default()
        }
    }

    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(&f.name),
            opt(&f.domain),
            opt(&f.website),
            opt(&f.industry),
            f.size.map(|s| text(s.as_str())).unwrap_or(Cell::Null),
            text(f.status.as_str()),
            opt(&f.category),
            opt(&f.phone),
            opt(&f.email),
            opt(&f.billing_street),
            opt(&f.billing_city),
            opt(&f.billing_region),
            opt(&f.billing_postal_code),
            opt(&f.billing_country),
            opt(&f.service_street),
            opt(&f.service_city),
            opt(&f.service_region),
            opt(&f.service_postal_code),
            opt(&f.service_country),
            text(&f.currency),
            f.annual_revenue
                .map(|v| text(&major(v, &f.currency)))
                .unwrap_or(Cell::Null),
            f.employee_count
                .map(|n| Cell::Int(n.into()))
                .unwrap_or(Cell::Null),
            name_of(&related.companies, f.parent_id.map(CompanyId::id)),
            id(&f.parent_id),
            name_of(&l.users, f.owner_id.map(|u| u.id())),
            opt(&f.notes),
            tag_cell(&related.tags, self.id.id()),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
}
