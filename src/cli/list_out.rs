//! Writing `rolo <entity> list` rows as they come, page by page: JSON as one array, CSV with one
//! header, ids one a line, and a table whose column widths are taken from the first page (later
//! rows are cut to them with '…'), so `--limit all` holds one page in memory, not the result.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

use serde_json::Value;

use super::args::ListOutput;
use super::out::{self, Out};
use crate::domain::describe::ColumnDesc;
use crate::domain::money;
use crate::domain::text::{pad, sanitize, width};

/// Where listed rows go, and what has been written so far.
pub struct Sink<'a> {
    output: ListOutput,
    out: Out,
    /// The table columns: header, and the field (the JSON key) shown.
    columns: &'static [ColumnDesc],
    stages: &'a HashMap<String, String>,
    /// Table widths, or CSV keys, fixed by the first page; the JSON array is open.
    started: bool,
    widths: Vec<usize>,
    keys: Vec<String>,
}

impl<'a> Sink<'a> {
    pub fn new(
        output: ListOutput,
        columns: &'static [ColumnDesc],
        stages: &'a HashMap<String, String>,
    ) -> Self {
        let out = match output {
            ListOutput::Table => out::text(),
            _ => out::data(),
        };
        Sink {
            output,
            out,
            columns,
            stages,
            started: false,
            widths: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Write one page of rows.
    pub fn page(&mut self, rows: &[Value]) -> io::Result<()> {
        let first = !self.started;
        match self.output {
            ListOutput::Json => {
                for r in rows {
                    self.out.write_all(if self.started { b"," } else { b"[" })?;
                    self.started = true;
                    serde_json::to_writer(&mut self.out, r)?;
                }
            }
            ListOutput::Ids => {
                for r in rows {
                    writeln!(self.out, "{}", cell(r, "id", self.stages))?;
                }
            }
            ListOutput::Csv => {
                if first && !rows.is_empty() {
                    self.keys = rows[0]
                        .as_object()
                        .map(|o| o.keys().cloned().collect())
                        .unwrap_or_default();
                    self.csv_line(self.keys.clone())?;
                    self.started = true;
                }
                for r in rows {
                    let record = self
                        .keys
                        .iter()
                        .map(|k| match &r[k.as_str()] {
                            Value::Null => String::new(),
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect();
                    self.csv_line(record)?;
                }
            }
            ListOutput::Table => {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        self.columns
                            .iter()
                            .map(|c| cell(r, c.field, self.stages))
                            .collect()
                    })
                    .collect();
                if first {
                    self.widths = widths(self.columns, &cells);
                    let headers = self.columns.iter().map(|c| c.header.to_string()).collect();
                    self.table_line(headers)?;
                    self.started = true;
                }
                for row in cells {
                    self.table_line(row)?;
                }
            }
        }
        Ok(())
    }

    /// Close what is open (the JSON array, a CSV header for no rows) and flush.
    pub fn finish(mut self) -> io::Result<()> {
        match self.output {
            ListOutput::Json => {
                let end: &[u8] = if self.started { b"]\n" } else { b"[]\n" };
                self.out.write_all(end)?;
            }
            ListOutput::Csv if !self.started => {
                let keys = self.columns.iter().map(|c| c.field.to_string()).collect();
                self.csv_line(keys)?;
            }
            ListOutput::Table if !self.started => self.page(&[])?,
            _ => {}
        }
        self.out.finish()
    }

    fn csv_line(&mut self, record: Vec<String>) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(&mut self.out);
        w.write_record(&record).map_err(io::Error::other)?;
        w.flush()
    }

    fn table_line(&mut self, values: Vec<String>) -> io::Result<()> {
        writeln!(self.out, "{}", table_line(&values, &self.widths))
    }
}

/// One table line: each value cut and padded to its column's display width.
fn table_line(values: &[String], widths: &[usize]) -> String {
    let line = values
        .iter()
        .zip(widths)
        .map(|(v, w)| pad(v, *w))
        .collect::<Vec<_>>()
        .join("  ");
    line.trim_end().to_string()
}

/// A cell as text: money in major units with its currency, stage and team ids as names.
fn cell(row: &Value, key: &str, stages: &HashMap<String, String>) -> String {
    let v = &row[key];
    match (key, v) {
        (_, Value::Null) => String::new(),
        ("value", Value::Number(n)) => {
            let currency = row["currency"].as_str().unwrap_or("USD");
            format!(
                "{} {currency}",
                money::format_major(n.as_i64().unwrap_or(0), currency)
            )
        }
        ("stage_id" | "team_id", Value::String(id)) => sanitize(stages.get(id).unwrap_or(id)),
        (_, Value::String(s)) => sanitize(s),
        (_, other) => other.to_string(),
    }
}

fn terminal_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Ok((w, _)) = crossterm::terminal::size() {
            return usize::from(w).max(40);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
}

/// Widths that fit the terminal: columns shrink, widest first, and cut text ends in '…'.
fn widths(columns: &[ColumnDesc], cells: &[Vec<String>]) -> Vec<usize> {
    widths_within(columns, cells, terminal_width())
}

/// [`widths`] for a line of `line_width` columns.
fn widths_within(columns: &[ColumnDesc], cells: &[Vec<String>], line_width: usize) -> Vec<usize> {
    // display width: CJK and emoji take two columns
    let mut widths: Vec<usize> = columns.iter().map(|c| width(c.header)).collect();
    for row in cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let budget = line_width.saturating_sub(2 * (widths.len().saturating_sub(1)));
    while widths.iter().sum::<usize>() > budget {
        let Some((i, _)) = widths.iter().enumerate().max_by_key(|(_, w)| **w) else {
            break;
        };
        if widths[i] <= 4 {
            break;
        }
        widths[i] -= 1;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The display column where `needle` starts in `line`.
    fn column_of(line: &str, needle: &str) -> Option<usize> {
        line.find(needle).map(|at| width(&line[..at]))
    }

    #[test]
    fn cjk_and_emoji_cells_keep_the_next_column_in_place() {
        use crate::domain::describe::ColumnDesc as C;
        let col = |header, field| C {
            field,
            header,
            min: 0,
            width: 0,
        };
        let columns = [
            col("NAME", "name"),
            col("CITY", "city"),
            col("STATUS", "status"),
        ];
        let rows: Vec<Vec<String>> = [
            ["Acme", "Berlin", "lead"],
            ["日本語の会社", "東京", "customer"],
            ["🦀 Crab Co", "Köln", "lead"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        // wide enough: nothing is cut, and every STATUS starts under its header
        let w = widths_within(&columns, &rows, 120);
        assert_eq!(w, vec![12, 6, 8]);
        let header = table_line(&["NAME".into(), "CITY".into(), "STATUS".into()], &w);
        let at = column_of(&header, "STATUS");
        for (r, status) in rows.iter().zip(["lead", "customer", "lead"]) {
            let line = table_line(r, &w);
            assert_eq!(column_of(&line, status), at, "{line}");
        }
        // narrow: the widest column shrinks, a wide value is cut on a character with '…'
        let w = widths_within(&columns, &rows, 24);
        assert_eq!(w.iter().sum::<usize>(), 24 - 4);
        let header = table_line(&["NAME".into(), "CITY".into(), "STATUS".into()], &w);
        let line = table_line(&rows[1], &w);
        assert!(line.starts_with("日本語…"), "{line}");
        assert_eq!(
            column_of(&line, "東京"),
            column_of(&header, "CITY"),
            "{line}"
        );
        assert_eq!(
            column_of(&table_line(&rows[2], &w), "Köln"),
            column_of(&header, "CITY")
        );
    }
}
