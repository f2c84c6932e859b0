//! Row generation for the synthetic data set: deterministic ids, skewed picks, and one loop per
//! entity that fills batches and hands them to the bulk insert.

use chrono::{Duration, NaiveDate};
use indicatif::ProgressBar;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{attach_tags, bulk, ensure_stages, ensure_tags, flush, flush_companies, Sizes, BATCH};
use crate::db::models::{
    ActivityFields, CompanyFields, ContactFields, DealFields, NewActivity, NewCompany, NewContact,
    NewDeal, NewUser, UserFields,
};
use crate::db::schema::{activities, contacts, deals, users};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{
    ActivityId, ActivityKind, Channel, CompanyId, CompanySize, CompanyStatus, ContactId, DealId,
    DealStatus, Id, Outcome, Priority, Role, Tagged, UserId,
};
use crate::seed::names::*;
use diesel::prelude::*;

/// Deterministic ids: UUIDv7 layout (time-ordered, append-friendly) from the seeded generator.
struct Ids {
    rng: ChaCha8Rng,
    millis: u64,
}

impl Ids {
    fn next(&mut self) -> Id {
        self.millis += 1;
        let random: [u8; 10] = self.rng.random();
        Id(uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid())
    }
}

/// Index in 0..n, skewed so that low indexes are picked far more often (a power law).
fn skewed(rng: &mut ChaCha8Rng, n: usize, power: f64) -> usize {
    let u: f64 = rng.random();
    ((n as f64) * u.powf(power)).floor().min((n - 1) as f64) as usize
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<'a>(rng: &mut ChaCha8Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items[0].0
}

/// Generate and insert every row; returns how many.
pub(super) fn load_rows(
    conn: &mut DbConn,
    sizes: Sizes,
    bar: &ProgressBar,
) -> Result<u64, DbError> {
    let mut rng = ChaCha8Rng::seed_from_u64(sizes.seed);
    let base = NaiveDate::from_ymd_opt(2023, 1, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default();
    let mut ids = Ids {
        rng: ChaCha8Rng::seed_from_u64(sizes.seed ^ 0x5eed),
        millis: base.and_utc().timestamp_millis().max(0) as u64 + sizes.seed * 1_000_000_000,
    };
    let now_ts = now();
    let span_secs = (now_ts - base).num_seconds().max(1);
    // created_at rises with the row index, matching the time-ordered ids
    let created = |i: u64, n: u64| {
        base + Duration::seconds((span_secs as f64 * (i as f64 / n.max(1) as f64)) as i64)
    };

    // users
    bar.set_message("users");
    let mut user_ids = Vec::with_capacity(sizes.users as usize);
    let mut batch = Vec::new();
    for i in 0..sizes.users.max(1) {
        let id = UserId(ids.next());
        if i == 0 {
            let taken: i64 = users::table
                .filter(users::id.eq(id))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Err(DbError::Duplicate(format!(
                    "the synthetic data set with seed {} is already loaded; use another --seed",
                    sizes.seed
                )));
            }
        }
        user_ids.push(id);
        let first = pick(&mut rng, FIRST);
        let last = pick(&mut rng, LAST);
        let at = created(i, sizes.users);
        batch.push(NewUser {
            id,
            fields: UserFields {
                name: format!("{first} {last}"),
                email: format!("user{i}.s{}@synthetic.example", sizes.seed),
                role: match i {
                    0 => Role::Admin,
                    1..=3 => Role::Manager,
                    _ => Role::SalesRep,
                },
                timezone: "UTC".into(),
                login: None,
                team_id: None,
                active: true,
            },
            created_at: at,
            updated_at: at,
        });
    }
    write_transaction(conn, |conn| -> Result<(), DbError> {
        bulk!(conn, users::table, &batch);
        Ok(())
    })?;
    bar.inc(batch.len() as u64);

    let stages = ensure_stages(conn)?;
    let tag_ids = ensure_tags(conn)?;

    // companies
    bar.set_message("companies");
    let mut company_ids: Vec<CompanyId> = Vec::with_capacity(sizes.companies as usize);
    let mut batch = Vec::with_capacity(BATCH);
    let mut tags = Vec::new();
    for i in 0..sizes.companies {
        let id = CompanyId(ids.next());
        let (city, region, country) = *pick(&mut rng, CITIES);
        let name = format!(
            "{}{} {}",
            pick(&mut rng, NAME_A),
            pick(&mut rng, NAME_B),
            pick(&mut rng, SUFFIX)
        );
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let size = *pick(&mut rng, CompanySize::ALL);
        let employees: i32 = match size {
            CompanySize::Solo => 1,
            CompanySize::Small => rng.random_range(2..50),
            CompanySize::Medium => rng.random_range(50..250),
            CompanySize::Large => rng.random_range(250..5000),
            CompanySize::Enterprise => rng.random_range(5000..200_000),
        };
        let at = created(i, sizes.companies);
        let parent = if i > 10 && rng.random_ratio(1, 50) {
            Some(company_ids[skewed(&mut rng, company_ids.len(), 3.0)])
        } else {
            None
        };
        if rng.random_ratio(1, 10) {
            tags.push((Tagged::Company(id), *pick(&mut rng, &tag_ids)));
        }
        batch.push(NewCompany {
            id,
            fields: CompanyFields {
                name,
                domain: Some(format!("{slug}{i}.example")),
                website: Some(format!("https://{slug}{i}.example")),
                industry: Some(weighted(&mut rng, INDUSTRIES).to_string()),
                size: Some(size),
                status: *pick(&mut rng, CompanyStatus::ALL),
                category: rng
                    .random_ratio(1, 3)
                    .then(|| pick(&mut rng, CATEGORIES).to_string()),
                phone: Some(format!("+1555{:07}", rng.random_range(0..10_000_000))),
                email: Some(format!("info@{slug}{i}.example")),
                billing_street: Some(format!("{} Main Street", rng.random_range(1..999))),
                billing_city: Some(city.into()),
                billing_region: Some(region.into()),
                billing_postal_code: Some(format!("{:05}", rng.random_range(1000..99999))),
                billing_country: Some(country.into()),
                service_street: None,
                service_city: None,
                service_region: None,
                service_postal_code: None,
                service_country: None,
                annual_revenue: Some(
                    i64::from(employees) * rng.random_range(50_000..300_000) * 100,
                ),
                currency: "USD".into(),
                employee_count: Some(employees),
                parent_id: parent,
                owner_id: Some(user_ids[skewed(&mut rng, user_ids.len(), 3.0)]),
                notes: None,
            },
            created_at: at,
            updated_at: at,
        });
        company_ids.push(id);
        if batch.len() == BATCH {
            flush_companies(conn, &mut batch, bar)?;
        }
    }
    flush_companies(conn, &mut batch, bar)?;

    // contacts: company sizes follow a power law; the first contact of a company is its primary
    bar.set_message("contacts");
    let mut has_primary = vec![false; company_ids.len()];
    let mut contact_company: Vec<(ContactId, Option<usize>)> =
        Vec::with_capacity(sizes.contacts as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.contacts {
        let id = ContactId(ids.next());
        let company = if company_ids.is_empty() || rng.random_ratio(1, 20) {
            None
        } else {
            Some(skewed(&mut rng, company_ids.len(), 2.0))
        };
        let primary = company.is_some_and(|c| !std::mem::replace(&mut has_primary[c], true));
        let first = pick(&mut rng, FIRST);
        let last = pick(&mut rng, LAST);
        let at = created(i, sizes.contacts);
        if rng.random_ratio(1, 10) {
            tags.push((Tagged::Contact(id), *pick(&mut rng, &tag_ids)));
        }
        let local: String = format!("{first}.{last}")
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        batch.push(NewContact {
            id,
            fields: ContactFields {
                company_id: company.map(|c| company_ids[c]),
                first_name: first.to_string(),
                last_name: Some(last.to_string()),
                email: Some(format!("{local}{i}@mail.example")),
                phone: Some(format!("+4930{:08}", rng.random_range(0..100_000_000))),
                mobile_phone: None,
                title: Some(pick(&mut rng, TITLES).to_string()),
                is_primary: primary,
                preferred_channel: *pick(
                    &mut rng,
                    &[
                        Channel::Email,
                        Channel::Email,
                        Channel::Phone,
                        Channel::Sms,
                        Channel::None,
                    ],
                ),
                do_not_contact: rng.random_ratio(1, 50),
                owner_id: Some(user_ids[skewed(&mut rng, user_ids.len(), 3.0)]),
                notes: None,
            },
            created_at: at,
            updated_at: at,
        });
        contact_company.push((id, company));
        if batch.len() == BATCH {
            flush(conn, bar, &mut batch, |c, b| {
                Ok(bulk!(c, contacts::table, b))
            })?;
        }
    }
    flush(conn, bar, &mut batch, |c, b| {
        Ok(bulk!(c, contacts::table, b))
    })?;

    // deals: most in the early stages
    bar.set_message("deals");
    let mut deal_links: Vec<(DealId, Option<CompanyId>, Option<ContactId>)> =
        Vec::with_capacity(sizes.deals as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.deals {
        let id = DealId(ids.next());
        let stage = &stages[skewed(&mut rng, stages.len(), 1.6)];
        let status = stage.fields.kind.deal_status();
        let contact = (!contact_company.is_empty())
            .then(|| contact_company[skewed(&mut rng, contact_company.len(), 2.0)]);
        let company = contact.and_then(|(_, c)| c).map(|c| company_ids[c]);
        let at = created(i, sizes.deals);
        let value_major: f64 = 500.0 * (rng.random::<f64>() * 6.0).exp();
        if rng.random_ratio(1, 10) {
            tags.push((Tagged::Deal(id), *pick(&mut rng, &tag_ids)));
        }
        batch.push(NewDeal {
            id,
            fields: DealFields {
                title: format!("{} #{i}", pick(&mut rng, DEAL_WORDS)),
                company_id: company,
                contact_id: contact.map(|(c, _)| c),
                stage_id: stage.id,
                value: (value_major as i64) * 100,
                currency: "USD".into(),
                expected_close: Some((at + Duration::days(rng.random_range(7..180))).date()),
                probability: rng.random_ratio(1, 10).then(|| rng.random_range(0..=100)),
                status,
                priority: *pick(&mut rng, Priority::ALL),
                owner_id: Some(user_ids[skewed(&mut rng, user_ids.len(), 3.0)]),
                lost_reason: (status == DealStatus::Lost)
                    .then(|| pick(&mut rng, LOST_REASONS).to_string()),
                closed_at: (status != DealStatus::Open)
                    .then_some(at + Duration::days(rng.random_range(1..90))),
            },
            created_at: at,
            updated_at: at,
        });
        deal_links.push((id, company, contact.map(|(c, _)| c)));
        if batch.len() == BATCH {
            flush(conn, bar, &mut batch, |c, b| Ok(bulk!(c, deals::table, b)))?;
        }
    }
    flush(conn, bar, &mut batch, |c, b| Ok(bulk!(c, deals::table, b)))?;

    // activities: linked to a deal, else a contact, else a company; tasks get due dates around now
    bar.set_message("activities");
    let kinds = [
        (ActivityKind::Call, 30),
        (ActivityKind::Email, 30),
        (ActivityKind::Meeting, 10),
        (ActivityKind::Note, 10),
        (ActivityKind::Task, 20),
    ];
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.activities {
        let id = ActivityId(ids.next());
        let (deal, company, contact) = if !deal_links.is_empty() && rng.random_ratio(1, 2) {
            let (d, co, ct) = deal_links[skewed(&mut rng, deal_links.len(), 1.5)];
            (Some(d), co, ct)
        } else if !contact_company.is_empty() {
            let (ct, co) = contact_company[skewed(&mut rng, contact_company.len(), 1.5)];
            (None, co.map(|c| company_ids[c]), Some(ct))
        } else if !company_ids.is_empty() {
            (
                None,
                Some(company_ids[rng.random_range(0..company_ids.len())]),
                None,
            )
        } else {
            break;
        };
        let x = rng.random_range(0..100);
        let mut acc = 0;
        let kind = kinds
            .iter()
            .find(|(_, w)| {
                acc += w;
                x < acc
            })
            .map(|(k, _)| *k)
            .unwrap_or(ActivityKind::Note);
        let at = created(i, sizes.activities);
        let due = (kind == ActivityKind::Task || rng.random_ratio(1, 5))
            .then(|| now_ts + Duration::hours(rng.random_range(-24 * 60..24 * 30)));
        let done = match due {
            Some(d) if d < now_ts => rng.random_ratio(4, 5),
            Some(_) => rng.random_ratio(1, 10),
            None => true,
        };
        let owner = user_ids[skewed(&mut rng, user_ids.len(), 3.0)];
        batch.push(NewActivity {
            id,
            fields: ActivityFields {
                kind,
                subject: pick(&mut rng, SUBJECTS).to_string(),
                body: rng
                    .random_ratio(1, 4)
                    .then(|| "Discussed next steps and timeline.".to_string()),
                outcome: (done && kind != ActivityKind::Task)
                    .then(|| *pick(&mut rng, Outcome::ALL)),
                company_id: company,
                contact_id: contact,
                deal_id: deal,
                owner_id: Some(owner),
                assignee_id: Some(owner),
                due_at: due,
                completed_at: done.then(|| due.unwrap_or(at).min(now_ts)),
            },
            created_at: at,
            updated_at: at,
        });
        if batch.len() == BATCH {
            flush(conn, bar, &mut batch, |c, b| {
                Ok(bulk!(c, activities::table, b))
            })?;
        }
    }
    flush(conn, bar, &mut batch, |c, b| {
        Ok(bulk!(c, activities::table, b))
    })?;
    attach_tags(conn, &tags)?;
    bar.set_message("indexing");
    Ok(sizes.users.max(1) + sizes.companies + sizes.contacts + sizes.deals + sizes.activities)
}
