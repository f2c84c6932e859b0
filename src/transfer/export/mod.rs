//! `rolo export`: every live record of an entity (optionally filtered with the filter language) as
//! CSV, JSON or vCard, streamed a keyset page at a time in id order, so memory stays flat however
//! large the table. Related records appear by name and by id, tags as a list; column names are the
//! import's field names, so an export imports back unchanged.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Map, Value};

use super::vcard_out::{self, CardOut};
use super::TransferError;
use crate::db::models::{Activity, Company, Contact, Deal, Stage, User};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, Id};
use crate::filter::SqlPredicate;

pub mod columns;
pub mod rows;

/// One exported value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    Tags(Vec<String>),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Tags(t) => t.join(","),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Tags(t) => Value::from(t.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Every value exactly as stored.
    Csv,
    /// For spreadsheets: starts with a byte-order mark, formula-like cells guarded with a quote
    /// (see `transfer::spreadsheet`); imports back to the same values.
    SpreadsheetCsv,
    Json,
    Vcf,
}

/// What every page needs: the filter, and user emails and stage names by id.
pub struct Lookups {
    pub filter: Option<SqlPredicate>,
    pub users: HashMap<Id, String>,
    pub stages: HashMap<Id, String>,
}

type PageFn =
    fn(&mut DbConn, &Lookups, Option<Id>, i64) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError>;

/// The columns and the page reader of an exportable entity.
pub fn source(entity: Entity) -> Result<(Vec<&'static str>, PageFn), TransferError> {
    Ok(match entity {
        Entity::Companies => (rows::columns::<Company>(), rows::page::<Company>),
        Entity::Contacts => (rows::columns::<Contact>(), rows::page::<Contact>),
        Entity::Deals => (rows::columns::<Deal>(), rows::page::<Deal>),
        Entity::Activities => (rows::columns::<Activity>(), rows::page::<Activity>),
        Entity::Users => (rows::columns::<User>(), rows::page::<User>),
        Entity::Stages => (rows::columns::<Stage>(), rows::page::<Stage>),
        other => return Err(TransferError::Usage(format!("cannot export {other}"))),
    })
}

/// Rows per page.
pub const PAGE: i64 = 1_000;

/// Write every matching record to `out`; returns how many.
pub fn export(
    conn: &mut DbConn,
    entity: Entity,
    filter: Option<SqlPredicate>,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u64, TransferError> {
    let (columns, page) = source(entity)?;
    if format == ExportFormat::Vcf && entity != Entity::Contacts {
        return Err(TransferError::Usage(
            "vCard export is for contacts; use csv or json".into(),
        ));
    }
    let (users, stages) = rows::lookups(conn)?;
    let lookups = Lookups {
        filter,
        users,
        stages,
    };
    let io = |e: std::io::Error| TransferError::Io {
        path: "output".into(),
        source: e,
    };
    let guarded = format == ExportFormat::SpreadsheetCsv;
    let mut csv_out = matches!(format, ExportFormat::Csv | ExportFormat::SpreadsheetCsv)
        .then(|| csv::Writer::from_writer(Vec::with_capacity(1 << 16)));
    let csv_chunk =
        |w: &mut csv::Writer<Vec<u8>>, out: &mut dyn Write| -> Result<(), TransferError> {
            w.flush().map_err(io)?;
            let taken = std::mem::replace(w, csv::Writer::from_writer(Vec::new()));
            let bytes = taken.into_inner().map_err(|e| io(e.into_error()))?;
            out.write_all(&bytes).map_err(io)
        };
    if guarded {
        out.write_all(super::spreadsheet::MARK).map_err(io)?;
    }
    if let Some(w) = csv_out.as_mut() {
        w.write_record(&columns).map_err(|e| io(e.into()))?;
    }
    if format == ExportFormat::Json {
        out.write_all(b"[").map_err(io)?;
    }
    let mut after = None;
    let mut n = 0u64;
    loop {
        let (rows, last) = page(conn, &lookups, after, PAGE)?;
        for row in &rows {
            match format {
                ExportFormat::Csv | ExportFormat::SpreadsheetCsv => {
                    if let Some(w) = csv_out.as_mut() {
                        let cells = row.iter().map(Cell::text).map(|t| match guarded {
                            true => super::spreadsheet::guard(&t).into_owned(),
                            false => t,
                        });
                        w.write_record(cells).map_err(|e| io(e.into()))?;
                    }
                }
                ExportFormat::Json => {
                    let obj: Map<String, Value> = columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| (c.to_string(), v.json()))
                        .collect();
                    let sep = if n == 0 { "\n" } else { ",\n" };
                    write!(out, "{sep}{}", Value::Object(obj)).map_err(io)?;
                }
                ExportFormat::Vcf => {
                    vcard_out::write_card(out, &card(&columns, row)).map_err(io)?
                }
            }
            n += 1;
        }
        // hand each page's CSV on, so memory holds one page
        if let Some(w) = csv_out.as_mut() {
            csv_chunk(w, out)?;
        }
        match last {
            Some(id) if rows.len() as i64 == PAGE => after = Some(id),
            _ => break,
        }
    }
    if format == ExportFormat::Json {
        out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })
            .map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(n)
}

/// A contact row as a vCard.
fn card(columns: &[&str], row: &[Cell]) -> CardOut {
    let get = |name: &str| {
        columns
            .iter()
            .position(|c| *c == name)
            .map(|i| row[i].text())
            .unwrap_or_default()
    };
    let categories = match columns.iter().position(|c| *c == "tags").map(|i| &row[i]) {
        Some(Cell::Tags(t)) => t.clone(),
        _ => Vec::new(),
    };
    CardOut {
        uid: get("id"),
        given: get("first_name"),
        family: get("last_name"),
        props: vec![
            ("EMAIL;TYPE=INTERNET", get("email")),
            ("TEL", get("phone")),
            ("ORG", get("company")),
            ("TITLE", get("title")),
            ("NOTE", get("notes")),
            ("X-ROLO-COMPANY-ID", get("company_id")),
            ("X-ROLO-OWNER", get("owner")),
            ("X-ROLO-PREFERRED-CHANNEL", get("preferred_channel")),
            ("X-ROLO-DO-NOT-CONTACT", get("do_not_contact")),
            ("X-ROLO-PRIMARY", get("is_primary")),
            ("X-ROLO-CREATED-AT", get("created_at")),
            ("X-ROLO-UPDATED-AT", get("updated_at")),
        ],
        categories,
    }
}
