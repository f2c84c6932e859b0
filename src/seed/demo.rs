//! The fixed demo data set: 3 users, 8 companies, 6 contacts, 6 pipeline stages, 7 deals and
//! 6 activities. Every record is found by its natural key first (email, name, title, subject), so
//! running the seed again adds nothing. Dates are relative to today, so some tasks are always overdue.

use std::fmt;

use chrono::{Duration, NaiveDateTime};

use super::synthetic::default_stages;
use crate::db::repo::{activity, company, contact, deal, named, stage, tag, user};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{
    ActivityDraft, ActivityKind, Channel, CompanyDraft, CompanyId, CompanySize, CompanyStatus,
    ContactDraft, ContactId, DealDraft, DealId, Outcome, Priority, Role, Tagged, UserDraft, UserId,
};

/// How many records the seed created (zero everywhere on a second run).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Created {
    pub users: usize,
    pub stages: usize,
    pub companies: usize,
    pub contacts: usize,
    pub deals: usize,
    pub activities: usize,
}

impl fmt::Display for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.users
            + self.stages
            + self.companies
            + self.contacts
            + self.deals
            + self.activities;
        if total == 0 {
            return f.write_str("demo data already present; nothing added");
        }
        write!(
            f,
            "demo data added: {} users, {} pipeline stages, {} companies, {} contacts, {} deals, {} activities",
            self.users, self.stages, self.companies, self.contacts, self.deals, self.activities
        )
    }
}

struct CompanySpec {
    name: &'static str,
    domain: &'static str,
    industry: &'static str,
    size: CompanySize,
    status: CompanyStatus,
    category: Option<&'static str>,
    city: &'static str,
    region: &'static str,
    country: &'static str,
    employees: i32,
    revenue_major: i64,
    currency: &'static str,
    owner: usize,
}

const USERS: [(&str, &str, Role); 3] = [
    ("Avery Chen", "avery.chen@rolo.example", Role::Admin),
    ("Jordan Patel", "jordan.patel@rolo.example", Role::SalesRep),
    ("Morgan Reyes", "morgan.reyes@rolo.example", Role::Manager),
];

#[rustfmt::skip]
const COMPANIES: [CompanySpec; 8] = [
    CompanySpec { name: "Brightline Software", domain: "brightline.io", industry: "software", size: CompanySize::Medium, status: CompanyStatus::Customer, category: Some("Commercial"), city: "Berlin", region: "Berlin", country: "DE", employees: 180, revenue_major: 24_000_000, currency: "EUR", owner: 1 },
    CompanySpec { name: "Harbor & Pine Restaurants", domain: "harborandpine.com", industry: "hospitality", size: CompanySize::Small, status: CompanyStatus::Prospect, category: Some("restaurant"), city: "Portland", region: "OR", country: "US", employees: 85, revenue_major: 6_500_000, currency: "USD", owner: 1 },
    CompanySpec { name: "Keystone Logistics", domain: "keystone-logistics.nl", industry: "logistics", size: CompanySize::Large, status: CompanyStatus::Customer, category: Some("Commercial"), city: "Rotterdam", region: "South Holland", country: "NL", employees: 1_400, revenue_major: 310_000_000, currency: "EUR", owner: 2 },
    CompanySpec { name: "Meridian Health Partners", domain: "meridianhealth.org", industry: "healthcare", size: CompanySize::Enterprise, status: CompanyStatus::Prospect, category: None, city: "Boston", region: "MA", country: "US", employees: 12_000, revenue_major: 2_100_000_000, currency: "USD", owner: 2 },
    CompanySpec { name: "Northwind Distributors", domain: "northwind-dist.com", industry: "wholesale", size: CompanySize::Medium, status: CompanyStatus::Partner, category: Some("distributor"), city: "Chicago", region: "IL", country: "US", employees: 240, revenue_major: 58_000_000, currency: "USD", owner: 0 },
    CompanySpec { name: "Solano Home Services", domain: "solanohome.com", industry: "construction", size: CompanySize::Solo, status: CompanyStatus::Lead, category: Some("Residential"), city: "Sacramento", region: "CA", country: "US", employees: 1, revenue_major: 180_000, currency: "USD", owner: 1 },
    CompanySpec { name: "Tidewater Capital", domain: "tidewatercap.co.uk", industry: "finance", size: CompanySize::Small, status: CompanyStatus::Inactive, category: None, city: "London", region: "England", country: "GB", employees: 35, revenue_major: 9_000_000, currency: "GBP", owner: 2 },
    CompanySpec { name: "Quanta Robotics", domain: "quanta-robotics.de", industry: "manufacturing", size: CompanySize::Large, status: CompanyStatus::Lead, category: Some("Commercial"), city: "Munich", region: "Bavaria", country: "DE", employees: 2_600, revenue_major: 480_000_000, currency: "EUR", owner: 1 },
];

/// (first, last, title, email, phone, company index, primary, channel, owner)
type ContactSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    bool,
    Channel,
    usize,
);
#[rustfmt::skip]
const CONTACTS: [ContactSpec; 6] = [
    ("Lena", "Vogel", "CTO", "lena.vogel@brightline.io", "+49 30 5550 1234", 0, true, Channel::Email, 1),
    ("Marcus", "Bell", "Owner", "marcus@harborandpine.com", "+1 503 555 0142", 1, true, Channel::Phone, 1),
    ("Priya", "Raman", "VP Operations", "p.raman@keystone-logistics.nl", "+31 10 555 0199", 2, true, Channel::Email, 2),
    ("Daniel", "Okafor", "Director of Procurement", "daniel.okafor@meridianhealth.org", "+1 617 555 0175", 3, false, Channel::Email, 2),
    ("Sofia", "Marquez", "Purchasing Manager", "sofia.marquez@northwind-dist.com", "+1 312 555 0110", 4, true, Channel::Sms, 0),
    ("Tobias", "Brandt", "Head of Automation", "t.brandt@quanta-robotics.de", "+49 89 5550 7788", 7, true, Channel::Email, 1),
];

/// (title, company, contact, stage, value in major units, currency, close in days, priority, owner, lost reason)
type DealSpec = (
    &'static str,
    usize,
    usize,
    &'static str,
    i64,
    &'static str,
    i64,
    Priority,
    usize,
    Option<&'static str>,
);
#[rustfmt::skip]
const DEALS: [DealSpec; 7] = [
    ("Brightline platform renewal 2027", 0, 0, "Negotiation", 48_000, "EUR", 21, Priority::High, 1, None),
    ("Brightline analytics add-on", 0, 0, "Proposal", 12_500, "EUR", 45, Priority::Medium, 1, None),
    ("Harbor & Pine POS rollout, 3 locations", 1, 1, "Qualified", 18_000, "USD", 60, Priority::Medium, 1, None),
    ("Keystone fleet tracking expansion", 2, 2, "Won", 96_000, "EUR", -10, Priority::High, 2, None),
    ("Meridian patient intake pilot", 3, 3, "Lead", 25_000, "USD", 90, Priority::Low, 2, None),
    ("Northwind distributor portal", 4, 4, "Lost", 30_000, "USD", -30, Priority::Medium, 0, Some("Chose an in-house build")),
    ("Quanta line monitoring", 7, 5, "Proposal", 64_000, "EUR", -3, Priority::High, 1, None),
];

/// (kind, subject, company, contact, deal, due in hours (None = no due date), done, outcome, owner)
type ActivitySpec = (
    ActivityKind,
    &'static str,
    usize,
    Option<usize>,
    Option<usize>,
    Option<i64>,
    bool,
    Option<Outcome>,
    usize,
);
#[rustfmt::skip]
const ACTIVITIES: [ActivitySpec; 6] = [
    (ActivityKind::Call, "Renewal terms call with Lena", 0, Some(0), Some(0), None, true, Some(Outcome::Positive), 1),
    (ActivityKind::Email, "Sent POS proposal to Marcus", 1, Some(1), Some(2), None, true, Some(Outcome::Neutral), 1),
    (ActivityKind::Meeting, "Fleet tracking kickoff", 2, Some(2), Some(3), Some(-24 * 12), true, Some(Outcome::Positive), 2),
    (ActivityKind::Task, "Send revised quote to Quanta", 7, Some(5), Some(6), Some(-48), false, None, 1),
    (ActivityKind::Task, "Follow up with Daniel on pilot scope", 3, Some(3), Some(4), Some(-20), false, None, 2),
    (ActivityKind::Task, "Prepare negotiation call with Brightline", 0, Some(0), Some(0), Some(72), false, None, 1),
];

pub fn load(conn: &mut DbConn, actor: Option<UserId>) -> Result<Created, DbError> {
    write_transaction(conn, |conn| load_in_transaction(conn, actor))
}

fn load_in_transaction(conn: &mut DbConn, actor: Option<UserId>) -> Result<Created, DbError> {
    let mut created = Created::default();
    let today: NaiveDateTime = now();
    let users = users(conn, actor, &mut created)?;
    let actor = actor.or(Some(users[0]));
    for draft in default_stages() {
        if stage::find_by_name(conn, &draft.name)?.is_none() {
            stage::create(conn, actor, draft)?;
            created.stages += 1;
        }
    }
    let companies = companies(conn, actor, &users, &mut created)?;
    let contacts = contacts(conn, actor, &users, &companies, &mut created)?;
    let ids = Ids {
        users,
        companies,
        contacts,
    };
    let deals = deals(conn, actor, &ids, today, &mut created)?;
    activities(conn, actor, &ids, &deals, today, &mut created)?;
    if created.companies > 0 {
        let vip = tag::ensure(conn, actor, "vip")?;
        tag::attach(conn, actor, vip.id, Tagged::Company(ids.companies[2]))?;
        tag::attach(conn, actor, vip.id, Tagged::Company(ids.companies[0]))?;
        let risk = tag::ensure(conn, actor, "churn-risk")?;
        tag::attach(conn, actor, risk.id, Tagged::Company(ids.companies[6]))?;
        let strategic = tag::ensure(conn, actor, "strategic")?;
        tag::attach(conn, actor, strategic.id, Tagged::Deal(deals[0]))?;
    }
    Ok(created)
}

/// The ids of the demo's records, in the order of their specs (found or created).
struct Ids {
    users: Vec<UserId>,
    companies: Vec<CompanyId>,
    contacts: Vec<ContactId>,
}

fn users(
    conn: &mut DbConn,
    actor: Option<UserId>,
    created: &mut Created,
) -> Result<Vec<UserId>, DbError> {
    let mut users = Vec::new();
    for (name, email, role) in USERS {
        let u = match user::find_by_email(conn, email)? {
            Some(u) => u,
            None => {
                created.users += 1;
                user::create(conn, actor, UserDraft::new(name, email, role))?
            }
        };
        users.push(u.id);
    }
    Ok(users)
}

fn companies(
    conn: &mut DbConn,
    actor: Option<UserId>,
    users: &[UserId],
    created: &mut Created,
) -> Result<Vec<CompanyId>, DbError> {
    let mut company_ids: Vec<CompanyId> = Vec::new();
    for c in &COMPANIES {
        let id = match named::company_named(conn, c.name)? {
            Some(id) => id,
            None => {
                let mut d = CompanyDraft::new(c.name);
                d.domain = Some(c.domain.into());
                d.website = Some(format!("https://www.{}", c.domain));
                d.industry = Some(c.industry.into());
                d.size = Some(c.size);
                d.status = c.status;
                d.category = c.category.map(Into::into);
                d.email = Some(format!("hello@{}", c.domain));
                d.billing.city = Some(c.city.into());
                d.billing.region = Some(c.region.into());
                d.billing.country = Some(c.country.into());
                d.employee_count = Some(c.employees);
                d.currency = c.currency.into();
                d.annual_revenue = Some(c.revenue_major * 100);
                d.owner_id = Some(users[c.owner]);
                created.companies += 1;
                company::create(conn, actor, d)?.id
            }
        };
        company_ids.push(id);
    }
    Ok(company_ids)
}

fn contacts(
    conn: &mut DbConn,
    actor: Option<UserId>,
    users: &[UserId],
    company_ids: &[CompanyId],
    created: &mut Created,
) -> Result<Vec<ContactId>, DbError> {
    let mut contact_ids: Vec<ContactId> = Vec::new();
    for (first, last, title, email, phone, company_ix, primary, channel, owner) in CONTACTS {
        let id = match named::contact_with_email(conn, email)? {
            Some(id) => id,
            None => {
                let mut d = ContactDraft::new(first);
                d.last_name = Some(last.into());
                d.title = Some(title.into());
                d.email = Some(email.into());
                d.phone = Some(phone.into());
                d.company_id = Some(company_ids[company_ix]);
                d.is_primary = primary;
                d.preferred_channel = channel;
                d.owner_id = Some(users[owner]);
                created.contacts += 1;
                contact::create(conn, actor, d)?.id
            }
        };
        contact_ids.push(id);
    }
    Ok(contact_ids)
}

fn deals(
    conn: &mut DbConn,
    actor: Option<UserId>,
    ids: &Ids,
    today: NaiveDateTime,
    created: &mut Created,
) -> Result<Vec<DealId>, DbError> {
    let mut deal_ids = Vec::new();
    for (
        title,
        company_ix,
        contact_ix,
        stage_name,
        value,
        currency,
        close_days,
        priority,
        owner,
        lost,
    ) in DEALS
    {
        let id = match named::deal_titled(conn, title)? {
            Some(id) => id,
            None => {
                let stage =
                    stage::find_by_name(conn, stage_name)?.ok_or_else(|| DbError::NotFound {
                        entity: crate::domain::Entity::Stages,
                        id: crate::domain::Id::default(),
                    })?;
                let mut d = DealDraft::new(title, stage.id);
                d.company_id = Some(ids.companies[company_ix]);
                d.contact_id = Some(ids.contacts[contact_ix]);
                d.value = value * 100;
                d.currency = currency.into();
                d.expected_close = Some((today + Duration::days(close_days)).date());
                d.priority = priority;
                d.owner_id = Some(ids.users[owner]);
                d.lost_reason = lost.map(Into::into);
                created.deals += 1;
                deal::create(conn, actor, d)?.id
            }
        };
        deal_ids.push(id);
    }
    Ok(deal_ids)
}

fn activities(
    conn: &mut DbConn,
    actor: Option<UserId>,
    ids: &Ids,
    deal_ids: &[DealId],
    today: NaiveDateTime,
    created: &mut Created,
) -> Result<(), DbError> {
    for (kind, subject, company_ix, contact_ix, deal_ix, due_hours, done, outcome, owner) in
        ACTIVITIES
    {
        if named::activity_with_subject(conn, subject)? {
            continue;
        }
        let mut d = ActivityDraft::new(kind, subject);
        d.company_id = Some(ids.companies[company_ix]);
        d.contact_id = contact_ix.map(|i| ids.contacts[i]);
        d.deal_id = deal_ix.map(|i| deal_ids[i]);
        d.due_at = due_hours.map(|h| today + Duration::hours(h));
        d.completed_at = done.then(|| today - Duration::days(2));
        d.outcome = outcome;
        d.owner_id = Some(ids.users[owner]);
        d.assignee_id = Some(ids.users[owner]);
        activity::create(conn, actor, d)?;
        created.activities += 1;
    }
    Ok(())
}
