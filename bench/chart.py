#!/usr/bin/env python3
"""Chart for docs/performance.md: the mixed workload's achieved throughput and p99 against offered
load, one line per backend, written as SVG with the standard library only.

    chart.py SWEEP_FILE OUT.svg      (lines: backend offered achieved p99 [p50]; offered may be "max")

No matplotlib: on Debian 12 python3-matplotlib pulls libboost-dev 1.74 (through pythran), which
conflicts with the build's libboost1.81-dev, so `make bench` could not install it next to the build.
"""
import math
import sys
from xml.sax.saxutils import escape

COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd']
W, H = 1100, 440
PANEL_W, PANEL_H = 440, 300
MARGIN_L, MARGIN_T = 70, 50


class LogAxes:
    """One panel with log-scaled x and y axes; data coordinates to SVG pixels."""

    def __init__(self, left, top, xs, ys, title, xlabel, ylabel):
        self.left, self.top = left, top
        self.x0, self.x1 = self._bounds(xs)
        self.y0, self.y1 = self._bounds(ys)
        self.out = []
        self.title, self.xlabel, self.ylabel = title, xlabel, ylabel

    @staticmethod
    def _bounds(values):
        vals = [v for v in values if v > 0] or [1]
        return 10 ** math.floor(math.log10(min(vals))), 10 ** math.ceil(math.log10(max(vals)))

    def px(self, x):
        x = min(max(x, self.x0), self.x1)
        return self.left + PANEL_W * (math.log10(x) - math.log10(self.x0)) / (math.log10(self.x1) - math.log10(self.x0))

    def py(self, y):
        y = min(max(y, self.y0), self.y1)
        return self.top + PANEL_H * (1 - (math.log10(y) - math.log10(self.y0)) / (math.log10(self.y1) - math.log10(self.y0)))

    def frame(self):
        o, l, t = self.out, self.left, self.top
        o.append(f'<rect x="{l}" y="{t}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#333"/>')
        for decade, pos, horizontal in self._ticks():
            if horizontal:
                o.append(f'<line x1="{l}" x2="{l + PANEL_W}" y1="{pos:.1f}" y2="{pos:.1f}" stroke="#ddd"/>')
                o.append(f'<text x="{l - 6}" y="{pos + 4:.1f}" text-anchor="end">{decade:g}</text>')
            else:
                o.append(f'<line x1="{pos:.1f}" x2="{pos:.1f}" y1="{t}" y2="{t + PANEL_H}" stroke="#ddd"/>')
                o.append(f'<text x="{pos:.1f}" y="{t + PANEL_H + 16}" text-anchor="middle">{decade:g}</text>')
        o.append(f'<text x="{l + PANEL_W / 2}" y="{t - 12}" text-anchor="middle" font-weight="bold">{escape(self.title)}</text>')
        o.append(f'<text x="{l + PANEL_W / 2}" y="{t + PANEL_H + 36}" text-anchor="middle">{escape(self.xlabel)}</text>')
        o.append(f'<text transform="translate({l - 50},{t + PANEL_H / 2}) rotate(-90)" text-anchor="middle">{escape(self.ylabel)}</text>')

    def _ticks(self):
        d = self.x0
        while d <= self.x1 * 1.0001:
            yield d, self.px(d), False
            d *= 10
        d = self.y0
        while d <= self.y1 * 1.0001:
            yield d, self.py(d), True
            d *= 10

    def line(self, pts, colour, dash=None, marker=True):
        if not pts:
            return
        path = ' '.join(f'{self.px(x):.1f},{self.py(y):.1f}' for x, y in pts)
        extra = f' stroke-dasharray="{dash}"' if dash else ''
        self.out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{extra}/>')
        if marker:
            for x, y in pts:
                self.out.append(f'<circle cx="{self.px(x):.1f}" cy="{self.py(y):.1f}" r="3" fill="{colour}"/>')

    def hline(self, y, colour, dash):
        self.line([(self.x0, y), (self.x1, y)], colour, dash, marker=False)


def legend(entries, left, top):
    out = []
    for i, (label, colour, dash) in enumerate(entries):
        y = top + 16 * i
        extra = f' stroke-dasharray="{dash}"' if dash else ''
        out.append(f'<line x1="{left}" x2="{left + 22}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{extra}/>')
        out.append(f'<text x="{left + 28}" y="{y + 4}">{escape(label)}</text>')
    return out


def main(sweep, target):
    rows = [line.split() for line in open(sweep) if line.strip()]
    paced = [r for r in rows if r[1] != 'max']
    if not paced:
        print('chart: no paced rows in', sweep)
        return
    backends = list(dict.fromkeys(r[0] for r in rows))
    offered = [float(r[1]) for r in paced]
    achieved = [float(r[2]) for r in rows] + [1000, 10000] + offered
    p99 = [float(r[3]) for r in paced] + [50]
    a = LogAxes(MARGIN_L, MARGIN_T, offered, achieved, 'mixed workload throughput', 'offered load (ops/s)', 'achieved (ops/s)')
    b = LogAxes(MARGIN_L + PANEL_W + 120, MARGIN_T, offered, p99, 'mixed workload p99', 'offered load (ops/s)', 'p99 (ms)')
    a.frame()
    b.frame()
    entries_a, entries_b = [], []
    for i, backend in enumerate(backends):
        colour = COLOURS[i % len(COLOURS)]
        pts = sorted((float(r[1]), float(r[2]), float(r[3])) for r in paced if r[0] == backend)
        a.line([(x, y) for x, y, _ in pts], colour)
        b.line([(x, p) for x, _, p in pts], colour)
        entries_a.append((backend, colour, None))
        entries_b.append((backend, colour, None))
        for r in rows:
            if r[0] == backend and r[1] == 'max':
                a.hline(float(r[2]), colour, '2,3')
                entries_a.append((f'{backend} unpaced', colour, '2,3'))
    a.line([(min(offered), min(offered)), (max(offered), max(offered))], '#888', marker=False)
    a.hline(1000, '#000', '6,3,2,3')
    a.hline(2000, '#d00', '2,2')
    a.hline(10000, '#d00', '6,4')
    entries_a += [('offered = achieved', '#888', None), ('national peak (1,000 ops/s)', '#000', '6,3,2,3'),
                  ('target 2 x peak (2,000 ops/s)', '#d00', '2,2'), ('goal 10 x peak', '#d00', '6,4')]
    b.hline(50, '#d00', '6,4')
    entries_b.append(('p99 target 50 ms', '#d00', '6,4'))
    body = a.out + b.out + legend(entries_a, MARGIN_L + 10, MARGIN_T + PANEL_H + 60) + \
        legend(entries_b, MARGIN_L + PANEL_W + 130, MARGIN_T + PANEL_H + 60)
    height = MARGIN_T + PANEL_H + 70 + 16 * max(len(entries_a), len(entries_b))
    with open(target, 'w') as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{max(H, height)}" '
                f'font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="#fff"/>\n')
        f.write('\n'.join(body))
        f.write('\n</svg>\n')
    print('chart:', target)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
