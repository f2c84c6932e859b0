//! Validated values, newtype ids and the enums of the CRM. No Diesel here: `db::types` teaches Diesel
//! how to store these types.

pub mod access;
pub mod describe;
pub mod enums;
pub mod external;
pub mod fields;
pub mod history;
pub mod ids;
pub mod money;
pub mod rules;
pub mod text;
pub mod validate;

pub use enums::*;
pub use external::ExternalRef;
pub use ids::*;
pub use validate::{FieldError, ValidationErrors};

pub mod company;
pub use company::{Address, CompanyDraft};

use std::str::FromStr;

/// Parse an enum value typed by a user, naming the field on error.
pub fn parse_required<T>(field: &'static str, value: &str) -> Result<T, FieldError>
where
    T: FromStr<Err = enums::UnknownVariant>,
{
    value
        .parse()
        .map_err(|e: enums::UnknownVariant| FieldError::new(field, e.to_string()))
}

/// Like [`parse_required`], but blank means "none".
pub fn parse_optional<T>(field: &'static str, value: &str) -> Result<Option<T>, FieldError>
where
    T: FromStr<Err = enums::UnknownVariant>,
{
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_required(field, value).map(Some)
    }
}

/// A record id typed by a user; blank means "none".
pub fn parse_id<T: From<Id>>(field: &'static str, value: &str) -> Result<Option<T>, FieldError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    value
        .parse::<Id>()
        .map(|id| Some(T::from(id)))
        .map_err(|_| {
            FieldError::new(
                field,
                format!("'{}' is not a record id (a UUID)", value.trim()),
            )
        })
}

/// yes/no, true/false, 1/0, on/off.
pub fn parse_bool(field: &'static str, value: &str) -> Result<bool, FieldError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" => Ok(true),
        "false" | "no" | "n" | "0" | "off" => Ok(false),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

pub mod activity;
pub mod clock;
pub mod contact;
pub mod deal;
pub mod stage;
pub mod tag;
pub mod team;
pub mod user;
pub mod view;
pub mod when;
pub mod zone;
pub use activity::ActivityDraft;
pub use contact::ContactDraft;
pub use deal::DealDraft;
pub use stage::StageDraft;
pub use tag::{TagDraft, Tagged};
pub use team::TeamDraft;
pub use user::UserDraft;
pub use view::ViewDraft;
