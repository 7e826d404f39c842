#!/usr/bin/env python3
"""Plots process time against the number of static handlers, from the static_scale benchmark.

Usage: python3 scripts/plot_static.py [target/bench-static/results.json] [static-handlers.svg]

Reads the JSON that `cargo bench --bench static_scale` writes and draws an SVG line chart, with no
dependency beyond the standard library.
"""
import json
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "target/bench-static/results.json"
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else "static-handlers.svg"

SERIES = [
    ("atexit", "total_us", "#1f77b4", "atexit: start to exit"),
    ("dtor", "total_us", "#d62728", "dtor: start to exit"),
    ("inventory", "total_us", "#2ca02c", "inventory: start to exit"),
    ("atexit", "exit_us", "#9467bd", "atexit: the exit alone"),
]

W, H = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 230, 40, 60


def main():
    with open(SOURCE) as f:
        programs = json.load(f)["programs"]
    baseline = next(p for p in programs if p["handlers"] == 0)
    lines = []
    for kind, key, colour, label in SERIES:
        points = [(p["handlers"], p[key]) for p in programs if p["kind"] == kind and p[key] is not None]
        if kind != "atexit" and key == "total_us":
            # A program with no handlers is the same whichever crate it would use.
            points.append((0, baseline["total_us"]))
        lines.append((sorted(points), colour, label))
    x_max = max(x for pts, _, _ in lines for x, _ in pts)
    y_max = max(y for pts, _, _ in lines for _, y in pts) * 1.1

    def sx(x):
        return LEFT + (W - LEFT - RIGHT) * x / x_max

    def sy(y):
        return H - BOTTOM - (H - TOP - BOTTOM) * y / y_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2 - 60}" y="22" font-size="15">Static handlers: process time (median)</text>',
        f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="black"/>',
        f'<text x="{(LEFT + W - RIGHT) / 2 - 50}" y="{H - 15}">static handlers</text>',
        f'<text x="15" y="{TOP + (H - TOP - BOTTOM) / 2}" transform="rotate(-90 15 {TOP + (H - TOP - BOTTOM) / 2})">microseconds</text>',
    ]
    for i in range(6):
        y = y_max * i / 5
        out.append(f'<line x1="{LEFT - 4}" y1="{sy(y):.1f}" x2="{W - RIGHT}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.0f}</text>')
    for x in sorted({x for pts, _, _ in lines for x, _ in pts}):
        out.append(f'<text x="{sx(x):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{x:,}</text>')
    for n, (pts, colour, label) in enumerate(lines):
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 20 * n
        out.append(f'<line x1="{W - RIGHT + 15}" y1="{ly}" x2="{W - RIGHT + 35}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{W - RIGHT + 40}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    with open(OUTPUT, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
