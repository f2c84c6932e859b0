//! A record with its related records and history, as tabs of small tables.

use std::collections::HashMap;

use serde_json::Value;

use super::names;
use crate::db::access::{ensure_visible, retain_visible_rows, Access};
use crate::db::repo::{self, ListQuery};
use crate::db::{DbConn, DbError};
use crate::domain::history::{moment, summary};
use crate::domain::zone::Zone;
use crate::domain::{money, ActivityId, CompanyId, ContactId, DealId, Entity, Id, Tagged};
use crate::tui::pane::PaneId;
use crate::tui::state::detail::{Detail, Link, Tab};

/// Related rows per tab; the tab says when there are more.
const RELATED: i64 = 100;

/// The record `id` of `pane` as `access` may see it: a hidden record is "not found", and related
/// rows and linked names it may not see are left out.
pub fn load(
    conn: &mut DbConn,
    access: &Access,
    zone: Zone,
    pane: PaneId,
    id: Id,
) -> Result<Detail, DbError> {
    ensure_visible(conn, access, pane.entity(), id)?;
    let refs = Refs {
        stages: names::stages(conn)?,
    };
    let read = Read { access, zone };
    match pane {
        PaneId::Companies => {
            let c = repo::company::get(conn, CompanyId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Company(c.id))?;
            let mut fields = read.fields(conn, pane.entity(), &c.fields)?;
            fields.push(tags_row(&tags));
            let contacts = repo::contact::list_for_company(conn, c.id)?;
            let mut deals = repo::deal::list_for_company(conn, c.id)?;
            retain_visible_rows(conn, access, Entity::Deals, &mut deals, |d| d.id.id())?;
            let mut acts = repo::activity::list_for_company(conn, c.id, None, RELATED)?;
            retain_visible_rows(conn, access, Entity::Activities, &mut acts.rows, |a| {
                a.id.id()
            })?;
            Ok(Detail {
                title: c.fields.name.clone(),
                version: c.version,
                tabs: vec![
                    fields_tab(
                        fields,
                        zone,
                        &c.created_at,
                        &c.updated_at,
                        c.deleted_at.is_some(),
                    ),
                    contacts_tab(&contacts),
                    deals_tab(conn, &deals, &refs)?,
                    activities_tab(conn, &acts.rows, acts.next.is_some())?,
                    history_tab(conn, access, zone, id, Some(&c.fields.currency))?,
                ],
            })
        }
        PaneId::Contacts => {
            let c = repo::contact::get(conn, ContactId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Contact(c.id))?;
            let mut fields = read.fields(conn, pane.entity(), &c.fields)?;
            fields.push(tags_row(&tags));
            let q = ListQuery {
                limit: RELATED,
                ..ListQuery::default()
            };
            let mut deals = repo::deal::list_for_contact(conn, c.id, &q)?;
            retain_visible_rows(conn, access, Entity::Deals, &mut deals.rows, |d| d.id.id())?;
            let mut acts = repo::activity::list_for_contact(conn, c.id, None, RELATED)?;
            retain_visible_rows(conn, access, Entity::Activities, &mut acts.rows, |a| {
                a.id.id()
            })?;
            let name = names::full_name(&c.fields.first_name, c.fields.last_name.as_deref());
            let mut deals_tab = deals_tab(conn, &deals.rows, &refs)?;
            deals_tab.more = deals.next.is_some();
            Ok(Detail {
                title: name,
                version: c.version,
                tabs: vec![
                    fields_tab(
                        fields,
                        zone,
                        &c.created_at,
                        &c.updated_at,
                        c.deleted_at.is_some(),
                    ),
                    deals_tab,
                    activities_tab(conn, &acts.rows, acts.next.is_some())?,
                    history_tab(conn, access, zone, id, None)?,
                ],
            })
        }
        PaneId::Deals => {
            let d = repo::deal::get(conn, DealId(id))?;
            let tags = repo::tag::tags_of(conn, Tagged::Deal(d.id))?;
            let mut fields = read.fields(conn, pane.entity(), &d.fields)?;
            fields.push(tags_row(&tags));
            let mut acts = repo::activity::list_for_deal(conn, d.id, None, RELATED)?;
            retain_visible_rows(conn, access, Entity::Activities, &mut acts.rows, |a| {
                a.id.id()
            })?;
            Ok(Detail {
                title: d.fields.title.clone(),
                version: d.version,
                tabs: vec![
                    fields_tab(
                        fields,
                        zone,
                        &d.created_at,
                        &d.updated_at,
                        d.deleted_at.is_some(),
                    ),
                    activities_tab(conn, &acts.rows, acts.next.is_some())?,
                    history_tab(conn, access, zone, id, Some(&d.fields.currency))?,
                ],
            })
        }
        PaneId::Activities => {
            let a = repo::activity::get(conn, ActivityId(id))?;
            let fields = read.fields(conn, pane.entity(), &a.fields)?;
            Ok(Detail {
                title: a.fields.subject.clone(),
                version: a.version,
                tabs: vec![
                    fields_tab(
                        fields,
                        zone,
                        &a.created_at,
                        &a.updated_at,
                        a.deleted_at.is_some(),
                    ),
                    history_tab(conn, access, zone, id, None)?,
                ],
            })
        }
    }
}

/// Stage names, for the Deals tab.
struct Refs {
    stages: HashMap<crate::domain::StageId, String>,
}

/// Who reads and in which zone: what the Fields tab is read against.
struct Read<'a> {
    access: &'a Access,
    zone: Zone,
}

impl Read<'_> {
    /// Every field of a record, in declaration order, as `get` shows it: by label, references as
    /// names (`(deleted)`, `(hidden)`), money with its currency, times in the zone.
    fn fields<T: serde::Serialize>(
        &self,
        conn: &mut DbConn,
        entity: Entity,
        fields: &T,
    ) -> Result<Vec<Vec<String>>, DbError> {
        let Ok(Value::Object(map)) = serde_json::to_value(fields) else {
            return Ok(vec![]);
        };
        Ok(
            crate::app::history::fields(conn, self.access, self.zone, entity, &map)?
                .into_iter()
                .map(|(label, text)| vec![label, text])
                .collect(),
        )
    }
}

fn tags_row(tags: &[crate::db::models::Tag]) -> Vec<String> {
    vec![
        "Tags".into(),
        tags.iter()
            .map(|t| t.fields.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
    ]
}

fn fields_tab(
    mut rows: Vec<Vec<String>>,
    zone: Zone,
    created: &chrono::NaiveDateTime,
    updated: &chrono::NaiveDateTime,
    deleted: bool,
) -> Tab {
    rows.push(vec!["Created".into(), moment(*created, zone)]);
    rows.push(vec!["Updated".into(), moment(*updated, zone)]);
    if deleted {
        rows.push(vec!["Deleted".into(), "yes (in the trash)".into()]);
    }
    Tab {
        name: "Fields".into(),
        headers: vec!["Field".into(), "Value".into()],
        rows,
        more: false,
        changes: Vec::new(),
        links: Vec::new(),
    }
}

fn contacts_tab(contacts: &[crate::db::models::Contact]) -> Tab {
    Tab {
        name: format!("Contacts ({})", contacts.len()),
        headers: vec![
            "Name".into(),
            "Email".into(),
            "Phone".into(),
            "Title".into(),
        ],
        rows: contacts
            .iter()
            .map(|c| {
                let mut name =
                    names::full_name(&c.fields.first_name, c.fields.last_name.as_deref());
                if c.fields.is_primary {
                    name.push_str(" (primary)");
                }
                vec![
                    name,
                    c.fields.email.clone().unwrap_or_default(),
                    c.fields.phone.clone().unwrap_or_default(),
                    c.fields.title.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        more: false,
        changes: Vec::new(),
        links: contacts
            .iter()
            .map(|c| {
                link(
                    PaneId::Contacts,
                    c.id.id(),
                    names::full_name(&c.fields.first_name, c.fields.last_name.as_deref()),
                )
            })
            .collect(),
    }
}

fn deals_tab(
    conn: &mut DbConn,
    deals: &[crate::db::models::Deal],
    refs: &Refs,
) -> Result<Tab, DbError> {
    let owners = names::users(conn, deals.iter().map(|d| d.fields.owner_id))?;
    Ok(Tab {
        name: format!("Deals ({})", deals.len()),
        headers: vec![
            "Title".into(),
            "Stage".into(),
            "Value".into(),
            "Close".into(),
            "Owner".into(),
        ],
        rows: deals
            .iter()
            .map(|d| {
                vec![
                    d.fields.title.clone(),
                    names::of(&refs.stages, Some(d.fields.stage_id)),
                    format!(
                        "{} {}",
                        money::format_major(d.fields.value, &d.fields.currency),
                        d.fields.currency
                    ),
                    d.fields
                        .expected_close
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    names::of(&owners, d.fields.owner_id),
                ]
            })
            .collect(),
        more: false,
        changes: Vec::new(),
        links: deals
            .iter()
            .map(|d| link(PaneId::Deals, d.id.id(), d.fields.title.clone()))
            .collect(),
    })
}

fn activities_tab(
    conn: &mut DbConn,
    acts: &[crate::db::models::Activity],
    more: bool,
) -> Result<Tab, DbError> {
    let owners = names::users(conn, acts.iter().map(|a| a.fields.owner_id))?;
    Ok(Tab {
        name: format!("Activities ({}{})", acts.len(), if more { "+" } else { "" }),
        headers: vec![
            "Kind".into(),
            "Subject".into(),
            "Due".into(),
            "Done".into(),
            "Owner".into(),
        ],
        rows: acts
            .iter()
            .map(|a| {
                vec![
                    a.fields.kind.to_string(),
                    a.fields.subject.clone(),
                    a.fields
                        .due_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                    a.fields
                        .completed_at
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    names::of(&owners, a.fields.owner_id),
                ]
            })
            .collect(),
        more,
        changes: Vec::new(),
        links: acts
            .iter()
            .map(|a| link(PaneId::Activities, a.id.id(), a.fields.subject.clone()))
            .collect(),
    })
}

/// Who changed what, newest first: one row per change (when in the user's zone, who, action,
/// its fields on one line), and every field of each for the opened change.
fn history_tab(
    conn: &mut DbConn,
    access: &Access,
    zone: Zone,
    id: Id,
    currency: Option<&str>,
) -> Result<Tab, DbError> {
    let mut entries = crate::app::history::entries(conn, access, zone, id, currency)?;
    entries.reverse();
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                e.when.clone(),
                e.who.clone(),
                e.entry.action.to_string(),
                summary(&e.changes),
            ]
        })
        .collect::<Vec<_>>();
    Ok(Tab {
        name: format!("History ({})", rows.len()),
        headers: vec![
            "When".into(),
            "Who".into(),
            "Action".into(),
            "Changes".into(),
        ],
        rows,
        more: false,
        changes: entries.into_iter().map(|e| e.changes).collect(),
        links: Vec::new(),
    })
}

/// What Enter on a related row opens.
fn link(pane: PaneId, id: Id, label: String) -> Option<Link> {
    Some(Link { pane, id, label })
}
