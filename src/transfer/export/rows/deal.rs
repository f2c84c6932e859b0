//! Deals: every field, company, contact (email) and stage by name, the derived status, tags.

use super::{id, name_of, opt, tag_cell, text, time, Cell, Lookups, Refs, Related, Row};
use crate::db::models::Deal;
use crate::db::record::Deals;
use crate::domain::{CompanyId, ContactId};
use crate::transfer::values::major;

impl Row for Deal {
    type Record = Deals;
    const TAGGED: bool = true;
    const EXTERNAL: bool = true;

    fn id(&self) -> crate::domain::Id {
        self.id.id()
    }

    fn refs(&self) -> Refs {
        Refs {
            company: self.fields.company_id,
            contact: self.fields.contact_id,
            ..Refs::default()
        }
    }

    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(&f.title),
            name_of(&related.companies, f.company_id.map(CompanyId::id)),
            id(&f.company_id),
            name_of(&related.contacts, f.contact_id.map(ContactId::id)),
            id(&f.contact_id),
            name_of(&l.stages, Some(f.stage_id.id())),
            text(&f.currency),
            text(&major(f.value, &f.currency)),
            f.expected_close
                .map(|d| text(&d.to_string()))
                .unwrap_or(Cell::Null),
            f.probability
                .map(|p| Cell::Int(p.into()))
                .unwrap_or(Cell::Null),
            text(f.priority.as_str()),
            name_of(&l.users, f.owner_id.map(|u| u.id())),
            opt(&f.lost_reason),
            text(f.status.as_str()),
            time(f.closed_at),
            tag_cell(&related.tags, self.id.id()),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
}
