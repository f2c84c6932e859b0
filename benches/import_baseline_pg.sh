#!/usr/bin/env bash
# The raw-SQL floor for `rolo import` on PostgreSQL: the very rows a rolo import wrote (companies,
# contacts, their history entries and import items) streamed by psql with binary COPY into a fresh
# database with the same schema. Nothing is parsed, validated or decided.
#
#   ROLO_BENCH_DIR=/tmp/imp ROLO_BENCH_SKIP_SQLITE=1 ROLO_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres \
#     cargo bench --bench transfer                  # prints "kept PostgreSQL database NAME"
#   benches/import_baseline_pg.sh postgres://postgres@127.0.0.1:5432 NAME [path/to/rolo]
#
# Two runs: every index live, and bulk (secondary indexes dropped, built again at the end, as
# rolo's bulk mode does). The fresh databases are dropped afterwards; NAME is left alone.
set -euo pipefail
base=${1:?usage: import_baseline_pg.sh BASE_URL SOURCE_DB [ROLO_BINARY]}
src=${2:?usage: import_baseline_pg.sh BASE_URL SOURCE_DB [ROLO_BINARY]}
rolo=${3:-target/release/rolo}
tables="companies contacts history import_items"
keep="'companies_name_live_idx','companies_domain_live_idx','contacts_email_live_idx','contacts_primary_uq'"

fresh() {
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  "$rolo" --database "$base/$1" migrate >/dev/null
  # the import's acting user and its import record, so foreign keys hold
  psql "$base/$src" -qAc "COPY (SELECT * FROM users) TO STDOUT (FORMAT binary)" \
    | psql "$base/$1" -qc "COPY users FROM STDIN (FORMAT binary)"
  psql "$base/$src" -qAc "COPY (SELECT * FROM imports) TO STDOUT (FORMAT binary)" \
    | psql "$base/$1" -qc "COPY imports FROM STDIN (FORMAT binary)"
}

# stored generated columns (PostgreSQL's tsvector) are computed by COPY, not copied
columns() {
  psql "$base/$src" -qAtc "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '$1' AND is_generated = 'NEVER'"
}

copy_rows() {
  for t in $tables; do
    cols=$(columns "$t")
    psql "$base/$src" -qAc "COPY (SELECT $cols FROM $t) TO STDOUT (FORMAT binary)" \
      | psql "$base/$1" -qc "COPY $t ($cols) FROM STDIN (FORMAT binary)"
  done
}

echo "$(psql "$base/$src" -qAtc 'SELECT count(*) FROM contacts') contacts in $src"

db=rolo_raw_live
fresh $db
start=$(date +%s.%N)
copy_rows $db
psql "$base/$db" -qc "ANALYZE"
echo "psql COPY, indexes live:        $(echo "$(date +%s.%N) - $start" | bc) s"

db=rolo_raw_bulk
fresh $db
defs=$(psql "$base/$db" -qAtc "SELECT indexdef || ';' FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('companies','contacts','history') AND indexname NOT IN (SELECT conname FROM pg_constraint) AND indexname NOT IN ($keep)")
drops=$(psql "$base/$db" -qAtc "SELECT 'DROP INDEX ' || indexname || ';' FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('companies','contacts','history') AND indexname NOT IN (SELECT conname FROM pg_constraint) AND indexname NOT IN ($keep)")
start=$(date +%s.%N)
psql "$base/$db" -qc "$drops"
copy_rows $db
psql "$base/$db" -q -v ON_ERROR_STOP=1 <<SQL
SET maintenance_work_mem = '256MB';
$defs
ANALYZE;
SQL
echo "psql COPY, bulk (drop/rebuild): $(echo "$(date +%s.%N) - $start" | bc) s"
for t in $tables; do
  a=$(psql "$base/$src" -qAtc "SELECT count(*) FROM $t"); b=$(psql "$base/$db" -qAtc "SELECT count(*) FROM $t")
  [ "$a" = "$b" ] || { echo "row counts differ for $t: $a vs $b" >&2; exit 1; }
done
psql "$base/postgres" -qc "DROP DATABASE IF EXISTS rolo_raw_live WITH (FORCE)" -c "DROP DATABASE IF EXISTS rolo_raw_bulk WITH (FORCE)"
