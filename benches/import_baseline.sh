#!/usr/bin/env bash
# The raw-SQL floor for `rolo import`: the very rows a rolo import wrote (companies, contacts,
# their history entries and import items) copied by the sqlite3 CLI into a fresh database with the
# same schema. Nothing is parsed, validated or decided; only SQLite's own work remains.
#
#   ROLO_BENCH_DIR=/tmp/imp cargo bench --bench transfer     # leaves /tmp/imp/bench.db
#   benches/import_baseline.sh /tmp/imp [path/to/rolo]
#
# Two runs: with every index and full-text trigger live (row-by-row maintenance), and as rolo's
# bulk mode does it (secondary indexes and the full-text trigger dropped, rebuilt at the end).
set -euo pipefail
dir=${1:?usage: import_baseline.sh DIR [ROLO_BINARY]}
rolo=${2:-target/release/rolo}
src="$dir/bench.db"
[ -f "$src" ] || { echo "no $src: run the transfer bench with ROLO_BENCH_DIR=$dir" >&2; exit 1; }

fresh() {
  rm -f "$1" "$1-wal" "$1-shm"
  "$rolo" --database "$1" migrate >/dev/null
}

copy_sql() {
  cat <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -262144;
ATTACH '$src' AS a;
BEGIN IMMEDIATE;
INSERT INTO users SELECT * FROM a.users WHERE id NOT IN (SELECT id FROM main.users);
INSERT INTO imports SELECT * FROM a.imports;
$1
INSERT INTO companies SELECT * FROM a.companies;
INSERT INTO contacts SELECT * FROM a.contacts;
INSERT INTO history SELECT * FROM a.history;
INSERT INTO import_items SELECT * FROM a.import_items;
$2
COMMIT;
SQL
}

rows=$(sqlite3 "$src" "SELECT count(*) FROM contacts")
echo "$rows contacts in $src"

db="$dir/raw-live.db"
fresh "$db"
start=$(date +%s.%N)
copy_sql "" "" | sqlite3 "$db" >/dev/null
end=$(date +%s.%N)
echo "sqlite3, indexes live:        $(echo "$end - $start" | bc) s"

db="$dir/raw-bulk.db"
fresh "$db"
drops=$(sqlite3 "$db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('companies', 'contacts', 'history') AND name NOT IN ('companies_name_live_idx', 'companies_domain_live_idx', 'contacts_email_live_idx', 'contacts_primary_uq')
  UNION ALL SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND name IN ('companies_fts_ai', 'contacts_fts_ai')")
creates=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('companies', 'contacts', 'history') AND name NOT IN ('companies_name_live_idx', 'companies_domain_live_idx', 'contacts_email_live_idx', 'contacts_primary_uq')
  UNION ALL SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND name IN ('companies_fts_ai', 'contacts_fts_ai')")
fts="INSERT INTO companies_fts (rowid, name, domain) SELECT seq, name, domain FROM companies;
INSERT INTO contacts_fts (rowid, first_name, last_name, email) SELECT seq, first_name, last_name, email FROM contacts;"
start=$(date +%s.%N)
copy_sql "$drops" "$fts
$creates" | sqlite3 "$db" >/dev/null
end=$(date +%s.%N)
echo "sqlite3, bulk (drop/rebuild): $(echo "$end - $start" | bc) s"
for t in companies contacts history import_items; do
  a=$(sqlite3 "$src" "SELECT count(*) FROM $t"); b=$(sqlite3 "$db" "SELECT count(*) FROM $t")
  [ "$a" = "$b" ] || { echo "row counts differ for $t: $a vs $b" >&2; exit 1; }
done
rm -f "$dir"/raw-live.db* "$dir"/raw-bulk.db*
