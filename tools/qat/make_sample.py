#!/usr/bin/python3
"""Writes the first N Fashion-MNIST test images and labels as uncompressed IDX files (the demo sample).

Usage: /usr/bin/python3 tools/qat/make_sample.py OUT_DIR [N] [DATA_DIR]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hqqat import idx  # noqa: E402


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500
    data_dir = sys.argv[3] if len(sys.argv) > 3 else next(d for d in idx.DEFAULT_DIRS if os.path.isdir(d))
    os.makedirs(out, exist_ok=True)
    images = idx.read_idx(idx.find_file(data_dir, "t10k-images-idx3-ubyte"))[:n]
    labels = idx.read_idx(idx.find_file(data_dir, "t10k-labels-idx1-ubyte"))[:n]
    idx.write_idx(os.path.join(out, "t10k-images-idx3-ubyte"), images)
    idx.write_idx(os.path.join(out, "t10k-labels-idx1-ubyte"), labels)
    # Round trip: the files must read back as the same arrays.
    assert (idx.read_idx(os.path.join(out, "t10k-images-idx3-ubyte")) == images).all()
    print(f"wrote {n} test images and labels to {out}")


if __name__ == "__main__":
    main()
