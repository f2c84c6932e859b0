//! `rolo import`: a CSV or vCard file into companies, contacts, deals, activities, users or
//! pipeline stages.
//!
//! All or nothing by default: the whole file is imported in one write transaction, and one invalid
//! row means nothing is written (the report lists every problem). With `skip_invalid` the valid
//! rows are written and each rejected row goes, unchanged, to the rejects file with its reason.
//! A dry run decides every row the same way and writes nothing. A committed import is recorded
//! (`imports`, `import_items`) so it can be listed and undone.

use super::csv_in::CsvFile;
use super::engine::{Engine, Settings};
use super::input::InputFile;
use super::kinds::{Activities, Companies, Contacts, Deals, ImportKind, Stages, Users};
use super::mapping::Mapping;
pub use super::options::{Format, ImportOptions, MatchKey, OnDuplicate};
use super::progress::{Progress, ProgressMode};
use super::rejects::Reject;
use super::report::Report;
use super::source::SourceRow;
use super::{bulk, rejects, vcard, TransferError};
use crate::db::bulk::indexes;
use crate::db::bulk::tuning::{self, Load};
use crate::db::models::{Import, ImportCounts};
use crate::db::{repo, write_transaction, DbConn, DbError};
use crate::domain::{Entity, Id};

/// What `rolo import ENTITY` takes, for messages.
pub const IMPORTABLE: &str = "companies, contacts, deals, activities, users or stages";

mod check;
use check::{check, choose_key};

fn usage(msg: impl Into<String>) -> TransferError {
    TransferError::Usage(msg.into())
}

/// Import a file. Returns the report; `report.written` says whether anything was committed.
pub fn import(conn: &mut DbConn, o: &ImportOptions) -> Result<Report, TransferError> {
    let format = o.format.unwrap_or_else(|| Format::of_path(&o.path));
    check(o, format)?;
    crate::db::access::check_manage(conn, o.actor, crate::domain::access::Managed::Imports)?;
    let (source, mapping) = match format {
        Format::Csv => {
            let file = CsvFile::read(&o.path, o.delimiter)?;
            let mapping = Mapping::for_headers(o.entity, &file.headers, &o.map)?;
            (InputFile::Csv(file), mapping)
        }
        Format::Vcf => {
            let data = std::fs::read(&o.path).map_err(|e| TransferError::io(&o.path, e))?;
            let cards = vcard::read(&data);
            (InputFile::Vcf { data, cards }, Mapping::for_vcard())
        }
    };
    match o.entity {
        Entity::Companies => run::<Companies>(conn, o, &source, &mapping),
        Entity::Contacts => run::<Contacts>(conn, o, &source, &mapping),
        Entity::Deals => run::<Deals>(conn, o, &source, &mapping),
        Entity::Users => run::<Users>(conn, o, &source, &mapping),
        Entity::Stages => run::<Stages>(conn, o, &source, &mapping),
        _ => run::<Activities>(conn, o, &source, &mapping),
    }
}

fn new_report(
    o: &ImportOptions,
    source: &InputFile,
    mapping: &Mapping,
    key: Option<MatchKey>,
) -> Report {
    let (format, delimiter, ignored) = match source {
        InputFile::Csv(f) => {
            let d = match f.delimiter {
                b'\t' => "\\t".to_string(),
                d => (d as char).to_string(),
            };
            ("CSV", Some(d), Default::default())
        }
        InputFile::Vcf { cards, .. } => ("vCard", None, cards.ignored.clone()),
    };
    Report {
        entity: o.entity.to_string(),
        file: o.path.display().to_string(),
        format: format.into(),
        delimiter,
        dry_run: o.dry_run,
        match_key: key.map(|k| k.as_str().to_string()),
        on_duplicate: format!("{:?}", o.on_duplicate).to_lowercase(),
        columns: mapping.described(),
        not_imported: mapping
            .not_imported()
            .into_iter()
            .map(|(c, why)| (c.to_string(), why.to_string()))
            .collect(),
        ignored_properties: ignored,
        rejects_file: o.rejects.as_ref().map(|p| p.display().to_string()),
        ..Report::default()
    }
}

/// Why a write transaction stopped: a real error, or invalid rows (nothing is written).
enum Stop {
    Failed(TransferError),
    Refused(Box<Report>),
}

impl From<DbError> for Stop {
    fn from(e: DbError) -> Self {
        Stop::Failed(e.into())
    }
}
impl From<TransferError> for Stop {
    fn from(e: TransferError) -> Self {
        Stop::Failed(e)
    }
}

fn run<K: ImportKind>(
    conn: &mut DbConn,
    o: &ImportOptions,
    source: &InputFile,
    mapping: &Mapping,
) -> Result<Report, TransferError> {
    let key = choose_key(o, K::KEYS, mapping)?;
    let report = new_report(o, source, mapping, key);
    let import_id = Id::new();
    if o.dry_run {
        return pass::<K>(conn, o, source, mapping, key, report, import_id, false).map(|(r, _)| r);
    }
    // the index B-trees of a large table do not fit the default page cache; a large file also
    // loads through a rollback journal when it can (db::bulk::tuning::begin)
    let rows = source.rows_at_most()?;
    let load = match rows >= indexes::MIN_ROWS {
        true => Load::BulkImport,
        false => Load::Import,
    };
    let tuned = tuning::begin(conn, load)?;
    let outcome = write_transaction(conn, |conn| -> Result<(Report, Vec<Reject>), Stop> {
        repo::import::insert(conn, &record(o, source, mapping, key, import_id))?;
        let bulk = indexes::begin(conn, &bulk::tables(K::ENTITY, key), rows)?;
        let (report, rejected) = pass::<K>(conn, o, source, mapping, key, report, import_id, true)?;
        if report.refused(o.skip_invalid) {
            return Err(Stop::Refused(Box::new(report)));
        }
        let rebuild = std::time::Instant::now();
        indexes::finish(conn, bulk)?;
        tracing::info!(
            ms = rebuild.elapsed().as_millis() as u64,
            "import: indexes and full-text rebuilt"
        );
        repo::import::set_counts(conn, import_id, &counts(&report))?;
        Ok((report, rejected))
    });
    tuning::end(conn, tuned)?;
    match outcome {
        Ok((mut report, rejected)) => {
            report.written = true;
            report.import_id = Some(import_id);
            if let Some(path) = &o.rejects {
                report.rejects_written = rejects::write(path, source, &rejected)?;
            }
            Ok(report)
        }
        Err(Stop::Refused(report)) => Ok(*report),
        Err(Stop::Failed(e)) => Err(e),
    }
}

fn counts(r: &Report) -> ImportCounts {
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    ImportCounts {
        rows_read: n(r.rows),
        created: n(r.created),
        updated: n(r.updated),
        skipped: n(r.duplicates + r.empty + r.unchanged),
        invalid: n(r.invalid),
        related_created: n(r.companies_created),
    }
}

fn record(
    o: &ImportOptions,
    source: &InputFile,
    mapping: &Mapping,
    key: Option<MatchKey>,
    id: Id,
) -> Import {
    let (format, delimiter) = match source {
        InputFile::Csv(f) => ("csv", Some((f.delimiter as char).to_string())),
        InputFile::Vcf { .. } => ("vcf", None),
    };
    let columns: serde_json::Map<String, serde_json::Value> = mapping
        .described()
        .into_iter()
        .map(|(c, f)| (c, serde_json::Value::String(f)))
        .collect();
    let options = serde_json::json!({
        "delimiter": delimiter,
        "match": key,
        "on_duplicate": o.on_duplicate,
        "skip_invalid": o.skip_invalid,
        "columns": columns,
    });
    let file = o.path.canonicalize().unwrap_or_else(|_| o.path.clone());
    Import {
        id,
        at: crate::db::now(),
        actor_id: o.actor,
        entity: o.entity,
        file: file.display().to_string(),
        format: format.into(),
        options: options.to_string(),
        counts: ImportCounts::default(),
        undone_at: None,
        undone_by: None,
    }
}

/// Read every row through the engine, a batch at a time.
#[allow(clippy::too_many_arguments)]
fn pass<K: ImportKind>(
    conn: &mut DbConn,
    o: &ImportOptions,
    source: &InputFile,
    mapping: &Mapping,
    key: Option<MatchKey>,
    mut report: Report,
    import_id: Id,
    writing: bool,
) -> Result<(Report, Vec<Reject>), TransferError> {
    let settings = Settings {
        mapping,
        match_key: key,
        on_duplicate: o.on_duplicate,
        skip_invalid: o.skip_invalid,
        actor: o.actor,
        calling_code: o.calling_code.clone(),
        source: source_of(o, source)?,
        input: source,
    };
    report.source = settings.source.clone();
    let started = std::time::Instant::now();
    let mut engine = Engine::<K>::new(conn, settings, report, import_id, writing)?;
    let batch = o.batch.max(1);
    match source {
        InputFile::Csv(file) if K::ENTITY == Entity::Companies && parents_given(mapping) => {
            let rows = file.rows()?.collect::<Result<Vec<_>, _>>()?;
            let rows = super::order::parents_first(rows, mapping);
            feed(conn, &mut engine, rows, batch, o.progress)?;
        }
        InputFile::Csv(file) => {
            let total = file.len();
            let mut progress = Progress::new(o.progress, total, K::ENTITY);
            let mut rows = file.rows()?;
            loop {
                let chunk: Vec<SourceRow> = rows.by_ref().take(batch).collect::<Result<_, _>>()?;
                if chunk.is_empty() {
                    break;
                }
                engine.batch(conn, chunk)?;
                progress.update(rows.offset() as u64, &engine.report);
            }
            progress.finish();
        }
        InputFile::Vcf { cards, .. } => {
            feed(conn, &mut engine, cards.rows.clone(), batch, o.progress)?
        }
    }
    engine.finish(conn)?;
    let w = engine.write_times();
    let ms = |d: std::time::Duration| d.as_millis() as u64;
    tracing::info!(
        rows = engine.report.rows,
        all_ms = ms(started.elapsed()),
        companies_ms = ms(w.companies),
        records_ms = ms(w.records),
        tags_ms = ms(w.tags),
        history_ms = ms(w.history),
        items_ms = ms(w.items),
        "import pass: all_ms in all, of it the *_ms writing; the rest is reading, deciding and lookups"
    );
    Ok((engine.report, engine.rejects))
}

/// The tool the file's foreign ids come from: `--source`, else told by the CSV headers.
fn source_of(o: &ImportOptions, source: &InputFile) -> Result<Option<String>, TransferError> {
    if let Some(name) = &o.source {
        return crate::domain::external::source_name(name)
            .map(Some)
            .map_err(|why| usage(format!("--source: {why}")));
    }
    Ok(match source {
        InputFile::Csv(f) => {
            let headers: Vec<String> = f
                .headers
                .iter()
                .map(|h| super::catalogue::normalize_header(h))
                .collect();
            crate::domain::external::detect_source(&headers).map(String::from)
        }
        InputFile::Vcf { .. } => None,
    })
}

fn parents_given(mapping: &Mapping) -> bool {
    mapping.column_of("parent").is_some() || mapping.column_of("parent_id").is_some()
}

fn feed<K: ImportKind>(
    conn: &mut DbConn,
    engine: &mut Engine<'_, K>,
    rows: Vec<SourceRow>,
    batch: usize,
    mode: ProgressMode,
) -> Result<(), TransferError> {
    let mut progress = Progress::new(mode, rows.len() as u64, K::ENTITY);
    let mut done = 0u64;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<SourceRow> = rows.by_ref().take(batch).collect();
        done += chunk.len() as u64;
        engine.batch(conn, chunk)?;
        progress.update(done, &engine.report);
    }
    progress.finish();
    Ok(())
}
