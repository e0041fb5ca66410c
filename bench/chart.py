#!/usr/bin/env python3
"""Chart for docs/performance.md: the mixed workload's achieved throughput and p99 against offered
load, one line per backend.   chart.py SWEEP_FILE OUT.png   (lines: backend offered achieved p99 [p50])"""
import sys
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt

rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
for backend in dict.fromkeys(r[0] for r in rows):
    pts = [r for r in rows if r[0] == backend and r[1] != 'max']
    mx = [r for r in rows if r[0] == backend and r[1] == 'max']
    x = [float(r[1]) for r in pts]
    a.plot(x, [float(r[2]) for r in pts], marker='o', label=backend)
    b.plot(x, [float(r[3]) for r in pts], marker='o', label=backend)
    if mx:
        a.axhline(float(mx[0][2]), linestyle=':', color=a.lines[-1].get_color(), label=f'{backend} unpaced')
offered = sorted(float(r[1]) for r in rows if r[1] != 'max')
a.plot([offered[0], offered[-1]], [offered[0], offered[-1]], color='grey', linewidth=0.8, label='offered = achieved')
a.axhline(1000, color='black', linewidth=0.6, linestyle='-.', label='national peak (1,000 ops/s)')
a.axhline(10000, color='red', linewidth=0.8, linestyle='--', label='target 10 x peak')
a.set_xlabel('offered load (ops/s)'); a.set_ylabel('achieved (ops/s)'); a.set_yscale('log')
a.set_title('mixed workload throughput')
b.axhline(50, color='red', linewidth=0.8, linestyle='--', label='p99 target 50 ms')
b.set_xlabel('offered load (ops/s)'); b.set_ylabel('p99 (ms)'); b.set_yscale('log'); b.set_title('mixed workload p99')
for ax in (a, b):
    ax.set_xscale('log'); ax.grid(True, alpha=0.3); ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
print('chart:', sys.argv[2])
