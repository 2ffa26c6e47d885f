#!/usr/bin/python3
"""Writes Fashion-MNIST as a CIFAR-10 binary dataset (data_batch_1..5.bin, test_batch.bin): each 28x28 image
zero-padded to 32x32 and repeated over the 3 colour planes, as `--arch hcnn-cifar-bfv` trains on it
(bfv.to_input_shape). No CIFAR files can be fetched on these machines; this gives the CIFAR HCNN a
CIFAR-shaped input with learnable labels that the Java readers take as `cifar10:OUT_DIR`.

Usage: /usr/bin/python3 tools/qat/make_cifar_proxy.py OUT_DIR [DATA_DIR]
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hqqat import idx  # noqa: E402


def records(images, labels):
    """CIFAR-10 records: one label byte, then the R, G and B planes of 32x32 bytes."""
    padded = np.pad(images, ((0, 0), (2, 2), (2, 2)))
    planes = np.repeat(padded[:, None], 3, axis=1).reshape(len(images), 3 * 32 * 32)
    return np.concatenate([labels.astype(np.uint8)[:, None], planes.astype(np.uint8)], axis=1).tobytes()


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    data_dir = sys.argv[2] if len(sys.argv) > 2 else next(d for d in idx.DEFAULT_DIRS if os.path.isdir(d))
    data = idx.load_dataset(data_dir)
    os.makedirs(out, exist_ok=True)
    train_x, train_y = data["train_images"], data["train_labels"]
    for k, part in enumerate(np.array_split(np.arange(len(train_x)), 5)):
        with open(os.path.join(out, f"data_batch_{k + 1}.bin"), "wb") as f:
            f.write(records(train_x[part], train_y[part]))
    with open(os.path.join(out, "test_batch.bin"), "wb") as f:
        f.write(records(data["test_images"], data["test_labels"]))
    with open(os.path.join(out, "test_batch.bin"), "rb") as f:
        first = np.frombuffer(f.read(3073), dtype=np.uint8)
    assert first[0] == data["test_labels"][0] and (first[1:].reshape(3, 32, 32)[1, 2:30, 2:30]
                                                   == data["test_images"][0]).all()
    print(f"wrote {len(train_x)} training and {len(data['test_images'])} test images to {out}")


if __name__ == "__main__":
    main()
