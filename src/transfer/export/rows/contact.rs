//! Contacts: every field, the company by name and id, the owner by email, tags.

use diesel::prelude::*;

use super::{id, name_of, opt, tag_cell, text, time, Cell, Lookups, Refs, Related, Row};
use crate::db::models::Contact;
use crate::db::schema::{contact_tags, contacts};
use crate::domain::CompanyId;

pub const CONTACT_COLUMNS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "title",
    "company",
    "company_id",
    "is_primary",
    "preferred_channel",
    "do_not_contact",
    "owner",
    "notes",
    "tags",
    "created_at",
    "updated_at",
    "external_source",
    "external_id",
];

impl Row for Contact {
    const EXTERNAL: Option<crate::domain::Entity> = Some(crate::domain::Entity::Contacts);

    rows_of!(contacts, ContactId, tags: contact_tags.contact_id);

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
