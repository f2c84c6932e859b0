#!/usr/bin/env bash
# Provision the 50 users of a synthetic data set as a team on PostgreSQL, for benches/load.rs.
#
#   benches/load_setup.sh postgres://postgres@127.0.0.1/rolo_load [path/to/rolo]
#
# The URL is the database owner's (or a superuser's): it acts as admin. The database holds
# `rolo seed synthetic … --users 50 --seed 42` (users user0 … user49). What it does, all
# through rolo itself, as docs/teams.md describes it:
#
#   * five teams: North, South, East, West, Central; user i is in team i mod 5;
#   * roles: user0 admin; user1 … user5 managers (one per team); user48 and user49 read-only;
#     every other user a sales rep (42 of them);
#   * every user a PostgreSQL login `load_uNN` (NN = i, two digits): `rolo users update ID
#     --set login=… --set role=… --set team=…`, whose trigger creates the login role and puts
#     it in the group role of its rolo role (rolo_admin, rolo_manager, rolo_rep, rolo_readonly);
#   * visibility `team` (the default, set explicitly).
#
# Running it again changes nothing that is already so. Roles are cluster-wide: the same logins
# serve every database on the server set up by this script (with the same roles).
set -euo pipefail

url=${1:?usage: $0 POSTGRES_URL [ROLO]}
rolo=${2:-rolo}
r() { "$rolo" --database "$url" "$@"; }

r migrate >/dev/null

teams=(North South East West Central)
have=$(r teams list --output json | jq -r '.[].name')
for t in "${teams[@]}"; do
  grep -qx "$t" <<<"$have" || r teams create --set "name=$t" >/dev/null
done

role_of() {
  local i=$1
  if [ "$i" -eq 0 ]; then echo admin
  elif [ "$i" -le 5 ]; then echo manager
  elif [ "$i" -ge 48 ]; then echo read_only
  else echo sales_rep
  fi
}

r users list --output json --limit all |
  jq -r '.[] | select(.email | test("^user[0-9]+\\.s[0-9]+@synthetic\\.example$"))
              | [.id, (.email | capture("^user(?<n>[0-9]+)").n), (.login // ""), .role] | @tsv' |
  while IFS=$'\t' read -r id n login role; do
    want_login=$(printf 'load_u%02d' "$n")
    want_role=$(role_of "$n")
    team=${teams[$((n % 5))]}
    r users update "$id" --set "login=$want_login" --set "role=$want_role" --set "team=$team" \
      >/dev/null 2> >(grep -v "no acting user" >&2)
    echo "user$n -> $want_login $want_role $team"
  done

r settings set visibility team >/dev/null
r users list --output json --limit all | jq -r 'group_by(.role)[] | "\(.[0].role): \(length)"'
