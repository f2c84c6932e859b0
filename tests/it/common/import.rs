//! Import test helpers: fixture paths, running an import, reading contacts back.

use std::path::PathBuf;

use diesel::prelude::*;
use rolo::db::models::{Company, Contact};
use rolo::db::schema::{companies, contacts};
use rolo::db::DbConn;
use rolo::domain::Entity;
use rolo::transfer::{self, ImportOptions, Report};

use super::TestDb;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

pub fn import(
    db: &TestDb,
    entity: Entity,
    path: PathBuf,
    tweak: impl FnOnce(&mut ImportOptions),
) -> Report {
    let mut o = ImportOptions::new(entity, path);
    tweak(&mut o);
    transfer::import(&mut db.conn(), &o).expect("import runs")
}

pub fn live_contacts(conn: &mut DbConn) -> Vec<Contact> {
    contacts::table
        .filter(contacts::deleted_at.is_null())
        .order(contacts::id)
        .select(Contact::as_select())
        .load(conn)
        .unwrap()
}

pub fn by_email(conn: &mut DbConn, email: &str) -> Contact {
    live_contacts(conn)
        .into_iter()
        .find(|c| c.fields.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("no contact {email}"))
}

pub fn company_name(conn: &mut DbConn, c: &Contact) -> Option<String> {
    let id = c.fields.company_id?;
    let company: Company = companies::table
        .find(id)
        .select(Company::as_select())
        .first(conn)
        .unwrap();
    Some(company.fields.name)
}
