#!/usr/bin/env bash
# Writes per second through the API against the same rows written in raw SQL on the same database,
# same durability (SQLite WAL + synchronous=FULL; PostgreSQL fsync + synchronous_commit on), each
# operation its own transaction, measured alternately (issue 11 rows 3 and 4; target >= 0.5 x).
#   bench/prescribe.sh [prescribe|dispense]     create: 3 items, CDS, Ed25519 signing, audited
# Reference: the database's own limit for the same rows as plain inserts, one operation per
# transaction at the same durability, in a reference database of plain tables beside the server's
# (same keys and unique indexes; no report triggers, no audit-chain lock: bench/rawsql.py schema).
# SQLite - the sqlite3 shell running the transactions one after another (stopped after the time,
# the committed rows counted); PostgreSQL - pgbench with an equivalent custom script, 8 clients.
set -euo pipefail
what=${1:-prescribe}
source "$(dirname "$0")/lib.sh"
ensure_server
wconns=${WRITE_CONNECTIONS:-32}
hf_run() { wrk -t2 -c"$wconns" -d"$1s" --latency -s bench/lua/api.lua "$base" -- "$what" "$seed_dir" >"$2"; rps "$2"; }
if [ "$backend" = postgres ]; then
  ref_db="hf_ref_${what}_$$"
  psql -q "$DATABASE_URL" -c "CREATE DATABASE $ref_db" >/dev/null
  ref_url="${DATABASE_URL%/*}/$ref_db"
  { python3 bench/rawsql.py schema "$seed_dir"; echo "CREATE SEQUENCE bench_seq;"; } | psql -q "$ref_url" >/dev/null
  python3 bench/rawsql.py "pg-$what" "$seed_dir" >"$bench_work/$what.pgbench"
  [ "$what" = dispense ] && python3 bench/rawsql.py pg-lines "$seed_dir" | psql -q "$ref_url" >/dev/null
  ref_run() {
    "$pg_bin/pgbench" -n -M extended -c 8 -j 2 -T "$1" -f "$bench_work/$what.pgbench" "$ref_url" >"$2" 2>&1 || { cat "$2" >&2; echo 0; return; }
    awk '/^tps = / {print $3; exit}' "$2"
  }
  how="pgbench -c8, plain tables"
else
  db="$bench_work/reference-$what.db"
  rm -f "$db"
  { echo "PRAGMA journal_mode=WAL;"; python3 bench/rawsql.py schema "$seed_dir"; } | sqlite3 "$db" >/dev/null
  if [ "$what" = prescribe ]; then count_sql="SELECT count(*) FROM prescriptions WHERE code LIKE 'RAW%'"
  else count_sql="SELECT count(*) FROM dispensations WHERE id LIKE 'raw-%'"; fi
  ref_run() {
    python3 bench/rawsql.py "sqlite-$what" "$seed_dir" 8000 >"$2.sql"
    local before after t0 t1
    before=$(sqlite3 "$db" "$count_sql")
    t0=$(date +%s.%N)
    timeout "$1" sqlite3 "$db" <"$2.sql" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    after=$(sqlite3 "$db" "$count_sql")
    python3 -c "print('%.2f' % (($after - $before) / ($t1 - $t0)))"
  }
  how="sqlite3 shell, plain tables"
fi
paired "$what"
r=$(ratio "$hf_rate" "$ref_rate")
label=$([ "$what" = prescribe ] && echo "create prescription (/s)" || echo "dispense (/s)")
result "$label" "$hf_rate" "/s" "$ref_rate" "$r" ">= 0.5x raw SQL" "$(ge "$r" 0.5)"
result "$what p50 / p99 ($wconns conns)" "$(pct_pair "$what" 50%)/$(pct_pair "$what" 99%)" "ms" "$how" "-" "-" "-"
bad=$(non2xx_pair "$what"); [ "$bad" = 0 ] || echo "  ($what: $bad non-2xx answers)"
