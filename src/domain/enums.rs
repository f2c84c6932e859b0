//! The closed vocabularies of the CRM. Each enum is stored as its lower-case text (see the CHECK
//! constraints in the migrations) and parsed case-insensitively from user input.

use std::fmt;
use std::str::FromStr;

/// The value was not one of an enum's allowed names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {what} (expected one of: {allowed})")]
pub struct UnknownVariant {
    pub what: &'static str,
    pub value: String,
    pub allowed: String,
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WHAT: &'static str = $what;
            /// Every value's stored text, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().replace(['-', ' '], "_").to_ascii_lowercase();
                $(if wanted == $text { return Ok($name::$variant); })+
                Err(UnknownVariant {
                    what: $what,
                    value: s.to_string(),
                    allowed: [$($text),+].join(", "),
                })
            }
        }
    };
}

text_enum!(
    /// A user's role: what they may see and change (`domain::access`).
    Role, "role" { Admin => "admin", Manager => "manager", SalesRep => "sales_rep", ReadOnly => "read_only" }
);
text_enum!(CompanySize, "company size" {
    Solo => "solo", Small => "small", Medium => "medium", Large => "large", Enterprise => "enterprise"
});
text_enum!(CompanyStatus, "company status" {
    Lead => "lead", Prospect => "prospect", Customer => "customer", Partner => "partner", Inactive => "inactive"
});
text_enum!(Channel, "preferred channel" { Email => "email", Phone => "phone", Sms => "sms", None => "none" });
text_enum!(StageKind, "stage kind" { Open => "open", Won => "won", Lost => "lost" });
text_enum!(DealStatus, "deal status" { Open => "open", Won => "won", Lost => "lost" });
text_enum!(Priority, "priority" { Low => "low", Medium => "medium", High => "high" });
text_enum!(ActivityKind, "activity kind" {
    Call => "call", Email => "email", Meeting => "meeting", Note => "note", Task => "task"
});
text_enum!(Outcome, "outcome" { Positive => "positive", Neutral => "neutral", Negative => "negative" });
text_enum!(
    /// The record types, named as their tables.
    Entity, "entity" {
        Users => "users", Companies => "companies", Contacts => "contacts", Stages => "pipeline_stages",
        Deals => "deals", Activities => "activities", Tags => "tags", Views => "saved_views",
        Teams => "teams"
    }
);
text_enum!(
    /// The org-wide setting `visibility`: what roles other than admin see (`domain::access`).
    Visibility, "visibility" { Own => "own", Team => "team", All => "all" }
);
text_enum!(HistoryAction, "history action" {
    Create => "create", Update => "update", Delete => "delete", Restore => "restore", Tag => "tag", Untag => "untag"
});

impl StageKind {
    /// The deal status a deal takes on entering a stage of this kind.
    pub fn deal_status(self) -> DealStatus {
        match self {
            StageKind::Open => DealStatus::Open,
            StageKind::Won => DealStatus::Won,
            StageKind::Lost => DealStatus::Lost,
        }
    }
}

impl Entity {
    /// A singular, human name for messages ("company 0193…").
    pub fn singular(self) -> &'static str {
        match self {
            Entity::Users => "user",
            Entity::Companies => "company",
            Entity::Contacts => "contact",
            Entity::Stages => "pipeline stage",
            Entity::Deals => "deal",
            Entity::Activities => "activity",
            Entity::Tags => "tag",
            Entity::Views => "saved view",
            Entity::Teams => "team",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively_and_round_trips() {
        assert_eq!("Sales-Rep".parse::<Role>(), Ok(Role::SalesRep));
        assert_eq!(
            " ENTERPRISE ".parse::<CompanySize>(),
            Ok(CompanySize::Enterprise)
        );
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(*r));
        }
    }

    #[test]
    fn unknown_names_list_the_allowed_values() {
        let err = "hot".parse::<Priority>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'hot' is not a valid priority (expected one of: low, medium, high)"
        );
    }
}
