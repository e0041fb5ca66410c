#!/usr/bin/env bash
# The mixed national-day workload (bench/lua/api.lua "mixed": searches, verifications, patient
# views, checks, creates, dispenses, log-ins) at rising offered loads. Prints, per step, offered
# and achieved ops/s and p50/p99; the figure is the highest achieved rate with p99 < 50 ms, against
# the national peak of ~1,000 ops/s (issue 11 row 6; target >= 10 x). Also the RSS high-water mark
# under this load (row 7). Appends "backend offered achieved p99" lines to $HF_BENCH_SWEEP for the
# chart.   bench/mixed.sh      (RATES="50 100 250 500 1000 2000 4000 8000", 64 connections)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_server
rates=${RATES:-"50 100 250 500 1000 2000 4000 8000"}
mconns=64
best=0 best_p99=""
peak_rss=$(vm_rss_kb "$server_pid")
( while kill -0 "$server_pid" 2>/dev/null; do vm_rss_kb "$server_pid"; sleep 0.5; done ) >"$bench_work/rss.txt" 2>/dev/null &
sampler=$!
for rate in $rates max; do
  if [ "$rate" = max ]; then delay=0; else delay=$(python3 -c "print(max(1, round($mconns * 1000 / $rate)))"); fi
  out="$bench_work/mixed-$rate.txt"
  wrk -t2 -c"$mconns" -d"${duration}s" --latency -s bench/lua/api.lua "$base" -- mixed "$seed_dir" "$delay" >"$out" 2>&1
  got=$(rps "$out"); p50=$(pct_ms "$out" 50%); p99=$(pct_ms "$out" 99%); bad=$(non2xx "$out")
  printf '  mixed %-8s offered %6s ops/s  achieved %9s  p50 %8s ms  p99 %8s ms  non-2xx %s\n' "$backend" "$rate" "$got" "$p50" "$p99" "$bad"
  [ -n "${HF_BENCH_SWEEP:-}" ] && echo "$backend $rate $got $p99 $p50" >>"$HF_BENCH_SWEEP"
  if python3 -c "import sys; sys.exit(0 if float('$p99') < 50 and float('$got') > float('$best') else 1)"; then
    best=$got best_p99=$p99
  fi
  # Stop rising once the server no longer keeps up (wrk's pacing adds each answer's time to the
  # delay, so a paced run always achieves somewhat less than offered), then measure it unpaced.
  if [ "$rate" != max ] && python3 -c "import sys; sys.exit(0 if float('$got') < 0.7 * $rate or float('$p99') > 1000 else 1)"; then
    rates_done=1
    break
  fi
done
if [ -n "${rates_done:-}" ]; then
  out="$bench_work/mixed-max.txt"
  wrk -t2 -c"$mconns" -d"${duration}s" --latency -s bench/lua/api.lua "$base" -- mixed "$seed_dir" 0 >"$out" 2>&1
  got=$(rps "$out"); p50=$(pct_ms "$out" 50%); p99=$(pct_ms "$out" 99%); bad=$(non2xx "$out")
  printf '  mixed %-8s offered %6s ops/s  achieved %9s  p50 %8s ms  p99 %8s ms  non-2xx %s\n' "$backend" max "$got" "$p50" "$p99" "$bad"
  [ -n "${HF_BENCH_SWEEP:-}" ] && echo "$backend max $got $p99 $p50" >>"$HF_BENCH_SWEEP"
fi
max_rate=$(awk -v b="$backend" '$1 == b && $2 == "max" {print $3}' "${HF_BENCH_SWEEP:-/dev/null}" 2>/dev/null | tail -1)
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
peak_rss=$(sort -n "$bench_work/rss.txt" | tail -1)
r=$(ratio "$best" 1000)
# Issue 17: at least twice the national peak (2,000 ops/s) at p99 < 50 ms; the standing goal is ten times.
result "mixed: sustained ops/s, p99<50ms" "$best" "ops/s" "1000" "$r" ">= 2x peak (goal 10x)" "$(ge "$r" 2)"
result "mixed: p99 at that load" "${best_p99:--}" "ms" "-" "-" "< 50 ms" "-"
result "mixed: unpaced ops/s (any p99)" "${max_rate:-$got}" "ops/s" "1000" "$(ratio "${max_rate:-$got}" 1000)" "-" "-"
mb=$(python3 -c "print('%.1f' % (${peak_rss:-0} / 1024))")
result "memory RSS under mixed load" "$mb" "MB" "-" "-" "<= 256 MB" "$(lt "$mb" 256)"
