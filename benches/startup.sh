#!/usr/bin/env bash
# Whole-process start-up: rolo against the sqlite3 CLI answering the same question, in interleaved
# pairs (a, b, a, b, …) so load on a shared machine hits both alike. Prints the median and p90 of
# each side in milliseconds, their ratio, and the load average at the start and end.
#
#   benches/startup.sh ROLO_BIN DB.sqlite [PAIRS]      (DB is opened read-only; default 15 pairs)
#   BASE=/path/to/older/rolo benches/startup.sh …      adds a third column: an older build
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

# name | rolo arguments | the same question for sqlite3 (database given separately)
cases=(
  "version|--version|-version"
  "empty count|--database $empty companies count|SELECT count(*) FROM companies WHERE deleted_at IS NULL;"
  "list first page|--read-only --database $db companies list --where status:customer --limit 50 --output ids|SELECT id FROM companies WHERE status = 'customer' AND deleted_at IS NULL ORDER BY name, id LIMIT 50;"
  "count --up-to|--read-only --database $db contacts count --up-to 1000|SELECT count(*) FROM (SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1000);"
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
