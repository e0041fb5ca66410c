#!/usr/bin/env bash
# Times each report endpoint on a database filled by bench/generate.sh (docs/performance.md
# "Reports"). Starts the server on it (printing how long it took to listen; generate.sh has already
# built the summary tables with `healthflow reports rebuild`), logs in as a fresh admin, and requests
# every report over the whole year three times, printing each time in milliseconds.
#
#   bench/reports.sh sqlite /path/to/healthflow.db
#   bench/reports.sh postgres postgresql://.../db
set -euo pipefail
backend=${1:?sqlite|postgres}
target=${2:?database file or URL}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${HF_BINARY:-$root/build/healthflow}
if [ "$backend" = sqlite ]; then url="sqlite://$target"; else url="$target"; fi
data=$(mktemp -d)
log="$data/server.log"
export DATABASE_URL="$url" HF_DATA_DIR="$data" LOG_LEVEL=info MFA_REQUIRED_ROLES= RATE_LIMITS=off
started=$(date +%s%N)
"$bin" serve --host 127.0.0.1 --port 0 --data-dir "$data" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 12000); do
  grep -q '"msg":"listening"' "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.05
done
echo "# server listening after $(( ($(date +%s%N) - started) / 1000000 )) ms"
port=$(grep '"msg":"listening"' "$log" | sed 's/.*"port":\([0-9]*\).*/\1/')
grep '"report summaries' "$log" | sed 's/^/# /' || true
base="http://127.0.0.1:$port"
user="bench-admin-$RANDOM$RANDOM"
pass="correct horse battery staple 42"
echo "$pass" | "$bin" admin create-user --role admin --username "$user" --full-name "Bench Admin" --data-dir "$data" >/dev/null
token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$pass\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
to=$(date -u +%F)
from=$(date -u -d "-365 days" +%F)
printf '%-60s %10s %10s %10s\n' "report ($backend, $from..$to)" run1_ms run2_ms run3_ms
for path in "/api/v1/reports/summary?from=$from&to=$to" \
  "/api/v1/reports/summary?from=$from&to=$to&governorate=01" \
  "/api/v1/reports/summary.csv?from=$from&to=$to" \
  "/api/v1/reports/trends?interval=day&from=$from&to=$to" \
  "/api/v1/reports/trends?interval=week&from=$from&to=$to" \
  "/api/v1/reports/trends?interval=month&from=$from&to=$to" \
  "/api/v1/reports/providers?from=$from&to=$to" \
  "/api/v1/reports/controlled-alerts"; do
  times=()
  for _ in 1 2 3; do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "authorization: Bearer $token" "$base$path")
    code=${t%% *}
    [ "$code" = 200 ] || { echo "$path answered $code"; exit 1; }
    times+=("$(awk -v s="${t#* }" 'BEGIN { printf "%.0f", s * 1000 }')")
  done
  printf '%-60s %10s %10s %10s\n' "${path%%\?*}?${path#*\?}" "${times[@]}" | cut -c1-100
done
