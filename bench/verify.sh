#!/usr/bin/env bash
# Verify a prescription by code (a pharmacist, authenticated, audited: one durable commit each)
# against nginx serving a static file of the answer's size, measured alternately; p50/p99 at full
# load, then p99 at half the measured throughput (paced). Issue 11 row 2: >= 0.3 x nginx, p99 < 10 ms
# at half load.   bench/verify.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_server
code=$(head -1 "$seed_dir/codes"); ptoken=$(sed -n 2p "$seed_dir/tokens")
bytes=$(curl -fs "$base/api/v1/prescriptions/verify" -H "authorization: Bearer $ptoken" \
  -H 'content-type: application/json' -d "{\"code\":\"$code\"}" | wc -c)
wrk -t1 -c4 -d2s -s bench/lua/api.lua "$base" -- verify "$seed_dir" >/dev/null
hf_run() { wrk -t2 -c"$conns" -d"$1s" --latency -s bench/lua/api.lua "$base" -- verify "$seed_dir" >"$2"; rps "$2"; }
ref_run() { nginx_ref "$bytes" "$1" "$2"; }
paired verify
r=$(ratio "$hf_rate" "$ref_rate")
result "verify by code (req/s)" "$hf_rate" "req/s" "$ref_rate" "$r" ">= 0.3x nginx" "$(ge "$r" 0.3)"
result "verify p50 / p99 full load" "$(pct_pair verify 50%)/$(pct_pair verify 99%)" "ms" "-" "-" "-" "-"
# Half load: 16 connections paced so that 16 x 1000 / delay = half the measured rate.
half=$(python3 -c "print(max(1, int(float('$hf_rate') / 2)))")
delay=$(python3 -c "print(max(1, int(16 * 1000 / $half)))")
wrk -t2 -c16 -d"${duration}s" --latency -s bench/lua/api.lua "$base" -- verify "$seed_dir" "$delay" >"$bench_work/verify-half.txt"
p99=$(pct_ms "$bench_work/verify-half.txt" 99%)
result "verify p99 at half load" "$p99" "ms" "$(rps "$bench_work/verify-half.txt")/s" "-" "< 10 ms" "$(lt "$p99" 10)"
n2=$(non2xx_pair verify); [ "$n2" = 0 ] || echo "  (verify: $n2 non-2xx answers)"
