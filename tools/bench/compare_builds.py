#!/usr/bin/env python3
"""Times the same `./hequant bench network` run on two checkouts of hequant, interleaved.

Rounds alternate the builds (before, after, then after, before, ...), so a slow spell of the shared machine
falls on both, and rotate the order of --modes, so no mode always runs first in its JVM (cold JIT, fresh
pages); each build runs with its own conf/jvm.flags, as it shipped. Prints one JSON object: per mode,
each build's median wall_ms, cpu_ms and the parties' CPU (where the build reports them), their samples, and
the before/after ratios.

    tools/bench/compare_builds.py --before ../before --after . --rounds 3 -- \
        --model zoo:minionn --bits W4A4 --modes cheetah,quant,hequant
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

KEYS = ("wall_ms", "cpu_ms", "client_cpu_ms", "server_cpu_ms")


def run(checkout, bench_args):
    cmd = [os.path.join(checkout, "hequant"), "bench", "network"] + bench_args
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    return json.loads(line)["modes"]


def rotated(bench_args, r):
    """bench_args with the --modes list rotated by r places."""
    out = list(bench_args)
    for i, a in enumerate(out):
        if a == "--modes" and i + 1 < len(out):
            modes = out[i + 1].split(",")
            k = r % len(modes)
            out[i + 1] = ",".join(modes[k:] + modes[:k])
        elif a.startswith("--modes="):
            modes = a[len("--modes="):].split(",")
            k = r % len(modes)
            out[i] = "--modes=" + ",".join(modes[k:] + modes[:k])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--before", required=True, help="checkout of the baseline build")
    p.add_argument("--after", required=True, help="checkout of the build under test")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("bench_args", nargs=argparse.REMAINDER, help="-- then the bench network options")
    opts = p.parse_args()
    bench_args = [a for a in opts.bench_args if a != "--"]
    if opts.rounds < 1 or not bench_args:
        p.error("need --rounds >= 1 and the bench network options after --")
    builds = {"before": opts.before, "after": opts.after}
    samples = {}
    for r in range(opts.rounds):
        order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
        for build in order:
            modes = run(builds[build], rotated(bench_args, r))
            for mode, figures in modes.items():
                for key in KEYS:
                    if key in figures:
                        samples.setdefault(mode, {}).setdefault(build, {}).setdefault(key, []).append(figures[key])
            print(f"compare_builds: round {r + 1} {build} done", file=sys.stderr)
    result = {}
    for mode, by_build in samples.items():
        row = {}
        for build, figures in by_build.items():
            for key, values in figures.items():
                row[f"{build}_{key}"] = statistics.median(values)
                row[f"{build}_{key}_samples"] = values
        for key in KEYS:
            if row.get(f"after_{key}") and f"before_{key}" in row:
                row[f"{key}_before_over_after"] = round(row[f"before_{key}"] / row[f"after_{key}"], 2)
        result[mode] = row
    print(json.dumps(result))


if __name__ == "__main__":
    main()
