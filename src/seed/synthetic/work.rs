//! The synthetic pipeline: deals (most in the early stages) and the activities about them, their
//! contacts and companies.

use chrono::Duration;
use rand::Rng;

use super::draw::{pick, skewed, Gen};
use super::rows::{ContactCompany, DealLink, Links};
use super::{flush, Sizes, BATCH};
use crate::db::bulk::seed;
use crate::db::models::{ActivityFields, DealFields, NewActivity, NewDeal, Stage};
use crate::db::{DbConn, DbError};
use crate::domain::{
    ActivityId, ActivityKind, CompanyId, ContactId, DealId, DealStatus, Outcome, Priority, Tagged,
    UserId,
};
use crate::seed::names::*;

/// Deals: most in the early stages.
pub(super) fn deals(
    conn: &mut DbConn,
    g: &mut Gen<'_>,
    sizes: Sizes,
    stages: &[Stage],
    user_ids: &[UserId],
    company_ids: &[CompanyId],
    contact_company: &[ContactCompany],
) -> Result<Vec<DealLink>, DbError> {
    g.bar.set_message("deals");
    let mut deal_links: Vec<(DealId, Option<CompanyId>, Option<ContactId>)> =
        Vec::with_capacity(sizes.deals as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.deals {
        let id = DealId(g.ids.next());
        let stage = &stages[skewed(&mut g.rng, stages.len(), 1.6)];
        let status = stage.fields.kind.deal_status();
        let contact = (!contact_company.is_empty())
            .then(|| contact_company[skewed(&mut g.rng, contact_company.len(), 2.0)]);
        let company = contact.and_then(|(_, c)| c).map(|c| company_ids[c]);
        let at = g.created(i, sizes.deals);
        let value_major: f64 = 500.0 * (g.rng.random::<f64>() * 6.0).exp();
        if g.rng.random_ratio(1, 10) {
            g.tags
                .push((Tagged::Deal(id), *pick(&mut g.rng, &g.tag_ids)));
        }
        batch.push(NewDeal {
            id,
            fields: DealFields {
                title: format!("{} #{i}", pick(&mut g.rng, DEAL_WORDS)),
                company_id: company,
                contact_id: contact.map(|(c, _)| c),
                stage_id: stage.id,
                value: (value_major as i64) * 100,
                currency: "USD".into(),
                expected_close: Some((at + Duration::days(g.rng.random_range(7..180))).date()),
                probability: g
                    .rng
                    .random_ratio(1, 10)
                    .then(|| g.rng.random_range(0..=100)),
                status,
                priority: *pick(&mut g.rng, Priority::ALL),
                owner_id: Some(user_ids[skewed(&mut g.rng, user_ids.len(), 3.0)]),
                lost_reason: (status == DealStatus::Lost)
                    .then(|| pick(&mut g.rng, LOST_REASONS).to_string()),
                closed_at: (status != DealStatus::Open)
                    .then_some(at + Duration::days(g.rng.random_range(1..90))),
            },
            created_at: at,
            updated_at: at,
        });
        deal_links.push((id, company, contact.map(|(c, _)| c)));
        if batch.len() == BATCH {
            flush(conn, g.bar, &mut batch, seed::insert_deals)?;
        }
    }
    flush(conn, g.bar, &mut batch, seed::insert_deals)?;

    Ok(deal_links)
}

/// Activities: linked to a deal, else a contact, else a company; tasks get due dates around now.
pub(super) fn activities(
    conn: &mut DbConn,
    g: &mut Gen<'_>,
    sizes: Sizes,
    links: &Links<'_>,
) -> Result<(), DbError> {
    let (user_ids, company_ids, contact_company, deal_links) =
        (links.users, links.companies, links.contacts, links.deals);
    g.bar.set_message("activities");
    let kinds = [
        (ActivityKind::Call, 30),
        (ActivityKind::Email, 30),
        (ActivityKind::Meeting, 10),
        (ActivityKind::Note, 10),
        (ActivityKind::Task, 20),
    ];
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.activities {
        let id = ActivityId(g.ids.next());
        let (deal, company, contact) = if !deal_links.is_empty() && g.rng.random_ratio(1, 2) {
            let (d, co, ct) = deal_links[skewed(&mut g.rng, deal_links.len(), 1.5)];
            (Some(d), co, ct)
        } else if !contact_company.is_empty() {
            let (ct, co) = contact_company[skewed(&mut g.rng, contact_company.len(), 1.5)];
            (None, co.map(|c| company_ids[c]), Some(ct))
        } else if !company_ids.is_empty() {
            (
                None,
                Some(company_ids[g.rng.random_range(0..company_ids.len())]),
                None,
            )
        } else {
            break;
        };
        let x = g.rng.random_range(0..100);
        let mut acc = 0;
        let kind = kinds
            .iter()
            .find(|(_, w)| {
                acc += w;
                x < acc
            })
            .map(|(k, _)| *k)
            .unwrap_or(ActivityKind::Note);
        let at = g.created(i, sizes.activities);
        let due = (kind == ActivityKind::Task || g.rng.random_ratio(1, 5))
            .then(|| g.now + Duration::hours(g.rng.random_range(-24 * 60..24 * 30)));
        let done = match due {
            Some(d) if d < g.now => g.rng.random_ratio(4, 5),
            Some(_) => g.rng.random_ratio(1, 10),
            None => true,
        };
        let owner = user_ids[skewed(&mut g.rng, user_ids.len(), 3.0)];
        batch.push(NewActivity {
            id,
            fields: ActivityFields {
                kind,
                subject: pick(&mut g.rng, SUBJECTS).to_string(),
                body: g
                    .rng
                    .random_ratio(1, 4)
                    .then(|| "Discussed next steps and timeline.".to_string()),
                outcome: (done && kind != ActivityKind::Task)
                    .then(|| *pick(&mut g.rng, Outcome::ALL)),
                company_id: company,
                contact_id: contact,
                deal_id: deal,
                owner_id: Some(owner),
                assignee_id: Some(owner),
                due_at: due,
                completed_at: done.then(|| due.unwrap_or(at).min(g.now)),
            },
            created_at: at,
            updated_at: at,
        });
        if batch.len() == BATCH {
            flush(conn, g.bar, &mut batch, seed::insert_activities)?;
        }
    }
    flush(conn, g.bar, &mut batch, seed::insert_activities)?;
    Ok(())
}
