//! `rolo import ENTITY FILE …`, `rolo import list`, `rolo import undo ID`. The report goes to
//! standard output (text or JSON); an import refused for invalid rows exits 2, an undo refused
//! because records changed since exits 4.

use super::out::{dataln, outln};
use std::io::{IsTerminal, Write};

use super::args::Output;
use super::args::{
    FormatArg, ImportArgs, ImportCommand, ImportEntity, MatchArg, OnDuplicateArg, RunArgs,
};
use crate::app::Ctx;
use crate::db::repo;
use crate::domain::text::fill;
use crate::domain::{Entity, Id};
use crate::error::{exit, AppError};
use crate::transfer::import::Format;
use crate::transfer::progress_mode;
use crate::transfer::{self, ImportOptions, MatchKey, OnDuplicate, TransferError};

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<i32, AppError> {
    match args.command {
        Some(ImportCommand::List { limit, output }) => list(ctx, limit, output),
        Some(ImportCommand::Undo { id, force }) => undo(ctx, &id, force),
        None => import(ctx, args.run),
    }
}

fn import(ctx: &Ctx, a: RunArgs) -> Result<i32, AppError> {
    let (Some(entity), Some(file)) = (a.entity, a.file) else {
        return Err(AppError::Usage(format!(
            "usage: rolo import ENTITY FILE [options] (ENTITY: {})",
            transfer::import::IMPORTABLE
        )));
    };
    let mut o = ImportOptions::new(
        match entity {
            ImportEntity::Companies => Entity::Companies,
            ImportEntity::Contacts => Entity::Contacts,
            ImportEntity::Deals => Entity::Deals,
            ImportEntity::Activities => Entity::Activities,
            ImportEntity::Users => Entity::Users,
            ImportEntity::Stages => Entity::Stages,
        },
        file,
    );
    o.format = a.format.map(|f| match f {
        FormatArg::Csv => Format::Csv,
        FormatArg::Vcf => Format::Vcf,
    });
    o.delimiter = match &a.delimiter {
        Some(d) => Some(transfer::csv_in::parse_delimiter(d).map_err(AppError::from)?),
        None => None,
    };
    o.map = a
        .map
        .iter()
        .map(|m| transfer::mapping::parse_override(m))
        .collect::<Result<_, _>>()
        .map_err(AppError::from)?;
    o.match_key = a.match_key.map(|m| match m {
        MatchArg::Email => MatchKey::Email,
        MatchArg::Domain => MatchKey::Domain,
        MatchArg::Name => MatchKey::Name,
    });
    o.on_duplicate = match a.on_duplicate {
        OnDuplicateArg::Skip => OnDuplicate::Skip,
        OnDuplicateArg::Update => OnDuplicate::Update,
        OnDuplicateArg::Fail => OnDuplicate::Fail,
    };
    o.dry_run = a.dry_run;
    o.skip_invalid = a.skip_invalid;
    o.rejects = a.rejects;
    o.actor = ctx.actor;
    o.calling_code = ctx.settings.file.default_calling_code.clone();
    o.source = a.source;
    o.progress = progress_mode(std::io::stderr().is_terminal());
    let mut conn = ctx.conn()?;
    let report = transfer::import(&mut conn, &o).map_err(AppError::from)?;
    match a.output {
        Output::Json => {
            let v = serde_json::to_value(&report).map_err(|e| AppError::Internal(e.to_string()))?;
            dataln!("{v}")?;
        }
        Output::Text => write!(super::out::text(), "{}", report.to_text(o.skip_invalid))?,
    }
    if report.refused(o.skip_invalid) {
        if !o.dry_run {
            eprintln!(
                "rolo: {} invalid rows; nothing was imported",
                report.invalid
            );
        }
        return Ok(exit::USAGE);
    }
    Ok(exit::OK)
}

fn list(ctx: &Ctx, limit: i64, output: Output) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    // what was imported, by whom, is for those who may import (as on PostgreSQL, whose policy
    // shows imports to admins and managers only): anyone else is told so, not shown an empty list
    crate::db::access::check_manage(
        &mut conn,
        ctx.actor,
        crate::domain::access::Managed::Imports,
    )?;
    let imports = repo::import::list(&mut conn, limit.max(1))?;
    if output == Output::Json {
        let v = serde_json::to_value(&imports).map_err(|e| AppError::Internal(e.to_string()))?;
        dataln!("{v}")?;
        return Ok(exit::OK);
    }
    outln!(
        "{:<36}  {:<19}  {:<24}  {:<10}  {:>8}  {:>8}  {:>8}  {:>8}  FILE",
        "ID",
        "WHEN (UTC)",
        "BY",
        "ENTITY",
        "CREATED",
        "UPDATED",
        "SKIPPED",
        "INVALID"
    )?;
    for i in imports {
        let by = match i.actor_id {
            Some(u) => repo::user::get(&mut conn, u)
                .map(|u| u.fields.email)
                .unwrap_or_else(|_| u.to_string()),
            None => "-".into(),
        };
        let undone = i
            .undone_at
            .map(|t| format!("  (undone {})", t.format("%Y-%m-%d %H:%M")))
            .unwrap_or_default();
        let c = i.counts;
        outln!(
            "{:<36}  {:<19}  {}  {:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {}{undone}",
            i.id,
            i.at.format("%Y-%m-%d %H:%M:%S"),
            fill(&by, 24),
            i.entity.as_str(),
            c.created + c.related_created,
            c.updated,
            c.skipped,
            c.invalid,
            i.file
        )?;
    }
    Ok(exit::OK)
}

fn undo(ctx: &Ctx, id: &str, force: bool) -> Result<i32, AppError> {
    let id: Id = id.trim().parse().map_err(|_| {
        AppError::Usage(format!(
            "'{}' is not an import id (see: rolo import list)",
            id.trim()
        ))
    })?;
    let mut conn = ctx.conn()?;
    match transfer::undo::undo(&mut conn, ctx.actor, id, force) {
        Ok(r) => {
            outln!(
                "undid import {id}: {} records deleted (soft: `rolo <entity> restore ID` brings one back), \
                 {} put back as they were before it",
                r.deleted, r.restored
            )?;
            for left in &r.left {
                outln!("  left as it is: {left}")?;
            }
            Ok(exit::OK)
        }
        Err(TransferError::Conflict(msg)) => {
            eprintln!("rolo: {msg}");
            Ok(exit::CONFLICT)
        }
        Err(e) => Err(AppError::from(e)),
    }
}
