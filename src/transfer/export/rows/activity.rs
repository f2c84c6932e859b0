//! Activities: every field, the company, contact and deal they are about by name and id.

use super::{id, name_of, opt, text, time, Cell, Lookups, Refs, Related, Row};
use crate::db::models::Activity;
use crate::db::record::Activities;
use crate::domain::{CompanyId, ContactId, DealId};

impl Row for Activity {
    type Record = Activities;

    fn id(&self) -> crate::domain::Id {
        self.id.id()
    }

    fn refs(&self) -> Refs {
        Refs {
            company: self.fields.company_id,
            contact: self.fields.contact_id,
            deal: self.fields.deal_id,
        }
    }

    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(f.kind.as_str()),
            text(&f.subject),
            opt(&f.body),
            f.outcome.map(|o| text(o.as_str())).unwrap_or(Cell::Null),
            name_of(&related.companies, f.company_id.map(CompanyId::id)),
            id(&f.company_id),
            name_of(&related.contacts, f.contact_id.map(ContactId::id)),
            id(&f.contact_id),
            name_of(&related.deals, f.deal_id.map(DealId::id)),
            id(&f.deal_id),
            name_of(&l.users, f.owner_id.map(|u| u.id())),
            name_of(&l.users, f.assignee_id.map(|u| u.id())),
            time(f.due_at),
            time(f.completed_at),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
}
