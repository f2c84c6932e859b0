#!/usr/bin/env bash
# Whole-process export and import of every contact of a database, against the raw floor, in one
# run: wall seconds, rows per second and peak RSS (GNU time's %M) of each side.
#
#   benches/import_whole.sh ROLO_BIN SOURCE.db WORKDIR [PG_ADMIN_URL]
#
# SOURCE.db is a seeded SQLite database (`rolo seed synthetic …`), opened read-only.
# 1. export: `rolo export contacts` of SOURCE.db to WORKDIR/contacts.csv;
# 2. SQLite: a fresh database holding SOURCE's users and companies (copied by the sqlite3 CLI),
#    then `rolo import contacts contacts.csv`; the floor is the sqlite3 CLI's `.import` of the same
#    file into a table with the file's columns, then as many indexes as rolo's contacts table has
#    built after the load;
# 3. PostgreSQL (when PG_ADMIN_URL is given, e.g. postgres://postgres@127.0.0.1/postgres): the
#    same on a throwaway database (users and companies copied with COPY), and the floor is the
#    server's own psql (not Debian's wrapper) running `\copy` into such a table, indexes after.
set -euo pipefail
rolo=${1:?usage: import_whole.sh ROLO_BIN SOURCE.db WORKDIR [PG_ADMIN_URL]}
src=${2:?usage: import_whole.sh ROLO_BIN SOURCE.db WORKDIR [PG_ADMIN_URL]}
dir=${3:?usage: import_whole.sh ROLO_BIN SOURCE.db WORKDIR [PG_ADMIN_URL]}
pg=${4:-}
mkdir -p "$dir"
export ROLO_DATA_DIR="$dir/data" ROLO_CONFIG="$dir/no-config.toml"
psql_bin=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n1)
psql_bin=${psql_bin:-psql}

load() { cut -d' ' -f1 /proc/loadavg; }
# run "$@" under GNU time; print "seconds peak_MB load_before"
timed() {
  local l; l=$(load)
  /usr/bin/time -f '%e %M' -o "$dir/time.out" "$@" >"$dir/last.out" 2>"$dir/last.err" ||
    { cat "$dir/last.err" >&2; exit 1; }
  read -r s kb <"$dir/time.out"
  echo "$s $((kb / 1024)) $l"
}
row() { # label seconds peak load rows
  printf '%-34s %8.1f s %9.0f rows/s %6d MB   load %s\n' "$1" "$2" "$(echo "$5 / $2" | bc -l)" "$3" "$4"
}

csv="$dir/contacts.csv"
rows=$(sqlite3 -readonly "$src" "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
echo "$rows live contacts in $src; load at start $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$csv"
read -r s mb l < <(timed "$rolo" --read-only --database "$src" export contacts --file "$csv" --no-spreadsheet-safe)
row "rolo export (SQLite)" "$s" "$mb" "$l" "$rows"
header=$(head -n1 "$csv")
echo "file: $(du -h "$csv" | cut -f1), columns: $header"
nidx=$(sqlite3 -readonly "$src" "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL")

# the floor's table: the file's columns as text, and $nidx indexes over its first columns
cols=$(echo "$header" | tr ',' '\n' | tr -d '"\r' | awk '{printf "%s\"%s\" text", (NR > 1 ? ", " : ""), $0}')
first=$(echo "$header" | tr ',' '\n' | tr -d '"\r' | head -n "$nidx")
indexes=$(echo "$first" | awk '{printf "CREATE INDEX raw_%d ON raw_contacts (\"%s\");\n", NR, $0}')

# --- SQLite
db="$dir/import.db"
rm -f "$db" "$db-wal" "$db-shm"
"$rolo" --database "$db" migrate >/dev/null
sqlite3 "$db" "ATTACH '$src' AS s; INSERT OR IGNORE INTO users SELECT * FROM s.users; INSERT INTO teams SELECT * FROM s.teams WHERE id NOT IN (SELECT id FROM main.teams); INSERT INTO companies SELECT * FROM s.companies;" 2>/dev/null ||
  sqlite3 "$db" "ATTACH '$src' AS s; INSERT OR IGNORE INTO users SELECT * FROM s.users; INSERT INTO companies SELECT * FROM s.companies;"
read -r s mb l < <(timed "$rolo" --database "$db" import contacts "$csv")
row "rolo import (SQLite)" "$s" "$mb" "$l" "$rows"
got=$(sqlite3 "$db" "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
[ "$got" = "$rows" ] || echo "warning: imported $got of $rows rows" >&2

raw="$dir/raw.db"
rm -f "$raw"
sqlite3 "$raw" "PRAGMA journal_mode = WAL; CREATE TABLE raw_contacts ($cols);" >/dev/null
cat >"$dir/raw.sql" <<SQL
PRAGMA synchronous = NORMAL;
.import --csv --skip 1 $csv raw_contacts
$indexes
SQL
read -r s mb l < <(timed sqlite3 "$raw" ".read $dir/raw.sql")
row "sqlite3 .import, indexes after" "$s" "$mb" "$l" "$rows"
rm -f "$raw" "$raw-wal" "$raw-shm"

[ -n "$pg" ] || exit 0
# --- PostgreSQL
name="rolo_import_bench_$$"
base=${pg%/*}
"$psql_bin" "$pg" -qc "CREATE DATABASE $name" >/dev/null
trap '"$psql_bin" "$pg" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
url="$base/$name"
"$rolo" --database "$url" migrate >/dev/null
# users and companies through rolo's own export and import (the ids are kept)
rm -f "$dir/users.csv" "$dir/companies.csv" "$dir/pg-contacts.csv"
"$rolo" --read-only --database "$src" export users --file "$dir/users.csv" --no-spreadsheet-safe
"$rolo" --read-only --database "$src" export companies --file "$dir/companies.csv" --no-spreadsheet-safe
"$rolo" --database "$url" import users "$dir/users.csv" >/dev/null
"$rolo" --database "$url" import companies "$dir/companies.csv" >/dev/null
read -r s mb l < <(timed "$rolo" --database "$url" import contacts "$csv")
row "rolo import (PostgreSQL)" "$s" "$mb" "$l" "$rows"
got=$("$psql_bin" "$url" -Atc "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
[ "$got" = "$rows" ] || echo "warning: imported $got of $rows rows" >&2
"$psql_bin" "$url" -qc "CREATE TABLE raw_contacts ($cols)" >/dev/null
read -r s mb l < <(timed "$psql_bin" "$url" -qc "\\copy raw_contacts FROM '$csv' WITH (FORMAT csv, HEADER true)")
read -r s2 _ _ < <(timed "$psql_bin" "$url" -qc "$indexes")
row "psql \\copy, indexes after" "$(echo "$s + $s2" | bc)" "$mb" "$l" "$rows"
read -r s mb l < <(timed "$rolo" --read-only --database "$url" export contacts --file "$dir/pg-contacts.csv" --no-spreadsheet-safe)
row "rolo export (PostgreSQL)" "$s" "$mb" "$l" "$rows"
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
