#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, -DHF_FUZZ=ON) and runs each one for a
# bounded time on its committed corpus (fuzz/corpus/<target>/). FUZZ_SECONDS (default 60) is the
# total budget, split evenly across the targets. New interesting inputs go to a scratch corpus, not
# the committed one; a crash input is saved under fuzz/crashes/<target>/ (kept for triage: add it
# to the corpus with the fix). Last line: "fuzz: N passed, M failed".
#   fuzz/run.sh                   all targets
#   fuzz/run.sh fuzz_jwt ...      some targets
#   FUZZ_SECONDS=600 fuzz/run.sh  a longer run
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
total=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc)}

if ! command -v clang++ >/dev/null || ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y clang libclang-rt-14-dev >/dev/null 2>&1 ||
    { echo "could not install clang / libclang-rt-14-dev"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
fi

echo "== build fuzz targets ($build)"
log=$(mktemp /tmp/hf-fuzz-build.XXXXXX)
if ! { CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHF_FUZZ=ON \
         -DHF_WERROR=OFF >"$log" 2>&1 && cmake --build "$build" -j"$jobs" --target fuzz_all >>"$log" 2>&1; }; then
  tail -40 "$log"; rm -f "$log"
  echo "fuzz: 0 passed, 1 failed"; exit 1
fi
rm -f "$log"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
per=$((total / ${#targets[@]}))
((per < 2)) && per=2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0; fail=0
scratch=$(mktemp -d /tmp/hf-fuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  corpus="fuzz/corpus/$t"
  crashes="fuzz/crashes/$t"
  mkdir -p "$scratch/$t" "$crashes"
  if [ ! -x "$bin" ]; then echo "fuzz $t: not built"; fail=$((fail + 1)); continue; fi
  # libFuzzer runs every committed input first (regressions), then mutates for the time budget;
  # new inputs go to the scratch directory (the first one named).
  if "$bin" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$scratch/$t" "$corpus" >"$scratch/$t.log" 2>&1; then
    execs=$(grep -oP 'stat::number_of_executed_units:\s*\K\d+' "$scratch/$t.log" | tail -1)
    cov=$(grep -oP 'cov: \K\d+' "$scratch/$t.log" | tail -1)
    echo "fuzz $t: ok (${per}s, ${execs:-?} runs, cov ${cov:-?})"
    pass=$((pass + 1))
    rmdir "$crashes" 2>/dev/null
  else
    echo "fuzz $t: FAILED"
    cat "$scratch/$t.log" 2>/dev/null | grep -A25 -E '^==[0-9]+==ERROR|runtime error|deadly signal|SUMMARY' | head -50
    ls "$crashes" 2>/dev/null | sed "s|^|  saved: $crashes/|"
    fail=$((fail + 1))
  fi
done
rmdir fuzz/crashes 2>/dev/null
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
