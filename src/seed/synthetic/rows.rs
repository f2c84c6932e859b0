//! Row generation for the synthetic data set: deterministic ids, skewed picks, and one loop per
//! entity that fills batches and hands them to the bulk insert.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use indicatif::ProgressBar;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{attach_tags, ensure_stages, ensure_tags, flush, Sizes, BATCH};
use crate::db::bulk::seed;
use crate::db::models::{
    ActivityFields, CompanyFields, ContactFields, DealFields, NewActivity, NewCompany, NewContact,
    NewDeal, NewUser, Stage, UserFields,
};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{
    ActivityId, ActivityKind, Channel, CompanyId, CompanySize, CompanyStatus, ContactId, DealId,
    DealStatus, Id, Outcome, Priority, Role, TagId, Tagged, UserId,
};
use crate::seed::names::*;

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

/// What every entity's loop draws from: the seeded generators, the time span rows are created
/// in, the progress bar, and the tag links collected along the way (attached at the end).
struct Gen<'a> {
    rng: ChaCha8Rng,
    ids: Ids,
    base: NaiveDateTime,
    span_secs: i64,
    now: NaiveDateTime,
    bar: &'a ProgressBar,
    tag_ids: Vec<TagId>,
    tags: Vec<(Tagged, TagId)>,
}

impl Gen<'_> {
    /// created_at of row `i` of `n`: rises with the row index, matching the time-ordered ids.
    fn created(&self, i: u64, n: u64) -> NaiveDateTime {
        self.base + Duration::seconds((self.span_secs as f64 * (i as f64 / n.max(1) as f64)) as i64)
    }
}

/// Generate and insert every row; returns how many.
pub(super) fn load_rows(
    conn: &mut DbConn,
    sizes: Sizes,
    bar: &ProgressBar,
) -> Result<u64, DbError> {
    let base = NaiveDate::from_ymd_opt(2023, 1, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default();
    let now = now();
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(sizes.seed),
        ids: Ids {
            rng: ChaCha8Rng::seed_from_u64(sizes.seed ^ 0x5eed),
            millis: base.and_utc().timestamp_millis().max(0) as u64 + sizes.seed * 1_000_000_000,
        },
        base,
        span_secs: (now - base).num_seconds().max(1),
        now,
        bar,
        tag_ids: Vec::new(),
        tags: Vec::new(),
    };
    let user_ids = users(conn, &mut g, sizes)?;
    let stages = ensure_stages(conn)?;
    g.tag_ids = ensure_tags(conn)?;
    let company_ids = companies(conn, &mut g, sizes, &user_ids)?;
    let contact_company = contacts(conn, &mut g, sizes, &user_ids, &company_ids)?;
    let deal_links = deals(
        conn,
        &mut g,
        sizes,
        &stages,
        &user_ids,
        &company_ids,
        &contact_company,
    )?;
    let links = Links {
        users: &user_ids,
        companies: &company_ids,
        contacts: &contact_company,
        deals: &deal_links,
    };
    activities(conn, &mut g, sizes, &links)?;
    attach_tags(conn, &g.tags)?;
    bar.set_message("indexing");
    Ok(sizes.users.max(1) + sizes.companies + sizes.contacts + sizes.deals + sizes.activities)
}

/// A contact and the index of its company.
type ContactCompany = (ContactId, Option<usize>);
/// A deal with its company and contact.
type DealLink = (DealId, Option<CompanyId>, Option<ContactId>);

/// What an activity may be about.
struct Links<'a> {
    users: &'a [UserId],
    companies: &'a [CompanyId],
    contacts: &'a [ContactCompany],
    deals: &'a [DealLink],
}

fn users(conn: &mut DbConn, g: &mut Gen<'_>, sizes: Sizes) -> Result<Vec<UserId>, DbError> {
    g.bar.set_message("users");
    let mut user_ids = Vec::with_capacity(sizes.users as usize);
    let mut batch = Vec::new();
    for i in 0..sizes.users.max(1) {
        let id = UserId(g.ids.next());
        if i == 0 {
            if seed::user_exists(conn, id)? {
                return Err(DbError::Duplicate(format!(
                    "the synthetic data set with seed {} is already loaded; use another --seed",
                    sizes.seed
                )));
            }
        }
        user_ids.push(id);
        let first = pick(&mut g.rng, FIRST);
        let last = pick(&mut g.rng, LAST);
        let at = g.created(i, sizes.users);
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
            },
            created_at: at,
            updated_at: at,
        });
    }
    write_transaction(conn, |conn| seed::insert_users(conn, &batch))?;
    g.bar.inc(batch.len() as u64);
    Ok(user_ids)
}

/// Companies; a few are the parents of others.
fn companies(
    conn: &mut DbConn,
    g: &mut Gen<'_>,
    sizes: Sizes,
    user_ids: &[UserId],
) -> Result<Vec<CompanyId>, DbError> {
    g.bar.set_message("companies");
    let mut company_ids: Vec<CompanyId> = Vec::with_capacity(sizes.companies as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.companies {
        let id = CompanyId(g.ids.next());
        let (city, region, country) = *pick(&mut g.rng, CITIES);
        let name = format!(
            "{}{} {}",
            pick(&mut g.rng, NAME_A),
            pick(&mut g.rng, NAME_B),
            pick(&mut g.rng, SUFFIX)
        );
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let size = *pick(&mut g.rng, CompanySize::ALL);
        let employees: i32 = match size {
            CompanySize::Solo => 1,
            CompanySize::Small => g.rng.random_range(2..50),
            CompanySize::Medium => g.rng.random_range(50..250),
            CompanySize::Large => g.rng.random_range(250..5000),
            CompanySize::Enterprise => g.rng.random_range(5000..200_000),
        };
        let at = g.created(i, sizes.companies);
        let parent = if i > 10 && g.rng.random_ratio(1, 50) {
            Some(company_ids[skewed(&mut g.rng, company_ids.len(), 3.0)])
        } else {
            None
        };
        if g.rng.random_ratio(1, 10) {
            g.tags
                .push((Tagged::Company(id), *pick(&mut g.rng, &g.tag_ids)));
        }
        batch.push(NewCompany {
            id,
            fields: CompanyFields {
                name,
                domain: Some(format!("{slug}{i}.example")),
                website: Some(format!("https://{slug}{i}.example")),
                industry: Some(weighted(&mut g.rng, INDUSTRIES).to_string()),
                size: Some(size),
                status: *pick(&mut g.rng, CompanyStatus::ALL),
                category: g
                    .rng
                    .random_ratio(1, 3)
                    .then(|| pick(&mut g.rng, CATEGORIES).to_string()),
                phone: Some(format!("+1555{:07}", g.rng.random_range(0..10_000_000))),
                email: Some(format!("info@{slug}{i}.example")),
                billing_street: Some(format!("{} Main Street", g.rng.random_range(1..999))),
                billing_city: Some(city.into()),
                billing_region: Some(region.into()),
                billing_postal_code: Some(format!("{:05}", g.rng.random_range(1000..99999))),
                billing_country: Some(country.into()),
                service_street: None,
                service_city: None,
                service_region: None,
                service_postal_code: None,
                service_country: None,
                annual_revenue: Some(
                    i64::from(employees) * g.rng.random_range(50_000..300_000) * 100,
                ),
                currency: "USD".into(),
                employee_count: Some(employees),
                parent_id: parent,
                owner_id: Some(user_ids[skewed(&mut g.rng, user_ids.len(), 3.0)]),
                notes: None,
            },
            created_at: at,
            updated_at: at,
        });
        company_ids.push(id);
        if batch.len() == BATCH {
            flush(conn, g.bar, &mut batch, seed::insert_companies)?;
        }
    }
    flush(conn, g.bar, &mut batch, seed::insert_companies)?;

    Ok(company_ids)
}

/// Contacts: company sizes follow a power law; the first contact of a company is its primary.
fn contacts(
    conn: &mut DbConn,
    g: &mut Gen<'_>,
    sizes: Sizes,
    user_ids: &[UserId],
    company_ids: &[CompanyId],
) -> Result<Vec<ContactCompany>, DbError> {
    g.bar.set_message("contacts");
    let mut has_primary = vec![false; company_ids.len()];
    let mut contact_company: Vec<(ContactId, Option<usize>)> =
        Vec::with_capacity(sizes.contacts as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..sizes.contacts {
        let id = ContactId(g.ids.next());
        let company = if company_ids.is_empty() || g.rng.random_ratio(1, 20) {
            None
        } else {
            Some(skewed(&mut g.rng, company_ids.len(), 2.0))
        };
        let primary = company.is_some_and(|c| !std::mem::replace(&mut has_primary[c], true));
        let first = pick(&mut g.rng, FIRST);
        let last = pick(&mut g.rng, LAST);
        let at = g.created(i, sizes.contacts);
        if g.rng.random_ratio(1, 10) {
            g.tags
                .push((Tagged::Contact(id), *pick(&mut g.rng, &g.tag_ids)));
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
                phone: Some(format!("+4930{:08}", g.rng.random_range(0..100_000_000))),
                mobile_phone: None,
                title: Some(pick(&mut g.rng, TITLES).to_string()),
                is_primary: primary,
                preferred_channel: *pick(
                    &mut g.rng,
                    &[
                        Channel::Email,
                        Channel::Email,
                        Channel::Phone,
                        Channel::Sms,
                        Channel::None,
                    ],
                ),
                do_not_contact: g.rng.random_ratio(1, 50),
                owner_id: Some(user_ids[skewed(&mut g.rng, user_ids.len(), 3.0)]),
                notes: None,
            },
            created_at: at,
            updated_at: at,
        });
        contact_company.push((id, company));
        if batch.len() == BATCH {
            flush(conn, g.bar, &mut batch, seed::insert_contacts)?;
        }
    }
    flush(conn, g.bar, &mut batch, seed::insert_contacts)?;

    Ok(contact_company)
}

/// Deals: most in the early stages.
fn deals(
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
fn activities(
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
