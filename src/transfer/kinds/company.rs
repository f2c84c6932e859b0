//! Companies: matched by domain, name or email; a parent may be a company earlier in the file.

use super::{invalid, keyed, stamps, Extras, ImportKind, NewCx};
use crate::db::models::{Company, CompanyFields, NewCompany};
use crate::db::repo::{self, matching};
use crate::db::{DbConn, DbError};
use crate::domain::validate as v;
use crate::domain::{
    CompanyDraft, CompanyId, Entity, FieldError, Id, Tagged, UserId, ValidationErrors,
};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;
use crate::transfer::values::fold;

pub struct Companies;

impl ImportKind for Companies {
    const ENTITY: Entity = Entity::Companies;
    const KEYS: &'static [MatchKey] = &[MatchKey::Domain, MatchKey::Name, MatchKey::Email];
    type Draft = CompanyDraft;
    type Row = Company;
    type New = NewCompany;

    fn blank(_: &Resolver) -> CompanyDraft {
        CompanyDraft::new("")
    }
    fn draft_of(row: &Company) -> CompanyDraft {
        row.fields.clone().into()
    }
    fn state(row: &Company) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn set(d: &mut CompanyDraft, field: &str, value: &str) -> Result<(), FieldError> {
        d.set(field, value)
    }
    fn validated(d: CompanyDraft) -> Result<CompanyDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Domain => cell("domain").and_then(|d| v::domain_name("domain", &d).ok()),
            MatchKey::Name => cell("name").map(|n| fold(&n)),
            MatchKey::Email => cell("email").and_then(|e| v::email("email", &e).ok()),
        }
    }

    fn find(
        conn: &mut DbConn,
        m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Company)>, DbError> {
        let lower = |s: &Option<String>| s.as_ref().map(|x| x.to_lowercase());
        match m {
            MatchKey::Domain => Ok(keyed(
                matching::companies_by_domain(conn, keys)?,
                |c: &Company| lower(&c.fields.domain),
            )),
            MatchKey::Email => Ok(keyed(
                matching::companies_by_email(conn, keys)?,
                |c: &Company| lower(&c.fields.email),
            )),
            MatchKey::Name => Ok(keyed(
                matching::companies_by_name(conn, keys)?,
                |c: &Company| Some(fold(&c.fields.name)),
            )),
        }
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Company>, DbError> {
        matching::companies_by_ids(conn, ids)
    }

    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: CompanyDraft,
    ) -> Result<Company, DbError> {
        repo::company::update(conn, actor, CompanyId(id), version, d)
    }

    fn new_record(
        cx: &mut NewCx<'_>,
        d: CompanyDraft,
        x: &Extras,
    ) -> Result<NewCompany, ValidationErrors> {
        let (id, created_at, updated_at) = stamps(x, cx.now);
        if d.parent_id == Some(CompanyId(id)) {
            return Err(invalid("parent_id", "a company cannot be its own parent"));
        }
        Ok(NewCompany {
            id: CompanyId(id),
            fields: CompanyFields::from(d),
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewCompany) -> Id {
        n.id.id()
    }
    fn changes(n: &NewCompany, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewCompany]) -> Result<(), DbError> {
        crate::db::bulk::flat::insert_companies(conn, rows)
    }
    fn accepted(r: &mut Resolver, n: &NewCompany) {
        r.add_company(n.id, &n.fields.name, n.fields.domain.as_deref());
    }
    fn tagged(id: Id) -> Option<Tagged> {
        Some(Tagged::Company(CompanyId(id)))
    }
}
