#!/usr/bin/env bats
# scripts/deploy.sh against the fake aws.

load helpers

setup() { common_setup; }

IMAGE=123456789012.dkr.ecr.us-east-1.amazonaws.com/healthflow-staging:0123456789ab

@test "deploy: usage errors exit 2 without calling AWS" {
  run "$SCRIPTS/deploy.sh"
  assert_status 2
  assert_contains "$output" "usage: deploy.sh"
  run "$SCRIPTS/deploy.sh" staging
  assert_status 2
  assert_contains "$output" "missing image URI"
  run "$SCRIPTS/deploy.sh" staging registry/healthflow
  assert_status 2
  assert_contains "$output" "needs a tag"
  run "$SCRIPTS/deploy.sh" qa "$IMAGE"
  assert_status 2
  [ ! -s "$FAKE_AWS_LOG" ]
}

@test "deploy: register, snapshot, migrate as a one-off task, update, wait, check - in that order" {
  export GITHUB_OUTPUT="$BATS_TEST_TMPDIR/gh-output"
  run --separate-stderr "$SCRIPTS/deploy.sh" staging "$IMAGE"
  assert_status 0
  assert_ops "ecs describe-task-definition" "ecs register-task-definition" \
    "rds describe-db-instances" "rds create-db-snapshot" "rds wait db-snapshot-available" \
    "ecs describe-services" "ecs run-task" "ecs wait tasks-stopped" "ecs describe-tasks" \
    "ecs update-service" "ecs wait services-stable" "ecs describe-services"
  [ "$output" = "$(td staging 8)" ]
  # the new revision: the template with the new image, without read-only fields
  [ "$(jq -r '.containerDefinitions[0].image' "$FAKE_AWS_STATE/registered.json")" = "$IMAGE" ]
  [ "$(jq 'has("revision") or has("taskDefinitionArn") or has("status")' "$FAKE_AWS_STATE/registered.json")" = false ]
  assert_contains "$(aws_call ecs describe-task-definition)" "--task-definition healthflow-staging-backend"
  assert_contains "$(aws_call rds create-db-snapshot)" "--db-instance-identifier healthflow-staging-db"
  run_task=$(aws_call ecs run-task)
  assert_contains "$run_task" "--cluster healthflow-staging-cluster --task-definition $(td staging 8) --launch-type FARGATE"
  assert_contains "$run_task" '"command":["migrate","up"]'
  [ "$(jq -r '.awsvpcConfiguration.subnets[0]' "$FAKE_AWS_STATE/run-task-network.json")" = subnet-0aaa ]
  assert_contains "$(aws_call ecs update-service)" "--cluster healthflow-staging-cluster --service healthflow-backend-service --task-definition $(td staging 8)"
  [ "$(cat "$GITHUB_OUTPUT")" = "task_definition=$(td staging 8)" ]
}

@test "deploy: failed migrations stop before the service is touched" {
  export FAKE_AWS_MIGRATE_EXIT=1
  run "$SCRIPTS/deploy.sh" production "$IMAGE"
  assert_status 1
  assert_contains "$output" "migrations failed (exit code 1); service not updated"
  assert_contains "$output" "aws logs tail /aws/ecs/healthflow-production"
  refute_op "ecs update-service"
}

@test "deploy: a failed snapshot stops before migrations" {
  export FAKE_AWS_FAIL="rds create-db-snapshot"
  run "$SCRIPTS/deploy.sh" production "$IMAGE"
  assert_status 1
  assert_contains "$output" "database snapshot failed"
  refute_op "ecs run-task"
  refute_op "ecs update-service"
}

@test "deploy: --skip-migrations neither snapshots nor migrates" {
  run "$SCRIPTS/deploy.sh" staging "$IMAGE" --skip-migrations
  assert_status 0
  assert_ops "ecs describe-task-definition" "ecs register-task-definition" \
    "ecs update-service" "ecs wait services-stable" "ecs describe-services"
}

@test "deploy: --dry-run registers and changes nothing" {
  run "$SCRIPTS/deploy.sh" production "$IMAGE" --dry-run
  assert_status 0
  assert_ops "ecs describe-task-definition"
  assert_contains "$output" "DRY RUN"
}

@test "deploy: a deployment the circuit breaker rolled back is a failure" {
  export FAKE_AWS_CB_ROLLBACK=1
  run "$SCRIPTS/deploy.sh" staging "$IMAGE" --skip-migrations
  assert_status 1
  assert_contains "$output" "rolled back by the ECS circuit breaker"
}

@test "deploy: an AWS error on register-task-definition fails cleanly" {
  export FAKE_AWS_FAIL="ecs register-task-definition"
  run "$SCRIPTS/deploy.sh" staging "$IMAGE"
  assert_status 1
  assert_contains "$output" "aws ecs register-task-definition failed (exit 254)"
  assert_ops "ecs describe-task-definition" "ecs register-task-definition"
}
