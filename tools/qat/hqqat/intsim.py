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


# ---- Exact simulation with Python integers (models without requantization, e.g. for BFV) ----------------
#
# A BFV model (bfv.py) never divides: its integers grow to 60-100 bits, beyond int64 and float64. The
# functions below follow the same integer semantics as `run` but keep every value exact: matrix products
# split the wide operand into limbs small enough for exact float64 products and recombine them as Python
# integers (numpy object arrays). They also bound every tensor from the weights alone (`worst_case`).


def signed_bits(bound):
    """Bits of a signed integer holding any value of magnitude up to bound (1 for 0), as Java's
    ValueRange.signedBits."""
    return int(bound).bit_length() + 1


def _declared(r):
    """The clamp interval of a requantization's output range."""
    if r["relu"]:
        return 0, 2 ** r["bits"] - 1
    return -(2 ** (r["bits"] - 1)), 2 ** (r["bits"] - 1) - 1


def _requantize_exact(acc, r, unbounded=False):
    """requantize on Python integers (object or int64 arrays); unbounded skips the clamp."""
    v = acc.astype(object) * int(r["multiplier"])
    if r["shift"] > 0:
        v = (v + (1 << (r["shift"] - 1))) >> r["shift"]
    if unbounded:
        return v
    lo, hi = _declared(r)
    return np.minimum(np.maximum(v, lo), hi)


def _limbs(a, width):
    """a (int64 or object array) as sum_i limb_i * 2^(width*i): all limbs in [0, 2^width) but the last,
    which keeps the sign and is below 2^width in magnitude (the arithmetic shift floors)."""
    a = a.astype(object)
    top = max(int(np.abs(a).max(initial=0)).bit_length(), 1)
    out = []
    for _ in range((top + width - 1) // width):
        out.append((a & ((1 << width) - 1)).astype(np.float64))
        a = a >> width
    out.append(a.astype(np.float64))  # 0 or -1 for all but the widest negative values
    return out


def exact_matmul(a, b, bias):
    """a @ b + bias exactly, a (rows, K) of any integers, b (K, cols) small int64 weights: an object
    array of Python ints. Each limb product is below 2^52, so float64 computes it exactly."""
    weight_bits = max(int(np.abs(b).sum(axis=0).max(initial=0)).bit_length(), 1)
    width = 52 - weight_bits
    if width < 8:
        raise ValueError(f"weights too wide for the limb product: column sum |w| has {weight_bits} bits")
    bf = b.astype(np.float64)
    total = None
    for i, limb in enumerate(_limbs(a, width)):
        part = np.rint(limb @ bf).astype(np.int64).astype(object) * (1 << (width * i))
        total = part if total is None else total + part
    return total + np.array([int(v) for v in np.ravel(bias)], dtype=object)  # Python ints, any width


def _conv_exact(x, n, unbounded):
    if n["groups"] != 1:
        raise ValueError(f"node {n['name']}: grouped convolution not supported by the simulator")
    kh, kw, s = n["kernel_h"], n["kernel_w"], n["stride"]
    xp = np.pad(x, ((0, 0), (0, 0), (n["pad_top"], n["pad_bottom"]), (n["pad_left"], n["pad_right"])),
                constant_values=0)
    ho = (xp.shape[2] - kh) // s + 1
    wo = (xp.shape[3] - kw) // s + 1
    cols = np.stack([xp[:, :, i:i + s * (ho - 1) + 1:s, j:j + s * (wo - 1) + 1:s]
                     for i in range(kh) for j in range(kw)], axis=2)
    cols = cols.reshape(x.shape[0], -1, ho * wo).transpose(0, 2, 1).reshape(-1, n["in"] * kh * kw)
    acc = exact_matmul(cols, n["weights"].reshape(n["out"], -1).T, n["bias"])
    acc = acc.reshape(x.shape[0], ho, wo, n["out"]).transpose(0, 3, 1, 2)
    return _requantize_exact(acc, n["requant"], unbounded)


def run_exact(m, x, observed=None, unbounded=False):
    """Logits (N, classes, object array of Python ints) of integer inputs x (N, C, H, W), with the same
    semantics as run but no overflow. observed (a dict), if given, gets max |value| per node merged in.
    unbounded skips the output clamps (for a model whose declared widths exceed the format's)."""
    values = {"input": np.asarray(x, dtype=np.int64).astype(object)}
    out = None
    for n in m["nodes"]:
        v = values[n["inputs"][0]]
        if n["op"] == "conv":
            out = _conv_exact(v, n, unbounded)
        elif n["op"] == "linear":
            out = _requantize_exact(exact_matmul(v.reshape(v.shape[0], -1), n["weights"].reshape(n["out"], -1).T,
                                                 n["bias"]), n["requant"], unbounded)
        elif n["op"] == "flatten":
            out = v.reshape(v.shape[0], -1)
        elif n["op"] == "square":
            out = _requantize_exact(v * v, n["requant"], unbounded)
        elif n["op"] == "pool" and n["kind"] == "max":
            out = _max_pool(v, n)
        elif n["op"] == "pool" and n["kind"] == "sum":
            out = _sum_pool(v, n)
        else:
            raise ValueError(f"node {n['name']}: op '{n['op']}' not simulated exactly")
        values[n["name"]] = out
        if observed is not None:
            observed[n["name"]] = max(observed.get(n["name"], 0), int(np.abs(out).max(initial=0)))
    return out.reshape(out.shape[0], -1)


def _sum_pool(x, n):
    """Sum over each size x size window at the given stride (the output size floors, as the Java engine)."""
    k, s = n["size"], n["stride"]
    ho = (x.shape[2] - k) // s + 1
    wo = (x.shape[3] - k) // s + 1
    out = None
    for i in range(k):
        for j in range(k):
            part = x[:, :, i:i + s * (ho - 1) + 1:s, j:j + s * (wo - 1) + 1:s]
            out = part if out is None else out + part
    return out


def argmax_exact(logits):
    """Argmax per row of Python-int logits, ties to the lower index (IntegerEngine.argmax)."""
    return np.array([max(range(len(row)), key=lambda i: (row[i], -i)) for row in logits], dtype=np.int64)


def classify_exact(m, x, observed=None, unbounded=False, batch=500):
    return np.concatenate([argmax_exact(run_exact(m, x[i:i + batch], observed, unbounded))
                           for i in range(0, len(x), batch)])


def worst_case(m, unbounded=False):
    """Max |value| per node over every input in the model's input range, from the integer weights: each
    channel carries an interval [lo, hi] (Python ints); a conv/linear output is bias + sum over its taps of
    min/max(w * lo, w * hi), a square maps [lo, hi] to [lo^2, hi^2], [hi^2, lo^2] or [0, max(lo^2, hi^2)].
    Outputs are clamped to their declared range unless unbounded."""
    bits = m["input_bits"]
    lo0, hi0 = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if m["input_signed"] else (0, 2 ** bits - 1)
    c, h, w = m["input_shape"]
    # Per tensor: a list of (lo, hi) per channel and the spatial size (h, w) of each channel.
    intervals = {"input": ([(lo0, hi0)] * c, (h, w))}
    bounds = {}
    for n in m["nodes"]:
        ins, (h, w) = intervals[n["inputs"][0]]
        if n["op"] in ("conv", "linear"):
            weights = n["weights"].reshape(n["out"], -1)
            if n["op"] == "conv":
                # Weights are [out][in][kh][kw]: tap i reads channel i // (kh * kw).
                taps = n["kernel_h"] * n["kernel_w"]
                size = ((h + n["pad_top"] + n["pad_bottom"] - n["kernel_h"]) // n["stride"] + 1,
                        (w + n["pad_left"] + n["pad_right"] - n["kernel_w"]) // n["stride"] + 1)
                if n["pad_top"] or n["pad_bottom"] or n["pad_left"] or n["pad_right"]:
                    ins = [(min(a, 0), max(b, 0)) for a, b in ins]  # padding reads zeros
            else:
                taps, size = h * w, (1, 1)  # CHW flattened: element i belongs to channel i // (h * w)
            out = []
            for o in range(n["out"]):
                lo = hi = int(n["bias"][o])
                for i, wv in enumerate(weights[o].tolist()):
                    a, b = ins[i // taps]
                    lo += min(wv * a, wv * b)
                    hi += max(wv * a, wv * b)
                out.append((lo, hi))
        elif n["op"] == "square":
            out = [((a * a, b * b) if a >= 0 else (b * b, a * a) if b <= 0 else (0, max(a * a, b * b)))
                   for a, b in ins]
            size = (h, w)
        elif n["op"] == "flatten":
            out, size = [iv for iv in ins for _ in range(h * w)], (1, 1)
        elif n["op"] == "pool" and n["kind"] == "max":
            out, size = ins, ((h - n["size"]) // n["stride"] + 1, (w - n["size"]) // n["stride"] + 1)
        elif n["op"] == "pool" and n["kind"] == "sum":
            window = n["size"] * n["size"]
            out = [(a * window, b * window) for a, b in ins]
            size = ((h - n["size"]) // n["stride"] + 1, (w - n["size"]) // n["stride"] + 1)
        else:
            raise ValueError(f"node {n['name']}: op '{n['op']}' has no worst-case rule")
        if n.get("requant") and not unbounded:
            lo_r, hi_r = _declared(n["requant"])
            out = [(min(max(a, lo_r), hi_r), min(max(b, lo_r), hi_r)) for a, b in out]
        intervals[n["name"]] = (out, size)
        bounds[n["name"]] = max(max(abs(a), abs(b)) for a, b in out)
    return bounds
