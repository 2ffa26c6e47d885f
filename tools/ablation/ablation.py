#!/usr/bin/env python3
"""The HEQuant ablation: runs `./hequant bench network` for the reference networks and bit widths and writes
docs/results/ablation.json, ablation.md (tables) and ablation-linear-bytes.svg (linear-layer bytes against
bit width, one line per protocol mode, one panel per network).

Linear-layer bytes come from the planner (`--linear-only`; tests check them equal to the metered bytes);
the whole-network runs (nonlinear bytes, rounds, time) are slower and only done for --full NET:BITS pairs.

    tools/ablation/ablation.py [--full resnet18-cifar:W4A4,minionn:W4A4] [--repeat 3] [--out docs/results]

Standard library only (no matplotlib): the plot is written as SVG by hand.
"""
import argparse
import json
import math
import os
import subprocess
import sys

NETWORKS = ["minionn", "resnet18-cifar", "resnet32-cifar100", "mobilenetv2-tiny"]
BITS = ["W2A2", "W3A3", "W4A4", "W8A8"]
MODES = ["cheetah", "quant", "quant+tiling", "quant+packing", "hequant"]
# Whole-network runs add hequant planned for the latency instead of the bytes (`--objective`): on a 50 Mbit/s
# link and on the LAN profile (3 Gbit/s), two points of the trade between bytes and compute.
FULL_MODES = MODES + ["hequant@50mbit", "hequant@lan"]
COLOURS = {"cheetah": "#d62728", "quant": "#ff7f0e", "quant+tiling": "#2ca02c", "quant+packing": "#9467bd",
           "hequant": "#1f77b4"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bench(network, bits, linear_only, repeat=1):
    cmd = [os.path.join(ROOT, "hequant"), "bench", "network", "--model", "zoo:" + network, "--bits", bits,
           "--modes", ",".join(MODES if linear_only else FULL_MODES)]
    if linear_only:
        cmd.append("--linear-only")
    else:
        cmd += ["--repeat", str(repeat)]
    print("running:", " ".join(cmd[1:]), file=sys.stderr)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def mib(b):
    return b / 2 ** 20


def table(results):
    lines = ["# HEQuant ablation", "",
             "Regenerate with `tools/ablation/ablation.py` (add `--full NET:BITS` for whole-network runs).",
             "Bit configurations are the zoo's: WxAx with the first and last layers at W8A8. Linear-layer bytes are",
             "per image, client-to-server plus server-to-client, as serialized (the planner's prediction, equal to",
             "the metered bytes in the tests); set-up bytes (public key, Galois keys, base OTs) are once per",
             "connection and not included. Every mode runs its OTs on Ferret silent OT; whole-network nonlinear bytes",
             "include its extension traffic (`ot_preprocessing_bytes`, with its bootstrap, for a one-image session).", "",
             "## Linear-layer bytes (MiB per image) and ratio to cheetah / quant", ""]
    for net in NETWORKS:
        if net not in results["linear"]:
            continue
        lines += ["### " + net, "", "| bits | " + " | ".join(MODES) + " | hequant vs cheetah | hequant vs quant |",
                  "|---|" + "---|" * (len(MODES) + 2)]
        for bits in BITS:
            row = results["linear"][net].get(bits)
            if row is None:
                continue
            cells = ["%.2f" % mib(row[m]) for m in MODES]
            lines.append("| %s | %s | %.1fx | %.1fx |" % (bits, " | ".join(cells), row["cheetah"] / row["hequant"],
                                                        row["quant"] / row["hequant"]))
        lines.append("")
    if results["full"]:
        lines += ["## Whole-network runs (per image, in-process, every mode on the same random input)", "",
                  "wall ms is the median over the rounds of `--repeat` (each round runs every mode once, in rotating",
                  "order); the samples follow it. cpu ms is the median CPU time of the process (both parties, JIT and",
                  "GC), steadier than wall time on a shared machine. `hequant@50mbit` and `hequant@lan` are hequant",
                  "planned for the latency on a 50 Mbit/s link and on the LAN profile (`--objective`) instead of the",
                  "bytes. Ratios: the mode's total bytes, median wall time and median CPU time over hequant's.", "",
                  "| network | mode | N, q bits | linear MiB | nonlinear MiB | total MiB | rounds | wall ms (samples) | cpu ms | LAN ms | WAN ms | agreement | bytes / hequant | time / hequant | cpu / hequant |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for key, run in results["full"].items():
            h = run["modes"]["hequant"]
            for mode, v in run["modes"].items():
                samples = ", ".join(str(x) for x in v.get("wall_ms_samples", [v["wall_ms"]]))
                cpu = v.get("cpu_ms")
                lines.append("| %s | %s | %s, %s | %.2f | %.2f | %.2f | %d | %d (%s) | %s | %d | %d | %.2f | %.2fx | %.2fx | %s |" % (
                    key, mode, v.get("degree", 4096), v.get("q_bits", "60 + 49"), mib(v["linear_bytes"]),
                    mib(v["nonlinear_bytes"]), mib(v["bytes_total"]), v["rounds"], v["wall_ms"], samples,
                    "-" if cpu is None else cpu, v["lan_ms"], v["wan_ms"], v["agreement"],
                    v["bytes_total"] / h["bytes_total"], v["wall_ms"] / h["wall_ms"],
                    "-" if cpu is None else "%.2fx" % (cpu / h["cpu_ms"])))
        lines.append("")
    return "\n".join(lines)


def svg(results):
    panel_w, panel_h, margin = 330, 250, 60
    nets = [n for n in NETWORKS if n in results["linear"]]
    cols = 2
    rows = (len(nets) + cols - 1) // cols
    width, height = cols * (panel_w + margin) + margin, rows * (panel_h + margin) + margin + 30
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (width, height), '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="14">Linear-layer bytes per image vs bit width (log scale)</text>' % margin]
    for k, net in enumerate(nets):
        x0 = margin + (k % cols) * (panel_w + margin)
        y0 = 40 + margin // 2 + (k // cols) * (panel_h + margin)
        data = results["linear"][net]
        values = [data[b][m] for b in BITS if b in data for m in MODES]
        lo, hi = math.log10(min(values)) - 0.1, math.log10(max(values)) + 0.1
        xs = {b: x0 + 20 + i * (panel_w - 40) / (len(BITS) - 1) for i, b in enumerate(BITS)}

        def y(v):
            return y0 + panel_h - (math.log10(v) - lo) / (hi - lo) * panel_h

        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (x0, y0, panel_w, panel_h))
        out.append('<text x="%d" y="%d" font-size="12">%s</text>' % (x0, y0 - 6, net))
        for b in BITS:
            out.append('<text x="%.0f" y="%d" text-anchor="middle">%s</text>' % (xs[b], y0 + panel_h + 14, b))
        for exp in range(math.ceil(lo), math.floor(hi) + 1):
            for mant in (1, 2, 5):
                v = mant * 10 ** exp
                if lo <= math.log10(v) <= hi:
                    out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (x0, x0 + panel_w, y(v), y(v)))
                    out.append('<text x="%d" y="%.1f" text-anchor="end">%g MB</text>' % (x0 - 4, y(v) + 4, v / 1e6))
        for m in MODES:
            pts = [(xs[b], y(data[b][m])) for b in BITS if b in data]
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                       % (COLOURS[m], " ".join("%.1f,%.1f" % p for p in pts)))
            for p in pts:
                out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (p[0], p[1], COLOURS[m]))
    lx = margin
    for m in MODES:
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (lx, height - 22, COLOURS[m]))
        out.append('<text x="%d" y="%d">%s</text>' % (lx + 16, height - 12, m))
        lx += 110
    out.append("</svg>")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "results"))
    p.add_argument("--full", default="", help="comma-separated NET:BITS pairs to run privately end to end")
    p.add_argument("--full-from", default="",
                   help="comma-separated NET:BITS=FILE: whole-network results saved from `./hequant bench network`")
    p.add_argument("--networks", default=",".join(NETWORKS))
    p.add_argument("--repeat", type=int, default=3, help="timed rounds of every whole-network run (median reported)")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    results = {"linear": {}, "full": {}}
    for net in args.networks.split(","):
        results["linear"][net] = {}
        for bits in BITS:
            modes = bench(net, bits, True)["modes"]
            results["linear"][net][bits] = {m: modes[m]["linear_bytes"] for m in MODES}
    for pair in filter(None, args.full.split(",")):
        net, bits = pair.split(":")
        results["full"][pair] = bench(net, bits, False, args.repeat)
    for item in filter(None, args.full_from.split(",")):
        pair, path = item.split("=")
        with open(path) as f:
            results["full"][pair] = json.load(f)
    with open(os.path.join(args.out, "ablation.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(args.out, "ablation.md"), "w") as f:
        f.write(table(results))
    with open(os.path.join(args.out, "ablation-linear-bytes.svg"), "w") as f:
        f.write(svg(results))


if __name__ == "__main__":
    main()
