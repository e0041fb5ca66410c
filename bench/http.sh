#!/usr/bin/env bash
# GET /version requests/s against a private nginx serving a static file of the same size, same
# connections, measured alternately (issue 11, row 1; target >= 0.8 x).   bench/http.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_server noseed
bytes=$(curl -fs "$base/version" | wc -c)
wrk -t1 -c4 -d2s "$base/version" >/dev/null
hf_run() { wrk -t2 -c"$conns" -d"$1s" --latency "$base/version" >"$2"; rps "$2"; }
ref_run() { nginx_ref "$bytes" "$1" "$2"; }
paired version
r=$(ratio "$hf_rate" "$ref_rate")
result "GET /version (req/s)" "$hf_rate" "req/s" "$ref_rate" "$r" ">= 0.8x nginx" "$(ge "$r" 0.8)"
