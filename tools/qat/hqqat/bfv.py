"""Networks for BFV inference: square activations and no requantization between layers.

BFV computes exactly modulo the plaintext modulus t and cannot rescale, so the integer network never
divides: a conv/linear layer with input scale s and weight step s_w produces integers at scale s * s_w
(its bias is quantized there), a square maps scale s to s^2, and the logits come out at the product of all
scales. Argmax is invariant under that positive final scale, so the integer network classifies exactly
as the fake-quantized float network. The price is width: the integers grow through the network, and the
plaintext modulus must hold the widest one. Narrower weights (QAT) make every step smaller.

Quantization choices:
- Input: 2-bit unsigned by default, q = round(x * 3) for a pixel x in [0, 1], exactly as the Java
  `InputQuantization.unitRange(bits, 1)` and `InputQuantizer` compute it (see `quantize_pixels`).
- Weights: signed b-bit per tensor with an LSQ learned step, not a power of two (nothing requantizes, so
  the step may be any real). LSQ rather than max-abs scaling because at 2-3 bits a max-abs step
  (max|w| / (2^(b-1) - 1)) sends most weights to zero, while LSQ learns the clipping/resolution trade.
  All three layers use the same width (the width knob of Legiest et al.; no 8-bit first/last layer).
- Biases: rounded at the layer's accumulated scale, in training as in the export.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import hqm, intsim
from .lsq import LsqQuantizer, round_half_up, round_ste
from .nets import ARCHITECTURES, folded_parameters

# The widest tensor the model format (ValueRange) and a Java long engine can declare.
MAX_BITS = 62
# The BFV architectures and their input shapes: the MNIST HCNN on Fashion-MNIST itself, the CIFAR HCNN on
# Fashion-MNIST made CIFAR-shaped (to_input_shape).
INPUT_SHAPES = {"hcnn-bfv": (1, 28, 28), "hcnn-cifar-bfv": (3, 32, 32)}


def input_scale(bits):
    """The file's input scale 1 / (2^bits - 1) as a float32, as InputQuantization.unitRange stores it."""
    return float(np.float32(1.0) / np.float32(2 ** bits - 1))


def pixel_table(bits):
    """q for every pixel byte v, as the Java client computes it: x = v / 255f (float32), then
    q = clamp(round_half_away(x / (double) scale)) to [0, 2^bits - 1] (datasets.InputQuantizer)."""
    x = (np.arange(256, dtype=np.float32) / np.float32(255)).astype(np.float64)
    v = x / np.float64(np.float32(input_scale(bits)))
    q = np.sign(v) * np.floor(np.abs(v) + 0.5)
    return np.clip(q, 0, 2 ** bits - 1).astype(np.int64)


def quantize_pixels(images, bits, shape=None):
    """uint8 images (N, H, W) to integer inputs (N, 1, H, W), or of the given shape (to_input_shape)."""
    q = pixel_table(bits)[images.astype(np.int64)][:, None]
    return q if shape is None else to_input_shape(q, shape)


def to_input_shape(q, shape):
    """(N, 1, 28, 28) inputs as the architecture's input: unchanged, or zero-padded to 32x32 and repeated
    over 3 channels for the CIFAR HCNN."""
    if tuple(q.shape[1:]) == tuple(shape):
        return q
    c, h, w = shape
    pad_h, pad_w = h - q.shape[2], w - q.shape[3]
    if q.shape[1] != 1 or pad_h < 0 or pad_w < 0:
        raise ValueError(f"cannot make inputs of shape {q.shape[1:]} into {shape}")
    q = np.pad(q, ((0, 0), (0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2)))
    return np.repeat(q, c, axis=1)


def network_input(images, bits, dtype=torch.float32, shape=None):
    """What the float and fake-quant networks see: the integer input times its scale."""
    q = torch.from_numpy(quantize_pixels(images, bits, shape))
    return q.to(dtype) * torch.tensor(input_scale(bits), dtype=dtype)


class BfvQatNet(nn.Module):
    """The fake-quantized BFV network built from a trained FloatNet (BN folded): LSQ weights, biases at the
    accumulated scale, exact squares, no activation quantizers. forward takes the quantized pixels at their
    scale (q / (2^bits - 1)), as the float network, and returns the logits at their true (tiny) scale."""

    def __init__(self, float_net, weight_bits, input_bits):
        super().__init__()
        if float_net.spec not in [ARCHITECTURES[name] for name in INPUT_SHAPES]:
            raise ValueError(f"BfvQatNet expects one of the BFV architectures {sorted(INPUT_SHAPES)}")
        self.spec = float_net.spec
        self.input_bits = input_bits
        self.weight_bits = weight_bits
        self.weights = nn.ParameterList()
        self.biases = nn.ParameterList()
        self.quantizers = nn.ModuleList()
        for w, b in folded_parameters(float_net):
            self.weights.append(nn.Parameter(w.clone()))
            self.biases.append(nn.Parameter(b.clone()))
            self.quantizers.append(LsqQuantizer(weight_bits, signed=True, pow2=False, weights=True))

    def forward(self, x):
        s = torch.tensor(input_scale(self.input_bits), dtype=x.dtype)
        k = 0
        for spec in self.spec:
            if spec[0] in ("conv", "linear"):
                wq = self.quantizers[k]
                w = wq(self.weights[k])
                s = (wq.effective_step() * s).detach()  # the accumulated scale of this layer's output
                b = round_ste(self.biases[k] / s) * s
                x = F.conv2d(x, w, b, stride=spec[4], padding=spec[5]) if spec[0] == "conv" else F.linear(x, w, b)
                k += 1
            elif spec[0] == "square":
                x, s = x * x, s * s
            elif spec[0] == "sumpool":
                x = F.avg_pool2d(x, spec[1]) * (spec[1] * spec[1])
            elif spec[0] == "flatten":
                x = x.flatten(1)
        return x

    @torch.no_grad()
    def integer_layers(self):
        """(integer weights, integer bias) per layer and the logits' scale, with exactly the arithmetic of
        forward (same expressions, same dtype): call it on a float64 copy, whose forward then gives the
        fake-quant logits that the integer network reproduces up to that scale."""
        if self.weights[0].dtype != torch.float64:
            raise ValueError("integer_layers needs the float64 copy of the network (net.double())")
        s = torch.tensor(input_scale(self.input_bits), dtype=torch.float64)
        out = []
        k = 0
        for spec in self.spec:
            if spec[0] in ("conv", "linear"):
                wq = self.quantizers[k]
                w = wq.integers(self.weights[k].detach())
                s = wq.effective_step().detach() * s
                # Python ints: a bias at the scale of a wide layer can exceed int64 (W8I8's reach 2^88).
                b = round_half_up(self.biases[k].detach() / s)
                out.append((w, np.array([int(v) for v in b.tolist()], dtype=object)))
                k += 1
            elif spec[0] == "square":
                s = s * s
        return out, float(s)


def export_model(net, name, input_shape=(1, 28, 28)):
    """The integer model (hqm dict) of a float64 BfvQatNet with identity requantizations (multiplier 1,
    shift 0, no clamp that can bite): each tensor's declared width is the signed width of its worst case,
    found by intsim.worst_case from the integer weights and the input range. Returns (model, bounds,
    too_wide): too_wide maps each node whose worst case needs more than MAX_BITS bits (the format's and a
    Java long's limit) to its width. Such a node declares MAX_BITS, as the zoo's BFV models do: the BFV
    planner computes its widths from the weights, and the Java engine stops with an overflow error where a
    value outgrows a long, so the file still serves plans and BFV runs."""
    layers, _ = net.integer_layers()
    layers = [(w, fit_biases(b)) for w, b in layers]
    nodes = []
    inp = "input"
    k = 0
    counters = {}
    for spec in net.spec:
        op = spec[0]
        counters[op] = counters.get(op, 0) + 1
        node_name = {"linear": "fc", "sumpool": "pool"}.get(op, op) + str(counters[op])
        if op in ("conv", "linear"):
            w, b = layers[k]
            node = {"name": node_name, "inputs": [inp], "op": op, "weight_bits": net.weight_bits,
                    "weights": w.numpy().ravel(), "bias": b, "requant": identity(MAX_BITS)}
            if op == "conv":
                node.update({"in": spec[1], "out": spec[2], "kernel_h": spec[3], "kernel_w": spec[3],
                             "stride": spec[4], "pad_top": spec[5], "pad_bottom": spec[5], "pad_left": spec[5],
                             "pad_right": spec[5], "groups": 1})
            else:
                node.update({"in": spec[1], "out": spec[2]})
            k += 1
        elif op == "square":
            node = {"name": node_name, "inputs": [inp], "op": "square", "requant": identity(MAX_BITS)}
        elif op == "sumpool":
            node = {"name": node_name, "inputs": [inp], "op": "pool", "kind": "sum", "size": spec[1],
                    "stride": spec[1], "requant": None}
        else:
            node = {"name": "flatten", "inputs": [inp], "op": "flatten"}
        nodes.append(node)
        inp = node["name"]
    model = {"name": name, "input_shape": input_shape, "input_bits": net.input_bits, "input_signed": False,
             "input_scale": input_scale(net.input_bits), "input_zero_point": 0, "input_mean": [0.0] * input_shape[0],
             "input_std": [1.0] * input_shape[0], "nodes": nodes}
    # The placeholder widths are ignored (unbounded): the analysis sees the true worst cases.
    bounds = intsim.worst_case(model, unbounded=True)
    too_wide = {n: intsim.signed_bits(v) for n, v in bounds.items() if intsim.signed_bits(v) > MAX_BITS}
    for node in nodes:
        if node.get("requant"):
            node["requant"] = identity(min(MAX_BITS, intsim.signed_bits(bounds[node["name"]])))
    return model, bounds, too_wide


def fit_biases(bias):
    """A layer's biases rounded (half up) to multiples of 2^shift, so that they are 64-bit mantissas and one shift,
    as the format stores a bias beyond int64. One bit more than hqm.bias_shift leaves room for a mantissa that
    rounds up. The change is below 2^-61 of the layer's largest bias (whose float source carries 53 bits), and
    the simulation and the file then hold the same integers."""
    shift = hqm.bias_shift(bias)
    if shift == 0:
        return bias
    shift += 1
    return np.array([((int(v) + (1 << (shift - 1))) >> shift) << shift for v in bias], dtype=object)


def identity(bits):
    """A requantization that changes nothing: y = acc, clamped to the signed bits-bit range."""
    return {"multiplier": 1, "shift": 0, "bits": bits, "relu": False}
