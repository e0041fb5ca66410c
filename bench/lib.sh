# Shared helpers for the issue-11 benchmarks (sourced, not run). Every row script works alone
# (it starts what it needs) or inside bench/run-all.sh, which starts one server per backend, seeds
# it once and exports HF_BENCH_* so the row scripts reuse them.
#
#   HF_BINARY       server binary (default build/healthflow, the release build of this tree)
#   HF_BENCH_DB     sqlite (default) | postgres
#   DURATION        seconds per wrk run (default 10)
#   CONNECTIONS     wrk connections at full load (default 64)
#   HF_BENCH_RESULTS  a TSV file that each row appends to (row, backend, figure, unit, reference, ratio, target, met)

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$bench_root"
if [ -z "${HF_BINARY:-}" ]; then
  HF_BINARY=$bench_root/build/healthflow
fi
export HF_BINARY
duration=${DURATION:-10}
conns=${CONNECTIONS:-64}
backend=${HF_BENCH_DB:-sqlite}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

command -v wrk >/dev/null || { echo "wrk is not installed (scripts/install-deps.sh bench)"; exit 1; }
[ -x "$HF_BINARY" ] || { echo "no server binary at $HF_BINARY (make build)"; exit 1; }

bench_work=$(mktemp -d /tmp/hf-bench.XXXXXX)
chmod 755 "$bench_work"
_bench_owned=()  # pids and pg dirs this script started (nginx: by pid file, below)

bench_cleanup() {
  for item in "${_bench_owned[@]}"; do
    case "$item" in
      pid:*) kill "${item#pid:}" 2>/dev/null; wait "${item#pid:}" 2>/dev/null ;;
      pg:*) "$bench_root/scripts/pg-cluster.sh" stop "${item#pg:}" >/dev/null 2>&1 || "$pg_bin/pg_ctl" -D "${item#pg:}/data" -m fast stop >/dev/null 2>&1 ;;
    esac
  done
  local pidfile
  for pidfile in "$bench_work"/nginx-*/nginx.pid; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  # HF_BENCH_KEEP_LOG=FILE keeps the server's log (access log lines with durations) for a look afterwards.
  if [ -n "${HF_BENCH_KEEP_LOG:-}" ] && [ -f "$bench_work/server.log" ]; then cp "$bench_work/server.log" "$HF_BENCH_KEEP_LOG"; fi
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- wrk output ---------------------------------------------------------------------------------
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
# p50/p99 in milliseconds from wrk --latency output.
pct_ms() {  # file 50%|99%
  awk -v p="$2" '$1 == p { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.2f\n", v }' "$1"
}
non2xx() { awk '/Non-2xx/ {print $4; f=1} END {if (!f) print 0}' "$1"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1] or 0),float(sys.argv[2] or 0); print('%.3f' % (a/b if b else 0))" "$1" "$2"; }
ge() { python3 -c "import sys; print('met' if float(sys.argv[1] or 0) >= float(sys.argv[2]) else 'NOT met')" "$1" "$2"; }
# (0 means nothing was measured: no answers within wrk's timeout)
lt() { python3 -c "import sys; print('met' if sys.argv[1] and 0 < float(sys.argv[1]) < float(sys.argv[2]) else 'NOT met')" "$1" "$2"; }

# One result row: printed and appended to the results file.
#   result ROW FIGURE UNIT REFERENCE RATIO TARGET MET
result() {
  printf '%-34s %-8s %12s %-10s ref %12s  ratio %7s  target %-22s %s\n' "$1" "$backend" "$2" "$3" "$4" "$5" "$6" "$7"
  [ -n "${HF_BENCH_RESULTS:-}" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$backend" "$2" "$3" "$4" "$5" "$6" "$7" >>"$HF_BENCH_RESULTS"
  return 0
}

# --- nginx: a static file of N bytes on a private port -------------------------------------------
# start_nginx BYTES -> sets nginx_url
# Reference rows call this inside $(...) subshells, where variables and _bench_owned do not survive:
# an nginx already started for this size is found again by its directory, and bench_cleanup stops
# every nginx under $bench_work by its pid file.
start_nginx() {
  local dir="$bench_work/nginx-$1"
  if [ -s "$dir/url" ] && [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    nginx_url=$(cat "$dir/url")
    return 0
  fi
  mkdir -p "$dir/logs" "$dir/html"
  head -c "$1" /dev/zero | tr '\0' 'x' >"$dir/html/file.json"
  chmod -R a+rX "$dir"
  local port
  port=$(free_port)
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp_body;
  proxy_temp_path $dir/tmp_proxy;
  fastcgi_temp_path $dir/tmp_fcgi;
  uwsgi_temp_path $dir/tmp_uwsgi;
  scgi_temp_path $dir/tmp_scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $dir/html;
    default_type application/json;
  }
}
CONF
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" 2>/dev/null || { echo "nginx could not start"; nginx_url=""; return 1; }
  nginx_url="http://127.0.0.1:$port/file.json"
  echo "$nginx_url" >"$dir/url"
}

# The machine is shared and busy, so a figure and its reference are measured alternately, twice
# each for half the duration (figure, reference, figure, reference), and each is the mean of its two
# halves: load that comes and goes hits both alike. The caller defines
#   hf_run SECONDS OUTFILE   and   ref_run SECONDS OUTFILE   (each prints its rate)
# and gets hf_rate, ref_rate and the wrk outputs $bench_work/NAME.hf1/.hf2/.ref1/.ref2.
paired() {  # NAME
  local half=$(( duration / 2 )) a b c d
  [ "$half" -ge 2 ] || half=2
  a=$(hf_run "$half" "$bench_work/$1.hf1"); b=$(ref_run "$half" "$bench_work/$1.ref1")
  c=$(hf_run "$half" "$bench_work/$1.hf2"); d=$(ref_run "$half" "$bench_work/$1.ref2")
  hf_rate=$(python3 -c "import sys; print('%.2f' % ((float(sys.argv[1] or 0) + float(sys.argv[2] or 0)) / 2))" "$a" "$c")
  ref_rate=$(python3 -c "import sys; print('%.2f' % ((float(sys.argv[1] or 0) + float(sys.argv[2] or 0)) / 2))" "$b" "$d")
}
# The worse of the two halves' percentiles (ms).
pct_pair() {  # NAME 50%|99%
  python3 -c "import sys; v=[float(x) for x in sys.argv[1:] if x]; print('%.2f' % max(v) if v else '')" \
    "$(pct_ms "$bench_work/$1.hf1" "$2")" "$(pct_ms "$bench_work/$1.hf2" "$2")"
}
non2xx_pair() { echo $(( $(non2xx "$bench_work/$1.hf1") + $(non2xx "$bench_work/$1.hf2") )); }
# wrk against nginx serving a static file of N bytes, as ref_run: nginx_ref BYTES SECONDS OUTFILE
nginx_ref() {
  [ -n "${nginx_url:-}" ] && [ "${nginx_bytes:-}" = "$1" ] || { start_nginx "$1" >/dev/null; nginx_bytes=$1; }
  wrk -t2 -c"$conns" -d"${2}s" --latency "$nginx_url" >"$3" 2>&1
  rps "$3"
}

# --- the server under test -------------------------------------------------------------------------
# start_pg -> sets pg_url (a private cluster with default durable settings)
start_pg() {
  local dir="$bench_work/pg" port
  port=$(free_port)
  "$bench_root/scripts/pg-cluster.sh" start "$dir" "$port" >"$bench_work/pg.log" 2>&1 || { cat "$bench_work/pg.log"; exit 1; }
  _bench_owned+=("pg:$dir")
  pg_url=$(grep -o 'postgresql://[^ ]*' "$bench_work/pg.log" | tail -1)
  [ -n "$pg_url" ] || pg_url="postgresql://postgres@127.0.0.1:$port/postgres"
}

# start_server -> sets base, server_pid, HF env; the database migrated, an admin created.
start_server() {
  # The seed verifies the prescriptions wrk dispenses from; they stay dispensable as long as the
  # tokens live (the dispense mode measures dispensing, not a verification before each fill).
  export HF_DATA_DIR="$bench_work/data" RATE_LIMITS=off MFA_REQUIRED_ROLES= LOG_LEVEL="${HF_BENCH_LOG_LEVEL:-warn}" \
    ACCESS_TOKEN_TTL_SECONDS=7200 DISPENSE_VERIFICATION_MINUTES=120
  mkdir -p "$HF_DATA_DIR"
  if [ "$backend" = postgres ]; then
    start_pg
    export DATABASE_URL="$pg_url"
  else
    export DATABASE_URL="sqlite://$HF_DATA_DIR/healthflow.db"
  fi
  "$HF_BINARY" migrate up >/dev/null
  local port
  port=$(free_port)
  "$HF_BINARY" serve --host 127.0.0.1 --port "$port" --data-dir "$HF_DATA_DIR" >"$bench_work/server.log" 2>&1 &
  server_pid=$!
  _bench_owned+=("pid:$server_pid")
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "$base/health" >/dev/null || { echo "server did not start"; cat "$bench_work/server.log"; exit 1; }
}

# seed -> sets seed_dir (tokens, codes, patients, drugs, dispensable items; see bench/seed.mjs)
seed() {
  seed_dir="$bench_work/seed"
  node "$bench_root/bench/seed.mjs" "$base" "$seed_dir" "${SEED_PRESCRIPTIONS:-300}" >"$bench_work/seed.log" 2>&1 ||
    { echo "seeding failed:"; cat "$bench_work/seed.log"; exit 1; }
}

# Reuse run-all.sh's server and seed when given, else start our own.
ensure_server() {
  if [ -n "${HF_BENCH_BASE:-}" ]; then
    base=$HF_BENCH_BASE server_pid=$HF_BENCH_PID seed_dir=$HF_BENCH_SEED
  else
    start_server
    [ "${1:-}" = noseed ] || seed
  fi
}

vm_rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
