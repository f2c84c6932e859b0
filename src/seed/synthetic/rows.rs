//! Row generation for the synthetic data set: deterministic ids, skewed picks, and one loop per
//! entity that fills batches and hands them to the bulk insert.

use chrono::NaiveDate;
use indicatif::ProgressBar;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::draw::{pick, skewed, weighted, Gen, Ids};
use super::work::{activities, deals};
use super::{attach_tags, ensure_stages, ensure_tags, flush, Sizes, BATCH};
use crate::db::bulk::seed;
use crate::db::models::{
    CompanyFields, ContactFields, NewCompany, NewContact, NewUser, UserFields,
};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{
    Channel, CompanyId, CompanySize, CompanyStatus, ContactId, DealId, Role, Tagged, UserId,
};
use crate::seed::names::*;

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
pub(super) type ContactCompany = (ContactId, Option<usize>);
/// A deal with its company and contact.
pub(super) type DealLink = (DealId, Option<CompanyId>, Option<ContactId>);

/// What an activity may be about.
pub(super) struct Links<'a> {
    pub(super) users: &'a [UserId],
    pub(super) companies: &'a [CompanyId],
    pub(super) contacts: &'a [ContactCompany],
    pub(super) deals: &'a [DealLink],
}

fn users(conn: &mut DbConn, g: &mut Gen<'_>, sizes: Sizes) -> Result<Vec<UserId>, DbError> {
    g.bar.set_message("users");
    let mut user_ids = Vec::with_capacity(sizes.users as usize);
    let mut batch = Vec::new();
    for i in 0..sizes.users.max(1) {
        let id = UserId(g.ids.next());
        if i == 0 && seed::user_exists(conn, id)? {
            return Err(DbError::Duplicate(format!(
                "the synthetic data set with seed {} is already loaded; use another --seed",
                sizes.seed
            )));
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
                login: None,
                team_id: None,
                active: true,
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
