#!/usr/bin/env bash
# Hostile-input scanners (issue 12 "Hostile input"), part of `make soak`, never of `make test`:
#   sqlmap (Debian) against log-in, drug search, patient lookup (query and path) and prescription
#   verification, with valid tokens; wapiti (Debian) against the portals and the API (default
#   modules but ssrf, which calls an outside server, plus crlf).
# Everything runs on 127.0.0.1 against a private server with a fresh SQLite database and demo
# users; nothing is sent anywhere else. Each scanner is bounded in time (SCAN_MINUTES per sqlmap
# target, WAPITI_MINUTES for wapiti). Prints a summary and ends with "security-scan: N passed,
# M failed" (a failure is an injectable parameter, or a wapiti finding above low).
# Reports stay in SCAN_OUT (default /tmp/hf-security-scan) for docs/security.md.
#
#   bench/security-scan.sh [BINARY]    (default build/healthflow)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${1:-${HF_BINARY:-$root/build/healthflow}}
sqlmap_minutes=${SCAN_MINUTES:-4}
wapiti_minutes=${WAPITI_MINUTES:-8}
out=${SCAN_OUT:-/tmp/hf-security-scan}
[ -x "$bin" ] || { echo "no server binary at $bin (make build)"; exit 1; }

missing=()
command -v sqlmap >/dev/null || missing+=(sqlmap)
command -v wapiti >/dev/null || missing+=(wapiti)
if ((${#missing[@]})); then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  echo "== installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}" >/dev/null ||
    { echo "could not install ${missing[*]}"; exit 1; }
fi

rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d /tmp/hf-scan.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- a private server with demo users ----------------------------------------------------------
# TRUST_PROXY=1 lets sqlmap's xforwardedfor tamper give each request its own client address, so the
# per-address log-in throttle does not answer 429 to the whole scan; tokens live two hours.
export HF_DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/healthflow.db" MFA_REQUIRED_ROLES= \
  LOG_LEVEL=warn TRUST_PROXY=1 ACCESS_TOKEN_TTL_SECONDS=7200 RATE_LIMITS=off
mkdir -p "$HF_DATA_DIR"
"$bin" migrate up --data-dir "$HF_DATA_DIR" >/dev/null || exit 1
password="scan horse battery staple 42"
echo "$password" | "$bin" admin create-user --role admin --username scanadmin --full-name "Scan Admin" >/dev/null || exit 1
port=$(free_port)
"$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$HF_DATA_DIR" >"$out/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/health" >/dev/null && break; sleep 0.2; done

api() {  # method path token [json]
  curl -s -X "$1" "$base$2" -H 'content-type: application/json' ${3:+-H "authorization: Bearer $3"} ${4:+--data "$4"}
}
jget() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1" 2>/dev/null; }
login() { api POST /api/v1/auth/login "" "{\"username\":\"$1\",\"password\":\"$password\"}" | jget "['access_token']"; }

admin=$(login scanadmin)
clinic=$(api POST /api/v1/facilities "$admin" '{"type":"clinic","name":"Scan Clinic","name_ar":"عيادة","license_no":"LIC-SCAN-1","governorate":"Cairo","address":"1 Tahrir Square"}' | jget "['id']")
pharmacy=$(api POST /api/v1/facilities "$admin" '{"type":"pharmacy","name":"Scan Pharmacy","name_ar":"صيدلية","license_no":"LIC-SCAN-2","governorate":"Giza","address":"2 Nile Street"}' | jget "['id']")
api POST /api/v1/users "$admin" "{\"role\":\"doctor\",\"username\":\"scandoctor\",\"password\":\"$password\",\"full_name\":\"Scan Doctor\",\"full_name_ar\":\"طبيب\",\"license_no\":\"EMS-SCAN\",\"facility_ids\":[\"$clinic\"]}" >/dev/null
api POST /api/v1/users "$admin" "{\"role\":\"pharmacist\",\"username\":\"scanpharm\",\"password\":\"$password\",\"full_name\":\"Scan Pharmacist\",\"full_name_ar\":\"صيدلي\",\"license_no\":\"PHS-SCAN\",\"facility_ids\":[\"$pharmacy\"]}" >/dev/null
doctor=$(login scandoctor)
pharmacist=$(login scanpharm)
nid=29001010100015
patient=$(api POST /api/v1/patients "$doctor" "{\"national_id\":\"$nid\",\"full_name\":\"Scan Patient\",\"full_name_ar\":\"مريض\",\"phone\":\"01001234567\"}" | jget "['id']")
if [ -z "$admin" ] || [ -z "$doctor" ] || [ -z "$pharmacist" ]; then
  echo "could not set up the demo users"; tail -20 "$out/server.log"; exit 1
fi
echo "server on $base; patient ${patient:-<not created>}"

# A prescription to verify, when the prescribing endpoints exist (issue: Prescribing and dispensing).
qr_token=""; code="HF-7K3M-9Q2P"
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/prescriptions/verify")" != 404 ]; then
  drug=$(api GET "/api/v1/drugs?q=panadol&limit=1" "$doctor" | jget "['items'][0]['id']")
  rx=$(api POST /api/v1/prescriptions "$doctor" "{\"patient_id\":\"$patient\",\"facility_id\":\"$clinic\",\"items\":[{\"drug_id\":\"$drug\",\"dose_amount\":1,\"dose_unit\":\"tablet\",\"times_per_day\":3,\"duration_days\":5,\"route\":\"oral\",\"quantity\":1}]}")
  qr_token=$(echo "$rx" | jget "['qr_token']"); c=$(echo "$rx" | jget "['code']"); [ -n "$c" ] && code=$c
  verify=1
else
  verify=0
fi

pass=0; fail=0
summary="$out/summary.txt"; : >"$summary"
note() { echo "$*" | tee -a "$summary"; }

# --- sqlmap ---------------------------------------------------------------------------------------
run_sqlmap() {  # name token url [data] [params]
  local name=$1 token=$2 url=$3 data=${4:-} params=${5:-}
  local log="$out/sqlmap-$name.log"
  local args=(-u "$url" --batch --flush-session --level 3 --risk 2 --threads 2 --timeout 10 --retries 1
    --tamper=xforwardedfor --ignore-code 401,404,409,422,429 --output-dir "$out/sqlmap" -H "Content-Type: application/json")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$data" ] && args+=(--data "$data" --method POST)
  [ -n "$params" ] && args+=(-p "$params")
  timeout --signal=INT "$((sqlmap_minutes * 60))" sqlmap "${args[@]}" >"$log" 2>&1
  local rc=$?
  local requests
  requests=$(grep -oP 'sent \K\d+(?= HTTP)' "$log" | tail -1)
  if grep -qiE "is vulnerable|sqlmap identified the following injection point" "$log"; then
    note "sqlmap $name: INJECTABLE (see $log)"; fail=$((fail + 1))
  elif grep -qiE "do not appear to be injectable|does not seem to be injectable|not injectable" "$log"; then
    note "sqlmap $name: nothing injectable${requests:+ ($requests requests)}"; pass=$((pass + 1))
  elif [ $rc = 124 ] || [ $rc = 130 ]; then
    note "sqlmap $name: stopped at the time limit (${sqlmap_minutes} min), no injection found so far"; pass=$((pass + 1))
  else
    note "sqlmap $name: did not complete (exit $rc): $(grep -E 'CRITICAL|ERROR' "$log" | tail -1)"; fail=$((fail + 1))
  fi
}

echo "== sqlmap (up to ${sqlmap_minutes} min per target)"
# Only the user name reaches SQL at log-in; the password goes to Argon2id, never to a query.
run_sqlmap login "" "$base/api/v1/auth/login" '{"username":"scan-probe","password":"not the password 42"}' username
run_sqlmap drug-search "$doctor" "$base/api/v1/drugs?q=panadol&limit=5" "" "q,limit"
run_sqlmap patient-lookup "$doctor" "$base/api/v1/patients?national_id=$nid" "" national_id
[ -n "$patient" ] && run_sqlmap patient-read "$doctor" "$base/api/v1/patients/${patient}*"
if [ "$verify" = 1 ]; then
  if [ -n "$qr_token" ]; then
    run_sqlmap verify-token "$pharmacist" "$base/api/v1/prescriptions/verify" "{\"qr_token\":\"$qr_token\"}"
  fi
  run_sqlmap verify-code "$pharmacist" "$base/api/v1/prescriptions/verify" "{\"code\":\"$code\"}"
else
  note "sqlmap verify: not run, POST /api/v1/prescriptions/verify does not exist yet"
fi

# --- wapiti ---------------------------------------------------------------------------------------
echo "== wapiti (up to ${wapiti_minutes} min)"
wlog="$out/wapiti.log"
# The default modules without ssrf (it asks wapiti3.ovh, outside this machine, whether a request
# reached it; SSRF is covered by tests/api/webhooks.test.mjs), plus crlf.
wmodules=blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,crlf
wargs=(-u "$base/" --scope domain --flush-session -f json -o "$out/wapiti.json" -m "$wmodules"
  --max-scan-time "$((wapiti_minutes * 60))" --max-attack-time "$((wapiti_minutes * 60 / 4))"
  -s "$base/api/v1/drugs?q=panadol&limit=5" -s "$base/api/v1/patients?national_id=$nid"
  -s "$base/health" -s "$base/version")
[ -n "$patient" ] && wargs+=(-s "$base/api/v1/patients/$patient")
if wapiti --help 2>&1 | grep -q -- '--header'; then wargs+=(--header "Authorization: Bearer $doctor"); fi
timeout --signal=INT "$((wapiti_minutes * 60 + 120))" wapiti "${wargs[@]}" >"$wlog" 2>&1
wrc=$?
if [ -s "$out/wapiti.json" ]; then
  # wapiti 3.0.x levels: 3 high, 2 medium, 1 low (anomalies are 500s and timeouts).
  python3 - "$out/wapiti.json" >"$out/wapiti-summary.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
above_low = 0
for section in ("vulnerabilities", "anomalies", "additionals"):
    for kind, items in (r.get(section) or {}).items():
        if not items: continue
        levels = sorted({i.get("level") for i in items})
        print(f"{section}: {kind}: {len(items)} (levels {levels})")
        for i in items[:3]: print(f"    {i.get('method')} {i.get('path')} {i.get('info','')[:150]}")
        if section != "additionals": above_low += sum(1 for i in items if int(i.get("level") or 0) >= 2)
print(f"ABOVE_LOW={above_low}")
PY
  cat "$out/wapiti-summary.txt" | grep -v '^ABOVE_LOW' | tee -a "$summary"
  above=$(grep -oP 'ABOVE_LOW=\K\d+' "$out/wapiti-summary.txt")
  urls=$(grep -c '"path"' "$out/wapiti.json" 2>/dev/null)
  if [ "${above:-1}" = 0 ]; then note "wapiti: no finding above low (exit $wrc)"; pass=$((pass + 1));
  else note "wapiti: $above finding(s) above low"; fail=$((fail + 1)); fi
else
  note "wapiti: no report (exit $wrc): $(tail -3 "$wlog")"; fail=$((fail + 1))
fi
grep -q '"level":"error"' "$out/server.log" && note "server log has error lines: $(grep -c '"level":"error"' "$out/server.log")"
note "reports: $out"
echo "security-scan: $pass passed, $fail failed"
[ "$fail" = 0 ]
