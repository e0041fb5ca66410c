#!/usr/bin/env bats
# scripts/emergency-rollback.sh against the fake aws and curl.

load helpers

setup() { common_setup; }

@test "rollback: no arguments is a usage error (exit 2)" {
  run "$SCRIPTS/emergency-rollback.sh"
  assert_status 2
  assert_contains "$output" "usage: emergency-rollback.sh"
  [ ! -s "$FAKE_AWS_LOG" ]
}

@test "rollback: unknown environment is a usage error" {
  run "$SCRIPTS/emergency-rollback.sh" prod
  assert_status 2
  assert_contains "$output" "unknown environment: prod"
  [ ! -s "$FAKE_AWS_LOG" ]
}

@test "rollback: unknown option and missing --to value are usage errors" {
  run "$SCRIPTS/emergency-rollback.sh" production --force
  assert_status 2
  assert_contains "$output" "unknown option: --force"
  run "$SCRIPTS/emergency-rollback.sh" production --to
  assert_status 2
  [ ! -s "$FAKE_AWS_LOG" ]
}

@test "rollback: production goes back to the previous revision, waits, checks /version" {
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 0
  assert_ops "ecs describe-services" "ecs describe-services" "ecs list-task-definitions" \
    "ecs describe-task-definition" "ecs update-service" "ecs wait services-stable"
  assert_contains "$(aws_call ecs update-service)" "--cluster healthflow-production-cluster --service healthflow-backend-service --task-definition $(td production 6)"
  assert_contains "$(aws_call ecs list-task-definitions)" "--family-prefix healthflow-production-backend"
  assert_contains "$(cat "$FAKE_CURL_LOG")" "https://api.healthflow.gov.eg/version"
  assert_contains "$output" "rollback complete"
  assert_contains "$output" '"commit":"abcdef000006"'
}

@test "rollback: staging uses the staging cluster and URL" {
  run "$SCRIPTS/emergency-rollback.sh" staging
  assert_status 0
  assert_contains "$(aws_call ecs update-service)" "--cluster healthflow-staging-cluster"
  assert_contains "$(aws_call ecs update-service)" "$(td staging 6)"
  assert_contains "$(cat "$FAKE_CURL_LOG")" "https://staging-api.healthflow.gov.eg/version"
}

@test "rollback: PRODUCTION_URL overrides the API URL" {
  PRODUCTION_URL=http://127.0.0.1:18080/ run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 0
  assert_contains "$(cat "$FAKE_CURL_LOG")" "http://127.0.0.1:18080/version"
  refute_contains "$(cat "$FAKE_CURL_LOG")" "api.healthflow.gov.eg"
}

@test "rollback: --dry-run reads but changes nothing" {
  run "$SCRIPTS/emergency-rollback.sh" production --dry-run
  assert_status 0
  refute_op "ecs update-service"
  refute_op "ecs wait services-stable"
  assert_contains "$output" "DRY RUN: would run: aws ecs update-service --cluster healthflow-production-cluster --service healthflow-backend-service --task-definition $(td production 6)"
  [ ! -s "$FAKE_CURL_LOG" ]
  [ "$(cat "$FAKE_AWS_STATE/current_td")" = "$(td production 7)" ]
}

@test "rollback: during a deployment it goes back to deployments[1] (runbook 8.2)" {
  export FAKE_AWS_DEPLOYMENT_1
  FAKE_AWS_DEPLOYMENT_1=$(td production 5)
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 0
  refute_op "ecs list-task-definitions"
  assert_contains "$(aws_call ecs update-service)" "--task-definition $(td production 5)"
}

@test "rollback: --to picks the target" {
  run "$SCRIPTS/emergency-rollback.sh" production --to "$(td production 5)"
  assert_status 0
  assert_ops "ecs describe-services" "ecs describe-task-definition" "ecs update-service" "ecs wait services-stable"
  assert_contains "$(aws_call ecs update-service)" "--task-definition $(td production 5)"
}

@test "rollback: --if-current does nothing when the service already left that revision" {
  run "$SCRIPTS/emergency-rollback.sh" production --if-current "$(td production 8)"
  assert_status 0
  assert_contains "$output" "nothing to do"
  assert_ops "ecs describe-services"
}

@test "rollback: --if-current rolls back when the service still runs it" {
  run "$SCRIPTS/emergency-rollback.sh" production --if-current "$(td production 7)"
  assert_status 0
  assert_contains "$(aws_call ecs update-service)" "$(td production 6)"
}

@test "rollback: an AWS error on update-service fails cleanly and does not wait" {
  export FAKE_AWS_FAIL="ecs update-service"
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "error: aws ecs update-service failed (exit 254)"
  assert_contains "$output" "AccessDeniedException"
  refute_op "ecs wait services-stable"
  [ ! -s "$FAKE_CURL_LOG" ]
}

@test "rollback: an AWS error on the first call fails cleanly" {
  export FAKE_AWS_FAIL="ecs describe-services"
  run "$SCRIPTS/emergency-rollback.sh" staging
  assert_status 1
  assert_contains "$output" "aws ecs describe-services failed"
  assert_ops "ecs describe-services"
}

@test "rollback: a service that never stabilises is a failure" {
  export FAKE_AWS_WAIT_FAIL="ecs services-stable"
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "Max attempts exceeded"
  [ ! -s "$FAKE_CURL_LOG" ]
}

@test "rollback: /version reporting another commit is a failure" {
  export FAKE_CURL_COMMIT=deadbeef0000
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "does not confirm it"
  [ "$(grep -c /version "$FAKE_CURL_LOG")" -eq 2 ]
}

@test "rollback: an unreachable API after the rollback is a failure" {
  export FAKE_CURL_DOWN=1
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "-> 000"
}

@test "rollback: no older revision is a clear failure" {
  export FAKE_AWS_REVISIONS="7"
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "nothing to roll back to"
  refute_op "ecs update-service"
}

@test "rollback: a missing service is a clear failure" {
  export FAKE_AWS_NO_SERVICE=1
  run "$SCRIPTS/emergency-rollback.sh" production
  assert_status 1
  assert_contains "$output" "service healthflow-backend-service not found in cluster healthflow-production-cluster"
}
