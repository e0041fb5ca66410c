#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Deploy an image to an environment (the steps of the deploy workflows, runnable by hand):
#   scripts/deploy.sh <staging|production> <image-uri> [--skip-migrations] [--dry-run]
# 1. register a new revision of healthflow-<env>-backend with the image
# 2. snapshot healthflow-<env>-db (scripts/db-snapshot.sh, runbook 5.1)
# 3. run `healthflow migrate up` as a one-off Fargate task on the new revision, in the service's
#    subnets and security group; stop here if it does not exit 0 (the service is untouched)
# 4. update healthflow-backend-service to the new revision and wait until it is stable
# 5. check the service still runs the new revision (the ECS circuit breaker rolls failed
#    deployments back by itself)
# Prints the new task definition ARN on standard output. In GitHub Actions it also writes
# task_definition=<arn> to $GITHUB_OUTPUT once the service was updated.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/deploy-common.sh
. "$SCRIPT_DIR/lib/deploy-common.sh"

usage() {
  cat <<'USAGE'
usage: deploy.sh <staging|production> <image-uri> [--skip-migrations] [--dry-run]
  image-uri: e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/healthflow-staging:0123456789ab
USAGE
}

env_name="" image="" migrate=1 dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-migrations) migrate=0 ;;
    --dry-run) dry_run=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      if [ -z "$env_name" ]; then
        env_name=$1
      elif [ -z "$image" ]; then
        image=$1
      else
        usage_error "unexpected argument: $1"
      fi
      ;;
  esac
  shift
done
[ -n "$env_name" ] || usage_error "missing environment"
[ -n "$image" ] || usage_error "missing image URI"
hf_resolve_env "$env_name" || usage_error "unknown environment: $env_name (staging or production)"
case "$image" in *:*) ;; *) usage_error "image URI needs a tag: $image" ;; esac
require_cmd aws jq

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. New task definition revision: the current template with the new image.
awsq ecs describe-task-definition --task-definition "$HF_TASK_FAMILY" \
  --query 'taskDefinition' --output json >"$work/current.json"
jq --arg image "$image" --arg name "$HF_CONTAINER" '
  if ([.containerDefinitions[] | select(.name == $name)] | length) != 1
  then error("no container named \($name)") else . end
  | .containerDefinitions |= map(if .name == $name then .image = $image else . end)
  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
        .registeredAt, .registeredBy, .deregisteredAt)' \
  "$work/current.json" >"$work/new.json" || die "task definition $HF_TASK_FAMILY has no container $HF_CONTAINER"
log "new revision of $HF_TASK_FAMILY with image $image"

if [ "$dry_run" -eq 1 ]; then
  log "DRY RUN: would run: aws ecs register-task-definition --cli-input-json file://new.json"
  [ "$migrate" -eq 1 ] && log "DRY RUN: would run: scripts/db-snapshot.sh $HF_ENV, then healthflow migrate up as a one-off task"
  log "DRY RUN: would run: aws ecs update-service --cluster $HF_CLUSTER --service $HF_SERVICE --task-definition <new>"
  log "DRY RUN: would run: aws ecs wait services-stable --cluster $HF_CLUSTER --services $HF_SERVICE"
  exit 0
fi

new_td=$(awsq ecs register-task-definition --cli-input-json "file://$work/new.json" \
  --query 'taskDefinition.taskDefinitionArn' --output text)
is_none "$new_td" && die "register-task-definition returned no ARN"
log "registered $new_td"

# 2 and 3. Snapshot, then migrations as a one-off task.
if [ "$migrate" -eq 1 ]; then
  snapshot=$("$SCRIPT_DIR/db-snapshot.sh" "$HF_ENV") || die "database snapshot failed; nothing deployed"
  log "snapshot $snapshot taken"

  awsq ecs describe-services --cluster "$HF_CLUSTER" --services "$HF_SERVICE" \
    --query 'services[0].networkConfiguration' --output json >"$work/network.json"
  jq -e '.awsvpcConfiguration.subnets | length > 0' "$work/network.json" >/dev/null 2>&1 \
    || die "service $HF_SERVICE has no awsvpc network configuration"
  overrides=$(jq -cn --arg name "$HF_CONTAINER" \
    '{containerOverrides: [{name: $name, command: ["migrate", "up"]}]}')
  task=$(awsq ecs run-task --cluster "$HF_CLUSTER" --task-definition "$new_td" --launch-type FARGATE \
    --network-configuration "file://$work/network.json" --overrides "$overrides" \
    --started-by healthflow-migrate --query 'tasks[0].taskArn' --output text)
  is_none "$task" && die "run-task started no migration task"
  log "migration task $task started; waiting for it to stop"
  awsq ecs wait tasks-stopped --cluster "$HF_CLUSTER" --tasks "$task" >/dev/null
  code=$(awsq ecs describe-tasks --cluster "$HF_CLUSTER" --tasks "$task" \
    --query "tasks[0].containers[?name=='$HF_CONTAINER'].exitCode | [0]" --output text)
  if [ "$code" != 0 ]; then
    die "migrations failed (exit code $code); service not updated. Logs: aws logs tail $HF_LOG_GROUP --since 30m; snapshot $snapshot"
  fi
  log "migrations applied"
else
  log "migrations skipped (--skip-migrations)"
fi

# 4. Move the service and wait.
now=$(awsq ecs update-service --cluster "$HF_CLUSTER" --service "$HF_SERVICE" \
  --task-definition "$new_td" --query 'service.taskDefinition' --output text)
[ "$now" = "$new_td" ] || die "update-service answered $now, expected $new_td"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'task_definition=%s\n' "$new_td" >>"$GITHUB_OUTPUT"
fi
log "service updated; waiting for it to become stable"
awsq ecs wait services-stable --cluster "$HF_CLUSTER" --services "$HF_SERVICE" >/dev/null

# 5. Did the circuit breaker roll it back?
running=$(awsq ecs describe-services --cluster "$HF_CLUSTER" --services "$HF_SERVICE" \
  --query 'services[0].taskDefinition' --output text)
[ "$running" = "$new_td" ] || die "deployment rolled back by the ECS circuit breaker: service runs $running, not $new_td"
log "deployed $image to $HF_ENV ($new_td)"
printf '%s\n' "$new_td"
