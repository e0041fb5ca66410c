#!/usr/bin/env bash
# Shared by the deployment scripts (sourced, not run). One naming scheme, the one Terraform
# produces (infrastructure/terraform/locals.tf):
#   cluster healthflow-<env>-cluster, service healthflow-backend-service,
#   database healthflow-<env>-db, task family healthflow-<env>-backend, container healthflow,
#   log group /aws/ecs/healthflow-<env>.
# Public URLs default to the runbook's and can be overridden: STAGING_URL, PRODUCTION_URL.
# shellcheck disable=SC2034  # the variables set here are used by the scripts that source this file

HF_SCRIPT_NAME=${HF_SCRIPT_NAME:-$(basename "$0")}

log() { printf '[%s] %s\n' "$HF_SCRIPT_NAME" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$HF_SCRIPT_NAME" "$*" >&2; exit 1; }

# usage_error MESSAGE: print the message and the script's usage text (function `usage`), exit 2.
usage_error() {
  printf '[%s] %s\n' "$HF_SCRIPT_NAME" "$1" >&2
  usage >&2
  exit 2
}

# hf_resolve_env ENV: sets the HF_* names for staging or production; returns 1 for anything else.
hf_resolve_env() {
  case "$1" in
    staging) HF_API_URL=${STAGING_URL:-https://staging-api.healthflow.gov.eg} ;;
    production) HF_API_URL=${PRODUCTION_URL:-https://api.healthflow.gov.eg} ;;
    *) return 1 ;;
  esac
  HF_API_URL=${HF_API_URL%/}
  HF_ENV=$1
  HF_CLUSTER="healthflow-$1-cluster"
  HF_SERVICE="healthflow-backend-service"
  HF_DB_ID="healthflow-$1-db"
  HF_TASK_FAMILY="healthflow-$1-backend"
  HF_CONTAINER="healthflow"
  HF_LOG_GROUP="/aws/ecs/healthflow-$1"
}

# awsq ARGS...: run the AWS CLI; on failure print what was asked and what AWS answered, exit 1.
# Use as value=$(awsq ...): set -e then stops the calling script.
awsq() {
  local err rc=0 out
  err=$(mktemp)
  out=$(aws "$@" 2>"$err") || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '[%s] error: aws %s %s failed (exit %s): %s\n' "$HF_SCRIPT_NAME" "$1" "$2" "$rc" \
      "$(tr '\n' ' ' <"$err")" >&2
    rm -f "$err"
    exit 1
  fi
  rm -f "$err"
  printf '%s\n' "$out"
}

# is_none VALUE: true when the AWS CLI's text output means "nothing" (None, null or empty).
is_none() {
  case "$1" in '' | None | null) return 0 ;; *) return 1 ;; esac
}

# http_get URL BODY_FILE [CURL_ARGS...]: prints the HTTP status code (000 when no answer).
http_get() {
  local url=$1 body=$2 code
  shift 2
  code=$(curl -sS -o "$body" -w '%{http_code}' --max-time "${HF_HTTP_TIMEOUT:-10}" "$@" "$url") || code=000
  printf '%s\n' "${code:-000}"
}

require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "required command not found: $c"
  done
}
