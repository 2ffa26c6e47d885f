#!/usr/bin/python3
"""Checks of intsim's exact (Python-int) simulator and worst-case bounds against independent computations.

- run_exact against a schoolbook nested-loop evaluation in plain Python ints, on a random network whose
  values reach about 100 bits (far past int64 and float64);
- worst_case is attained: for one conv, the input that puts lo or hi under each weight by its sign
  reaches the bound exactly, and no random input exceeds any bound;
- run_exact equals the int64 `run` on a narrow requantizing model;
- sum pooling (the CIFAR HCNN's) over an odd map, exact and bounded, against the schoolbook.

Usage: /usr/bin/python3 tools/qat/test_intsim_exact.py (numpy only; a few seconds).
"""
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hqqat import hqm, intsim  # noqa: E402


def identity(bits):
    return {"multiplier": 1, "shift": 0, "bits": bits, "relu": False}


def conv(name, inp, cin, cout, k, stride, bits, rng, weight_bits, pad=0):
    lim = 2 ** (weight_bits - 1)
    return {"name": name, "inputs": [inp], "op": "conv", "in": cin, "out": cout, "kernel_h": k, "kernel_w": k,
            "stride": stride, "pad_top": pad, "pad_bottom": pad, "pad_left": pad, "pad_right": pad, "groups": 1,
            "weight_bits": weight_bits, "weights": rng.integers(-lim, lim, size=cout * cin * k * k),
            "bias": rng.integers(-1000, 1000, size=cout), "requant": identity(bits)}


def wide_model(rng, bias_shift=0):
    """An 8-bit-input, 8-bit-weight HCNN-shaped net without requantization (outputs about 90 bits); the
    last bias is shifted left by bias_shift (70: beyond int64, as the accumulated-scale biases of W8I8)."""
    nodes = [conv("conv1", "input", 1, 2, 3, 2, 200, rng, 8),
             {"name": "square1", "inputs": ["conv1"], "op": "square", "requant": identity(200)},
             conv("conv2", "square1", 2, 3, 3, 1, 200, rng, 8, pad=1),
             {"name": "square2", "inputs": ["conv2"], "op": "square", "requant": identity(200)},
             {"name": "flatten", "inputs": ["square2"], "op": "flatten"},
             {"name": "fc1", "inputs": ["flatten"], "op": "linear", "in": 3 * 4 * 4, "out": 4, "weight_bits": 8,
              "weights": rng.integers(-128, 128, size=4 * 48),
              "bias": np.array([int(v) << bias_shift for v in rng.integers(-1000, 1000, size=4)], dtype=object),
              "requant": identity(200)}]
    return {"name": "wide", "input_shape": (1, 9, 9), "input_bits": 8, "input_signed": False, "nodes": nodes}


def schoolbook(m, image):
    """The model on one CHW image with nested loops over Python ints (no numpy arithmetic)."""
    x = [[[int(v) for v in row] for row in ch] for ch in image]
    for n in m["nodes"]:
        if n["op"] == "conv":
            k, s, p = n["kernel_h"], n["stride"], n["pad_top"]
            h, w = len(x[0]), len(x[0][0])
            ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
            wt = [int(v) for v in n["weights"]]
            y = []
            for o in range(n["out"]):
                plane = []
                for i in range(ho):
                    row = []
                    for j in range(wo):
                        acc = int(n["bias"][o])
                        for c in range(n["in"]):
                            for a in range(k):
                                for b in range(k):
                                    r, q = i * s + a - p, j * s + b - p
                                    if 0 <= r < h and 0 <= q < w:
                                        acc += wt[((o * n["in"] + c) * k + a) * k + b] * x[c][r][q]
                        row.append(acc)
                    plane.append(row)
                y.append(plane)
            x = y
        elif n["op"] == "square":
            x = [[[v * v for v in row] for row in ch] for ch in x]
        elif n["op"] == "pool":  # sum pooling; windows that do not fit are dropped
            k, s = n["size"], n["stride"]
            ho, wo = (len(x[0]) - k) // s + 1, (len(x[0][0]) - k) // s + 1
            x = [[[sum(ch[i * s + a][j * s + b] for a in range(k) for b in range(k)) for j in range(wo)]
                  for i in range(ho)] for ch in x]
        elif n["op"] == "flatten":
            x = [v for ch in x for row in ch for v in row]
        elif n["op"] == "linear":
            wt = [int(v) for v in n["weights"]]
            x = [int(n["bias"][o]) + sum(wt[o * n["in"] + i] * x[i] for i in range(n["in"])) for o in range(n["out"])]
    return x


def main():
    rng = np.random.default_rng(7)
    m = wide_model(rng, bias_shift=70)
    images = rng.integers(0, 256, size=(6, 1, 9, 9))
    images[0] = 255  # the all-maximum input drives the widths up
    observed = {}
    logits = intsim.run_exact(m, images, observed)
    for t, image in enumerate(images):
        assert [int(v) for v in logits[t]] == schoolbook(m, image), f"image {t}: run_exact != schoolbook"
    widest = max(int(v).bit_length() for v in logits.ravel())
    assert widest > 80, f"the test model should exceed 64 bits, reached {widest}"
    bounds = intsim.worst_case(m)
    for node, v in observed.items():
        assert v <= bounds[node], f"{node}: observed {v} above the bound {bounds[node]}"

    # One conv, no padding: the bound is reached by the input with 255 under positive weights, 0 elsewhere.
    one = {"name": "one", "input_shape": (1, 5, 5), "input_bits": 8, "input_signed": False,
           "nodes": [conv("conv1", "input", 1, 3, 5, 1, 30, rng, 8)]}
    bound = intsim.worst_case(one)["conv1"]
    w = one["nodes"][0]["weights"].reshape(3, 25)
    best = 0
    for o in range(3):
        for sign in (1, -1):
            image = np.where(sign * w[o] > 0, 255, 0).reshape(1, 1, 5, 5)
            best = max(best, int(np.abs(intsim.run_exact(one, image)[0]).max()))
    assert best == bound, f"worst case {bound} not attained (best {best})"

    # A requantizing 16-bit model: the exact path equals the int64 path.
    narrow = wide_model(rng)
    for n in narrow["nodes"]:
        if "requant" in n:
            n["requant"] = {"multiplier": 3, "shift": 9, "bits": 12, "relu": n["op"] != "linear"}
    x = rng.integers(0, 256, size=(20, 1, 9, 9))
    assert np.array_equal(intsim.run_exact(narrow, x).astype(np.int64), intsim.run(narrow, x)), "exact != int64"
    # conv (9x9 -> 7x7) -> square -> 2x2 sum pool (3x3; the 7th row and column are read by no window) -> linear.
    pooled = {"name": "pooled", "input_shape": (1, 9, 9), "input_bits": 8, "input_signed": False,
              "nodes": [conv("conv1", "input", 1, 2, 3, 1, 200, rng, 8),
                        {"name": "square1", "inputs": ["conv1"], "op": "square", "requant": identity(200)},
                        {"name": "pool1", "inputs": ["square1"], "op": "pool", "kind": "sum", "size": 2,
                         "stride": 2, "requant": None},
                        {"name": "flatten", "inputs": ["pool1"], "op": "flatten"},
                        {"name": "fc1", "inputs": ["flatten"], "op": "linear", "in": 18, "out": 3, "weight_bits": 8,
                         "weights": rng.integers(-128, 128, size=3 * 18),
                         "bias": rng.integers(-1000, 1000, size=3), "requant": identity(200)}]}
    images = rng.integers(0, 256, size=(5, 1, 9, 9))
    images[0] = 255
    observed = {}
    logits = intsim.run_exact(pooled, images, observed)
    for t, image in enumerate(images):
        assert [int(v) for v in logits[t]] == schoolbook(pooled, image), f"image {t}: sum pool != schoolbook"
    bounds = intsim.worst_case(pooled)
    for node, v in observed.items():
        assert v <= bounds[node], f"{node}: observed {v} above the bound {bounds[node]}"
    check_wide_bias_file(m)
    print(f"test_intsim_exact: ok (logits up to {widest} bits)")


def check_wide_bias_file(m):
    """A bias beyond int64 survives .hqm version 3 (mantissa and shift) exactly; a narrow model stays version 1."""
    m = dict(m, input_scale=1 / 255, input_zero_point=0, input_mean=[0.0], input_std=[1.0],
             nodes=[dict(n, requant=identity(62)) if n.get("requant") else n for n in m["nodes"]])
    data = hqm.to_bytes(m)
    assert data[6] == hqm.VERSION_BIAS_SHIFT, data[6]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "wide.hqm")
        with open(path, "wb") as f:
            f.write(data)
        read = hqm.read(path)
    for a, b in zip(m["nodes"], read["nodes"]):
        if "bias" in a:
            assert [int(v) for v in a["bias"]] == [int(v) for v in b["bias"]], a["name"]
    narrow = dict(m, nodes=[dict(n, bias=np.zeros(len(n["bias"]), dtype=np.int64)) if "bias" in n else n
                            for n in m["nodes"]])
    assert hqm.to_bytes(narrow)[6] == hqm.VERSION
    odd = dict(m, nodes=[dict(n, bias=np.array([(1 << 70) + 1, 3], dtype=object)) if n["name"] == "fc1" else n
                         for n in m["nodes"]])
    try:
        hqm.to_bytes(odd)
        raise AssertionError("a bias that is no multiple of its layer's 2^shift must be refused")
    except ValueError as e:
        assert "not a multiple" in str(e), e


if __name__ == "__main__":
    main()
