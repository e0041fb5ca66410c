#!/usr/bin/env bash
# Drug search as you type for bench/run-all.sh, on either backend: bench/search.sh's approach (its
# Lua script of 50 English and Arabic prefixes, nginx static file of the answer's size) against
# the run-all server, measured alternately. Issue 11 row 5: >= 0.3 x nginx, p99 < 5 ms (at ~1,000
# searches/s, paced). bench/search.sh remains the standalone, more detailed version (SQLite,
# server-side p99 from /metrics).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_server
token=$(head -1 "$seed_dir/tokens")
bytes=$(curl -fs "$base/api/v1/drugs?limit=20&q=pan" -H "authorization: Bearer $token" | wc -c)
wrk -t1 -c4 -d2s -s bench/lua/search.lua "$base" -- "$token" >/dev/null
hf_run() { wrk -t2 -c"$conns" -d"$1s" --latency -s bench/lua/search.lua "$base" -- "$token" >"$2"; rps "$2"; }
ref_run() { nginx_ref "$bytes" "$1" "$2"; }
paired search
wrk -t1 -c12 -d"${duration}s" --latency -s bench/lua/search.lua "$base" -- "$token" 10 >"$bench_work/search-paced.txt"
r=$(ratio "$hf_rate" "$ref_rate")
result "drug search (req/s)" "$hf_rate" "req/s" "$ref_rate" "$r" ">= 0.3x nginx" "$(ge "$r" 0.3)"
result "search p50 / p99 full load" "$(pct_pair search 50%)/$(pct_pair search 99%)" "ms" "-" "-" "-" "-"
p99=$(pct_ms "$bench_work/search-paced.txt" 99%)
result "search p99 at ~1,000/s" "$p99" "ms" "$(rps "$bench_work/search-paced.txt")/s" "-" "< 5 ms" "$(lt "$p99" 5)"
