#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Emergency rollback (runbook 8.2 and 11.1): move healthflow-backend-service back to the task
# definition it ran before, wait until the service is stable, then check GET /version.
#   scripts/emergency-rollback.sh <staging|production> [--dry-run] [--to TASK_DEF] [--if-current TASK_DEF]
# The target is, in this order: --to; the task definition of the older deployment while a
# deployment is still in progress (deployments[1], as in runbook 8.2); otherwise the ACTIVE
# revision of the family just before the one the service runs now.
# --if-current ARN: roll back only if the service still runs ARN (used by the production workflow,
# so that a deployment the ECS circuit breaker already undid is not rolled back a second time).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/deploy-common.sh
. "$SCRIPT_DIR/lib/deploy-common.sh"

usage() {
  cat <<'USAGE'
usage: emergency-rollback.sh <staging|production> [--dry-run] [--to TASK_DEF] [--if-current TASK_DEF]
  --dry-run            show the rollback target and the commands, change nothing
  --to TASK_DEF        roll back to this task definition (family:revision or ARN)
  --if-current ARN     do nothing unless the service currently runs ARN
  environment: STAGING_URL, PRODUCTION_URL (API base URL for the /version check),
               ROLLBACK_VERIFY_RETRIES (5), ROLLBACK_VERIFY_DELAY (10 s)
USAGE
}

env_name="" dry_run=0 target="" if_current=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --to)
      if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "--to needs a task definition"; fi
      target=$2
      shift
      ;;
    --if-current)
      if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "--if-current needs a task definition ARN"; fi
      if_current=$2
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      [ -z "$env_name" ] || usage_error "unexpected argument: $1"
      env_name=$1
      ;;
  esac
  shift
done
[ -n "$env_name" ] || usage_error "missing environment"
hf_resolve_env "$env_name" || usage_error "unknown environment: $env_name (staging or production)"
require_cmd aws curl jq

verify_retries=${ROLLBACK_VERIFY_RETRIES:-5}
verify_delay=${ROLLBACK_VERIFY_DELAY:-10}

log "environment $HF_ENV: cluster $HF_CLUSTER, service $HF_SERVICE"

# 1. What runs now.
current=$(awsq ecs describe-services --cluster "$HF_CLUSTER" --services "$HF_SERVICE" \
  --query 'services[0].taskDefinition' --output text)
is_none "$current" && die "service $HF_SERVICE not found in cluster $HF_CLUSTER"
log "current task definition: $current"

if [ -n "$if_current" ] && [ "$current" != "$if_current" ]; then
  log "service no longer runs $if_current (already rolled back?): nothing to do"
  exit 0
fi

# 2. The rollback target.
if [ -z "$target" ]; then
  in_flight=$(awsq ecs describe-services --cluster "$HF_CLUSTER" --services "$HF_SERVICE" \
    --query 'services[0].deployments[1].taskDefinition' --output text)
  if ! is_none "$in_flight" && [ "$in_flight" != "$current" ]; then
    target=$in_flight
    log "deployment in progress: rolling back to the previous deployment's $target"
  else
    family=${current##*/}
    family=${family%:*}
    revisions=$(awsq ecs list-task-definitions --family-prefix "$family" --status ACTIVE --sort DESC \
      --query 'taskDefinitionArns' --output text)
    found=0
    for arn in $revisions; do
      if [ "$found" -eq 1 ]; then
        target=$arn
        break
      fi
      [ "$arn" = "$current" ] && found=1
    done
    [ "$found" -eq 1 ] || die "current task definition $current is not among the ACTIVE revisions of $family"
    [ -n "$target" ] || die "no ACTIVE revision of $family older than $current: nothing to roll back to"
    log "previous revision of $family: $target"
  fi
fi
[ "$target" != "$current" ] || die "rollback target $target is what already runs"

image=$(awsq ecs describe-task-definition --task-definition "$target" \
  --query "taskDefinition.containerDefinitions[?name=='$HF_CONTAINER'].image | [0]" --output text)
is_none "$image" && die "task definition $target has no container named $HF_CONTAINER"
tag=${image##*:}
log "rollback target $target (image $image)"

if [ "$dry_run" -eq 1 ]; then
  log "DRY RUN: would run: aws ecs update-service --cluster $HF_CLUSTER --service $HF_SERVICE --task-definition $target"
  log "DRY RUN: would run: aws ecs wait services-stable --cluster $HF_CLUSTER --services $HF_SERVICE"
  log "DRY RUN: would check: $HF_API_URL/version"
  exit 0
fi

# 3. Roll back and wait.
now=$(awsq ecs update-service --cluster "$HF_CLUSTER" --service "$HF_SERVICE" \
  --task-definition "$target" --query 'service.taskDefinition' --output text)
[ "$now" = "$target" ] || die "update-service answered task definition $now, expected $target"
log "service updated; waiting for it to become stable"
awsq ecs wait services-stable --cluster "$HF_CLUSTER" --services "$HF_SERVICE" >/dev/null
log "service is stable on $target"

# 4. Verify what answers.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
attempt=1
while :; do
  code=$(http_get "$HF_API_URL/version" "$work/version")
  if [ "$code" = 200 ] && jq -e '.version' "$work/version" >/dev/null 2>&1; then
    commit=$(jq -r '.commit // ""' "$work/version")
    # Images are tagged with the commit /version reports (12 hex digits); other tags are not checked.
    if ! [[ "$tag" =~ ^[0-9a-f]{7,40}$ ]] || [[ "$commit" == "$tag"* ]] || [[ "$tag" == "$commit"* && -n "$commit" ]]; then
      log "rollback complete: $HF_API_URL/version answers $(jq -c . "$work/version")"
      exit 0
    fi
    log "/version reports commit $commit, expected $tag"
  else
    log "GET $HF_API_URL/version -> $code"
  fi
  [ "$attempt" -lt "$verify_retries" ] || die "rollback done in ECS but $HF_API_URL/version does not confirm it"
  attempt=$((attempt + 1))
  sleep "$verify_delay"
done
