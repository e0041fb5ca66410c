#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Post-deployment smoke test (runbook 6.3 and 7.6):
#   scripts/smoke-test.sh <base-url>            e.g. https://staging-api.healthflow.gov.eg
#   scripts/smoke-test.sh <staging|production>  the environment's URL (STAGING_URL / PRODUCTION_URL override)
# Checks: GET /health is 200 with "status":"ok" (retried while the service settles), GET /version
# answers version and commit (and equals SMOKE_EXPECT_COMMIT when set), POST /api/v1/auth/login
# succeeds when SMOKE_USERNAME and SMOKE_PASSWORD are set, and the pharmacy portal /pharmacy/ loads.
# Exit 0 when every check passed, 1 otherwise, 2 for usage errors.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/deploy-common.sh
. "$SCRIPT_DIR/lib/deploy-common.sh"

usage() {
  cat <<'USAGE'
usage: smoke-test.sh <base-url|staging|production>
  environment: SMOKE_USERNAME, SMOKE_PASSWORD  log in with this account (skipped when unset;
                                               use an account whose role needs no TOTP)
               SMOKE_EXPECT_COMMIT             /version must report this commit
               SMOKE_RETRIES (10), SMOKE_RETRY_DELAY (6 s)  waiting for /health
               STAGING_URL, PRODUCTION_URL     override the environments' URLs
USAGE
}

[ $# -eq 1 ] || usage_error "expected exactly one argument, got $#"
case "$1" in
  -h | --help) usage; exit 0 ;;
  staging | production) hf_resolve_env "$1"; base=$HF_API_URL ;;
  http://* | https://*) base=${1%/} ;;
  *) usage_error "not a URL or environment: $1" ;;
esac
require_cmd curl jq

retries=${SMOKE_RETRIES:-10}
delay=${SMOKE_RETRY_DELAY:-6}
case "$retries$delay" in *[!0-9]*) usage_error "SMOKE_RETRIES and SMOKE_RETRY_DELAY must be whole numbers" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body="$work/body"
passed=0 failed=0
pass() { passed=$((passed + 1)); log "PASS $*"; }
fail() { failed=$((failed + 1)); log "FAIL $*"; }

log "smoke testing $base"

# 1. /health, retried: right after a deployment the service may still be settling.
attempt=1
while :; do
  code=$(http_get "$base/health" "$body")
  if [ "$code" = 200 ] && jq -e '.status == "ok"' "$body" >/dev/null 2>&1; then
    pass "GET /health -> 200 $(jq -c '.checks // {}' "$body")"
    break
  fi
  if [ "$attempt" -ge "$retries" ]; then
    fail "GET /health -> $code $(head -c 300 "$body" 2>/dev/null || true)"
    break
  fi
  log "GET /health -> $code, retrying in ${delay}s ($attempt/$retries)"
  attempt=$((attempt + 1))
  sleep "$delay"
done

# 2. /version
code=$(http_get "$base/version" "$body")
if [ "$code" = 200 ] && jq -e '(.version | type == "string") and (.commit | type == "string")' "$body" >/dev/null 2>&1; then
  commit=$(jq -r '.commit' "$body")
  if [ -n "${SMOKE_EXPECT_COMMIT:-}" ] && [ "$commit" != "$SMOKE_EXPECT_COMMIT" ]; then
    fail "GET /version -> commit $commit, expected $SMOKE_EXPECT_COMMIT"
  else
    pass "GET /version -> $(jq -c . "$body")"
  fi
else
  fail "GET /version -> $code $(head -c 300 "$body" 2>/dev/null || true)"
fi

# 3. login (the password goes through a private file, never on the command line)
if [ -n "${SMOKE_USERNAME:-}" ] && [ -n "${SMOKE_PASSWORD:-}" ]; then
  umask 077
  jq -n --arg u "$SMOKE_USERNAME" --arg p "$SMOKE_PASSWORD" '{username: $u, password: $p}' >"$work/login.json"
  code=$(http_get "$base/api/v1/auth/login" "$body" -X POST -H 'Content-Type: application/json' \
    --data-binary "@$work/login.json")
  if [ "$code" = 200 ] && jq -e '.access_token | type == "string"' "$body" >/dev/null 2>&1; then
    pass "POST /api/v1/auth/login as $SMOKE_USERNAME -> 200 ($(jq -r '.user.role // "?"' "$body"))"
  else
    fail "POST /api/v1/auth/login as $SMOKE_USERNAME -> $code $(jq -r '.type // empty' "$body" 2>/dev/null || true)"
  fi
else
  log "SKIP login (set SMOKE_USERNAME and SMOKE_PASSWORD to check it)"
fi

# 4. a portal page
code=$(http_get "$base/pharmacy/" "$body" -L)
if [ "$code" = 200 ] && grep -qi '<html' "$body"; then
  pass "GET /pharmacy/ -> 200 html"
else
  fail "GET /pharmacy/ -> $code"
fi

log "smoke test of $base: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
