#!/usr/bin/env bats
# scripts/db-snapshot.sh against the fake aws.

load helpers

setup() { common_setup; }

@test "snapshot: usage errors exit 2 without calling AWS" {
  run "$SCRIPTS/db-snapshot.sh"
  assert_status 2
  assert_contains "$output" "usage: db-snapshot.sh"
  run "$SCRIPTS/db-snapshot.sh" dev
  assert_status 2
  run "$SCRIPTS/db-snapshot.sh" staging production
  assert_status 2
  run "$SCRIPTS/db-snapshot.sh" staging --now
  assert_status 2
  [ ! -s "$FAKE_AWS_LOG" ]
}

@test "snapshot: staging snapshots healthflow-staging-db with the runbook's name and waits" {
  run --separate-stderr "$SCRIPTS/db-snapshot.sh" staging
  assert_status 0
  assert_ops "rds describe-db-instances" "rds create-db-snapshot" "rds wait db-snapshot-available"
  [[ "$output" =~ ^healthflow-staging-[0-9]{8}-[0-9]{6}$ ]]
  assert_contains "$(aws_call rds create-db-snapshot)" "--db-instance-identifier healthflow-staging-db --db-snapshot-identifier $output"
  assert_contains "$(aws_call rds create-db-snapshot)" "Key=Project,Value=HealthFlow"
  assert_contains "$(aws_call rds wait)" "--db-snapshot-identifier $output"
}

@test "snapshot: production snapshots healthflow-production-db" {
  run --separate-stderr "$SCRIPTS/db-snapshot.sh" production
  assert_status 0
  [[ "$output" =~ ^healthflow-production-[0-9]{8}-[0-9]{6}$ ]]
  assert_contains "$(aws_call rds create-db-snapshot)" "--db-instance-identifier healthflow-production-db"
}

@test "snapshot: --no-wait does not wait" {
  run "$SCRIPTS/db-snapshot.sh" production --no-wait
  assert_status 0
  assert_ops "rds describe-db-instances" "rds create-db-snapshot"
}

@test "snapshot: --dry-run creates nothing" {
  run "$SCRIPTS/db-snapshot.sh" production --dry-run
  assert_status 0
  assert_ops "rds describe-db-instances"
  assert_contains "$output" "DRY RUN: would run: aws rds create-db-snapshot --db-instance-identifier healthflow-production-db"
}

@test "snapshot: a missing database fails cleanly with AWS's message" {
  export FAKE_AWS_NO_DB=1
  run "$SCRIPTS/db-snapshot.sh" staging
  assert_status 1
  assert_contains "$output" "aws rds describe-db-instances failed"
  assert_contains "$output" "DBInstanceNotFound"
  refute_op "rds create-db-snapshot"
}

@test "snapshot: an AWS error on create-db-snapshot fails cleanly" {
  export FAKE_AWS_FAIL="rds create-db-snapshot"
  run "$SCRIPTS/db-snapshot.sh" staging
  assert_status 1
  assert_contains "$output" "aws rds create-db-snapshot failed (exit 254)"
  refute_op "rds wait db-snapshot-available"
}
