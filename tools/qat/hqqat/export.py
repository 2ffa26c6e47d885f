"""Export of a trained QatNet to the integer IR (a dict written by hqm.write).

Every tensor has a power-of-two step 2^e. A conv/linear with input step 2^e_in and weight step 2^e_w
accumulates at 2^(e_w + e_in); its integer bias is round(b / 2^(e_w + e_in)); requantizing to the
output step 2^e_out divides by 2^(e_out - e_w - e_in): a shift (or, if negative, a power-of-two
multiplier with shift 0). A square maps x at 2^e_in to x^2 at 2^(2 e_in), then shifts the same way.
"""
import torch

from .lsq import round_half_up
from .nets import INPUT_EXPONENT, INPUT_SHAPE, LOGIT_BITS, QuantLayer

INPUT_BITS = 8


def power_of_two_requant(shift, bits, relu):
    """Requantization dividing by 2^shift; a left shift becomes the multiplier 2^-shift."""
    if shift >= 0:
        if shift > 62:
            raise ValueError(f"requantization shift {shift} exceeds the format's 62")
        return {"multiplier": 1, "shift": shift, "bits": bits, "relu": relu}
    if -shift > 30:
        raise ValueError(f"requantization multiplier 2^{-shift} exceeds the format's 2^31")
    return {"multiplier": 2 ** -shift, "shift": 0, "bits": bits, "relu": relu}


def logit_shift(max_abs_in, weights, bias):
    """The smallest shift that keeps every possible logit inside the signed LOGIT_BITS range (no clamping
    can change the argmax): bound = max|x| * max row sum |w| + max|b|, as the Java IR's inference."""
    bound = max_abs_in * int(weights.abs().sum(dim=1).max()) + int(bias.abs().max())
    shift = 0
    while (bound + ((1 << shift) >> 1)) >> shift > 2 ** (LOGIT_BITS - 1) - 1:
        shift += 1
    return shift


def _weighted_node(stage, name, inp, e_in, max_abs_in):
    """The node of a conv/linear stage and its output (exponent, max |value|)."""
    s = stage.s
    e_w = stage.wq.exponent()
    w = stage.wq.integers(stage.weight.detach())
    b = round_half_up(stage.bias.detach() / torch.tensor(2.0 ** (e_w + e_in))).to(torch.int64)
    if stage.oq is None:
        shift = logit_shift(max_abs_in, w.view(w.shape[0], -1), b)
        requant, e_out, out_abs = power_of_two_requant(shift, LOGIT_BITS, False), None, 2 ** (LOGIT_BITS - 1)
    else:
        q = stage.oq
        e_out = q.exponent()
        requant = power_of_two_requant(e_out - e_w - e_in, q.bits, not q.signed)
        out_abs = max(-q.qn, q.qp)
    node = {"name": name, "inputs": [inp], "op": s[0], "weight_bits": stage.wq.bits,
            "weights": w.numpy().ravel(), "bias": b.numpy(), "requant": requant}
    if s[0] == "conv":
        node.update({"in": s[1], "out": s[2], "kernel_h": s[3], "kernel_w": s[3], "stride": s[4],
                     "pad_top": s[5], "pad_bottom": s[5], "pad_left": s[5], "pad_right": s[5], "groups": 1})
    else:
        node.update({"in": s[1], "out": s[2]})
    return node, e_out, out_abs


def export_model(net, name):
    """The integer model of a QatNet (trained with power-of-two steps) as an hqm dict."""
    nodes = []
    counters = {}
    inp, e, max_abs = "input", INPUT_EXPONENT, 2 ** INPUT_BITS - 1

    def fresh(op):
        counters[op] = counters.get(op, 0) + 1
        return f"{op}{counters[op]}"

    for spec, stage in zip(net.spec, net.stages):
        op = spec[0]
        if op in ("conv", "linear"):
            assert isinstance(stage, QuantLayer)
            node, e, max_abs = _weighted_node(stage, fresh("fc" if op == "linear" else op), inp, e, max_abs)
        elif op == "square":
            q = stage.oq
            node = {"name": fresh("square"), "inputs": [inp], "op": "square",
                    "requant": power_of_two_requant(q.exponent() - 2 * e, q.bits, True)}
            e, max_abs = q.exponent(), q.qp
        elif op == "maxpool":
            node = {"name": fresh("pool"), "inputs": [inp], "op": "pool", "kind": "max", "size": spec[1],
                    "stride": spec[1], "requant": None}
        elif op == "flatten":
            node = {"name": "flatten", "inputs": [inp], "op": "flatten"}
        else:
            continue  # relu: fused into the preceding requantization's clamp to [0, 2^b - 1]
        nodes.append(node)
        inp = node["name"]
    return {"name": name, "input_shape": INPUT_SHAPE, "input_bits": INPUT_BITS, "input_signed": False,
            "input_scale": 1.0 / 255.0, "input_zero_point": 0, "input_mean": [0.0], "input_std": [1.0],
            "nodes": nodes}
