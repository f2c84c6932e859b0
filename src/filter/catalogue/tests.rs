use super::*;
use crate::domain::*;

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| name(*v)).collect()
}

/// Filter fields a user cannot set: stamps the database keeps, a deal's outcome (set by the
/// board's won/lost move) and the external reference (set by import).
const NOT_SETTABLE: &[&str] = &[
    "created",
    "updated",
    "closed",
    "external_id",
    "external_source",
];

/// Every filter field name is also a `--set` name (through `domain::fields`), so
/// `companies create --set city=Berlin` works as `city:Berlin` does.
#[test]
fn filter_names_are_set_names() {
    let set = |entity: Entity, name: &str| -> Result<(), FieldError> {
        match entity {
            Entity::Companies => CompanyDraft::new("x").set(name, ""),
            Entity::Contacts => ContactDraft::new("x").set(name, ""),
            Entity::Deals => DealDraft::new("x", StageId::new()).set(name, ""),
            Entity::Activities => ActivityDraft::new(ActivityKind::Note, "x").set(name, ""),
            Entity::Users => UserDraft::new("x", "x", Role::SalesRep).set(name, ""),
            Entity::Stages => StageDraft::new("x", 0, 0, StageKind::Open).set(name, ""),
            Entity::Teams => crate::domain::TeamDraft::new("x").set(name, ""),
            Entity::Tags | Entity::Views => Ok(()),
        }
    };
    for entity in Entity::ALL {
        for f in fields(*entity) {
            let deal_status = *entity == Entity::Deals && f.name == "status";
            if NOT_SETTABLE.contains(&f.name) || deal_status {
                continue;
            }
            if let Err(e) = set(*entity, f.name) {
                assert_ne!(e.field, "field", "{entity:?}.{}: {e}", f.name);
            }
        }
    }
}

#[test]
fn enum_values_match_the_domain() {
    let words = |entity: Entity, name: &str| match field(entity, name).map(|f| f.kind) {
        Some(ValueKind::Enum(w)) => w.to_vec(),
        other => panic!("{entity:?}.{name}: {other:?}"),
    };
    let cases = [
        (
            Entity::Companies,
            "size",
            names(CompanySize::ALL, CompanySize::as_str),
        ),
        (
            Entity::Companies,
            "status",
            names(CompanyStatus::ALL, CompanyStatus::as_str),
        ),
        (
            Entity::Contacts,
            "channel",
            names(Channel::ALL, Channel::as_str),
        ),
        (
            Entity::Deals,
            "status",
            names(DealStatus::ALL, DealStatus::as_str),
        ),
        (
            Entity::Deals,
            "priority",
            names(Priority::ALL, Priority::as_str),
        ),
        (
            Entity::Activities,
            "kind",
            names(ActivityKind::ALL, ActivityKind::as_str),
        ),
        (
            Entity::Activities,
            "outcome",
            names(Outcome::ALL, Outcome::as_str),
        ),
        (Entity::Users, "role", names(Role::ALL, Role::as_str)),
        (
            Entity::Stages,
            "kind",
            names(StageKind::ALL, StageKind::as_str),
        ),
    ];
    for (entity, name, expected) in cases {
        assert_eq!(words(entity, name), expected, "{entity:?}.{name}");
    }
}

/// Every catalogue entry is a described filter field, listed first in its order, and every
/// other described filter field follows, unindexed.
#[test]
fn the_catalogue_is_the_description_s_filter_fields() {
    for entity in Entity::ALL {
        let listed: Vec<&str> = entries(*entity).map(|(n, _)| *n).collect();
        let built = fields(*entity);
        let mut names: Vec<&str> = built.iter().map(|f| f.name).collect();
        assert_eq!(names[..listed.len()], listed[..], "{entity:?}");
        assert!(
            built[listed.len()..].iter().all(|f| !f.indexed),
            "{entity:?}"
        );
        let mut described: Vec<&str> = crate::domain::describe::describe(*entity)
            .fields
            .iter()
            .filter_map(|f| f.filter)
            .collect();
        described.sort_unstable();
        names.sort_unstable();
        assert_eq!(described, names, "{entity:?}");
    }
}

/// A field the description makes filterable needs no entry here: contacts' mobile phone.
#[test]
fn a_described_field_is_filterable_without_an_entry() {
    let f = field(Entity::Contacts, "mobile_phone").expect("mobile_phone is filterable");
    assert_eq!(
        (f.kind, f.column, f.indexed),
        (ValueKind::Text, "mobile_phone", false)
    );
}

#[test]
fn columns_and_kinds_come_from_the_description() {
    let city = field(Entity::Companies, "city").map(|f| (f.column, f.kind, f.nullable));
    assert_eq!(city, Some(("billing_city", ValueKind::Text, true)));
    let stage = field(Entity::Deals, "stage").map(|f| (f.column, f.kind, f.nullable));
    assert_eq!(stage, Some(("stage_id", ValueKind::Stage, false)));
    let created = field(Entity::Stages, "created").map(|f| (f.column, f.kind, f.indexed));
    assert_eq!(created, Some(("created_at", ValueKind::Timestamp, true)));
}
