//! Candidates for a form's picker: live records, at most [`LIMIT`], found with the filter
//! language (indexed substring search over names, then a name prefix), for `update` to rank with
//! the fuzzy matcher.

use crate::app::{query, Ctx};
use crate::db::repo::{
    self, company::CompanySort, contact::ContactSort, deal::DealSort, user::UserSort, ListQuery,
    Predicate,
};
use crate::db::DbConn;
use crate::domain::{Entity, Id};
use crate::error::AppError;

use crate::tui::forms::{Candidate, RefKind};

/// Candidates per request.
pub const LIMIT: usize = 200;

pub fn candidates(
    ctx: &Ctx,
    conn: &mut DbConn,
    kind: RefKind,
    query: &str,
) -> Result<Vec<Candidate>, AppError> {
    let words = words(query);
    let (entity, search) = match kind {
        // bare words: the full-text search over name and domain
        RefKind::Company => (Entity::Companies, words.join(" ")),
        RefKind::Contact => (Entity::Contacts, words.join(" ")),
        RefKind::Deal => (Entity::Deals, words.join(" ")),
        RefKind::Stage => (Entity::Stages, String::new()),
        // teams are few: all of them, ranked here
        RefKind::Team => (Entity::Teams, String::new()),
        RefKind::User => (
            Entity::Users,
            words
                .iter()
                .map(|w| format!("(name~{w} or email~{w})"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    };
    let mut out = load(ctx, conn, kind, entity, &search, LIMIT)?;
    // the matcher also finds names no word is a substring of ("acmltd"): offer names that
    // start like the query too (stages are few and all loaded already)
    let prefix_field = match kind {
        RefKind::Company | RefKind::User => Some("name"),
        RefKind::Contact => Some("first_name"),
        RefKind::Deal => Some("title"),
        RefKind::Stage | RefKind::Team => None,
    };
    if let (true, Some(field)) = (out.len() < LIMIT, prefix_field) {
        if let Some(first) = query.chars().find(|c| c.is_alphanumeric()) {
            let prefix = format!("{field}^\"{first}\"");
            for c in load(ctx, conn, kind, entity, &prefix, LIMIT - out.len())? {
                if !out.iter().any(|o| o.id == c.id) {
                    out.push(c);
                }
            }
        }
    }
    Ok(out)
}

/// The query's words, quoted for the filter language (quotes and backslashes dropped).
fn words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| *c != '"' && *c != '\\')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect()
}

/// The candidates' filter for the entity's table `T` (the shared compile, boxed).
fn compile<T>(
    ctx: &Ctx,
    conn: &DbConn,
    entity: Entity,
    text: &str,
) -> Result<Option<Predicate<T>>, AppError> {
    Ok(query::boxed(query::compile(ctx, conn, entity, text)?))
}

fn load(
    ctx: &Ctx,
    conn: &mut DbConn,
    kind: RefKind,
    entity: Entity,
    text: &str,
    limit: usize,
) -> Result<Vec<Candidate>, AppError> {
    let limit = i64::try_from(limit).unwrap_or(200);
    Ok(match kind {
        RefKind::Company => {
            let f = compile(ctx, conn, entity, text)?;
            let q = ListQuery::sorted(CompanySort::Name, limit);
            repo::company::list(conn, &q, f)?
                .rows
                .into_iter()
                .map(|c| Candidate {
                    id: c.id.id(),
                    label: c.fields.name,
                    detail: c
                        .fields
                        .domain
                        .or(c.fields.billing_city)
                        .unwrap_or_default(),
                })
                .collect()
        }
        RefKind::Contact => {
            let f = compile(ctx, conn, entity, text)?;
            let q = ListQuery::sorted(ContactSort::FirstName, limit);
            repo::contact::list(conn, &q, f)?
                .rows
                .into_iter()
                .map(|c| Candidate {
                    id: c.id.id(),
                    label: super::names::full_name(
                        &c.fields.first_name,
                        c.fields.last_name.as_deref(),
                    ),
                    detail: c.fields.email.unwrap_or_default(),
                })
                .collect()
        }
        RefKind::Deal => {
            let f = compile(ctx, conn, entity, text)?;
            let q = ListQuery::sorted(DealSort::Title, limit);
            repo::deal::list(conn, &q, f)?
                .rows
                .into_iter()
                .map(|d| Candidate {
                    id: d.id.id(),
                    label: d.fields.title,
                    detail: crate::domain::money::format_major(d.fields.value, &d.fields.currency),
                })
                .collect()
        }
        RefKind::Team => {
            let q = ListQuery::sorted(crate::db::repo::team::TeamSort::Name, limit);
            repo::team::list(conn, &q, None)?
                .rows
                .into_iter()
                .map(|t| Candidate {
                    id: t.id.id(),
                    label: t.fields.name,
                    detail: String::new(),
                })
                .collect()
        }
        RefKind::Stage => repo::stage::live_ordered(conn)?
            .into_iter()
            .filter(|s| s.fields.active)
            .map(|s| Candidate {
                id: s.id.id(),
                label: s.fields.name,
                detail: format!("{} · {}%", s.fields.kind, s.fields.probability),
            })
            .collect(),
        RefKind::User => {
            let f = compile(ctx, conn, entity, text)?;
            let q = ListQuery::sorted(UserSort::Name, limit);
            repo::user::list(conn, &q, f)?
                .rows
                .into_iter()
                .map(|u| Candidate {
                    id: Id::from(u.id),
                    label: u.fields.name,
                    detail: u.fields.email,
                })
                .collect()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_are_quoted_literals() {
        assert_eq!(words(r#"  acme "ltd\ "#), vec!["\"acme\"", "\"ltd\""]);
        assert!(words("  \" ").is_empty());
    }
}
