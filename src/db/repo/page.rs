//! The types of a keyset-paged listing: what to read ([`ListQuery`], [`Liveness`]), where a page
//! starts ([`Cursor`], [`SortValue`]) and what comes back ([`Page`]).

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::DbError;
use crate::domain::Id;

/// Which rows a listing sees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Liveness {
    /// Not soft-deleted (the default).
    #[default]
    Live,
    /// Only the soft-deleted ("trash").
    Deleted,
    All,
}

/// The sort key of the last row of a page, plus its id: where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cursor {
    pub key: SortValue,
    pub id: Id,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortValue {
    Text(String),
    Int(i64),
    Time(NaiveDateTime),
    Date(NaiveDate),
    /// An amount within its currency (deals sort by currency, then value).
    Money {
        currency: String,
        minor: i64,
    },
    /// The row has no value in the sort's column: it is among the blanks, which come last.
    Null,
    /// The row refers to this record, which the sort orders by one of its fields (a deal's stage
    /// by position, its owner by name); the database looks the field up when it pages on.
    Ref(Id),
}

impl Cursor {
    fn mismatch() -> DbError {
        DbError::Constraint("the page cursor does not belong to this sort order".into())
    }
    pub fn text(&self) -> Result<String, DbError> {
        match &self.key {
            SortValue::Text(s) => Ok(s.clone()),
            _ => Err(Self::mismatch()),
        }
    }
    pub fn int(&self) -> Result<i64, DbError> {
        match self.key {
            SortValue::Int(i) => Ok(i),
            _ => Err(Self::mismatch()),
        }
    }
    pub fn int32(&self) -> Result<i32, DbError> {
        i32::try_from(self.int()?).map_err(|_| Self::mismatch())
    }
    pub fn time(&self) -> Result<NaiveDateTime, DbError> {
        match self.key {
            SortValue::Time(t) => Ok(t),
            _ => Err(Self::mismatch()),
        }
    }
    pub fn date(&self) -> Result<NaiveDate, DbError> {
        match self.key {
            SortValue::Date(d) => Ok(d),
            _ => Err(Self::mismatch()),
        }
    }
    pub fn money(&self) -> Result<(String, i64), DbError> {
        match &self.key {
            SortValue::Money { currency, minor } => Ok((currency.clone(), *minor)),
            _ => Err(Self::mismatch()),
        }
    }
    pub fn reference(&self) -> Result<Id, DbError> {
        match self.key {
            SortValue::Ref(id) => Ok(id),
            _ => Err(Self::mismatch()),
        }
    }
    /// Whether the row this cursor was taken from is among the blanks.
    pub fn is_blank(&self) -> bool {
        self.key == SortValue::Null
    }

    /// The cursor of a row whose sort key may be blank.
    pub fn maybe<T>(key: Option<T>, to_value: impl FnOnce(T) -> SortValue, id: Id) -> Cursor {
        Cursor {
            key: key.map_or(SortValue::Null, to_value),
            id,
        }
    }
}

/// One page of a listing (keyset paging: never OFFSET).
///
/// The order is the sort's key, ascending or descending, then the id the same way; rows with no
/// value in the key's column (NULL) come last in both directions, ordered by id.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery<S> {
    pub sort: S,
    pub descending: bool,
    pub after: Option<Cursor>,
    pub limit: i64,
    pub liveness: Liveness,
    /// Walk the order backwards: the rows before `after` (or the last rows, without a cursor),
    /// nearest first. A backward page is the forward page reversed, blanks included.
    pub backward: bool,
}

impl<S: Default> Default for ListQuery<S> {
    fn default() -> Self {
        ListQuery {
            sort: S::default(),
            descending: false,
            after: None,
            limit: 50,
            liveness: Liveness::Live,
            backward: false,
        }
    }
}

impl<S> ListQuery<S> {
    pub fn sorted(sort: S, limit: i64) -> Self {
        ListQuery {
            sort,
            descending: false,
            after: None,
            limit,
            liveness: Liveness::Live,
            backward: false,
        }
    }

    /// Whether the statement orders its key descending: the direction, turned round when the
    /// page walks backwards.
    pub fn sql_descending(&self) -> bool {
        self.descending != self.backward
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Set when more rows follow; pass it as `after` for the next page.
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// Build a page from `limit + 1` fetched rows.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let limit = usize::try_from(limit.max(0)).unwrap_or(usize::MAX);
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page { rows, next }
    }
}
