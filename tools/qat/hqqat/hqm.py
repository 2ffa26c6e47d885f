"""Writer and reader of the hequant model format, versions 1 and 3 (models/MODEL-FORMAT.md), little-endian.

A model is a dict: name, input_shape (c, h, w), input_bits, input_signed, input_scale, input_zero_point,
input_mean, input_std (lists), nodes. A node is a dict with name, inputs and op ('conv', 'linear',
'pool', 'flatten', 'square') plus its fields; weights are int numpy arrays, biases int64 arrays (or object
arrays of Python ints, any width: a BFV network's late biases), and requant is a dict multiplier, shift, bits, relu.
A model whose biases all fit int64 is written as version 1; otherwise as version 3, where each bias array is
64-bit mantissas and a shift (every bias of that layer must then be a multiple of 2^shift: bfv.fit_biases).
"""
import struct

import numpy as np

MAGIC = b"HQMODL"
VERSION = 1
VERSION_BIAS_SHIFT = 3
OPS = {"conv": 1, "linear": 2, "pool": 3, "add": 4, "concat": 5, "flatten": 6, "activation": 7, "square": 8}
POOL_KINDS = ["max", "sum", "average", "global_average"]


class _Writer:
    def __init__(self):
        self.parts = []

    def u8(self, v):
        if not 0 <= v <= 255:
            raise ValueError(f"u8 field out of range: {v}")
        self.parts.append(struct.pack("<B", v))

    def i32(self, v):
        self.parts.append(struct.pack("<i", v))

    def i64(self, v):
        self.parts.append(struct.pack("<q", v))

    def f32(self, v):
        self.parts.append(struct.pack("<f", v))

    def string(self, s):
        b = s.encode("utf-8")
        self.parts.append(struct.pack("<H", len(b)) + b)

    def array(self, values, dtype):
        a = np.ascontiguousarray(values, dtype=dtype).ravel()
        self.i32(a.size)
        self.parts.append(a.tobytes())


def bias_shift(bias):
    """The smallest shift that brings every |bias| >> shift below 2^63 (0 when they already are)."""
    return max(0, max((abs(int(v)).bit_length() for v in np.ravel(bias)), default=0) - 63)


def _write_bias(w, node, version):
    shift = bias_shift(node["bias"])
    mantissas = []
    for v in np.ravel(node["bias"]):
        v = int(v)
        if v % (1 << shift):
            raise ValueError(f"node {node['name']}: bias {v} is not a multiple of 2^{shift} (round it first)")
        mantissas.append(v >> shift)
    w.array(np.array(mantissas, dtype=np.int64), "<i8")
    if version == VERSION_BIAS_SHIFT:
        w.u8(shift)


def _write_requant(w, r, version):
    # Output widths above 62 bits are refused as the Java ValueRange does (a long must hold the value).
    if not 1 <= r["multiplier"] < 2 ** 31 or not 0 <= r["shift"] <= 62 or not 1 <= r["bits"] <= 62:
        raise ValueError(f"requantization out of the format's range: {r}")
    w.i64(r["multiplier"])
    w.u8(r["shift"])
    w.u8(r["bits"])
    w.u8(1 if r["relu"] else 0)
    if version == VERSION_BIAS_SHIFT:
        w.u8(0)  # flags: per-tensor, unclamped (version 2's fields, which this writer never needs)


def _check_weights(node, bits):
    lo, hi = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if node["weights"].min() < lo or node["weights"].max() > hi:
        raise ValueError(f"node {node['name']}: weights outside the signed {bits}-bit range")


def to_bytes(m):
    w = _Writer()
    w.parts.append(MAGIC)
    wide = any(bias_shift(n["bias"]) for n in m["nodes"] if n["op"] in ("conv", "linear"))
    version = VERSION_BIAS_SHIFT if wide else VERSION
    w.u8(version)
    w.string(m["name"])
    for d in m["input_shape"]:
        w.i32(d)
    w.u8(m["input_bits"])
    w.u8(1 if m["input_signed"] else 0)
    w.f32(m["input_scale"])
    w.i32(m["input_zero_point"])
    w.array(m["input_mean"], "<f4")
    w.array(m["input_std"], "<f4")
    w.i32(len(m["nodes"]))
    for n in m["nodes"]:
        w.string(n["name"])
        w.u8(len(n["inputs"]))
        for i in n["inputs"]:
            w.string(i)
        w.u8(OPS[n["op"]])
        if n["op"] == "conv":
            for key in ("in", "out", "kernel_h", "kernel_w", "stride", "pad_top", "pad_bottom", "pad_left",
                        "pad_right", "groups"):
                w.i32(n[key])
        elif n["op"] == "linear":
            w.i32(n["in"])
            w.i32(n["out"])
        if n["op"] in ("conv", "linear"):
            _check_weights(n, n["weight_bits"])
            w.u8(n["weight_bits"])
            w.array(n["weights"], "<i4")
            _write_bias(w, n, version)
            _write_requant(w, n["requant"], version)
        elif n["op"] == "pool":
            w.u8(POOL_KINDS.index(n["kind"]))
            w.i32(n["size"])
            w.i32(n["stride"])
            w.u8(0 if n.get("requant") is None else 1)
            if n.get("requant") is not None:
                _write_requant(w, n["requant"], version)
        elif n["op"] == "square":
            _write_requant(w, n["requant"], version)
        elif n["op"] != "flatten":
            raise ValueError(f"node {n['name']}: the exporter does not write op '{n['op']}'")
    return b"".join(w.parts)


def write(m, path):
    with open(path, "wb") as f:
        f.write(to_bytes(m))


class _Reader:
    def __init__(self, data, path):
        self.data, self.pos, self.path = data, 0, path

    def take(self, n, what):
        if self.pos + n > len(self.data):
            raise ValueError(f"{self.path}: truncated at byte {self.pos} reading {what}")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def unpack(self, fmt, what):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def string(self, what):
        return self.take(self.unpack("<H", what), what).decode("utf-8")

    def array(self, dtype, what):
        n = self.unpack("<i", what)
        size = np.dtype(dtype).itemsize
        if n < 0 or n * size > len(self.data) - self.pos:
            raise ValueError(f"{self.path}: {what} count {n} does not fit at byte {self.pos}")
        return np.frombuffer(self.take(n * size, what), dtype=dtype).copy()


def _read_requant(r, version):
    q = {"multiplier": r.unpack("<q", "multiplier"), "shift": r.unpack("<B", "shift"),
         "bits": r.unpack("<B", "bits"), "relu": r.unpack("<B", "relu") != 0}
    if version == VERSION_BIAS_SHIFT and r.unpack("<B", "requant flags") != 0:
        raise ValueError(f"{r.path}: per-channel or clamped requantizations are not read by this reader")
    return q


def _read_bias(r, version):
    bias = r.array("<i8", "bias")
    shift = r.unpack("<B", "bias shift") if version == VERSION_BIAS_SHIFT else 0
    if shift == 0:
        return bias
    return np.array([int(v) << shift for v in bias], dtype=object)


def read(path):
    with open(path, "rb") as f:
        r = _Reader(f.read(), path)
    version = r.unpack("<B", "version") if r.take(6, "magic") == MAGIC else None
    if version not in (VERSION, VERSION_BIAS_SHIFT):
        raise ValueError(f"{path}: not a version-{VERSION} or version-{VERSION_BIAS_SHIFT} hequant model")
    m = {"name": r.string("name"),
         "input_shape": tuple(r.unpack("<i", "input shape") for _ in range(3)),
         "input_bits": r.unpack("<B", "input bits"), "input_signed": r.unpack("<B", "input signed") != 0,
         "input_scale": r.unpack("<f", "input scale"), "input_zero_point": r.unpack("<i", "zero point"),
         "input_mean": r.array("<f4", "mean"), "input_std": r.array("<f4", "std"), "nodes": []}
    codes = {v: k for k, v in OPS.items()}
    for _ in range(r.unpack("<i", "node count")):
        n = {"name": r.string("node name")}
        n["inputs"] = [r.string("input") for _ in range(r.unpack("<B", "input count"))]
        n["op"] = codes.get(r.unpack("<B", "op"), "unknown")
        if n["op"] == "conv":
            for key in ("in", "out", "kernel_h", "kernel_w", "stride", "pad_top", "pad_bottom", "pad_left",
                        "pad_right", "groups"):
                n[key] = r.unpack("<i", key)
        elif n["op"] == "linear":
            n["in"], n["out"] = r.unpack("<i", "in"), r.unpack("<i", "out")
        if n["op"] in ("conv", "linear"):
            n["weight_bits"] = r.unpack("<B", "weight bits")
            n["weights"] = r.array("<i4", "weights").astype(np.int64)
            n["bias"] = _read_bias(r, version)
            n["requant"] = _read_requant(r, version)
        elif n["op"] == "pool":
            n["kind"] = POOL_KINDS[r.unpack("<B", "pool kind")]
            n["size"], n["stride"] = r.unpack("<i", "size"), r.unpack("<i", "stride")
            n["requant"] = _read_requant(r, version) if r.unpack("<B", "has requant") else None
        elif n["op"] == "square":
            n["requant"] = _read_requant(r, version)
        elif n["op"] != "flatten":
            raise ValueError(f"{path}: node {n['name']}: op '{n['op']}' not supported by this reader")
        m["nodes"].append(n)
    if r.pos != len(r.data):
        raise ValueError(f"{path}: {len(r.data) - r.pos} trailing bytes")
    return m
