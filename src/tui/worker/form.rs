//! A form's database work: read a record to edit, find picker candidates, and save — the record
//! through its repository and its tags with `repo::tag`, in one transaction, checked against the
//! version the form was read at. A conflict comes back with the record as it is now.

use super::{names, pick};
use crate::app::Ctx;
use crate::db::access::{ensure_visible, Access};
use crate::db::repo;
use crate::db::repo::names::Named;
use crate::db::{write_transaction, DbConn, DbError};
use crate::domain::zone::Zone;
use crate::domain::{
    ActivityId, CompanyId, ContactId, DealId, Entity, Id, StageId, Tagged, UserId,
};
use crate::tui::action::Action;
use crate::tui::forms::{
    self, FormAction, FormDraft, FormEffect, FormKind, FormRecord, Ref, SaveFailure, SaveRequest,
    Saved,
};

pub(super) fn run(job: super::Job<'_>, effect: FormEffect) -> Action {
    let ctx = job.ctx;
    Action::Form(match effect {
        FormEffect::Load { kind, req, id } => FormAction::Loaded {
            req,
            result: job
                .with_conn(|c| load(c, &ctx.access, kind, id, ctx.zone).map_err(|e| e.to_string())),
        },
        FormEffect::Pick {
            req, kind, query, ..
        } => FormAction::Picked {
            req,
            result: job
                .with_conn(|c| pick::candidates(ctx, c, kind, &query).map_err(|e| e.to_string())),
        },
        FormEffect::Save(request) => FormAction::Saved {
            req: request.req,
            result: job.with_conn(|c| save(ctx, c, *request)),
        },
    })
}

fn user_ref(conn: &mut DbConn, id: Option<UserId>) -> Result<Option<Ref>, DbError> {
    let found = names::users(conn, [id])?;
    Ok(id.map(|id| Ref {
        id: id.id(),
        label: found.get(&id).cloned().unwrap_or_else(|| id.to_string()),
    }))
}

/// The link to a company, contact or deal as the form shows it: its name, or [`names::HIDDEN`]
/// when the acting user may not see it (the link itself is kept, so saving leaves it as it is).
fn visible_ref<K: Named + Into<Id>>(
    conn: &mut DbConn,
    access: &Access,
    entity: Entity,
    id: Option<K>,
) -> Result<Option<Ref>, DbError> {
    Ok(named(id, &names::visible(conn, access, entity, [id])?))
}

fn named<K: Copy + Eq + std::hash::Hash + Into<Id>>(
    id: Option<K>,
    found: &std::collections::HashMap<K, String>,
) -> Option<Ref> {
    id.map(|k| Ref {
        id: k.into(),
        label: names::of(found, Some(k)),
    })
}

fn stage_ref(conn: &mut DbConn, id: StageId) -> Result<Option<Ref>, DbError> {
    Ok(named(Some(id), &names::stages(conn)?))
}

/// A live record as a form's values; times shown in `zone` (the session's). A record `access`
/// may not see is not found, and the names of linked records it may not see are left out.
pub fn load(
    conn: &mut DbConn,
    access: &Access,
    kind: FormKind,
    id: Id,
    zone: Zone,
) -> Result<FormRecord, DbError> {
    ensure_visible(conn, access, kind.entity(), id)?;
    match kind {
        FormKind::Company => {
            let c = repo::company::get_live(conn, CompanyId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Company(c.id))?;
            let owner = user_ref(conn, c.fields.owner_id)?;
            let parent = visible_ref(conn, access, Entity::Companies, c.fields.parent_id)?;
            Ok(FormRecord {
                id,
                version: c.version,
                label: c.fields.name.clone(),
                values: forms::company::values(&c, &tags, owner, parent),
            })
        }
        FormKind::Contact => {
            let c = repo::contact::get_live(conn, ContactId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Contact(c.id))?;
            let owner = user_ref(conn, c.fields.owner_id)?;
            let company = visible_ref(conn, access, Entity::Companies, c.fields.company_id)?;
            Ok(FormRecord {
                id,
                version: c.version,
                label: names::full_name(&c.fields.first_name, c.fields.last_name.as_deref()),
                values: forms::contact::values(&c, &tags, owner, company),
            })
        }
        FormKind::Deal => {
            let d = repo::deal::get_live(conn, DealId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Deal(d.id))?;
            let refs = forms::deal::Refs {
                stage: stage_ref(conn, d.fields.stage_id)?,
                company: visible_ref(conn, access, Entity::Companies, d.fields.company_id)?,
                contact: visible_ref(conn, access, Entity::Contacts, d.fields.contact_id)?,
                owner: user_ref(conn, d.fields.owner_id)?,
            };
            Ok(FormRecord {
                id,
                version: d.version,
                label: d.fields.title.clone(),
                values: forms::deal::values(&d, &tags, refs),
            })
        }
        FormKind::Activity => {
            let a = repo::activity::get_live(conn, ActivityId(id))?;
            let links = forms::activity::Links {
                company: visible_ref(conn, access, Entity::Companies, a.fields.company_id)?,
                contact: visible_ref(conn, access, Entity::Contacts, a.fields.contact_id)?,
                deal: visible_ref(conn, access, Entity::Deals, a.fields.deal_id)?,
                owner: user_ref(conn, a.fields.owner_id)?,
                assignee: user_ref(conn, a.fields.assignee_id)?,
            };
            Ok(FormRecord {
                id,
                version: a.version,
                label: a.fields.subject.clone(),
                values: forms::activity::values(&a, links, zone),
            })
        }
        FormKind::User => super::user_form::load(conn, id),
        FormKind::Stage => {
            let s = repo::stage::get_live(conn, StageId(id))?;
            Ok(FormRecord {
                id,
                version: s.version,
                label: s.fields.name.clone(),
                values: forms::stage::values(&s.fields),
            })
        }
    }
}

/// Create or update the record and set its tags, all or nothing.
pub fn save(ctx: &Ctx, conn: &mut DbConn, r: SaveRequest) -> Result<Saved, SaveFailure> {
    let (kind, id) = (r.kind, r.id);
    let result = write_transaction(conn, |conn| write(conn, ctx.actor, r));
    match result {
        Ok(saved) => Ok(saved),
        Err(DbError::Invalid { entity, errors }) => Err(SaveFailure::Invalid(
            errors
                .0
                .into_iter()
                .map(|e| {
                    // a tag's own field is the form's tags field
                    let field = if entity == Entity::Tags {
                        "tags"
                    } else {
                        e.field
                    };
                    (field.to_string(), e.reason)
                })
                .collect(),
        )),
        // a stage holding deals keeps its kind; a stage name is unique: said next to the field
        Err(DbError::InUse { reason, .. }) if kind == FormKind::Stage => {
            Err(SaveFailure::Invalid(vec![("kind".into(), reason)]))
        }
        Err(DbError::Duplicate(reason)) if kind == FormKind::Stage => {
            Err(SaveFailure::Invalid(vec![("name".into(), reason)]))
        }
        // a user's email is unique among live users
        Err(DbError::Duplicate(reason)) if kind == FormKind::User => {
            Err(SaveFailure::Invalid(vec![("email".into(), reason)]))
        }
        Err(conflict @ DbError::Conflict { .. }) => {
            match id.map(|id| load(conn, &ctx.access, kind, id, ctx.zone)) {
                Some(Ok(theirs)) => Err(SaveFailure::Conflict(Box::new(theirs))),
                Some(Err(e)) => Err(SaveFailure::Other(format!(
                    "{conflict}; and reading it failed: {e}"
                ))),
                None => Err(SaveFailure::Other(conflict.to_string())),
            }
        }
        Err(e) => Err(SaveFailure::Other(e.to_string())),
    }
}

fn write(conn: &mut DbConn, actor: Option<UserId>, r: SaveRequest) -> Result<Saved, DbError> {
    let pane = r.kind.pane();
    let version = |v: Option<i32>| {
        v.ok_or_else(|| DbError::Constraint("an edit without the version it was read at".into()))
    };
    let (id, version, label, target) = match (r.draft, r.id) {
        (FormDraft::Company(d), None) => {
            let c = repo::company::create(conn, actor, *d)?;
            (c.id.id(), c.version, c.fields.name, Tagged::Company(c.id))
        }
        (FormDraft::Company(d), Some(id)) => {
            let c = repo::company::update(conn, actor, CompanyId(id), version(r.version)?, *d)?;
            (c.id.id(), c.version, c.fields.name, Tagged::Company(c.id))
        }
        (FormDraft::Contact(d), None) => {
            let c = repo::contact::create(conn, actor, *d)?;
            let name = names::full_name(&c.fields.first_name, c.fields.last_name.as_deref());
            (c.id.id(), c.version, name, Tagged::Contact(c.id))
        }
        (FormDraft::Contact(d), Some(id)) => {
            let c = repo::contact::update(conn, actor, ContactId(id), version(r.version)?, *d)?;
            let name = names::full_name(&c.fields.first_name, c.fields.last_name.as_deref());
            (c.id.id(), c.version, name, Tagged::Contact(c.id))
        }
        (FormDraft::Deal(d), None) => {
            let d = repo::deal::create(conn, actor, *d)?;
            (d.id.id(), d.version, d.fields.title, Tagged::Deal(d.id))
        }
        (FormDraft::Deal(d), Some(id)) => {
            let d = repo::deal::update(conn, actor, DealId(id), version(r.version)?, *d)?;
            (d.id.id(), d.version, d.fields.title, Tagged::Deal(d.id))
        }
        (FormDraft::Activity(d), None) => {
            let mut d = *d;
            links_from_deal(conn, &mut d);
            let a = repo::activity::create(conn, actor, d)?;
            return Ok(Saved {
                pane,
                id: a.id.id(),
                version: a.version,
                label: a.fields.subject,
            });
        }
        (FormDraft::Activity(d), Some(id)) => {
            let mut d = *d;
            // still done: it keeps the time it was done
            if d.completed_at.is_some() {
                let stored = repo::activity::get_live(conn, ActivityId(id))?;
                d.completed_at = stored.fields.completed_at.or(d.completed_at);
            }
            let a = repo::activity::update(conn, actor, ActivityId(id), version(r.version)?, d)?;
            return Ok(Saved {
                pane,
                id: a.id.id(),
                version: a.version,
                label: a.fields.subject,
            });
        }
        (FormDraft::Stage(d), id) => return save_stage(conn, actor, id, r.version, *d),
        (FormDraft::User(d), id) => return super::user_form::save(conn, actor, id, r.version, *d),
    };
    set_tags(conn, actor, target, &r.tags, &r.tags_before)?;
    Ok(Saved {
        pane,
        id,
        version,
        label,
    })
}

/// An activity logged on a deal is on the deal's company and contact too (so it shows in their
/// timelines), where the form names none. A deal that cannot be read is left to the create to
/// report.
fn links_from_deal(conn: &mut DbConn, d: &mut crate::domain::ActivityDraft) {
    let Some(deal) = d.deal_id.and_then(|id| repo::deal::get(conn, id).ok()) else {
        return;
    };
    if d.company_id.is_none() {
        d.company_id = deal.fields.company_id;
    }
    if d.contact_id.is_none() && d.company_id == deal.fields.company_id {
        d.contact_id = deal.fields.contact_id;
    }
}

/// A stage's position is not on the form: a new stage goes after the last one, an edited one
/// keeps its place (`J`/`K` on the stages screen reorder).
fn save_stage(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: Option<Id>,
    version: Option<i32>,
    mut draft: crate::domain::StageDraft,
) -> Result<Saved, DbError> {
    let s = match id {
        None => {
            let last = repo::stage::live_ordered(conn)?
                .last()
                .map(|s| s.fields.position);
            draft.position = last.map_or(0, |p| p.saturating_add(1));
            repo::stage::create(conn, actor, draft)?
        }
        Some(id) => {
            let version = version.ok_or_else(|| {
                DbError::Constraint("an edit without the version it was read at".into())
            })?;
            draft.position = repo::stage::get_live(conn, StageId(id))?.fields.position;
            repo::stage::update(conn, actor, StageId(id), version, draft)?
        }
    };
    Ok(Saved {
        pane: crate::tui::pane::PaneId::Deals,
        id: s.id.id(),
        version: s.version,
        label: s.fields.name,
    })
}

/// The form's tags: [`crate::app::tags::set_tags`], as `--set tags=…` sets them.
pub use crate::app::tags::set_tags;
