//! How domain values are stored. A record id is one SQL type, [`sql::Uuid`]: native `uuid` on
//! PostgreSQL, a 16-byte BLOB on SQLite. Domain enums are stored as their lower-case text.
//!
//! The domain module stays free of Diesel, so the traits Diesel's derives would generate are written
//! here by two macros: one for id newtypes, one for text enums.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Binary, HasSqlType, Text};
use diesel::sqlite::Sqlite;
use std::io::Write;

use super::conn::MultiBackend;
use crate::domain::{self, Id};

pub mod sql {
    /// A UUID: `uuid` on PostgreSQL (oid 2950), a 16-byte BLOB on SQLite.
    #[derive(
        diesel::sql_types::SqlType, diesel::query_builder::QueryId, Debug, Clone, Copy, Default,
    )]
    #[diesel(postgres_type(oid = 2950, array_oid = 2951))]
    #[diesel(sqlite_type(name = "Binary"))]
    pub struct Uuid;
}

impl HasSqlType<sql::Uuid> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<sql::Uuid>(lookup)
    }
}

impl ToSql<sql::Uuid, Sqlite> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.0.as_bytes().as_slice());
        Ok(IsNull::No)
    }
}

impl ToSql<sql::Uuid, Pg> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl ToSql<sql::Uuid, MultiBackend> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((sql::Uuid, self));
        Ok(IsNull::No)
    }
}

fn uuid_from_bytes(bytes: &[u8]) -> deserialize::Result<Id> {
    uuid::Uuid::from_slice(bytes)
        .map(Id)
        .map_err(|e| format!("stored id is not a UUID ({} bytes): {e}", bytes.len()).into())
}

impl FromSql<sql::Uuid, Sqlite> for Id {
    fn from_sql(value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let bytes = <Vec<u8> as FromSql<Binary, Sqlite>>::from_sql(value)?;
        uuid_from_bytes(&bytes)
    }
}

impl FromSql<sql::Uuid, Pg> for Id {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        uuid_from_bytes(value.as_bytes())
    }
}

impl FromSql<sql::Uuid, MultiBackend> for Id {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, sql::Uuid>()
    }
}

/// The expression and row traits that `#[derive(AsExpression, FromSqlRow)]` would give `$ty` for the
/// SQL type `$st`, given `ToSql`/`FromSql` impls for every backend.
macro_rules! expression_and_row {
    ($ty:ty, $st:ty) => {
        impl diesel::expression::AsExpression<$st> for $ty {
            type Expression = diesel::internal::derives::as_expression::Bound<$st, Self>;
            fn as_expression(self) -> Self::Expression {
                diesel::internal::derives::as_expression::Bound::new(self)
            }
        }
        impl diesel::expression::AsExpression<diesel::sql_types::Nullable<$st>> for $ty {
            type Expression = diesel::internal::derives::as_expression::Bound<
                diesel::sql_types::Nullable<$st>,
                Self,
            >;
            fn as_expression(self) -> Self::Expression {
                diesel::internal::derives::as_expression::Bound::new(self)
            }
        }
        impl<'a> diesel::expression::AsExpression<$st> for &'a $ty {
            type Expression = diesel::internal::derives::as_expression::Bound<$st, Self>;
            fn as_expression(self) -> Self::Expression {
                diesel::internal::derives::as_expression::Bound::new(self)
            }
        }
        impl<'a> diesel::expression::AsExpression<diesel::sql_types::Nullable<$st>> for &'a $ty {
            type Expression = diesel::internal::derives::as_expression::Bound<
                diesel::sql_types::Nullable<$st>,
                Self,
            >;
            fn as_expression(self) -> Self::Expression {
                diesel::internal::derives::as_expression::Bound::new(self)
            }
        }
        impl<DB> ToSql<diesel::sql_types::Nullable<$st>, DB> for $ty
        where
            DB: Backend,
            $ty: ToSql<$st, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <$ty as ToSql<$st, DB>>::to_sql(self, out)
            }
        }
        impl<DB> diesel::deserialize::Queryable<$st, DB> for $ty
        where
            DB: Backend,
            $ty: FromSql<$st, DB>,
        {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    };
}

expression_and_row!(Id, sql::Uuid);

/// Typed ids store exactly as [`Id`].
macro_rules! typed_id_sql {
    ($($ty:ident),*) => {$(
        impl<DB: Backend> ToSql<sql::Uuid, DB> for domain::$ty
        where
            Id: ToSql<sql::Uuid, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <Id as ToSql<sql::Uuid, DB>>::to_sql(&self.0, out)
            }
        }
        impl<DB: Backend> FromSql<sql::Uuid, DB> for domain::$ty
        where
            Id: FromSql<sql::Uuid, DB>,
        {
            fn from_sql(value: DB::RawValue<'_>) -> deserialize::Result<Self> {
                <Id as FromSql<sql::Uuid, DB>>::from_sql(value).map(domain::$ty)
            }
        }
        expression_and_row!(domain::$ty, sql::Uuid);
    )*};
}

typed_id_sql!(
    UserId, TeamId, CompanyId, ContactId, StageId, DealId, ActivityId, TagId, ViewId, HistoryId
);

/// Enums are stored as `text` holding `as_str()`; an unknown stored value is a read error.
macro_rules! text_enum_sql {
    ($($ty:ident),*) => {$(
        impl ToSql<Text, Sqlite> for domain::$ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.as_str());
                Ok(IsNull::No)
            }
        }
        impl ToSql<Text, Pg> for domain::$ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                out.write_all(self.as_str().as_bytes())?;
                Ok(IsNull::No)
            }
        }
        impl ToSql<Text, MultiBackend> for domain::$ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }
        impl<DB: Backend> FromSql<Text, DB> for domain::$ty
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(value: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, DB>>::from_sql(value)?;
                text.parse::<domain::$ty>().map_err(|e| e.to_string().into())
            }
        }
        expression_and_row!(domain::$ty, Text);
    )*};
}

text_enum_sql!(
    Role,
    CompanySize,
    CompanyStatus,
    Channel,
    StageKind,
    DealStatus,
    Priority,
    ActivityKind,
    Outcome,
    Entity,
    HistoryAction
);
