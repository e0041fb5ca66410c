# Shared set-up for tests/deploy/*.bats: the fake aws and curl first on PATH, a fresh state per test.
bats_require_minimum_version 1.5.0

REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
SCRIPTS="$REPO_ROOT/scripts"

common_setup() {
  export PATH="$BATS_TEST_DIRNAME/fakes:$PATH"
  export FAKE_AWS_LOG="$BATS_TEST_TMPDIR/aws.log"
  export FAKE_AWS_STATE="$BATS_TEST_TMPDIR/aws-state"
  export FAKE_CURL_LOG="$BATS_TEST_TMPDIR/curl.log"
  export FAKE_CURL_STATE="$BATS_TEST_TMPDIR/curl-state"
  mkdir -p "$FAKE_CURL_STATE"
  : >"$FAKE_AWS_LOG"
  : >"$FAKE_CURL_LOG"
  export ROLLBACK_VERIFY_DELAY=0 ROLLBACK_VERIFY_RETRIES=2 SMOKE_RETRY_DELAY=0 SMOKE_RETRIES=3
  unset STAGING_URL PRODUCTION_URL SMOKE_USERNAME SMOKE_PASSWORD SMOKE_EXPECT_COMMIT GITHUB_OUTPUT
  unset FAKE_AWS_FAIL FAKE_AWS_WAIT_FAIL FAKE_AWS_DEPLOYMENT_1 FAKE_AWS_NO_SERVICE FAKE_AWS_NO_DB
  unset FAKE_AWS_CB_ROLLBACK FAKE_AWS_MIGRATE_EXIT FAKE_AWS_REVISIONS FAKE_AWS_CURRENT_REV FAKE_CURL_DOWN
}

# The AWS calls made, as "service operation" (waiters as "service wait name"), one per line.
aws_ops() {
  awk '{ if ($2 == "wait") print $1, $2, $3; else print $1, $2 }' "$FAKE_AWS_LOG"
}

# assert_ops "svc op" ...: the calls made are exactly these, in this order.
assert_ops() {
  local expected actual
  expected=$(printf '%s\n' "$@")
  actual=$(aws_ops)
  if [ "$expected" != "$actual" ]; then
    printf 'expected AWS calls:\n%s\nactual AWS calls:\n%s\n' "$expected" "$actual" >&2
    return 1
  fi
}

refute_op() {
  if aws_ops | grep -qx "$1"; then
    printf 'unexpected AWS call %s in:\n%s\n' "$1" "$(aws_ops)" >&2
    return 1
  fi
}

# The full line of the first call of "svc op".
aws_call() {
  awk -v s="$1" -v o="$2" '$1 == s && $2 == o { print; exit }' "$FAKE_AWS_LOG"
}

assert_contains() {
  case "$1" in
    *"$2"*) return 0 ;;
  esac
  printf 'expected to find: %s\nin: %s\n' "$2" "$1" >&2
  return 1
}

refute_contains() {
  case "$1" in
    *"$2"*)
      printf 'did not expect: %s\nin: %s\n' "$2" "$1" >&2
      return 1
      ;;
  esac
}

assert_status() {
  if [ "$status" -ne "$1" ]; then
    printf 'expected exit %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
    return 1
  fi
}

td() { printf 'arn:aws:ecs:us-east-1:123456789012:task-definition/healthflow-%s-backend:%s' "$1" "$2"; }
