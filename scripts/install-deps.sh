#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for `make run` (profile "run") or `make test`
# (profile "test"). Idempotent and quiet when everything is already there.
set -euo pipefail

profile=${1:-run}
run_pkgs=(build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libsqlite3-dev libpq-dev libsodium-dev
  libssl-dev libspdlog-dev libcli11-dev libqrencode-dev libgtest-dev libbenchmark-dev sqlite3)
test_pkgs=(postgresql postgresql-client openssl chromium bats shellcheck clang-format nginx-light)
# The chart is SVG written by bench/chart.py with the standard library: python3-matplotlib cannot be
# installed next to libboost1.81-dev on Debian 12 (it pulls libboost-dev 1.74 through pythran).
bench_pkgs=(wrk nginx-light postgresql-contrib python3)

pkgs=("${run_pkgs[@]}")
case "$profile" in
  run) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The portals' build (Vite 8) needs Node.js 20.19 or newer. Debian 12's own nodejs package is 18:
# say so plainly now rather than let the portal build fail later with a syntax error.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js $(node --version) is too old: the portals need Node.js 20.19 or newer (Debian 12's nodejs package is 18)." >&2
  echo "Install Node.js 20.19+ (with its npm), then run make again." >&2
  exit 1
fi

# npm packages (portals, browser tests, linters) from the committed lock file.
here=$(cd "$(dirname "$0")/.." && pwd)
stamp="$here/node_modules/.package-lock.json"
if [ -f "$here/package-lock.json" ] && { [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; }; then
  echo "Installing npm packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
