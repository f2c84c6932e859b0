//! What an import's options must satisfy before a row is read: an importable entity, a format that
//! fits it, a rejects file that is not the input, and a match key the entity has and the file gives.

use std::path::Path;

use super::{usage, Format, ImportOptions, MatchKey, IMPORTABLE};
use crate::domain::Entity;
use crate::transfer::mapping::Mapping;
use crate::transfer::TransferError;

pub(super) fn check(o: &ImportOptions, format: Format) -> Result<(), TransferError> {
    if !matches!(
        o.entity,
        Entity::Companies
            | Entity::Contacts
            | Entity::Deals
            | Entity::Activities
            | Entity::Users
            | Entity::Stages
    ) {
        return Err(usage(format!("cannot import {}: {IMPORTABLE}", o.entity)));
    }
    if format == Format::Vcf {
        if o.entity != Entity::Contacts {
            return Err(usage(
                "vCard files hold contacts: use `rolo import contacts FILE.vcf`",
            ));
        }
        if !o.map.is_empty() || o.delimiter.is_some() {
            return Err(usage(
                "--map and --delimiter apply to CSV files, not vCards",
            ));
        }
    }
    match (o.skip_invalid, &o.rejects) {
        (true, None) => {
            return Err(usage(
                "--skip-invalid needs --rejects FILE for the rows it does not import",
            ))
        }
        (false, Some(_)) => return Err(usage("--rejects FILE goes with --skip-invalid")),
        (_, Some(r)) if same_file(r, &o.path) => {
            return Err(usage("--rejects must not be the file being imported"))
        }
        // refuse a directory or socket now, not after the import has committed
        (_, Some(r)) => {
            let target = crate::transfer::out_file::resolve_links(r)?;
            crate::transfer::out_file::kind(
                r,
                &target,
                crate::transfer::out_file::Overwrite::Replace,
            )?;
        }
        _ => {}
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The match key to use: the one asked for (if the entity has it and the file gives it), else the
/// entity's default when the file has its column.
pub(super) fn choose_key(
    o: &ImportOptions,
    supported: &[MatchKey],
    mapping: &Mapping,
) -> Result<Option<MatchKey>, TransferError> {
    let gives = |m: MatchKey| {
        m.fields(o.entity)
            .iter()
            .any(|f| mapping.column_of(f).is_some())
    };
    match o.match_key {
        Some(m) if !supported.contains(&m) => {
            let names: Vec<&str> = supported.iter().map(|k| k.as_str()).collect();
            Err(usage(format!(
                "{} cannot be matched by {}; use --match {}",
                o.entity,
                m.as_str(),
                names.join(" or ")
            )))
        }
        Some(m) if !gives(m) => Err(usage(format!(
            "--match {}: no column of the file gives {}",
            m.as_str(),
            m.fields(o.entity).join(" or ")
        ))),
        Some(m) => Ok(Some(m)),
        None if o.entity == Entity::Activities => Ok(None),
        None => Ok(supported
            .iter()
            .copied()
            .filter(|m| {
                *m != MatchKey::Email || matches!(o.entity, Entity::Contacts | Entity::Users)
            })
            .find(|m| gives(*m))),
    }
}
