#!/usr/bin/env bats
# scripts/smoke-test.sh against the fake curl.

load helpers

setup() { common_setup; }

@test "smoke: usage errors exit 2" {
  run "$SCRIPTS/smoke-test.sh"
  assert_status 2
  assert_contains "$output" "usage: smoke-test.sh"
  run "$SCRIPTS/smoke-test.sh" ftp://example.org
  assert_status 2
  run "$SCRIPTS/smoke-test.sh" https://a https://b
  assert_status 2
  SMOKE_RETRIES=x run "$SCRIPTS/smoke-test.sh" https://a
  assert_status 2
  [ ! -s "$FAKE_CURL_LOG" ]
}

@test "smoke: health, version and the pharmacy portal pass; login skipped without credentials" {
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg/
  assert_status 0
  calls=$(cat "$FAKE_CURL_LOG")
  assert_contains "$calls" "https://staging-api.healthflow.gov.eg/health"
  assert_contains "$calls" "https://staging-api.healthflow.gov.eg/version"
  assert_contains "$calls" "https://staging-api.healthflow.gov.eg/pharmacy/"
  refute_contains "$calls" "/api/v1/auth/login"
  assert_contains "$output" "SKIP login"
  assert_contains "$output" "3 passed, 0 failed"
}

@test "smoke: an environment name uses its URL, STAGING_URL overrides it" {
  run "$SCRIPTS/smoke-test.sh" production
  assert_status 0
  assert_contains "$(cat "$FAKE_CURL_LOG")" "https://api.healthflow.gov.eg/health"
  : >"$FAKE_CURL_LOG"
  STAGING_URL=http://127.0.0.1:18080 run "$SCRIPTS/smoke-test.sh" staging
  assert_status 0
  assert_contains "$(cat "$FAKE_CURL_LOG")" "http://127.0.0.1:18080/health"
}

@test "smoke: logs in with SMOKE_USERNAME/SMOKE_PASSWORD without putting the password on the command line" {
  export SMOKE_USERNAME=smoke.pharmacist SMOKE_PASSWORD='s3cret-Pa55 "quoted"'
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 0
  assert_contains "$(cat "$FAKE_CURL_LOG")" "/api/v1/auth/login"
  refute_contains "$(cat "$FAKE_CURL_LOG")" "s3cret"
  [ "$(jq -r .password "$FAKE_CURL_STATE/last-post-body")" = 's3cret-Pa55 "quoted"' ]
  [ "$(jq -r .username "$FAKE_CURL_STATE/last-post-body")" = smoke.pharmacist ]
  assert_contains "$output" "4 passed, 0 failed"
}

@test "smoke: a rejected login fails" {
  export SMOKE_USERNAME=u SMOKE_PASSWORD=p FAKE_CURL_LOGIN_CODE=401
  export FAKE_CURL_LOGIN_BODY='{"type":"https://healthflow.gov.eg/problems/invalid-credentials","status":401}'
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 1
  assert_contains "$output" "FAIL POST /api/v1/auth/login"
}

@test "smoke: /health retried until it is ok" {
  export FAKE_CURL_HEALTH_FAILS=2
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 0
  [ "$(grep -c /health "$FAKE_CURL_LOG")" -eq 3 ]
}

@test "smoke: /health unavailable fails after SMOKE_RETRIES" {
  export FAKE_CURL_HEALTH_CODE=503 FAKE_CURL_HEALTH_BODY='{"status":"unavailable"}'
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 1
  [ "$(grep -c /health "$FAKE_CURL_LOG")" -eq 3 ]
  assert_contains "$output" "FAIL GET /health -> 503"
}

@test "smoke: /version with another commit than SMOKE_EXPECT_COMMIT fails" {
  export SMOKE_EXPECT_COMMIT=0123456789ab FAKE_CURL_COMMIT=ba9876543210
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 1
  assert_contains "$output" "commit ba9876543210, expected 0123456789ab"
}

@test "smoke: a portal that does not load fails" {
  export FAKE_CURL_PHARMACY_CODE=404 FAKE_CURL_PHARMACY_BODY='{}'
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 1
  assert_contains "$output" "FAIL GET /pharmacy/ -> 404"
}

@test "smoke: an unreachable server fails every check" {
  export FAKE_CURL_DOWN=1
  run "$SCRIPTS/smoke-test.sh" https://staging-api.healthflow.gov.eg
  assert_status 1
  assert_contains "$output" "0 passed, 3 failed"
}
