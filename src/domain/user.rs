//! Users: the people who own records and act on them.

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{Role, TeamId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserDraft {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub timezone: String,
    /// The PostgreSQL role the user connects as, if any.
    pub login: Option<String>,
    /// The team the user belongs to: their records are that team's records.
    pub team_id: Option<TeamId>,
    /// An inactive user keeps their records but cannot act.
    pub active: bool,
}

impl UserDraft {
    pub fn new(name: impl Into<String>, email: impl Into<String>, role: Role) -> Self {
        UserDraft {
            name: name.into(),
            email: email.into(),
            role,
            timezone: "UTC".into(),
            login: None,
            team_id: None,
            active: true,
        }
    }

    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(v::required_text("name", &self.name, 200));
        let email = e.check(v::email("email", &self.email));
        let timezone = e.check(v::timezone("timezone", &self.timezone));
        let login = e.check(optional_login("login", self.login.as_deref()));
        let draft = UserDraft {
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            role: self.role,
            timezone: timezone.unwrap_or_default(),
            login: login.unwrap_or_default(),
            team_id: self.team_id,
            active: self.active,
        };
        e.into_result(draft)
    }

    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Users, field);
        match field {
            "name" => self.name = value.to_string(),
            "email" => self.email = value.to_string(),
            "role" => self.role = super::parse_required("role", value)?,
            "timezone" | "tz" => self.timezone = value.to_string(),
            "login" => {
                let v = value.trim();
                self.login = (!v.is_empty()).then(|| v.to_string());
            }
            "team_id" => self.team_id = super::parse_id("team_id", value)?,
            "active" => self.active = super::parse_bool("active", value)?,
            other => return Err(super::fields::unknown(super::Entity::Users, "users", other)),
        }
        Ok(())
    }
}

/// The role of someone who adds themselves when rolo asks who they are (a SQLite file, no acting
/// user yet): the first user of a database administers it; anyone after that starts as a sales
/// rep, which an admin may change (`rolo users update ID --set role=…`).
pub fn self_added_role(existing_users: i64) -> Role {
    if existing_users <= 0 {
        Role::Admin
    } else {
        Role::SalesRep
    }
}

/// A login is a PostgreSQL role name rolo can use unquoted: `^[a-z_][a-z0-9_]{0,62}$`.
pub fn is_login(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && s.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn optional_login(field: &'static str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(l) if is_login(l) => Ok(Some(l.to_string())),
        Some(l) => Err(FieldError::new(
            field,
            format!(
                "'{l}' is not a login (lower-case letters, digits and _, not starting with a digit, at most 63)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_user_to_add_themselves_is_the_admin() {
        assert_eq!(self_added_role(0), Role::Admin);
        assert_eq!(self_added_role(1), Role::SalesRep);
        assert_eq!(self_added_role(40), Role::SalesRep);
    }

    #[test]
    fn logins_are_plain_postgres_role_names() {
        for ok in ["jdoe", "_x", "a1_b2", &"a".repeat(63)] {
            assert!(is_login(ok), "{ok}");
        }
        for bad in [
            "",
            "1abc",
            "JDoe",
            "j-doe",
            "j doe",
            "jdöe",
            &"a".repeat(64),
        ] {
            assert!(!is_login(bad), "{bad}");
        }
    }

    #[test]
    fn login_blank_is_none_and_bad_is_named() {
        let mut d = UserDraft::new("Ada", "ada@example.com", Role::SalesRep);
        d.set("login", "  ").unwrap();
        assert_eq!(d.clone().validated().unwrap().login, None);
        d.set("login", "Ada Lovelace").unwrap();
        let e = d.validated().unwrap_err().to_string();
        assert!(e.contains("login"), "{e}");
    }
}
