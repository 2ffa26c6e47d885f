"""A numpy simulator of the integer semantics of an .hqm model, bit-exact with the Java IntegerEngine.

Products and sums are computed with float64 matrix products for speed; they are exact because every
accumulator is checked to stay below 2^53 in magnitude (a worst-case bound, as the Java IR infers).
"""
import numpy as np

EXACT_FLOAT = 2 ** 53


def requantize(acc, r):
    """clamp(floor((acc * m + 2^(shift-1)) / 2^shift)): numpy's >> on int64 is an arithmetic shift."""
    v = acc.astype(np.int64) * np.int64(r["multiplier"])
    if r["shift"] > 0:
        v = (v + (np.int64(1) << np.int64(r["shift"] - 1))) >> np.int64(r["shift"])
    lo, hi = (0, 2 ** r["bits"] - 1) if r["relu"] else (-(2 ** (r["bits"] - 1)), 2 ** (r["bits"] - 1) - 1)
    return np.clip(v, lo, hi)


def quantize_input(pixels, m):
    """Pixels x in [0, 1] (N, C, H, W) to the model's integer input: round half away from zero."""
    mean = np.asarray(m["input_mean"], dtype=np.float64).reshape(1, -1, 1, 1)
    std = np.asarray(m["input_std"], dtype=np.float64).reshape(1, -1, 1, 1)
    v = (pixels - mean) / std / np.float64(np.float32(m["input_scale"]))
    q = np.sign(v) * np.floor(np.abs(v) + 0.5) + m["input_zero_point"]
    bits = m["input_bits"]
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if m["input_signed"] else (0, 2 ** bits - 1)
    return np.clip(q, lo, hi).astype(np.int64)


def _exact_matmul(a, b, bias, name):
    bound = np.abs(a).max(initial=0) * np.abs(b).sum(axis=0).max(initial=0) + np.abs(bias).max(initial=0)
    if bound >= EXACT_FLOAT:
        raise ValueError(f"node {name}: accumulator bound {bound} too large for the exact float64 path")
    return np.rint(a.astype(np.float64) @ b.astype(np.float64)).astype(np.int64) + bias


def _conv(x, n):
    if n["groups"] != 1:
        raise ValueError(f"node {n['name']}: grouped convolution not supported by the simulator")
    kh, kw, s = n["kernel_h"], n["kernel_w"], n["stride"]
    xp = np.pad(x, ((0, 0), (0, 0), (n["pad_top"], n["pad_bottom"]), (n["pad_left"], n["pad_right"])))
    ho = (xp.shape[2] - kh) // s + 1
    wo = (xp.shape[3] - kw) // s + 1
    # im2col with columns ordered [in channel][kh][kw], matching the weight layout [out][in][kh][kw].
    cols = np.stack([xp[:, :, i:i + s * (ho - 1) + 1:s, j:j + s * (wo - 1) + 1:s]
                     for i in range(kh) for j in range(kw)], axis=2)  # N, C, kh*kw, ho, wo
    cols = cols.reshape(x.shape[0], -1, ho * wo).transpose(0, 2, 1).reshape(-1, n["in"] * kh * kw)
    w = n["weights"].reshape(n["out"], -1)
    acc = _exact_matmul(cols, w.T, n["bias"], n["name"])  # N*ho*wo, out
    acc = acc.reshape(x.shape[0], ho, wo, n["out"]).transpose(0, 3, 1, 2)
    return requantize(acc, n["requant"])


def _max_pool(x, n):
    if n["kind"] != "max":
        raise ValueError(f"node {n['name']}: only max pooling is simulated")
    size, s = n["size"], n["stride"]
    ho = (x.shape[2] - size) // s + 1  # floor mode: a partial window at the edge is dropped
    wo = (x.shape[3] - size) // s + 1
    out = None
    for i in range(size):
        for j in range(size):
            v = x[:, :, i:i + s * (ho - 1) + 1:s, j:j + s * (wo - 1) + 1:s]
            out = v if out is None else np.maximum(out, v)
    return out


def run(m, x):
    """Logits (N, classes) of integer inputs x (N, C, H, W)."""
    values = {"input": np.asarray(x, dtype=np.int64)}
    out = None
    for n in m["nodes"]:
        v = values[n["inputs"][0]]
        if n["op"] == "conv":
            out = _conv(v, n)
        elif n["op"] == "linear":
            out = requantize(_exact_matmul(v.reshape(v.shape[0], -1), n["weights"].reshape(n["out"], -1).T,
                                           n["bias"], n["name"]), n["requant"])
        elif n["op"] == "pool":
            out = _max_pool(v, n)
        elif n["op"] == "flatten":
            out = v.reshape(v.shape[0], -1)
        elif n["op"] == "square":
            out = requantize(v * v, n["requant"])
        else:
            raise ValueError(f"node {n['name']}: op '{n['op']}' not simulated")
        values[n["name"]] = out
    return out.reshape(out.shape[0], -1)


def classify(m, x, batch=500):
    """Predicted classes (argmax, ties to the lower index like the Java engine), in batches."""
    return np.concatenate([np.argmax(run(m, x[i:i + batch]), axis=1) for i in range(0, len(x), batch)])
