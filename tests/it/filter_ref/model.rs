//! An in-memory copy of a database: every row of the filterable entities (live and deleted) as a
//! map from column name to value, plus the tag links. Loaded with plain Diesel queries, never
//! through the filter code.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rolo::db::models::{Activity, Company, Contact, Deal, Stage, Tag, User};
use rolo::db::schema::{
    activities, companies, company_tags, contact_tags, contacts, deal_tags, deals, pipeline_stages,
    tags, users,
};
use rolo::db::DbConn;
use rolo::domain::{CompanyId, ContactId, DealId, Entity, Id, TagId};

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    Time(NaiveDateTime),
    Id(Id),
}

impl Val {
    fn text(s: &str) -> Val {
        Val::Text(s.to_string())
    }
    fn opt_text(s: &Option<String>) -> Val {
        s.as_deref().map_or(Val::Null, Val::text)
    }
    fn opt_int(v: Option<i64>) -> Val {
        v.map_or(Val::Null, Val::Int)
    }
    fn opt_id(v: Option<Id>) -> Val {
        v.map_or(Val::Null, Val::Id)
    }
    fn opt_time(v: Option<NaiveDateTime>) -> Val {
        v.map_or(Val::Null, Val::Time)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: Id,
    pub deleted_at: Option<NaiveDateTime>,
    pub cols: BTreeMap<&'static str, Val>,
}

impl Row {
    pub fn live(&self) -> bool {
        self.deleted_at.is_none()
    }

    pub fn get(&self, column: &str) -> &Val {
        self.cols
            .get(column)
            .unwrap_or_else(|| panic!("the snapshot has no column '{column}'"))
    }

    /// Text of a column, if it is non-NULL text.
    pub fn text(&self, column: &str) -> Option<&str> {
        match self.get(column) {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }

    fn new(
        id: Id,
        created_at: NaiveDateTime,
        updated_at: NaiveDateTime,
        deleted_at: Option<NaiveDateTime>,
        cols: Vec<(&'static str, Val)>,
    ) -> Row {
        let mut map: BTreeMap<&'static str, Val> = cols.into_iter().collect();
        map.insert("id", Val::Id(id));
        map.insert("created_at", Val::Time(created_at));
        map.insert("updated_at", Val::Time(updated_at));
        map.insert("deleted_at", Val::opt_time(deleted_at));
        Row {
            id,
            deleted_at,
            cols: map,
        }
    }
}

/// The entities the filter language lists.
pub const ENTITIES: [Entity; 7] = [
    Entity::Users,
    Entity::Stages,
    Entity::Tags,
    Entity::Companies,
    Entity::Contacts,
    Entity::Deals,
    Entity::Activities,
];

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub rows: HashMap<Entity, Vec<Row>>,
    index: HashMap<Entity, HashMap<Id, usize>>,
    /// (record id, tag id) per tagged entity.
    pub tag_links: HashMap<Entity, Vec<(Id, Id)>>,
}

fn user_row(u: &User) -> Row {
    let f = &u.fields;
    Row::new(
        u.id.id(),
        u.created_at,
        u.updated_at,
        u.deleted_at,
        vec![
            ("name", Val::text(&f.name)),
            ("email", Val::text(&f.email)),
            ("role", Val::text(f.role.as_str())),
            ("timezone", Val::text(&f.timezone)),
            ("login", Val::opt_text(&f.login)),
            ("team_id", Val::opt_id(f.team_id.map(|t| t.id()))),
            ("active", Val::Bool(f.active)),
        ],
    )
}

fn stage_row(s: &Stage) -> Row {
    let f = &s.fields;
    Row::new(
        s.id.id(),
        s.created_at,
        s.updated_at,
        s.deleted_at,
        vec![
            ("name", Val::text(&f.name)),
            ("position", Val::Int(f.position.into())),
            ("probability", Val::Int(f.probability.into())),
            ("color", Val::text(&f.color)),
            ("kind", Val::text(f.kind.as_str())),
            ("active", Val::Bool(f.active)),
        ],
    )
}

fn tag_row(t: &Tag) -> Row {
    Row::new(
        t.id.id(),
        t.created_at,
        t.updated_at,
        t.deleted_at,
        vec![
            ("name", Val::text(&t.fields.name)),
            ("color", Val::text(&t.fields.color)),
        ],
    )
}

/// The rows with their `external_id` and `external_source` columns, as stored.
fn with_external(conn: &mut DbConn, entity: Entity, mut rows: Vec<Row>) -> Vec<Row> {
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let refs = rolo::db::repo::external::of(conn, entity, &ids).expect("load external ids");
    for r in &mut rows {
        let x = refs.get(&r.id);
        let id = x.map(|x| x.id.clone());
        let source = x.map(|x| x.source.clone());
        r.cols.insert("external_id", Val::opt_text(&id));
        r.cols.insert("external_source", Val::opt_text(&source));
    }
    rows
}

fn company_row(c: &Company) -> Row {
    let f = &c.fields;
    Row::new(
        c.id.id(),
        c.created_at,
        c.updated_at,
        c.deleted_at,
        vec![
            ("name", Val::text(&f.name)),
            ("domain", Val::opt_text(&f.domain)),
            ("website", Val::opt_text(&f.website)),
            ("industry", Val::opt_text(&f.industry)),
            ("size", f.size.map_or(Val::Null, |s| Val::text(s.as_str()))),
            ("status", Val::text(f.status.as_str())),
            ("category", Val::opt_text(&f.category)),
            ("phone", Val::opt_text(&f.phone)),
            ("email", Val::opt_text(&f.email)),
            ("billing_street", Val::opt_text(&f.billing_street)),
            ("billing_city", Val::opt_text(&f.billing_city)),
            ("billing_region", Val::opt_text(&f.billing_region)),
            ("billing_postal_code", Val::opt_text(&f.billing_postal_code)),
            ("billing_country", Val::opt_text(&f.billing_country)),
            ("annual_revenue", Val::opt_int(f.annual_revenue)),
            ("currency", Val::text(&f.currency)),
            (
                "employee_count",
                Val::opt_int(f.employee_count.map(i64::from)),
            ),
            ("parent_id", Val::opt_id(f.parent_id.map(CompanyId::id))),
            ("owner_id", Val::opt_id(f.owner_id.map(|u| u.id()))),
            ("notes", Val::opt_text(&f.notes)),
        ],
    )
}

fn contact_row(c: &Contact) -> Row {
    let f = &c.fields;
    Row::new(
        c.id.id(),
        c.created_at,
        c.updated_at,
        c.deleted_at,
        vec![
            ("company_id", Val::opt_id(f.company_id.map(CompanyId::id))),
            ("first_name", Val::text(&f.first_name)),
            ("last_name", Val::opt_text(&f.last_name)),
            ("email", Val::opt_text(&f.email)),
            ("phone", Val::opt_text(&f.phone)),
            ("mobile_phone", Val::opt_text(&f.mobile_phone)),
            ("title", Val::opt_text(&f.title)),
            ("is_primary", Val::Bool(f.is_primary)),
            ("preferred_channel", Val::text(f.preferred_channel.as_str())),
            ("do_not_contact", Val::Bool(f.do_not_contact)),
            ("owner_id", Val::opt_id(f.owner_id.map(|u| u.id()))),
            ("notes", Val::opt_text(&f.notes)),
        ],
    )
}

fn deal_row(d: &Deal) -> Row {
    let f = &d.fields;
    Row::new(
        d.id.id(),
        d.created_at,
        d.updated_at,
        d.deleted_at,
        vec![
            ("title", Val::text(&f.title)),
            ("company_id", Val::opt_id(f.company_id.map(CompanyId::id))),
            ("contact_id", Val::opt_id(f.contact_id.map(ContactId::id))),
            ("stage_id", Val::Id(f.stage_id.id())),
            ("value", Val::Int(f.value)),
            ("currency", Val::text(&f.currency)),
            (
                "expected_close",
                f.expected_close.map_or(Val::Null, Val::Date),
            ),
            ("probability", Val::opt_int(f.probability.map(i64::from))),
            ("status", Val::text(f.status.as_str())),
            ("priority", Val::text(f.priority.as_str())),
            ("owner_id", Val::opt_id(f.owner_id.map(|u| u.id()))),
            ("lost_reason", Val::opt_text(&f.lost_reason)),
            ("closed_at", Val::opt_time(f.closed_at)),
        ],
    )
}

fn activity_row(a: &Activity) -> Row {
    let f = &a.fields;
    Row::new(
        a.id.id(),
        a.created_at,
        a.updated_at,
        a.deleted_at,
        vec![
            ("kind", Val::text(f.kind.as_str())),
            ("subject", Val::text(&f.subject)),
            ("body", Val::opt_text(&f.body)),
            (
                "outcome",
                f.outcome.map_or(Val::Null, |o| Val::text(o.as_str())),
            ),
            ("company_id", Val::opt_id(f.company_id.map(CompanyId::id))),
            ("contact_id", Val::opt_id(f.contact_id.map(ContactId::id))),
            ("deal_id", Val::opt_id(f.deal_id.map(DealId::id))),
            ("owner_id", Val::opt_id(f.owner_id.map(|u| u.id()))),
            ("assignee_id", Val::opt_id(f.assignee_id.map(|u| u.id()))),
            ("due_at", Val::opt_time(f.due_at)),
            ("completed_at", Val::opt_time(f.completed_at)),
        ],
    )
}

impl Snapshot {
    /// Every row of every filterable table, live and deleted.
    pub fn load(conn: &mut DbConn) -> Snapshot {
        let mut s = Snapshot::default();
        let users: Vec<User> = users::table
            .select(User::as_select())
            .load(conn)
            .expect("load users");
        s.put(Entity::Users, users.iter().map(user_row).collect());
        let stages: Vec<Stage> = pipeline_stages::table
            .select(Stage::as_select())
            .load(conn)
            .expect("load stages");
        s.put(Entity::Stages, stages.iter().map(stage_row).collect());
        let tag_rows: Vec<Tag> = tags::table
            .select(Tag::as_select())
            .load(conn)
            .expect("load tags");
        s.put(Entity::Tags, tag_rows.iter().map(tag_row).collect());
        let rows: Vec<Company> = companies::table
            .select(Company::as_select())
            .load(conn)
            .expect("load companies");
        s.put(
            Entity::Companies,
            with_external(
                conn,
                Entity::Companies,
                rows.iter().map(company_row).collect(),
            ),
        );
        let rows: Vec<Contact> = contacts::table
            .select(Contact::as_select())
            .load(conn)
            .expect("load contacts");
        s.put(
            Entity::Contacts,
            with_external(
                conn,
                Entity::Contacts,
                rows.iter().map(contact_row).collect(),
            ),
        );
        let rows: Vec<Deal> = deals::table
            .select(Deal::as_select())
            .load(conn)
            .expect("load deals");
        s.put(
            Entity::Deals,
            with_external(conn, Entity::Deals, rows.iter().map(deal_row).collect()),
        );
        let rows: Vec<Activity> = activities::table
            .select(Activity::as_select())
            .load(conn)
            .expect("load activities");
        s.put(Entity::Activities, rows.iter().map(activity_row).collect());

        let links: Vec<(CompanyId, TagId)> = company_tags::table
            .select((company_tags::company_id, company_tags::tag_id))
            .load(conn)
            .expect("load company tags");
        s.tag_links.insert(
            Entity::Companies,
            links.into_iter().map(|(a, b)| (a.id(), b.id())).collect(),
        );
        let links: Vec<(ContactId, TagId)> = contact_tags::table
            .select((contact_tags::contact_id, contact_tags::tag_id))
            .load(conn)
            .expect("load contact tags");
        s.tag_links.insert(
            Entity::Contacts,
            links.into_iter().map(|(a, b)| (a.id(), b.id())).collect(),
        );
        let links: Vec<(DealId, TagId)> = deal_tags::table
            .select((deal_tags::deal_id, deal_tags::tag_id))
            .load(conn)
            .expect("load deal tags");
        s.tag_links.insert(
            Entity::Deals,
            links.into_iter().map(|(a, b)| (a.id(), b.id())).collect(),
        );
        s
    }

    fn put(&mut self, entity: Entity, mut rows: Vec<Row>) {
        rows.sort_by_key(|r| r.id);
        let index = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        self.index.insert(entity, index);
        self.rows.insert(entity, rows);
    }

    pub fn rows(&self, entity: Entity) -> &[Row] {
        self.rows.get(&entity).map_or(&[], Vec::as_slice)
    }

    pub fn row(&self, entity: Entity, id: Id) -> Option<&Row> {
        let i = *self.index.get(&entity)?.get(&id)?;
        self.rows.get(&entity).map(|rows| &rows[i])
    }

    pub fn links(&self, entity: Entity) -> &[(Id, Id)] {
        self.tag_links.get(&entity).map_or(&[], Vec::as_slice)
    }

    /// A short, human description of a row for failure messages.
    pub fn describe(&self, entity: Entity, id: Id) -> String {
        let Some(r) = self.row(entity, id) else {
            return format!("{id} (not in the snapshot)");
        };
        let key = natural_key(entity, r);
        let cols: Vec<String> = r
            .cols
            .iter()
            .filter(|(k, v)| !matches!(v, Val::Null) && **k != "id")
            .map(|(k, v)| match v {
                Val::Text(s) => format!("{k}={s:?}"),
                Val::Int(i) => format!("{k}={i}"),
                Val::Bool(b) => format!("{k}={b}"),
                Val::Date(d) => format!("{k}={d}"),
                Val::Time(t) => format!("{k}={t}"),
                Val::Id(i) => format!("{k}={}", short(*i)),
                Val::Null => String::new(),
            })
            .collect();
        format!("{} [{key}] {{{}}}", short(id), cols.join(", "))
    }

    /// This snapshot with every id (row ids and id-valued columns) passed through `map`.
    pub fn translated(&self, map: &HashMap<Id, Id>) -> Snapshot {
        let tr = |id: Id| *map.get(&id).unwrap_or(&id);
        let mut out = Snapshot::default();
        for (entity, rows) in &self.rows {
            let rows = rows
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.id = tr(r.id);
                    for v in r.cols.values_mut() {
                        if let Val::Id(i) = v {
                            *i = tr(*i);
                        }
                    }
                    r
                })
                .collect();
            out.put(*entity, rows);
        }
        for (entity, links) in &self.tag_links {
            let mut links: Vec<(Id, Id)> = links.iter().map(|(a, b)| (tr(*a), tr(*b))).collect();
            links.sort();
            out.tag_links.insert(*entity, links);
        }
        out
    }

    /// Every stored text value, for finding characters the backends fold differently.
    pub fn all_text(&self) -> impl Iterator<Item = &str> {
        self.rows
            .values()
            .flatten()
            .flat_map(|r| r.cols.values())
            .filter_map(|v| match v {
                Val::Text(s) => Some(s.as_str()),
                _ => None,
            })
    }
}

pub fn short(id: Id) -> String {
    let s = id.to_string();
    s[s.len() - 8..].to_string()
}

/// What identifies a record hand-made or demo-seeded on both backends (whose ids differ): the
/// synthetic rows share ids, the others are matched by this.
pub fn natural_key(entity: Entity, r: &Row) -> String {
    let t = |c: &str| r.text(c).unwrap_or("").to_string();
    match entity {
        Entity::Users => t("email"),
        Entity::Stages | Entity::Tags | Entity::Companies => t("name"),
        Entity::Contacts => format!("{} {} <{}>", t("first_name"), t("last_name"), t("email")),
        Entity::Deals => t("title"),
        Entity::Activities => t("subject"),
        Entity::Teams => t("name"),
        Entity::Views => String::new(),
    }
}

/// Map the ids of `other` onto the ids of `base`: equal ids where both have them, else equal
/// natural keys (which must then be unique). Panics when the two data sets do not pair up.
pub fn pair_ids(base: &Snapshot, other: &Snapshot) -> HashMap<Id, Id> {
    let mut map = HashMap::new();
    for entity in ENTITIES {
        let base_rows = base.rows(entity);
        let other_rows = other.rows(entity);
        assert_eq!(
            base_rows.len(),
            other_rows.len(),
            "{entity}: the two databases hold different numbers of rows"
        );
        let mut unmatched: HashMap<String, Vec<Id>> = HashMap::new();
        for r in base_rows {
            if other.row(entity, r.id).is_none() {
                unmatched
                    .entry(natural_key(entity, r))
                    .or_default()
                    .push(r.id);
            }
        }
        for r in other_rows {
            if base.row(entity, r.id).is_some() {
                map.insert(r.id, r.id);
                continue;
            }
            let key = natural_key(entity, r);
            let candidates = unmatched.get_mut(&key).unwrap_or_else(|| {
                panic!("{entity}: no counterpart for {key:?} in the other database")
            });
            assert_eq!(
                candidates.len(),
                1,
                "{entity}: natural key {key:?} is ambiguous"
            );
            map.insert(r.id, candidates.remove(0));
        }
    }
    map
}
