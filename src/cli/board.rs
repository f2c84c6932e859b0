//! `rolo deals board` (per-stage totals, the pipeline summary, optionally the first cards of every
//! stage) and `rolo deals move` (next / previous / won / lost / a named stage).

use super::out::{self, dataln, outln};
use std::io::Write;

use serde_json::{json, Value};

use super::args::{BoardArgs, DealMoveArgs, Output, ViewOutput};
use crate::app::Ctx;
use crate::db::repo::board::{self, CardOptions, CurrencyTotals, MoveError, MoveTarget};
use crate::db::repo::stage;
use crate::db::DbConn;
use crate::domain::text::{pad, width};
use crate::domain::{money, DealId, Entity, StageId};
use crate::error::{exit, AppError};

impl From<MoveError> for AppError {
    fn from(e: MoveError) -> Self {
        match e {
            MoveError::Db(e) => AppError::Db(e),
            e @ MoveError::NoStage { .. } => AppError::Usage(e.to_string()),
            e @ MoveError::LostReasonRequired { .. } => {
                AppError::Usage(format!("{e}: give one with --reason TEXT"))
            }
        }
    }
}

/// `12,000.00 USD; 500.00 EUR`, or `-` for nothing.
fn amounts(totals: &[CurrencyTotals], weighted: bool) -> String {
    if totals.is_empty() {
        return "-".into();
    }
    totals
        .iter()
        .map(|c| {
            let v = if weighted { c.weighted } else { c.value };
            format!("{} {}", money::format_major(v, &c.currency), c.currency)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn run(ctx: &Ctx, args: BoardArgs) -> Result<i32, AppError> {
    if args.cards < 0 {
        return Err(AppError::Usage("--cards must not be negative".into()));
    }
    let mut conn = ctx.conn()?;
    let (text, _) = super::filter_text(ctx, &mut conn, Entity::Deals, &args.filter)?;
    let mut opts = CardOptions::new(crate::db::now());
    opts.stale_days = args.stale_days;
    opts.limit = args.cards.max(1);
    let board = if args.cards > 0 {
        crate::app::board::open(ctx, &mut conn, &text, &opts)?
    } else {
        let f = crate::app::query::compile_board(ctx, &mut conn, &text)?;
        let totals = board::stage_totals(&mut conn, crate::app::board::each(f.totals))?;
        let pages = totals
            .iter()
            .map(|_| crate::db::repo::Page {
                rows: vec![],
                next: None,
            })
            .collect();
        board::assemble(totals, pages)
    };
    let written = match args.output {
        ViewOutput::Json => writeln!(out::data(), "{}", board_json(&board, args.cards > 0)?),
        ViewOutput::Table => write_board(&mut out::text(), &board, args.cards > 0),
    };
    match written {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(e.into()),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, AppError> {
    serde_json::to_value(v).map_err(|e| AppError::Internal(e.to_string()))
}

fn board_json(b: &board::Board, with_cards: bool) -> Result<Value, AppError> {
    let mut stages = Vec::new();
    for c in &b.columns {
        let mut v = to_value(&c.totals)?;
        if with_cards {
            v["cards"] = to_value(&c.cards.rows)?;
            v["more_cards"] = Value::Bool(c.cards.next.is_some());
        }
        stages.push(v);
    }
    Ok(json!({ "stages": stages, "summary": to_value(&b.summary)? }))
}

fn write_board(out: &mut impl Write, b: &board::Board, with_cards: bool) -> std::io::Result<()> {
    let sanitize = crate::domain::text::sanitize;
    let rows: Vec<[String; 6]> = b
        .columns
        .iter()
        .map(|c| {
            let s = &c.totals.stage.fields;
            [
                sanitize(&s.name),
                s.kind.to_string(),
                format!("{}%", s.probability),
                c.totals.deals.to_string(),
                amounts(&c.totals.currencies, false),
                amounts(&c.totals.currencies, true),
            ]
        })
        .collect();
    let headers = ["STAGE", "KIND", "PROB", "DEALS", "VALUE", "WEIGHTED"];
    let mut widths = headers.map(width);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            // numbers right-aligned, text left-aligned
            if (2..=3).contains(&i) {
                s.push_str(&format!("{cell:>w$}  "));
            } else {
                s.push_str(&pad(cell, w));
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(headers))?;
    for r in &rows {
        writeln!(out, "{}", line(r.each_ref().map(String::as_str)))?;
    }
    write!(out, "\n{}", summary_lines(&b.summary))?;
    if with_cards {
        for c in &b.columns {
            write_cards(out, c)?;
        }
    }
    Ok(())
}

/// The two summary lines under the table, every count grouped by thousands as in the TUI.
fn summary_lines(s: &board::PipelineSummary) -> String {
    let thousands = crate::domain::text::thousands;
    format!(
        "Open pipeline: {} deal(s), {} (weighted forecast {})\nWon: {} deal(s), {}. Lost: {} deal(s).\n",
        thousands(s.open_deals),
        amounts(&s.open, false),
        amounts(&s.open, true),
        thousands(s.won_deals),
        amounts(&s.won, false),
        thousands(s.lost_deals)
    )
}

fn write_cards(out: &mut impl Write, c: &board::Column) -> std::io::Result<()> {
    let sanitize = crate::domain::text::sanitize;
    writeln!(
        out,
        "\n== {} ({} deal(s)) ==",
        sanitize(&c.totals.stage.fields.name),
        c.totals.deals
    )?;
    if c.cards.rows.is_empty() {
        writeln!(out, "  (no deals)")?;
    }
    for card in &c.cards.rows {
        // markers are symbols as well as words: nothing relies on color
        let flags = match (card.overdue, card.stale) {
            (true, true) => "! overdue, stale",
            (true, false) => "! overdue",
            (false, true) => "~ stale",
            (false, false) => "",
        };
        writeln!(
            out,
            "  {}  {}  {:>16} {}  close {:<10}  {:<3} {}",
            pad(&card.title, 36),
            pad(card.company.as_deref().unwrap_or("-"), 24),
            money::format_major(card.value, &card.currency),
            card.currency,
            card.expected_close
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            card.owner_initials.as_deref().unwrap_or("-"),
            flags
        )?;
    }
    if c.cards.next.is_some() {
        writeln!(
            out,
            "  … {} more",
            c.totals.deals - c.cards.rows.len() as i64
        )?;
    }
    Ok(())
}

/// A stage given by name (case-insensitive) or id.
pub(super) fn find_stage(
    conn: &mut DbConn,
    raw: &str,
) -> Result<crate::db::models::Stage, AppError> {
    if let Ok(id) = raw.trim().parse::<StageId>() {
        return Ok(stage::get_live(conn, id)?);
    }
    stage::find_by_name(conn, raw)?.ok_or_else(|| {
        AppError::NotFound(format!(
            "no live pipeline stage named '{}' (see: rolo stages list)",
            raw.trim()
        ))
    })
}

pub fn run_move(ctx: &Ctx, args: DealMoveArgs) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let id: DealId =
        args.id.trim().parse().map_err(|_| {
            AppError::Usage(format!("'{}' is not a deal id (a UUID)", args.id.trim()))
        })?;
    let target = match (&args.to, args.next, args.previous, args.won, args.lost) {
        (Some(s), ..) => MoveTarget::Stage(find_stage(&mut conn, s)?.id),
        (None, true, ..) => MoveTarget::Next,
        (None, _, true, ..) => MoveTarget::Previous,
        (None, _, _, true, _) => MoveTarget::Won,
        _ => MoveTarget::Lost,
    };
    let version = match args.if_version {
        Some(v) => v,
        None => crate::db::repo::deal::get_live(&mut conn, id)?.version,
    };
    let moved = board::move_deal(&mut conn, ctx.actor, id, version, target, args.reason)?;
    match args.output {
        Output::Json => dataln!("{}", to_value(&moved)?)?,
        Output::Text => {
            let stage = stage::get(&mut conn, moved.fields.stage_id).map_err(AppError::from)?;
            outln!(
                "deal {} is in stage '{}' ({}), version {}",
                moved.id,
                crate::domain::text::sanitize(&stage.fields.name),
                moved.fields.status,
                moved.version
            )?;
        }
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_groups_every_count_by_thousands() {
        let s = board::PipelineSummary {
            open_deals: 38811,
            won_deals: 5839,
            lost_deals: 5350,
            ..Default::default()
        };
        let text = summary_lines(&s);
        assert!(text.contains("Open pipeline: 38,811 deal(s)"), "{text}");
        assert!(text.contains("Won: 5,839 deal(s)"), "{text}");
        assert!(text.contains("Lost: 5,350 deal(s)."), "{text}");
    }
}
