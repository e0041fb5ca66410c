#!/usr/bin/env bash
# The disk's own limit for durable commits: 4 KiB appends each followed by fdatasync, one after
# another for 3 s, in the folder the benchmarks' databases live in (/tmp). Every durable commit
# (SQLite WAL synchronous=FULL, PostgreSQL synchronous_commit=on) waits for at least one.
set -euo pipefail
dir=$(mktemp -d /tmp/hf-fsync.XXXXXX)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/f" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
block, n, lat = b'x' * 4096, 0, []
end = time.monotonic() + 3
while time.monotonic() < end:
    t = time.monotonic(); os.write(fd, block); os.fdatasync(fd); lat.append(time.monotonic() - t); n += 1
lat.sort()
print('%-34s %-8s %12.1f %-10s p50 %.2f ms, p99 %.2f ms' % ('disk: fdatasync per second', '-', n / 3, '/s',
      lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99)] * 1000))
PY
