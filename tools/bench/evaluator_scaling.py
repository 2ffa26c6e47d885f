#!/usr/bin/env python3
"""How the Spark evaluator scales from one core to two, and what Spark costs over the in-process runner.

Each measurement runs `./hequant` pinned with taskset, so "one core" means one: a session's two parties run in
two threads and, left on a two-core machine, overlap on both cores even under local[1].

    tools/bench/evaluator_scaling.py --dataset cifar10:FILE [--model zoo:minionn:W4A4] [--limit 8] [--repeat 2]

Runs, per repeat: evaluate local[1] on core 0; evaluate local[2] on cores 0-1; the in-process runner
(`infer`) on core 0; and, unpinned, evaluate local[1] and infer. Prints one JSON object with the medians:
images/s of each, speed_up = local[2] on two cores / local[1] on one, and spark_overhead = in-process
images/s / local[1] images/s - 1 (pinned and unpinned), and the lowest agreement of any run. Standard
library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

# Private = plaintext prediction, per run: the lowest is reported.
AGREEMENT = []
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def hequant(cores, args):
    cmd = ([] if cores is None else ["taskset", "-c", cores]) + [os.path.join(ROOT, "hequant")] + args + ["--json"]
    print("running:", " ".join(cmd), file=sys.stderr)
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def evaluate(cores, master, opts):
    out = hequant(cores, ["evaluate", "--model", opts.model, "--dataset", opts.dataset, "--limit", str(opts.limit),
                          "--master", master, "--compare-images", "0", "--out", os.path.join(opts.work, master)])
    AGREEMENT.append(out["agreement"])
    return out["images_per_s"]


def in_process(cores, opts):
    out = hequant(cores, ["infer", "--model", opts.model, "--dataset", opts.dataset, "--limit", str(opts.limit)])
    AGREEMENT.append(out["agreement"])
    return 1000.0 / out["wall_ms"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="zoo:minionn:W4A4")
    p.add_argument("--dataset", required=True)
    p.add_argument("--limit", type=int, default=8)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--work", default=os.path.join(ROOT, "target", "evaluator-scaling"))
    opts = p.parse_args()
    runs = {"local1_one_core": [], "local2_two_cores": [], "in_process_one_core": [], "local1_unpinned": [],
            "in_process_unpinned": []}
    for _ in range(opts.repeat):
        runs["local1_one_core"].append(evaluate("0", "local[1]", opts))
        runs["local2_two_cores"].append(evaluate("0,1", "local[2]", opts))
        runs["in_process_one_core"].append(in_process("0", opts))
        runs["local1_unpinned"].append(evaluate(None, "local[1]", opts))
        runs["in_process_unpinned"].append(in_process(None, opts))
    med = {k: statistics.median(v) for k, v in runs.items()}
    result = {"model": opts.model, "dataset": opts.dataset, "images": opts.limit, "repeat": opts.repeat,
              "images_per_s": {k: round(v, 4) for k, v in med.items()},
              "samples": {k: [round(x, 4) for x in v] for k, v in runs.items()},
              "agreement_min": min(AGREEMENT),
              "speed_up": round(med["local2_two_cores"] / med["local1_one_core"], 3),
              "spark_overhead_one_core": round(med["in_process_one_core"] / med["local1_one_core"] - 1, 3),
              "spark_overhead_unpinned": round(med["in_process_unpinned"] / med["local1_unpinned"] - 1, 3)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
