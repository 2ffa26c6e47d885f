"""Reading and writing IDX files (the MNIST / Fashion-MNIST container format) with numpy only."""
import gzip
import os
import struct

import numpy as np

# IDX type codes we need: only unsigned bytes appear in (Fashion-)MNIST.
_UBYTE = 0x08


def _open(path):
    # The Debian package may ship the files gzip-compressed; accept both.
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def read_idx(path):
    """Returns the array stored in an IDX file of unsigned bytes (images: N x H x W, labels: N)."""
    with _open(path) as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path}: not an IDX file (bad magic)")
    if data[2] != _UBYTE:
        raise ValueError(f"{path}: IDX element type 0x{data[2]:02x} unsupported (only unsigned bytes)")
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path}: truncated IDX header")
    dims = struct.unpack(">" + "i" * ndim, data[4:header])
    count = int(np.prod(dims))
    if len(data) != header + count:
        raise ValueError(f"{path}: expected {count} data bytes for dims {dims}, found {len(data) - header}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def write_idx(path, array):
    """Writes an unsigned-byte array as an uncompressed IDX file."""
    a = np.ascontiguousarray(array, dtype=np.uint8)
    with open(path, "wb") as f:
        f.write(bytes([0, 0, _UBYTE, a.ndim]))
        f.write(struct.pack(">" + "i" * a.ndim, *a.shape))
        f.write(a.tobytes())


_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

# Where Debian's dataset-fashion-mnist package installs the files (checked in order).
DEFAULT_DIRS = ["/usr/share/datasets/fashion-mnist", "/usr/share/fashion-mnist"]


def find_file(directory, stem):
    for candidate in (stem, stem + ".gz"):
        p = os.path.join(directory, candidate)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"no {stem}[.gz] in {directory}")


def load_dataset(directory):
    """Loads the four (Fashion-)MNIST arrays from a directory: a dict of uint8 arrays."""
    return {key: read_idx(find_file(directory, stem)) for key, stem in _NAMES.items()}
