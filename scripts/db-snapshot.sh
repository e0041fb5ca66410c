#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runbook section 5.1: snapshot the environment's database before migrations.
#   scripts/db-snapshot.sh <staging|production> [--no-wait] [--dry-run]
# Prints the snapshot identifier (healthflow-<env>-YYYYmmdd-HHMMSS) on standard output; progress
# goes to standard error. Waits until the snapshot is available unless --no-wait.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/deploy-common.sh
. "$SCRIPT_DIR/lib/deploy-common.sh"

usage() {
  cat <<'USAGE'
usage: db-snapshot.sh <staging|production> [--no-wait] [--dry-run]
  Creates a manual RDS snapshot of healthflow-<env>-db named healthflow-<env>-YYYYmmdd-HHMMSS
  and waits for it to be available (unless --no-wait). --dry-run only shows what would happen.
USAGE
}

env_name="" wait=1 dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-wait) wait=0 ;;
    --dry-run) dry_run=1 ;;
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
require_cmd aws

snapshot_id="healthflow-$HF_ENV-$(date -u +%Y%m%d-%H%M%S)"

status=$(awsq rds describe-db-instances --db-instance-identifier "$HF_DB_ID" \
  --query 'DBInstances[0].DBInstanceStatus' --output text)
is_none "$status" && die "database $HF_DB_ID not found"
log "database $HF_DB_ID is $status"

if [ "$dry_run" -eq 1 ]; then
  log "DRY RUN: would run: aws rds create-db-snapshot --db-instance-identifier $HF_DB_ID --db-snapshot-identifier $snapshot_id"
  [ "$wait" -eq 1 ] && log "DRY RUN: would run: aws rds wait db-snapshot-available --db-snapshot-identifier $snapshot_id"
  printf '%s\n' "$snapshot_id"
  exit 0
fi

log "creating snapshot $snapshot_id"
created=$(awsq rds create-db-snapshot --db-instance-identifier "$HF_DB_ID" \
  --db-snapshot-identifier "$snapshot_id" \
  --tags Key=Project,Value=HealthFlow "Key=Environment,Value=$HF_ENV" Key=CreatedBy,Value=db-snapshot.sh \
  --query 'DBSnapshot.DBSnapshotIdentifier' --output text)
[ "$created" = "$snapshot_id" ] || die "unexpected answer from create-db-snapshot: $created"

if [ "$wait" -eq 1 ]; then
  log "waiting for $snapshot_id to be available"
  awsq rds wait db-snapshot-available --db-snapshot-identifier "$snapshot_id" >/dev/null
  log "snapshot $snapshot_id is available"
fi
printf '%s\n' "$snapshot_id"
