//! Contacts: every field, the company by name and id, the owner by email, tags.

use super::{id, name_of, opt, tag_cell, text, time, Cell, Lookups, Refs, Related, Row};
use crate::db::models::Contact;
use crate::db::record::Contacts;
use crate::domain::CompanyId;

impl Row for Contact {
    type Record = Contacts;
    const TAGGED: bool = true;
    const EXTERNAL: bool = true;

    fn id(&self) -> crate::domain::Id {
        self.id.id()
    }

    fn refs(&self) -> Refs {
        Refs {
            company: self.fields.company_id,
            ..Refs::default()
        }
    }

    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(&f.first_name),
            opt(&f.last_name),
            opt(&f.email),
            opt(&f.phone),
            opt(&f.mobile_phone),
            opt(&f.title),
            name_of(&related.companies, f.company_id.map(CompanyId::id)),
            id(&f.company_id),
            Cell::Bool(f.is_primary),
            text(f.preferred_channel.as_str()),
            Cell::Bool(f.do_not_contact),
            name_of(&l.users, f.owner_id.map(|u| u.id())),
            opt(&f.notes),
            tag_cell(&related.tags, self.id.id()),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
}
