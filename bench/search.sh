#!/usr/bin/env bash
# Drug search throughput and latency (issue 4 "Performance"): wrk against GET /api/v1/drugs with 50
# English and Arabic prefixes (bench/lua/search.lua), and in the same run wrk against a private
# nginx serving a static file of the same size as a typical search answer, as a yardstick for this
# machine. Prints throughputs, their ratio, p99 at full load and at ~1,000 searches/s (client-side
# from wrk, and server-side from the /metrics histogram). Figures are printed, never asserted.
#
#   bench/search.sh [BINARY]     (default build/healthflow; DURATION=10 CONNECTIONS=64 THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${1:-${HF_BINARY:-$root/build/healthflow}}
duration=${DURATION:-10}
conns=${CONNECTIONS:-64}
wrk_threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$bin" ] || { echo "no server binary at $bin (make build)"; exit 1; }

work=$(mktemp -d /tmp/hf-bench.XXXXXX)
chmod 755 "$work"  # nginx workers (nobody) read the static file
server_pid=""
nginx_started=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_started" ] && "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- the server: fresh SQLite database, rate limits off, an admin who logs in -------------------
export HF_DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/healthflow.db" RATE_LIMITS=off \
  MFA_REQUIRED_ROLES= LOG_LEVEL=warn
mkdir -p "$HF_DATA_DIR"
"$bin" migrate up >/dev/null
password="bench horse battery staple 42"
echo "$password" | "$bin" admin create-user --role admin --username bench --full-name "Bench Admin" >/dev/null
port=$(free_port)
LOG_LEVEL=info "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$HF_DATA_DIR" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -fs "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
index_bytes=$(grep -o '"index_bytes":[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
answer_bytes=$(curl -fs "$base/api/v1/drugs?limit=20&q=pan" -H "authorization: Bearer $token" | wc -c)

# --- nginx: the same answer size from a static file -------------------------------------------
mkdir -p "$work/nginx/logs" "$work/nginx/html"
head -c "$answer_bytes" /dev/zero | tr '\0' 'x' >"$work/nginx/html/answer.json"
chmod -R a+rX "$work/nginx"
nginx_port=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp_body;
  proxy_temp_path $work/nginx/tmp_proxy;
  fastcgi_temp_path $work/nginx/tmp_fcgi;
  uwsgi_temp_path $work/nginx/tmp_uwsgi;
  scgi_temp_path $work/nginx/tmp_scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    default_type application/json;
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>/dev/null && nginx_started=1

# --- runs --------------------------------------------------------------------------------------
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ {print}' "$1"; }

# Server-side p99 of /api/v1/drugs from the latency histogram, counting only the requests made
# between two scrapes (bucket upper bound, so an upper estimate).
scrape() { curl -fs "$base/metrics" | grep '^http_request_duration_seconds_bucket{route="/api/v1/drugs"' || true; }
server_p99() {  # before-file after-file
  python3 - "$1" "$2" <<'PY'
import re, sys
def load(p):
    out = {}
    for line in open(p):
        m = re.search(r'le="([^"]+)"\} (\S+)', line)
        if m: out[m.group(1)] = out.get(m.group(1), 0) + float(m.group(2))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
les = sorted(b, key=lambda x: float('inf') if x == '+Inf' else float(x))
total = b.get('+Inf', 0) - a.get('+Inf', 0)
if total <= 0: print('n/a'); sys.exit()
for le in les:
    if b[le] - a.get(le, 0) >= 0.99 * total:
        print('<= %s ms' % ('inf' if le == '+Inf' else '%g' % (float(le) * 1000))); break
PY
}

echo "== warm-up"
wrk -t1 -c4 -d2s -s bench/lua/search.lua "$base" -- "$token" >/dev/null

echo "== healthflow: GET /api/v1/drugs, $conns connections, ${duration}s"
scrape >"$work/m0"
wrk -t"$wrk_threads" -c"$conns" -d"${duration}s" --latency -s bench/lua/search.lua "$base" -- "$token" | tee "$work/hf.txt"
scrape >"$work/m1"

echo "== healthflow paced at ~1,000 searches/s (12 connections, 10 ms between requests), ${duration}s"
wrk -t1 -c12 -d"${duration}s" --latency -s bench/lua/search.lua "$base" -- "$token" 10 | tee "$work/hf-paced.txt"
scrape >"$work/m2"

if [ -n "$nginx_started" ]; then
  echo "== nginx: static file of $answer_bytes bytes, $conns connections, ${duration}s"
  wrk -t"$wrk_threads" -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$nginx_port/answer.json" | tee "$work/nginx.txt"
fi

hf_rps=$(rps "$work/hf.txt")
echo
echo "================ drug search benchmark ($(nproc) cores, $(date -u +%FT%TZ)) ================"
printf '%-44s %s\n' "catalogue index memory (estimate)" "${index_bytes:-?} bytes"
printf '%-44s %s\n' "server RSS after start-up" "${rss_kb:-?} kB"
printf '%-44s %s\n' "typical answer (q=pan, limit=20)" "$answer_bytes bytes"
printf '%-44s %s\n' "healthflow searches/s ($conns conns)" "$hf_rps"
printf '%-44s %s\n' "healthflow p99 at full load (wrk)" "$(p99 "$work/hf.txt")"
printf '%-44s %s\n' "healthflow server-side p99 at full load" "$(server_p99 "$work/m0" "$work/m1")"
printf '%-44s %s\n' "paced run: searches/s achieved" "$(rps "$work/hf-paced.txt")"
printf '%-44s %s\n' "paced run: p99 (wrk, client side)" "$(p99 "$work/hf-paced.txt")"
printf '%-44s %s\n' "paced run: server-side p99 (/metrics)" "$(server_p99 "$work/m1" "$work/m2")"
if [ -n "$nginx_started" ]; then
  ng_rps=$(rps "$work/nginx.txt")
  printf '%-44s %s\n' "nginx static requests/s ($conns conns)" "$ng_rps"
  printf '%-44s %s\n' "nginx p99" "$(p99 "$work/nginx.txt")"
  printf '%-44s %s\n' "healthflow / nginx throughput" "$(python3 -c "print('%.2f' % ($hf_rps / $ng_rps))")"
else
  echo "nginx could not start; no yardstick this run"
fi
printf '%-44s %s\n' "targets" ">= 10,000 searches/s; p99 < 5 ms at 1,000/s"
errors "$work/hf.txt"
