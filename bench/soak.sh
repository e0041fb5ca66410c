#!/usr/bin/env bash
# The soak (issue 12, `make soak`; not part of `make test`): measures the maximum rate of a mixed
# workload (bench/soak.mjs: searches, registrations, prescriptions, verifications, dispenses and
# reads), then runs the same mix paced at half of it for SOAK_MINUTES, printing every window the
# requests, errors (target 0), p50/p99 latency and the server's RSS (target: flat once warm).
#
#   bench/soak.sh [RATE]     RATE in requests/s; default half the measured maximum
#   SOAK_MINUTES=30  SOAK_WINDOW=60 (seconds per report line)  MEASURE_SECONDS=20
#   SOAK_DB=sqlite|postgres  (postgres: a private cluster in the work folder)
#   HF_BINARY=build/healthflow  SOAK_OUT=FILE (the JSON lines are also written here)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${HF_BINARY:-$root/build/healthflow}
minutes=${SOAK_MINUTES:-30}
window=${SOAK_WINDOW:-60}
measure=${MEASURE_SECONDS:-20}
db=${SOAK_DB:-sqlite}
rate=${1:-${SOAK_RATE:-}}
[ -x "$bin" ] || { echo "no server binary at $bin (make build)"; exit 1; }
command -v node >/dev/null || { echo "node is required"; exit 1; }

work=$(mktemp -d /tmp/hf-soak.XXXXXX)
chmod 755 "$work"
out=${SOAK_OUT:-$work/soak.jsonl}
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ "$db" = postgres ] && scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export HF_DATA_DIR="$work/data" RATE_LIMITS=off MFA_REQUIRED_ROLES= LOG_LEVEL=warn ACCESS_TOKEN_TTL_SECONDS=86400 \
  HF_BINARY="$bin"
mkdir -p "$HF_DATA_DIR"
if [ "$db" = postgres ]; then
  DATABASE_URL=$(scripts/pg-cluster.sh start "$work/pg" "$(free_port)")
else
  DATABASE_URL="sqlite://$work/data/healthflow.db"
fi
export DATABASE_URL
port=$(free_port)
"$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$HF_DATA_DIR" --migrate >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 200); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$base/health" >/dev/null || { echo "the server did not start"; cat "$work/server.log"; exit 1; }
git_rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "soak: $db, $(nproc) cores, commit $git_rev, binary $bin"

if [ -z "$rate" ]; then
  max=$(node bench/soak.mjs --url "$base" --pid "$server_pid" --measure "$measure" | tail -1)
  echo "maximum (closed loop, ${measure} s): $max"
  measured=$(echo "$max" | python3 -c 'import json,sys; print(json.load(sys.stdin)["measured_rate"])')
  rate=$((measured / 2))
fi
echo "soak: ${minutes} min at ${rate} requests/s, a line every ${window} s"
status=0
node bench/soak.mjs --url "$base" --pid "$server_pid" --rate "$rate" --minutes "$minutes" --window "$window" \
  --out "$out" || status=$?
if ! kill -0 "$server_pid" 2>/dev/null; then echo "the server died during the soak"; tail -20 "$work/server.log"; status=1; fi
exit "$status"
