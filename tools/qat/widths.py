#!/usr/bin/python3
"""Integer widths of an .hqm model: per node the worst case from the weights and the input range, and the
largest |value| over the Fashion-MNIST test images in the exact (Python-int) simulator.

Usage: /usr/bin/python3 tools/qat/widths.py MODEL.hqm [--data DIR] [--limit N]

Widths are signed (magnitude bits + 1): a BFV plaintext modulus t must exceed 2 max|v|, so log2 t must be
at least the widest node's width. Pixels are quantized as the Java client does (x = v / 255f, then the
model's input quantization).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hqqat import hqm, idx, intsim  # noqa: E402


def pixel_table(m):
    """The integer input of each pixel byte for a one-channel model, from float32 v / 255 as Java reads it."""
    x = (np.arange(256, dtype=np.float32) / np.float32(255)).astype(np.float64).reshape(1, 1, 1, 256)
    return intsim.quantize_input(x, m).reshape(256)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model")
    p.add_argument("--data", default=None, help="directory with the Fashion-MNIST IDX files")
    p.add_argument("--limit", type=int, default=None, help="only the first N test images")
    a = p.parse_args(argv)
    m = hqm.read(a.model)
    if m["input_shape"] != (1, 28, 28):
        print(f"{a.model}: input shape {m['input_shape']}, this tool feeds 1x28x28 Fashion-MNIST", file=sys.stderr)
        sys.exit(2)
    dirs = [a.data] if a.data else idx.DEFAULT_DIRS
    d = next((x for x in dirs if os.path.isdir(x)), None)
    if d is None:
        print(f"--data: no Fashion-MNIST directory among {dirs}", file=sys.stderr)
        sys.exit(2)
    images = idx.read_idx(idx.find_file(d, "t10k-images-idx3-ubyte"))[:a.limit]
    labels = idx.read_idx(idx.find_file(d, "t10k-labels-idx1-ubyte"))[:a.limit]
    x = pixel_table(m)[images.astype(np.int64)][:, None]
    observed = {}
    pred = intsim.classify_exact(m, x, observed)
    bounds = intsim.worst_case(m)
    print(f"{m['name']}: {int((pred == labels).sum())}/{len(labels)} correct")
    print(f"{'node':10} {'declared':>8} {'worst':>6} {'observed':>8}  max |value| observed")
    for n in m["nodes"]:
        declared = n["requant"]["bits"] if n.get("requant") else ""
        print(f"{n['name']:10} {declared:>8} {intsim.signed_bits(bounds[n['name']]):>6} "
              f"{intsim.signed_bits(observed[n['name']]):>8}  {observed[n['name']]}")
    print(f"plaintext bits: worst case {max(intsim.signed_bits(v) for v in bounds.values())}, "
          f"observed {max(intsim.signed_bits(v) for v in observed.values())}")


if __name__ == "__main__":
    main()
