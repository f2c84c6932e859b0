//! One row's cells onto a draft: every non-empty imported cell is set on the draft (as the
//! command line's `--set` would set it), related records are resolved to ids, and the draft is
//! validated. Every problem names its line, column and field; all of a row's problems are found.

use super::Engine;
use crate::domain::validate as v;
use crate::domain::{CompanyDraft, CompanyId, Entity, Id, TagDraft};
use crate::transfer::catalogue::{Ref, Slot};
use crate::transfer::kinds::{Extras, ImportKind};
use crate::transfer::report::Problem;
use crate::transfer::resolve::Found;
use crate::transfer::values;

/// A validated draft, what else the row said, and the companies it names that do not exist yet.
pub struct Built<D> {
    pub draft: D,
    pub extras: Extras,
    pub companies: Vec<(CompanyId, String)>,
}

/// A related record given by name and/or id, with the columns they came from.
#[derive(Default)]
struct RefCells {
    name: Option<(usize, String)>,
    id: Option<(usize, String)>,
}

/// Companies named by contacts and deals are created when they do not exist.
fn creates(entity: Entity, r: Ref) -> bool {
    r == Ref::Company && matches!(entity, Entity::Contacts | Entity::Deals)
}

/// A phone number with the configured default calling code when it has none; left as typed when
/// it cannot be read, so validation reports it.
fn phone(value: &str, calling_code: Option<&str>) -> String {
    match calling_code {
        Some(code) => v::phone("phone", value, Some(code)).unwrap_or_else(|_| value.to_string()),
        None => value.to_string(),
    }
}

pub fn build<K: ImportKind>(
    e: &Engine<'_, K>,
    mut draft: K::Draft,
    cells: &[String],
    line: u64,
) -> Result<Built<K::Draft>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut x = Extras::default();
    let mut refs: Vec<(Ref, RefCells)> = Vec::new();
    let mut full_name = None;
    for &(col, spec) in &e.imported {
        let value = cells[col].trim();
        if value.is_empty() {
            continue;
        }
        let fail = |reason: String| Problem {
            line,
            column: Some(e.label(col)),
            field: Some(spec.name.to_string()),
            reason,
        };
        let set = |d: &mut K::Draft, field: &str, value: &str| {
            K::set(d, field, value).map_err(|fe| fail(fe.reason))
        };
        let result = match spec.slot {
            Slot::Field | Slot::Money => set(&mut draft, spec.name, value),
            Slot::Phone => set(
                &mut draft,
                spec.name,
                &phone(value, e.s.calling_code.as_deref()),
            ),
            Slot::Date => values::date(spec.name, value)
                .map_err(|fe| fail(fe.reason))
                .and_then(|d| set(&mut draft, spec.name, &d.to_string())),
            Slot::Time => values::timestamp(spec.name, value)
                .and_then(|t| K::set_time(&mut draft, spec.name, t))
                .map_err(|fe| fail(fe.reason)),
            Slot::Ref(r) | Slot::RefId(r) => {
                let i = match refs.iter().position(|(k, _)| *k == r) {
                    Some(i) => i,
                    None => {
                        refs.push((r, RefCells::default()));
                        refs.len() - 1
                    }
                };
                let slot = match spec.slot {
                    Slot::RefId(_) => &mut refs[i].1.id,
                    _ => &mut refs[i].1.name,
                };
                *slot = Some((col, value.to_string()));
                Ok(())
            }
            Slot::FullName => {
                full_name = Some(value.to_string());
                Ok(())
            }
            Slot::Tags => {
                for t in values::tag_list(value) {
                    match TagDraft::new(t).validated() {
                        Ok(tag) => x.tags.push(tag.name),
                        Err(errs) => problems.extend(
                            errs.0
                                .into_iter()
                                .map(|fe| fail(format!("tag {}", fe.reason))),
                        ),
                    }
                }
                Ok(())
            }
            // another tool's id (not a UUID) was taken as the record's external id
            Slot::RecordId => {
                x.id = value.parse::<Id>().ok();
                Ok(())
            }
            Slot::ExternalId | Slot::ExternalSource => Ok(()),
            Slot::CreatedAt | Slot::UpdatedAt | Slot::ClosedAt => {
                match values::timestamp(spec.name, value) {
                    Ok(t) => {
                        match spec.slot {
                            Slot::CreatedAt => x.created_at = Some(t),
                            Slot::UpdatedAt => x.updated_at = Some(t),
                            _ => x.closed_at = Some(t),
                        }
                        Ok(())
                    }
                    Err(fe) => Err(fail(fe.reason)),
                }
            }
            Slot::Derived(_) => Ok(()),
        };
        if let Err(p) = result {
            problems.push(p);
        }
    }
    let mut companies = Vec::new();
    for (r, cells) in refs {
        match resolve(e, r, cells, line) {
            Ok(None) => {}
            Ok(Some((id, new_company))) => {
                if let Some(name) = new_company {
                    companies.push((CompanyId(id), name));
                }
                if let Err(fe) = K::set(&mut draft, r.field(), &id.to_string()) {
                    problems.push(Problem {
                        line,
                        column: None,
                        field: Some(r.field().to_string()),
                        reason: fe.reason,
                    });
                }
            }
            Err(p) => problems.push(p),
        }
    }
    if let Some(full) = full_name {
        let (first, last) = values::split_full_name(&full);
        K::full_name(&mut draft, first, last);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let draft = K::validated(draft).map_err(|errors| e.field_problems(line, errors))?;
    Ok(Built {
        draft,
        extras: x,
        companies,
    })
}

/// The id a related record resolves to, and the name of the company to create when it is new.
fn resolve<K: ImportKind>(
    e: &Engine<'_, K>,
    r: Ref,
    cells: RefCells,
    line: u64,
) -> Result<Option<(Id, Option<String>)>, Problem> {
    let problem = |col: usize, reason: String| Problem {
        line,
        column: Some(e.label(col)),
        field: Some(r.field().trim_end_matches("_id").to_string()),
        reason,
    };
    if let Some((col, raw)) = &cells.id {
        match raw.parse::<Id>().ok().or_else(|| e.link(r, raw)).ok_or(()) {
            Err(_) if cells.name.is_some() => {}
            Err(_) => {
                let what = r.field().trim_end_matches("_id");
                let why = match &e.s.source {
                    Some(source) => format!("no live {what} has {source} id '{raw}'"),
                    None => format!(
                        "'{raw}' is not a record id (a UUID); to link by another tool's id, say \
                         which tool with --source NAME (e.g. --source hubspot)"
                    ),
                };
                return Err(problem(*col, why));
            }
            Ok(id) if e.resolver.by_id(r, id) => return Ok(Some((id, None))),
            Ok(id) if cells.name.is_none() => {
                let what = r.field().trim_end_matches("_id");
                return Err(problem(*col, format!("no live {what} has id {id}")));
            }
            // not here (yet): try the name given next to it
            Ok(_) => {}
        }
    }
    let Some((col, name)) = cells.name else {
        return Ok(None);
    };
    match e.resolver.by_name(r, &name, creates(K::ENTITY, r)) {
        Ok(Found::Id(id)) => Ok(Some((id, None))),
        Ok(Found::NewCompany(name)) => match CompanyDraft::new(name.clone()).validated() {
            Ok(_) => Ok(Some((Id::new(), Some(name)))),
            Err(errs) => Err(problem(
                col,
                format!("cannot create company '{name}': {errs}"),
            )),
        },
        Err(why) => Err(problem(col, why)),
    }
}
