#!/usr/bin/env bash
# Start-up to the first 200 on /health (SQLite, migrations applied, catalogue loaded), best of 5;
# and RSS idle with the catalogue loaded (issue 11 rows 7-8: < 1 s; <= 64 MB).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
backend=sqlite
export HF_DATA_DIR="$bench_work/startup" DATABASE_URL="sqlite://$bench_work/startup/healthflow.db" LOG_LEVEL=warn
mkdir -p "$HF_DATA_DIR"
"$HF_BINARY" migrate up >/dev/null
python3 - "$HF_BINARY" "$HF_DATA_DIR" "$bench_work/startup.txt" <<'PY'
import socket, subprocess, sys, time, urllib.request
binary, data, out = sys.argv[1:4]
best, rss = None, None
for run in range(5):
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
    t0 = time.monotonic()
    p = subprocess.Popen([binary, 'serve', '--host', '127.0.0.1', '--port', str(port), '--data-dir', data],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = None
    while time.monotonic() - t0 < 20:
        try:
            if urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=1).status == 200:
                took = time.monotonic() - t0; break
        except Exception:
            time.sleep(0.002)
    if took is not None and run == 0:
        time.sleep(2)  # settled, idle
        rss = next(int(l.split()[1]) for l in open(f'/proc/{p.pid}/status') if l.startswith('VmRSS'))
    p.terminate(); p.wait()
    if took is not None and (best is None or took < best): best = took
open(out, 'w').write(f"{best * 1000 if best else 0:.0f} {rss or 0}\n")
PY
read -r ms rss <"$bench_work/startup.txt"
mb=$(python3 -c "print('%.1f' % ($rss / 1024))")
result "start-up to first 200 /health" "$ms" "ms" "-" "-" "< 1000 ms" "$(lt "$ms" 1000)"
result "memory RSS idle (catalogue)" "$mb" "MB" "-" "-" "<= 64 MB" "$(lt "$mb" 64)"
