//! The user form (admins, from `:users`): name, email, role, team (picked), time zone, the
//! PostgreSQL login and whether the user is active. Saved with `repo::user` as `rolo users
//! create/update` saves, so the same rules (admins only, unique email, the login role kept in
//! step on PostgreSQL) apply.

use std::sync::LazyLock;

use super::{apply, push_errors, specs, FieldSpec, Ref, Value};
use crate::db::models::UserFields;
use crate::domain::{Entity, Role, UserDraft};

/// The form's fields, as the user description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> = LazyLock::new(|| specs(Entity::Users, &[]));

fn blank_draft() -> UserDraft {
    UserDraft::new("", "", Role::SalesRep)
}

/// A new user's values: a sales rep in UTC, active, in no team.
pub fn blank() -> Vec<Value> {
    values(&UserFields::from(blank_draft()), None)
}

pub fn build(values: &[Value], errors: &mut Vec<(&'static str, String)>) -> Option<UserDraft> {
    let mut d = blank_draft();
    apply(&mut d, &FIELDS, values, &[], UserDraft::set, errors);
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

/// A stored user as form values, in spec order; `team` is their team by name.
pub fn values(f: &UserFields, team: Option<Ref>) -> Vec<Value> {
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "name" => Value::text(f.name.clone()),
            "email" => Value::text(f.email.clone()),
            "role" => Value::text(f.role.as_str()),
            "team_id" => Value::Ref(team.clone()),
            "timezone" => Value::text(f.timezone.clone()),
            "login" => Value::text(f.login.clone().unwrap_or_default()),
            "active" => Value::Bool(f.active),
            _ => Value::text(""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{FormDraft, FormKind, InputKind, RefKind};
    use super::*;
    use crate::domain::zone::Zone;
    use crate::domain::Id;

    #[test]
    fn the_form_picks_a_team_and_checks_every_field() {
        let kinds: Vec<(&str, InputKind)> = FIELDS.iter().map(|f| (f.name, f.kind)).collect();
        assert!(
            kinds.contains(&("team_id", InputKind::Ref(RefKind::Team))),
            "{kinds:?}"
        );
        assert!(kinds.contains(&("active", InputKind::Bool)), "{kinds:?}");
        let mut values = blank();
        let at = |n: &str| FormKind::User.position(n).unwrap();
        values[at("name")] = Value::text(" 李小龍 🐉 ");
        values[at("email")] = Value::text("Lee@Example.com");
        values[at("role")] = Value::text("manager");
        let team = Id(uuid::Uuid::from_u128(7));
        values[at("team_id")] = Value::Ref(Some(Ref {
            id: team,
            label: "North".into(),
        }));
        values[at("login")] = Value::text("lee");
        let built = FormKind::User.build(&values, Zone::Local);
        let Some(FormDraft::User(d)) = built.draft else {
            panic!("{:?}", built.errors);
        };
        assert_eq!(d.name, "李小龍 🐉");
        assert_eq!(d.role, Role::Manager);
        assert_eq!(d.team_id.map(|t| t.id()), Some(team));
        assert_eq!(d.login.as_deref(), Some("lee"));
        assert_eq!(FormKind::User.label(&values), "李小龍 🐉");

        values[at("email")] = Value::text("nope");
        values[at("login")] = Value::text("Not A Login");
        values[at("timezone")] = Value::text("Mars/Olympus");
        let built = FormKind::User.build(&values, Zone::Local);
        assert!(built.draft.is_none());
        let fields: Vec<&str> = built.errors.iter().map(|(f, _)| *f).collect();
        for f in ["email", "login", "timezone"] {
            assert!(fields.contains(&f), "{f}: {:?}", built.errors);
        }
    }
}
