#!/usr/bin/env bash
# Whole-process start-up: rolo against the sqlite3 CLI answering the same question, in interleaved
# pairs (a, b, a, b, …) so load on a shared machine hits both alike. Prints the median and p90 of
# each side in milliseconds, their ratio, and the load average at the start and end.
#
#   benches/startup.sh ROLO_BIN DB.sqlite [PAIRS]      (DB is opened read-only; default 15 pairs)
#   BASE=/path/to/older/rolo benches/startup.sh …      adds a third column: an older build
#   PHASES=1 benches/startup.sh …                       then each rolo case's steps (ROLO_TIMINGS=1):
#                                                       the median milliseconds of each step
#
# Warm cache: every command runs once before timing.
set -euo pipefail
rolo=${1:?usage: startup.sh ROLO_BIN DB [PAIRS]}
db=${2:?usage: startup.sh ROLO_BIN DB [PAIRS]}
pairs=${3:-15}
base=${BASE:-}
export ROLO_DATA_DIR=${ROLO_DATA_DIR:-$(mktemp -d)}
empty="$ROLO_DATA_DIR/empty.db"
"$rolo" --database "$empty" companies count >/dev/null

# a company in the middle of the name order, and the admin with the most open activities
hex=$(sqlite3 -readonly "$db" "SELECT lower(hex(id)) FROM companies WHERE deleted_at IS NULL ORDER BY name, id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM companies)")
uuid="${hex:0:8}-${hex:8:4}-${hex:12:4}-${hex:16:4}-${hex:20:12}"
read -r admin ahex < <(sqlite3 -readonly -separator ' ' "$db" "SELECT u.email, lower(hex(u.id)) FROM users u WHERE u.role = 'admin' ORDER BY (SELECT count(*) FROM activities a WHERE a.assignee_id = u.id AND a.completed_at IS NULL) DESC LIMIT 1")
# the section bounds as literals (UTC days), as rolo binds them
now="'$(date -u '+%Y-%m-%d %H:%M:%S')'"
eod="'$(date -u -d tomorrow '+%Y-%m-%d') 00:00:00'"
until="'$(date -u -d '+8 days' '+%Y-%m-%d') 00:00:00'"
# an agenda section as a developer who read the plan would write it (`likely()` keeps SQLite off
# the completion-time index, as rolo does): the user's open items (assigned to them, or
# owned by them and unassigned) due in [from, until), oldest first, with the linked names
section() {
  local from=$1 until=$2 who=$3
  echo "SELECT a.id, a.kind, a.subject, a.due_at, c.name, d.title, o.name FROM activities a LEFT JOIN companies c ON c.id = a.company_id LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN users o ON o.id = a.owner_id WHERE $who AND a.deleted_at IS NULL AND likely(a.completed_at IS NULL) AND a.due_at >= $from AND a.due_at < $until ORDER BY a.due_at, a.id LIMIT 51;"
}
agenda_sql=""
for span in "'0000'|$now" "$now|$eod" "$eod|$until"; do
  IFS='|' read -r from until_ <<<"$span"
  agenda_sql+=$(section "$from" "$until_" "a.assignee_id = X'$ahex'")
  agenda_sql+=$(section "$from" "$until_" "a.assignee_id IS NULL AND a.owner_id = X'$ahex'")
done

# name | rolo arguments | the same question for sqlite3 (database given separately)
cases=(
  "version|--version|-version"
  "empty count|--database $empty companies count|SELECT count(*) FROM companies WHERE deleted_at IS NULL;"
  "list first page|--read-only --database $db companies list --where status:customer --limit 50 --output ids|SELECT id FROM companies WHERE status = 'customer' AND deleted_at IS NULL ORDER BY name, id LIMIT 50;"
  "count --up-to|--read-only --database $db contacts count --up-to 1000|SELECT count(*) FROM (SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1000);"
  "get|--read-only --database $db companies get $uuid --output json|SELECT c.*, o.name FROM companies c LEFT JOIN users o ON o.id = c.owner_id WHERE c.id = X'$hex';"
  "agenda|--read-only --database $db --as $admin agenda --output json|$agenda_sql"
)

# bash's own clock (no process started to read it): microseconds
time_ms() { local t0=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || true; local t1=${EPOCHREALTIME/[.,]/}; echo $(( t1 - t0 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%.2f %.2f", a[int((NR+1)/2)]/1000, a[int(NR*0.9+0.5)]/1000}'; }

echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %14s %14s %8s%s\n' case "rolo med/p90" "sqlite3 med/p90" ratio "${base:+   base med/p90}"
for c in "${cases[@]}"; do
  IFS='|' read -r name args sql <<<"$c"
  read -ra argv <<<"$args"
  if [ "$name" = version ]; then s=(sqlite3 -version); elif [ "$name" = "empty count" ]; then s=(sqlite3 "$empty" "$sql"); else s=(sqlite3 -readonly "$db" "$sql"); fi
  "$rolo" "${argv[@]}" >/dev/null 2>&1 || true; "${s[@]}" >/dev/null 2>&1 || true
  r=(); q=(); b=()
  for _ in $(seq "$pairs"); do
    r+=("$(time_ms "$rolo" "${argv[@]}")")
    q+=("$(time_ms "${s[@]}")")
    [ -n "$base" ] && b+=("$(time_ms "$base" "${argv[@]}")")
  done
  rs=$(printf '%s\n' "${r[@]}" | stats); qs=$(printf '%s\n' "${q[@]}" | stats)
  bs=""; [ -n "$base" ] && bs=$(printf '%s\n' "${b[@]}" | stats)
  ratio=$(awk -v a="${rs%% *}" -v b="${qs%% *}" 'BEGIN {printf "%.2f", a/b}')
  printf '%-18s %14s %14s %8s%s\n' "$name" "${rs/ //}" "${qs/ //}" "$ratio" "${bs:+   ${bs/ //}}"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

[ -n "${PHASES:-}" ] || exit 0
# where each millisecond goes: the steps rolo names on stderr, median of PAIRS runs per step
echo
echo "steps (median ms over $pairs runs; ROLO_TIMINGS=1)"
for c in "${cases[@]}"; do
  IFS='|' read -r name args _ <<<"$c"
  [ "$name" = version ] && continue
  read -ra argv <<<"$args"
  for _ in $(seq "$pairs"); do
    ROLO_TIMINGS=1 "$rolo" "${argv[@]}" 2>&1 >/dev/null | sed -n 's/^rolo: timings: //p'
  done | awk -v name="$name" -F ' · ' '
    { for (i = 1; i <= NF; i++) { n = split($i, kv, " "); v = kv[n]; k = substr($i, 1, length($i) - length(v) - 1);
        if (!(k in seen)) { seen[k] = 1; order[++m] = k } vals[k, ++cnt[k]] = v } }
    END { printf "%-16s", name;
      for (j = 1; j <= m; j++) { k = order[j]; c = cnt[k]; for (x = 1; x <= c; x++) a[x] = vals[k, x];
        for (x = 1; x <= c; x++) for (y = x + 1; y <= c; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
        printf " %s %.2f ·", k, a[int((c + 1) / 2)] }
      print "" }'
done
