use super::*;
use crate::domain::*;

const DESCRIBED: [Entity; 7] = [
    Entity::Companies,
    Entity::Contacts,
    Entity::Deals,
    Entity::Activities,
    Entity::Users,
    Entity::Stages,
    Entity::Teams,
];

/// `set` on a fresh draft of the entity.
fn set(entity: Entity, name: &str, value: &str) -> Result<(), FieldError> {
    match entity {
        Entity::Companies => CompanyDraft::new("x").set(name, value),
        Entity::Contacts => ContactDraft::new("x").set(name, value),
        Entity::Deals => DealDraft::new("x", StageId::new()).set(name, value),
        Entity::Activities => ActivityDraft::new(ActivityKind::Note, "x").set(name, value),
        Entity::Users => UserDraft::new("x", "x", Role::SalesRep).set(name, value),
        Entity::Stages => StageDraft::new("x", 0, 0, StageKind::Open).set(name, value),
        Entity::Teams => TeamDraft::new("x").set(name, value),
        Entity::Tags | Entity::Views => Ok(()),
    }
}

#[test]
fn every_settable_name_and_alias_is_taken_by_the_draft() {
    for entity in DESCRIBED {
        for name in describe(entity).set_names() {
            if let Err(e) = set(entity, name, "") {
                assert_ne!(e.field, "field", "{entity:?}.{name}: {e}");
            }
        }
    }
}

#[test]
fn unsettable_fields_are_refused_by_the_draft() {
    for entity in DESCRIBED {
        let d = describe(entity);
        for f in d.fields.iter().filter(|f| !f.settable) {
            let e = set(entity, f.name, "").expect_err(f.name);
            assert_eq!(e.field, "field", "{entity:?}.{}", f.name);
        }
    }
}

/// The unknown-field error lists exactly the description's names, so the draft takes no name the
/// description does not list.
#[test]
fn the_drafts_take_exactly_the_described_names() {
    for entity in DESCRIBED {
        let e = set(entity, "zzzzzzzz", "x").expect_err("unknown");
        let mut names = describe(entity).set_names();
        names.sort_unstable();
        names.dedup();
        let listed = format!("(fields: {})", names.join(", "));
        assert!(
            e.to_string().ends_with(&listed),
            "{entity:?}: {e} vs {listed}"
        );
    }
}

#[test]
fn names_are_unique_and_references_exist() {
    for entity in Entity::ALL {
        let d = describe(*entity);
        assert_eq!(d.entity, *entity);
        assert_eq!(d.singular, entity.singular());
        let mut typed: Vec<&str> = d
            .fields
            .iter()
            .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
            .collect();
        let n = typed.len();
        typed.sort_unstable();
        typed.dedup();
        assert_eq!(typed.len(), n, "{entity:?}: a name or alias is used twice");
        let mut filters: Vec<&str> = d.fields.iter().filter_map(|f| f.filter).collect();
        let n = filters.len();
        filters.sort_unstable();
        filters.dedup();
        assert_eq!(filters.len(), n, "{entity:?}: a filter name is used twice");
        for s in d.sorts {
            assert!(d.field(s.field).is_some(), "{entity:?} sort {}", s.name);
        }
        let mut sorts = d.sort_names();
        let n = sorts.len();
        sorts.dedup();
        assert_eq!(sorts.len(), n, "{entity:?}: a sort is named twice");
        for c in d.list.iter().chain(d.pane) {
            assert!(d.field(c.field).is_some(), "{entity:?} column {}", c.header);
        }
        for f in d.form {
            let known = *f == "tags" || d.field(f).is_some_and(|f| f.settable);
            assert!(known, "{entity:?} form field {f}");
        }
    }
}

#[test]
fn every_described_entity_has_a_default_sort_and_list_columns() {
    for entity in DESCRIBED {
        let d = describe(entity);
        assert!(d.default_sort().is_some(), "{entity:?}");
        assert!(!d.list.is_empty(), "{entity:?}");
    }
}

#[test]
fn enum_words_are_the_domain_enums() {
    fn words<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| name(*v)).collect()
    }
    let ty = |e: Entity, f: &str| {
        describe(e)
            .field(f)
            .map(|f| f.ty)
            .and_then(FieldType::words)
    };
    let cases: [(Entity, &str, Vec<&str>); 9] = [
        (
            Entity::Companies,
            "size",
            words(CompanySize::ALL, CompanySize::as_str),
        ),
        (
            Entity::Companies,
            "status",
            words(CompanyStatus::ALL, CompanyStatus::as_str),
        ),
        (
            Entity::Contacts,
            "preferred_channel",
            words(Channel::ALL, Channel::as_str),
        ),
        (
            Entity::Deals,
            "status",
            words(DealStatus::ALL, DealStatus::as_str),
        ),
        (
            Entity::Deals,
            "priority",
            words(Priority::ALL, Priority::as_str),
        ),
        (
            Entity::Activities,
            "kind",
            words(ActivityKind::ALL, ActivityKind::as_str),
        ),
        (
            Entity::Activities,
            "outcome",
            words(Outcome::ALL, Outcome::as_str),
        ),
        (Entity::Users, "role", words(Role::ALL, Role::as_str)),
        (
            Entity::Stages,
            "kind",
            words(StageKind::ALL, StageKind::as_str),
        ),
    ];
    for (entity, field, expected) in cases {
        assert_eq!(
            ty(entity, field),
            Some(expected.as_slice()),
            "{entity:?}.{field}"
        );
    }
}

#[test]
fn lookups() {
    let d = describe(Entity::Companies);
    assert_eq!(d.lookup("city").map(|f| f.name), Some("billing_city"));
    assert_eq!(
        d.filter_field("revenue").map(|f| f.name),
        Some("annual_revenue")
    );
    assert_eq!(
        d.field("billing_city").map(|f| f.label),
        Some("Billing city")
    );
    let c = describe(Entity::Contacts);
    assert_eq!(
        c.default_sort().map(|s| (s.name, s.label)),
        Some(("first_name", "first name"))
    );
    assert!(c.sortable("first_name") && c.sortable("email") && !c.sortable("notes"));
}
