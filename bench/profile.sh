#!/usr/bin/env bash
# Instruction profile of the server under one workload with valgrind --tool=callgrind (perf's
# hardware counters are not available on this machine). Counts instructions, so it is repeatable
# on a busy machine; wall time under valgrind means nothing.
#   bench/profile.sh [MODE] [SECONDS]   MODE: version|verify|prescribe|dispense|mixed|search (default mixed)
# Writes bench/results/callgrind.<mode>.out (steady state only: collection starts after a warm-up) and prints the top functions (inclusive and self).
set -euo pipefail
mode=${1:-mixed}
secs=${2:-20}
source "$(dirname "$0")/lib.sh"
start_server
seed
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
mkdir -p bench/results
out=$bench_root/bench/results/callgrind.$mode.out
port=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$out" --dump-instr=no --instr-atstart=no \
  "$HF_BINARY" serve --host 127.0.0.1 --port "$port" --data-dir "$HF_DATA_DIR" --threads 1 >"$bench_work/vg.log" 2>&1 &
vg=$!
_bench_owned+=("pid:$vg")
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
# start-up and the first connections are left out: warm up, then switch collection on
wrk -t1 -c4 -d3s -s bench/lua/api.lua "$base" -- "${mode/search/mixed}" "$seed_dir" >/dev/null
callgrind_control -i on "$vg" >/dev/null
if [ "$mode" = search ]; then
  wrk -t1 -c4 -d"${secs}s" -s bench/lua/search.lua "$base" -- "$(head -1 "$seed_dir/tokens")" | grep -E 'Requests/sec|requests in'
else
  wrk -t1 -c4 -d"${secs}s" -s bench/lua/api.lua "$base" -- "$mode" "$seed_dir" | grep -E 'Requests/sec|requests in|Non-2xx'
fi
kill -INT "$vg"; wait "$vg" 2>/dev/null || true
echo "== inclusive"
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | sed -n '1,60p' | cut -c1-200 | grep -v '^$' | tail -42
echo "== self"
callgrind_annotate "$out" 2>/dev/null | sed -n '1,45p' | cut -c1-200 | grep -v '^$' | tail -28
