#!/usr/bin/env bash
# make bench: every row of issue 11 on SQLite and on PostgreSQL, each figure beside its reference
# measured in the same run, the ratio, the target and met/NOT met; then the Google Benchmark
# micro-suite and the chart (docs/performance-mixed.svg). Bounded: 10 s per wrk run, ~12 minutes.
#
#   bench/run-all.sh                  (BACKENDS="sqlite postgres" DURATION=10 CONNECTIONS=64 HF_BINARY=...
#                                      ROWS="http search-row verify prescribe dispense mixed" STARTUP=1 MICRO=1)
# Results also land in bench/results/latest.tsv and bench/results/sweep.txt (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
# The release build of this tree (make bench builds it first); never an older binary left elsewhere.
HF_BINARY=${HF_BINARY:-$root/build/healthflow}
if [ ! -x "$HF_BINARY" ]; then cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2 --target healthflow; fi
export HF_BINARY
mkdir -p bench/results
export HF_BENCH_RESULTS=$root/bench/results/latest.tsv HF_BENCH_SWEEP=$root/bench/results/sweep.txt
: >"$HF_BENCH_RESULTS"; : >"$HF_BENCH_SWEEP"; : >bench/results/fsync.txt
started=$(date +%s)
echo "HealthFlow benchmarks: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
echo "$(date -u +%FT%TZ)  load average $(cut -d' ' -f1-3 /proc/loadavg)  binary $HF_BINARY"
echo

for backend in ${BACKENDS:-sqlite postgres}; do
  echo "=== $backend"
  bench/fsync.sh | tee -a bench/results/fsync.txt
  # One server per backend, seeded once over HTTP; the row scripts reuse it.
  (
    export HF_BENCH_DB=$backend
    source bench/lib.sh
    start_server
    seed
    export HF_BENCH_BASE=$base HF_BENCH_PID=$server_pid HF_BENCH_SEED=$seed_dir DATABASE_URL HF_DATA_DIR
    for row in ${ROWS:-http search-row verify prescribe dispense mixed}; do bench/$row.sh; done
    echo "  (server log warnings/errors: $(grep -c '"level":"\(warn\|error\)"' "$bench_work/server.log" || true))"
  )
done
if [ "${STARTUP:-1}" = 1 ]; then
  echo "=== start-up and idle memory"
  bench/startup.sh
fi

if [ "${MICRO:-1}" = 1 ] && [ -x "$(dirname "$HF_BINARY")/micro_bench" ]; then
  echo "=== micro-benchmarks (Google Benchmark)"
  "$(dirname "$HF_BINARY")/micro_bench" --benchmark_min_time=0.2 2>/dev/null | tee bench/results/micro.txt | grep -v '^-\|^Run on\|^CPU\|^  L\|^Load'
fi

python3 bench/chart.py "$HF_BENCH_SWEEP" docs/performance-mixed.svg || echo "(no chart)"

echo
echo "================ summary ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(( $(date +%s) - started )) s)"
cat bench/results/fsync.txt
awk -F'\t' '{printf "%-34s %-8s %14s %-6s ref %14s  ratio %7s  %-22s %s\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$HF_BENCH_RESULTS"
# The same table in Markdown, for docs/performance.md.
{
  echo "| row | backend | figure | reference (same run) | ratio | target | |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  awk -F'\t' '{printf "| %s | %s | %s %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$HF_BENCH_RESULTS"
} >bench/results/table.md
