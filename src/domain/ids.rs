//! Newtype ids: a `CompanyId` cannot be passed where a `DealId` is expected. All are UUIDv7, which keeps
//! inserts append-friendly on both backends.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// An untyped record id, as stored (`uuid` on PostgreSQL, a 16-byte BLOB on SQLite).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Id(pub Uuid);

impl Id {
    pub fn new() -> Self {
        Id(Uuid::now_v7())
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Id {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(Id)
    }
}

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Id);

        impl $name {
            pub fn new() -> Self { Self(Id::new()) }
            pub fn id(self) -> Id { self.0 }
        }
        impl Default for $name {
            fn default() -> Self { Self::new() }
        }
        impl From<Id> for $name {
            fn from(id: Id) -> Self { Self(id) }
        }
        impl From<$name> for Id {
            fn from(id: $name) -> Self { id.0 }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> { s.parse().map(Self) }
        }
    )*};
}

typed_id!(
    UserId, TeamId, CompanyId, ContactId, StageId, DealId, ActivityId, TagId, ViewId, HistoryId
);
