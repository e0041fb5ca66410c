#!/usr/bin/env bash
# `make test`: installs what is missing, builds (warnings are errors), starts a private
# PostgreSQL, runs every suite on SQLite and on PostgreSQL, runs the unit and API suites again
# under AddressSanitizer/UBSan, stops what it started, and ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
jobs=$(nproc)
# ccache keys on paths relative to the checkout, so a clone in another folder (CI) reuses the
# objects a previous build compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"

scripts/install-deps.sh test || { echo "dependency installation failed"; exit 1; }

work=$(mktemp -d /tmp/healthflow-test.XXXXXX)
chmod 755 "$work"
pg_dir="$work/pg"
cleanup() {
  scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

total_pass=0
total_fail=0
failed_suites=()
record() {  # suite pass fail
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
  ((${3} > 0)) && failed_suites+=("$1")
  printf '== %-28s %d passed, %d failed\n' "$1" "$2" "$3"
}

# ctest summary: "100% tests passed, 0 tests failed out of 42"
run_ctest() {  # suite build_dir
  local log="$work/$1.log"
  (cd "$2" && ctest --output-on-failure -j"$jobs" >"$log" 2>&1)
  local total failed
  total=$(grep -oP 'out of \K\d+' "$log" | tail -1)
  failed=$(grep -oP '\d+(?= tests failed)' "$log" | tail -1)
  total=${total:-0}; failed=${failed:-1}
  [ "$failed" != 0 ] && grep -E "Failed|\*\*\*" "$log" | head -30
  record "$1" $((total - failed)) "$failed"
}

# node --test summary: "# pass N" / "# fail N"
run_node() {  # suite env... -- files...
  local suite=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  local log="$work/$suite.log"
  env "${envs[@]}" node --test --test-concurrency=1 "$@" >"$log" 2>&1
  local pass fail
  pass=$(grep -oP '^# pass \K\d+' "$log" | tail -1)
  fail=$(grep -oP '^# fail \K\d+' "$log" | tail -1)
  pass=${pass:-0}; fail=${fail:-1}
  if [ "$fail" != 0 ]; then grep -B2 -A20 '^not ok' "$log" | head -80; fi
  record "$suite" "$pass" "$fail"
}

echo "== build (Release, -Werror)"
if ! { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHF_WERROR=ON >"$work/cmake.log" 2>&1 &&
  cmake --build build -j"$jobs" >"$work/build.log" 2>&1; }; then
  tail -40 "$work/build.log" "$work/cmake.log"; echo "0 passed, 1 failed"; exit 1
fi

if [ -f web/vite.config.ts ]; then
  echo "== build portals"
  npm run --silent build:web >"$work/web.log" 2>&1 || { tail -30 "$work/web.log"; record web-build 0 1; }
fi

echo "== format check"
if git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' | xargs clang-format --dry-run -Werror >"$work/format.log" 2>&1; then
  record format 1 0
else
  head -20 "$work/format.log"; record format 0 1
fi

echo "== PostgreSQL (private cluster)"
# A port the kernel reports free (a random one could be an ephemeral port in use).
pg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
pg_url=$(scripts/pg-cluster.sh start "$pg_dir" "$pg_port") || { echo "could not start PostgreSQL"; record postgres 0 1; }

run_ctest unit build
export HF_TEST_LOG="$work/server-logs.jsonl"
api_files=(tests/api/*.test.mjs)
run_node api-sqlite HF_TEST_DB=sqlite -- "${api_files[@]}"
run_node api-postgres HF_TEST_DB=postgres "HF_TEST_PG_URL=$pg_url" -- "${api_files[@]}"

if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
  run_node e2e-sqlite HF_TEST_DB=sqlite -- tests/e2e/*.test.mjs
  run_node e2e-postgres HF_TEST_DB=postgres "HF_TEST_PG_URL=$pg_url" -- tests/e2e/*.test.mjs
fi

if [ -x tests/deploy/run.sh ]; then
  echo "== deployment kit"
  tests/deploy/run.sh >"$work/deploy.log" 2>&1
  line=$(grep -E '^deploy: [0-9]+ passed, [0-9]+ failed' "$work/deploy.log" | tail -1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | grep -oP '\d+(?= passed)'); f=$(echo "$line" | grep -oP '\d+(?= failed)')
  else
    p=0; f=1
  fi
  [ "$f" != 0 ] && tail -40 "$work/deploy.log"
  record deploy "$p" "$f"
fi

if [ -x fuzz/run.sh ]; then
  echo "== fuzz (libFuzzer, ${FUZZ_SECONDS:-60} s across the targets)"
  FUZZ_SECONDS=${FUZZ_SECONDS:-60} fuzz/run.sh >"$work/fuzz.log" 2>&1
  line=$(grep -E '^fuzz: [0-9]+ passed, [0-9]+ failed' "$work/fuzz.log" | tail -1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | grep -oP '\d+(?= passed)'); f=$(echo "$line" | grep -oP '\d+(?= failed)')
  else
    p=0; f=1
  fi
  [ "$f" != 0 ] && tail -40 "$work/fuzz.log"
  record fuzz "$p" "$f"
fi

echo "== sanitizers (ASan + UBSan): unit and API suites"
if cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHF_SANITIZE=ON >"$work/cmake-asan.log" 2>&1 &&
  cmake --build build-asan -j"$jobs" >"$work/build-asan.log" 2>&1; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_ctest unit-asan build-asan
  run_node api-asan HF_TEST_DB=sqlite "HF_BINARY=$root/build-asan/healthflow" -- "${api_files[@]}"
else
  tail -30 "$work/build-asan.log"; record asan-build 0 1
fi

echo
if ((${#failed_suites[@]})); then echo "failed suites: ${failed_suites[*]}"; fi
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" = 0 ]
